// 010: the school's calendar of non-working days, and a certification campaign cancelled
// with its reason (R-PRINT-2).
// - non_working_day (a journal table): the public holidays and the school's own days off
//   (a weekend moved onto a weekday), one row per date; the five days of a certification
//   are proposed on working days only. The id comes from the date (db/ids.ts keyId), so two
//   computers entering the same date address one row. A day taken off the calendar keeps
//   its row with removed = 1: its history stays in the journal. A calendar year without any
//   row has Russia's public holidays as its default (service/certification/calendar.ts).
// - certification_campaign learns who cancelled it, when and why. A cancelled campaign is
//   closed and keeps its row and reason (the journal is a legal record; nothing is deleted).
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const statements: readonly string[] = [
  `CREATE TABLE non_working_day (
     id       TEXT PRIMARY KEY,
     date     TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
     name     TEXT NOT NULL CHECK (length(name) > 0),
     removed  INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
   )`,
  `CREATE UNIQUE INDEX non_working_day_date ON non_working_day (date)`,
  `ALTER TABLE certification_campaign ADD COLUMN cancelled_by TEXT ${fk('staff')}`,
  `ALTER TABLE certification_campaign ADD COLUMN cancelled_at TEXT`,
  `ALTER TABLE certification_campaign ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT ''`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 010 cannot be reverted');
}
