// 019: the record of sign-ins (R-REP-2: the user-activity report shows who worked in the
// journal and when — sign-ins and changes per person per day).
//
// sign_in_log is a LOCAL table (LOCAL_TABLES in db/schema.ts), as login_attempt (002): one
// row per successful sign-in on this computer (auth.login, auth.activate), written by the
// service with a plain insert. It is not journal data and never goes through the journal
// writer: a sign-in must change nothing in the journal, its history or what the sync
// carries. The changes themselves are in change_log, synced; the sign-ins are this
// computer's.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `CREATE TABLE sign_in_log (
     seq           INTEGER PRIMARY KEY AUTOINCREMENT,
     staff_id      TEXT NOT NULL REFERENCES staff(id) DEFERRABLE INITIALLY DEFERRED,
     signed_in_at  TEXT NOT NULL CHECK (signed_in_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),   -- ISO instant (UTC)
     day           TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),              -- the local date
     how           TEXT NOT NULL DEFAULT 'password' CHECK (how IN ('password', 'activation'))
   )`,
  `CREATE INDEX sign_in_log_day ON sign_in_log (day, staff_id)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  // As 001: migrations never go down (a newer database is refused instead).
  throw new Error('migration 019 cannot be reverted');
}
