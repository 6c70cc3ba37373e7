// The dates and the slice a control report is asked for (R-REP-1, R-REP-2, R-REP-3): a date
// range (from/to) or a period, inside one school year; and a slice of the school — a grade
// (parallel), a class, a teacher, a subject, or the whole school. Unknown ids and dates
// outside the school year are refused with a ReportError; nothing is ever written.
import type { Knex } from 'knex';
import { addDays, formatRuDate, isIsoDate } from '../../../shared/dates';
import { shortName } from '../../../shared/format';
import type { ReportParams } from '../../../shared/report-model';
import { ReportError } from '../errors';
import type { PeriodRow, YearRow } from '../../queries/year';

export interface ReportRange {
  readonly year: YearRow;
  readonly from: string;
  readonly to: string;
  /** The period asked for, if any. */
  readonly period: PeriodRow | null;
  /** '03.11.2026–05.12.2026' or '2 четверть (03.11.2026–27.12.2026)'. */
  readonly words: string;
}

const badParams = (message: string) => new ReportError('REPORT_BAD_PARAMS', message);

/** The range of the report: `periodId`, or `from` and `to`; within one school year. */
export async function reportRange(knex: Knex, params: ReportParams): Promise<ReportRange> {
  if (params.periodId) {
    // A period, or dates within it (the screen fills in the period's dates, a person narrows them).
    if (!params.from !== !params.to) throw badParams('Укажите обе даты, «с» и «по», или только период.');
    const period: PeriodRow | undefined = await knex('period').where({ id: params.periodId })
      .first('id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to', 'year_id');
    if (!period) throw new ReportError('REPORT_NOT_FOUND', 'Такого периода нет.');
    const year: YearRow = await knex('academic_year').where({ id: (period as PeriodRow & { year_id: string }).year_id }).first('id', 'name', 'starts_on', 'ends_on');
    const from = params.from ?? period.starts_on;
    const to = params.to ?? period.ends_on;
    if (!isIsoDate(from) || !isIsoDate(to)) throw badParams('Даты в виде ГГГГ-ММ-ДД.');
    if (to < from) throw badParams('Дата «по» раньше даты «с».');
    if (from < period.starts_on || to > period.ends_on) {
      throw badParams(`Даты ${formatRuDate(from)}–${formatRuDate(to)} выходят за ${period.name} (${formatRuDate(period.starts_on)}–${formatRuDate(period.ends_on)}): выберите даты внутри периода или другой период.`);
    }
    return { year, from, to, period, words: `${period.name} (${formatRuDate(from)}–${formatRuDate(to)})` };
  }
  const { from, to } = params;
  if (!from || !to) throw badParams('Укажите период или даты «с» и «по».');
  if (!isIsoDate(from) || !isIsoDate(to)) throw badParams('Даты в виде ГГГГ-ММ-ДД.');
  if (to < from) throw badParams('Дата «по» раньше даты «с».');
  const years: YearRow[] = await knex('academic_year').select('id', 'name', 'starts_on', 'ends_on').orderBy('starts_on');
  const year = years.find((y) => y.starts_on <= from && from <= y.ends_on);
  if (!year || to > year.ends_on) {
    throw new ReportError('REPORT_OUTSIDE_YEAR', year
      ? `Даты ${formatRuDate(from)}–${formatRuDate(to)} выходят за ${year.name} учебный год (${formatRuDate(year.starts_on)}–${formatRuDate(year.ends_on)}).`
      : `Даты ${formatRuDate(from)}–${formatRuDate(to)} не попадают ни в один учебный год.`);
  }
  return { year, from, to, period: null, words: `${formatRuDate(from)}–${formatRuDate(to)}` };
}

/** The last day counted as past: the day before `today`, but not after the range's end. */
export const pastUntil = (range: { to: string }, today: string): string => {
  const yesterday = addDays(today, -1);
  return range.to < yesterday ? range.to : yesterday;
};

