// Conflicts as people see them: the field, the competing values with who, when and on
// which computer, and the value shown now. Resolving one writes the chosen value as a new
// change made after seeing all of them, which settles the conflict on every computer.
import type { JournalDb } from '../journal-db';
import { ROW_CREATED } from '../journal-writer';
import { isJournalTable, type FieldValue } from '../schema';

export interface ConflictValue {
  readonly hlc: string;
  readonly value: FieldValue;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly nodeId: string;
  readonly recordedAt: string;
}

export interface Conflict {
  readonly id: string;
  readonly table: string;
  readonly rowId: string;
  readonly field: string;
  readonly status: 'open' | 'resolved';
  readonly detectedAt: string;
  readonly current: FieldValue;
  readonly values: ConflictValue[];
}

export async function listConflicts(db: JournalDb, status: 'open' | 'resolved' | 'all' = 'open'): Promise<Conflict[]> {
  const q = db.knex('sync_conflict').orderBy('detected_at', 'desc').limit(500);
  if (status !== 'all') q.where({ status });
  const rows = await q.select('*') as { id: string; table_name: string; row_id: string; field: string; hlcs: string; status: 'open' | 'resolved'; detected_at: string }[];
  const out: Conflict[] = [];
  for (const r of rows) {
    const hlcs = JSON.parse(r.hlcs) as string[];
    const entries = await db.knex('change_log as c').leftJoin('staff as s', 's.id', 'c.user_id').whereIn('c.hlc', hlcs)
      .select('c.hlc', 'c.field', 'c.new_value', 'c.user_id', 'c.node_id', 'c.recorded_at', 's.last_name', 's.first_name') as
      { hlc: string; field: string; new_value: string; user_id: string | null; node_id: string; recorded_at: string; last_name: string | null; first_name: string | null }[];
    const current = isJournalTable(r.table_name)
      ? ((await db.knex(r.table_name).where({ id: r.row_id }).first(r.field)) as Record<string, FieldValue> | undefined)?.[r.field] ?? null
      : null;
    out.push({
      id: r.id, table: r.table_name, rowId: r.row_id, field: r.field, status: r.status, detectedAt: r.detected_at, current,
      values: entries.sort((a, b) => (a.hlc < b.hlc ? -1 : 1)).map((e) => {
        const v: unknown = JSON.parse(e.new_value);
        return {
          hlc: e.hlc,
          value: (e.field === ROW_CREATED ? (v as Record<string, FieldValue>)[r.field] : v) as FieldValue,
          userId: e.user_id, userName: e.last_name ? `${e.last_name} ${e.first_name ?? ''}`.trim() : null, nodeId: e.node_id, recordedAt: e.recorded_at,
        };
      }),
    });
  }
  return out;
}

/**
 * Open conflicts settled by a change made here after seeing every competing value (a
 * teacher re-entered the mark, or a person resolved it): marked resolved.
 */
export async function settleLocally(db: JournalDb, at: string): Promise<number> {
  const open = await db.knex('sync_conflict').where({ status: 'open' }).select('id', 'table_name', 'row_id', 'field', 'hlcs') as { id: string; table_name: string; row_id: string; field: string; hlcs: string }[];
  let settled = 0;
  for (const c of open) {
    const hlcs = JSON.parse(c.hlcs) as string[];
    const newest = hlcs[hlcs.length - 1]!;
    const later = await db.knex('change_log').where({ table_name: c.table_name, row_id: c.row_id, field: c.field }).where('base_hlc', '>=', newest).orderBy('hlc').first('hlc') as { hlc: string } | undefined;
    if (later) {
      await db.knex('sync_conflict').where({ id: c.id }).update({ status: 'resolved', resolved_at: at, resolved_hlc: later.hlc });
      settled++;
    }
  }
  return settled;
}
