// Locking a login after too many wrong passwords in a row (R-ROLE-7: each user answers
// for their credentials, and teachers sign in on shared computers in the lab).
//
// The count lives in login_attempt, a local table of this computer (migration 002): it is
// kept per login as typed, also for logins that do not exist, so a locked answer tells
// nothing about which logins exist. A correct password clears it; so does the
// administrator (staff.unlock); a lock that has run out starts the count again.
import type { Knex } from 'knex';
import { ServiceError } from '../errors';

/** Wrong passwords in a row that lock a login. */
export const MAX_FAILURES = 5;
/** How long the lock lasts. */
export const LOCK_MS = 15 * 60_000;

interface AttemptRow {
  readonly login: string;
  readonly failures: number;
  readonly locked_until: string | null;
}

/** The key of a login in login_attempt (the column is COLLATE NOCASE too; this also folds Cyrillic). */
export const loginKey = (login: string): string => login.trim().toLowerCase();

const pad = (n: number) => String(n).padStart(2, '0');

/** '10:45' in local time, rounded up to the minute so the lock never ends later than said. */
function clockTime(d: Date): string {
  const t = new Date(Math.ceil(d.getTime() / 60_000) * 60_000);
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

export function lockedError(until: Date): ServiceError {
  return new ServiceError(
    'LOCKED',
    `Вход заблокирован до ${clockTime(until)} после ${MAX_FAILURES} неверных попыток. ` +
      'Обратитесь к администратору, чтобы снять блокировку раньше.',
    { lockedUntil: until.toISOString() },
  );
}

/** Refuses a login that is locked now; a lock that has run out is forgotten (the count starts again). */
export async function assertNotLocked(knex: Knex, login: string, now: Date): Promise<void> {
  const row: AttemptRow | undefined = await knex('login_attempt').where({ login: loginKey(login) }).first();
  if (!row?.locked_until) return;
  const until = new Date(row.locked_until);
  if (until.getTime() > now.getTime()) throw lockedError(until);
  await knex('login_attempt').where({ login: loginKey(login) }).del();
}

/**
 * Counts one wrong password (or activation code) for `login` and returns the error to
 * answer with: `wrong` below the limit, LOCKED when this attempt reaches it.
 */
export async function recordFailure(knex: Knex, login: string, now: Date, wrong: ServiceError): Promise<ServiceError> {
  const key = loginKey(login);
  return knex.transaction(async (trx) => {
    await trx('login_attempt').insert({ login: key, failures: 1, locked_until: null })
      .onConflict('login').merge({ failures: trx.raw('failures + 1') });
    const row: AttemptRow = await trx('login_attempt').where({ login: key }).first();
    if (row.failures < MAX_FAILURES) return wrong;
    const until = new Date(now.getTime() + LOCK_MS);
    await trx('login_attempt').where({ login: key }).update({ locked_until: until.toISOString() });
    return lockedError(until);
  });
}

/** Forgets the count of a login (a correct password, or the administrator unlocks it). Writes only when there is one. */
export async function clearFailures(knex: Knex, login: string): Promise<boolean> {
  const row: AttemptRow | undefined = await knex('login_attempt').where({ login: loginKey(login) }).first();
  if (!row) return false;
  await knex('login_attempt').where({ login: loginKey(login) }).del();
  return true;
}

/** Logins locked at `now` (by key), with the time each lock ends. */
export async function lockedLogins(knex: Knex, now: Date): Promise<Map<string, string>> {
  const rows: AttemptRow[] = await knex('login_attempt').whereNotNull('locked_until').where('locked_until', '>', now.toISOString());
  return new Map(rows.map((r) => [r.login, r.locked_until!]));
}
