// This computer's own state in its database: its node id and the last clock value.
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

export async function loadLastHlc(knex: Knex): Promise<Hlc | null> {
  const s = await getLocal(knex, 'hlc_last');
  return s ? parseHlc(s) : null;
}
