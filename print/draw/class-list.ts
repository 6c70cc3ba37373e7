// The class list of a class copy (the back of the title page, and further sides for a long
// list): every student on the class list on some day of the period with date of birth,
// personal file number and dates in the class; then the movement of the period with the
// orders that caused it (R-REC-9).
import { formatRuDate } from '../../shared/dates';
import type { ClassCopyData, ClassListStudent, PrintMovement } from '../data/types';
import { MM, type Box } from '../layout/geometry';
import { CLASS_LIST_HEADING, CLASS_LIST_ROW } from '../layout/plan';
import { fitLines, fitSize, truncate } from './measure';
import type { Painter } from './painter';
import { GREY, hline, line, lineAt, linesAt, vline } from './text';

export interface ClassListSide {
  data: ClassCopyData;
  from: number;
  to: number;
  part: number;
  parts: number;
}

const STUDENT_COLS = [
  { head: '№', w: 8 * MM },
  { head: 'Фамилия, имя, отчество', w: 0 },
  { head: 'Дата рождения', w: 22 * MM },
  { head: '№ личного дела', w: 22 * MM },
  { head: 'В классе', w: 38 * MM },
];
const MOVE_COLS = [
  { head: 'Дата', w: 17 * MM },
  { head: 'Фамилия, имя, отчество', w: 55 * MM },
  { head: 'Движение', w: 30 * MM },
  { head: 'Приказ', w: 30 * MM },
  { head: 'Откуда прибыл / куда выбыл', w: 0 },
];

function columns(cols: { head: string; w: number }[], box: Box): { xs: number[]; ws: number[] } {
  const fixed = cols.reduce((s, c) => s + c.w, 0);
  const ws = cols.map((c) => (c.w === 0 ? box.w - fixed : c.w));
  const xs = ws.reduce<number[]>((a, w) => [...a, a[a.length - 1]! + w], [box.x]);
  return { xs, ws };
}

function tableRow(p: Painter, xs: number[], ws: number[], y: number, h: number, texts: string[], opts: { bold?: boolean; size?: number; wrap?: number } = {}): void {
  const size = opts.size ?? 8;
  texts.forEach((t, c) => {
    const w = ws[c]! - 2 * MM;
    if (c === opts.wrap) {
      const f = fitLines(t, w, h - 0.8 * MM, size, 5.5, opts.bold);
      linesAt(p, f.lines, xs[c]! + 1 * MM, y + h / 2, { size: f.size, bold: opts.bold });
    } else {
      const s = fitSize(t, w, size, 5.5, opts.bold);
      lineAt(p, truncate(t, w, s, opts.bold), xs[c]! + 1 * MM, y + h / 2, { size: s, bold: opts.bold, align: c === 0 || opts.bold ? 'center' : 'left', width: w });
    }
  });
}

function grid(p: Painter, xs: number[], top: number, bottom: number, rowYs: number[], box: Box): void {
  p.lineWidth(0.3).strokeColor('#000000');
  for (const y of rowYs) hline(p, box.x, box.x + box.w, y);
  for (let c = 1; c < xs.length - 1; c++) vline(p, xs[c]!, top, bottom);
  p.stroke();
  p.lineWidth(0.8).rect(box.x, top, box.w, bottom - top).stroke();
}

function studentCells(s: ClassListStudent, i: number, periodStartsOn: string, periodEndsOn: string): string[] {
  const name = [s.lastName, s.firstName, s.middleName].filter((x) => x).join(' ');
  const from = s.enrolledFrom > periodStartsOn ? `с ${formatRuDate(s.enrolledFrom)}` : '';
  const to = s.enrolledTo !== null && s.enrolledTo < periodEndsOn ? `по ${formatRuDate(s.enrolledTo)}` : '';
  return [String(i + 1), name, formatRuDate(s.birthDate), s.personalFile, [from, to].filter((x) => x).join(' ') || 'весь период'];
}

function movementCells(m: PrintMovement): string[] {
  const what = m.kind === 'arrival' ? 'прибыл(а)' : m.kind === 'departure' ? 'выбыл(а)' : m.direction === 'in' ? `переведён(а) из ${m.otherClass ?? '—'}` : `переведён(а) в ${m.otherClass ?? '—'}`;
  return [formatRuDate(m.date), m.studentName, what, `${m.orderNumber} от ${formatRuDate(m.orderDate)}`, m.note];
}

export function paintClassList(p: Painter, box: Box, s: ClassListSide): void {
  const d = s.data;
  const h = d.heading;
  const title = s.part === 1 ? `Список обучающихся ${h.className} класса` : `Список обучающихся ${h.className} класса (продолжение)`;
  line(p, title, box.x, box.y, { size: 11, bold: true });
  line(p, `${h.period.name} ${h.yearName} учебного года · на начало периода и прибывшие в течение периода`, box.x, box.y + 5 * MM, { size: 7.5, color: GREY });
  let y = box.y + CLASS_LIST_HEADING - 6 * MM;
  const nStudents = d.students.length;
  const studentsHere = Math.max(0, Math.min(s.to, nStudents) - s.from);
  if (studentsHere > 0) {
    const { xs, ws } = columns(STUDENT_COLS, box);
    const headH = 8 * MM;
    const top = y;
    p.rect(box.x, y, box.w, headH).fill('#f0f0f0');
    tableRow(p, xs, ws, y, headH, STUDENT_COLS.map((c) => c.head), { bold: true, size: 8 });
    y += headH;
    const rowYs = [y];
    for (let i = s.from; i < Math.min(s.to, nStudents); i++) {
      tableRow(p, xs, ws, y, CLASS_LIST_ROW, studentCells(d.students[i]!, i, h.period.startsOn, h.period.endsOn), { wrap: 1 });
      y += CLASS_LIST_ROW;
      rowYs.push(y);
    }
    grid(p, xs, top, y, rowYs.slice(0, -1), box);
  }
  // The movement section: items nStudents (spacer), +1 (heading), +2 (table head), then rows.
  const firstMove = Math.max(s.from, nStudents);
  if (s.to > nStudents && d.movements.length > 0) {
    const { xs, ws } = columns(MOVE_COLS, box);
    let tableTop: number | null = null;
    const rowYs: number[] = [];
    for (let item = firstMove; item < s.to; item++) {
      const k = item - nStudents;
      if (k === 0) y += CLASS_LIST_ROW;
      else if (k === 1) {
        line(p, 'Движение обучающихся за период', box.x, y + 1.2 * MM, { size: 10, bold: true });
        y += CLASS_LIST_ROW;
      } else {
        if (tableTop === null) {
          tableTop = y;
          p.rect(box.x, y, box.w, CLASS_LIST_ROW).fill('#f0f0f0');
          tableRow(p, xs, ws, y, CLASS_LIST_ROW, MOVE_COLS.map((c) => c.head), { bold: true, size: 7.5 });
          y += CLASS_LIST_ROW;
          rowYs.push(y);
          if (k === 2) continue;
        }
        tableRow(p, xs, ws, y, CLASS_LIST_ROW, movementCells(d.movements[k - 3]!), { wrap: 4, size: 7.5 });
        y += CLASS_LIST_ROW;
        rowYs.push(y);
      }
    }
    if (tableTop !== null) grid(p, xs, tableTop, y, rowYs.slice(0, -1), box);
  }
}

/** An empty side of a sheet, marked so, as a document's blank page is. */
export function paintBlank(p: Painter, box: Box): void {
  lineAt(p, 'Страница не заполняется', box.x, box.y + box.h / 2, { size: 10, color: GREY, align: 'center', width: box.w });
}
