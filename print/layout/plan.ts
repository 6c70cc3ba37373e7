// The sheets of a class copy, decided before anything is drawn so that the title page can
// list the contents with sheet numbers and every side can say "лист N из M". Printed on
// both sides (R-PRINT-1), a sheet's front and back belong together, as in a paper class
// journal's spread: the front holds the marks and attendance grid for some lessons, the
// back the dates, topics and homework of the same lessons. Each subject (each subgroup)
// starts on a new sheet; more lessons than a sheet holds continue on further sheets with
// the student names repeated.
import type { ClassCopyData } from '../data/types';
import { BAND, GRID, MM, bodyBox, type Face } from './geometry';

export type Side =
  | { kind: 'title' }
  | { kind: 'class-list'; from: number; to: number; part: number; parts: number }
  | { kind: 'grid'; block: number; lessonFrom: number; lessonTo: number; studentFrom: number; studentTo: number; periodMarks: boolean; part: number; parts: number }
  | { kind: 'topics'; block: number; lessonFrom: number; lessonTo: number; part: number; parts: number }
  | { kind: 'blank' };

export interface PlannedPage {
  side: Side;
  sheet: number;
  face: Face;
}

export interface ContentsEntry {
  /** Index into data.blocks, or -1 for the title and class list. */
  block: number;
  label: string;
  teacher: string;
  firstSheet: number;
  lastSheet: number;
}

export interface DocPlan {
  pages: PlannedPage[];
  sheets: number;
  contents: ContentsEntry[];
}

/** Rows of the class list on one side: its body less the table heading. */
export const CLASS_LIST_ROW = 5.6 * MM;
export const CLASS_LIST_HEADING = 18 * MM;

/** Items of the class list: the students, then (when there was movement) a heading and the movements. */
export function classListItems(data: ClassCopyData): number {
  return data.students.length + (data.movements.length > 0 ? 3 + data.movements.length : 0);
}

/** Students a grid side holds at the smallest row height. */
export function gridRowsCapacity(): number {
  const body = bodyBox('front');
  const rows = body.h - BAND.signature - GRID.monthRow - GRID.dayRow - GRID.kindRow - GRID.legend;
  return Math.floor(rows / GRID.minRow);
}

/**
 * Splits `n` lessons into sheets of GRID.dateColumns, in order, the last one leaving room
 * for the period-mark column. Filling sheets in order (not evenly) keeps every sheet but
 * the last unchanged when lessons are added, so fewer sheets go stale. Returns [from, to).
 */
export function lessonChunks(n: number, capacity: number = GRID.dateColumns, lastReserve: number = GRID.periodMarkColumns): [number, number][] {
  const ranges: [number, number][] = [];
  let from = 0;
  while (n - from > capacity - lastReserve) {
    // A full sheet, unless that would leave the period marks a sheet without lessons.
    const take = Math.min(capacity, n - from - 1);
    ranges.push([from, from + take]);
    from += take;
  }
  ranges.push([from, n]);
  return ranges;
}

function evenRanges(n: number, per: number): [number, number][] {
  const k = Math.max(1, Math.ceil(n / per));
  const base = Math.ceil(n / k);
  return Array.from({ length: k }, (_, i) => [i * base, Math.min(n, (i + 1) * base)] as [number, number]);
}

function blockLabel(data: ClassCopyData, i: number): string {
  const b = data.blocks[i]!;
  return b.subgroupName ? `${b.subjectName} (${b.subgroupName})` : b.subjectName;
}

export function planClassCopy(data: ClassCopyData): DocPlan {
  const pages: PlannedPage[] = [];
  let sheet = 1;
  let face: Face = 'front';
  const push = (side: Side) => {
    pages.push({ side, sheet, face });
    if (face === 'front') face = 'back';
    else {
      face = 'front';
      sheet++;
    }
  };
  const endSheet = () => {
    if (face === 'back') push({ kind: 'blank' });
  };

  // Sheet 1: the title; on its back (and further sides if long) the class list.
  push({ kind: 'title' });
  const listBody = bodyBox('back').h - CLASS_LIST_HEADING;
  const perSide = Math.max(1, Math.floor(listBody / CLASS_LIST_ROW));
  const listRanges = evenRanges(classListItems(data), perSide);
  listRanges.forEach(([from, to], i) => push({ kind: 'class-list', from, to, part: i + 1, parts: listRanges.length }));
  endSheet();
  const contents: ContentsEntry[] = [{ block: -1, label: 'Титульный лист, список обучающихся', teacher: '', firstSheet: 1, lastSheet: sheet - 1 }];

  const rowCap = gridRowsCapacity();
  data.blocks.forEach((b, bi) => {
    const first = sheet;
    const chunks = lessonChunks(b.lessons.length);
    const rowChunks = evenRanges(b.students.length, rowCap);
    const parts = chunks.length * rowChunks.length;
    let part = 0;
    chunks.forEach(([lessonFrom, lessonTo], ci) => {
      for (const [studentFrom, studentTo] of rowChunks) {
        part++;
        const periodMarks = ci === chunks.length - 1;
        push({ kind: 'grid', block: bi, lessonFrom, lessonTo, studentFrom, studentTo, periodMarks, part, parts });
        push({ kind: 'topics', block: bi, lessonFrom, lessonTo, part, parts });
      }
    });
    contents.push({ block: bi, label: blockLabel(data, bi), teacher: b.teacher, firstSheet: first, lastSheet: sheet - 1 });
  });
  endSheet();
  return { pages, sheets: sheet - 1, contents };
}

/** A single-sheet-per-side document (summary sheets): the pages and their sheet numbers. */
export function planSides(count: number, doubleSided: boolean): PlannedPage[] {
  return Array.from({ length: count }, (_, i) => ({
    side: { kind: 'blank' } as Side,
    sheet: doubleSided ? Math.floor(i / 2) + 1 : i + 1,
    face: (doubleSided && i % 2 === 1 ? 'back' : 'front') as Face,
  }));
}
