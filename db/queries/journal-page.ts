// One journal page: a class (or subgroup) x subject x period — its students, its lessons
// in date order, and the marks, attendance and period marks in them.
import type { Knex } from 'knex';
import { shortName } from '../../shared/format';
import type { AssignmentInfo } from './assignments';
import type { PeriodRow } from './year';

export interface PageStudent {
  id: string;
  lastName: string;
  firstName: string;
  /** Dates the student is on the page (arrival/departure inside the period). */
  from: string;
  to: string | null;
}

export interface PageLesson {
  id: string;
  date: string;
  lessonNo: number;
  topic: string;
  homework: string;
  lessonType: string;
  teacherId: string;
  substituteName: string | null;
}

export interface PageMark {
  lessonId: string;
  studentId: string;
  slot: number;
  value: string;
  workKind: string | null;
}

export interface PageAttendance {
  lessonId: string;
  studentId: string;
  code: string;
}

export interface PagePeriodMark {
  studentId: string;
  value: string;
}

export interface PageStat {
  studentId: string;
  /** Weighted by the kind of work; null without marks. */
  average: number | null;
  /** The plain mean of the same marks (shown beside the weighted one where weights are set, issue 14 point 4). */
  plainAverage: number | null;
  count: number;
}

export interface JournalPage {
  lessons: PageLesson[];
  students: PageStudent[];
  marks: PageMark[];
  attendance: PageAttendance[];
  periodMarks: PagePeriodMark[];
  stats: PageStat[];
  /** The school has set weights (a kind of work in use weighs other than 1): the page shows both averages. */
  weighted: boolean;
}

const collator = new Intl.Collator('ru');

/** Assignments per batch of reads: the IN lists stay far below SQLite's limit of bound values. */
const BATCH = 200;

type Period = Pick<PeriodRow, 'id' | 'starts_on' | 'ends_on'>;

/** The students of each assignment's page (its subgroup's members, or its class), by assignment id. */
async function studentsOf(knex: Knex, assignments: readonly AssignmentInfo[], period: Period): Promise<Map<string, PageStudent[]>> {
  const read = (q: Knex.QueryBuilder, key: string, ids: string[]): Promise<{ owner: string; id: string; last_name: string; first_name: string; starts_on: string; ends_on: string | null }[]> =>
    ids.length === 0 ? Promise.resolve([]) : q
      .whereIn(`m.${key}`, ids)
      .join('student as s', 's.id', 'm.student_id')
      .where('m.starts_on', '<=', period.ends_on)
      .where((w) => w.whereNull('m.ends_on').orWhere('m.ends_on', '>=', period.starts_on))
      .select(`m.${key} as owner`, 's.id', 's.last_name', 's.first_name', 'm.starts_on', 'm.ends_on');
  const groups = [...new Set(assignments.flatMap((a) => (a.subgroupId ? [a.subgroupId] : [])))];
  const classes = [...new Set(assignments.flatMap((a) => (a.subgroupId ? [] : [a.classId])))];
  const [groupRows, classRows] = await Promise.all([
    read(knex('subgroup_member as m'), 'subgroup_id', groups),
    read(knex('enrolment as m'), 'class_id', classes),
  ]);
  const byOwner = new Map<string, PageStudent[]>();
  for (const r of [...groupRows, ...classRows]) {
    const list = byOwner.get(r.owner) ?? [];
    list.push({ id: r.id, lastName: r.last_name, firstName: r.first_name, from: r.starts_on, to: r.ends_on });
    byOwner.set(r.owner, list);
  }
  for (const list of byOwner.values()) list.sort((x, y) => collator.compare(x.lastName, y.lastName) || collator.compare(x.firstName, y.firstName));
  return new Map(assignments.map((a) => [a.id, [...(byOwner.get(a.subgroupId ?? a.classId) ?? [])]]));
}

export async function pageStudents(knex: Knex, a: AssignmentInfo, period: PeriodRow): Promise<PageStudent[]> {
  return (await studentsOf(knex, [a], period)).get(a.id)!;
}

/** One journal page (readJournalPages for one assignment). */
export async function readJournalPage(knex: Knex, a: AssignmentInfo, period: PeriodRow): Promise<JournalPage> {
  return (await readJournalPages(knex, [a], period)).get(a.id)!;
}

/** Rows grouped by their `owner` column (its own order kept), the column dropped. */
function byOwner<T extends { owner: string }>(rows: readonly T[]): Map<string, Omit<T, 'owner'>[]> {
  const out = new Map<string, Omit<T, 'owner'>[]>();
  for (const { owner, ...rest } of rows) {
    const list = out.get(owner) ?? [];
    list.push(rest);
    out.set(owner, list);
  }
  return out;
}

/**
 * The journal pages of several assignments in one period, by assignment id: the same
 * reads as one page's, each made once for all of them (a class copy prints every page of
 * a class, print/data/class-copy.ts), so each page is exactly what the screen shows.
 */
export async function readJournalPages(knex: Knex, assignments: readonly AssignmentInfo[], period: Period): Promise<Map<string, JournalPage>> {
  const pages = new Map<string, JournalPage>();
  for (let i = 0; i < assignments.length; i += BATCH) {
    for (const [id, page] of await readBatch(knex, assignments.slice(i, i + BATCH), period)) pages.set(id, page);
  }
  return pages;
}

