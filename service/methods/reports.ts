// Reports (issue 14): the reports this user may ask for, running one, and its outputs — an
// XLSX workbook, a PDF in the paper copies' style entered in the register of printed
// documents, printing it. Each report's access differs (its declaration names a role set of
// the rule book, and may refuse a slice: a class teacher asks for their own class only), so
// these methods admit any signed-in member of staff and the declaration is checked here, in
// the main process, on every call (service/reports/run.ts).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { yearOn } from '../../db/queries/year';
import { PrintError } from '../../print/errors';
import { printFolder } from '../../print/jobs/manager';
import { printPdfFile } from '../../print/printer';
import { REPORT_KIND } from '../../print/registry';
import { printReport } from '../../print/reports/render';
import { listPrints, nextDocNo } from '../../print/verify/register';
import { inRoleSet } from '../../shared/role-sets';
import type { ReportContext } from '../../db/reports/types';
import { toIsoDate } from '../../shared/dates';
import type { ReportParams } from '../../shared/report-model';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { ServiceError } from '../errors';
import { asServiceError, PARAM_NAMES, PARAM_TITLES, reportsFor, runReport } from '../reports/run';
import { reportFileName, reportWorkbook } from '../reports/xlsx';

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
      params: PARAM_NAMES.filter((p) => d.params[p]).map((p) => ({ name: p, required: d.params[p] === 'required' || d.oneOf?.[0] === p, title: PARAM_TITLES[p] })),
      defaultDays: d.defaultDays ?? null,
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

/** The report's PDF: drawn, written into the print folder beside the database, entered in the register. */
async function printed(ctx: CallContext, name: string, params: ReportParams) {
  const result = await runFor(ctx, name, params);
  const now = ctx.now();
  const file = path.join(printFolder(ctx.db), reportFileName(result, toIsoDate(now), 'pdf'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const docNo = await nextDocNo(ctx.db, toIsoDate(now));
  const p = await printReport(ctx.db, { userId: userOf(ctx).id }, result, { now, file: uniqueFile(file, docNo), docNo }).catch((err: unknown) => {
    if (err instanceof PrintError) throw new ServiceError('CONFLICT', err.message, { printCode: err.code });
    throw err;
  });
  return { result, p };
}

/** Another report printed the same day keeps its file: the number joins the name. */
function uniqueFile(file: string, docNo: string): string {
  return fs.existsSync(file) ? file.replace(/\.pdf$/i, `-${docNo}.pdf`) : file;
}

export const exportFile = defineMethod({
  summary: 'Выгрузить отчёт в файл: XLSX (числа числами, заголовки по-русски, закреплённая строка заголовка, печать на A4) или PDF в оформлении бумажных копий, внесённый в реестр напечатанных документов; файл в base64',
  access: 'signed-in',
  input: z.object({ name: reportName, params: reportParams.default({}), format: z.enum(['xlsx', 'pdf'], { message: 'Формат: xlsx или pdf' }) }).strict(),
  async run(ctx, a) {
    const today = toIsoDate(ctx.now());
    if (a.format === 'xlsx') {
      const result = await runFor(ctx, a.name, a.params);
      const bytes = await reportWorkbook(result, { madeOn: today });
      return { format: a.format, fileName: reportFileName(result, today, 'xlsx'), base64: bytes.toString('base64'), docNo: null, pages: null };
    }
    const { result, p } = await printed(ctx, a.name, a.params);
    return { format: a.format, fileName: reportFileName(result, today, 'pdf').replace(/\.pdf$/, `-${p.docNo}.pdf`), base64: p.bytes.toString('base64'), docNo: p.docNo, pages: p.pages, file: p.file };
  },
});

export const print = defineMethod({
  summary: 'Напечатать отчёт: PDF в папку печати, запись в реестр напечатанных документов (номер, название, параметры отчёта) и, если попросили, отправка на принтер (указанный или по умолчанию)',
  access: 'signed-in',
  input: z.object({
    name: reportName,
    params: reportParams.default({}),
    /** Send the saved file to a printer: the one named, or the system's default. */
    toPrinter: z.boolean().default(false),
    printer: z.string().trim().min(1).max(200).optional(),
    copies: z.number().int().min(1).max(99).default(1),
  }).strict(),
  async run(ctx, a) {
    const { result, p } = await printed(ctx, a.name, a.params);
    const done = { docNo: p.docNo, title: result.title, subtitle: result.subtitle, pages: p.pages, file: p.file, kindTitle: p.register.kindTitle };
    if (!a.toPrinter && !a.printer) return { ...done, printerJob: null, printerError: null };
    try {
      return { ...done, printerJob: await printPdfFile(p.file, { printer: a.printer, copies: a.copies, doubleSided: false }), printerError: null };
    } catch (err) {
      // The PDF stays saved and registered: say so with the printer's error.
      if (err instanceof PrintError) return { ...done, printerJob: null, printerError: { code: err.code, message: `${err.message} Файл сохранён: ${p.file}` } };
      throw err;
    }
  },
});

export const register = defineMethod({
  summary: 'Напечатанные отчёты из реестра напечатанных документов: номер, название, параметры, кто и когда напечатал, актуальность',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const user = userOf(ctx);
    const all = await listPrints(ctx.db.knex, { kind: REPORT_KIND });
    // The register's keepers see every printed report (R-PRINT-3); others, the ones they printed.
    const mine = inRoleSet(user.roles, 'wholeSchool') ? all : all.filter((e) => e.printedBy === user.id);
    return mine.map((e) => ({
      docNo: e.docNo, title: e.title, reportName: e.reportName, params: e.reportParams, pages: e.pages, sheets: e.sheets,
      printedAt: e.printedAt, printedByName: e.printedByName, status: e.status, filePath: e.filePath,
    }));
  },
});
