// This computer's sync bookkeeping in its local tables (migration 005): peers, what it
// published, quarantine, conflicts. Never synced.
import type { Knex } from 'knex';
import { getLocal, setLocal } from '../local-state';

export interface PeerState {
  node_id: string;
  applied_seq: number;
  last_hash: string | null;
  last_hlc: string | null;
  computer_name: string;
  first_seen_at: string;
  last_contact_at: string | null;
  last_applied_at: string | null;
  /** When this computer last found the next segment absent (db/sync/late.ts). */
  next_absent_at?: string | null;
}

export async function peers(knex: Knex): Promise<PeerState[]> {
  return knex('sync_peer').select('*').orderBy('node_id');
}

export async function savePeer(knex: Knex, p: PeerState): Promise<void> {
  await knex('sync_peer').insert(p).onConflict('node_id').merge();
}

export interface Published {
  node_id: string;
  seq: number;
  file: string;
  hash: string;
  first_log_seq: number;
  last_log_seq: number;
  entries: number;
  published_at: string;
}

export async function lastPublished(knex: Knex, node: string): Promise<Published | null> {
  return ((await knex('sync_published').where({ node_id: node }).orderBy('seq', 'desc').first()) as Published | undefined) ?? null;
}

/** The change_log seq up to which this computer's own changes are published (any node id). */
export async function publishedThrough(knex: Knex): Promise<number> {
  return Number((await getLocal(knex, 'sync.published_through')) ?? 0);
}

export async function recordPublished(knex: Knex, p: Published): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('sync_published').insert(p).onConflict(['node_id', 'seq']).ignore();
    await setLocal(trx, 'sync.published_through', String(p.last_log_seq));
  });
}

export type QuarantineCode =
  | 'EMPTY' | 'TRUNCATED' | 'CORRUPT' | 'WRONG_NODE' | 'WRONG_SEQ' | 'BROKEN_CHAIN'
  | 'BAD_SIGNATURE' | 'UNSIGNED' | 'FORBIDDEN' | 'CLOCK_AHEAD' | 'MISSING_SEGMENT' | 'UNREADABLE' | 'HLC_COLLISION' | 'WAITING'
  | 'UNKNOWN_KEY' | 'UNVOUCHED_KEY' | 'BACKDATED' | 'CONSTRAINT' | 'UNKNOWN_FIELD';

/** Records (or refreshes) a quarantined file or change; returns whether it is new. */
export async function quarantine(knex: Knex, item: { node: string; file: string; code: QuarantineCode; message: string }, at: string): Promise<boolean> {
  const existing = await knex('sync_quarantine').where({ node_id: item.node, file: item.file, code: item.code }).first('id', 'status');
  if (existing) {
    await knex('sync_quarantine').where({ id: existing.id }).update({ last_seen_at: at, message: item.message });
    return false;
  }
  await knex('sync_quarantine').insert({ node_id: item.node, file: item.file, code: item.code, message: item.message, detected_at: at, last_seen_at: at });
  return true;
}

/** A problem that went away (the file became readable, the clock caught up, the gap filled). */
export async function clearQuarantine(knex: Knex, node: string, file: string, codes: readonly QuarantineCode[]): Promise<void> {
  await knex('sync_quarantine').where({ node_id: node, file, status: 'open' }).whereIn('code', codes).update({ status: 'cleared' });
}

export async function isReleased(knex: Knex, node: string, file: string, code: QuarantineCode): Promise<boolean> {
  const row = await knex('sync_quarantine').where({ node_id: node, file, code, status: 'released' }).first('id');
  return Boolean(row);
}

export async function formerNodeIds(knex: Knex): Promise<string[]> {
  const v = await getLocal(knex, 'sync.former_node_ids');
  return v ? (JSON.parse(v) as string[]) : [];
}

export async function addFormerNodeId(knex: Knex, node: string): Promise<void> {
  const list = await formerNodeIds(knex);
  if (!list.includes(node)) list.push(node);
  await setLocal(knex, 'sync.former_node_ids', JSON.stringify(list));
}

export async function setSyncNote(knex: Knex, key: 'last_success' | 'last_attempt' | 'last_error' | 'clock_skew_ms' | 'share', value: string): Promise<void> {
  await setLocal(knex, `sync.${key}`, value);
}

export async function getSyncNote(knex: Knex, key: 'last_success' | 'last_attempt' | 'last_error' | 'clock_skew_ms' | 'share'): Promise<string | null> {
  return getLocal(knex, `sync.${key}`);
}
