// 003: the deputy's note when returning a remark to the teacher (R-ROLE-4), kept on the
// remark itself so the teacher sees what is still to fix.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `ALTER TABLE control_remark ADD COLUMN review_note TEXT NOT NULL DEFAULT ''`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 003 cannot be reverted');
}
