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
// noticed by `noticeOtherWriters()`, which the service host calls at every call (or, for
// a keystroke, by `confirmLogEnd()` on the log end its own read saw): they grow every
// table's version.
import type { KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { CHAIN_START, chainNext, keyIdOf, signChain, spkiOf } from './signing';
import { execute, queryAll, withConnection, type RawConnection, type SqlValue } from './connection';
import { formatHlc, HybridClock, parseHlc, type Hlc } from '../shared/hlc';
import { newId } from './ids';
import { builtOnce } from '../shared/once';
import { JOURNAL_FIELDS, isFieldOf, type FieldValue, type JournalTable } from './schema';
import { ensureNodeId, loadLastHlc } from './local-state';
import { formatBase } from './sync/seen';

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

/** A row of a journal table with its fields' clocks, as read for a write (READ_FOR_WRITE). */
export interface RowRead {
  readonly row: Readonly<Record<string, FieldValue>> | null;
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

const CHUNK_ROWS = 500;
/** Entries per multi-row INSERT into change_log (14 or 15 parameters each, under SQLite's limit). */
const LOG_CHUNK = 500;

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

export const LOG_COLUMNS = ['hlc', 'change_set_id', 'node_id', 'user_id', 'table_name', 'row_id', 'field', 'old_value', 'new_value', 'base_hlc', 'reason', 'recorded_at', 'chain_hash', 'signature'] as const;

/** The INSERT of one entry (a keystroke's), with or without its seq: built once. */
const oneEntrySql = builtOnce((seq: boolean) => buildInsertLogSql(1, seq));

/** One INSERT of `rows` entries; with `seq`, each entry's seq is given (after ReadAt.logEnd). */
function insertLogSql(rows: number, seq: boolean): string {
  return rows === 1 ? oneEntrySql(seq) : buildInsertLogSql(rows, seq);
}

function buildInsertLogSql(rows: number, seq: boolean): string {
  const columns = seq ? ['seq', ...LOG_COLUMNS] : LOG_COLUMNS;
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO change_log (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
}

/** A clash of keys: what the append after a stale ReadAt meets (SQLITE_CONSTRAINT). */
function isClash(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT';
}

/**
 * A value as an SQL literal for a script (JournalWriter.writeRead): text quoted, a 32-bit
 * integer as digits (as sqlite3 binds it), NULL; undefined for anything a literal would not
 * carry exactly (text with NUL, which ends the script; other numbers).
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

/** The seq of the last change_log entry (0 when empty). */
async function logEnd(conn: RawConnection): Promise<number> {
  const [row] = await queryAll<{ seq: number | null }>(conn, 'SELECT max(seq) AS seq FROM change_log');
  return row?.seq ?? 0;
}

function execScript(conn: RawConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.exec(sql, (err: Error | null) => (err ? reject(err) : resolve())));
}

const writers = new WeakMap<Knex, JournalWriter>();

/**
 * The rule book's check of a signed-in user's change before it is written (db/sync/authority.ts,
 * set by openJournal): the reason it is refused, or null. The same check other computers
 * make when the change reaches them.
 */
export type WriteGuard = (conn: RawConnection, entries: readonly LogEntry[]) => Promise<string | null>;

/** A remote change_log entry to apply (db/sync/apply.ts decides what it does to the rows). */
export type RemoteApplyJob<T> = (conn: RawConnection) => Promise<{ result: T; tables: Iterable<string>; maxHlc: string | null }>;

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
  /** Signed-in users' private keys and their key ids (service/auth): their changes are signed. */
  private readonly keys = new Map<string, { key: KeyObject; keyId: string }>();
  private guard: WriteGuard | null = null;
  /** Each user's chain head on this computer (db/signing.ts); read from the log when unknown. */
  private readonly chains = new Map<string, string>();
  private pendingChains = new Map<string, string>();
  /** Correction of this computer's wall clock, measured against the share's (db/sync/clock.ts). */
  private offsetMs = 0;
  private clock: HybridClock;
  private node: string;

  private constructor(
    private readonly knex: Knex,
    nodeId: string,
    last: Hlc | null,
    private readonly wall: () => number,
  ) {
    this.node = nodeId;
    this.clock = new HybridClock(nodeId, last, () => this.now());
  }

  static async open(knex: Knex, wall: () => number = Date.now): Promise<JournalWriter> {
    const nodeId = await ensureNodeId(knex);
    const writer = new JournalWriter(knex, nodeId, await loadLastHlc(knex), wall);
    const last = (await knex('change_log').max('seq as seq').first()) as { seq: number | null } | undefined;
    writer.knownSeq = last?.seq ?? 0;
    writers.set(knex, writer);
    return writer;
  }

  /** The writer opened on this knex instance, if any (for caches keyed on version()). */
  static of(knex: Knex): JournalWriter | undefined {
    return writers.get(knex);
  }

  /** This computer's node id (it changes only when a cloned disk is detected: db/sync/identity.ts). */
  get nodeId(): string {
    return this.node;
  }

  /** The corrected wall clock of this computer (milliseconds). */
  now(): number {
    return this.wall() + this.offsetMs;
  }

  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  setClockOffset(ms: number): void {
    this.offsetMs = ms;
  }

  /** Takes a new node id (a cloned database was detected); waits for writes in flight. */
  renameNode(nodeId: string): Promise<void> {
    return this.serialized([], async () => {
      this.node = nodeId;
      this.clock = new HybridClock(nodeId, this.clock.current, () => this.now());
      this.chains.clear();
    });
  }

  /** From sign-in to sign-out, the user's changes are signed with this key; its signatures name it (db/signing.ts keyIdOf). */
  setSigningKey(userId: string, key: KeyObject | null): void {
    if (key) this.keys.set(userId, { key, keyId: keyIdOf(spkiOf(key)) });
    else this.keys.delete(userId);
  }

  signingKeyOf(userId: string): KeyObject | undefined {
    return this.keys.get(userId)?.key;
  }

  /** Every signed-in user's change is checked against the rule book before it is written. */
  setGuard(guard: WriteGuard | null): void {
    this.guard = guard;
  }

  /**
   * The rule book's check of a user's changes, before any row is touched (so the rules see
   * the journal as it was). The keystroke's one-script path (writeRead) does not come here:
   * its method checked the same relationship (service/journal/lesson-access.ts) on the row
   * it read; a write that falls back to the usual way is checked.
   */
  private async checkRules(conn: RawConnection, actor: Actor, changes: readonly RowChange[], opts: WriteOptions): Promise<void> {
    if (!this.guard || !actor.userId) return;
    const entries: LogEntry[] = [];
    for (const c of changes) {
      // Only the fields that change are the author's change (the writer logs only those).
      const [current] = opts.always ? [] : await queryAll<Record<string, FieldValue>>(conn, `SELECT * FROM "${c.table}" WHERE "id" = ?`, [c.id]);
      for (const [field, v] of Object.entries(c.set)) {
        if (v === undefined) continue;
        const value = normalize(c.table, field, v);
        if (current && current[field] === value) continue;
        entries.push({
          hlc: '', change_set_id: '', node_id: this.node, user_id: actor.userId, table_name: c.table, row_id: c.id, field,
          old_value: null, new_value: JSON.stringify(value), base_hlc: null, reason: '', recorded_at: '', chain_hash: null, signature: null,
        });
      }
    }
    if (entries.length === 0) return;
    const why = await this.guard(conn, entries);
    if (why) throw new WriteError('FORBIDDEN', why);
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
   * every table's version grows. True when it did.
   */
  async noticeOtherWriters(): Promise<boolean> {
    return withConnection(this.knex, async (conn) => {
      const seq = await logEnd(conn);
      if (seq === this.knownSeq) return false;
      const known = this.knownSeq !== null;
      if (known) this.othersWrote();
      this.knownSeq = seq;
      return known;
    });
  }

  /**
   * The same notice from a read the caller made anyway: `logEnd` is where the change log
   * ended in its snapshot (READ_FOR_WRITE.logEnd). True when this writer knew of every
   * entry up to there, so that whatever was cached against version() was current at that
   * read; otherwise every table's version grows, and false.
   */
  confirmLogEnd(logEnd: number): boolean {
    if (this.knownSeq !== null && logEnd <= this.knownSeq) return true;
    this.othersWrote();
    this.knownSeq = logEnd;
    return false;
  }

  private othersWrote(): void {
    this.others++;
    this.chains.clear(); // another process may have signed for the same user
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
    return this.serialized(tables, () => withConnection(this.knex, async (conn) => {
      if (opts.readAt) {
        try {
          const done = await this.writeRead(conn, actor, changes, opts, opts.readAt);
          if (done) return done;
        } catch (err) {
          if (!isClash(err)) throw err;
          // Something was logged since the caller's read (or it clashed otherwise): start over.
        }
      }
      return this.transaction(conn, () => this.writeIn(conn, actor, changes, opts));
    }));
  }

  /**
   * Runs a job that applies remote changes (db/sync/apply.ts) in one transaction, in turn
   * with local writes; afterwards the clock moves past the newest remote clock applied.
   */
  applyRemote<T>(job: RemoteApplyJob<T>): Promise<T> {
    let touched: string[] = [];
    return this.serialized([], () => withConnection(this.knex, (conn) => this.transaction(conn, async () => {
      const { result, tables, maxHlc } = await job(conn);
      touched = [...tables];
      this.touch(touched);
      if (maxHlc) this.pendingReceive = maxHlc;
      // Where the log ends now, with the remote entries (known once committed).
      this.pendingSeq = await logEnd(conn);
      this.othersWrote();
      return result;
    }))).finally(() => this.touch(touched));
  }

  private pendingReceive: string | null = null;

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
        // Bulk rows are the system's (the demo generator); a user's rows go through write(), checked by the rule book.
        if (actor.userId && this.guard) throw new WriteError('FORBIDDEN', 'bulk rows are written by the system only');
        const fields = Object.keys(rows[0]!).filter((f) => f !== 'id');
        checkFields(table, fields);
        const changeSetId = newId(this.now());
        const hlcs = this.clock.peekNext(rows.length);
        const recordedAt = new Date(this.now()).toISOString();
        const log: LogEntry[] = [];
        const clean = rows.map((r, i) => {
          if (typeof r.id !== 'string') throw new WriteError('BAD_VALUE', `${table}: a new row needs an id`);
          const values: Record<string, FieldValue> = {};
          for (const f of fields) {
            if (!(f in r)) throw new WriteError('BAD_VALUE', `${table}.${f}: missing in a bulk row`);
            values[f] = normalize(table, f, r[f]);
          }
          log.push({ hlc: formatHlc(hlcs[i]!), ...this.entryBody(changeSetId, actor, table, r.id, ROW_CREATED, undefined, values, null, opts, recordedAt) });
          return { id: r.id, ...values };
        });
        await this.sign(actor, log, async () => {
          const row = await trx('change_log').where({ node_id: this.node, user_id: actor.userId }).whereNotNull('chain_hash').orderBy('hlc', 'desc').first('chain_hash') as { chain_hash: string } | undefined;
          return row?.chain_hash ?? null;
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
      this.pendingReceive = null;
      this.pendingChains.clear();
      throw err;
    }
    return result;
  }

  private async writeIn(conn: RawConnection, actor: Actor, changes: readonly RowChange[], opts: WriteOptions): Promise<WriteResult> {
    for (const c of changes) checkFields(c.table, Object.keys(c.set));
    await this.checkRules(conn, actor, changes, opts);
    const { changeSetId, pending, created } = await this.changeRows(actor, changes, opts,
      async (change) => {
        // The row comes with its fields' clocks: the base of each change (conflicts).
        const [row] = await queryAll<Record<string, FieldValue>>(conn, `SELECT t.*, ${clocksSql(change.table)} AS "${CLOCKS}" FROM "${change.table}" t WHERE t."id" = ? LIMIT 1`, [change.table, change.id, change.id]);
        return { row: row ?? null, clocks: row ? (JSON.parse(String(row[CLOCKS] ?? '{}')) as Record<string, string>) : {} };
      },
      (sql, params) => execute(conn, sql, params));
    const log = this.stamp(pending);
    await this.sign(actor, log, () => this.readChainHead(conn, actor));
    await this.appendLog(conn, log);
    return { changeSetId, changed: pending.length, created };
  }

  /**
   * The write of rows the caller read (WriteOptions.readAt). Nothing is left to read in the
   * transaction, so it runs as one script — BEGIN IMMEDIATE, the row statements, the entries
   * at the seqs right after readAt.logEnd, COMMIT — in one call to SQLite instead of one per
   * statement (each call is a trip through sqlite3's thread pool). The values go into the
   * script as SQL literals (literal()). Null when this way does not fit: a row not read, a
   * value with no exact literal, or nothing changed as read (only a read in the transaction
   * can say so); then the usual way. Throws a clash when something was logged since the read.
   */
  private async writeRead(conn: RawConnection, actor: Actor, changes: readonly RowChange[], opts: WriteOptions, readAt: ReadAt): Promise<WriteResult | null> {
    // Every row read, each once (a later change of the same row would have to see the earlier one).
    const keys = changes.map((c) => rowKey(c.table, c.id));
    if (new Set(keys).size !== keys.length || !keys.every((k) => readAt.rows.has(k))) return null;
    const script: (string | undefined)[] = ['BEGIN IMMEDIATE'];
    const { changeSetId, pending, created } = await this.changeRows(actor, changes, opts,
      (change) => Promise.resolve(readAt.rows.get(rowKey(change.table, change.id))!),
      (sql, params) => Promise.resolve(void script.push(inline(sql, params))));
    if (pending.length === 0) return null;
    const log = this.stamp(pending);
    // Signed before the entries go into the script: the last one carries chain hash and signature.
    // Outside a transaction the chain head is read as it stands: had it moved since, the log has too.
    await this.sign(actor, log, () => this.readChainHead(conn, actor));
    const params: SqlValue[] = [];
    log.forEach((e, i) => params.push(readAt.logEnd + 1 + i, ...LOG_COLUMNS.map((c) => e[c])));
    script.push(inline(insertLogSql(log.length, true), params), 'COMMIT');
    if (script.some((s) => s === undefined)) {
      this.pendingChains.clear();
      return null;
    }
    try {
      await execScript(conn, script.join(';\n'));
    } catch (err) {
      // After some errors SQLite has already rolled back, or never began.
      await execute(conn, 'ROLLBACK').catch(() => undefined);
      this.pendingChains.clear();
      throw err;
    }
    // A gap in seq: another process appended to the log since this writer last looked.
    if (this.knownSeq === null || this.knownSeq !== readAt.logEnd) this.othersWrote();
    this.pendingSeq = readAt.logEnd + log.length;
    this.pendingCommit = log[log.length - 1]!.hlc;
    return { changeSetId, changed: pending.length, created };
  }

  /**
   * Works out each change against its current row (`current`): the row statements, given
   * to `run` in order (a later change may read what an earlier one wrote), and the entries.
   */
  private async changeRows(
    actor: Actor, changes: readonly RowChange[], opts: WriteOptions,
    current: (change: RowChange) => Promise<RowRead>,
    run: (sql: string, params: SqlValue[]) => Promise<unknown>,
  ): Promise<{ changeSetId: string; pending: Omit<LogEntry, 'hlc'>[]; created: number }> {
    const changeSetId = newId(this.now());
    const recordedAt = new Date(this.now()).toISOString();
    const pending: Omit<LogEntry, 'hlc'>[] = [];
    let created = 0;
    for (const change of changes) {
      const fields = Object.keys(change.set).filter((f) => change.set[f] !== undefined);
      // Table and field names are checked against JOURNAL_FIELDS before any SQL.
      checkFields(change.table, fields);
      const { row, clocks } = await current(change);
      const next: Record<string, FieldValue> = {};
      for (const f of fields) {
        const v = normalize(change.table, f, change.set[f]);
        if (row && row[f] === v && !opts.always) continue;
        next[f] = v;
        if (row) pending.push(this.entryBody(changeSetId, actor, change.table, change.id, f, row[f], v, baseOf(clocks, f), opts, recordedAt));
      }
      if (!row) {
        const cols = ['id', ...Object.keys(next)];
        await run(`INSERT INTO "${change.table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [change.id, ...Object.values(next)]);
        pending.push(this.entryBody(changeSetId, actor, change.table, change.id, ROW_CREATED, undefined, next, null, opts, recordedAt));
        created++;
      } else if (Object.keys(next).length > 0) {
        const cols = Object.keys(next);
        await run(`UPDATE "${change.table}" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`, [...Object.values(next), change.id]);
      }
    }
    return { changeSetId, pending, created };
  }

  /** The entries with their clock values (the clock moves only after the commit). */
  private stamp(pending: readonly Omit<LogEntry, 'hlc'>[]): LogEntry[] {
    const hlcs = this.clock.peekNext(pending.length);
    return pending.map((p, i) => ({ hlc: formatHlc(hlcs[i]!), ...p }));
  }

  private async readChainHead(conn: RawConnection, actor: Actor): Promise<string | null> {
    const [row] = await queryAll<{ chain_hash: string }>(conn, CHAIN_HEAD_SQL, [this.node, actor.userId]);
    return row?.chain_hash ?? null;
  }

  /** Signs a change set when its author's key is loaded: the last entry carries chain hash and signature. */
  private async sign(actor: Actor, log: LogEntry[], readHead: () => Promise<string | null>): Promise<void> {
    const signer = actor.userId ? this.keys.get(actor.userId) : undefined;
    if (!signer || !actor.userId || log.length === 0) return;
    const prev = this.pendingChains.get(actor.userId) ?? this.chains.get(actor.userId) ?? (await readHead()) ?? CHAIN_START;
    const chain = chainNext(prev, log);
    const last = log[log.length - 1]!;
    last.chain_hash = chain;
    last.signature = signChain(signer.key, chain, signer.keyId);
    this.pendingChains.set(actor.userId, chain);
  }

  private entryBody(
    changeSetId: string, actor: Actor, table: string, rowId: string, field: string,
    oldValue: FieldValue | undefined, newValue: FieldValue | Record<string, FieldValue>, baseHlc: string | null, opts: WriteOptions, recordedAt: string,
  ): Omit<LogEntry, 'hlc'> {
    return {
      change_set_id: changeSetId,
      node_id: this.node,
      user_id: actor.userId,
      table_name: table,
      row_id: rowId,
      field,
      old_value: oldValue === undefined ? null : JSON.stringify(oldValue),
      new_value: JSON.stringify(newValue),
      base_hlc: baseHlc,
      reason: opts.reason ?? '',
      recorded_at: recordedAt,
      chain_hash: null,
      signature: null,
    };
  }

  /** Appends the entries, in multi-row INSERTs (the seqs of one INSERT follow each other). */
  private async appendLog(conn: RawConnection, log: LogEntry[]): Promise<void> {
    if (log.length === 0) return;
    let lastSeq = this.knownSeq;
    for (let i = 0; i < log.length; i += LOG_CHUNK) {
      const chunk = log.slice(i, i + LOG_CHUNK);
      const params: SqlValue[] = [];
      for (const e of chunk) for (const c of LOG_COLUMNS) params.push(e[c]);
      const { lastID } = await execute(conn, insertLogSql(chunk.length, false), params);
      // A gap in seq: another process appended to the log since this writer last looked.
      if (lastSeq === null || lastID - chunk.length !== lastSeq) this.othersWrote();
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
      this.pendingReceive = null;
      this.pendingSeq = null;
      this.pendingChains.clear();
      this.touch(touched);
      try {
        const result = await job();
        if (this.pendingCommit) this.clock.commit(parseHlc(this.pendingCommit));
        if (this.pendingReceive) this.clock.receive(parseHlc(this.pendingReceive));
        if (this.pendingSeq !== null) this.knownSeq = this.pendingSeq;
        for (const [user, chain] of this.pendingChains) this.chains.set(user, chain);
        return result;
      } finally {
        this.pendingCommit = null;
        this.pendingReceive = null;
        this.pendingSeq = null;
        this.pendingChains.clear();
        this.touch(touched);
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}

const CLOCKS = '__clocks';
/**
 * The clocks of each field of a row of `table` (and of its creation, '*') that has entries,
 * space-separated, as a JSON object; params: table, id. One index range per field
 * (change_log_row): a field's history is short. baseOf() makes the version vector of them.
 */
const clocksSql = builtOnce((table: JournalTable) => {
  const fields = [ROW_CREATED, ...JOURNAL_FIELDS[table]].map((f) => `('${f}')`).join(', ');
  return `(SELECT json_group_object(field, h) FROM (SELECT f.column1 AS field,
    (SELECT group_concat(c.hlc, ' ') FROM change_log c WHERE c.table_name = k.t AND c.row_id = k.id AND c.field = f.column1) AS h
    FROM (SELECT ? AS t, ? AS id) k, (VALUES ${fields}) f) WHERE h IS NOT NULL)`;
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
const CHAIN_HEAD_SQL = 'SELECT chain_hash FROM change_log WHERE node_id = ? AND user_id = ? AND chain_hash IS NOT NULL ORDER BY hlc DESC LIMIT 1';

/** What the author has seen of a field: the version vector of its changes and the row's creation (db/sync/seen.ts). */
function baseOf(clocks: Readonly<Record<string, string>>, field: string): string | null {
  return formatBase(`${clocks[field] ?? ''} ${clocks[ROW_CREATED] ?? ''}`.split(' '));
}
