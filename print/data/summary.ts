// The data of the summary sheets of a class (R-REP-4, R-PRINT-4): period or year marks
// (сводная ведомость успеваемости; the year's summary of final marks), attendance (missed
// lessons per student and subject, of which for a valid reason), and student movement.
import type { Knex } from 'knex';
import { loadClassList, loadMovements } from './class-copy';
import { loadHeading } from './heading';
import type { ClassListStudent, PrintHeading, PrintMovement } from './types';
import { loadYearFinalSummary, type YearFinalSummaryData } from './year-final';

export type { YearFinalSummaryData } from './year-final';

export type SummaryKind = 'marks' | 'attendance' | 'movement' | 'year-final';

export interface SummaryStudent {
  id: string;
  name: string;
  from: string;
  to: string | null;
}

export interface SummarySubject {
  id: string;
  name: string;
  shortName: string;
  graded: boolean;
}

export interface MarksSummaryData {
  kind: 'marks';
  heading: PrintHeading;
  students: SummaryStudent[];
  subjects: SummarySubject[];
  marks: { studentId: string; subjectId: string; value: string }[];
}

export interface AttendanceSummaryData {
  kind: 'attendance';
  heading: PrintHeading;
  students: SummaryStudent[];
  subjects: SummarySubject[];
  /**
   * Lessons missed (Н, У, Б), of them for a valid reason (У, Б), and each reason on its own
   * (R-REP-4: illness Б, another valid reason У, no valid reason Н), and lateness (О), per
   * student and subject.
   */
  cells: AttendanceSummaryCell[];
}

export interface AttendanceSummaryCell {
  studentId: string;
  subjectId: string;
  missed: number;
  excused: number;
  ill: number;
  valid: number;
  unexcused: number;
  late: number;
}

export interface MovementSummaryData {
  kind: 'movement';
  heading: PrintHeading;
  atStart: number;
  arrived: number;
  left: number;
  atEnd: number;
  movements: PrintMovement[];
}

export type SummaryData = MarksSummaryData | YearFinalSummaryData | AttendanceSummaryData | MovementSummaryData;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One row per student (a student enrolled twice in the period appears once). */
function summaryStudents(list: ClassListStudent[]): SummaryStudent[] {
  const seen = new Map<string, SummaryStudent>();
  for (const s of list) {
    const prev = seen.get(s.id);
    if (prev) {
      prev.from = prev.from < s.enrolledFrom ? prev.from : s.enrolledFrom;
      prev.to = prev.to === null || s.enrolledTo === null ? null : prev.to > s.enrolledTo ? prev.to : s.enrolledTo;
      continue;
    }
    seen.set(s.id, { id: s.id, name: [s.lastName, s.firstName, s.middleName].filter((x) => x).join(' '), from: s.enrolledFrom, to: s.enrolledTo });
  }
  return [...seen.values()];
}

/** Subjects taught in the class in the year, in subject.sort_order. */
async function classSubjects(knex: Knex, classId: string): Promise<SummarySubject[]> {
  const rows: { id: string; name: string; short_name: string; graded: number }[] = await knex('teaching_assignment as a')
    .join('subject as s', 's.id', 'a.subject_id')
    .where('a.class_id', classId)
    .distinct('s.id', 's.name', 's.short_name', 's.graded', 's.sort_order')
    .orderBy([{ column: 's.sort_order' }, { column: 's.name' }]);
  return rows.map((r) => ({ id: r.id, name: r.name, shortName: r.short_name, graded: r.graded === 1 }));
}

