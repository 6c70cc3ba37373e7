// Shared by the results and forecast reports: the period asked for, the class, and who may
// ask for a class's figures. The administration (deputies, the director, and the
// administrator where the report's access allows) sees every class; a class teacher only
// their own class (R-ROLE-3), and a report of the whole school or a parallel not at all.
import type { Knex } from 'knex';
import { formatRuDate } from '../../shared/dates';
import type { ReportParams } from '../../shared/report-model';
import { ReportError } from './errors';
import type { ReportContext } from './types';

export interface PeriodRow {
  readonly id: string;
  readonly year_id: string;
  readonly kind: string;
  readonly number: number;
  readonly name: string;
  readonly starts_on: string;
  readonly ends_on: string;
  readonly grade_from: number;
  readonly grade_to: number;
  readonly year_name: string;
  readonly year_starts_on: string;
}

export interface ClassRow {
  readonly id: string;
  readonly year_id: string;
  readonly grade: number;
  readonly letter: string;
  readonly name: string;
  readonly class_teacher_id: string | null;
  readonly retired: number;
}

export async function periodOf(knex: Knex, periodId: string | undefined): Promise<PeriodRow> {
  if (!periodId) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите период.');
  const p: PeriodRow | undefined = await knex('period as p').join('academic_year as y', 'y.id', 'p.year_id').where('p.id', periodId)
    .first('p.id', 'p.year_id', 'p.kind', 'p.number', 'p.name', 'p.starts_on', 'p.ends_on', 'p.grade_from', 'p.grade_to', 'y.name as year_name', 'y.starts_on as year_starts_on');
  if (!p) throw new ReportError('REPORT_NOT_FOUND', 'Период не найден.');
  return p;
}

export async function classOf(knex: Knex, classId: string): Promise<ClassRow> {
  const c: ClassRow | undefined = await knex('class').where({ id: classId }).first('id', 'year_id', 'grade', 'letter', 'name', 'class_teacher_id', 'retired');
  if (!c) throw new ReportError('REPORT_NOT_FOUND', 'Класс не найден.');
  return c;
}

/** The class must be of the period's year and grades. */
export function checkClassInPeriod(c: ClassRow, p: PeriodRow): void {
  if (c.year_id !== p.year_id || c.grade < p.grade_from || c.grade > p.grade_to) {
    throw new ReportError('REPORT_BAD_PARAMS', `Период «${p.name}» (${p.year_name}) не относится к классу ${c.name}.`);
  }
}

export const periodSpan = (p: PeriodRow) => `${formatRuDate(p.starts_on)}–${formatRuDate(p.ends_on)}`;

/**
 * A class teacher who is not also in the administration may ask only for their own class;
 * null: allowed (`administration`: the roles that see every class for this report).
 */
export async function refuseOtherClass(knex: Knex, params: ReportParams, ctx: ReportContext, administration: readonly string[]): Promise<string | null> {
  if (ctx.user.roles.some((r) => administration.includes(r))) return null;
  if (!params.classId) return 'Классный руководитель получает этот отчёт только по своему классу: выберите класс.';
  const c = await knex('class').where({ id: params.classId }).first('class_teacher_id');
  if (!c) return null; // the builder says the class is not found
  return c.class_teacher_id === ctx.user.id ? null : 'Этот отчёт доступен классному руководителю только по своему классу.';
}
