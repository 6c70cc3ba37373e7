// The one write path for journal data. Every change to a journal table (db/schema.ts)
// is applied here, and in the same transaction it is appended to change_log as
// self-contained entries: a created row as one entry holding all its fields (field '*'),
// each later change as one entry per field with its old and new value; each with the
// author, computer, hybrid logical clock and reason. A later sync ships these entries.
//
// The writer puts together the parts in db/writer/, each doing one thing (README, "The
// journal database"):
//   queue.ts           one job at a time; table versions; other processes' commits noticed
//   clock.ts           node id, corrected wall clock, the hybrid logical clock
//   guard.ts           the rule book on a user's change, before any row is touched
//   read-for-write.ts  a row with its fields' clocks
//   entries.ts         each change against its row: the row statement and the entries
//   signer.ts          users' keys and chain heads; signing a change set
//   change-log.ts      appending entries to change_log (the sync's apply too)
//   pending.ts         what a job makes true only when its transaction commits
//   fast-path.ts       a keystroke's write as one script, after the caller's own read
//   bulk.ts            rows known to be new, in chunks (insertNew, writeBatch)
// A write: guard → rows → entries → stamp → sign → append → COMMIT → pending committed
// (the clock moves, the log's end is known, the chain head advances). It runs directly on
// the pooled sqlite3 connection (db/connection.ts: withConnection) with BEGIN IMMEDIATE,
// cached prepared statements and COMMIT (ROLLBACK on any error); other queries of this
// process wait in the pool meanwhile.
import type { KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { execute, withConnection, type RawConnection } from './connection';
import type { Hlc } from '../shared/hlc';
import type { FieldValue, JournalTable } from './schema';
import { ensureNodeId, loadLastHlc } from './local-state';
import { insertRows, newRows } from './writer/bulk';
import { appendEntries, logEnd } from './writer/change-log';
import { WriterClock } from './writer/clock';
import { changeRows, changeSetOf, checkFields } from './writer/entries';
import { isClash, writeInOneScript, type WriteParts } from './writer/fast-path';
import { checkRules } from './writer/guard';
import { PendingCommit } from './writer/pending';
import { WriteQueue } from './writer/queue';
import { readChangedOnce, readForWrite } from './writer/read-for-write';
import { Signer, type ChainHead } from './writer/signer';
import { rowKey, WriteError, type Actor, type LogEntry, type RemoteApplyJob, type RowChange, type WriteGuard, type WriteOptions, type WriteResult } from './writer/types';

export * from './writer/types';
export { READ_FOR_WRITE, readRow } from './writer/read-for-write';

const writers = new WeakMap<Knex, JournalWriter>();

/** Rows known to be new (fresh ids) of one table, for writeBatch; every row carries the same fields. */
export interface NewRows {
  readonly table: JournalTable;
  readonly rows: readonly Record<string, FieldValue | boolean>[];
}

export class JournalWriter {
  private readonly signer = new Signer();
  private readonly queue: WriteQueue;
  private readonly pending: PendingCommit;
  /** The parts a write uses, for the one-script path. */
  private readonly parts: WriteParts;
  private guard: WriteGuard | null = null;

  private constructor(private readonly knex: Knex, private readonly clock: WriterClock, knownSeq: number) {
    this.queue = new WriteQueue(knownSeq, () => this.signer.forgetHeads()); // another process may have signed for the same user
    this.pending = new PendingCommit({ clock, queue: this.queue, signer: this.signer });
    this.parts = { clock, signer: this.signer, queue: this.queue, pending: this.pending };
  }

  static async open(knex: Knex, wall: () => number = Date.now): Promise<JournalWriter> {
    const nodeId = await ensureNodeId(knex);
    const last = await loadLastHlc(knex);
    const writer = new JournalWriter(knex, new WriterClock(nodeId, last, wall), await withConnection(knex, logEnd));
    writers.set(knex, writer);
    return writer;
  }

  /** The writer opened on this knex instance, if any (for caches keyed on version()). */
  static of(knex: Knex): JournalWriter | undefined {
    return writers.get(knex);
  }

  /** This computer's node id (it changes only when a cloned disk is detected: db/sync/identity.ts). */
  get nodeId(): string {
    return this.clock.nodeId;
  }

  /** The corrected wall clock of this computer (milliseconds). */
  now(): number {
    return this.clock.now();
  }

  get clockOffsetMs(): number {
    return this.clock.offset;
  }

  /** Correction of this computer's wall clock, measured against the share's (db/sync/clock.ts). */
  setClockOffset(ms: number): void {
    this.clock.offset = ms;
  }

  get lastHlc(): Hlc {
    return this.clock.last;
  }

  /** Takes a new node id (a cloned database was detected); waits for writes in flight. */
  renameNode(nodeId: string): Promise<void> {
    return this.serialized([], async () => {
      this.clock.rename(nodeId);
      this.signer.forgetHeads();
    });
  }

  /** From sign-in to sign-out, the user's changes are signed with this key; its signatures name it (db/signing.ts keyIdOf). */
  setSigningKey(userId: string, key: KeyObject | null): void {
    this.signer.setKey(userId, key);
  }

  signingKeyOf(userId: string): KeyObject | undefined {
    return this.signer.keyOf(userId);
  }

  /** Every signed-in user's change is checked against the rule book before it is written (guard.ts). */
  setGuard(guard: WriteGuard | null): void {
    this.guard = guard;
  }

  /**
   * A number that grows whenever `table` may have changed: a write to it through this
   * writer, or a commit by another process (queue.ts). Data read from the table while
   * version(table) stayed the same is still current.
   */
  version(table: JournalTable): number {
    return this.queue.version(table);
  }

  /**
   * Notices commits by other processes on the same file (their writers append to
   * change_log): one cheap read; when the log grew beyond what this writer knows of,
   * every table's version grows. True when it did. The service host calls it at every call.
   */
  async noticeOtherWriters(): Promise<boolean> {
    return withConnection(this.knex, async (conn) => this.queue.noticed(await logEnd(conn)));
  }

  /**
   * The same notice from a read the caller made anyway (a keystroke's): `logEnd` is where the
   * change log ended in its snapshot (READ_FOR_WRITE.logEnd). True when this writer knew of
   * every entry up to there; otherwise every table's version grows, and false.
   */
  confirmLogEnd(logEnd: number): boolean {
    return this.queue.confirmLogEnd(logEnd);
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
          const done = await writeInOneScript(conn, this.parts, actor, changes, opts, opts.readAt);
          if (done) return done;
        } catch (err) {
          if (!isClash(err)) throw err;
          // Something was logged since the caller's read (or it clashed otherwise): start over.
        }
      }
      return this.transaction(conn, () => this.writeIn(conn, actor, changes, opts));
    }));
  }

  /** The usual way, in a transaction: every step reads what it needs as it goes. */
  private async writeIn(conn: RawConnection, actor: Actor, changes: readonly RowChange[], opts: WriteOptions): Promise<WriteResult> {
    for (const c of changes) checkFields(c.table, Object.keys(c.set));
    await checkRules(this.guard, conn, this.nodeId, actor, changes, opts); // the rule book, on the journal as it was
    const { changeSetId, entries, created } = await changeRows(this.clock, actor, changes, opts,
      (change) => readForWrite(conn, change.table, change.id), // each row with its clocks
      (sql, params) => execute(conn, sql, params)); // its INSERT or UPDATE
    const last = this.clock.stamp(entries);
    const head = await this.signer.sign(conn, this.nodeId, actor, entries);
    await this.append(conn, last, entries, head);
    return { changeSetId, changed: entries.length, created };
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
      this.queue.touch(touched);
      // Where the log ends now, with the remote entries (known once committed).
      this.pending.applied(maxHlc, await logEnd(conn));
      this.queue.othersWrote();
      return result;
    }))).finally(() => this.queue.touch(touched));
  }

  /**
   * Creates rows known to be new (fresh ids) in bulk: the demo generator, imports, the
   * year's lessons.
   * Same log entries as `write`, without reading each row first. Every row of one call
   * must carry the same fields.
   */
  insertNew(actor: Actor, table: JournalTable, rows: readonly Record<string, FieldValue | boolean>[], opts: WriteOptions = {}): Promise<WriteResult> {
    return this.serialized([table], () => withConnection(this.knex, (conn) => this.transaction(conn, async () => {
      if (rows.length === 0) return { changeSetId: '', changed: 0, created: 0 };
      const { changeSetId, entries, created, columns, values } = newRows(this.clock, actor, table, rows, opts);
      // A user's bulk rows (an import, the year's lessons) meet the rule book like any change.
      if (actor.userId && this.guard) {
        const why = await this.guard(conn, entries);
        if (why) throw new WriteError('FORBIDDEN', why);
      }
      const last = this.clock.stamp(entries);
      const head = await this.signer.sign(conn, this.nodeId, actor, entries);
      await insertRows(conn, table, columns, values);
      await this.append(conn, last, entries, head);
      return { changeSetId, changed: entries.length, created };
    })));
  }

  /**
   * New rows of several tables (in bulk, as insertNew) and changes of existing rows (as
   * write) in ONE transaction and one change set: an import commits all of its rows or
   * none. The rule book sees every entry before any row is touched. Tables are inserted in
   * the order given (a row's references first); the changes run after them.
   */
  writeBatch(actor: Actor, batch: { readonly inserts: readonly NewRows[]; readonly changes: readonly RowChange[] }, opts: WriteOptions = {}): Promise<WriteResult> {
    const inserts = batch.inserts.filter((i) => i.rows.length > 0);
    const tables = new Set<string>([...inserts.map((i) => i.table), ...batch.changes.map((c) => c.table)]);
    return this.serialized(tables, () => withConnection(this.knex, (conn) => this.transaction(conn, async () => {
      if (inserts.length === 0 && batch.changes.length === 0) return { changeSetId: '', changed: 0, created: 0 };
      const set = changeSetOf(this.clock, actor, opts);
      const built = inserts.map((i) => ({ table: i.table, ...newRows(this.clock, actor, i.table, i.rows, opts, set) }));
      const newEntries = built.flatMap((b) => b.entries);
      for (const c of batch.changes) checkFields(c.table, Object.keys(c.set));
      // The rule book, on the journal as it was: the new rows' entries, then the changes.
      if (actor.userId && this.guard && newEntries.length > 0) {
        const why = await this.guard(conn, newEntries);
        if (why) throw new WriteError('FORBIDDEN', why);
      }
      await checkRules(this.guard, conn, this.nodeId, actor, batch.changes, opts);
      for (const b of built) await insertRows(conn, b.table, b.columns, b.values);
      const read = await readChangedOnce(conn, batch.changes);
      const changed = await changeRows(this.clock, actor, batch.changes, opts,
        async (change) => read.get(rowKey(change.table, change.id)) ?? readForWrite(conn, change.table, change.id), (sql, params) => execute(conn, sql, params), set);
      const entries = [...newEntries, ...changed.entries];
      const last = this.clock.stamp(entries);
      const head = await this.signer.sign(conn, this.nodeId, actor, entries);
      await this.append(conn, last, entries, head);
      return { changeSetId: set.id, changed: entries.length, created: built.reduce((n, b) => n + b.created, 0) + changed.created };
    })));
  }

  /** Appends a write's entries; the clock, the log's end and the chain head it reached are pending until the commit. */
  private async append(conn: RawConnection, last: Hlc | null, entries: readonly LogEntry[], head: ChainHead | null): Promise<void> {
    const seqs = await appendEntries(conn, entries);
    if (!seqs) return;
    this.queue.appendedFrom(seqs.first); // a gap before them: another process appended since this writer last looked
    this.pending.wrote(last, seqs.last, head);
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
      throw err;
    }
    return result;
  }

  /** A job in turn (queue.ts), whose pending state takes effect only when it succeeds (pending.ts). */
  private serialized<T>(tables: Iterable<string>, job: () => Promise<T>): Promise<T> {
    return this.queue.run(tables, () => this.pending.around(job));
  }
}
