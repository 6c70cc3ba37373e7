// Every report of the school (issue 14), in the order the reports screen lists them. Adding
// a report: its builder under db/reports/, its declaration (types.ts) and one line here.
import { ReportError } from './errors';
import type { ReportDeclaration } from './types';
import { resultsReport } from './results';
import { controlReport } from './control';

export const REPORTS: readonly ReportDeclaration[] = [
  controlReport,
  resultsReport,
];

export function reportOf(name: string): ReportDeclaration {
  const r = REPORTS.find((d) => d.name === name);
  if (!r) throw new ReportError('REPORT_UNKNOWN', `Неизвестный отчёт: ${name}.`);
  return r;
}
