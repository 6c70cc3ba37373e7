// 015: the weight of a kind of work (issue 14 point 4, R-REC-2). work_kind.weight has been
// there since 001 (REAL NOT NULL DEFAULT 1: every kind weighs 1 unless the administrator
// sets another), but nothing kept it positive; a weight of 0 or less would make the
// weighted average of a page, of the certification's day-1 check and of a forecast divide
// by zero or turn upside down. The check is added as triggers (SQLite cannot add a CHECK to
// an existing column without rebuilding the table, which the marks reference): a weight
// must be greater than 0. An old row with a weight of 0 or less (never written by the app,
// whose service takes 0,5 to 5) gets the default 1 first.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `UPDATE work_kind SET weight = 1 WHERE weight IS NULL OR weight <= 0`,
  `CREATE TRIGGER work_kind_weight_insert BEFORE INSERT ON work_kind
   WHEN NEW.weight IS NULL OR NEW.weight <= 0
   BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: work_kind.weight > 0'); END`,
  `CREATE TRIGGER work_kind_weight_update BEFORE UPDATE OF weight ON work_kind
   WHEN NEW.weight IS NULL OR NEW.weight <= 0
   BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: work_kind.weight > 0'); END`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 015 cannot be reverted');
}
