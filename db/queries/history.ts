// Reading the change history (change_log): a cell's story, and the log a deputy filters
// by class, author or date (R-TIME-3, R-ROLE-4).
import type { Knex } from 'knex';
import { ROW_CREATED } from '../journal-writer';

export interface HistoryEntry {
  hlc: string;
  at: string;
  author: string | null;
  computer: string;
  table: string;
  rowId: string;
  /** A field name, or null for the creation of the row (`values` then holds all fields). */
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  reason: string;
}

interface LogRow {
  hlc: string; recorded_at: string; node_id: string; table_name: string; row_id: string; field: string;
  old_value: string | null; new_value: string; reason: string; last_name: string | null; first_name: string | null; middle_name: string | null;
}

function toEntry(r: LogRow): HistoryEntry {
  return {
    hlc: r.hlc,
    at: r.recorded_at,
    author: r.last_name ? `${r.last_name} ${(r.first_name ?? '').slice(0, 1)}. ${(r.middle_name ?? '').slice(0, 1)}.` : null,
    computer: r.node_id,
    table: r.table_name,
    rowId: r.row_id,
    field: r.field === ROW_CREATED ? null : r.field,
    oldValue: r.old_value === null ? null : JSON.parse(r.old_value),
    newValue: JSON.parse(r.new_value),
    reason: r.reason,
  };
}

function base(knex: Knex) {
  return knex('change_log as c')
    .leftJoin('staff as s', 's.id', 'c.user_id')
    .select('c.hlc', 'c.recorded_at', 'c.node_id', 'c.table_name', 'c.row_id', 'c.field', 'c.old_value', 'c.new_value', 'c.reason', 's.last_name', 's.first_name', 's.middle_name');
}

export async function rowsHistory(knex: Knex, rowIds: string[]): Promise<HistoryEntry[]> {
  const rows: LogRow[] = await base(knex).whereIn('c.row_id', rowIds).orderBy('c.hlc');
  return rows.map(toEntry);
}

export interface LogFilter {
  classId?: string;
  authorId?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Entries older than this clock value (paging). */
  before?: string;
}

export async function filteredLog(knex: Knex, f: LogFilter): Promise<HistoryEntry[]> {
  const q = base(knex).orderBy('c.hlc', 'desc').limit(f.limit);
  if (f.authorId) q.where('c.user_id', f.authorId);
  if (f.from) q.where('c.recorded_at', '>=', `${f.from}T00:00:00`);
  if (f.to) q.where('c.recorded_at', '<=', `${f.to}T23:59:59.999Z`);
  if (f.before) q.where('c.hlc', '<', f.before);
  if (f.classId) {
    const cls = f.classId;
    q.where((w) => w
      .where((x) => x.where('c.table_name', 'lesson').whereExists(
        knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').whereRaw('l.id = c.row_id').where('a.class_id', cls)))
      .orWhere((x) => x.where('c.table_name', 'mark').whereExists(
        knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id').whereRaw('m.id = c.row_id').where('a.class_id', cls)))
      .orWhere((x) => x.where('c.table_name', 'attendance').whereExists(
        knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id').whereRaw('t.id = c.row_id').where('a.class_id', cls)))
      .orWhere((x) => x.where('c.table_name', 'period_mark').whereExists(
        knex('period_mark as p').whereRaw('p.id = c.row_id').where('p.class_id', cls))));
  }
  return (await q as LogRow[]).map(toEntry);
}
