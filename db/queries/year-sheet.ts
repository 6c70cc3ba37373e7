// The year sheet of a journal page (R-REC-4): a class (or subgroup) × subject over the
// whole year — each student's term marks and the year mark the teacher sets from them.
import type { Knex } from 'knex';
import type { AssignmentInfo } from './assignments';
import { pageStudents, type PageStudent } from './journal-page';
import { termPeriods, yearPeriod, type PeriodRow } from './year';

export interface YearSheet {
  year: PeriodRow;
  terms: PeriodRow[];
  students: PageStudent[];
  termMarks: { periodId: string; studentId: string; value: string }[];
  yearMarks: { studentId: string; value: string }[];
  /** Per student: the mean of the numeric term marks (a hint for the year mark), null without them. */
  means: { studentId: string; mean: number | null }[];
}

/** The year sheet, or undefined when the school has no year period for the grade. */
export async function readYearSheet(knex: Knex, a: AssignmentInfo): Promise<YearSheet | undefined> {
  const year = await yearPeriod(knex, a.yearId, a.grade);
  if (!year) return undefined;
  const terms = await termPeriods(knex, a.yearId, a.grade);
  const students = await pageStudents(knex, a, year);
  const marks: { period_id: string; student_id: string; value: string }[] = await knex('period_mark')
    .where({ subject_id: a.subjectId, class_id: a.classId })
    .whereIn('period_id', [year.id, ...terms.map((t) => t.id)])
    .whereNotNull('value')
    .select('period_id', 'student_id', 'value');
  const onSheet = new Set(students.map((s) => s.id));
  const mine = marks.filter((m) => onSheet.has(m.student_id));
  const termMarks = mine.filter((m) => m.period_id !== year.id).map((m) => ({ periodId: m.period_id, studentId: m.student_id, value: m.value }));
  return {
    year,
    terms,
    students,
    termMarks,
    yearMarks: mine.filter((m) => m.period_id === year.id).map((m) => ({ studentId: m.student_id, value: m.value })),
    means: students.map((s) => ({ studentId: s.id, mean: meanOf(termMarks.filter((m) => m.studentId === s.id).map((m) => m.value)) })),
  };
}

/** The mean of the numeric marks among `values` (ОСВ and Н/А do not count), to hundredths. */
export function meanOf(values: readonly string[]): number | null {
  const numeric = values.filter((v) => /^\d$/.test(v)).map(Number);
  if (numeric.length === 0) return null;
  return Math.round((numeric.reduce((s, v) => s + v, 0) / numeric.length) * 100) / 100;
}
