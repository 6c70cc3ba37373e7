// Conflicts as people see them: the field, the competing values with who, when and on
// which computer, and the value shown now. Resolving one writes the chosen value as a new
// change made after seeing all of them, which settles the conflict on every computer.
import type { JournalDb } from '../journal-db';
import { ROW_CREATED } from '../journal-writer';
import { isJournalTable, type FieldValue } from '../schema';
import { sawFn } from './seen';
import { currentViolation, mergeRule } from './merge-rules';
import { withConnection } from '../connection';

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
  /** For a conflict of a rule that ties fields together (merge-rules.ts): what is wrong, and each value's way out. */
  readonly rule: { readonly message: string; readonly labels: Readonly<Record<string, string>> } | null;
}

/** The field that is a row's value, for a change of another table in a rule conflict. */
const MAIN_FIELD: Readonly<Record<string, string>> = { mark: 'value', attendance: 'code', period_mark: 'value' };

export async function listConflicts(db: JournalDb, status: 'open' | 'resolved' | 'all' = 'open'): Promise<Conflict[]> {
  const q = db.knex('sync_conflict').orderBy('detected_at', 'desc').limit(500);
  if (status !== 'all') q.where({ status });
  const rows = await q.select('*') as { id: string; table_name: string; row_id: string; field: string; hlcs: string; status: 'open' | 'resolved'; detected_at: string }[];
  const out: Conflict[] = [];
  for (const r of rows) {
    const hlcs = JSON.parse(r.hlcs) as string[];
    const entries = await db.knex('change_log as c').leftJoin('staff as s', 's.id', 'c.user_id').whereIn('c.hlc', hlcs)
      .select('c.hlc', 'c.table_name', 'c.field', 'c.new_value', 'c.user_id', 'c.node_id', 'c.recorded_at', 's.last_name', 's.first_name') as
      { hlc: string; table_name: string; field: string; new_value: string; user_id: string | null; node_id: string; recorded_at: string; last_name: string | null; first_name: string | null }[];
    const current = isJournalTable(r.table_name)
      ? ((await db.knex(r.table_name).where({ id: r.row_id }).first(r.field)) as Record<string, FieldValue> | undefined)?.[r.field] ?? null
      : null;
    let rule: Conflict['rule'] = null;
    if (mergeRule(r.id)) {
      const v = await withConnection(db.knex, (conn) => currentViolation(conn, r.id, r.table_name, r.row_id));
      rule = v ? { message: v.message, labels: Object.fromEntries(v.resolutions.map((x) => [x.hlc, x.label])) } : { message: 'правило больше не нарушено', labels: {} };
    }
    out.push({
      id: r.id, table: r.table_name, rowId: r.row_id, field: r.field, status: r.status, detectedAt: r.detected_at, current, rule,
      values: entries.sort((a, b) => (a.hlc < b.hlc ? -1 : 1)).map((e) => {
        const v: unknown = JSON.parse(e.new_value);
        return {
          hlc: e.hlc,
          // A rule conflict's changes may be of other tables: each shows its own main field.
          value: (e.field === ROW_CREATED ? (v as Record<string, FieldValue>)[e.table_name === r.table_name ? r.field : MAIN_FIELD[e.table_name] ?? r.field] : v) as FieldValue,
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
    if (mergeRule(c.id)) {
      // A rule conflict is settled when the journal no longer breaks the rule; while it does,
      // it names the newest changes involved — as the apply would, also after a change made
      // here — so every computer holding the same journal shows the same conflict.
      const still = await withConnection(db.knex, (conn) => currentViolation(conn, c.id, c.table_name, c.row_id));
      if (!still) {
        await db.knex('sync_conflict').where({ id: c.id }).update({ status: 'resolved', resolved_at: at });
        settled++;
      } else {
        const hlcs = JSON.stringify(still.resolutions.map((r) => r.hlc).sort());
        if (hlcs !== c.hlcs) await db.knex('sync_conflict').where({ id: c.id }).update({ hlcs });
      }
      continue;
    }
    const hlcs = JSON.parse(c.hlcs) as string[];
    const entries = await db.knex('change_log').where({ table_name: c.table_name, row_id: c.row_id, field: c.field }).whereNotNull('base_hlc').orderBy('hlc').select('hlc', 'base_hlc') as { hlc: string; base_hlc: string }[];
    // The first change made after seeing every competing value (seen.ts).
    const later = entries.find((e) => { const saw = sawFn(e.base_hlc); return hlcs.every((h) => saw(h)); });
    if (later) {
      await db.knex('sync_conflict').where({ id: c.id }).update({ status: 'resolved', resolved_at: at, resolved_hlc: later.hlc });
      settled++;
    }
  }
  return settled;
}
