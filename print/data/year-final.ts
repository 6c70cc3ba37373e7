// The data of the year's summary of final marks of a class (R-PRINT-4: "the summary of final
// marks follows the archive form: period, year, exam and final marks, and the promotion
// decision"; R-REC-4): per student and subject the marks of each term of the grade (quarters
// or half-years), the year mark, the exam mark with its form (ОГЭ, ЕГЭ with its test score,
// ГВЭ, the school's own ПА) and the final mark where they exist; per student the decision of
// the director's order once the year is closed (blank before).
import type { Knex } from 'knex';
import { termPeriods } from '../../db/queries/year';
import { PrintError } from '../errors';
import { loadClassList } from './class-copy';
import { loadHeading } from './heading';
import { PROMOTION_WORDS } from './promotion-list';
import type { PrintHeading } from './types';

export interface YearFinalStudent {
  id: string;
  name: string;
  from: string;
  to: string | null;
}

export interface YearFinalSubject {
  id: string;
  name: string;
  shortName: string;
}

export interface YearFinalTerm {
  id: string;
  /** The column's heading: 'I' for a quarter, 'I п/г' for a half-year, 'I тр.' for a trimester. */
  label: string;
  name: string;
}

export interface YearFinalDecision {
  studentId: string;
  /** In words: 'переведён(а)', 'переведён(а) условно', … */
  decision: string;
  /** Next year's class, '' for a leaver. */
  toClass: string;
  /** The subjects of an academic debt, as the order named them. */
  debts: string;
}

