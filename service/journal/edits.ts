// Planning a change to the journal: each function checks the rules (permissions,
// regulation, data) for one kind of edit and returns the rows to write. The caller
// writes them through the journal writer — directly, or after a deputy approves a
// correction request (R-TIME-3), when the entry window is not checked again.
import type { Knex } from 'knex';
import { z } from 'zod';
import { getAssignment } from '../../db/queries/assignments';
import { termPeriods, yearPeriod } from '../../db/queries/year';
import { READ_FOR_WRITE, readRow, rowKey, type ReadAt, type RowChange } from '../../db/journal-writer';
import { ATTENDANCE_CODES, PERIOD_MARK_VALUES } from '../../db/schema';
import { keyId } from '../../db/ids';
import { builtOnce } from '../../shared/once';
import { rowId } from '../args';
import { forbidden, notFound, ServiceError } from '../errors';
import { loadProfile, minMarksFor, type RegulationProfile } from '../regulation/profile';
import type { SessionUser } from '../session';
import { readRows } from '../../db/connection';
import { canFillLesson, isClassTeacherOf, loadLesson, loadLessonWithSubject, onPageSql, studentOnPage, type LessonInContext } from './lesson-access';
import { checkEntryWindow, checkPeriodMarkWindow } from './windows';
import { checkCertificationLock } from '../certification/lock';
import { checkYearOpen, CLOSED_YEAR_MESSAGE } from '../year-close/open-year';

export interface EditEnv {
  readonly knex: Knex;
  readonly user: SessionUser;
  readonly now: Date;
  /** False when a deputy applies an approved correction request. */
  readonly checkWindow: boolean;
}

export interface EditPlan {
  readonly changes: RowChange[];
  /** The row the edit is about (for correction requests and history). */
  readonly target: { table: string; id: string };
  /** The changed rows as read with the checks, for the write (WriteOptions.readAt). */
  readonly readAt?: ReadAt;
}

const ABSENT = ['Н', 'У', 'Б'];

// ---- argument schemas (shared by the direct methods and correction requests) ----------

export const markArgs = z.object({
  lessonId: rowId,
  studentId: rowId,
  slot: z.union([z.literal(1), z.literal(2)]).default(1),
  value: z.enum(['1', '2', '3', '4', '5']).nullable(),
  workKindId: rowId.nullable().optional(),
}).strict();

export const attendanceArgs = z.object({
  lessonId: rowId,
  studentId: rowId,
  code: z.enum(ATTENDANCE_CODES).nullable(),
  reason: z.string().trim().max(300).optional(),
}).strict();

export const lessonArgs = z.object({
  lessonId: rowId,
  topic: z.string().trim().max(500).optional(),
  homework: z.string().trim().max(1000).optional(),
  lessonType: z.string().trim().max(100).optional(),
  planItemId: rowId.nullable().optional(),
}).strict();

export const periodMarkArgs = z.object({
  assignmentId: rowId,
  periodId: rowId,
  studentId: rowId,
  value: z.enum(PERIOD_MARK_VALUES).nullable(),
  reason: z.string().trim().max(300).optional(),
  /** Confirms a period mark with fewer marks than the minimum (R-TIME-4). */
  confirmFewMarks: z.boolean().optional(),
}).strict();

async function lessonForFilling(env: EditEnv, lessonId: string): Promise<LessonInContext> {
  const l = await loadLesson(env.knex, lessonId);
  if (!canFillLesson(env.user, l)) throw forbidden('Этот урок ведёт другой учитель: изменять его записи может только он или учитель, который его заменяет.');
  return l;
}

async function requireOnPage(env: EditEnv, l: LessonInContext, studentId: string): Promise<void> {
  if (!(await studentOnPage(env.knex, l.assignment, studentId, l.lesson.date))) {
    throw notFound('Этого ученика нет в списке класса (группы) на дату урока.');
  }
}

// ---- marks (R-REC-2, R-REC-5, R-TIME-2) ----------------------------------------------------

interface MarkCellRead {
  onPage: number;
  attendance: string | null;
  firstValue: string | null;
  row: string | null;
  clocks: string;
  logEnd: number;
  givenWritten: number | null;
  givenRetired: number | null;
  currentWritten: number | null;
  yearStatus: string | null;
  yearName: string | null;
}

