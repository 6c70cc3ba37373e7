// A report as an XLSX workbook (issue 14 item 9), for any report of the registry: numbers
// stay numbers (percentages with one decimal, averages with two, dates as real dates shown
// ДД.ММ.ГГГГ), Russian headers, the title, subtitle and counting rules above the table, the
// header row frozen and repeated on printed pages, A4 fitted to the width.
// One sheet per part: a single-part report is one sheet; a report of many parts (a class's
// students, one each) is one sheet per part, named after it, so that the secretary finds a
// child by the sheet's tab. A chart becomes a sheet of the figures it is drawn from: exceljs
// cannot draw charts (it keeps none it reads and makes none), so the workbook holds the
// data and Excel's own chart can be made from it in two clicks.
import ExcelJS from 'exceljs';
import type { ChartSpec, ColumnKind, ReportColumn, ReportResult, ReportRow, ReportValue } from '../../shared/report-model';

const FORMATS: Readonly<Record<ColumnKind, string | undefined>> = { text: undefined, int: '0', percent: '0.0', decimal: '0.00', date: 'dd.mm.yyyy' };

/** A cell's value as the workbook keeps it: numbers as numbers, an ISO date as a date (UTC midnight, as Excel reads it). */
export function xlsxValue(kind: ColumnKind, v: ReportValue): string | number | Date | null {
  if (v === null || v === '') return null;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  if ((kind === 'int' || kind === 'percent' || kind === 'decimal') && typeof v === 'number') return Number.isFinite(v) ? v : null;
  return v;
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook (case-insensitive, as Excel compares). */
export function sheetNames(titles: readonly string[]): string[] {
  const used = new Set<string>();
  return titles.map((t, i) => {
    const base = (t.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim() || `Лист ${i + 1}`).slice(0, 31).trim();
    let name = base;
    for (let n = 2; used.has(name.toLocaleLowerCase('ru')); n++) {
      const tail = ` (${n})`;
      name = `${base.slice(0, 31 - tail.length).trim()}${tail}`;
    }
    used.add(name.toLocaleLowerCase('ru'));
    return name;
  });
}

const BOLD: Partial<ExcelJS.Font> = { bold: true };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF9E9E9E' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
const RISK_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFBE0E0' } };
const GOOD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F2E3' } };

interface SheetState {
  readonly sheet: ExcelJS.Worksheet;
  /** Widths of the columns so far (characters). */
  readonly widths: number[];
  /** The first table's header row (frozen, and repeated on each printed page). */
  headerRow: number | null;
  maxColumns: number;
}

function widen(s: SheetState, col: number, chars: number) {
  s.widths[col] = Math.max(s.widths[col] ?? 8, Math.min(60, chars));
  s.maxColumns = Math.max(s.maxColumns, col + 1);
}

function line(s: SheetState, text: string, font?: Partial<ExcelJS.Font>): void {
  const row = s.sheet.addRow([text]);
  if (font) row.font = font;
}

function header(s: SheetState, columns: readonly ReportColumn[]): void {
  const row = s.sheet.addRow(columns.map((c) => c.title));
  row.font = BOLD;
  row.alignment = { wrapText: true, vertical: 'middle' };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = BOX;
  });
  if (s.headerRow === null) s.headerRow = row.number;
  columns.forEach((c, i) => widen(s, i, c.kind === 'text' ? Math.max(12, (c.width ?? 3) * 10) : Math.max(10, Math.min(18, c.title.length + 2))));
}

function dataRow(s: SheetState, columns: readonly ReportColumn[], r: ReportRow): void {
  const row = s.sheet.addRow(columns.map((c) => xlsxValue(c.kind, r.cells[c.key] ?? null)));
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.border = BOX;
    const fmt = FORMATS[c.kind];
    if (fmt && cell.value !== null) cell.numFmt = fmt;
    if (c.kind === 'text' && typeof cell.value === 'string') widen(s, i, cell.value.length + 2);
    if (r.mark === 'risk') cell.fill = RISK_FILL;
    if (r.mark === 'good') cell.fill = GOOD_FILL;
  });
  if (r.mark === 'total') row.font = BOLD;
}

