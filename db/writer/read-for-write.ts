// Reading a row for a write: the row as it stands and the clocks of its fields, which make
// the version vector of what the author had seen (db/sync/seen.ts: an entry's base_hlc).
// The writer reads it inside its transaction (readForWrite); a keystroke reads it with its
// own checks, in one query before the write (READ_FOR_WRITE, readRow: WriteOptions.readAt).
import { queryAll, type RawConnection } from '../connection';
import { builtOnce } from '../../shared/once';
import { JOURNAL_FIELDS, type FieldValue, type JournalTable } from '../schema';
import { ROW_CREATED, rowKey, type RowChange, type RowRead } from './types';

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

/** Rows per bulk read (readManyForWrite). */
const READ_CHUNK = 500;

function allOnce<T>(conn: RawConnection, sql: string, params: readonly unknown[]): Promise<T[]> {
  // A statement of a size used once: not kept with the cached ones (db/connection.ts).
  return new Promise((resolve, reject) => conn.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
}

/** The rows of `table` with these ids (any number), as they stand. */
export async function readRows(conn: RawConnection, table: JournalTable, ids: readonly string[]): Promise<Record<string, FieldValue>[]> {
  const out: Record<string, FieldValue>[] = [];
  for (let i = 0; i < ids.length; i += READ_CHUNK) {
    const chunk = ids.slice(i, i + READ_CHUNK);
    out.push(...await allOnce<Record<string, FieldValue>>(conn, `SELECT * FROM "${table}" WHERE "id" IN (${chunk.map(() => '?').join(', ')})`, chunk));
  }
  return out;
}

/**
 * Many rows of `table` with their fields' clocks, read in the writer's transaction a few
 * hundred at a time (a batch's changes: closing the year, a timetable change), as
 * readForWrite reads one. A field's clocks here are all of its entries' clocks: the same
 * version vector (baseOf keeps each computer's newest), read off the change_log_row index
 * in one range a chunk. A row that does not exist reads as readForWrite reads it.
 */
export async function readManyForWrite(conn: RawConnection, table: JournalTable, ids: readonly string[]): Promise<Map<string, RowRead>> {
  const out = new Map<string, RowRead>();
  for (let i = 0; i < ids.length; i += READ_CHUNK) {
    const chunk = ids.slice(i, i + READ_CHUNK);
    const marks = chunk.map(() => '?').join(', ');
    const rows = await readRows(conn, table, chunk);
    const clocks = await allOnce<{ row_id: string; field: string; hlcs: string }>(conn,
      `SELECT row_id, field, group_concat(hlc, ' ') AS hlcs FROM change_log WHERE table_name = ? AND row_id IN (${marks}) GROUP BY row_id, field`, [table, ...chunk]);
    const byRow = new Map<string, Record<string, string>>();
    for (const c of clocks) {
      let m = byRow.get(c.row_id);
      if (!m) byRow.set(c.row_id, (m = {}));
      m[c.field] = c.hlcs;
    }
    for (const r of rows) out.set(r.id as string, { row: r, clocks: byRow.get(r.id as string) ?? {} });
  }
  for (const id of ids) if (!out.has(id)) out.set(id, { row: null, clocks: {} });
  return out;
}

/** From this many changes on, a batch's rows are read in bulk (readChangedOnce). */
const BULK_FROM = 16;

/**
 * The rows of a batch's changes read in bulk, by rowKey: those changed once in the batch
 * (a row changed again must be read after its earlier change, one by one). Empty for a
 * small batch, whose rows are read one by one with cached statements.
 */
export async function readChangedOnce(conn: RawConnection, changes: readonly RowChange[]): Promise<Map<string, RowRead>> {
  const out = new Map<string, RowRead>();
  if (changes.length < BULK_FROM) return out;
  const times = new Map<string, number>();
  for (const c of changes) times.set(rowKey(c.table, c.id), (times.get(rowKey(c.table, c.id)) ?? 0) + 1);
  const ids = new Map<JournalTable, string[]>();
  for (const c of changes) {
    if (times.get(rowKey(c.table, c.id)) !== 1) continue;
    let list = ids.get(c.table);
    if (!list) ids.set(c.table, (list = []));
    list.push(c.id);
  }
  for (const [table, list] of ids) for (const [id, read] of await readManyForWrite(conn, table, list)) out.set(rowKey(table, id), read);
  return out;
}