/** The SQL of a keystroke's one read, by the page's membership test (class or subgroup): built once. */
const markCellSql = builtOnce((onPage: string) => `
    SELECT ${onPage} AS onPage,
      (SELECT code FROM attendance WHERE id = ?) AS attendance,
      (SELECT value FROM mark WHERE id = ?) AS firstValue,
      ${READ_FOR_WRITE.row('mark')} AS row,
      ${READ_FOR_WRITE.clocks('mark')} AS clocks,
      ${READ_FOR_WRITE.logEnd} AS logEnd,
      (SELECT written FROM work_kind WHERE id = ?) AS givenWritten,
      (SELECT retired FROM work_kind WHERE id = ?) AS givenRetired,
      (SELECT k.written FROM mark m JOIN work_kind k ON k.id = m.work_kind_id WHERE m.id = ?) AS currentWritten,
      (SELECT status FROM academic_year WHERE id = ?) AS yearStatus,
      (SELECT name FROM academic_year WHERE id = ?) AS yearName`);

export async function planMark(env: EditEnv, a: z.output<typeof markArgs>, profile?: RegulationProfile): Promise<EditPlan> {
  const p = profile ?? (await loadProfile(env.knex));
  // A keystroke's reads: the lesson with its page and subject (cached), then the cell.
  const l = await loadLessonWithSubject(env.knex, a.lessonId);
  if (!canFillLesson(env.user, l)) throw forbidden('Этот урок ведёт другой учитель: изменять его записи может только он или учитель, который его заменяет.');
  if (l.assignment.grade === 1) throw new ServiceError('VALIDATION', 'В 1 классе отметки не ставятся (безотметочное обучение).');
  if (!l.subjectGraded) throw new ServiceError('VALIDATION', 'По этому предмету отметки не ставятся.');
  if (a.value !== null && !p.markScale.includes(a.value)) {
    throw new ServiceError('VALIDATION', `Отметка «${a.value}» не входит в шкалу школы (${p.markScale.join(', ')}).`);
  }
  const id = keyId('mark', l.lesson.id, a.studentId, String(a.slot));
  const onPage = onPageSql(l.assignment, a.studentId, l.lesson.date);
  // The cell, its neighbours and the kinds of work it may carry, with the mark row as the
  // write takes it (READ_FOR_WRITE): with the lesson cached, a keystroke's one read.
  const [cell] = await readRows<MarkCellRead>(env.knex, markCellSql(onPage.sql),
    [...onPage.params, keyId('attendance', l.lesson.id, a.studentId), keyId('mark', l.lesson.id, a.studentId, '1'), id, 'mark', id, a.workKindId ?? null, a.workKindId ?? null, id, l.assignment.yearId, l.assignment.yearId]);
  // A closed year is read-only (R-ROLE-6), whoever writes and however (a correction too).
  if (cell?.yearStatus === 'closed') throw new ServiceError('CONFLICT', CLOSED_YEAR_MESSAGE(cell.yearName ?? ''));
  if (cell?.onPage !== 1) throw notFound('Этого ученика нет в списке класса (группы) на дату урока.');
  const read = readRow(cell.row, cell.clocks);
  const current = read.row ? { value: read.row.value as string | null, work_kind_id: read.row.work_kind_id as string | null } : undefined;
  const workKindId = a.workKindId !== undefined ? a.workKindId : (current?.work_kind_id ?? null);
  let written = false;
  if (workKindId) {
    // The given kind of work, or the cell's own (which may have been retired since).
    const wk = a.workKindId ? { written: cell.givenWritten, retired: cell.givenRetired } : { written: cell.currentWritten, retired: 0 };
    if (wk.written === null || (wk.retired && workKindId !== current?.work_kind_id)) throw new ServiceError('VALIDATION', 'Такого вида работы нет в списке школы.');
    written = wk.written === 1;
  }
  if (a.value !== null) {
    if (cell.attendance && ABSENT.includes(cell.attendance)) throw new ServiceError('VALIDATION', `Ученик отмечен как отсутствовавший («${cell.attendance}»): отметку за этот урок поставить нельзя.`);
    if (a.slot === 2 && !cell.firstValue) throw new ServiceError('VALIDATION', 'Вторая отметка ставится рядом с первой: сначала поставьте первую.');
  } else if (!current?.value) {
    throw new ServiceError('VALIDATION', 'В этой клетке нет отметки.');
  }
  if (env.checkWindow) checkEntryWindow(p, written ? 'writtenMark' : 'oralMark', l.lesson.date, l.assignment.grade, env.now);
  return {
    target: { table: 'mark', id },
    changes: [{ table: 'mark', id, set: { lesson_id: l.lesson.id, student_id: a.studentId, slot: a.slot, value: a.value, work_kind_id: workKindId, comment: '' } }],
    readAt: { logEnd: cell.logEnd, rows: new Map([[rowKey('mark', id), read]]) },
  };
}

