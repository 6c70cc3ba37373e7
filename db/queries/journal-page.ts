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

export async function pageStudents(knex: Knex, a: AssignmentInfo, period: PeriodRow): Promise<PageStudent[]> {
  const q = a.subgroupId
    ? knex('subgroup_member as m').where('m.subgroup_id', a.subgroupId)
    : knex('enrolment as m').where('m.class_id', a.classId);
  const rows: { id: string; last_name: string; first_name: string; starts_on: string; ends_on: string | null }[] = await q
    .join('student as s', 's.id', 'm.student_id')
    .where('m.starts_on', '<=', period.ends_on)
    .where((w) => w.whereNull('m.ends_on').orWhere('m.ends_on', '>=', period.starts_on))
    .select('s.id', 's.last_name', 's.first_name', 'm.starts_on', 'm.ends_on');
  return rows
    .map((r) => ({ id: r.id, lastName: r.last_name, firstName: r.first_name, from: r.starts_on, to: r.ends_on }))
    .sort((x, y) => collator.compare(x.lastName, y.lastName) || collator.compare(x.firstName, y.firstName));
}

export async function readJournalPage(knex: Knex, a: AssignmentInfo, period: PeriodRow): Promise<JournalPage> {
  const lessonRows: {
    id: string; date: string; lesson_no: number; topic: string; homework: string; lesson_type: string;
    teacher_id: string; sub_last: string | null; sub_first: string | null; sub_middle: string | null;
  }[] = await knex('lesson as l')
    .leftJoin('staff as st', 'st.id', 'l.substitute_teacher_id')
    .where('l.assignment_id', a.id)
    .where('l.cancelled', 0)
    .whereBetween('l.date', [period.starts_on, period.ends_on])
    .orderBy([{ column: 'l.date' }, { column: 'l.lesson_no' }])
    .select('l.id', 'l.date', 'l.lesson_no', 'l.topic', 'l.homework', 'l.lesson_type', 'l.teacher_id',
      'st.last_name as sub_last', 'st.first_name as sub_first', 'st.middle_name as sub_middle');
  const lessons: PageLesson[] = lessonRows.map((l) => ({
    id: l.id, date: l.date, lessonNo: l.lesson_no, topic: l.topic, homework: l.homework, lessonType: l.lesson_type,
    teacherId: l.teacher_id,
    substituteName: l.sub_last ? shortName(l.sub_last, l.sub_first, l.sub_middle) : null,
  }));

  const inPage = (q: Knex.QueryBuilder) =>
    q.join('lesson as l', 'l.id', 'x.lesson_id')
      .where('l.assignment_id', a.id)
      .where('l.cancelled', 0)
      .whereBetween('l.date', [period.starts_on, period.ends_on]);

  const [students, markRows, attendanceRows, periodMarkRows, weightedKind] = await Promise.all([
    pageStudents(knex, a, period),
    inPage(knex('mark as x'))
      .leftJoin('work_kind as w', 'w.id', 'x.work_kind_id')
      .whereNotNull('x.value')
      .select('x.lesson_id as lessonId', 'x.student_id as studentId', 'x.slot', 'x.value', 'w.code as workKind', 'w.weight as weight'),
    inPage(knex('attendance as x'))
      .whereNotNull('x.code')
      .select('x.lesson_id as lessonId', 'x.student_id as studentId', 'x.code'),
    knex('period_mark')
      .where({ period_id: period.id, subject_id: a.subjectId, class_id: a.classId })
      .whereNotNull('value')
      .select('student_id as studentId', 'value'),
    knex('work_kind').where('retired', 0).whereNot('weight', 1).first('id'),
  ]);

  const sums = new Map<string, { sum: number; weight: number; count: number; plain: number }>();
  for (const m of markRows as (PageMark & { weight: number | null })[]) {
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
    marks: (markRows as (PageMark & { weight?: unknown })[]).map(({ weight: _w, ...m }) => m),
    attendance: attendanceRows as PageAttendance[],
    periodMarks: (periodMarkRows as PagePeriodMark[]).filter((p) => onPage.has(p.studentId)),
    stats,
    weighted: !!weightedKind,
  };
}
