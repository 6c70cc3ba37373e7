// Checking who made the changes of a segment: every change set of a user must continue
// that user's hash chain on its computer (db/signing.ts), and the newest link of each
// user's run in the segment must carry a valid Ed25519 signature by one of the user's
// keys. Change sets that fail are returned apart, to be quarantined. A chain may fork
// (a restored or cloned database of the author's computer went on from an older link):
// a set that continues any link already verified here is accepted (continuesEarlierLink).
import type { KeyObject } from 'node:crypto';
import type { LogEntry } from '../journal-writer';
import { execute, queryAll, type RawConnection } from '../connection';
import { CHAIN_START, chainNext, publicKeyOf, verifyChain } from '../signing';

export type ChangeSet = readonly LogEntry[];

export interface Refused {
  readonly set: ChangeSet;
  readonly code: 'UNSIGNED' | 'BROKEN_CHAIN' | 'BAD_SIGNATURE';
  readonly message: string;
}

/** Splits entries (in log order) into change sets; a change set's entries are contiguous. */
export function changeSets(entries: readonly LogEntry[]): LogEntry[][] {
  const out: LogEntry[][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last[0]!.change_set_id === e.change_set_id) last.push(e);
    else out.push([e]);
  }
  return out;
}

async function chainHead(conn: RawConnection, node: string, user: string, before: string): Promise<string> {
  const [verified] = await queryAll<{ chain_hash: string }>(conn, 'SELECT chain_hash FROM sync_chain WHERE node_id = ? AND user_id = ?', [node, user]);
  if (verified) return verified.chain_hash;
  const [row] = await queryAll<{ chain_hash: string }>(conn,
    'SELECT chain_hash FROM change_log WHERE node_id = ? AND user_id = ? AND chain_hash IS NOT NULL AND hlc < ? ORDER BY hlc DESC LIMIT 1', [node, user, before]);
  return row?.chain_hash ?? CHAIN_START;
}

/** Every public key the user has had (the roster's history), and keys first set in `sets`. */
async function keysOf(conn: RawConnection, user: string, sets: readonly ChangeSet[]): Promise<KeyObject[]> {
  const rows = await queryAll<{ field: string; new_value: string }>(conn,
    `SELECT field, new_value FROM change_log WHERE table_name = 'staff' AND row_id = ? AND field IN ('public_key', '*')`, [user]);
  const known: string[] = [];
  for (const r of rows) {
    const v: unknown = JSON.parse(r.new_value);
    const key = r.field === 'public_key' ? v : (v as Record<string, unknown>).public_key;
    if (typeof key === 'string') known.push(key);
  }
  // A key the user introduces with their own changes is trusted on first use: it arrives
  // with the user's signed changes from the computer where they signed in (a user whose
  // password changed on two computers before they synced has two keys; both verify).
  {
    for (const set of sets) {
      for (const e of set) {
        if (e.table_name === 'staff' && e.row_id === user && e.field === 'public_key') {
          const v: unknown = JSON.parse(e.new_value);
          if (typeof v === 'string') known.push(v);
        }
      }
    }
  }
  return known.map(publicKeyOf).filter((k): k is KeyObject => k !== null);
}

/**
 * A fork of an author's chain: the set continues a link other than the newest one
 * verified here. That happens without forgery when the author's computer went on from
 * an older state — a restored old copy of its database, or a cloned disk, both continue
 * the chain from the last link the copy had — and when a computer that took a new id
 * publishes again changes already applied here. The set is accepted when it continues a
 * link already in this journal for the same author and computer (or the chain's start);
 * the signature checked below still commits to it. Only on a mismatch, so rarely.
 */
async function continuesEarlierLink(conn: RawConnection, node: string, user: string, set: ChangeSet, chainHash: string): Promise<boolean> {
  if (chainNext(CHAIN_START, set) === chainHash) return true;
  const links = await queryAll<{ chain_hash: string }>(conn,
    'SELECT DISTINCT chain_hash FROM change_log WHERE node_id = ? AND user_id = ? AND chain_hash IS NOT NULL', [node, user]);
  return links.some((l) => chainNext(l.chain_hash, set) === chainHash);
}

export async function verifySets(conn: RawConnection, sets: readonly ChangeSet[]): Promise<{ ok: ChangeSet[]; refused: Refused[] }> {
  const refused: Refused[] = [];
  const byUser = new Map<string, ChangeSet[]>();
  for (const set of sets) {
    const user = set[0]!.user_id;
    if (user === null) continue; // system changes: the authority decides (authority.ts)
    const list = byUser.get(user) ?? [];
    list.push(set);
    byUser.set(user, list);
  }
  const bad = new Set<ChangeSet>();
  for (const [user, list] of byUser) {
    const node = list[0]![0]!.node_id;
    let chain = await chainHead(conn, node, user, list[0]![0]!.hlc);
    let lastSigned: { chain: string; signature: string; upTo: number } | null = null;
    for (let i = 0; i < list.length; i++) {
      const set = list[i]!;
      const last = set[set.length - 1]!;
      if (!last.chain_hash || !last.signature || set.some((e) => e.node_id !== node)) {
        refused.push({ set, code: 'UNSIGNED', message: 'изменение не подписано автором' });
        bad.add(set);
        continue;
      }
      let expected = chainNext(chain, set);
      if (expected !== last.chain_hash && (await continuesEarlierLink(conn, node, user, set, last.chain_hash))) expected = last.chain_hash;
      if (expected !== last.chain_hash) {
        // Everything after a broken link is unverifiable too.
        for (const s of list.slice(i)) {
          if (!bad.has(s)) refused.push({ set: s, code: 'BROKEN_CHAIN', message: 'цепочка подписей автора нарушена: изменение подделано или изменено' });
          bad.add(s);
        }
        break;
      }
      chain = expected;
      lastSigned = { chain, signature: last.signature, upTo: i };
    }
    if (!lastSigned) continue;
    const keys = await keysOf(conn, user, list);
    if (!keys.some((k) => verifyChain(k, lastSigned.chain, lastSigned.signature))) {
      for (const s of list.slice(0, lastSigned.upTo + 1)) {
        if (!bad.has(s)) refused.push({ set: s, code: 'BAD_SIGNATURE', message: 'подпись не принадлежит автору изменения' });
        bad.add(s);
      }
      continue;
    }
    // The chain continues from here, whether or not the sets pass the rights check.
    await execute(conn, `INSERT INTO sync_chain (node_id, user_id, chain_hash) VALUES (?, ?, ?)
      ON CONFLICT (node_id, user_id) DO UPDATE SET chain_hash = excluded.chain_hash`, [node, user, lastSigned.chain]);
  }
  return { ok: sets.filter((s) => !bad.has(s)), refused };
}
