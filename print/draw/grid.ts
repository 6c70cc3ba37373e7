// The front of a subject sheet: the marks and attendance grid, students × lesson dates, as
// on the left page of a paper class journal — month and day over each column, the kinds
// of work of the column's marks (R-REC-2), up to two marks a cell, Н/У/Б/О (R-REC-3), the
// period mark on the subject's last sheet (R-REC-4), a legend, and the subject teacher's
// signature line (R-PRINT-2, day 3). Drawn on a Canvas painter: one pass of lines, then
// the texts — never a View per cell (../shared/LESSONS.md).
import { formatRuDate } from '../../shared/dates';
import type { BlockLesson, SubjectBlock } from '../data/types';
import { BAND, GRID, MM, type Box } from '../layout/geometry';
import { fitLines, fitSize, textWidth, truncate } from './measure';
import type { Painter } from './painter';
import { GREY, LIGHT, hline, line, lineAt, lines, vertical, vline } from './text';

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const MONTHS_SHORT = ['янв.', 'фев.', 'мар.', 'апр.', 'май', 'июн.', 'июл.', 'авг.', 'сен.', 'окт.', 'ноя.', 'дек.'];

export const ATTENDANCE_LEGEND = 'Н — отсутствие без уважительной причины, У — по уважительной причине, Б — по болезни, О — опоздание.';

/** A block's cells as the grid prints them, computed once per block. */
interface PreparedBlock {
  /** lessonId → studentId → text of the cell. */
  cells: Map<string, Map<string, { marks: string; code: string }>>;
  periodMarks: Map<string, string>;
}

const prepared = new WeakMap<SubjectBlock, PreparedBlock>();

function prepare(b: SubjectBlock): PreparedBlock {
  let pb = prepared.get(b);
  if (pb) return pb;
  const cells = new Map<string, Map<string, { marks: string; code: string }>>();
  const cell = (lessonId: string, studentId: string) => {
    let row = cells.get(lessonId);
    if (!row) cells.set(lessonId, (row = new Map()));
    let c = row.get(studentId);
    if (!c) row.set(studentId, (c = { marks: '', code: '' }));
    return c;
  };
  // b.marks is sorted by lesson, student and slot: the first mark of a cell comes first.
  for (const m of b.marks) {
    const c = cell(m.lessonId, m.studentId);
    c.marks = c.marks ? `${c.marks}/${m.value}` : m.value;
  }
  for (const a of b.attendance) cell(a.lessonId, a.studentId).code = a.code;
  pb = { cells, periodMarks: new Map(b.periodMarks.map((p) => [p.studentId, p.value])) };
  prepared.set(b, pb);
  return pb;
}

export interface GridSide {
  block: SubjectBlock;
  lessonFrom: number;
  lessonTo: number;
  studentFrom: number;
  studentTo: number;
  periodMarks: boolean;
  /** Column heading of the period mark: 'I четверть'. */
  periodLabel: string;
  periodStartsOn: string;
  periodEndsOn: string;
  /** Names of the kinds of work, by code, for the legend. */
  kindNames: ReadonlyMap<string, string>;
}

function monthSpans(lessons: readonly BlockLesson[]): { month: number; from: number; to: number }[] {
  const spans: { month: number; from: number; to: number }[] = [];
  lessons.forEach((l, i) => {
    const month = Number(l.date.slice(5, 7)) - 1;
    const last = spans[spans.length - 1];
    if (last && last.month === month) last.to = i + 1;
    else spans.push({ month, from: i, to: i + 1 });
  });
  return spans;
}

/** 'с 11.09' / 'по 15.10' when the student joined or left the page inside the period. */
function enrolmentNote(s: { from: string; to: string | null }, g: GridSide): string {
  const parts: string[] = [];
  if (s.from > g.periodStartsOn) parts.push(`с ${formatRuDate(s.from).slice(0, 5)}`);
  if (s.to !== null && s.to < g.periodEndsOn) parts.push(`по ${formatRuDate(s.to).slice(0, 5)}`);
  return parts.join(' ');
}

/** Where the parts of a grid side lie (also read by the tests that find marks in the PDF). */
export function gridLayout(box: Box, students: number, periodMarks: boolean) {
  const col = GRID.col;
  const nameX = box.x + GRID.no;
  const datesX = box.x + box.w - GRID.dateColumns * col;
  const headerH = GRID.monthRow + GRID.dayRow + GRID.kindRow;
  const rowsTop = box.y + headerH;
  const rowsAreaH = box.h - BAND.signature - GRID.legend - headerH;
  const rowH = Math.max(GRID.minRow, Math.min(GRID.maxRow, rowsAreaH / Math.max(1, students)));
  const pmColumns = periodMarks ? GRID.periodMarkColumns : 0;
  return {
    col, nameX, nameW: datesX - nameX, datesX, headerH, top: box.y, rowsTop, rowH, bottom: rowsTop + rowH * students,
    pmColumns, pmX: datesX + (GRID.dateColumns - pmColumns) * col, right: box.x + box.w,
  };
}

