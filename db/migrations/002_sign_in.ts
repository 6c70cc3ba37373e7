// 002: sign-in rules (R-ROLE-6, R-ROLE-7 of REGULATIONS.md).
//
// login_attempt is a LOCAL table (LOCAL_TABLES in db/schema.ts): this computer's count of
// wrong passwords in a row per login, and until when the login is locked here. It is
// never synced and never written through the journal writer: it is not part of the
// journal, and a sync must not carry a lock (or an attacker's guesses) to other computers.
// Rows are keyed by the login as typed, also for logins that do not exist, so that a
// locked answer says nothing about which logins exist.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `CREATE TABLE login_attempt (
     login         TEXT PRIMARY KEY COLLATE NOCASE,
     failures      INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
     locked_until  TEXT                   -- ISO instant; NULL: not locked
   )`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  // As 001: migrations never go down (a newer database is refused instead).
  throw new Error('migration 002 cannot be reverted');
}
