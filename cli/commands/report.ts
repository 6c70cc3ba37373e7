// journal report NAME --db FILE [--period ID] [--class 8Б|ID] [--grade N] [--teacher ID] [--subject ID]
//   [--student ID] [--from DATE] [--to DATE] --format json|xlsx|pdf [--out FILE] [--date DATE]
//   [--user LOGIN --password PW]
// journal report --list [--db FILE --user LOGIN --password PW]
// A report of the registry (db/reports/registry.ts) for scripts (issue 14 item 9): its JSON
// (the same result the window draws), its workbook, or its PDF — entered in the register of
// printed documents, as `journal print` enters its documents. As `journal print`, the command
// line acts as the system by default (no user: every report, every slice, the register names
// the computer); with --user and --password it signs in and goes through the same service
// methods as the window, with that user's access. Nothing is written when it fails.
import fs from 'node:fs';
import path from 'node:path';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ReportError } from '../../db/reports/errors';
import type { ReportParamName } from '../../db/reports/types';
import { ROLES } from '../../db/schema';
import { PrintError } from '../../print/errors';
import { printReport } from '../../print/reports/render';
import { isIsoDate, toIsoDate } from '../../shared/dates';
import type { ReportParams, ReportResult } from '../../shared/report-model';
import { ServiceHost } from '../../service/host';
import { allReports, PARAM_NAMES, PARAM_TITLES, runReport } from '../../service/reports/run';
import { reportWorkbook } from '../../service/reports/xlsx';
import { CliError } from '../output';

export interface ReportArgs {
  name?: string;
  db?: string;
  list: boolean;
  period?: string;
  class?: string;
  grade?: string;
  teacher?: string;
  subject?: string;
  student?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  date?: string;
  user?: string;
  password?: string;
}

export const REPORT_USAGE = [
  'journal report NAME --db FILE [--period ID] [--class 8Б] [--grade N] [--teacher ID] [--subject ID] [--student ID] [--from ГГГГ-ММ-ДД] [--to ГГГГ-ММ-ДД] --format json|xlsx|pdf --out FILE [--date ГГГГ-ММ-ДД] [--user LOGIN --password PW]',
  'journal report --list',
];

const FORMATS = ['json', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/** The command line's option of each parameter. */
const OPTION: Readonly<Record<ReportParamName, string>> = {
  periodId: '--period', from: '--from', to: '--to', grade: '--grade', classId: '--class', teacherId: '--teacher', subjectId: '--subject', studentId: '--student',
};

/** The reports and what each takes, as `--list` prints them. */
export function listReports() {
  return {
    reports: allReports().map((d) => ({
      name: d.name, title: d.title, description: d.description,
      options: PARAM_NAMES.filter((p) => d.params[p]).map((p) => ({ option: OPTION[p], title: PARAM_TITLES[p], required: d.params[p] === 'required' })),
    })),
  };
}

/** The moment of the report: --date (noon of that day) or now. */
function moment(date: string | undefined): Date {
  if (date === undefined) return new Date();
  if (!isIsoDate(date)) throw new CliError('USAGE', '--date должно быть датой в виде ГГГГ-ММ-ДД');
  return new Date(`${date}T12:00:00`);
}

/** A class by its id, or by its name ('8Б') in the year of the period or of the day. */
async function classOf(db: JournalDb, cls: string, periodId: string | undefined, today: string): Promise<string> {
  if (await db.knex('class').where({ id: cls }).first('id')) return cls;
  const name = cls.trim().toLocaleUpperCase('ru');
  const period = periodId ? await db.knex('period').where({ id: periodId }).first('year_id') : undefined;
  const years: { id: string }[] = period
    ? [{ id: period.year_id as string }]
    : await db.knex('academic_year').where('starts_on', '<=', today).orderBy('starts_on', 'desc').select('id');
  for (const y of years) {
    const found = await db.knex('class').where({ year_id: y.id }).whereRaw('upper(name) = ?', [name]).first('id');
    if (found) return found.id as string;
  }
  throw new CliError('REPORT_NOT_FOUND', `Класс «${cls}» не найден.`);
}

function paramsOf(a: ReportArgs): ReportParams {
  for (const [o, v] of [['--from', a.from], ['--to', a.to]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new CliError('USAGE', `${o} должно быть датой в виде ГГГГ-ММ-ДД`);
  }
  if (a.grade !== undefined && !/^(?:[1-9]|1[01])$/.test(a.grade)) throw new CliError('USAGE', '--grade должно быть целым числом от 1 до 11');
  const p: Record<string, unknown> = {
    periodId: a.period, from: a.from, to: a.to, grade: a.grade === undefined ? undefined : Number(a.grade),
    classId: a.class, teacherId: a.teacher, subjectId: a.subject, studentId: a.student,
  };
  for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
  return p as ReportParams;
}

function formatOf(f: string | undefined): Format {
  if (f === undefined) throw new CliError('USAGE', 'Укажите формат: --format json|xlsx|pdf');
  if (!(FORMATS as readonly string[]).includes(f)) throw new CliError('USAGE', `--format: json, xlsx или pdf, а не «${f}»`);
  return f as Format;
}

function write(out: string, bytes: Buffer | string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, bytes);
  } catch (err) {
    throw new CliError('REPORT_FILE', `Файл ${out} не удалось записать: ${(err as Error).message}`);
  }
}

