// A report (shared/report-model.ts) as a printed document in the paper copies' style (issue
// 14 item 9): A4 pages with the heading band (the report's title and the school) and the
// verification band (document number, date, hashes, QR, where the copy is checked) of every
// document of the register; the title, what it covers and the counting rules at the top;
// tables that break across pages with their header row repeated; text sections; charts as
// SVG drawn by the charting library from the one chart definition (chart-svg.ts); signature
// lines kept together. Each part (a student of a class) starts on a new page, so a page
// holds one part's data only. One side per sheet.
import type { ChartSpec, ReportColumn, ReportPart, ReportResult, ReportTable } from '../../shared/report-model';
import { formatReportValue, isNumberKind } from '../../shared/report-format';
import { chartHeight } from '../../shared/chart-option';
import { paintFrame, type Stamp } from '../draw/frame';
import { fitLines, fitSize, LINE_HEIGHT, truncate, wrapLines } from '../draw/measure';
import type { Painter } from '../draw/painter';
import { paintTable, type TableRow, type TableSpec } from '../draw/table';
import { GREY, line } from '../draw/text';
import type { DocPage, PageSvg, PrintDocument } from '../document';
import { A4, A4_LANDSCAPE, MM, bodyBox, type Box } from '../layout/geometry';
import { hashOf, type PartHash, type SheetHash } from '../verify/hash';
import { chartSvg } from './chart-svg';

export interface ReportPrintMeta {
  docNo: string;
  /** ISO date of printing. */
  printedOn: string;
  /** The school's full name (the heading band). */
  schoolName: string;
}

type Size = { readonly width: number; readonly height: number };

interface PlannedPage {
  size: Size;
  part: number;
  ops: ((p: Painter) => void)[];
  svgs: PageSvg[];
  /** What this sheet shows, for its hash. */
  data: unknown[];
}

const ROW_H = 5.6 * MM;
const CELL_SIZE = 8.5;
const TITLE_GAP = 6 * MM;
const SECTION_GAP = 4 * MM;
const TEXT_SIZE = 9.5;
const NOTE_SIZE = 8;
const SIGN_LINE_H = 10 * MM;

/** A table's columns on a width: text columns wide (their width, by default 3), numbers narrow. */
function tableSpec(columns: readonly ReportColumn[], width: number): TableSpec {
  const weights = columns.map((c) => c.width ?? (c.kind === 'text' ? 3 : c.kind === 'date' ? 1.4 : 1));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const cols = columns.map((c, i) => ({ head: c.title, width: (weights[i]! / total) * width, align: isNumberKind(c.kind) || c.kind === 'date' ? 'center' as const : 'left' as const }));
  const headLines = Math.max(1, ...cols.map((c) => fitLines(c.head, c.width - 1.5 * MM, 20 * MM, CELL_SIZE, 6, true).lines.length));
  const headH = Math.min(16 * MM, Math.max(8 * MM, headLines * CELL_SIZE * LINE_HEIGHT + 3 * MM));
  return { columns: cols, headH, rowH: ROW_H, size: CELL_SIZE };
}

function tableRows(t: ReportTable): TableRow[] {
  return t.rows.map((r) => ({
    cells: t.columns.map((c) => formatReportValue(c.kind, r.cells[c.key] ?? null)),
    bold: r.mark === 'total',
    shade: r.mark === 'risk',
  }));
}

/** A part's page size: landscape when one of its tables has many columns. */
function sizeOf(part: ReportPart): Size {
  return part.sections.some((s) => s.kind === 'table' && s.columns.length > 8) ? A4_LANDSCAPE : A4;
}

/** The chart's height on paper: as on screen (shared/chart-option.ts), at most most of a page. */
function chartHeightOnPaper(chart: ChartSpec, room: number): number {
  return Math.min(room - TITLE_GAP, chartHeight(chart));
}

class Planner {
  readonly pages: PlannedPage[] = [];
  private y = 0;
  private box: Box = bodyBox('front', A4);

  get page(): PlannedPage {
    return this.pages[this.pages.length - 1]!;
  }

