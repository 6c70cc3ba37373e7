// Who may fill a lesson, and who is on its page (R-ROLE-2, R-ROLE-3).
import type { Knex } from 'knex';
import { readRows, type SqlValue } from '../../db/connection';
import { JournalWriter } from '../../db/journal-writer';
import { assignmentColumnsSql, type AssignmentInfo } from '../../db/queries/assignments';
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

const PAGE = 'page.'; // the prefix of the page's columns in LOAD_LESSON; no lesson column has a dot
// getAssignment's joins as left joins from the lesson (a join group would be materialized
// whole); the page exists when all of its inner-joined rows do.
const LOAD_LESSON = `SELECT l.*, ${assignmentColumnsSql(PAGE)}, s.graded AS "${PAGE}graded",
    a.id IS NOT NULL AND c.id IS NOT NULL AND s.id IS NOT NULL AND t.id IS NOT NULL AS "${PAGE}exists"
  FROM lesson l
  LEFT JOIN teaching_assignment a ON a.id = l.assignment_id
  LEFT JOIN class c ON c.id = a.class_id
  LEFT JOIN subject s ON s.id = a.subject_id
  LEFT JOIN staff t ON t.id = a.teacher_id
  LEFT JOIN subgroup g ON g.id = a.subgroup_id
  WHERE l.id = ? LIMIT 1`;

type LessonWithSubject = LessonInContext & { subjectGraded: boolean };

/** The tables a lesson's page is read from (LOAD_LESSON): a change to any of them drops the cache. */
const PAGE_TABLES = ['lesson', 'teaching_assignment', 'class', 'subject', 'staff', 'subgroup'] as const;
const MAX_CACHED_LESSONS = 2000;
const cache = new WeakMap<Knex, { version: string; lessons: Map<string, LessonWithSubject> }>();

/**
 * The lesson with its page, and whether the page's subject is graded. A keystroke needs it
 * at every mark, so it is kept per lesson until one of PAGE_TABLES changes (the writer's
 * version(), which also grows when another process's commits are noticed; the pattern of
 * service/session.ts). The result is frozen: it is shared between callers.
 */
export async function loadLessonWithSubject(knex: Knex, lessonId: string): Promise<LessonWithSubject> {
  const writer = JournalWriter.of(knex);
  if (!writer) return readLessonWithSubject(knex, lessonId);
  const version = PAGE_TABLES.map((t) => writer.version(t)).join(':');
  let entry = cache.get(knex);
  if (!entry || entry.version !== version) cache.set(knex, (entry = { version, lessons: new Map() }));
  const hit = entry.lessons.get(lessonId);
  if (hit) return hit;
  const read = await readLessonWithSubject(knex, lessonId);
  // Kept only if nothing changed while it was read (else the next call reads again).
  if (entry === cache.get(knex)) {
    if (entry.lessons.size >= MAX_CACHED_LESSONS) entry.lessons.clear();
    entry.lessons.set(lessonId, read);
  }
  return read;
}

/** One read: the lesson joined with its page. */
async function readLessonWithSubject(knex: Knex, lessonId: string): Promise<LessonWithSubject> {
  const [row] = await readRows(knex, LOAD_LESSON, [lessonId]);
  if (!row || row.cancelled) throw notFound('Урок не найден.');
  const lesson: Record<string, SqlValue> = {};
  const page: Record<string, SqlValue> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith(PAGE)) page[k.slice(PAGE.length)] = v;
    else lesson[k] = v;
  }
  const { graded, exists, ...assignment } = page;
  if (!exists) throw notFound('Страница журнала не найдена.');
  return Object.freeze({
    lesson: Object.freeze(lesson) as unknown as LessonRow,
    assignment: Object.freeze(assignment) as unknown as AssignmentInfo,
    subjectGraded: !!graded,
  });
}

export async function loadLesson(knex: Knex, lessonId: string): Promise<LessonInContext> {
  const { lesson, assignment } = await loadLessonWithSubject(knex, lessonId);
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

/**
 * The SQL of "the student belongs to the page (class or subgroup) on the date": an
 * expression that is 1 or 0, and its parameters.
 */
export function onPageSql(a: AssignmentInfo, studentId: string, date: string): { sql: string; params: SqlValue[] } {
  const [table, column, id] = a.subgroupId ? ['subgroup_member', 'subgroup_id', a.subgroupId] : ['enrolment', 'class_id', a.classId];
  return {
    sql: `EXISTS (SELECT 1 FROM ${table} WHERE ${column} = ? AND student_id = ? AND starts_on <= ? AND (ends_on IS NULL OR ends_on > ?))`,
    params: [id, studentId, date, date],
  };
}

/** Whether the student belongs to the page (class or subgroup) on `date`. */
export async function studentOnPage(knex: Knex, a: AssignmentInfo, studentId: string, date: string): Promise<boolean> {
  const q = onPageSql(a, studentId, date);
  const [row] = await readRows<{ onPage: number }>(knex, `SELECT ${q.sql} AS onPage`, q.params);
  return row?.onPage === 1;
}