/** The figures a chart is drawn from, as a table of the sheet. */
function chartData(s: SheetState, title: string, chart: ChartSpec): void {
  line(s, title, BOLD);
  const fmt = chart.unit === '%' ? '0.0' : undefined;
  const put = (cells: (string | number | null)[], isHeader = false) => {
    const row = s.sheet.addRow(cells);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = BOX;
      if (isHeader) {
        cell.fill = HEADER_FILL;
        cell.font = BOLD;
      } else if (col > 1 && fmt && typeof cell.value === 'number') cell.numFmt = fmt;
    });
    if (isHeader && s.headerRow === null) s.headerRow = row.number;
  };
  const unit = chart.unit ? `, ${chart.unit}` : '';
  if (chart.type === 'heatmap') {
    put(['', ...chart.columns], true);
    chart.rows.forEach((r, i) => put([r, ...chart.columns.map((_, j) => chart.values[i]?.[j] ?? null)]));
    widen(s, 0, Math.max(...chart.rows.map((r) => r.length + 2), 12));
    chart.columns.forEach((c, j) => widen(s, j + 1, Math.max(8, c.length + 2)));
    line(s, `Значения${unit}.`);
  } else {
    put(['', ...chart.series.map((x) => `${x.name}${unit}`)], true);
    chart.categories.forEach((c, i) => put([c, ...chart.series.map((x) => x.values[i] ?? null)]));
    widen(s, 0, Math.max(...chart.categories.map((c) => c.length + 2), 12));
    chart.series.forEach((x, j) => widen(s, j + 1, Math.max(10, x.name.length + unit.length + 2)));
  }
}

function finish(s: SheetState): void {
  s.widths.forEach((w, i) => {
    s.sheet.getColumn(i + 1).width = w;
  });
  if (s.headerRow !== null) {
    s.sheet.views = [{ state: 'frozen', ySplit: s.headerRow, xSplit: 0 }];
    s.sheet.pageSetup.printTitlesRow = `${s.headerRow}:${s.headerRow}`;
  }
}

function newSheet(wb: ExcelJS.Workbook, name: string): SheetState {
  const sheet = wb.addWorksheet(name);
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.5, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  return { sheet, widths: [], headerRow: null, maxColumns: 1 };
}

function heading(s: SheetState, r: ReportResult, partTitle: string): void {
  line(s, r.title, { bold: true, size: 14 });
  if (r.subtitle) line(s, r.subtitle);
  if (partTitle) line(s, partTitle, { bold: true, size: 12 });
  for (const n of r.notes) line(s, n, { italic: true });
  s.sheet.addRow([]);
}

/** The workbook of a report. */
export async function reportWorkbook(r: ReportResult, opts: { madeOn?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Классный журнал';
  wb.title = r.title;
  wb.subject = r.subtitle;
  wb.created = opts.madeOn ? new Date(`${opts.madeOn}T00:00:00Z`) : new Date();
  const parts = r.parts.length > 0 ? r.parts : [{ title: '', sections: [] }];
  const names = sheetNames(parts.map((p, i) => (parts.length === 1 ? r.title : p.title || `Часть ${i + 1}`)));
  const charts: { title: string; chart: ChartSpec; part: string }[] = [];
  parts.forEach((p, i) => {
    const s = newSheet(wb, names[i]!);
    heading(s, r, parts.length === 1 ? p.title : p.title);
    if (p.sections.length === 0) line(s, 'Нет данных.');
    for (const sec of p.sections) {
      if (sec.kind === 'table') {
        if (sec.title) line(s, sec.title, BOLD);
        if (sec.rows.length === 0) line(s, sec.empty);
        else {
          header(s, sec.columns);
          for (const row of sec.rows) dataRow(s, sec.columns, row);
        }
      } else if (sec.kind === 'text') {
        if (sec.title) line(s, sec.title, BOLD);
        for (const l of sec.lines) line(s, l);
      } else if (sec.kind === 'signatures') {
        for (const l of sec.lines) {
          s.sheet.addRow([]);
          line(s, l);
        }
      } else {
        charts.push({ title: sec.title, chart: sec.chart, part: parts.length === 1 ? '' : p.title });
        line(s, `Диаграмма «${sec.title}»: данные на листе «${sheetNames([`Диаграмма ${charts.length}`])[0]}».`, { italic: true });
      }
      s.sheet.addRow([]);
    }
    s.sheet.pageSetup.orientation = s.maxColumns > 7 ? 'landscape' : 'portrait';
    finish(s);
  });
  const chartNames = sheetNames([...names, ...charts.map((_, i) => `Диаграмма ${i + 1}`)]).slice(names.length);
  charts.forEach((c, i) => {
    const s = newSheet(wb, chartNames[i]!);
    line(s, r.title, { bold: true, size: 14 });
    if (r.subtitle) line(s, r.subtitle);
    if (c.part) line(s, c.part, { bold: true });
    s.sheet.addRow([]);
    chartData(s, c.title, c.chart);
    finish(s);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A file name of a report's output: its name, its subtitle's slice, the day; nothing a file system refuses. */
export function reportFileName(r: Pick<ReportResult, 'name' | 'subtitle'>, day: string, ext: 'xlsx' | 'pdf'): string {
  const slice = r.subtitle.split('·')[0]!.trim();
  const safe = (t: string) => [...t].filter((c) => c >= ' ' && !'<>:"/\\|?*'.includes(c)).join('').replace(/\s+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return `${[safe(r.name), safe(slice).slice(0, 40), day].filter(Boolean).join('-')}.${ext}`;
}
