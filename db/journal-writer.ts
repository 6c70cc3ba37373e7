// The one write path for journal data. Every change to a journal table (db/schema.ts)
// is applied here, and in the same transaction it is appended to change_log as
// self-contained entries: a created row as one entry holding all its fields (field '*'),
// each later change as one entry per field with its old and new value; each with the
// author, computer, hybrid logical clock and reason. A later sync ships these entries.
import type { Knex } from 'knex';
import { formatHlc, HybridClock, parseHlc, type Hlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import { JOURNAL_FIELDS, isFieldOf, type FieldValue, type JournalTable } from './schema';
import { ensureNodeId, loadLastHlc } from './local-state';

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
}

export interface WriteResult {
  readonly changeSetId: string;
  /** How many change_log entries were written (one per created row, one per changed field). */
  readonly changed: number;
  readonly created: number;
}

export class WriteError extends Error {
  constructor(readonly code: 'UNKNOWN_TABLE' | 'UNKNOWN_FIELD' | 'BAD_VALUE', message: string) {
    super(message);
  }
}

interface LogEntry {
  hlc: string;
  change_set_id: string;
  node_id: string;
  user_id: string | null;
  table_name: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string;
  reason: string;
  recorded_at: string;
}

const CHUNK_ROWS = 500;

/**
 * The `field` of the entry that creates a row; its new_value is the JSON object of all
 * the fields the row was created with. Later changes are recorded field by field.
 */
export const ROW_CREATED = '*';

function normalize(table: string, field: string, v: FieldValue | boolean | undefined): FieldValue {
  if (v === undefined) throw new WriteError('BAD_VALUE', `${table}.${field}: value is undefined`);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new WriteError('BAD_VALUE', `${table}.${field}: not a finite number`);
  if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
    throw new WriteError('BAD_VALUE', `${table}.${field}: unsupported value type`);
  }
  return v;
}

function checkFields(table: string, fields: Iterable<string>): void {
  if (!(table in JOURNAL_FIELDS)) throw new WriteError('UNKNOWN_TABLE', `not a journal table: ${table}`);
  for (const f of fields) {
    if (!isFieldOf(table as JournalTable, f)) throw new WriteError('UNKNOWN_FIELD', `not a field of ${table}: ${f}`);
  }
}

export class JournalWriter {
  private queue: Promise<unknown> = Promise.resolve();
  /** The last clock value written by the job in flight; the clock takes it after commit. */
  private pendingCommit: string | null = null;

  private constructor(
    private readonly knex: Knex,
    readonly nodeId: string,
    private readonly clock: HybridClock,
    private readonly wall: () => number,
  ) {}

  static async open(knex: Knex, wall: () => number = Date.now): Promise<JournalWriter> {
    const nodeId = await ensureNodeId(knex);
    return new JournalWriter(knex, nodeId, new HybridClock(nodeId, await loadLastHlc(knex), wall), wall);
  }

  get lastHlc(): Hlc {
    return this.clock.current;
  }

  /**
   * Applies `changes` in one transaction and records every changed field. Fields whose
   * value does not change are not recorded. All or nothing.
   */
  write(actor: Actor, changes: readonly RowChange[], opts: WriteOptions = {}): Promise<WriteResult> {
    return this.serialized(() => this.knex.transaction((trx) => this.writeIn(trx, actor, changes, opts)));
  }

