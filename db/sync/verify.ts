// Checking who made the changes of a segment. Every change set of a user must continue
// that user's hash chain on its computer (db/signing.ts); the newest link of each run of
// sets signed with one key must carry a valid Ed25519 signature by that key; the key must
// be one this computer trusts for the user (trust.ts), or be vouched for by an activation
// proof in the set itself; and the clocks along one author's chain only grow.
//
// Outcomes per set:
// - ok: applied after the rights check (authority.ts);
// - waiting: signed with a key not known here yet — its voucher may still be on its way
//   from another computer's folder (the share lists folders in any order). Kept with the
//   reason, tried again every cycle (pull.ts), applied once the key is trusted; the same
//   author's later sets from that computer wait behind it;
// - refused: no signature, a broken chain, a wrong signature by a known key, a key no
//   voucher supplies (then everything it signs is refused too), or a clock set back.
// A chain may fork (a restored or cloned database of the author's computer went on from
// an older link): a set that continues any link already verified here is accepted
// (continuesEarlierLink).
import type { KeyObject } from 'node:crypto';
import type { LogEntry } from '../journal-writer';
import { ROW_CREATED } from '../journal-writer';
import { execute, queryAll, type RawConnection } from '../connection';
import { CHAIN_START, chainNext, keyIdOf, parseSignature, publicKeyOf, verifyChain } from '../signing';
import { checkKeyProof, trustedKeysOf } from './trust';

export type ChangeSet = readonly LogEntry[];

export type RefusalCode = 'UNSIGNED' | 'BROKEN_CHAIN' | 'BAD_SIGNATURE' | 'UNVOUCHED_KEY' | 'BACKDATED';

export interface Refused {
  readonly set: ChangeSet;
  readonly code: RefusalCode;
  readonly message: string;
}