export interface ReportSlice {
  readonly grade?: number;
  readonly classId?: string;
  readonly teacherId?: string;
  readonly subjectId?: string;
  /** The grades of the period asked for (a quarter is of grades 2–9, a half-year of 10–11). */
  readonly grades?: { readonly from: number; readonly to: number };
  /** 'вся школа', '7 классы', '7А класс', 'учитель Иванова А. П.', 'предмет «Математика»'. */
  readonly words: string;
}

/** Checks the slice's ids against the year and names it; a period keeps to its grades. */
export async function reportSlice(knex: Knex, params: ReportParams, yearId: string, period?: PeriodRow | null): Promise<ReportSlice> {
  const words: string[] = [];
  if (params.grade !== undefined) {
    if (!Number.isInteger(params.grade) || params.grade < 1 || params.grade > 11) throw badParams('Параллель — число от 1 до 11.');
    if (period && (params.grade < period.grade_from || params.grade > period.grade_to)) throw badParams(`${period.name} — период не для ${params.grade} классов: выберите период этой параллели или даты.`);
    words.push(`${params.grade} классы`);
  }
  if (params.classId) {
    const c: { name: string; grade: number; year_id: string } | undefined = await knex('class').where({ id: params.classId }).first('name', 'grade', 'year_id');
    if (!c || c.year_id !== yearId) throw new ReportError('REPORT_NOT_FOUND', 'Такого класса в этом учебном году нет.');
    if (params.grade !== undefined && c.grade !== params.grade) throw badParams(`Класс ${c.name} не из ${params.grade} параллели.`);
    if (period && (c.grade < period.grade_from || c.grade > period.grade_to)) throw badParams(`${period.name} — период не для ${c.grade} класса: выберите период этого класса или даты.`);
    words.splice(0, words.length, `${c.name} класс`);
  }
  if (params.teacherId) {
    const t: { last_name: string; first_name: string; middle_name: string } | undefined = await knex('staff').where({ id: params.teacherId }).first('last_name', 'first_name', 'middle_name');
    if (!t) throw new ReportError('REPORT_NOT_FOUND', 'Такого учителя нет.');
    words.push(`учитель ${shortName(t.last_name, t.first_name, t.middle_name)}`);
  }
  if (params.subjectId) {
    const s: { name: string } | undefined = await knex('subject').where({ id: params.subjectId }).first('name');
    if (!s) throw new ReportError('REPORT_NOT_FOUND', 'Такого предмета нет.');
    words.push(`предмет «${s.name}»`);
  }
  return {
    ...(period ? { grades: { from: period.grade_from, to: period.grade_to } } : {}),
    ...(params.grade !== undefined ? { grade: params.grade } : {}),
    ...(params.classId ? { classId: params.classId } : {}),
    ...(params.teacherId ? { teacherId: params.teacherId } : {}),
    ...(params.subjectId ? { subjectId: params.subjectId } : {}),
    words: words.length ? words.join(', ') : 'вся школа',
  };
}

/**
 * The slice as SQL over `teaching_assignment a JOIN class c`: the condition and its
 * bindings (the year, then the slice's ids), for the aggregate queries.
 */
export function sliceSql(slice: ReportSlice, yearId: string): { where: string; bindings: (string | number)[] } {
  const parts = ['a.year_id = ?'];
  const bindings: (string | number)[] = [yearId];
  if (slice.grades) { parts.push('c.grade BETWEEN ? AND ?'); bindings.push(slice.grades.from, slice.grades.to); }
  if (slice.grade !== undefined) { parts.push('c.grade = ?'); bindings.push(slice.grade); }
  if (slice.classId) { parts.push('a.class_id = ?'); bindings.push(slice.classId); }
  if (slice.teacherId) { parts.push('a.teacher_id = ?'); bindings.push(slice.teacherId); }
  if (slice.subjectId) { parts.push('a.subject_id = ?'); bindings.push(slice.subjectId); }
  return { where: parts.join(' AND '), bindings };
}
