// Day 1 of the certification (R-PRINT-2, 004 §4.1): the subject teacher checks the period
// marks of one class × subject. What is missing blocks the confirmation; what is doubtful
// is shown first and confirmed knowingly.
//   missing       — a student on the page at the period end without a period mark (R-REC-4)
//   naNoReason    — Н/А without its reason (R-REC-4)
//   fewMarks      — a period mark on fewer marks than the regulation profile's minimum (R-TIME-4)
//   farFromAverage — a period mark at least AVERAGE_GAP away from the weighted average of
//                   the period's marks (the weights of the kinds of work, R-REC-2)
// Where the school set weights (a kind of work in use weighs other than 1, issue 14 point 4)
// the plain average is shown beside the weighted one.
import type { Knex } from 'knex';
import { formatAverage } from '../../shared/format';
import type { AssignmentInfo } from '../../db/queries/assignments';
import { loadProfile, minMarksFor } from '../regulation/profile';
import type { PeriodInfo } from './state';

/** A period mark this far (or farther) from the weighted average is doubtful. */
export const AVERAGE_GAP = 1;

export type IssueKind = 'missing' | 'naNoReason' | 'fewMarks' | 'farFromAverage';

export interface MarkIssue {
  readonly studentId: string;
  readonly studentName: string;
  readonly kind: IssueKind;
  /** block: must be fixed before confirming; doubt: confirmed knowingly. */
  readonly severity: 'block' | 'doubt';
  readonly periodMark: string | null;
  readonly marks: number;
  /** Weighted by the kinds of work. */
  readonly average: number | null;
  /** The plain mean of the same marks. */
  readonly plainAverage: number | null;
  readonly text: string;
}

export interface MarkCheck {
  readonly students: number;
  readonly withPeriodMark: number;
  readonly minMarks: number;
  readonly issues: readonly MarkIssue[];
  readonly blocking: number;
  readonly doubtful: number;
  /** The school set weights: both averages are shown. */
  readonly weighted: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function checkPeriodMarks(knex: Knex, a: AssignmentInfo, period: PeriodInfo, graded: boolean): Promise<MarkCheck> {
  const profile = await loadProfile(knex);
  const minMarks = minMarksFor(profile, period.kind, a.hoursPerWeek);
  const weighted = !!(await knex('work_kind').where('retired', 0).whereNot('weight', 1).first('id'));
  if (!graded) return { students: 0, withPeriodMark: 0, minMarks, issues: [], blocking: 0, doubtful: 0, weighted };
  const on = period.ends_on;
  const [table, column, id] = a.subgroupId ? ['subgroup_member', 'subgroup_id', a.subgroupId] : ['enrolment', 'class_id', a.classId];
  const students: { id: string; last_name: string; first_name: string; value: string | null; reason: string | null }[] = await knex(`${table} as e`)
    .join('student as s', 's.id', 'e.student_id')
    .leftJoin('period_mark as pm', (j) => j.on('pm.student_id', 's.id').andOnVal('pm.period_id', period.id).andOnVal('pm.subject_id', a.subjectId))
    .where(`e.${column}`, id).where('e.starts_on', '<=', on).where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>', on))
    .orderBy(['s.last_name', 's.first_name'])
    .distinct('s.id', 's.last_name', 's.first_name', 'pm.value', 'pm.reason');
  const marks: { student_id: string; n: number; wsum: number; w: number; psum: number }[] = await knex('mark as m')
    .join('lesson as l', 'l.id', 'm.lesson_id')
    .leftJoin('work_kind as k', 'k.id', 'm.work_kind_id')
    .where({ 'l.assignment_id': a.id, 'l.cancelled': 0 }).whereNotNull('m.value')
    .whereBetween('l.date', [period.starts_on, period.ends_on])
    .groupBy('m.student_id')
    .select('m.student_id', knex.raw('count(*) as n'), knex.raw('sum(cast(m.value as real) * coalesce(k.weight, 1)) as wsum'), knex.raw('sum(coalesce(k.weight, 1)) as w'), knex.raw('sum(cast(m.value as real)) as psum'));
  const byStudent = new Map(marks.map((m) => [m.student_id, m]));

  const issues: MarkIssue[] = [];
  let withPeriodMark = 0;
  for (const s of students) {
    const m = byStudent.get(s.id);
    const n = Number(m?.n ?? 0);
    const average = m && m.w > 0 ? round2(m.wsum / m.w) : null;
    const plainAverage = m && n > 0 ? round2(m.psum / n) : null;
    const averageText = weighted && plainAverage !== null
      ? `средний взвешенный балл ${formatAverage(average)}, без весов ${formatAverage(plainAverage)}`
      : `средний балл ${formatAverage(average)}`;
    const name = `${s.last_name} ${s.first_name}`;
    const issue = (kind: IssueKind, severity: 'block' | 'doubt', text: string) =>
      issues.push({ studentId: s.id, studentName: name, kind, severity, periodMark: s.value, marks: n, average, plainAverage, text });
    if (!s.value) {
      issue('missing', 'block', `Нет отметки за период${n ? ` (текущих отметок: ${n}, ${averageText})` : ' и нет ни одной текущей отметки'}.`);
      continue;
    }
    withPeriodMark++;
    if (s.value === 'Н/А' && !(s.reason ?? '').trim()) issue('naNoReason', 'block', '«Н/А» без причины: укажите причину (например, пропуск более половины уроков по болезни).');
    if (!/^\d$/.test(s.value)) continue;
    if (n < minMarks) issue('fewMarks', 'doubt', `Отметка за период «${s.value}» при ${n} текущих отметках, нужно не меньше ${minMarks}.`); // R-TIME-4
    if (average !== null && Math.abs(Number(s.value) - average) >= AVERAGE_GAP) {
      issue('farFromAverage', 'doubt', `Отметка за период «${s.value}» далека от среднего взвешенного балла ${formatAverage(average)}${weighted && plainAverage !== null ? ` (без весов ${formatAverage(plainAverage)})` : ''}.`);
    }
  }
  // What blocks first, then the doubts; each group by name.
  issues.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'block' ? -1 : 1));
  return {
    students: students.length, withPeriodMark, minMarks, issues,
    blocking: issues.filter((i) => i.severity === 'block').length,
    doubtful: issues.filter((i) => i.severity === 'doubt').length,
    weighted,
  };
}