export interface Waiting {
  readonly set: ChangeSet;
  readonly code: 'UNKNOWN_KEY';
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

interface ChainHead {
  chain: string;
  /** The clock of the newest verified set on this chain (null: none, or verified before clocks were kept). */
  lastHlc: string | null;
}

async function chainHead(conn: RawConnection, node: string, user: string, before: string): Promise<ChainHead> {
  const [verified] = await queryAll<{ chain_hash: string; last_hlc: string | null }>(conn, 'SELECT chain_hash, last_hlc FROM sync_chain WHERE node_id = ? AND user_id = ?', [node, user]);
  if (verified) return { chain: verified.chain_hash, lastHlc: verified.last_hlc };
  const [row] = await queryAll<{ chain_hash: string; hlc: string }>(conn,
    'SELECT chain_hash, hlc FROM change_log WHERE node_id = ? AND user_id = ? AND chain_hash IS NOT NULL AND hlc < ? ORDER BY hlc DESC LIMIT 1', [node, user, before]);
  return { chain: row?.chain_hash ?? CHAIN_START, lastHlc: row?.hlc ?? null };
}

/**
 * A fork of an author's chain (see the head of this file). Only on a mismatch, so rarely.
 * Returns the clock of the link the set continues ('' for the chain's start), or null.
 */
async function continuesEarlierLink(conn: RawConnection, node: string, user: string, set: ChangeSet, chainHash: string): Promise<string | null> {
  if (chainNext(CHAIN_START, set) === chainHash) return '';
  const links = await queryAll<{ chain_hash: string; hlc: string }>(conn,
    'SELECT chain_hash, max(hlc) AS hlc FROM change_log WHERE node_id = ? AND user_id = ? AND chain_hash IS NOT NULL GROUP BY chain_hash', [node, user]);
  return links.find((l) => chainNext(l.chain_hash, set) === chainHash)?.hlc ?? null;
}

/** A key the set gives its own author, with the activation proof that comes with it. */
function introducedKey(set: ChangeSet, user: string): { publicKey: string; proof: string | null } | null {
  let publicKey: string | null = null;
  let proof: string | null = null;
  for (const e of set) {
    if (e.table_name !== 'staff' || e.row_id !== user) continue;
    const v: unknown = JSON.parse(e.new_value);
    const fields = e.field === ROW_CREATED ? (v as Record<string, unknown>) : { [e.field]: v };
    if (typeof fields.public_key === 'string') publicKey = fields.public_key;
    if (typeof fields.key_proof === 'string') proof = fields.key_proof;
  }
  return publicKey ? { publicKey, proof } : null;
}

async function isRefusedKey(conn: RawConnection, user: string, keyId: string): Promise<boolean> {
  const rows = await queryAll<{ key_id: string }>(conn, `SELECT key_id FROM sync_key_state WHERE user_id = ? AND key_id = ? AND status = 'refused'`, [user, keyId]);
  return rows.length > 0;
}

async function refuseKey(conn: RawConnection, user: string, keyId: string, reason: string): Promise<void> {
  await execute(conn, `INSERT INTO sync_key_state (user_id, key_id, status, reason, detected_at) VALUES (?, ?, 'refused', ?, ?) ON CONFLICT (user_id, key_id) DO NOTHING`,
    [user, keyId, reason, new Date().toISOString()]);
}

/** Whether this computer already holds the set (a republished one): not a clock set back. */
async function alreadyHeld(conn: RawConnection, set: ChangeSet): Promise<boolean> {
  const rows = await queryAll<{ hlc: string }>(conn, 'SELECT hlc FROM change_log WHERE hlc = ?', [set[set.length - 1]!.hlc]);
  return rows.length > 0;
}

/** Whether sets of this author from this computer already wait here (later ones wait behind them). */
export async function hasWaiting(conn: RawConnection, node: string, user: string): Promise<boolean> {
  const rows = await queryAll<{ id: number }>(conn, `SELECT id FROM sync_quarantine WHERE node_id = ? AND user_id = ? AND code = 'UNKNOWN_KEY' AND status = 'open' LIMIT 1`, [node, user]);
  return rows.length > 0;
}

const MESSAGES: Record<RefusalCode | 'UNKNOWN_KEY' | 'BEHIND', string> = {
  UNSIGNED: 'изменение не подписано автором',
  BROKEN_CHAIN: 'цепочка подписей автора нарушена: изменение подделано или изменено',
  BAD_SIGNATURE: 'подпись не принадлежит автору изменения',
  UNVOUCHED_KEY: 'ключ подписи никем не заверен: ни прежним ключом сотрудника, ни кодом активации, ни администратором',
  BACKDATED: 'время изменения раньше предыдущего изменения того же автора: изменение задним числом',
  UNKNOWN_KEY: 'ключ подписи автора ещё не получен на этом компьютере; изменение ждёт его и будет применено, когда он придёт',
  BEHIND: 'ждёт более раннее изменение того же автора с этого компьютера',
};

/**
 * Verifies the change sets of one segment (or the waiting sets being tried again, with
 * `retrying`): see the head of this file.
 */
export async function verifySets(conn: RawConnection, sets: readonly ChangeSet[], opts: { retrying?: boolean } = {}): Promise<{ ok: ChangeSet[]; refused: Refused[]; waiting: Waiting[] }> {
  const refused: Refused[] = [];
  const waiting: Waiting[] = [];
  const byUser = new Map<string, ChangeSet[]>();
  for (const set of sets) {
    const user = set[0]!.user_id;
    if (user === null) continue; // system changes: the authority decides (authority.ts)
    const key = `${set[0]!.node_id}\u0000${user}`;
    const list = byUser.get(key) ?? [];
    list.push(set);
    byUser.set(key, list);
  }
  const settled = new Set<ChangeSet>();
  const refuse = (set: ChangeSet, code: RefusalCode, message = MESSAGES[code]) => {
    if (settled.has(set)) return;
    refused.push({ set, code, message });
    settled.add(set);
  };
  const wait = (set: ChangeSet, message: string) => {
    if (settled.has(set)) return;
    waiting.push({ set, code: 'UNKNOWN_KEY', message });
    settled.add(set);
  };

  for (const list of byUser.values()) {
    const user = list[0]![0]!.user_id!;
    const node = list[0]![0]!.node_id;
    if (!opts.retrying && (await hasWaiting(conn, node, user))) {
      for (const s of list) wait(s, MESSAGES.BEHIND);
      continue;
    }
    const trusted = await trustedKeysOf(conn, user);
    const head = await chainHead(conn, node, user, list[0]![0]!.hlc);
    let chain = head.chain;
    let lastHlc = head.lastHlc;
    let verifiedChain: string | null = null;
    /** Sets that fork the chain from an older link, with that link's clock. */
    const forkBase = new Map<ChangeSet, string | null>();
    /** Keys introduced with an activation proof whose activation key has not arrived here yet. */
    const proofPending = new Set<string>();
    // Runs of consecutive sets signed with one key: the run's newest signature commits to all of it.
    let run: { keyId: string | null; sets: ChangeSet[]; chain: string; signature: string; proofKey: KeyObject | null } | null = null;

    const closeRun = async (): Promise<'ok' | 'stop'> => {
      if (!run) return 'ok';
      const r = run;
      run = null;
      const candidates: KeyObject[] = [];
      if (r.keyId) {
        const k = trusted.get(r.keyId)?.key ?? r.proofKey;
        if (k) candidates.push(k);
      } else {
        candidates.push(...[...trusted.values()].map((t) => t.key)); // signed before keys were named
      }
      if (candidates.length === 0) {
        if (r.keyId && (await isRefusedKey(conn, user, r.keyId))) {
          for (const s of r.sets) refuse(s, 'UNVOUCHED_KEY');
          return 'ok';
        }
        const introduced = r.sets.some((s) => { const k = introducedKey(s, user); return !!k && keyIdOf(k.publicKey) === r.keyId; });
        if (introduced && !(r.keyId && proofPending.has(r.keyId))) {
          // A key the author gave themself, with no proof: no voucher can ever supply it.
          await refuseKey(conn, user, r.keyId!, MESSAGES.UNVOUCHED_KEY);
          for (const s of r.sets) refuse(s, 'UNVOUCHED_KEY');
          return 'ok';
        }
        for (const s of r.sets) wait(s, MESSAGES.UNKNOWN_KEY);
        return 'stop';
      }
      if (!candidates.some((k) => verifyChain(k, r.chain, r.signature))) {
        for (const s of r.sets) refuse(s, 'BAD_SIGNATURE');
        return 'ok';
      }
      verifiedChain = r.chain;
      // Along one author's chain the clocks only grow (R-TIME-3: nothing back-dated).
      for (const s of r.sets) {
        const first = s[0]!.hlc;
        const base = forkBase.has(s) ? forkBase.get(s)! : lastHlc;
        if (base !== null && first <= base && !(await alreadyHeld(conn, s))) refuse(s, 'BACKDATED');
        else {
          const last = s[s.length - 1]!.hlc;
          if (lastHlc === null || last > lastHlc) lastHlc = last;
        }
      }
      return 'ok';
    };

    let stopped = false;
    for (let i = 0; i < list.length && !stopped; i++) {
      const set = list[i]!;
      const last = set[set.length - 1]!;
      if (!last.chain_hash || !last.signature || set.some((e) => e.node_id !== node || e.user_id !== user)) {
        if ((await closeRun()) === 'stop') {
          for (const s of list.slice(i)) wait(s, MESSAGES.BEHIND);
          stopped = true;
          break;
        }
        refuse(set, 'UNSIGNED');
        continue;
      }
      let expected = chainNext(chain, set);
      if (expected !== last.chain_hash) {
        const link = await continuesEarlierLink(conn, node, user, set, last.chain_hash);
        if (link !== null) {
          expected = last.chain_hash;
          // A fork goes on from an older link: its clocks grow from that link, not from the other branch.
          forkBase.set(set, link === '' ? null : link);
        }
      }
      if (expected !== last.chain_hash) {
        if ((await closeRun()) === 'stop') {
          for (const s of list.slice(i)) wait(s, MESSAGES.BEHIND);
          stopped = true;
          break;
        }
        for (const s of list.slice(i)) refuse(s, 'BROKEN_CHAIN'); // everything after a broken link is unverifiable too
        break;
      }
      chain = expected;
      const { keyId } = parseSignature(last.signature);
      let proofKey: KeyObject | null = null;
      const introduced = introducedKey(set, user);
      if (keyId && introduced?.proof && keyIdOf(introduced.publicKey) === keyId && !trusted.has(keyId)) {
        // An activation: the new key is vouched for by the code's key the administrator published.
        const proof = await checkKeyProof(conn, user, introduced.publicKey, introduced.proof);
        if (proof === 'ok') proofKey = publicKeyOf(introduced.publicKey);
        else if (proof === 'unknown') proofPending.add(keyId);
        else {
          if ((await closeRun()) === 'stop') {
            for (const s of list.slice(i)) wait(s, MESSAGES.BEHIND);
            stopped = true;
            break;
          }
          await refuseKey(conn, user, keyId, 'доказательство активации не подходит к ключу');
          refuse(set, 'UNVOUCHED_KEY', 'доказательство активации не подтверждает ключ подписи');
          continue;
        }
        // 'unknown': the administrator's activation key has not arrived here yet: the set waits (closeRun).
      }
      if (run && (run as { keyId: string | null }).keyId !== keyId) {
        if ((await closeRun()) === 'stop') {
          for (const s of list.slice(i)) wait(s, MESSAGES.BEHIND);
          stopped = true;
          break;
        }
      }
      if (!run) run = { keyId, sets: [], chain, signature: last.signature, proofKey };
      const current = run as { sets: ChangeSet[]; chain: string; signature: string; proofKey: KeyObject | null };
      current.sets.push(set);
      current.chain = chain;
      current.signature = last.signature;
      current.proofKey ??= proofKey;
      if (proofKey) trusted.set(keyId!, { keyId: keyId!, spki: introduced!.publicKey, key: proofKey });
    }
    if (!stopped) await closeRun();
    if (verifiedChain !== null) {
      // The chain continues from here, whether or not the sets pass the rights check.
      await execute(conn, `INSERT INTO sync_chain (node_id, user_id, chain_hash, last_hlc) VALUES (?, ?, ?, ?)
        ON CONFLICT (node_id, user_id) DO UPDATE SET chain_hash = excluded.chain_hash, last_hlc = excluded.last_hlc`, [node, user, verifiedChain, lastHlc]);
    }
  }
  return { ok: sets.filter((s) => !settled.has(s)), refused, waiting };
}
