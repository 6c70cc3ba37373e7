// The words of the write path: what a caller hands the journal writer (a change of rows,
// by whom, why), what it gets back, and what the change log holds (an entry). Every part
// of db/writer/ and every caller speaks these; db/journal-writer.ts re-exports them.
import type { RawConnection } from '../connection';
import type { FieldValue, JournalTable } from '../schema';

export interface Actor {
  /** The staff member making the change; null for the system (demo generator, migrations). */
  readonly userId: string | null;
}

export interface RowChange {
  readonly table: JournalTable;
  readonly id: string;
  /** Fields to set. A row that does not exist yet is created with them. */
  readonly set: Readonly<Record<string, FieldValue | boolean | undefined>>;
}

export interface WriteOptions {
  readonly reason?: string;
  /** Record the fields even when the value stays the same (settling a sync conflict). */
  readonly always?: boolean;
  /**
   * The changed rows as the caller already read them (READ_FOR_WRITE, in the same query as
   * its checks: a keystroke), and where the change log ended at that read. The write then
   * does not read those rows again: it appends its entries right after that end, and if
   * anything was logged since — every change to journal data appends to change_log in its
   * transaction — the append clashes, and the write starts over reading the rows itself.
   */
  readonly readAt?: ReadAt;
}

/** A row of a journal table with its fields' clocks, as read for a write (db/writer/read-for-write.ts). */
export interface RowRead {
  readonly row: Readonly<Record<string, FieldValue>> | null;
  /** By field ('*': the row's creation): the clocks its version vector is made of, space-separated. */
  readonly clocks: Readonly<Record<string, string>>;
}

export interface ReadAt {
  /** The end of change_log at the read (READ_FOR_WRITE.logEnd). */
  readonly logEnd: number;
  /** By rowKey(table, id). */
  readonly rows: ReadonlyMap<string, RowRead>;
}

export const rowKey = (table: JournalTable, id: string) => `${table}/${id}`;

export interface WriteResult {
  readonly changeSetId: string;
  /** How many change_log entries were written (one per created row, one per changed field). */
  readonly changed: number;
  readonly created: number;
}

export class WriteError extends Error {
  constructor(readonly code: 'UNKNOWN_TABLE' | 'UNKNOWN_FIELD' | 'BAD_VALUE' | 'FORBIDDEN', message: string) {
    super(message);
  }
}

/** One row of change_log (without its seq, which the database gives). */
export interface LogEntry {
  hlc: string;
  change_set_id: string;
  node_id: string;
  user_id: string | null;
  table_name: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string;
  /** The field's clock the author had seen (null: the row was new to them). */
  base_hlc: string | null;
  reason: string;
  recorded_at: string;
  /** On the last entry of a signed change set: the author's chain hash and signature (db/signing.ts). */
  chain_hash: string | null;
  signature: string | null;
}

/** The columns of change_log an entry fills, in the order of every INSERT (db/writer/change-log.ts) and of segments. */
export const LOG_COLUMNS = ['hlc', 'change_set_id', 'node_id', 'user_id', 'table_name', 'row_id', 'field', 'old_value', 'new_value', 'base_hlc', 'reason', 'recorded_at', 'chain_hash', 'signature'] as const;

/**
 * The `field` of the entry that creates a row; its new_value is the JSON object of all
 * the fields the row was created with. Later changes are recorded field by field.
 */
export const ROW_CREATED = '*';

/**
 * The rule book's check of a signed-in user's change before it is written (db/sync/authority.ts,
 * set by openJournal): the reason it is refused, or null. The same check other computers
 * make when the change reaches them.
 */
export type WriteGuard = (conn: RawConnection, entries: readonly LogEntry[]) => Promise<string | null>;

/** A job applying other computers' entries (db/sync/apply.ts decides what they do to the rows). */
export type RemoteApplyJob<T> = (conn: RawConnection) => Promise<{ result: T; tables: Iterable<string>; maxHlc: string | null }>;
