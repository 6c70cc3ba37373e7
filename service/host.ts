// The service host: the one door to the journal. For every call it checks the method
// name, validates the payload against the method's schema, loads the caller's session
// and checks the method's access, then runs it. Errors come back as payloads with a
// code and a Russian message, never as exceptions across a process boundary.
import { z } from 'zod';
import type { JournalDb } from '../db/journal-db';
import type { CallResult } from './api';
import type { CallContext } from './define';
import { ServiceError, toErrorPayload } from './errors';
import { isMethodName, methods } from './methods';
import { hasRole, loadSessionUser } from './session';

export interface HostOptions {
  readonly now?: () => Date;
  readonly log?: (message: string, err: unknown) => void;
}

function validationMessage(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'Неверные данные запроса.';
  const where = first.path.length > 0 ? ` (поле «${first.path.join('.')}»)` : '';
  const text = /[а-яё]/i.test(first.message) ? first.message : 'значение не подходит';
  return `Неверные данные запроса${where}: ${text}.`;
}

export class ServiceHost {
  /** callerKey → signed-in staff id. A caller is a window, a preview tab or a CLI run. */
  private readonly sessions = new Map<string, string>();
  private readonly now: () => Date;
  private readonly log: (message: string, err: unknown) => void;

  constructor(readonly db: JournalDb, opts: HostOptions = {}) {
    this.now = opts.now ?? (() => new Date());
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

  private async dispatch(callerKey: string, method: unknown, rawArgs: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !isMethodName(method)) {
      throw new ServiceError('UNKNOWN_METHOD', `Неизвестная операция: ${String(method)}.`);
    }
    const def = methods[method];
    const parsed = (def.input as z.ZodType).safeParse(rawArgs ?? {});
    if (!parsed.success) throw new ServiceError('VALIDATION', validationMessage(parsed.error), parsed.error.issues);

    const staffId = this.sessions.get(callerKey);
    const user = staffId ? await loadSessionUser(this.db.knex, staffId) : null;
    if (staffId && !user) this.sessions.delete(callerKey); // deactivated meanwhile
    if (def.access !== 'public') {
      if (!user) throw new ServiceError('UNAUTHENTICATED', 'Сначала войдите в программу.');
      if (def.access !== 'signed-in' && !hasRole(user, ...def.access)) {
        throw new ServiceError('FORBIDDEN', 'Недостаточно прав для этого действия.');
      }
    }
    const ctx: CallContext = {
      db: this.db,
      user,
      now: this.now,
      setSession: (id) => {
        if (id) this.sessions.set(callerKey, id);
        else this.sessions.delete(callerKey);
      },
    };
    // Each method's run() is typed against its own schema; here the name is dynamic.
    return (def.run as (c: CallContext, a: unknown) => Promise<unknown>)(ctx, parsed.data);
  }
}

/** Every method with its access and argument schema (JSON Schema), for `journal call --list`. */
export function describeMethods(): { method: string; summary: string; access: unknown; args: unknown }[] {
  return Object.entries(methods).map(([name, def]) => ({
    method: name,
    summary: def.summary,
    access: def.access,
    args: z.toJSONSchema(def.input as z.ZodType),
  }));
}
