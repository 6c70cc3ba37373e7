// journal call METHOD --db FILE --user LOGIN --password PW [--args JSON]
// Calls one service method as that user, through the same ServiceHost as the app:
// the same validation and permission checks. The password may also come from the
// JOURNAL_PASSWORD environment variable (keeps it out of the process list).
import { openJournal } from '../../db/journal-db';
import type { CallResult } from '../../service/api';
import { describeMethods, ServiceHost } from '../../service/host';
import { isMethodName, methods } from '../../service/methods';
import { CliError } from '../output';

export interface CallArgs {
  method: string;
  db: string;
  user?: string;
  password?: string;
  args?: string;
}

export function listMethods() {
  return describeMethods();
}

function parseArgsJson(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError('BAD_ARGS_JSON', `--args не является корректным JSON: ${(err as Error).message}`);
  }
}

export async function runCall(a: CallArgs): Promise<CallResult> {
  const payload = parseArgsJson(a.args);
  if (!isMethodName(a.method)) throw new CliError('UNKNOWN_METHOD', `Неизвестная операция: ${a.method}. Список: journal call --list`);
  const isPublic = methods[a.method].access === 'public';
  const password = a.password ?? process.env.JOURNAL_PASSWORD;
  if (!isPublic && (!a.user || password === undefined)) {
    throw new CliError('USAGE', 'Укажите --user LOGIN и --password PW (или переменную JOURNAL_PASSWORD).');
  }
  const db = await openJournal(a.db, { mustExist: true });
  try {
    const host = new ServiceHost(db);
    const caller = 'cli';
    // A payload the method's schema refuses is answered before signing in: a bad call
    // leaves no trace, not even a sign-in on this computer's record (R-REP-2).
    if (!methods[a.method].input.safeParse(payload).success) return await host.call(caller, a.method, payload);
    if (a.user && password !== undefined) {
      const signedIn = await host.call(caller, 'auth.login', { login: a.user, password });
      if (!signedIn.ok) return signedIn;
    }
    return await host.call(caller, a.method, payload);
  } finally {
    await db.close();
  }
}
