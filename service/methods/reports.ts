// Reports (issue 14): the reports this user may ask for, running one, and its outputs — an
// XLSX workbook, a PDF in the paper copies' style entered in the register of printed
// documents, printing it. Each report's access differs (its declaration names a role set of
// the rule book, and may refuse a slice: a class teacher asks for their own class only), so
// these methods admit any signed-in member of staff and the declaration is checked here, in
// the main process, on every call (service/reports/run.ts).
import { z } from 'zod';
import { yearOn } from '../../db/queries/year';
import type { ReportContext } from '../../db/reports/types';
import { toIsoDate } from '../../shared/dates';
import type { ReportParams } from '../../shared/report-model';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { asServiceError, PARAM_NAMES, PARAM_TITLES, reportsFor, runReport } from '../reports/run';

/** The parameters of a report as the window and the CLI send them; the declaration says which it takes. */
export const reportParams = z.object({
  periodId: rowId.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  grade: z.number().int().min(1, 'Параллель: от 1 до 11').max(11, 'Параллель: от 1 до 11').optional(),
  classId: rowId.optional(),
  teacherId: rowId.optional(),
  subjectId: rowId.optional(),
  studentId: rowId.optional(),
}).strict();

const reportName = z.string().trim().min(1, 'Укажите отчёт').max(64);

export function reportContext(ctx: CallContext): ReportContext {
  const user = userOf(ctx);
  return { today: toIsoDate(ctx.now()), user: { id: user.id, roles: user.roles } };
}

export async function runFor(ctx: CallContext, name: string, params: ReportParams) {
  return runReport(ctx.db.knex, name, params, reportContext(ctx)).catch(asServiceError);
}

export const list = defineMethod({
  summary: 'Отчёты, доступные пользователю: название, что показывает, какие параметры принимает; и из чего их выбирать (периоды, классы, параллели, учителя, предметы)',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const user = userOf(ctx);
    const reports = reportsFor(user.roles).map((d) => ({
      name: d.name,
      title: d.title,
      description: d.description,
      params: PARAM_NAMES.filter((p) => d.params[p]).map((p) => ({ name: p, required: d.params[p] === 'required', title: PARAM_TITLES[p] })),
    }));
    const knex = ctx.db.knex;
    const today = toIsoDate(ctx.now());
    const year = await yearOn(knex, today);
    if (!year || reports.length === 0) return { reports, today, year: null, periods: [], classes: [], grades: [], teachers: [], subjects: [] };
    const periods: { id: string; name: string; kind: string; starts_on: string; ends_on: string; grade_from: number; grade_to: number }[] =
      await knex('period').where({ year_id: year.id }).orderBy([{ column: 'starts_on' }, { column: 'grade_from' }]).select('id', 'name', 'kind', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
    const classes: { id: string; name: string; grade: number; class_teacher_id: string | null }[] =
      await knex('class').where({ year_id: year.id }).orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name', 'grade', 'class_teacher_id');
    const teachers: { id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('staff as s')
      .whereExists(knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').whereRaw('a.teacher_id = s.id').where('c.year_id', year.id).select(knex.raw('1')))
      .orderBy(['s.last_name', 's.first_name']).select('s.id', 's.last_name', 's.first_name', 's.middle_name');
    const subjects: { id: string; name: string }[] = await knex('subject').orderBy(['sort_order', 'name']).select('id', 'name');
    return {
      reports,
      today,
      year: { id: year.id, name: year.name, startsOn: year.starts_on, endsOn: year.ends_on },
      periods: periods.map((p) => ({
        id: p.id, name: `${p.name} (${p.grade_from === p.grade_to ? p.grade_from : `${p.grade_from}–${p.grade_to}`} кл.)`, kind: p.kind,
        startsOn: p.starts_on, endsOn: p.ends_on, gradeFrom: p.grade_from, gradeTo: p.grade_to,
      })),
      classes: classes.map((c) => ({ id: c.id, name: c.name, grade: c.grade, mine: c.class_teacher_id === user.id })),
      grades: [...new Set(classes.map((c) => c.grade))],
      teachers: teachers.map((t) => ({ id: t.id, name: [t.last_name, t.first_name, t.middle_name].filter(Boolean).join(' ') })),
      subjects,
    };
  },
});

export const run = defineMethod({
  summary: 'Составить отчёт: таблицы, диаграммы, формулы и правила подсчёта; ничего не записывается',
  access: 'signed-in',
  input: z.object({ name: reportName, params: reportParams.default({}) }).strict(),
  async run(ctx, a) {
    return runFor(ctx, a.name, a.params);
  },
});