  /**
   * Creates rows known to be new (fresh ids) in bulk: the demo generator and imports.
   * Same log entries as `write`, without reading each row first. Every row of one call
   * must carry the same fields.
   */
  insertNew(actor: Actor, table: JournalTable, rows: readonly Record<string, FieldValue | boolean>[], opts: WriteOptions = {}): Promise<WriteResult> {
    return this.serialized(() =>
      this.knex.transaction(async (trx) => {
        if (rows.length === 0) return { changeSetId: '', changed: 0, created: 0 };
        const fields = Object.keys(rows[0]!).filter((f) => f !== 'id');
        checkFields(table, fields);
        const changeSetId = newId(this.wall());
        const hlcs = this.clock.peekNext(rows.length);
        const recordedAt = new Date(this.wall()).toISOString();
        const log: LogEntry[] = [];
        const clean = rows.map((r, i) => {
          if (typeof r.id !== 'string') throw new WriteError('BAD_VALUE', `${table}: a new row needs an id`);
          const values: Record<string, FieldValue> = {};
          for (const f of fields) {
            if (!(f in r)) throw new WriteError('BAD_VALUE', `${table}.${f}: missing in a bulk row`);
            values[f] = normalize(table, f, r[f]);
          }
          log.push({ hlc: formatHlc(hlcs[i]!), ...this.entryBody(changeSetId, actor, table, r.id, ROW_CREATED, undefined, values, opts, recordedAt) });
          return { id: r.id, ...values };
        });
        for (let i = 0; i < clean.length; i += CHUNK_ROWS) await trx(table).insert(clean.slice(i, i + CHUNK_ROWS));
        await this.appendLog(trx, log);
        return { changeSetId, changed: log.length, created: clean.length };
      }),
    );
  }

  private async writeIn(trx: Knex.Transaction, actor: Actor, changes: readonly RowChange[], opts: WriteOptions): Promise<WriteResult> {
    const changeSetId = newId(this.wall());
    const recordedAt = new Date(this.wall()).toISOString();
    const pending: Omit<LogEntry, 'hlc'>[] = [];
    let created = 0;
    for (const change of changes) {
      const fields = Object.keys(change.set).filter((f) => change.set[f] !== undefined);
      checkFields(change.table, fields);
      const current: Record<string, FieldValue> | undefined = await trx(change.table).where({ id: change.id }).first();
      const next: Record<string, FieldValue> = {};
      for (const f of fields) {
        const v = normalize(change.table, f, change.set[f]);
        if (current && current[f] === v) continue;
        next[f] = v;
        if (current) pending.push(this.entryBody(changeSetId, actor, change.table, change.id, f, current[f], v, opts, recordedAt));
      }
      if (!current) {
        await trx(change.table).insert({ id: change.id, ...next });
        pending.push(this.entryBody(changeSetId, actor, change.table, change.id, ROW_CREATED, undefined, next, opts, recordedAt));
        created++;
      } else if (Object.keys(next).length > 0) {
        await trx(change.table).where({ id: change.id }).update(next);
      }
    }
    const hlcs = this.clock.peekNext(pending.length);
    await this.appendLog(trx, pending.map((p, i) => ({ hlc: formatHlc(hlcs[i]!), ...p })));
    return { changeSetId, changed: pending.length, created };
  }

  private entryBody(
    changeSetId: string, actor: Actor, table: string, rowId: string, field: string,
    oldValue: FieldValue | undefined, newValue: FieldValue | Record<string, FieldValue>, opts: WriteOptions, recordedAt: string,
  ): Omit<LogEntry, 'hlc'> {
    return {
      change_set_id: changeSetId,
      node_id: this.nodeId,
      user_id: actor.userId,
      table_name: table,
      row_id: rowId,
      field,
      old_value: oldValue === undefined ? null : JSON.stringify(oldValue),
      new_value: JSON.stringify(newValue),
      reason: opts.reason ?? '',
      recorded_at: recordedAt,
    };
  }

  private async appendLog(trx: Knex.Transaction, log: LogEntry[]): Promise<void> {
    if (log.length === 0) return;
    for (let i = 0; i < log.length; i += CHUNK_ROWS) await trx('change_log').insert(log.slice(i, i + CHUNK_ROWS));
    // The clock value is stored with the changes that used it (loadLastHlc reads it back
    // on start), and the in-memory clock moves only after the commit (serialized()).
    this.pendingCommit = log[log.length - 1]!.hlc;
  }

  private serialized<T>(job: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.pendingCommit = null;
      try {
        const result = await job();
        if (this.pendingCommit) this.clock.commit(parseHlc(this.pendingCommit));
        return result;
      } finally {
        this.pendingCommit = null;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
