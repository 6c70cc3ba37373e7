// A computer's id on the share must belong to one database. Two databases with the same
// id — a cloned disk image, or an old copy of this computer's database put back — show
// up as segments in our own folder that this database did not write. Then this database
// takes a new id (sequence numbers are never reused), treats its old folder as another
// computer's (its segments are applied like anyone's: for a restored copy they are its
// own lost changes), and republishes its unpublished changes under the new id.
import { randomBytes } from 'node:crypto';
import type { JournalDb } from '../journal-db';
import { getLocal, setLocal } from '../local-state';
import { addFormerNodeId, lastPublished, savePeer } from './state';

export async function takeNewIdentity(db: JournalDb, at: string): Promise<{ from: string; to: string }> {
  const from = db.writer.nodeId;
  const to = randomBytes(8).toString('hex');
  const last = await lastPublished(db.knex, from);
  const [{ seq }] = (await db.knex('change_log').max('seq as seq')) as [{ seq: number | null }];
  await db.knex.transaction(async (trx) => {
    // Changes logged under the old id up to now are ours; later ones under it come from the twin.
    await setLocal(trx, 'sync.former_cap', String(seq ?? 0));
    await setLocal(trx, 'node_id', to);
  });
  await addFormerNodeId(db.knex, from);
  await savePeer(db.knex, {
    node_id: from, applied_seq: last?.seq ?? 0, last_hash: last?.hash ?? null, last_hlc: null, computer_name: '',
    first_seen_at: at, last_contact_at: null, last_applied_at: null,
  });
  await db.writer.renameNode(to);
  return { from, to };
}

export async function formerCap(db: JournalDb): Promise<number> {
  return Number((await getLocal(db.knex, 'sync.former_cap')) ?? 0);
}
