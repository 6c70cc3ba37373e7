// Who may fill a lesson, and who is on its page (R-ROLE-2, R-ROLE-3).
import type { Knex } from 'knex';
import { getAssignment, type AssignmentInfo } from '../../db/queries/assignments';
import { notFound } from '../errors';
import type { SessionUser } from '../session';
import { hasRole } from '../session';

export interface LessonRow {
  id: string;
  assignment_id: string;
  date: string;
  lesson_no: number;
  teacher_id: string;
  substitute_teacher_id: string | null;
  cancelled: number;
}

export interface LessonInContext {
  lesson: LessonRow;
  assignment: AssignmentInfo;
}

export async function loadLesson(knex: Knex, lessonId: string): Promise<LessonInContext> {
  const lesson: LessonRow | undefined = await knex('lesson').where({ id: lessonId }).first();
  if (!lesson || lesson.cancelled) throw notFound('Урок не найден.');
  const assignment = await getAssignment(knex, lesson.assignment_id);
  if (!assignment) throw notFound('Страница журнала не найдена.');
  return { lesson, assignment };
}

/**
 * A lesson is filled by its teacher or by the substitute recorded for it (R-ROLE-2).
 * No one else — not the class teacher (R-ROLE-3), the deputy (R-ROLE-4) or the
 * director (R-ROLE-5) — enters marks, topics or homework.
 */
export function canFillLesson(user: SessionUser, l: LessonInContext): boolean {
  if (!hasRole(user, 'teacher', 'class_teacher')) return false;
  if (l.lesson.substitute_teacher_id) return l.lesson.substitute_teacher_id === user.id;
  return l.lesson.teacher_id === user.id || l.assignment.teacherId === user.id;
}

/** The class teacher of the lesson's class (records absence reasons, R-ROLE-3). */
export function isClassTeacherOf(user: SessionUser, a: AssignmentInfo): boolean {
  return hasRole(user, 'class_teacher') && a.classTeacherId === user.id;
}

/** Whether the student belongs to the page (class or subgroup) on `date`. */
export async function studentOnPage(knex: Knex, a: AssignmentInfo, studentId: string, date: string): Promise<boolean> {
  const q = a.subgroupId
    ? knex('subgroup_member').where({ subgroup_id: a.subgroupId, student_id: studentId })
    : knex('enrolment').where({ class_id: a.classId, student_id: studentId });
  const row = await q
    .where('starts_on', '<=', date)
    .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>', date))
    .first('id');
  return !!row;
}
