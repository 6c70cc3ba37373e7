// 013: the school's own setup (issue 13, R-ROLE-6, R-ROLE-4).
// - A class or subject that has lessons is never deleted: it is retired (retired = 1) and
//   stays on every page, copy and report that has it; new setup no longer offers it.
// - A holiday or a curriculum line taken back keeps its row with removed = 1: its history
//   stays in the journal.
// - deputy_grade (a journal table): which deputy oversees which parallel (R-ROLE-4); the
//   control screens and the certification open on the deputy's own classes by default. The
//   id comes from the deputy and the grade (db/ids.ts keyId), so two computers naming the
//   same pair address one row.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const statements: readonly string[] = [
  `ALTER TABLE class ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))`,
  `ALTER TABLE subject ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))`,
  `ALTER TABLE holiday ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))`,
  `ALTER TABLE curriculum ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))`,
  `CREATE TABLE deputy_grade (
     id        TEXT PRIMARY KEY,
     staff_id  TEXT NOT NULL ${fk('staff')},
     grade     INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
     removed   INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
   )`,
  `CREATE UNIQUE INDEX deputy_grade_pair ON deputy_grade (staff_id, grade)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 013 cannot be reverted');
}
