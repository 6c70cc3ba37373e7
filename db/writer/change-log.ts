// Appending to change_log: the one place entries are written into it — by the writer's
// usual path, its one-script path (the statement's text, db/writer/fast-path.ts), its bulk
// rows (insertNew) and the sync applying other computers' entries (db/sync/apply.ts).
// change_log is append-only (triggers refuse UPDATE and DELETE); its seq is AUTOINCREMENT,
// so the entries appended in one transaction get consecutive seqs, after every seq the log
// ever had.
import { execute, queryAll, type RawConnection, type SqlValue } from '../connection';
import { builtOnce } from '../../shared/once';
import { runInOrder } from './bulk';
import { LOG_COLUMNS, type LogEntry } from './types';

/** Entries per multi-row INSERT (14 or 15 parameters each, under SQLite's limit). */
const LOG_CHUNK = 500;
/**
 * The INSERT of up to this many entries (a change set as people make them) stays prepared
 * for the next (db/connection.ts); bigger ones (bulk rows, a batch of other computers'
 * entries) are prepared for their one run each and run in order (bulk.ts: runInOrder).
 */
const KEPT_ENTRIES = 32;

function buildInsertSql(rows: number, seq: boolean): string {
  const columns = seq ? ['seq', ...LOG_COLUMNS] : LOG_COLUMNS;
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO change_log (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
}

/** The INSERT of one entry (a keystroke's), with or without its seq: built once. */
const oneEntrySql = builtOnce((seq: boolean) => buildInsertSql(1, seq));

/** One INSERT of `rows` entries; with `seq`, each entry's seq is given. */
function insertSql(rows: number, seq: boolean): string {
  return rows === 1 ? oneEntrySql(seq) : buildInsertSql(rows, seq);
}

/** The entries' values in LOG_COLUMNS order, each entry led by its seq when `firstSeq` is given. */
function paramsOf(entries: readonly LogEntry[], firstSeq?: number): SqlValue[] {
  const params: SqlValue[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (firstSeq !== undefined) params.push(firstSeq + i);
    for (const c of LOG_COLUMNS) params.push(e[c]);
  }
  return params;
}

/** The seqs the entries were given: consecutive, from `first` to `last`. */
export interface Appended {
  readonly first: number;
  readonly last: number;
}

/**
 * Appends the entries in multi-row INSERTs, in a transaction the caller holds; null when
 * there are none.
 */
export async function appendEntries(conn: RawConnection, entries: readonly LogEntry[]): Promise<Appended | null> {
  if (entries.length === 0) return null;
  if (entries.length <= KEPT_ENTRIES) {
    const { lastID } = await execute(conn, insertSql(entries.length, false), paramsOf(entries));
    return { first: lastID - entries.length + 1, last: lastID };
  }
  const chunks = Math.ceil(entries.length / LOG_CHUNK);
  const chunkOf = (k: number) => entries.slice(k * LOG_CHUNK, (k + 1) * LOG_CHUNK);
  const lastIds = await runInOrder(conn, chunks, (k) => {
    const chunk = chunkOf(k);
    return { sql: insertSql(chunk.length, false), params: paramsOf(chunk) };
  });
  return { first: lastIds[0]! - chunkOf(0).length + 1, last: lastIds[lastIds.length - 1]! };
}

/**
 * The INSERT that appends the entries right after `logEnd` (their seqs given), for a script
 * that holds no read (db/writer/fast-path.ts): it clashes on seq when anything was
 * appended since `logEnd` was read.
 */
export function appendAfter(logEnd: number, entries: readonly LogEntry[]): { sql: string; params: SqlValue[] } {
  return { sql: insertSql(entries.length, true), params: paramsOf(entries, logEnd + 1) };
}

/** The seq of the last entry (0 when empty). */
export async function logEnd(conn: RawConnection): Promise<number> {
  const [row] = await queryAll<{ seq: number | null }>(conn, 'SELECT max(seq) AS seq FROM change_log');
  return row?.seq ?? 0;
}
