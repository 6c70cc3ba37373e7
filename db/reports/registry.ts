// Every report of the school (issue 14), in the order the reports screen lists them. Adding
// a report: its builder under db/reports/, its declaration (types.ts) and one line here.
import { ReportError } from './errors';
import type { ReportDeclaration } from './types';
import { attendanceReport } from './attendance';
import { classPeriodReport } from './class-period';
import { parentsReport } from './parents';
import { parentLettersReport } from './parent-letters';
import { riskReport } from './risk';
import { resultsReport } from './results';
import { forecastReport } from './forecast';
import { controlReport } from './control';
import { activityReport } from './activity';

export const REPORTS: readonly ReportDeclaration[] = [
  controlReport,
  activityReport,
  resultsReport,
  forecastReport,
  attendanceReport,
  classPeriodReport,
  parentsReport,
  parentLettersReport,
  riskReport,
];

export function reportOf(name: string): ReportDeclaration {
  const r = REPORTS.find((d) => d.name === name);
  if (!r) throw new ReportError('REPORT_UNKNOWN', `Неизвестный отчёт: ${name}.`);
  return r;
}