export interface YearFinalSummaryData {
  kind: 'year-final';
  /** The heading of the year period of the class's grade. */
  heading: PrintHeading;
  terms: YearFinalTerm[];
  students: YearFinalStudent[];
  /** Graded subjects taught in the class, in the school's order. */
  subjects: YearFinalSubject[];
  /** Term marks: `term` is the index in `terms`. */
  termMarks: { studentId: string; subjectId: string; term: number; value: string }[];
  yearMarks: { studentId: string; subjectId: string; value: string }[];
  exams: { studentId: string; subjectId: string; form: string; value: string; score: number | null }[];
  finals: { studentId: string; subjectId: string; value: string }[];
  /** The director's order that closed the year; null while the year is open. */
  order: { number: string; date: string } | null;
  /** Only once the year is closed. */
  decisions: YearFinalDecision[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The term's column heading, in Roman numerals as the forms write them: 'II' (a quarter), 'I п/г', 'III тр.'. */
function termLabel(kind: string, n: number): string {
  const r = ROMAN[n - 1] ?? String(n);
  if (kind === 'half_year') return `${r} п/г`;
  if (kind === 'trimester') return `${r} тр.`;
  return r;
}

/** The year period of the year of `periodId` for the class's grade. */
async function yearPeriodFor(knex: Knex, classId: string, periodId: string): Promise<string> {
  const [p, c]: [{ year_id: string; kind: string } | undefined, { grade: number; year_id: string } | undefined] = await Promise.all([
    knex('period').where({ id: periodId }).first('year_id', 'kind'),
    knex('class').where({ id: classId }).first('grade', 'year_id'),
  ]);
  // Unknown or mismatched ones are refused by loadHeading with the right words.
  if (!p || !c || p.kind === 'year') return periodId;
  const y: { id: string } | undefined = await knex('period').where({ year_id: p.year_id, kind: 'year' })
    .where('grade_from', '<=', c.grade).where('grade_to', '>=', c.grade).first('id');
  if (!y) throw new PrintError('PRINT_UNKNOWN_PERIOD', 'В учебном году нет периода «учебный год»: годовые отметки не к чему отнести.');
  return y.id;
}

export async function loadYearFinalSummary(knex: Knex, classId: string, periodId: string): Promise<YearFinalSummaryData> {
  const heading = await loadHeading(knex, classId, await yearPeriodFor(knex, classId, periodId));
  const cls: { year_id: string } = await knex('class').where({ id: classId }).first('year_id');
  const terms = await termPeriods(knex, cls.year_id, heading.grade);
  const [list, subjects, periodMarks, finalRows, year, promotions] = await Promise.all([
    loadClassList(knex, heading),
    knex('teaching_assignment as a').join('subject as s', 's.id', 'a.subject_id')
      .where('a.class_id', classId).where('s.graded', 1)
      .distinct('s.id', 's.name', 's.short_name', 's.sort_order')
      .orderBy([{ column: 's.sort_order' }, { column: 's.name' }]) as Promise<{ id: string; name: string; short_name: string }[]>,
    knex('period_mark').where({ class_id: classId }).whereIn('period_id', [heading.period.id, ...terms.map((t) => t.id)]).whereNotNull('value')
      .select('student_id', 'subject_id', 'period_id', 'value') as Promise<{ student_id: string; subject_id: string; period_id: string; value: string }[]>,
    knex('final_mark').where({ year_id: cls.year_id, class_id: classId }).whereNotNull('value')
      .select('student_id', 'subject_id', 'kind', 'exam_form', 'value', 'score') as Promise<{ student_id: string; subject_id: string; kind: string; exam_form: string; value: string; score: number | null }[]>,
    knex('academic_year').where({ id: cls.year_id }).first('status', 'closed_order_no', 'closed_order_date') as Promise<{ status: string; closed_order_no: string; closed_order_date: string | null }>,
    knex('promotion as p').leftJoin('class as c', 'c.id', 'p.to_class_id').where({ 'p.year_id': cls.year_id, 'p.from_class_id': classId })
      .select('p.student_id', 'p.decision', 'c.name as to_name', 'p.debts') as Promise<{ student_id: string; decision: string; to_name: string | null; debts: string }[]>,
  ]);
  // One row per student (a student enrolled twice in the year appears once), in the class list's order.
  const seen = new Map<string, YearFinalStudent>();
  for (const s of list) {
    const prev = seen.get(s.id);
    if (prev) {
      prev.from = prev.from < s.enrolledFrom ? prev.from : s.enrolledFrom;
      prev.to = prev.to === null || s.enrolledTo === null ? null : prev.to > s.enrolledTo ? prev.to : s.enrolledTo;
      continue;
    }
    seen.set(s.id, { id: s.id, name: [s.lastName, s.firstName, s.middleName].filter((x) => x).join(' '), from: s.enrolledFrom, to: s.enrolledTo });
  }
  const students = [...seen.values()];
  const ids = new Set(students.map((s) => s.id));
  const subjectIds = new Set(subjects.map((s) => s.id));
  const mine = <T extends { student_id: string; subject_id: string }>(rows: T[]) => rows.filter((r) => ids.has(r.student_id) && subjectIds.has(r.subject_id));
  const termIndex = new Map(terms.map((t, i) => [t.id, i]));
  const cell = <T extends { studentId: string; subjectId: string }>(a: T, b: T) => byText(a.studentId, b.studentId) || byText(a.subjectId, b.subjectId);
  const closed = year.status === 'closed';
  return {
    kind: 'year-final',
    heading,
    terms: terms.map((t) => ({ id: t.id, label: termLabel(t.kind, t.number), name: t.name })),
    students,
    subjects: subjects.map((s) => ({ id: s.id, name: s.name, shortName: s.short_name })),
    termMarks: mine(periodMarks).filter((m) => termIndex.has(m.period_id))
      .map((m) => ({ studentId: m.student_id, subjectId: m.subject_id, term: termIndex.get(m.period_id)!, value: m.value }))
      .sort((a, b) => cell(a, b) || a.term - b.term),
    yearMarks: mine(periodMarks).filter((m) => m.period_id === heading.period.id)
      .map((m) => ({ studentId: m.student_id, subjectId: m.subject_id, value: m.value })).sort(cell),
    exams: mine(finalRows).filter((f) => f.kind === 'exam')
      .map((f) => ({ studentId: f.student_id, subjectId: f.subject_id, form: f.exam_form, value: f.value, score: f.score })).sort(cell),
    finals: mine(finalRows).filter((f) => f.kind === 'final')
      .map((f) => ({ studentId: f.student_id, subjectId: f.subject_id, value: f.value })).sort(cell),
    order: closed ? { number: year.closed_order_no, date: year.closed_order_date ?? '' } : null,
    // R-PRINT-4: the decision is printed once the director's order closed the year.
    decisions: closed
      ? promotions.filter((p) => ids.has(p.student_id))
        .map((p) => ({ studentId: p.student_id, decision: PROMOTION_WORDS[p.decision] ?? p.decision, toClass: p.to_name ?? '', debts: p.debts }))
        .sort((a, b) => byText(a.studentId, b.studentId))
      : [],
  };
}
