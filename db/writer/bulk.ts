// Rows known to be new (fresh ids), in bulk: the demo school and imports (insertNew). Each
// row's creation entry is built without reading the row, and rows go in by multi-row
// INSERTs. A statement that big runs once: it is prepared for that run and finalized, not
// kept with the statements a keystroke repeats all day (db/connection.ts), where it would
// hold its memory.
import type { RawConnection, SqlValue } from '../connection';
import type { FieldValue, JournalTable } from '../schema';
import { changeSetOf, checkFields, entryOf, normalize, type BuiltEntries, type ChangeSet, type EntryClock } from './entries';
import { ROW_CREATED, WriteError, type Actor, type LogEntry, type WriteOptions } from './types';

/** Rows per multi-row INSERT. */
const CHUNK_ROWS = 500;

/**
 * The rows' values in `columns` order ('id' first) and their creation entries. Every row
 * must carry the fields of the first.
 */
export function newRows(clock: EntryClock, actor: Actor, table: JournalTable, rows: readonly Record<string, FieldValue | boolean>[], opts: WriteOptions,
  set: ChangeSet = changeSetOf(clock, actor, opts)): BuiltEntries & { columns: string[]; values: FieldValue[][] } {
  const fields = Object.keys(rows[0] ?? {}).filter((f) => f !== 'id');
  checkFields(table, fields);
  const entries: LogEntry[] = [];
  const values = rows.map((r) => {
    if (typeof r.id !== 'string') throw new WriteError('BAD_VALUE', `${table}: a new row needs an id`);
    const row: Record<string, FieldValue> = {};
    for (const f of fields) {
      if (!(f in r)) throw new WriteError('BAD_VALUE', `${table}.${f}: missing in a bulk row`);
      row[f] = normalize(table, f, r[f]);
    }
    entries.push(entryOf(set, table, r.id, ROW_CREATED, undefined, row, null));
    return [r.id, ...fields.map((f) => row[f] as FieldValue)];
  });
  return { changeSetId: set.id, entries, created: rows.length, columns: ['id', ...fields], values };
}

/** Inserts the rows (checked names: newRows) in chunks. */
export async function insertRows(conn: RawConnection, table: JournalTable, columns: readonly string[], values: readonly FieldValue[][]): Promise<void> {
  const row = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < values.length; i += CHUNK_ROWS) {
    const chunk = values.slice(i, i + CHUNK_ROWS);
    await runOnce(conn, `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`, chunk.flat());
  }
}

/** Runs a statement prepared for this one run; resolves with the rowid of the last inserted row. */
export function runOnce(conn: RawConnection, sql: string, params: readonly SqlValue[]): Promise<{ lastID: number }> {
  return new Promise((resolve, reject) => conn.run(sql, params, function (this: { lastID: number }, err: Error | null) {
    if (err) reject(err);
    else resolve({ lastID: this.lastID });
  }));
}