async function readBatch(knex: Knex, assignments: readonly AssignmentInfo[], period: Period): Promise<Map<string, JournalPage>> {
  const ids = assignments.map((a) => a.id);
  const inPage = (q: Knex.QueryBuilder) =>
    q.join('lesson as l', 'l.id', 'x.lesson_id')
      .whereIn('l.assignment_id', ids)
      .where('l.cancelled', 0)
      .whereBetween('l.date', [period.starts_on, period.ends_on]);

  const [lessonRows, students, markRows, attendanceRows, periodMarkRows, weightedKind] = await Promise.all([
    knex('lesson as l')
      .leftJoin('staff as st', 'st.id', 'l.substitute_teacher_id')
      .whereIn('l.assignment_id', ids)
      .where('l.cancelled', 0)
      .whereBetween('l.date', [period.starts_on, period.ends_on])
      .orderBy([{ column: 'l.assignment_id' }, { column: 'l.date' }, { column: 'l.lesson_no' }])
      .select('l.assignment_id as owner', 'l.id', 'l.date', 'l.lesson_no', 'l.topic', 'l.homework', 'l.lesson_type', 'l.teacher_id',
        'st.last_name as sub_last', 'st.first_name as sub_first', 'st.middle_name as sub_middle') as Promise<{
        owner: string; id: string; date: string; lesson_no: number; topic: string; homework: string; lesson_type: string;
        teacher_id: string; sub_last: string | null; sub_first: string | null; sub_middle: string | null;
      }[]>,
    studentsOf(knex, assignments, period),
    inPage(knex('mark as x'))
      .leftJoin('work_kind as w', 'w.id', 'x.work_kind_id')
      .whereNotNull('x.value')
      .select('l.assignment_id as owner', 'x.lesson_id as lessonId', 'x.student_id as studentId', 'x.slot', 'x.value', 'w.code as workKind', 'w.weight as weight') as Promise<(PageMark & { owner: string; weight: number | null })[]>,
    inPage(knex('attendance as x'))
      .whereNotNull('x.code')
      .select('l.assignment_id as owner', 'x.lesson_id as lessonId', 'x.student_id as studentId', 'x.code') as Promise<(PageAttendance & { owner: string })[]>,
    knex('period_mark')
      .where('period_id', period.id)
      .whereIn('class_id', [...new Set(assignments.map((a) => a.classId))])
      .whereIn('subject_id', [...new Set(assignments.map((a) => a.subjectId))])
      .whereNotNull('value')
      .select('class_id', 'subject_id', 'student_id as studentId', 'value') as Promise<(PagePeriodMark & { class_id: string; subject_id: string })[]>,
    knex('work_kind').where('retired', 0).whereNot('weight', 1).first('id'),
  ]);
  const lessonsOf = byOwner(lessonRows);
  const marksOf = byOwner(markRows);
  const attendanceOf = byOwner(attendanceRows);
  const periodMarksOf = new Map<string, PagePeriodMark[]>();
  for (const { class_id, subject_id, ...p } of periodMarkRows) {
    const key = `${class_id}|${subject_id}`;
    const list = periodMarksOf.get(key) ?? [];
    list.push(p);
    periodMarksOf.set(key, list);
  }
  return new Map(assignments.map((a) => [a.id, page(
    lessonsOf.get(a.id) ?? [], students.get(a.id)!, marksOf.get(a.id) ?? [], attendanceOf.get(a.id) ?? [],
    periodMarksOf.get(`${a.classId}|${a.subjectId}`) ?? [], !!weightedKind,
  )]));
}

/** A page from its rows: the substitutes' short names, the averages, the period marks of its students only. */
function page(
  lessonRows: readonly { id: string; date: string; lesson_no: number; topic: string; homework: string; lesson_type: string; teacher_id: string; sub_last: string | null; sub_first: string | null; sub_middle: string | null }[],
  students: PageStudent[], markRows: readonly (PageMark & { weight: number | null })[], attendance: PageAttendance[], periodMarks: readonly PagePeriodMark[], weighted: boolean,
): JournalPage {
  const lessons: PageLesson[] = lessonRows.map((l) => ({
    id: l.id, date: l.date, lessonNo: l.lesson_no, topic: l.topic, homework: l.homework, lessonType: l.lesson_type,
    teacherId: l.teacher_id,
    substituteName: l.sub_last ? shortName(l.sub_last, l.sub_first, l.sub_middle) : null,
  }));
  const sums = new Map<string, { sum: number; weight: number; count: number; plain: number }>();
  for (const m of markRows) {
    const s = sums.get(m.studentId) ?? { sum: 0, weight: 0, count: 0, plain: 0 };
    const w = m.weight ?? 1;
    s.sum += Number(m.value) * w;
    s.weight += w;
    s.count += 1;
    s.plain += Number(m.value);
    sums.set(m.studentId, s);
  }
  const onPage = new Set(students.map((s) => s.id));
  const stats: PageStat[] = students.map((st) => {
    const s = sums.get(st.id);
    return {
      studentId: st.id,
      average: s && s.weight > 0 ? Math.round((s.sum / s.weight) * 100) / 100 : null,
      plainAverage: s && s.count > 0 ? Math.round((s.plain / s.count) * 100) / 100 : null,
      count: s?.count ?? 0,
    };
  });
  return {
    lessons,
    students,
    marks: markRows.map(({ weight: _w, ...m }) => m),
    attendance,
    periodMarks: periodMarks.filter((p) => onPage.has(p.studentId)),
    stats,
    weighted,
  };
}