export function paintGrid(p: Painter, box: Box, g: GridSide): void {
  const pb = prepare(g.block);
  const lessons = g.block.lessons.slice(g.lessonFrom, g.lessonTo);
  const students = g.block.students.slice(g.studentFrom, g.studentTo);
  const { col, nameX, nameW, datesX, headerH, top, rowsTop, rowH, bottom, pmColumns, pmX, right } = gridLayout(box, students.length, g.periodMarks);

  // Days a student was not on the page: shaded, as a paper journal strikes them out.
  let shaded = 0;
  students.forEach((s, r) => {
    lessons.forEach((l, c) => {
      if (l.date < s.from || (s.to !== null && l.date > s.to)) {
        p.rect(datesX + c * col, rowsTop + r * rowH, col, rowH);
        shaded++;
      }
    });
  });
  if (shaded > 0) p.fill('#dddddd');
  // Header background, period-mark column tint.
  p.rect(box.x, top, box.w, headerH).fill('#f0f0f0');
  if (g.periodMarks) p.rect(pmX, rowsTop, pmColumns * col, bottom - rowsTop).fill('#f4f4f4');

  // Lines: thin inner lines, every fifth row a little heavier, a heavier frame.
  p.lineWidth(0.3).strokeColor('#000000');
  for (let r = 1; r < students.length; r++) if (r % 5 !== 0) hline(p, box.x, right, rowsTop + r * rowH);
  for (let c = 1; c < GRID.dateColumns - pmColumns; c++) vline(p, datesX + c * col, top + GRID.monthRow, bottom);
  hline(p, datesX, pmX, top + GRID.monthRow);
  hline(p, datesX, pmX, top + GRID.monthRow + GRID.dayRow);
  p.stroke();
  p.lineWidth(0.6);
  for (let r = 5; r < students.length; r += 5) hline(p, box.x, right, rowsTop + r * rowH);
  for (const s of monthSpans(lessons)) if (s.from > 0) vline(p, datesX + s.from * col, top, bottom);
  vline(p, nameX, top, bottom);
  vline(p, datesX, top, bottom);
  if (g.periodMarks) vline(p, pmX, top, bottom);
  hline(p, box.x, right, rowsTop);
  p.stroke();
  p.lineWidth(0.9).rect(box.x, top, box.w, bottom - top).stroke();

  // Header texts.
  lineAt(p, '№', box.x, top + headerH / 2, { size: 7, bold: true, align: 'center', width: GRID.no });
  line(p, 'месяц', nameX, top + 0.9 * MM, { size: 6.5, color: GREY, align: 'right', width: nameW - 1.5 * MM });
  line(p, 'число', nameX, top + GRID.monthRow + 1.2 * MM, { size: 6.5, color: GREY, align: 'right', width: nameW - 1.5 * MM });
  line(p, 'вид работы', nameX, top + GRID.monthRow + GRID.dayRow + 1 * MM, { size: 6.5, color: GREY, align: 'right', width: nameW - 1.5 * MM });
  lines(p, ['Фамилия, имя', 'обучающегося'], nameX + 1.5 * MM, rowsTop - 7.5 * MM, { size: 7.5, bold: true });
  for (const s of monthSpans(lessons)) {
    const w = (s.to - s.from) * col;
    const name = textWidth(MONTHS[s.month]!, 6.5) <= w - 1 ? MONTHS[s.month]! : MONTHS_SHORT[s.month]!;
    if (textWidth(name, 6.5) <= w) lineAt(p, name, datesX + s.from * col, top + GRID.monthRow / 2, { size: 6.5, align: 'center', width: w });
  }
  const kindBottom = rowsTop - 1 * MM;
  lessons.forEach((l, c) => {
    const x = datesX + c * col;
    lineAt(p, String(Number(l.date.slice(8, 10))), x, top + GRID.monthRow + GRID.dayRow / 2, { size: 7.5, bold: true, align: 'center', width: col });
    if (l.workKinds.length > 0) {
      const kinds = l.workKinds.join(', ');
      const room = GRID.kindRow - 2 * MM;
      const size = fitSize(kinds, room, 6.5, 5);
      vertical(p, truncate(kinds, room, size), x + col / 2, kindBottom, { size });
    }
  });
  if (g.periodMarks) {
    vertical(p, g.periodLabel, pmX + (pmColumns * col) / 2, rowsTop - 1.5 * MM, { size: 7, bold: true });
  }

  // Rows: number, name (shrunk, then cut, to stay in its cell), cells.
  const nameSize = Math.min(8, Math.max(6, rowH * 0.5));
  students.forEach((s, r) => {
    const middle = rowsTop + r * rowH + rowH / 2;
    lineAt(p, String(g.studentFrom + r + 1), box.x, middle, { size: 7, align: 'center', width: GRID.no });
    const note = enrolmentNote(s, g);
    const noteW = note ? textWidth(note, 5.5) + 1.5 * MM : 0;
    const room = nameW - 2.5 * MM - noteW;
    const size = fitSize(s.name, room, nameSize, 5.5);
    lineAt(p, truncate(s.name, room, size), nameX + 1.2 * MM, middle, { size });
    if (note) lineAt(p, note, nameX, middle, { size: 5.5, color: GREY, align: 'right', width: nameW - 1 * MM });
    lessons.forEach((l, c) => {
      const v = pb.cells.get(l.id)?.get(s.id);
      if (!v) return;
      const x = datesX + c * col;
      if (v.marks && !v.code) {
        const sz = fitSize(v.marks, col - 0.8, 8, 4.5, true);
        lineAt(p, v.marks, x, middle, { size: sz, bold: true, align: 'center', width: col });
      } else if (v.code && !v.marks) {
        lineAt(p, v.code, x, middle, { size: 7, align: 'center', width: col });
      } else {
        const text = `${v.code}${v.marks}`;
        const sz = fitSize(text, col - 0.8, 7, 4.5, true);
        lineAt(p, text, x, middle, { size: sz, bold: true, align: 'center', width: col });
      }
    });
    if (g.periodMarks) {
      const pm = pb.periodMarks.get(s.id);
      if (pm) lineAt(p, pm, pmX, middle, { size: fitSize(pm, pmColumns * col - 1, 9, 5, true), bold: true, align: 'center', width: pmColumns * col });
    }
  });

  // Legend: attendance codes and the kinds of work of this sheet.
  const used = [...new Set(lessons.flatMap((l) => l.workKinds))];
  const kinds = used.map((k) => `${k} — ${(g.kindNames.get(k) ?? '').toLocaleLowerCase('ru')}`).join(', ');
  const legend = kinds ? `${ATTENDANCE_LEGEND} Виды работ: ${kinds}. Две отметки в клетке: «4/5».` : ATTENDANCE_LEGEND;
  const fitted = fitLines(legend, box.w, GRID.legend - 1.5 * MM, 6.5, 5);
  lines(p, fitted.lines, box.x, bottom + 1.2 * MM, { size: fitted.size, color: GREY });

  paintSignature(p, { x: box.x, y: box.y + box.h - BAND.signature, w: box.w, h: BAND.signature }, 'Учитель');
}