// ---- attendance (R-REC-3, R-TIME-1, R-ROLE-3) -----------------------------------------------

export async function planAttendance(env: EditEnv, a: z.output<typeof attendanceArgs>, profile?: RegulationProfile): Promise<EditPlan> {
  const p = profile ?? (await loadProfile(env.knex));
  const l = await loadLesson(env.knex, a.lessonId);
  await checkYearOpen(env.knex, l.assignment.yearId); // R-ROLE-6: a closed year is read-only
  const id = keyId('attendance', l.lesson.id, a.studentId);
  const current = await env.knex('attendance').where({ id }).first('code', 'reason');
  const filler = canFillLesson(env.user, l);
  if (!filler) {
    // R-ROLE-3: the class teacher records the reason of an absence the teacher entered:
    // Н ↔ У ↔ Б with a reason; never creates or removes an absence, never a late mark.
    const reasonOnly = isClassTeacherOf(env.user, l.assignment) && current?.code && ABSENT.includes(current.code) && a.code !== null && ABSENT.includes(a.code);
    if (!reasonOnly) {
      throw forbidden(isClassTeacherOf(env.user, l.assignment)
        ? 'Классный руководитель указывает только причину отсутствия (Н, У, Б); отметить отсутствие или опоздание может учитель, ведущий урок.'
        : 'Этот урок ведёт другой учитель: отмечать посещаемость может только он или учитель, который его заменяет.');
    }
  }
  await requireOnPage(env, l, a.studentId);
  if (a.code === null && !current?.code) throw new ServiceError('VALIDATION', 'У ученика нет отметки о посещаемости на этом уроке.');
  if (a.code !== null && ABSENT.includes(a.code)) {
    const marks = await env.knex('mark').where({ lesson_id: l.lesson.id, student_id: a.studentId }).whereNotNull('value').first('id');
    if (marks) throw new ServiceError('VALIDATION', 'У ученика есть отметка за этот урок: отметить его отсутствующим нельзя.');
  }
  // The teacher's entries follow R-TIME-1; the class teacher's reasons come with the
  // parents' notes, later, and are checked weekly (R-TIME-6), so they have no window.
  if (env.checkWindow && filler) checkEntryWindow(p, 'attendance', l.lesson.date, l.assignment.grade, env.now);
  return {
    target: { table: 'attendance', id },
    changes: [{ table: 'attendance', id, set: { lesson_id: l.lesson.id, student_id: a.studentId, code: a.code, reason: a.reason ?? current?.reason ?? '' } }],
  };
}

// ---- the lesson record (R-REC-1, R-REC-5, R-TIME-1) -----------------------------------------

export async function planLesson(env: EditEnv, a: z.output<typeof lessonArgs>, profile?: RegulationProfile): Promise<EditPlan> {
  const p = profile ?? (await loadProfile(env.knex));
  const l = await lessonForFilling(env, a.lessonId);
  await checkYearOpen(env.knex, l.assignment.yearId); // R-ROLE-6: a closed year is read-only
  if (l.assignment.grade === 1 && a.homework) throw new ServiceError('VALIDATION', 'В 1 классе домашние задания не задаются.');
  const set: Record<string, string | null> = {};
  if (a.topic !== undefined) set.topic = a.topic;
  if (a.homework !== undefined) set.homework = a.homework;
  if (a.lessonType !== undefined) set.lesson_type = a.lessonType;
  if (a.planItemId !== undefined) {
    if (a.planItemId !== null) {
      const item = await env.knex('plan_item').where({ id: a.planItemId, assignment_id: l.assignment.id }).first('topic');
      if (!item) throw new ServiceError('VALIDATION', 'Этой темы нет в тематическом плане этой страницы.');
      if (a.topic === undefined) set.topic = item.topic;
    }
    set.plan_item_id = a.planItemId;
  }
  if (Object.keys(set).length === 0) throw new ServiceError('VALIDATION', 'Нечего изменять: укажите тему, домашнее задание или тип урока.');
  if (env.checkWindow) checkEntryWindow(p, 'lesson', l.lesson.date, l.assignment.grade, env.now);
  return { target: { table: 'lesson', id: l.lesson.id }, changes: [{ table: 'lesson', id: l.lesson.id, set }] };
}

// ---- period marks (R-REC-4, R-TIME-4, R-TIME-5) ---------------------------------------------

