// Running a report of the registry (db/reports/registry.ts) for a caller, the same way for
// the window (reports.* methods), the CLI (`journal report`) and the tests: who may ask for
// it (the declaration's role set, then its finer `refuse` of the slice), which parameters
// it takes, then its builder. Only reads: nothing is written when a report is refused.
import type { Knex } from 'knex';
import { ReportError, type ReportErrorCode } from '../../db/reports/errors';
import { REPORTS } from '../../db/reports/registry';
import type { ReportContext, ReportDeclaration, ReportParamName } from '../../db/reports/types';
import type { ReportParams, ReportResult } from '../../shared/report-model';
import { inRoleSet } from '../../shared/role-sets';
import { ServiceError, type ErrorCode } from '../errors';

/** Every parameter a report may take, in the order the form shows them. */
export const PARAM_NAMES: readonly ReportParamName[] = ['periodId', 'from', 'to', 'grade', 'classId', 'teacherId', 'subjectId', 'studentId'];

/** The Russian name of each parameter (the form's labels, the messages). */
export const PARAM_TITLES: Readonly<Record<ReportParamName, string>> = {
  periodId: 'отчётный период',
  from: 'начало периода (с даты)',
  to: 'конец периода (по дату)',
  grade: 'параллель',
  classId: 'класс',
  teacherId: 'учитель',
  subjectId: 'предмет',
  studentId: 'ученик',
};

/** Declarations added by tests (a tiny report made in a test file); never in the app. */
const extra: ReportDeclaration[] = [];

/** The reports of the registry (and those a test added), in the registry's order. */
export function allReports(): readonly ReportDeclaration[] {
  return [...REPORTS, ...extra.filter((d) => !REPORTS.some((r) => r.name === d.name))];
}

/** Tests only: makes a declaration known to the service and the CLI code; returns its removal. */
export function addReportForTests(d: ReportDeclaration): () => void {
  extra.push(d);
  return () => {
    const i = extra.indexOf(d);
    if (i >= 0) extra.splice(i, 1);
  };
}

export function findReport(name: string, reports: readonly ReportDeclaration[] = allReports()): ReportDeclaration {
  const r = reports.find((d) => d.name === name);
  if (!r) throw new ReportError('REPORT_UNKNOWN', `Неизвестный отчёт: ${name}.`);
  return r;
}

/** The reports this user may ask for at all (their roles are in the declaration's set). */
export function reportsFor(roles: readonly string[], reports: readonly ReportDeclaration[] = allReports()): ReportDeclaration[] {
  return reports.filter((d) => inRoleSet(roles, d.access));
}

/** A parameter as «укажите …» asks for it, where that differs from its title. */
const ASKED_FOR: Partial<Record<ReportParamName, string>> = { teacherId: 'учителя', studentId: 'ученика' };

/** The parameters given (those with a value), without the empty ones. */
export function givenParams(params: ReportParams): ReportParams {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out as ReportParams;
}

/** A parameter the report does not take, or one it needs that is missing: REPORT_BAD_PARAMS. */
export function checkParams(d: ReportDeclaration, params: ReportParams): void {
  const given = givenParams(params);
  for (const k of Object.keys(given)) {
    if (!(PARAM_NAMES as readonly string[]).includes(k)) throw new ReportError('REPORT_BAD_PARAMS', `Неизвестный параметр отчёта: ${k}.`, { param: k });
    if (!d.params[k as ReportParamName]) {
      throw new ReportError('REPORT_BAD_PARAMS', `Отчёт «${d.title}» не принимает параметр «${PARAM_TITLES[k as ReportParamName]}».`, { param: k });
    }
  }
  for (const k of PARAM_NAMES) {
    if (d.params[k] === 'required' && given[k] === undefined) {
      throw new ReportError('REPORT_BAD_PARAMS', `Для отчёта «${d.title}» укажите ${ASKED_FOR[k] ?? PARAM_TITLES[k]}.`, { param: k });
    }
  }
  if (d.oneOf && d.oneOf.every((k) => given[k] === undefined)) {
    throw new ReportError('REPORT_BAD_PARAMS', `Для отчёта «${d.title}» укажите ${d.oneOf.map((k) => ASKED_FOR[k] ?? PARAM_TITLES[k]).join(' или ')}.`, { param: d.oneOf[0] });
  }
  if (given.from !== undefined && given.to !== undefined && given.from > given.to) {
    throw new ReportError('REPORT_BAD_PARAMS', 'Начало периода отчёта позже его конца.', { param: 'from' });
  }
}

/**
 * Runs a report for a user: the declaration's role set (R-ROLE-4, R-ROLE-3), its
 * parameters, its finer refusal of the slice, then the builder.
 */
export async function runReport(knex: Knex, name: string, params: ReportParams, ctx: ReportContext, reports: readonly ReportDeclaration[] = allReports()): Promise<ReportResult> {
  const d = findReport(name, reports);
  if (!inRoleSet(ctx.user.roles, d.access)) throw new ReportError('REPORT_FORBIDDEN', `Отчёт «${d.title}» вам недоступен.`);
  checkParams(d, params);
  const given = givenParams(params);
  const reason = d.refuse ? await d.refuse(knex, given, ctx) : null;
  if (reason) throw new ReportError('REPORT_FORBIDDEN', reason);
  return d.build(knex, given, ctx);
}

const SERVICE_CODES: Readonly<Record<ReportErrorCode, ErrorCode>> = {
  REPORT_UNKNOWN: 'NOT_FOUND',
  REPORT_BAD_PARAMS: 'VALIDATION',
  REPORT_NOT_FOUND: 'NOT_FOUND',
  REPORT_OUTSIDE_YEAR: 'VALIDATION',
  REPORT_FORBIDDEN: 'FORBIDDEN',
};

/** A report's error as the service's: the report's code in details.reportCode. */
export function asServiceError(err: unknown): never {
  if (err instanceof ReportError) {
    const details = err.details && typeof err.details === 'object' ? { ...err.details, reportCode: err.code } : { reportCode: err.code };
    throw new ServiceError(SERVICE_CODES[err.code], err.message, details);
  }
  throw err;
}