  newPage(part: number, size: Size): void {
    this.pages.push({ size, part, ops: [], svgs: [], data: [] });
    this.box = bodyBox('front', size);
    this.y = this.box.y;
  }

  get left(): number {
    return this.box.y + this.box.h - this.y;
  }

  get width(): number {
    return this.box.w;
  }

  /** Room for `h` on this page, or a new page of the same part. */
  ensure(h: number): void {
    if (h > this.left && this.y > this.box.y + 0.5) this.newPage(this.page.part, this.page.size);
  }

  /** Puts a block of height `h` at the current place. */
  put(h: number, paint: (p: Painter, x: number, y: number, w: number) => void, data?: unknown): void {
    const x = this.box.x;
    const y = this.y;
    const w = this.box.w;
    this.page.ops.push((p) => paint(p, x, y, w));
    if (data !== undefined) this.page.data.push(data);
    this.y += h;
  }

  svg(h: number, svg: string, data: unknown): void {
    this.page.svgs.push({ svg, x: this.box.x, y: this.y, width: this.box.w, height: h });
    this.page.data.push(data);
    this.y += h;
  }

  gap(h: number): void {
    this.y += h;
  }
}

function textBlock(pl: Planner, texts: readonly string[], size: number, color?: string): void {
  for (const t of texts) {
    for (const l of wrapLines(t, pl.width, size)) {
      const h = size * LINE_HEIGHT;
      pl.ensure(h);
      pl.put(h, (p, x, y) => line(p, l, x, y, { size, color }), l);
    }
  }
}

function heading(pl: Planner, r: ReportResult, part: ReportPart, first: boolean): void {
  if (first) {
    const title = r.title.toLocaleUpperCase('ru');
    pl.put(6.5 * MM, (p, x, y, w) => line(p, title, x, y, { size: fitSize(title, w, 12.5, 8, true), bold: true, align: 'center', width: w }), title);
    if (r.subtitle) pl.put(5.5 * MM, (p, x, y, w) => line(p, r.subtitle, x, y, { size: fitSize(r.subtitle, w, 9, 6), color: GREY, align: 'center', width: w }), r.subtitle);
  }
  if (part.title) {
    pl.put(7 * MM, (p, x, y, w) => line(p, part.title, x, y + 1 * MM, { size: fitSize(part.title, w, 11, 7, true), bold: true, width: w }), part.title);
  }
  pl.gap(2 * MM);
}

function table(pl: Planner, t: ReportTable): void {
  const titleH = t.title ? TITLE_GAP : 0;
  const paintTitle = (suffix: string) => (p: Painter, x: number, y: number, w: number) => line(p, truncate(`${t.title}${suffix}`, w, 10, true), x, y, { size: 10, bold: true });
  if (t.rows.length === 0) {
    pl.ensure(titleH + TEXT_SIZE * LINE_HEIGHT);
    if (t.title) pl.put(titleH, paintTitle(''), t.title);
    pl.put(TEXT_SIZE * LINE_HEIGHT, (p, x, y) => line(p, t.empty, x, y, { size: TEXT_SIZE, color: GREY }), t.empty);
    return;
  }
  const spec = tableSpec(t.columns, pl.width);
  const rows = tableRows(t);
  let i = 0;
  let cont = false;
  while (i < rows.length) {
    pl.ensure(titleH + spec.headH + ROW_H * Math.min(2, rows.length - i));
    const fit = Math.max(1, Math.floor((pl.left - titleH - spec.headH) / ROW_H));
    const chunk = rows.slice(i, i + fit);
    if (t.title) pl.put(titleH, paintTitle(cont ? ' (продолжение)' : ''), t.title);
    pl.put(spec.headH + chunk.length * ROW_H, (p, x, y) => {
      paintTable(p, x, y, spec, chunk);
    }, { head: t.columns.map((c) => c.title), rows: chunk.map((r) => r.cells) });
    i += chunk.length;
    cont = true;
  }
}

