// The service host: the one door to the journal. For every call it checks the method
// name, validates the payload against the method's schema and its text for control
// characters (service/text-hygiene.ts), loads the caller's session
// and checks the method's access, then runs it. Errors come back as payloads with a
// code and a Russian message, never as exceptions across a process boundary.
import { z } from 'zod';
import { openJournal, type JournalDb } from '../db/journal-db';
import { closePrintJobs } from '../print/jobs/manager';
import type { CallResult } from './api';
import { idleLockMessage } from './auth/idle';
import { accessRoles, type CallContext } from './define';
import { ServiceError, toErrorPayload } from './errors';
import { isMethodName, methods } from './methods';
import { loadProfile } from './regulation/profile';
import { hasRole, loadSessionUser } from './session';
import { assertCleanText } from './text-hygiene';

export interface HostOptions {
  readonly now?: () => Date;
  /** A session with no call for this long locks itself (R-ROLE-7); by default the
   *  regulation profile's idleLockMinutes, read at each call (the administrator may change it). */
  readonly idleLockMs?: number;
  readonly log?: (message: string, err: unknown) => void;
  /** Before the database is closed to be replaced (a restore): stop what else uses it (the background sync). */
  readonly beforeDatabaseClose?: (db: JournalDb) => Promise<void>;
  /** The database opened again after a replacement (the restored one, or the old one when the restore failed). */
  readonly afterDatabaseOpen?: (db: JournalDb) => void;
}

function validationMessage(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'Неверные данные запроса.';
  const where = first.path.length > 0 ? ` (поле «${first.path.join('.')}»)` : '';
  const text = /[а-яё]/i.test(first.message) ? first.message : 'значение не подходит';
  return `Неверные данные запроса${where}: ${text}.`;
}

/** An optimistic call's cached data turned out stale (CallContext.confirmFresh): run it again. */
class StaleCaches extends Error {}

interface Session {
  readonly staffId: string;
  /** The host's clock at the caller's last call (ms). */
  lastCallAt: number;
}

export class ServiceHost {
  /** callerKey → signed-in session. A caller is a window, a preview tab or a CLI run. */
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => Date;
  private readonly idleLockMs: number | undefined;
  private readonly log: (message: string, err: unknown) => void;
  private currentDb: JournalDb;
  /** Calls running now; a replacement of the database waits until only its own runs. */
  private running = 0;
  private onCallEnd: (() => void) | null = null;
  /** While the database is being replaced: new calls wait for it. */
  private replacing: Promise<void> | null = null;
  /** Callers signed out by a replacement of the database, and what they are told. */
  private readonly signedOut = new Map<string, string>();

  constructor(db: JournalDb, private readonly opts: HostOptions = {}) {
    this.currentDb = db;
    this.now = opts.now ?? (() => new Date());
    this.idleLockMs = opts.idleLockMs;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
  }

  /** The open database (another one after a restore). */
  get db(): JournalDb {
    return this.currentDb;
  }

  async call(callerKey: string, method: unknown, rawArgs: unknown): Promise<CallResult> {
    while (this.replacing) await this.replacing;
    this.running++;
    try {
      return { ok: true, value: await this.dispatch(callerKey, method, rawArgs) };
    } catch (err) {
      if (!(err instanceof ServiceError)) this.log(`service method ${String(method)} failed`, err);
      return { ok: false, error: toErrorPayload(err) };
    } finally {
      this.running--;
      this.onCallEnd?.();
    }
  }

  /** CallContext.replaceDatabase: called from inside a call (a restore), which counts as running. */
  private async replaceDatabase<T>(replace: (file: string) => Promise<T>, signOutMessage: string): Promise<T> {
    if (this.replacing) throw new ServiceError('CONFLICT', 'База данных уже заменяется. Подождите и повторите.');
    let release!: () => void;
    this.replacing = new Promise<void>((resolve) => (release = resolve));
    try {
      // The other calls in flight finish first (their writes commit to the old file).
      await new Promise<void>((resolve) => {
        const check = () => {
          if (this.running > 1) return;
          this.onCallEnd = null;
          resolve();
        };
        this.onCallEnd = check;
        check();
      });
      const old = this.currentDb;
      await this.opts.beforeDatabaseClose?.(old);
      await closePrintJobs(old); // print jobs in progress are cancelled: no half-written PDF
      await old.close();
      try {
        return await replace(old.file);
      } finally {
        // The file now in place: the restored journal, or the old one when the restore failed.
        this.currentDb = await openJournal(old.file, { mustExist: true });
        this.opts.afterDatabaseOpen?.(this.currentDb);
        for (const key of this.sessions.keys()) this.signedOut.set(key, signOutMessage);
        this.sessions.clear();
      }
    } finally {
      this.replacing = null;
      release();
    }
  }

  /** Forget a caller's session (its window closed). */
  endCaller(callerKey: string): void {
    this.sessions.delete(callerKey);
    this.signedOut.delete(callerKey);
  }

