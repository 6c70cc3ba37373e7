// Signing change sets (db/signing.ts): from sign-in to sign-out a user's key is here, and
// each change set of theirs continues their hash chain on this computer; its last entry
// carries the chain hash and the signature. The chain heads kept here are those committed;
// a write's new head takes effect when its transaction commits (pending.ts).
import type { KeyObject } from 'node:crypto';
import { queryAll, type RawConnection } from '../connection';
import { CHAIN_START, chainNext, keyIdOf, signChain, spkiOf } from '../signing';
import type { Actor, LogEntry } from './types';

/** A user's chain head after a change set of theirs. */
export interface ChainHead {
  readonly userId: string;
  readonly chain: string;
}

const CHAIN_HEAD_SQL = 'SELECT chain_hash FROM change_log WHERE node_id = ? AND user_id = ? AND chain_hash IS NOT NULL ORDER BY hlc DESC LIMIT 1';

export class Signer {
  /** Signed-in users' private keys and their key ids (service/auth). */
  private readonly keys = new Map<string, { key: KeyObject; keyId: string }>();
  /** Each user's chain head on this computer; read from the log when unknown. */
  private readonly heads = new Map<string, string>();

  /** Signatures name their key (db/signing.ts keyIdOf). */
  setKey(userId: string, key: KeyObject | null): void {
    if (key) this.keys.set(userId, { key, keyId: keyIdOf(spkiOf(key)) });
    else this.keys.delete(userId);
  }

  keyOf(userId: string): KeyObject | undefined {
    return this.keys.get(userId)?.key;
  }

  /**
   * Signs a change set when its author's key is loaded: the last entry gets the chain hash
   * and signature. The new chain head, or null (not signed). On `node`'s chain, its head read
   * from the log on `conn` when not known here.
   */
  async sign(conn: RawConnection, node: string, actor: Actor, entries: LogEntry[]): Promise<ChainHead | null> {
    const userId = actor.userId;
    const signer = userId ? this.keys.get(userId) : undefined;
    if (!signer || !userId || entries.length === 0) return null;
    const prev = this.heads.get(userId) ?? (await readChainHead(conn, node, userId)) ?? CHAIN_START;
    const chain = chainNext(prev, entries);
    const last = entries[entries.length - 1]!;
    last.chain_hash = chain;
    last.signature = signChain(signer.key, chain, signer.keyId);
    return { userId, chain };
  }

  /** A change set signed with this head committed. */
  advance(head: ChainHead): void {
    this.heads.set(head.userId, head.chain);
  }

  /** Another process may have signed for the same users, or the node changed: read the heads again. */
  forgetHeads(): void {
    this.heads.clear();
  }
}

async function readChainHead(conn: RawConnection, node: string, userId: string): Promise<string | null> {
  const [row] = await queryAll<{ chain_hash: string }>(conn, CHAIN_HEAD_SQL, [node, userId]);
  return row?.chain_hash ?? null;
}
