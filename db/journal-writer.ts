// The one write path for journal data. Every change to a journal table (db/schema.ts)
// is applied here, and in the same transaction it is appended to change_log as
// self-contained entries: a created row as one entry holding all its fields (field '*'),
// each later change as one entry per field with its old and new value; each with the
// author, computer, hybrid logical clock and reason. A later sync ships these entries.
//
// `write` (the hot path: one keystroke, one durable commit) runs directly on the pooled
// sqlite3 connection (db/connection.ts: withConnection) with BEGIN IMMEDIATE, cached
// prepared statements and COMMIT (ROLLBACK on any error); writes are serialized by the
// writer's queue, and other queries of this process wait in the pool meanwhile.
//
// Because every change to journal data goes through a writer (a later sync applies remote
// changes through it too), the writer knows when a table changed: `version(table)` grows
// after each write to it, and callers cache what they read from small, rarely changed
// tables against it (the regulation profile, the signed-in staff). Changes committed by
// another process on the same file (the `journal` CLI, through its own writer) are
// noticed by `noticeOtherWriters()`, which the service host calls at every call: they
// grow every table's version.
import type { Knex } from 'knex';
import { execute, queryAll, withConnection, type RawConnection, type SqlValue } from './connection';
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

const LOG_COLUMNS = ['hlc', 'change_set_id', 'node_id', 'user_id', 'table_name', 'row_id', 'field', 'old_value', 'new_value', 'reason', 'recorded_at'] as const;
const INSERT_LOG = `INSERT INTO change_log (${LOG_COLUMNS.join(', ')}) VALUES (${LOG_COLUMNS.map(() => '?').join(', ')})`;

const writers = new WeakMap<Knex, JournalWriter>();

export class JournalWriter {
  private queue: Promise<unknown> = Promise.resolve();
  /** The last clock value written by the job in flight; the clock takes it after commit. */
  private pendingCommit: string | null = null;
  /** Writes begun per table (see version()). */
  private readonly writes = new Map<string, number>();
  /** Grows when another process's commits are noticed; part of every table's version. */
  private others = 0;
  /** The last change_log seq this writer knows of (its own or noticed); null: unknown. */
  private knownSeq: number | null = null;

  private constructor(
    private readonly knex: Knex,
    readonly nodeId: string,
    private readonly clock: HybridClock,
    private readonly wall: () => number,
  ) {}

  static async open(knex: Knex, wall: () => number = Date.now): Promise<JournalWriter> {
    const nodeId = await ensureNodeId(knex);
    const writer = new JournalWriter(knex, nodeId, new HybridClock(nodeId, await loadLastHlc(knex), wall), wall);
    const last = (await knex('change_log').max('seq as seq').first()) as { seq: number | null } | undefined;
    writer.knownSeq = last?.seq ?? 0;
    writers.set(knex, writer);
    return writer;
  }

  /** The writer opened on this knex instance, if any (for caches keyed on version()). */
  static of(knex: Knex): JournalWriter | undefined {
    return writers.get(knex);
  }

  /**
   * A number that grows whenever `table` may have changed: a write to it through this
   * writer (counted when the write begins and again when it ends, so a value read while a
   * write is in flight is never taken for current), or a commit by another process.
   * Data read from the table while version(table) stayed the same is still current.
   */
  version(table: JournalTable): number {
    return (this.writes.get(table) ?? 0) + this.others;
  }

  /**
   * Notices commits by other processes on the same file (their writers append to
   * change_log): one cheap read; when the log grew beyond what this writer knows of,
   * every table's version grows.
   */
  async noticeOtherWriters(): Promise<void> {
    await withConnection(this.knex, async (conn) => {
      const [row] = await queryAll<{ seq: number | null }>(conn, 'SELECT max(seq) AS seq FROM change_log');
      const seq = row?.seq ?? 0;
      if (seq !== this.knownSeq) {
        if (this.knownSeq !== null) this.others++;
        this.knownSeq = seq;
      }
    });
  }

  private touch(tables: Iterable<string>): void {
    for (const t of tables) this.writes.set(t, (this.writes.get(t) ?? 0) + 1);
  }

  get lastHlc(): Hlc {
    return this.clock.current;
  }

  /**
   * Applies `changes` in one transaction and records every changed field. Fields whose
   * value does not change are not recorded. All or nothing.
   */
  write(actor: Actor, changes: readonly RowChange[], opts: WriteOptions = {}): Promise<WriteResult> {
    const tables = new Set(changes.map((c) => c.table));
    return this.serialized(tables, () => withConnection(this.knex, (conn) => this.transaction(conn, () => this.writeIn(conn, actor, changes, opts))));
  }