  /**
   * The caller's signed-in staff id, kept alive by this call. R-ROLE-7: teachers share
   * computers, so a session with no call for idleLockMs locks itself: it is dropped here.
   */
  private touchSession(callerKey: string, idleLockMs: number): { staffId: string | null; idle: boolean } {
    const session = this.sessions.get(callerKey);
    if (!session) return { staffId: null, idle: false };
    this.signedOut.delete(callerKey);
    const at = this.now().getTime();
    if (at - session.lastCallAt >= idleLockMs) {
      this.sessions.delete(callerKey);
      return { staffId: null, idle: true };
    }
    session.lastCallAt = at;
    return { staffId: session.staffId, idle: false };
  }

  private async dispatch(callerKey: string, method: unknown, rawArgs: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !isMethodName(method)) {
      throw new ServiceError('UNKNOWN_METHOD', `Неизвестная операция: ${String(method)}.`);
    }
    const def = methods[method];
    const parsed = (def.input as z.ZodType).safeParse(rawArgs ?? {});
    if (!parsed.success) throw new ServiceError('VALIDATION', validationMessage(parsed.error), parsed.error.issues);
    assertCleanText(method, parsed.data); // no control characters; line breaks only where a field holds several lines
    if (!def.optimistic) return this.run(callerKey, def, parsed.data, false);
    // A keystroke: checked against the caches first, confirmed by its own read (confirmFresh).
    // A refusal before that confirmation may rest on stale data: checked, and run again if so
    // (not a session that ended: the sign-in screen it leads to checks afresh anyway).
    const fresh = { confirmed: false };
    try {
      return await this.run(callerKey, def, parsed.data, fresh);
    } catch (err) {
      const ended = err instanceof ServiceError && err.code === 'UNAUTHENTICATED';
      if (err instanceof StaleCaches || (!fresh.confirmed && !ended && (await this.db.writer.noticeOtherWriters()))) {
        return this.run(callerKey, def, parsed.data, false);
      }
      throw err;
    }
  }

  /**
   * Runs a method for the caller. `optimistic` false: first notices commits by another process
   * (the CLI on the same file), which make the cached profile, staff and lessons stale
   * (db/journal-writer.ts: version()); otherwise the method confirms its data itself.
   */
  private async run(callerKey: string, def: (typeof methods)[keyof typeof methods], args: unknown, optimistic: { confirmed: boolean } | false): Promise<unknown> {
    if (!optimistic) await this.db.writer.noticeOtherWriters();
    const idleLockMs = this.idleLockMs ?? (await loadProfile(this.db.knex)).idleLockMinutes * 60_000;
    const { staffId, idle } = this.touchSession(callerKey, idleLockMs);
    const user = staffId ? await loadSessionUser(this.db.knex, staffId) : null;
    if (staffId && !user) this.sessions.delete(callerKey); // deactivated meanwhile
    if (def.access !== 'public') {
      if (!user) throw new ServiceError('UNAUTHENTICATED', idle ? idleLockMessage(idleLockMs) : this.signedOut.get(callerKey) ?? 'Сначала войдите в программу.');
      if (def.access !== 'signed-in' && !hasRole(user, ...accessRoles(def.access))) {
        throw new ServiceError('FORBIDDEN', 'Недостаточно прав для этого действия.');
      }
    }
    const ctx: CallContext = {
      db: this.db,
      user,
      now: this.now,
      setSession: (id) => {
        this.signedOut.delete(callerKey);
        if (id) this.sessions.set(callerKey, { staffId: id, lastCallAt: this.now().getTime() });
        else this.sessions.delete(callerKey);
      },
      replaceDatabase: (replace, signOutMessage) => this.replaceDatabase(replace, signOutMessage),
      confirmFresh: async (logEnd) => {
        if (!optimistic) return;
        const writer = this.db.writer;
        const current = logEnd === undefined ? !(await writer.noticeOtherWriters()) : writer.confirmLogEnd(logEnd);
        optimistic.confirmed = true;
        if (!current) throw new StaleCaches();
      },
    };
    // Each method's run() is typed against its own schema; here the name is dynamic.
    return (def.run as (c: CallContext, a: unknown) => Promise<unknown>)(ctx, args);
  }
}

/** Every method with its access and argument schema (JSON Schema), for `journal call --list`. */
export function describeMethods(): { method: string; summary: string; access: unknown; roleSet: string | null; args: unknown }[] {
  return Object.entries(methods).map(([name, def]) => ({
    method: name,
    summary: def.summary,
    // 'public', 'signed-in', or the roles of the method's named set (db/rules/role-sets.ts).
    access: def.access === 'public' || def.access === 'signed-in' ? def.access : accessRoles(def.access),
    roleSet: def.access === 'public' || def.access === 'signed-in' ? null : def.access,
    args: z.toJSONSchema(def.input as z.ZodType),
  }));
}
