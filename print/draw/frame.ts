// What every printed side carries: the heading band (what the sheet is; the sheet number
// in the outer top corner of the front, where an archive numbers its sheets), and the
// verification band (document number, date, the short hash of the data of the document
// and of this sheet, and on the front a QR code of them: issue 5 item 4, R-PRINT-5).
import { CHECK_COPY_FOOTER } from '../../shared/check-copy';
import { formatRuDate } from '../../shared/dates';
import { A4, BAND, MM, contentBox, type Face } from '../layout/geometry';
import { truncate } from './measure';
import type { Painter } from './painter';
import { paintQr, qrMatrix } from './qr';
import { GREY, hline, line } from './text';

/** What identifies a printed document; the same on each of its sides. */
export interface Stamp {
  docNo: string;
  /** ISO date of printing. */
  printedOn: string;
  /** SHA-256 (hex) of the canonical JSON of the document's data. */
  hash: string;
  totalSheets: number;
  /** What the document is, for the footer: 'Класс 8Б · 1 четверть 2026/2027'. */
  about: string;
}

export interface SideFrame {
  face: Face;
  sheet: number;
  title: string;
  subtitle: string;
  /** SHA-256 (hex) of the data on this sheet. */
  sheetHash: string;
  page?: { width: number; height: number };
}

/** The short form of a hash printed on paper: 12 hex digits in groups of four. */
export function shortHash(hex: string, digits = 12): string {
  return (hex.slice(0, digits).match(/.{1,4}/g) ?? []).join(' ');
}

/** What the QR code of a sheet says (ASCII, so that any phone reader shows it as text). */
export function qrText(stamp: Stamp, sheet: number, sheetHash: string): string {
  return `KZ|${stamp.docNo}|${stamp.printedOn}|${stamp.hash.slice(0, 12)}|${sheet}/${stamp.totalSheets}|${sheetHash.slice(0, 8)}`;
}

export function paintHeader(p: Painter, f: SideFrame, stamp: Stamp): void {
  const c = contentBox(f.face, f.page ?? A4);
  const sheetLabel = f.face === 'front' ? `Лист ${f.sheet}` : `Лист ${f.sheet} (оборот)`;
  const labelW = 34 * MM;
  // The sheet number sits at the outer edge: right on a front, left on a back.
  const textX = f.face === 'front' ? c.x : c.x + labelW;
  const textW = c.w - labelW;
  line(p, truncate(f.title, textW, 10.5, true), textX, c.y, { size: 10.5, bold: true, align: f.face === 'front' ? 'left' : 'right', width: textW });
  line(p, truncate(f.subtitle, textW, 7.5), textX, c.y + 5.2 * MM, { size: 7.5, color: GREY, align: f.face === 'front' ? 'left' : 'right', width: textW });
  const labelX = f.face === 'front' ? c.x + c.w - labelW : c.x;
  const align = f.face === 'front' ? 'right' : 'left';
  line(p, sheetLabel, labelX, c.y - 0.5, { size: 11, bold: true, align, width: labelW });
  line(p, `из ${stamp.totalSheets}`, labelX, c.y + 5.2 * MM, { size: 7.5, color: GREY, align, width: labelW });
  p.lineWidth(0.6).strokeColor('#000000');
  hline(p, c.x, c.x + c.w, c.y + BAND.header).stroke();
}

export function paintFooter(p: Painter, f: SideFrame, stamp: Stamp): void {
  const c = contentBox(f.face, f.page ?? A4);
  const top = c.y + c.h - BAND.footer;
  p.lineWidth(0.4).strokeColor('#000000');
  hline(p, c.x, c.x + c.w, top).stroke();
  const qrSize = BAND.footer - 1 * MM;
  const withQr = f.face === 'front';
  const textX = withQr ? c.x : c.x;
  const textW = c.w - (withQr ? qrSize + 3 * MM : 0);
  line(p, truncate(`Документ № ${stamp.docNo} от ${formatRuDate(stamp.printedOn)} · ${stamp.about}`, textW, 7.5, true), textX, top + 1.6 * MM, { size: 7.5, bold: true });
  line(p, truncate(`Контрольная сумма данных документа: ${shortHash(stamp.hash)} · этого листа: ${shortHash(f.sheetHash, 8)}`, textW, 7), textX, top + 5.2 * MM, { size: 7, color: GREY });
  // Where a reader checks the copy: the place in the app, as its menu names it (issue 17 item 12).
  line(p, truncate(CHECK_COPY_FOOTER, textW, 6.5), textX, top + 8.6 * MM, { size: 6.5, color: GREY });
  if (withQr) paintQr(p, qrMatrix(qrText(stamp, f.sheet, f.sheetHash)), c.x + c.w - qrSize, top + 1 * MM, qrSize);
}

export function paintFrame(p: Painter, f: SideFrame, stamp: Stamp): void {
  paintHeader(p, f, stamp);
  paintFooter(p, f, stamp);
}