  /**
   * Creates rows known to be new (fresh ids) in bulk: the demo generator and imports.
   * Same log entries as `write`, without reading each row first. Every row of one call
   * must carry the same fields.
   */
  insertNew(actor: Actor, table: JournalTable, rows: readonly Record<string, FieldValue | boolean>[], opts: WriteOptions = {}): Promise<WriteResult> {
    // Rare and bulky (the demo generator, imports): through knex, in chunks of many rows.
    return this.serialized([table], () =>
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
        if (log.length > 0) {
          for (let i = 0; i < log.length; i += CHUNK_ROWS) await trx('change_log').insert(log.slice(i, i + CHUNK_ROWS));
          // The clock value is stored with the changes that used it (loadLastHlc reads it
          // back on start), and the in-memory clock moves only after the commit (serialized()).
          this.pendingCommit = log[log.length - 1]!.hlc;
          this.knownSeq = null; // the next noticeOtherWriters() reads where the log stands
          this.others++;
        }
        return { changeSetId, changed: log.length, created: clean.length };
      }),
    );
  }

  /** BEGIN IMMEDIATE … COMMIT on a held connection; ROLLBACK on any error. */
  private async transaction<T>(conn: RawConnection, job: () => Promise<T>): Promise<T> {
    await execute(conn, 'BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await job();
      await execute(conn, 'COMMIT'); // deferred foreign keys are checked here
    } catch (err) {
      // After some errors SQLite has already rolled back; the connection stays usable.
      await execute(conn, 'ROLLBACK').catch(() => undefined);
      this.pendingCommit = null;
      throw err;
    }
    return result;
  }

  private async writeIn(conn: RawConnection, actor: Actor, changes: readonly RowChange[], opts: WriteOptions): Promise<WriteResult> {
    const changeSetId = newId(this.wall());
    const recordedAt = new Date(this.wall()).toISOString();
    const pending: Omit<LogEntry, 'hlc'>[] = [];
    let created = 0;
    for (const change of changes) {
      const fields = Object.keys(change.set).filter((f) => change.set[f] !== undefined);
      checkFields(change.table, fields);
      // Table and field names are checked against JOURNAL_FIELDS (checkFields) before any SQL.
      const [current] = await queryAll<Record<string, FieldValue>>(conn, `SELECT * FROM "${change.table}" WHERE "id" = ? LIMIT 1`, [change.id]);
      const next: Record<string, FieldValue> = {};
      for (const f of fields) {
        const v = normalize(change.table, f, change.set[f]);
        if (current && current[f] === v) continue;
        next[f] = v;
        if (current) pending.push(this.entryBody(changeSetId, actor, change.table, change.id, f, current[f], v, opts, recordedAt));
      }
      if (!current) {
        const cols = ['id', ...Object.keys(next)];
        await execute(conn, `INSERT INTO "${change.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [change.id, ...Object.values(next)]);
        pending.push(this.entryBody(changeSetId, actor, change.table, change.id, ROW_CREATED, undefined, next, opts, recordedAt));
        created++;
      } else if (Object.keys(next).length > 0) {
        const cols = Object.keys(next);
        await execute(conn, `UPDATE "${change.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [...Object.values(next), change.id]);
      }
    }
    const hlcs = this.clock.peekNext(pending.length);
    await this.appendLog(conn, pending.map((p, i) => ({ hlc: formatHlc(hlcs[i]!), ...p })));
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

  private async appendLog(conn: RawConnection, log: LogEntry[]): Promise<void> {
    if (log.length === 0) return;
    let lastSeq = this.knownSeq;
    for (const e of log) {
      const { lastID } = await execute(conn, INSERT_LOG, LOG_COLUMNS.map((c): SqlValue => e[c]));
      // A gap in seq: another process appended to the log since this writer last looked.
      if (lastSeq === null || lastID !== lastSeq + 1) this.others++;
      lastSeq = lastID;
    }
    this.pendingSeq = lastSeq;
    // The clock value is stored with the changes that used it (loadLastHlc reads it back
    // on start), and the in-memory clock moves only after the commit (serialized()).
    this.pendingCommit = log[log.length - 1]!.hlc;
  }

  /** The change_log seq the job in flight reached; this writer knows of it after commit. */
  private pendingSeq: number | null = null;

  private serialized<T>(tables: Iterable<string>, job: () => Promise<T>): Promise<T> {
    const touched = [...tables];
    const run = async (): Promise<T> => {
      this.pendingCommit = null;
      this.pendingSeq = null;
      this.touch(touched);
      try {
        const result = await job();
        if (this.pendingCommit) this.clock.commit(parseHlc(this.pendingCommit));
        if (this.pendingSeq !== null) this.knownSeq = this.pendingSeq;
        return result;
      } finally {
        this.pendingCommit = null;
        this.pendingSeq = null;
        this.touch(touched);
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
