// The title page of a class copy (R-PRINT-1, R-PRINT-4): the school's full name, class,
// year, period, class teacher, contents with sheet numbers, the total of sheets, and the
// certification block — signature lines of the class teacher (day 4), the deputy (day 5)
// and the director with the place for the seal (R-PRINT-2, R-ROLE-5).
import { DEFAULT_TITLES, type SchoolTitles } from '../../db/setup/school-titles';
import { formatRuDate } from '../../shared/dates';
import type { PrintHeading } from '../data/types';
import { MM, type Box } from '../layout/geometry';
import type { ContentsEntry } from '../layout/plan';
import { fitLines, fitSize, truncate } from './measure';
import type { Painter } from './painter';
import { GREY, LIGHT, hline, line, lineAt, lines, vline } from './text';

export interface TitleSide {
  heading: PrintHeading;
  documentName: string;
  documentNote: string;
  contents: readonly ContentsEntry[];
  sheets: number;
  pages: number;
  /** A note printed under the period when the period has not ended (printed by explicit request). */
  warning: string | null;
}

export function sheetRange(e: { firstSheet: number; lastSheet: number }): string {
  return e.firstSheet === e.lastSheet ? String(e.firstSheet) : `${e.firstSheet}–${e.lastSheet}`;
}

/** 'листов' for 5, 'лист' for 1, 'листа' for 2. */
export function sheetsWord(n: number): string {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return 'лист';
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return 'листа';
  return 'листов';
}

export function periodText(h: PrintHeading): string {
  return `${h.period.name} ${h.yearName} учебного года (${formatRuDate(h.period.startsOn)} – ${formatRuDate(h.period.endsOn)})`;
}

/** Heading block shared by the title page and the summary sheets; returns the y below it. */
export function paintDocumentHeading(p: Painter, box: Box, h: PrintHeading, name: string, note: string): number {
  let y = box.y + 2 * MM;
  const school = fitLines(h.schoolFullName, box.w - 20 * MM, 14 * MM, 11, 8, true);
  school.lines.forEach((l, i) => line(p, l, box.x, y + i * school.size * 1.2, { size: school.size, bold: true, align: 'center', width: box.w }));
  y += Math.max(1, school.lines.length) * school.size * 1.2 + 8 * MM;
  const nameSize = fitSize(name, box.w, 22, 12, true);
  line(p, name, box.x, y, { size: nameSize, bold: true, align: 'center', width: box.w });
  y += nameSize * 1.25;
  line(p, truncate(note, box.w, 10.5), box.x, y, { size: 10.5, color: GREY, align: 'center', width: box.w });
  return y + 9 * MM;
}

function field(p: Painter, box: Box, y: number, label: string, value: string): number {
  const labelW = 50 * MM;
  line(p, label, box.x, y, { size: 10.5, color: GREY });
  const f = fitLines(value, box.w - labelW, 10 * MM, 11, 8, true);
  lines(p, f.lines, box.x + labelW, y, { size: f.size, bold: true });
  return y + Math.max(6.2 * MM, f.lines.length * f.size * 1.15 + 1.5 * MM);
}

/** Certification lines: who, signature, name, date; the director's with the seal. Returns the height used. */
export function paintCertification(p: Painter, x: number, y: number, w: number, withClassTeacher: boolean, titles: SchoolTitles = DEFAULT_TITLES): number {
  line(p, 'Копия сверена с электронным журналом и заверена:', x, y, { size: 10, bold: true });
  const roles = [
    ...(withClassTeacher ? ['Классный руководитель'] : []),
    titles.certifierTitle,
    titles.directorTitle,
  ];
  const labelW = 52 * MM;
  const sigW = 30 * MM;
  const dateW = 40 * MM;
  const nameW = w - labelW - sigW - dateW - 6 * MM;
  let row = y + 8 * MM;
  for (const role of roles) {
    const base = row + 5 * MM;
    line(p, role, x, base - 3.6 * MM, { size: 9.5 });
    p.lineWidth(0.5).strokeColor('#000000');
    hline(p, x + labelW, x + labelW + sigW, base);
    hline(p, x + labelW + sigW + 3 * MM, x + labelW + sigW + 3 * MM + nameW, base);
    p.stroke();
    line(p, '(подпись)', x + labelW, base + 0.5 * MM, { size: 6, color: LIGHT, align: 'center', width: sigW });
    line(p, '(расшифровка подписи)', x + labelW + sigW + 3 * MM, base + 0.5 * MM, { size: 6, color: LIGHT, align: 'center', width: nameW });
    line(p, '«___» _________ 20___ г.', x + w - dateW, base - 3.6 * MM, { size: 9, align: 'right', width: dateW });
    row += 11 * MM;
  }
  // The place for the seal, beside the director's signature.
  const cx = x + labelW - 14 * MM;
  const cy = row - 8 * MM;
  p.save().dash(2, { space: 2 }).lineWidth(0.5).strokeColor('#888888').circle(cx, cy, 11 * MM).stroke().restore();
  lineAt(p, 'М.П.', cx - 10 * MM, cy, { size: 10, bold: true, color: GREY, align: 'center', width: 20 * MM });
  return row - y + 6 * MM;
}

