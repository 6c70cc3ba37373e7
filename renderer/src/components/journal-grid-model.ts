// The journal page arranged for the grid: one lookup per cell instead of searching the
// marks and attendance lists, computed once per page. Pure, so the editing grid can
// reuse it and tests can check it.
import type { JournalPageData } from '../types';

type Student = JournalPageData['students'][number];
type Lesson = JournalPageData['lessons'][number];

export interface CellMark {
  readonly value: string;
  readonly workKind: string | null;
  readonly slot: number;
}

export interface CellData {
  readonly marks: CellMark[];
  /** R-REC-3: Н, У, Б or О. */
  attendance: string | null;
}

export interface GridModel {
  /** Key: cellKey(studentId, lessonId). */
  readonly cells: ReadonlyMap<string, CellData>;
  readonly statsByStudent: ReadonlyMap<string, GridStat>;
  readonly periodMarkByStudent: ReadonlyMap<string, string>;
  /** Lessons that open a new month (a divider is drawn before them). */
  readonly monthStarts: ReadonlySet<string>;
}

export const cellKey = (studentId: string, lessonId: string): string => `${studentId}|${lessonId}`;

export function buildGridModel(page: JournalPageData): GridModel {
  const cells = new Map<string, CellData>();
  const cellOf = (studentId: string, lessonId: string): CellData => {
    const key = cellKey(studentId, lessonId);
    let c = cells.get(key);
    if (!c) {
      c = { marks: [], attendance: null };
      cells.set(key, c);
    }
    return c;
  };

  for (const m of page.marks) cellOf(m.studentId, m.lessonId).marks.push({ value: m.value, workKind: m.workKind, slot: m.slot });
  // Two marks in one cell read in slot order: "5 4" is slot 1, then slot 2.
  for (const c of cells.values()) if (c.marks.length > 1) c.marks.sort((x, y) => x.slot - y.slot);
  for (const a of page.attendance) cellOf(a.studentId, a.lessonId).attendance = a.code;

  const monthStarts = new Set<string>();
  let month = '';
  for (const l of page.lessons) {
    const m = l.date.slice(0, 7);
    if (month && m !== month) monthStarts.add(l.id);
    month = m;
  }

  return {
    cells,
    statsByStudent: new Map(page.stats.map((s) => [s.studentId, gridStat(s)])),
    periodMarkByStudent: new Map(page.periodMarks.map((p) => [p.studentId, p.value])),
    monthStarts,
  };
}

/** Whether the student is on the page on the lesson's date (arrivals and departures, R-REC-9). */
export function isOnPage(student: Student, lesson: Lesson): boolean {
  return student.from <= lesson.date && (student.to === null || lesson.date <= student.to);
}

/** Attendance codes as CSS class suffixes (R-REC-3). */
export const ATTENDANCE_CLASS: Readonly<Record<string, string>> = { Н: 'att-n', У: 'att-u', Б: 'att-b', О: 'att-o' };

export const ATTENDANCE_TITLE: Readonly<Record<string, string>> = {
  Н: 'Н — отсутствовал без уважительной причины',
  У: 'У — отсутствовал по уважительной причине',
  Б: 'Б — болел',
  О: 'О — опоздал',
};

/**
 * The line under the grid: exactly the keys that work for who looks at the page (the
 * page's teacher; the class teacher, who only changes the reason of an absence, R-ROLE-3;
 * a reader) and for the page (grade 1 takes no marks, R-REC-5).
 */
export function keysHint(mode: 'full' | 'reasons' | 'none', marksAllowed: boolean): string {
  const parts = ['стрелки, Tab, Enter, Home, End — переход'];
  if (mode === 'full') {
    if (marksAllowed) parts.push('2–5 — отметка (вторая цифра подряд — вторая отметка; в столбце «Итог» — отметка за период)');
    parts.push('Н, У, Б, О — посещаемость', 'Delete, Backspace — стереть');
  } else if (mode === 'reasons') {
    parts.push('Н, У, Б — причина отсутствия, где отсутствие уже отмечено');
  }
  parts.push('И — история клетки');
  return `Клавиши: ${parts.join('; ')}. Буквы — по клавишам с русскими буквами, в любой раскладке.`;
}

export const EMPTY_CELL: CellData = { marks: [], attendance: null };

/** Whether two cells show the same: attendance, and each mark's slot, value and kind of work. */
export function sameCell(a: CellData, b: CellData): boolean {
  if (a === b) return true;
  if (a.attendance !== b.attendance || a.marks.length !== b.marks.length) return false;
  return a.marks.every((m, i) => {
    const n = b.marks[i]!;
    return m.slot === n.slot && m.value === n.value && m.workKind === n.workKind;
  });
}

/** A cell as text, «Н», «5 4», «У 3»: for messages about it. */
export function cellText(c: CellData): string {
  return [c.attendance, ...c.marks.map((m) => m.value)].filter(Boolean).join(' ') || 'пусто';
}

/** A student's averages on the page: weighted by the kinds of work, and plain (shown beside it where weights are set). */
export interface GridStat {
  readonly average: number | null;
  readonly plainAverage: number | null;
  readonly count: number;
}

export const gridStat = (s: GridStat): GridStat => ({ average: s.average, plainAverage: s.plainAverage, count: s.count });
