// Who may see what, checked in the service for every caller (R-ROLE-1…5). The UI hides
// what a user cannot do, but these checks are the ones that count.
import type { Knex } from 'knex';
import { getAssignment, type AssignmentInfo } from '../db/queries/assignments';
import type { Role } from '../db/schema';
import { rolesOf } from '../shared/role-sets';
import { forbidden, notFound } from './errors';
import { hasRole, type SessionUser } from './session';

/** Roles that see every page of the journal (R-ROLE-4, R-ROLE-5; the secretary prints copies, R-PRINT-3). */
export const SEES_WHOLE_SCHOOL: readonly Role[] = rolesOf('wholeSchool');

/**
 * A journal page is visible to the whole-school roles, to its teacher (R-ROLE-2), to a
 * teacher who substitutes one of its lessons, and to the class teacher of its class,
 * who sees every page of the class without editing (R-ROLE-3).
 */
export async function canViewPage(knex: Knex, user: SessionUser, a: AssignmentInfo): Promise<boolean> {
  if (hasRole(user, ...SEES_WHOLE_SCHOOL)) return true;
  if (a.teacherId === user.id) return true;
  if (hasRole(user, 'class_teacher') && a.classTeacherId === user.id) return true;
  const sub = await knex('lesson').where({ assignment_id: a.id, substitute_teacher_id: user.id }).first('id');
  return !!sub;
}

/** The journal page of `assignmentId` when the user may see it; otherwise NOT_FOUND or FORBIDDEN. */
export async function viewablePage(knex: Knex, user: SessionUser, assignmentId: string): Promise<AssignmentInfo> {
  const a = await getAssignment(knex, assignmentId);
  if (!a) throw notFound('Страница журнала не найдена.');
  if (!(await canViewPage(knex, user, a))) throw forbidden('Эта страница журнала вам недоступна.');
  return a;
}