/** The subject teacher's signature line: signature, name written out in full, date (R-PRINT-2, day 3). */
export function paintSignature(p: Painter, b: Box, who: string): void {
  const base = b.y + b.h - 4.2 * MM;
  const size = 8;
  line(p, `${who}:`, b.x, base - 3.2 * MM, { size, bold: true });
  const x1 = b.x + textWidth(`${who}:`, size, true) + 2 * MM;
  const sigW = 32 * MM;
  const dateW = 40 * MM;
  const nameW = b.w - (x1 - b.x) - sigW - dateW - 8 * MM;
  const x2 = x1 + sigW + 4 * MM;
  const x3 = x2 + nameW + 4 * MM;
  p.lineWidth(0.5).strokeColor('#000000');
  hline(p, x1, x1 + sigW, base);
  hline(p, x2, x2 + nameW, base);
  p.stroke();
  line(p, '(подпись)', x1, base + 0.6 * MM, { size: 6, color: LIGHT, align: 'center', width: sigW });
  line(p, '(фамилия, имя, отчество полностью)', x2, base + 0.6 * MM, { size: 6, color: LIGHT, align: 'center', width: nameW });
  line(p, '«____» ______________ 20____ г.', x3, base - 3.2 * MM, { size, align: 'right', width: b.x + b.w - x3 });
  line(p, '(дата)', x3, base + 0.6 * MM, { size: 6, color: LIGHT, align: 'center', width: b.x + b.w - x3 });
}
