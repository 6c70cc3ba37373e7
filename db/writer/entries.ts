// Building a write's entries: each change worked out against the row as it stands — the
// statement that changes the row, and one change_log entry per changed field (a created
// row: one entry '*' holding all its fields), each with its old and new value and the
// version vector of what the author had seen of the field. Entries come out without their
// clock value: the writer stamps them (clock.ts), signs them (signer.ts) and appends them
// (change-log.ts).
import { newId } from '../ids';
import type { SqlValue } from '../connection';
import { JOURNAL_FIELDS, isFieldOf, type FieldValue, type JournalTable } from '../schema';
import { formatBase } from '../sync/seen';
import { ROW_CREATED, WriteError, type Actor, type LogEntry, type RowChange, type RowRead, type WriteOptions } from './types';

/** Who writes and when: the writer's clock (clock.ts). */
export interface EntryClock {
  readonly nodeId: string;
  now(): number;
}

export function normalize(table: string, field: string, v: FieldValue | boolean | undefined): FieldValue {
  if (v === undefined) throw new WriteError('BAD_VALUE', `${table}.${field}: value is undefined`);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new WriteError('BAD_VALUE', `${table}.${field}: not a finite number`);
  if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
    throw new WriteError('BAD_VALUE', `${table}.${field}: unsupported value type`);
  }
  return v;
}

/** Table and field names are checked against JOURNAL_FIELDS before they go into any SQL. */
export function checkFields(table: string, fields: Iterable<string>): void {
  if (!(table in JOURNAL_FIELDS)) throw new WriteError('UNKNOWN_TABLE', `not a journal table: ${table}`);
  for (const f of fields) {
    if (!isFieldOf(table as JournalTable, f)) throw new WriteError('UNKNOWN_FIELD', `not a field of ${table}: ${f}`);
  }
}

/** What the author has seen of a field: the version vector of its changes and the row's creation (db/sync/seen.ts). */
export function baseOf(clocks: Readonly<Record<string, string>>, field: string): string | null {
  return formatBase(`${clocks[field] ?? ''} ${clocks[ROW_CREATED] ?? ''}`.split(' '));
}

/** The entries of one change set share its id, author, computer, reason and wall time. */
export interface ChangeSet {
  readonly id: string;
  readonly node: string;
  readonly actor: Actor;
  readonly reason: string;
  readonly recordedAt: string;
}

export function changeSetOf(clock: EntryClock, actor: Actor, opts: WriteOptions): ChangeSet {
  return { id: newId(clock.now()), node: clock.nodeId, actor, reason: opts.reason ?? '', recordedAt: new Date(clock.now()).toISOString() };
}

/** An entry, not yet stamped (hlc ''), unsigned. */
export function entryOf(set: ChangeSet, table: string, rowId: string, field: string,
  oldValue: FieldValue | undefined, newValue: FieldValue | Record<string, FieldValue>, baseHlc: string | null): LogEntry {
  return {
    hlc: '',
    change_set_id: set.id,
    node_id: set.node,
    user_id: set.actor.userId,
    table_name: table,
    row_id: rowId,
    field,
    old_value: oldValue === undefined ? null : JSON.stringify(oldValue),
    new_value: JSON.stringify(newValue),
    base_hlc: baseHlc,
    reason: set.reason,
    recorded_at: set.recordedAt,
    chain_hash: null,
    signature: null,
  };
}

export interface BuiltEntries {
  readonly changeSetId: string;
  /** In the order of the changes; not yet stamped. */
  readonly entries: LogEntry[];
  readonly created: number;
}

/**
 * Works out each change against its current row (`current`): the row statements, given
 * to `run` in order (a later change may read what an earlier one wrote), and the entries.
 * Fields whose value stays the same are left out (unless opts.always).
 */
export async function changeRows(
  clock: EntryClock, actor: Actor, changes: readonly RowChange[], opts: WriteOptions,
  current: (change: RowChange) => Promise<RowRead>,
  run: (sql: string, params: SqlValue[]) => Promise<unknown>,
  set: ChangeSet = changeSetOf(clock, actor, opts),
): Promise<BuiltEntries> {
  const entries: LogEntry[] = [];
  let created = 0;
  for (const change of changes) {
    const fields = Object.keys(change.set).filter((f) => change.set[f] !== undefined);
    checkFields(change.table, fields);
    const { row, clocks } = await current(change);
    const next: Record<string, FieldValue> = {};
    for (const f of fields) {
      const v = normalize(change.table, f, change.set[f]);
      if (row && row[f] === v && !opts.always) continue;
      next[f] = v;
      if (row) entries.push(entryOf(set, change.table, change.id, f, row[f], v, baseOf(clocks, f)));
    }
    if (!row) {
      const cols = ['id', ...Object.keys(next)];
      await run(`INSERT INTO "${change.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [change.id, ...Object.values(next)]);
      entries.push(entryOf(set, change.table, change.id, ROW_CREATED, undefined, next, null));
      created++;
    } else if (Object.keys(next).length > 0) {
      const cols = Object.keys(next);
      await run(`UPDATE "${change.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [...Object.values(next), change.id]);
    }
  }
  return { changeSetId: set.id, entries, created };
}