export async function planPeriodMark(env: EditEnv, a: z.output<typeof periodMarkArgs>, profile?: RegulationProfile): Promise<EditPlan> {
  const p = profile ?? (await loadProfile(env.knex));
  const assignment = await getAssignment(env.knex, a.assignmentId);
  if (!assignment) throw notFound('Страница журнала не найдена.');
  if (assignment.teacherId !== env.user.id || !env.user.roles.some((r) => r === 'teacher' || r === 'class_teacher')) {
    throw forbidden('Отметку за период ставит учитель, ведущий предмет в этом классе.');
  }
  if (assignment.grade === 1) throw new ServiceError('VALIDATION', 'В 1 классе отметки за период не ставятся.');
  await checkYearOpen(env.knex, assignment.yearId); // R-ROLE-6: a closed year is read-only
  // A term of the class, or the whole year: the year mark (R-REC-4).
  const terms = await termPeriods(env.knex, assignment.yearId, assignment.grade);
  const year = await yearPeriod(env.knex, assignment.yearId, assignment.grade);
  const period = terms.find((x) => x.id === a.periodId) ?? (year?.id === a.periodId ? year : undefined);
  if (!period) throw notFound('Этот период не относится к классу.');
  if (a.value !== null && /^\d$/.test(a.value) && !(p.markScale as string[]).includes(a.value)) {
    throw new ServiceError('VALIDATION', `Отметка «${a.value}» не входит в шкалу школы (${p.markScale.join(', ')}).`);
  }
  if (a.value === 'Н/А' && !a.reason) throw new ServiceError('VALIDATION', 'Для «Н/А» укажите причину (например, «пропуск более половины уроков по болезни»).');
  const onPage = await studentOnPage(env.knex, assignment, a.studentId, period.ends_on) || await studentOnPage(env.knex, assignment, a.studentId, period.starts_on);
  if (!onPage) throw notFound('Этого ученика нет в списке класса (группы) в этом периоде.');

  // The window and the day-1 lock first (R-TIME-5, R-PRINT-2): nobody is asked to confirm
  // too few marks for a change that would then be refused. A correction request plans the
  // same change with the window off (checkWindow false), so there the confirmation still asks.
  if (env.checkWindow) {
    // R-PRINT-2 day 1: period marks the teacher confirmed change only by a correction request.
    await checkCertificationLock(env.knex, assignment.id, period.id);
    checkPeriodMarkWindow(p, period, env.now);
  }
  if (a.value !== null && /^\d$/.test(a.value) && !a.confirmFewMarks) {
    // A year mark comes from the term marks (R-REC-4); a term mark from enough lesson marks (R-TIME-4).
    const year = period.kind === 'year';
    const row = year
      ? await env.knex('period_mark').where({ student_id: a.studentId, subject_id: assignment.subjectId })
        .whereIn('period_id', terms.map((t) => t.id)).whereNotNull('value').count('* as n').first()
      : await env.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id')
        .where({ 'l.assignment_id': assignment.id, 'm.student_id': a.studentId, 'l.cancelled': 0 })
        .whereNotNull('m.value').whereBetween('l.date', [period.starts_on, period.ends_on])
        .count('* as n').first();
    const have = Number(row?.n ?? 0);
    const need = year ? terms.length : minMarksFor(p, period.kind, assignment.hoursPerWeek);
    if (have < need) {
      // R-REC-4 (a year mark over every term), R-TIME-4 (the minimum of current marks).
      throw new ServiceError('NEEDS_CONFIRMATION', year
        ? `У ученика есть отметки только за ${have} из ${need} периодов. Поставить годовую отметку всё равно?`
        : `У ученика ${have} отм. за период, а нужно не меньше ${need}. Поставить отметку за период всё равно? Заместитель директора увидит её в отчёте.`, { have, need });
    }
  }
  const id = keyId('period_mark', period.id, a.studentId, assignment.subjectId);
  const current = await env.knex('period_mark').where({ id }).first('value');
  if (a.value === null && !current?.value) throw new ServiceError('VALIDATION', 'У ученика нет отметки за этот период.');
  return {
    target: { table: 'period_mark', id },
    changes: [{ table: 'period_mark', id, set: { period_id: period.id, student_id: a.studentId, subject_id: assignment.subjectId, class_id: assignment.classId, value: a.value, reason: a.reason ?? '' } }],
  };
}

export const EDITS = {
  'journal.setMark': { args: markArgs, plan: planMark },
  'journal.setAttendance': { args: attendanceArgs, plan: planAttendance },
  'journal.setLesson': { args: lessonArgs, plan: planLesson },
  'journal.setPeriodMark': { args: periodMarkArgs, plan: planPeriodMark },
} as const;
export type EditMethod = keyof typeof EDITS;
