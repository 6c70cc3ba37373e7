// The back of a subject sheet: the lessons of the front's columns, as on the right page of
// a paper class journal — number, date, topic (with the lesson type and a substitution),
// homework (R-REC-1). Every row has the same height, so the rows line up sheet after sheet;
// a long topic wraps and, past its row, shrinks, and only past that is cut.
//
// A side with a lesson given by a substitute has one more column, the substitute's signature
// (R-ROLE-2, issue 17 item 16): beside each such lesson the substitute's name and a line to
// sign on; the other rows leave it empty.
import { formatRuDate } from '../../shared/dates';
import type { SubjectBlock } from '../data/types';
import { GRID, MM, type Box } from '../layout/geometry';
import { fitLines, truncate } from './measure';
import type { Painter } from './painter';
import { GREY, hline, line, lineAt, lines, linesAt, vline } from './text';

export interface TopicsSide {
  block: SubjectBlock;
  lessonFrom: number;
  lessonTo: number;
  /** Grade 1 takes no homework (R-REC-5): its column reads so. */
  noHomework: boolean;
}

const HEAD = 7 * MM;
const PAD = 1.2 * MM;
const SIGN_W = 30 * MM;

/** The heading of the substitute's signature column: a test finds the column by it. */
export const TOPICS_SIGNATURE_HEAD = 'Подпись заменявшего учителя';

/** Whether a side of these lessons has the signature column (a lesson on it was given by a substitute). */
export function hasSubstituteColumn(lessons: readonly { substitute: string | null }[]): boolean {
  return lessons.some((l) => l.substitute);
}

export function paintTopics(p: Painter, box: Box, t: TopicsSide): void {
  const lessons = t.block.lessons.slice(t.lessonFrom, t.lessonTo);
  const signs = hasSubstituteColumn(lessons);
  const colW = signs ? [7 * MM, 14 * MM, 0, 56 * MM, SIGN_W] : [7 * MM, 14 * MM, 0, 66 * MM];
  colW[2] = box.w - colW.reduce((a, b) => a + b, 0);
  const xs = colW.reduce<number[]>((acc, w) => [...acc, acc[acc.length - 1]! + w], [box.x]);
  const rowH = (box.h - HEAD) / GRID.dateColumns;
  const top = box.y;
  const bottom = top + HEAD + rowH * GRID.dateColumns;

  p.rect(box.x, top, box.w, HEAD).fill('#f0f0f0');
  p.lineWidth(0.3).strokeColor('#000000');
  for (let r = 1; r < GRID.dateColumns; r++) hline(p, box.x, box.x + box.w, top + HEAD + r * rowH);
  p.stroke();
  p.lineWidth(0.6);
  for (let c = 1; c < colW.length; c++) vline(p, xs[c]!, top, bottom);
  hline(p, box.x, box.x + box.w, top + HEAD);
  p.stroke();
  p.lineWidth(0.9).rect(box.x, top, box.w, bottom - top).stroke();

  const heads = ['№', 'Дата', 'Тема урока (тип урока)', 'Домашнее задание'];
  heads.forEach((h, c) => lineAt(p, h, xs[c]!, top + HEAD / 2, { size: 8, bold: true, align: 'center', width: colW[c]! }));
  if (signs) {
    const f = fitLines(TOPICS_SIGNATURE_HEAD, SIGN_W - 2 * PAD, HEAD - 0.6 * MM, 7, 5, true);
    linesAt(p, f.lines, xs[4]!, top + HEAD / 2, { size: f.size, bold: true, align: 'center', width: SIGN_W });
  }

  lessons.forEach((l, r) => {
    const y = top + HEAD + r * rowH;
    const middle = y + rowH / 2;
    lineAt(p, String(t.lessonFrom + r + 1), xs[0]!, middle, { size: 7.5, align: 'center', width: colW[0]! });
    lineAt(p, formatRuDate(l.date).slice(0, 5), xs[1]!, middle, { size: 8, bold: true, align: 'center', width: colW[1]! });

    // Topic: wrapped into the row; the lesson type on a grey last line.
    const notes = l.lessonType;
    const innerW = colW[2]! - 2 * PAD;
    const noteH = notes ? 6 * 1.15 : 0;
    const topic = fitLines(l.topic || '—', innerW, rowH - 2 * PAD * 0.6 - noteH, 8, 5.5);
    lines(p, topic.lines, xs[2]! + PAD, y + PAD * 0.6, { size: topic.size });
    if (notes) line(p, truncate(notes, innerW, 6), xs[2]! + PAD, y + rowH - PAD * 0.5 - 6 * 1.1, { size: 6, color: GREY });

    // The substitute's name on top of their cell, a line to sign on under it.
    if (signs && l.substitute) {
      const x = xs[4]! + PAD;
      const w = SIGN_W - 2 * PAD;
      line(p, truncate(`замена: ${l.substitute}`, w, 6), x, y + PAD * 0.5, { size: 6, color: GREY });
      p.lineWidth(0.4).strokeColor('#000000');
      hline(p, x, x + w, y + rowH - PAD);
      p.stroke();
    }

    const homework = t.noHomework ? 'не задаётся' : l.homework;
    if (homework) {
      const hw = fitLines(homework, colW[3]! - 2 * PAD, rowH - 2 * PAD * 0.6, 7.5, 5.5);
      lines(p, hw.lines, xs[3]! + PAD, y + PAD * 0.6, { size: hw.size, color: t.noHomework ? GREY : '#000000' });
    }
  });
}