/** The pages of a report; `chart` draws a chart to SVG (replaced in tests and benchmarks). */
export function planReport(r: ReportResult, chart: (spec: ChartSpec, w: number, h: number) => string = chartSvg): { pages: PlannedPage[]; parts: PartHash[] } {
  const pl = new Planner();
  const parts = r.parts.length > 0 ? r.parts : [{ title: '', sections: [] }];
  const partHashes: PartHash[] = [];
  parts.forEach((part, pi) => {
    pl.newPage(pi, sizeOf(part));
    const firstSheet = pl.pages.length;
    heading(pl, r, part, pi === 0 || parts.length > 1);
    if (pi === 0 && r.notes.length) {
      textBlock(pl, r.notes, NOTE_SIZE, GREY);
      pl.gap(3 * MM);
    }
    if (part.sections.length === 0) textBlock(pl, ['Нет данных.'], TEXT_SIZE);
    for (const s of part.sections) {
      if (s.kind === 'table') table(pl, s);
      else if (s.kind === 'text') {
        if (s.title) {
          pl.ensure(TITLE_GAP + TEXT_SIZE * LINE_HEIGHT);
          pl.put(TITLE_GAP, (p, x, y, w) => line(p, truncate(s.title!, w, 10, true), x, y, { size: 10, bold: true }), s.title);
        }
        textBlock(pl, s.lines, TEXT_SIZE);
      } else if (s.kind === 'chart') {
        const h = chartHeightOnPaper(s.chart, bodyBox('front', pl.page.size).h - 12 * MM);
        pl.ensure(TITLE_GAP + h);
        pl.put(TITLE_GAP, (p, x, y, w) => line(p, truncate(s.title, w, 10, true), x, y, { size: 10, bold: true }), s.title);
        // Points as pixels: the SVG is drawn at the size it is placed.
        pl.svg(h, chart(s.chart, Math.round(pl.width), Math.round(h)), s.chart);
      } else {
        // Signature lines kept together, each spaced for a signature.
        const h = 4 * MM + s.lines.length * SIGN_LINE_H;
        pl.ensure(h);
        pl.put(h, (p, x, y) => s.lines.forEach((l, i) => line(p, l, x, y + 4 * MM + i * SIGN_LINE_H, { size: 10 })), s.lines);
      }
      pl.gap(SECTION_GAP);
    }
    partHashes.push({ key: `part-${pi + 1}`, label: part.title || r.title, hash: hashOf(part), firstSheet, lastSheet: pl.pages.length });
  });
  return { pages: pl.pages, parts: partHashes };
}

/** What the paper carries of a report: its data, hashed (the register keeps it; a rerun tells whether the copy still matches). */
export function reportHash(r: ReportResult): string {
  return hashOf({ name: r.name, title: r.title, subtitle: r.subtitle, params: r.params, notes: r.notes, parts: r.parts });
}

export function composeReport(r: ReportResult, meta: ReportPrintMeta, chart?: (spec: ChartSpec, w: number, h: number) => string): PrintDocument {
  const { pages: planned, parts } = planReport(r, chart);
  const hash = reportHash(r);
  const sheets: SheetHash[] = planned.map((pg, i) => ({
    sheet: i + 1,
    label: `${parts[pg.part]?.label ?? r.title}, лист ${i + 1}`,
    hash: hashOf({ sheet: i + 1, data: pg.data }),
  }));
  const stamp: Stamp = { docNo: meta.docNo, printedOn: meta.printedOn, hash, totalSheets: planned.length, about: r.subtitle || r.title };
  const pages: DocPage[] = planned.map((pg, i) => ({
    size: pg.size,
    svgs: pg.svgs,
    paint: (p: Painter) => {
      paintFrame(p, {
        face: 'front', sheet: i + 1, page: pg.size, sheetHash: sheets[i]!.hash,
        title: r.title,
        subtitle: [meta.schoolName, r.subtitle].filter(Boolean).join(' · '),
      }, stamp);
      for (const op of pg.ops) op(p);
    },
  }));
  return {
    hash, sheets, parts,
    docNo: meta.docNo,
    printedOn: meta.printedOn,
    title: r.subtitle ? `${r.title}: ${r.subtitle}` : r.title,
    subject: meta.schoolName,
    pages,
    sheetCount: planned.length,
  };
}
