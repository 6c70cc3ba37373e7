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
 * Statements of one bulk write handed to SQLite ahead of the one running: the next
 * chunk's values are built and bound here while SQLite inserts the one before (on its
 * thread), instead of after it; a few, so the values waiting stay a few chunks' worth.
 */
const AHEAD = 3;

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
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  await runInOrder(conn, Math.ceil(values.length / CHUNK_ROWS), (k) => {
    const chunk = values.slice(k * CHUNK_ROWS, (k + 1) * CHUNK_ROWS);
    return { sql: head + chunk.map(() => row).join(', '), params: chunk.flat() };
  });
}

/**
 * Runs `count` statements, each prepared for its one run, strictly in order on `conn` (the
 * driver's serialized mode: one starts when the one before has finished), building the
 * next ones while SQLite runs the one before; the rowid of the last row each inserted.
 * Settles only when every statement handed over has finished, so that a caller's
 * ROLLBACK after a failure comes after all of them.
 */
export async function runInOrder(conn: RawConnection, count: number, statement: (k: number) => { sql: string; params: readonly SqlValue[] }): Promise<number[]> {
  const runs: Promise<{ lastID: number }>[] = [];
  for (let k = 0; k < count; k++) {
    if (k >= AHEAD && (await runs[k - AHEAD]!.then(() => false, () => true))) break; // one failed: hand over no more
    const { sql, params } = statement(k);
    conn.serialize(() => {
      const run = runOnce(conn, sql, params);
      run.catch(() => undefined); // seen below, once all have settled
      runs.push(run);
    });
  }
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<{ lastID: number }>).value.lastID);
}

/** Runs a statement prepared for this one run; resolves with the rowid of the last inserted row. */
export function runOnce(conn: RawConnection, sql: string, params: readonly SqlValue[]): Promise<{ lastID: number }> {
  return new Promise((resolve, reject) => conn.run(sql, params, function (this: { lastID: number }, err: Error | null) {
    if (err) reject(err);
    else resolve({ lastID: this.lastID });
  }));
}
