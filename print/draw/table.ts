// A ruled table on a painter, for the summary sheets: a heading row (texts horizontal, or
// turned to read upwards for narrow subject columns) and rows of single-line cells that
// shrink, then cut, to stay inside their cells.
import { MM } from '../layout/geometry';
import { fitLines, fitSize, truncate } from './measure';
import type { Painter } from './painter';
import { hline, lineAt, linesAt, vertical, vline } from './text';

export interface Column {
  head: string;
  width: number;
  /** The heading reads upwards (narrow columns). */
  vertical?: boolean;
  align?: 'left' | 'center';
}

export interface TableRow {
  cells: string[];
  bold?: boolean;
  shade?: boolean;
}

/** A heading over several adjacent columns (a subject over its term, year and final marks). */
export interface ColumnGroup {
  head: string;
  /** Indexes of its first and last column. */
  from: number;
  to: number;
}

export interface TableSpec {
  columns: Column[];
  headH: number;
  rowH: number;
  size: number;
  /** Group headings in a band of `groupH` at the top of the heading; their columns' heads go below it. */
  groups?: ColumnGroup[];
  groupH?: number;
}

/** Draws the table at (x, y); returns its bottom. */
export function paintTable(p: Painter, x: number, y: number, spec: TableSpec, rows: readonly TableRow[]): number {
  const xs = spec.columns.reduce<number[]>((a, c) => [...a, a[a.length - 1]! + c.width], [x]);
  const w = xs[xs.length - 1]! - x;
  const bodyTop = y + spec.headH;
  const bottom = bodyTop + rows.length * spec.rowH;
  p.rect(x, y, w, spec.headH).fill('#f0f0f0');
  rows.forEach((r, i) => {
    if (r.shade) p.rect(x, bodyTop + i * spec.rowH, w, spec.rowH).fill('#f4f4f4');
  });
  const groupH = spec.groups?.length ? spec.groupH ?? 0 : 0;
  const groupOf = spec.columns.map((_, i) => spec.groups?.findIndex((g) => g.from <= i && i <= g.to) ?? -1);
  /** Where a column's own heading begins: below its group's band. */
  const headTop = (i: number) => (groupOf[i]! >= 0 ? y + groupH : y);
  p.lineWidth(0.3).strokeColor('#000000');
  for (let i = 1; i < rows.length; i++) hline(p, x, x + w, bodyTop + i * spec.rowH);
  for (let c = 1; c < spec.columns.length; c++) vline(p, xs[c]!, groupOf[c]! >= 0 && groupOf[c] === groupOf[c - 1] ? y + groupH : y, bottom);
  for (const g of spec.groups ?? []) hline(p, xs[g.from]!, xs[g.to + 1]!, y + groupH);
  p.stroke();
  for (const g of spec.groups ?? []) {
    const gw = xs[g.to + 1]! - xs[g.from]!;
    const f = fitLines(g.head, gw - 1.5 * MM, groupH - 0.5 * MM, spec.size + 1, 5, true);
    linesAt(p, f.lines, xs[g.from]!, y + groupH / 2, { size: f.size, bold: true, align: 'center', width: gw });
  }
  p.lineWidth(0.6);
  for (let i = 5; i < rows.length; i += 5) hline(p, x, x + w, bodyTop + i * spec.rowH);
  hline(p, x, x + w, bodyTop);
  p.stroke();
  p.lineWidth(0.9).rect(x, y, w, bottom - y).stroke();

  spec.columns.forEach((c, i) => {
    const cx = xs[i]!;
    const top = headTop(i);
    const headH = y + spec.headH - top;
    if (c.vertical) {
      const room = headH - 2 * MM;
      const size = fitSize(c.head, room, spec.size, 5, true);
      vertical(p, truncate(c.head, room, size, true), cx + c.width / 2, y + spec.headH - 1 * MM, { size, bold: true });
    } else {
      const f = fitLines(c.head, c.width - 1.5 * MM, headH - 1 * MM, spec.size, 5, true);
      linesAt(p, f.lines, cx, top + headH / 2, { size: f.size, bold: true, align: 'center', width: c.width });
    }
  });
  rows.forEach((r, ri) => {
    const middle = bodyTop + ri * spec.rowH + spec.rowH / 2;
    r.cells.forEach((text, ci) => {
      const c = spec.columns[ci];
      if (!c || text === '') return;
      const room = c.width - 1.6 * MM;
      const size = fitSize(text, room, spec.size, 5, r.bold);
      const t = truncate(text, room, size, r.bold);
      if (c.align === 'left') lineAt(p, t, xs[ci]! + 0.8 * MM, middle, { size, bold: r.bold });
      else lineAt(p, t, xs[ci]!, middle, { size, bold: r.bold, align: 'center', width: c.width });
    });
  });
  return bottom;
}
