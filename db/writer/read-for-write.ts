// Reading a row for a write: the row as it stands and the clocks of its fields, which make
// the version vector of what the author had seen (db/sync/seen.ts: an entry's base_hlc).
// The writer reads it inside its transaction (readForWrite); a keystroke reads it with its
// own checks, in one query before the write (READ_FOR_WRITE, readRow: WriteOptions.readAt).
import { queryAll, type RawConnection } from '../connection';
import { builtOnce } from '../../shared/once';
import { JOURNAL_FIELDS, type FieldValue, type JournalTable } from '../schema';
import { ROW_CREATED, type RowRead } from './types';

/**
 * The clocks of each field of a row of `table` (and of its creation, '*') that has entries,
 * as a JSON object of space-separated clocks; params: table, id. Per field, its newest clock
 * and the clocks of every other computer's entries: all that the newest clock of each
 * computer needs (baseOf, entries.ts), and little to carry and parse however long the
 * field's history (a cell typed over all day). A computer is the last part of a clock
 * (nodeOfHlc, db/sync/seen.ts), so an entry whose clock ends with '-' and the newest one's
 * computer is that computer's. Per field, an index seek for the newest and one index range
 * for the others (change_log_row, without leaving the index); the newest clocks are
 * materialized, so that each is computed once and not again for every entry compared.
 */
const clocksSql = builtOnce((table: JournalTable) => {
  const fields = [ROW_CREATED, ...JOURNAL_FIELDS[table]].map((f) => `('${f}')`).join(', ');
  return `(WITH newest AS MATERIALIZED (SELECT t, id, field, hlc, tail, -length(tail) AS back
      FROM (SELECT *, '-' || replace(hlc, rtrim(hlc, replace(hlc, '-', '')), '') AS tail
        FROM (SELECT k.t, k.id, f.column1 AS field,
          (SELECT max(c.hlc) FROM change_log c WHERE c.table_name = k.t AND c.row_id = k.id AND c.field = f.column1) AS hlc
          FROM (SELECT ? AS t, ? AS id) k, (VALUES ${fields}) f)
        WHERE hlc IS NOT NULL))
    SELECT json_group_object(n.field, n.hlc || coalesce(' ' || (SELECT group_concat(c.hlc, ' ') FROM change_log c
      WHERE c.table_name = n.t AND c.row_id = n.id AND c.field = n.field AND substr(c.hlc, n.back) <> n.tail), ''))
    FROM newest n)`;
});

/**
 * SQL expressions for a read the write may take as current (WriteOptions.readAt), to put
 * into the caller's own query: `row(table)` (params: id) is the row as JSON or NULL,
 * `clocks(table)` (params: table, id) its fields' clocks as JSON, `logEnd` (no params) the seq
 * the next appended entry follows (AUTOINCREMENT: past the largest seq and sqlite_sequence).
 * readRow() turns the first two into a RowRead.
 */
export const READ_FOR_WRITE = {
  row: builtOnce((table: JournalTable) =>
    `(SELECT json_object(${['id', ...JOURNAL_FIELDS[table]].map((f) => `'${f}', "${f}"`).join(', ')}) FROM "${table}" WHERE "id" = ?)`),
  clocks: clocksSql,
  logEnd: `max(coalesce((SELECT max(seq) FROM change_log), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0))`,
};

export function readRow(rowJson: unknown, clocksJson: unknown): RowRead {
  return {
    row: typeof rowJson === 'string' ? (JSON.parse(rowJson) as Record<string, FieldValue>) : null,
    clocks: typeof clocksJson === 'string' ? (JSON.parse(clocksJson) as Record<string, string>) : {},
  };
}

const CLOCKS = '__clocks';
/** The row of `table` with its clocks as one more column; params: table, id, id. */
const rowWithClocksSql = builtOnce((table: JournalTable) => `SELECT t.*, ${clocksSql(table)} AS "${CLOCKS}" FROM "${table}" t WHERE t."id" = ? LIMIT 1`);

/** The row with its fields' clocks, read in the writer's transaction. */
export async function readForWrite(conn: RawConnection, table: JournalTable, id: string): Promise<RowRead> {
  const [row] = await queryAll<Record<string, FieldValue>>(conn, rowWithClocksSql(table), [table, id, id]);
  return { row: row ?? null, clocks: row ? (JSON.parse(String(row[CLOCKS] ?? '{}')) as Record<string, string>) : {} };
}