export async function loadMarksSummary(knex: Knex, classId: string, periodId: string): Promise<MarksSummaryData> {
  const pid = periodId;
  const heading = await loadHeading(knex, classId, pid);
  const [list, subjects, marks] = await Promise.all([
    loadClassList(knex, heading),
    classSubjects(knex, classId),
    knex('period_mark').where({ class_id: classId, period_id: pid }).whereNotNull('value')
      .select('student_id as studentId', 'subject_id as subjectId', 'value') as Promise<{ studentId: string; subjectId: string; value: string }[]>,
  ]);
  const students = summaryStudents(list);
  const ids = new Set(students.map((s) => s.id));
  return {
    kind: 'marks', heading, students, subjects: subjects.filter((s) => s.graded),
    marks: marks.filter((m) => ids.has(m.studentId)).sort((a, b) => byText(a.studentId, b.studentId) || byText(a.subjectId, b.subjectId)),
  };
}

export async function loadAttendanceSummary(knex: Knex, classId: string, periodId: string): Promise<AttendanceSummaryData> {
  const heading = await loadHeading(knex, classId, periodId);
  const [list, subjects, rows] = await Promise.all([
    loadClassList(knex, heading),
    classSubjects(knex, classId),
    knex('attendance as x')
      .join('lesson as l', 'l.id', 'x.lesson_id')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.class_id', classId)
      .where('l.cancelled', 0)
      .whereBetween('l.date', [heading.period.startsOn, heading.period.endsOn])
      .whereNotNull('x.code')
      .groupBy('x.student_id', 'a.subject_id')
      .select('x.student_id as studentId', 'a.subject_id as subjectId',
        knex.raw(`sum(CASE WHEN x.code IN ('Н', 'У', 'Б') THEN 1 ELSE 0 END) AS missed`),
        knex.raw(`sum(CASE WHEN x.code IN ('У', 'Б') THEN 1 ELSE 0 END) AS excused`),
        knex.raw(`sum(CASE WHEN x.code = 'Б' THEN 1 ELSE 0 END) AS ill`),
        knex.raw(`sum(CASE WHEN x.code = 'У' THEN 1 ELSE 0 END) AS valid`),
        knex.raw(`sum(CASE WHEN x.code = 'Н' THEN 1 ELSE 0 END) AS unexcused`),
        knex.raw(`sum(CASE WHEN x.code = 'О' THEN 1 ELSE 0 END) AS late`)) as Promise<AttendanceSummaryCell[]>,
  ]);
  const students = summaryStudents(list);
  const ids = new Set(students.map((s) => s.id));
  return {
    kind: 'attendance', heading, students, subjects,
    cells: rows
      .filter((r) => ids.has(r.studentId))
      .map((r) => ({
        studentId: r.studentId, subjectId: r.subjectId, missed: Number(r.missed), excused: Number(r.excused),
        ill: Number(r.ill), valid: Number(r.valid), unexcused: Number(r.unexcused), late: Number(r.late),
      }))
      .sort((a, b) => byText(a.studentId, b.studentId) || byText(a.subjectId, b.subjectId)),
  };
}

export async function loadMovementSummary(knex: Knex, classId: string, periodId: string): Promise<MovementSummaryData> {
  const heading = await loadHeading(knex, classId, periodId);
  const [list, movements] = await Promise.all([loadClassList(knex, heading), loadMovements(knex, heading)]);
  const on = (date: string) => new Set(list.filter((s) => s.enrolledFrom <= date && (s.enrolledTo === null || s.enrolledTo >= date)).map((s) => s.id)).size;
  return {
    kind: 'movement', heading,
    atStart: on(heading.period.startsOn),
    arrived: movements.filter((m) => m.direction === 'in').length,
    left: movements.filter((m) => m.direction === 'out').length,
    atEnd: on(heading.period.endsOn),
    movements,
  };
}

export async function loadSummary(knex: Knex, kind: SummaryKind, classId: string, periodId: string): Promise<SummaryData> {
  switch (kind) {
    case 'marks':
      return loadMarksSummary(knex, classId, periodId);
    case 'year-final':
      // R-PRINT-4: the archive form — term, year, exam and final marks, the promotion decision.
      return loadYearFinalSummary(knex, classId, periodId);
    case 'attendance':
      return loadAttendanceSummary(knex, classId, periodId);
    case 'movement':
      return loadMovementSummary(knex, classId, periodId);
  }
}
