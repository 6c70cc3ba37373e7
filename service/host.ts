// The service host: the one door to the journal. For every call it checks the method
// name, validates the payload against the method's schema and its text for control
// characters (service/text-hygiene.ts), loads the caller's session
// and checks the method's access, then runs it. Errors come back as payloads with a
// code and a Russian message, never as exceptions across a process boundary.
import { z } from 'zod';
import type { JournalDb } from '../db/journal-db';
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

  constructor(readonly db: JournalDb, opts: HostOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.idleLockMs = opts.idleLockMs;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
  }

  async call(callerKey: string, method: unknown, rawArgs: unknown): Promise<CallResult> {
    try {
      return { ok: true, value: await this.dispatch(callerKey, method, rawArgs) };
    } catch (err) {
      if (!(err instanceof ServiceError)) this.log(`service method ${String(method)} failed`, err);
      return { ok: false, error: toErrorPayload(err) };
    }
  }

  /** Forget a caller's session (its window closed). */
  endCaller(callerKey: string): void {
    this.sessions.delete(callerKey);
  }

  /**
   * The caller's signed-in staff id, kept alive by this call. R-ROLE-7: teachers share
   * computers, so a session with no call for idleLockMs locks itself: it is dropped here.
   */
  private touchSession(callerKey: string, idleLockMs: number): { staffId: string | null; idle: boolean } {
    const session = this.sessions.get(callerKey);
    if (!session) return { staffId: null, idle: false };
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
      if (!user) throw new ServiceError('UNAUTHENTICATED', idle ? idleLockMessage(idleLockMs) : 'Сначала войдите в программу.');
      if (def.access !== 'signed-in' && !hasRole(user, ...accessRoles(def.access))) {
        throw new ServiceError('FORBIDDEN', 'Недостаточно прав для этого действия.');
      }
    }
    const ctx: CallContext = {
      db: this.db,
      user,
      now: this.now,
      setSession: (id) => {
        if (id) this.sessions.set(callerKey, { staffId: id, lastCallAt: this.now().getTime() });
        else this.sessions.delete(callerKey);
      },
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
