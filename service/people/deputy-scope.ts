// A deputy's own parallels (R-ROLE-4): the control screens and the certification open on
// them by default, the whole school a choice away.
import type { Knex } from 'knex';

export type Scope = 'mine' | 'all';

/** The user's parallels, and the grades a screen shows for the scope asked (undefined: every grade). */
export async function deputyScope(knex: Knex, staffId: string, asked: Scope | undefined): Promise<{ myGrades: number[]; scope: Scope; grades: number[] | undefined }> {
  const myGrades = (await knex('deputy_grade').where({ staff_id: staffId, removed: 0 }).orderBy('grade').select('grade')).map((r: { grade: number }) => r.grade);
  const scope: Scope = (asked ?? 'mine') === 'mine' && myGrades.length > 0 ? 'mine' : 'all';
  return { myGrades, scope, grades: scope === 'mine' ? myGrades : undefined };
}
