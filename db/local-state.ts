// This computer's own state in its database: its node id, its name, and where its
// clock stands.
// Never synced (LOCAL_TABLES in db/schema.ts).
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { parseHlc, type Hlc } from '../shared/hlc';

export async function getLocal(knex: Knex | Knex.Transaction, key: string): Promise<string | null> {
  const row: { value: string } | undefined = await knex('local_state').where({ key }).first('value');
  return row ? row.value : null;
}

export async function setLocal(knex: Knex | Knex.Transaction, key: string, value: string): Promise<void> {
  await knex('local_state').insert({ key, value }).onConflict('key').merge();
}

/** The node id of this database, created on first use: 16 hex digits. */
export async function ensureNodeId(knex: Knex): Promise<string> {
  const existing = await getLocal(knex, 'node_id');
  if (existing) return existing;
  const id = randomBytes(8).toString('hex');
  await setLocal(knex, 'node_id', id);
  await setLocal(knex, 'computer_name', os.hostname());
  return id;
}

/**
 * The latest clock value this database has seen: the greatest in the append-only change
 * log (the fixed-width format sorts as the clock does), so it is never stored twice.
 */
export async function loadLastHlc(knex: Knex): Promise<Hlc | null> {
  const row = (await knex('change_log').max('hlc as hlc').first()) as { hlc: string | null } | undefined;
  return row?.hlc ? parseHlc(row.hlc) : null;
}
