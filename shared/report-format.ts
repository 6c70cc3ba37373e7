// How a report's values read as text, the same on screen and on paper (issue 14): counts as
// they are, percentages with one decimal, averages and СОУ with two (a decimal comma), dates
// ДД.ММ.ГГГГ, nothing as a dash. The workbook keeps numbers as numbers instead
// (service/reports/xlsx.ts). Runs anywhere (no Node imports).
import type { ColumnKind, ReportValue } from './report-model';

const decimal = (v: number, digits: number) => v.toFixed(digits).replace('.', ',').replace('-', '−');

export function formatReportValue(kind: ColumnKind, v: ReportValue): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v.slice(8, 10)}.${v.slice(5, 7)}.${v.slice(0, 4)}`;
    return v;
  }
  if (!Number.isFinite(v)) return '—';
  switch (kind) {
    case 'percent': return decimal(v, 1);
    case 'decimal': return decimal(v, 2);
    case 'int': return Number.isInteger(v) ? String(v).replace('-', '−') : decimal(v, 1);
    default: return String(v);
  }
}

/** Whether a column holds numbers (right-aligned on screen, centred on paper). */
export const isNumberKind = (kind: ColumnKind): boolean => kind === 'int' || kind === 'percent' || kind === 'decimal';
