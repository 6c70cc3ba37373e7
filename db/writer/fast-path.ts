// The keystroke's write: rows the caller read with its checks (WriteOptions.readAt), written
// as one script — BEGIN IMMEDIATE, the row statements, the entries at the seqs right after
// readAt.logEnd, COMMIT — in one call to SQLite instead of one per statement (each call is a
// trip through sqlite3's thread pool). Nothing is read in the transaction, so the values go
// into the script as SQL literals. When anything was logged since the read, the append
// clashes on seq (isClash) and the writer writes the usual way, reading the rows itself.
// The rule book's guard is not called here (guard.ts says why).
import { execute, type RawConnection, type SqlValue } from '../connection';
import { appendAfter } from './change-log';
import type { WriterClock } from './clock';
import { changeRows } from './entries';
import type { PendingCommit } from './pending';
import type { WriteQueue } from './queue';
import type { Signer } from './signer';
import { rowKey, type Actor, type ReadAt, type RowChange, type WriteOptions, type WriteResult } from './types';

/** The parts of the writer a write uses (db/journal-writer.ts). */
export interface WriteParts {
  readonly clock: WriterClock;
  readonly signer: Signer;
  readonly queue: WriteQueue;
  readonly pending: PendingCommit;
}

/**
 * Writes `changes` of rows read at `readAt` in one script. Null when this way does not fit
 * (a row not read, or read twice; a value with no exact literal; nothing changed as read —
 * only a read in the transaction can say so): then the usual way. Throws a clash when
 * something was logged since the read.
 */
export async function writeInOneScript(conn: RawConnection, w: WriteParts, actor: Actor, changes: readonly RowChange[], opts: WriteOptions, readAt: ReadAt): Promise<WriteResult | null> {
  // Every row read, each once (a later change of the same row would have to see the earlier one).
  const keys = changes.map((c) => rowKey(c.table, c.id));
  if (new Set(keys).size !== keys.length || !keys.every((k) => readAt.rows.has(k))) return null;
  const script: (string | undefined)[] = ['BEGIN IMMEDIATE'];
  const { changeSetId, entries, created } = await changeRows(w.clock, actor, changes, opts,
    (change) => Promise.resolve(readAt.rows.get(rowKey(change.table, change.id))!),
    (sql, params) => Promise.resolve(void script.push(inline(sql, params))));
  if (entries.length === 0) return null;
  const last = w.clock.stamp(entries);
  // Signed before the entries go into the script: the last one carries chain hash and signature.
  // Outside a transaction the chain head is read as it stands: had it moved since, the log has too.
  const head = await w.signer.sign(conn, w.clock.nodeId, actor, entries);
  const append = appendAfter(readAt.logEnd, entries);
  script.push(inline(append.sql, append.params), 'COMMIT');
  if (script.some((s) => s === undefined)) return null;
  try {
    await execScript(conn, script.join(';\n'));
  } catch (err) {
    // After some errors SQLite has already rolled back, or never began.
    await execute(conn, 'ROLLBACK').catch(() => undefined);
    throw err;
  }
  w.queue.appendedFrom(readAt.logEnd + 1);
  w.pending.wrote(last, readAt.logEnd + entries.length, head);
  return { changeSetId, changed: entries.length, created };
}

/** A clash of keys: what the append after a stale ReadAt meets (SQLITE_CONSTRAINT). */
export function isClash(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT';
}

/**
 * A value as an SQL literal for a script: text quoted, a 32-bit integer as digits (as
 * sqlite3 binds it), NULL; undefined for anything a literal would not carry exactly (text
 * with NUL, which ends the script; other numbers).
 */
function literal(v: SqlValue): string | undefined {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return v.includes('\0') ? undefined : `'${v.replaceAll("'", "''")}'`;
  return (v | 0) === v && !Object.is(v, -0) ? String(v) : undefined;
}

/** `sql` with each `?` replaced by its parameter's literal (our statements: no `?` in names). */
function inline(sql: string, params: readonly SqlValue[]): string | undefined {
  const parts = sql.split('?');
  if (parts.length !== params.length + 1) return undefined;
  let out = parts[0]!;
  for (let i = 0; i < params.length; i++) {
    const lit = literal(params[i]!);
    if (lit === undefined) return undefined;
    out += lit + parts[i + 1]!;
  }
  return out;
}

function execScript(conn: RawConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err: Error | null) => (err ? reject(err) : resolve())));
}