/** What the command prints: the report and where it went. */
function summary(r: ReportResult, format: Format, out: string | undefined, extra: Record<string, unknown> = {}) {
  return { report: r.name, title: r.title, subtitle: r.subtitle, params: r.params, format, out: out ? path.resolve(out) : null, parts: r.parts.length, ...extra };
}

/** Signed in as a user: the service methods of the window, with that user's access. */
async function asUser(a: ReportArgs & { db: string; name: string }, params: ReportParams, format: Format, now: Date): Promise<unknown> {
  const db = await openJournal(a.db, { mustExist: true });
  try {
    if (params.classId) params = { ...params, classId: await classOf(db, params.classId, params.periodId, toIsoDate(now)) };
    const host = new ServiceHost(db, { now: () => now, log: () => undefined });
    const signedIn = await host.call('cli', 'auth.login', { login: a.user, password: a.password ?? process.env.JOURNAL_PASSWORD });
    if (!signedIn.ok) throw new CliError(signedIn.error.code, signedIn.error.message);
    const run = await host.call('cli', 'reports.run', { name: a.name, params });
    if (!run.ok) throw new CliError(run.error.code, run.error.message, run.error.details);
    const r = run.value as ReportResult;
    if (format === 'json') {
      if (a.out) write(a.out, `${JSON.stringify(r, null, 2)}\n`);
      return a.out ? summary(r, format, a.out) : r;
    }
    const out = a.out!;
    const made = await host.call('cli', 'reports.exportFile', { name: a.name, params, format });
    if (!made.ok) throw new CliError(made.error.code, made.error.message, made.error.details);
    const v = made.value as { base64: string; docNo: string | null; pages: number | null };
    write(out, Buffer.from(v.base64, 'base64'));
    return summary(r, format, out, format === 'pdf' ? { docNo: v.docNo, pages: v.pages } : {});
  } finally {
    await db.close();
  }
}

export async function runReportCommand(a: ReportArgs): Promise<unknown> {
  if (a.list) return listReports();
  if (!a.name) throw new CliError('USAGE', `Укажите отчёт: journal report NAME … (список: journal report --list)\n${REPORT_USAGE.join('\n')}`);
  if (!a.db) throw new CliError('USAGE', 'Укажите файл базы данных: --db FILE');
  const format = formatOf(a.format);
  if (format !== 'json' && !a.out) throw new CliError('USAGE', `Укажите файл: --out FILE.${format}`);
  if (a.out && format !== 'json' && !new RegExp(`\\.${format}$`, 'i').test(a.out)) throw new CliError('USAGE', `Файл --out должен иметь расширение .${format}`);
  const params = paramsOf(a);
  const now = moment(a.date);
  if (a.user !== undefined || a.password !== undefined) {
    if (!a.user) throw new CliError('USAGE', 'Укажите --user LOGIN вместе с --password PW.');
    return asUser({ ...a, db: a.db, name: a.name }, params, format, now);
  }
  const db = await openJournal(a.db, { mustExist: true });
  try {
    const today = toIsoDate(now);
    const given = params.classId ? { ...params, classId: await classOf(db, params.classId, params.periodId, today) } : params;
    // The system: every role, no staff member (as `journal print`).
    const r = await runReport(db.knex, a.name, given, { today, user: { id: '', roles: ROLES } }).catch((err: unknown) => {
      if (err instanceof ReportError) throw new CliError(err.code, err.message, err.details);
      throw err;
    });
    if (format === 'json') {
      if (!a.out) return r;
      write(a.out, `${JSON.stringify(r, null, 2)}\n`);
      return summary(r, format, a.out);
    }
    if (format === 'xlsx') {
      write(a.out!, await reportWorkbook(r, { madeOn: today }));
      return summary(r, format, a.out);
    }
    const printed = await printReport(db, { userId: null }, r, { now, file: path.resolve(a.out!) }).catch((err: unknown) => {
      if (err instanceof PrintError) throw new CliError(err.code, err.message, err.details);
      throw err;
    });
    return summary(r, format, a.out, { docNo: printed.docNo, pages: printed.pages, registered: { docNo: printed.register.docNo, status: printed.register.status, computer: printed.register.computer } });
  } finally {
    await db.close();
  }
}