export function paintTitle(p: Painter, box: Box, t: TitleSide): void {
  const h = t.heading;
  let y = paintDocumentHeading(p, box, h, t.documentName, t.documentNote);
  y = field(p, box, y, 'Класс', h.className);
  y = field(p, box, y, 'Учебный год', h.yearName);
  y = field(p, box, y, 'Отчётный период', `${h.period.name} (${formatRuDate(h.period.startsOn)} – ${formatRuDate(h.period.endsOn)})`);
  y = field(p, box, y, 'Классный руководитель', h.classTeacher ?? 'не назначен');
  if (t.warning) {
    const wl = fitLines(t.warning, box.w, 9 * MM, 9, 7, true);
    lines(p, wl.lines, box.x, y, { size: wl.size, bold: true });
    y += wl.lines.length * wl.size * 1.15 + 2 * MM;
  }
  y += 3 * MM;

  // Contents.
  const certH = 47 * MM;
  const totalH = 9 * MM;
  line(p, 'Содержание', box.x, y, { size: 11, bold: true });
  y += 6 * MM;
  const avail = box.y + box.h - certH - totalH - y;
  const rows = t.contents.length + 1;
  const rowH = Math.max(3.6 * MM, Math.min(6 * MM, avail / rows));
  const size = Math.min(9, rowH * 0.55);
  const cw = [8 * MM, 0, 62 * MM, 20 * MM];
  cw[1] = box.w - cw[0]! - cw[2]! - cw[3]!;
  const xs = cw.reduce<number[]>((a, w) => [...a, a[a.length - 1]! + w], [box.x]);
  const tableBottom = y + rowH * rows;
  p.rect(box.x, y, box.w, rowH).fill('#f0f0f0');
  p.lineWidth(0.3).strokeColor('#000000');
  for (let r = 1; r < rows; r++) hline(p, box.x, box.x + box.w, y + r * rowH);
  for (let c = 1; c < 4; c++) vline(p, xs[c]!, y, tableBottom);
  p.stroke();
  p.lineWidth(0.8).rect(box.x, y, box.w, tableBottom - y).stroke();
  ['№', 'Раздел', 'Учитель', 'Листы'].forEach((head, c) => lineAt(p, head, xs[c]!, y + rowH / 2, { size, bold: true, align: 'center', width: cw[c]! }));
  t.contents.forEach((e, i) => {
    const middle = y + (i + 1) * rowH + rowH / 2;
    lineAt(p, String(i + 1), xs[0]!, middle, { size, align: 'center', width: cw[0]! });
    lineAt(p, truncate(e.label, cw[1]! - 3 * MM, size), xs[1]! + 1.5 * MM, middle, { size });
    lineAt(p, truncate(e.teacher, cw[2]! - 3 * MM, size * 0.95), xs[2]! + 1.5 * MM, middle, { size: size * 0.95 });
    lineAt(p, sheetRange(e), xs[3]!, middle, { size, bold: true, align: 'center', width: cw[3]! });
  });
  y = tableBottom + 3 * MM;
  const total = `Всего в документе ${t.sheets} ${sheetsWord(t.sheets)} (${t.pages} страниц), отпечатано с обеих сторон листа.`;
  line(p, total, box.x, y, { size: fitSize(total, box.w, 10, 7, true), bold: true });

  paintCertification(p, box.x, box.y + box.h - certH, box.w, true, h.titles);
}
