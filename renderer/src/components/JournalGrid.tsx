// The marks grid of a journal page: students × lessons, then the average, the number of
// marks and the period mark. A plain table; one memoized row component per student, so a
// keystroke re-renders only the row it changes (and the rows the focus leaves and enters).
// The first column and the header row stay in place while the grid scrolls.
//
// Editing from the keyboard (when the page may be edited): one focused cell (roving
// tabindex); arrows, Tab/Shift+Tab and Enter move; 2–5 set a mark (a second digit in the
// same cell right after the first sets the second mark, "5" "4" → "5 4"); Н/У/Б/О set
// attendance; Delete/Backspace clears the marks, then the attendance; «И» shows the cell's
// history. Letters are read by the key's position (KeyboardEvent.code, edit-queue.ts): the
// key marked Н means Н whether the layout sends "н" or "y". Every change shows at once and is sent to the service
// one cell-queue at a time; a refusal takes it back and reports the service's message.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import type { EditMethod } from '../../../service/journal/edits';
import { formatRuDate } from '../../../shared/dates';
import { ApiError, call, errorMessage } from '../api';
import { formatAverage, formatDayMonth } from '../format';
import type { JournalPageData } from '../types';
import { useSyncChanges } from '../hooks/useSyncChanges';
import { attendanceFromKey, EditQueues, isHistoryKey, markFromKey, planRefresh, type PendingEdit } from './edit-queue';
import { ATTENDANCE_CLASS, ATTENDANCE_TITLE, buildGridModel, cellKey, cellText, EMPTY_CELL, isOnPage, gridStat, keysHint, sameCell, type CellData, type GridModel, type GridStat } from './journal-grid-model';

type Student = JournalPageData['students'][number];
type Lesson = JournalPageData['lessons'][number];

/** full: the teacher of the page; reasons: the class teacher (Н ↔ У ↔ Б only, R-ROLE-3); none: read-only. */
export type EditMode = 'full' | 'reasons' | 'none';

export interface EditRequest {
  readonly method: EditMethod;
  readonly args: Record<string, unknown>;
}

/** A message about an edit, shown next to the grid. */
export interface EditIssue {
  readonly tone: 'error' | 'info' | 'ok';
  readonly message: string;
  readonly code?: string;
  /** OUT_OF_WINDOW: the same change can go as a correction request (R-TIME-3). */
  readonly correction?: EditRequest;
  /** NEEDS_CONFIRMATION: sends the change again, confirmed. */
  readonly confirm?: () => void;
}

export interface FocusedCell {
  readonly studentId: string;
  /** null: the period mark column. */
  readonly lessonId: string | null;
}

interface Props {
  page: JournalPageData;
  mode: EditMode;
  selectedLessonId: string | null;
  onSelectLesson(lessonId: string): void;
  /** The kind of work for new marks in a lesson (work_kind id). */
  workKindFor(lessonId: string): string | null;
  /** The kinds of work chosen on the page for lessons' new marks (lesson id → code), shown in the headers. */
  chosenKinds?: ReadonlyMap<string, string>;
  onIssue(issue: EditIssue | null): void;
  onHistory(cell: FocusedCell): void;
  /** The page was read again because a sync brought changes (its lessons may have changed). */
  onRefreshed?(page: JournalPageData): void;
}

type RowCells = ReadonlyMap<string, CellData>;
type GridEdit = PendingEdit<CellData> & { readonly request: EditRequest };
type PeriodEdit = PendingEdit<string | null> & { readonly request: EditRequest };

const ABSENT = ['Н', 'У', 'Б'];

const sendEdit = (r: EditRequest): Promise<unknown> => (call as (m: string, a: unknown) => Promise<unknown>)(r.method, r.args);

/** How long a cell changed by a sync stays highlighted. */
const FLASH_MS = 2000;

function splitKey(key: string): [string, string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
}

/**
 * The kinds of work each column shows in its header: those of the marks in it as they are
 * now (typed marks included, before any reload), then the kind chosen for its new marks.
 */
function columnKinds(rows: ReadonlyMap<string, RowCells>, chosen: ReadonlyMap<string, string> | undefined): Map<string, string[]> {
  const kinds = new Map<string, string[]>();
  const add = (lessonId: string, code: string) => {
    const k = kinds.get(lessonId);
    if (!k) kinds.set(lessonId, [code]);
    else if (!k.includes(code)) k.push(code);
  };
  for (const row of rows.values()) {
    for (const [lessonId, c] of row) for (const m of c.marks) if (m.workKind) add(lessonId, m.workKind);
  }
  for (const [lessonId, code] of chosen ?? []) add(lessonId, code);
  return kinds;
}

function initialRows(model: GridModel, students: readonly Student[]): Map<string, RowCells> {
  const rows = new Map<string, Map<string, CellData>>(students.map((s) => [s.id, new Map()]));
  for (const [key, c] of model.cells) {
    const [s, l] = splitKey(key);
    rows.get(s)?.set(l, c);
  }
  return rows;
}

function withMark(c: CellData, slot: number, value: string | null, workKind: string | null): CellData {
  const others = c.marks.filter((m) => m.slot !== slot);
  const old = c.marks.find((m) => m.slot === slot);
  const marks = value === null ? others : [...others, { slot, value, workKind: old ? old.workKind : workKind }].sort((x, y) => x.slot - y.slot);
  return { marks, attendance: c.attendance };
}

export const JournalGrid = memo(function JournalGrid(props: Props) {
  const { mode, selectedLessonId, onSelectLesson } = props;
  // The page as last read: from the props, then again whenever a sync brings changes.
  const [page, setPage] = useState(props.page);
  const model = useMemo(() => buildGridModel(page), [page]);
  const { lessons, students, period } = page;
  // R-REC-5: no marks in grade 1 — only attendance, and no average or period mark columns.
  const withMarks = page.marksAllowed;
  const periodCol = lessons.length;
  const cols = lessons.length + (withMarks ? 1 : 0);

  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  const [rows, setRows] = useState(() => initialRows(model, students));
  const [periodMarks, setPeriodMarks] = useState<ReadonlyMap<string, string | null>>(() => new Map(model.periodMarkByStudent));
  const [stats, setStats] = useState(model.statsByStudent);
  const kindsByLesson = useMemo(() => columnKinds(rows, props.chosenKinds), [rows, props.chosenKinds]);

  const initialCol = Math.max(0, lessons.findIndex((l) => l.id === selectedLessonId));
  const [focus, setFocus] = useState({ row: 0, col: initialCol });
  const focusRef = useRef(focus);
  /** The cell where a digit was just typed: a second digit there is the second mark. */
  const fresh = useRef<string | null>(null);
  /** The cell being typed into (focused, a change made in it): a sync never replaces it (cellKey, or `period|<student>`). */
  const editing = useRef<string | null>(null);
  /** Cells a sync changed, highlighted for a moment: student id → lesson ids ('period': the period mark). */
  const [flash, setFlash] = useState<ReadonlyMap<string, ReadonlySet<string>>>(() => new Map());
  /** Cells changed elsewhere while typed into here: student id → lesson id → what the journal holds there. */
  const [held, setHeld] = useState<ReadonlyMap<string, ReadonlyMap<string, string>>>(() => new Map());
  const tableRef = useRef<HTMLTableElement>(null);
  const wantFocus = useRef(false);

  // Stats come from the service (weights of the kinds of work): asked again once the edits settle.
  const statsTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshStats = useCallback(() => {
    if (statsTimer.current) clearTimeout(statsTimer.current);
    statsTimer.current = setTimeout(() => {
      void (async () => {
        await Promise.all([cellQueues.settled(), periodQueues.settled()]);
        try {
          const fresh = await call('journal.page', { assignmentId: page.assignment.id, periodId: page.period.id });
          setStats((prev) => {
            const next = new Map(prev);
            for (const s of fresh.stats) {
              const old = prev.get(s.studentId);
              if (!old || old.average !== s.average || old.plainAverage !== s.plainAverage || old.count !== s.count) next.set(s.studentId, gridStat(s));
            }
            return next;
          });
        } catch {
          // The numbers stay as they were; the next edit asks again.
        }
      })();
    }, 700);
    // The queues are created once with the page (below).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page.assignment.id, page.period.id]);
  useEffect(() => () => {
    if (statsTimer.current) clearTimeout(statsTimer.current);
  }, []);

  const [cellQueues] = useState(
    () =>
      new EditQueues<CellData, GridEdit>(
        (key) => model.cells.get(key) ?? EMPTY_CELL,
        (key, value) => {
          const [s, l] = splitKey(key);
          setRows((prev) => {
            const next = new Map(prev);
            const row = new Map(prev.get(s) ?? []);
            row.set(l, value);
            next.set(s, row);
            return next;
          });
        },
        (_key, err, edit) => reportRefusal(err, edit.request),
      ),
  );
  const [periodQueues] = useState(
    () =>
      new EditQueues<string | null, PeriodEdit>(
        (studentId) => model.periodMarkByStudent.get(studentId) ?? null,
        (studentId, value) => setPeriodMarks((prev) => new Map(prev).set(studentId, value)),
        (studentId, err, edit) => {
          if (err instanceof ApiError && err.code === 'NEEDS_CONFIRMATION') {
            latest.current.onIssue({
              tone: 'info',
              code: err.code,
              message: err.message,
              confirm: () => {
                latest.current.onIssue(null);
                pushPeriod(studentId, edit.request.args.value as string | null, { ...edit.request.args, confirmFewMarks: true });
              },
            });
          } else reportRefusal(err, edit.request);
        },
      ),
  );

  // ---- following the sync (issue 17, point 10) --------------------------------------------
  // When changes from other computers reach this journal, the page is read again: cells
  // changed elsewhere show at once, highlighted for a moment; the cell being typed into and
  // cells with edits in flight keep what was typed (planRefresh, edit-queue.ts).
  const shown = useRef({ page, rows, periodMarks, held });
  useEffect(() => {
    shown.current = { page, rows, periodMarks, held };
  });
  const reading = useRef(false);
  const readAgain = useRef(false);
  /** The keys of `held` as `editing` names them. */
  const heldKeys = useRef<ReadonlySet<string>>(new Set());
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (flashTimer.current) clearTimeout(flashTimer.current);
  }, []);

  async function refreshPage(): Promise<void> {
    if (reading.current) {
      readAgain.current = true;
      return;
    }
    reading.current = true;
    try {
      do {
        readAgain.current = false;
        const cellTick = cellQueues.tick();
        const periodTick = periodQueues.tick();
        const { assignment, period: p } = shown.current.page;
        let fresh: JournalPageData;
        try {
          fresh = await call('journal.page', { assignmentId: assignment.id, periodId: p.id });
        } catch {
          return; // the next sync's changes ask again
        }
        if (applyFresh(fresh, cellTick, periodTick)) {
          await Promise.all([cellQueues.settled(), periodQueues.settled()]);
          readAgain.current = true;
        }
      } while (readAgain.current);
    } finally {
      reading.current = false;
    }
  }
  useSyncChanges(() => void refreshPage());

  /** Shows a page read at the given ticks; true when some cells must be read again. */
  function applyFresh(fresh: JournalPageData, cellTick: number, periodTick: number): boolean {
    const old = shown.current;
    const next = buildGridModel(fresh);
    const keys = [...next.cells.keys()];
    for (const [s, row] of old.rows) for (const l of row.keys()) keys.push(cellKey(s, l));
    const cells = planRefresh(cellQueues, keys, (k) => next.cells.get(k) ?? EMPTY_CELL, sameCell, cellTick, editing.current);
    const periodEditing = editing.current?.startsWith('period|') ? editing.current.slice('period|'.length) : null;
    const periodKeys = [...next.periodMarkByStudent.keys(), ...old.periodMarks.keys()];
    const periods = planRefresh(periodQueues, periodKeys, (id) => next.periodMarkByStudent.get(id) ?? null, (a, b) => a === b, periodTick, periodEditing);

    // Lessons or students added or taken away elsewhere: the focus stays on its cell.
    const sameShape = (a: readonly { id: string }[], b: readonly { id: string }[]) => a.length === b.length && a.every((x, i) => x.id === b[i]!.id);
    if (!sameShape(old.page.lessons, fresh.lessons) || !sameShape(old.page.students, fresh.students)) {
      const f = focusRef.current;
      const studentId = old.page.students[f.row]?.id;
      const lessonId = f.col < old.page.lessons.length ? old.page.lessons[f.col]!.id : null;
      const row = Math.max(0, fresh.students.findIndex((x) => x.id === studentId));
      const col = lessonId === null ? fresh.lessons.length : Math.max(0, fresh.lessons.findIndex((x) => x.id === lessonId));
      setFocus({ row, col });
    }
    setPage(fresh);
    setStats(new Map(fresh.stats.map((x) => [x.studentId, gridStat(x)])));
    for (const [k, v] of cells.update) cellQueues.rebase(k, v);
    for (const [k, v] of periods.update) periodQueues.rebase(k, v);

    const changed = new Map<string, Set<string>>();
    const add = (studentId: string, col: string) => {
      const set = changed.get(studentId) ?? new Set<string>();
      set.add(col);
      changed.set(studentId, set);
    };
    for (const k of cells.update.keys()) add(...splitKey(k));
    for (const k of periods.update.keys()) add(k, 'period');
    if (changed.size > 0) {
      setFlash(changed);
      if (flashTimer.current) clearTimeout(flashTimer.current);
      flashTimer.current = setTimeout(() => setFlash(new Map()), FLASH_MS);
    }

    const nextHeld = new Map<string, Map<string, string>>();
    const hold = (studentId: string, col: string, text: string) => nextHeld.set(studentId, new Map(nextHeld.get(studentId) ?? []).set(col, text));
    for (const [k, v] of cells.held) hold(...splitKey(k), cellText(v));
    for (const [k, v] of periods.held) hold(k, 'period', v ?? 'пусто');
    setHeld(nextHeld);
    heldKeys.current = new Set([...cells.held.keys(), ...[...periods.held.keys()].map((k) => `period|${k}`)]);
    // The cell being typed into was changed elsewhere: said once, in words.
    const edited = editing.current;
    if (edited) {
      const [studentId, col] = edited.startsWith('period|') ? [edited.slice('period|'.length), 'period'] : splitKey(edited);
      const now = nextHeld.get(studentId)?.get(col);
      if (now !== undefined && old.held.get(studentId)?.get(col) !== now) {
        const student = fresh.students.find((x) => x.id === studentId);
        const lesson = fresh.lessons.find((x) => x.id === col);
        const where = [student && `${student.lastName} ${student.firstName}`, lesson ? `урок ${formatDayMonth(lesson.date)}` : 'отметка за период'].filter(Boolean).join(', ');
        latest.current.onIssue({
          tone: 'info',
          code: 'SYNC_CHANGED',
          message: `Эту клетку (${where}) изменили на другом компьютере, пока вы её заполняли: там записано «${now}». Ваш ввод сохранён и на экране не заменён. Одновременные изменения одной клетки — конфликт синхронизации: какое значение оставить, выбирает учитель урока или заместитель директора в разделе «Синхронизация».`,
        });
      }
    }
    latest.current.onRefreshed?.(fresh);
    return cells.again || periods.again;
  }

  /** Leaving the cell being typed into: if it was changed elsewhere meanwhile, the page is read again. */
  function leaveEditing() {
    const left = editing.current;
    editing.current = null;
    if (left !== null && heldKeys.current.has(left)) void refreshPage();
  }

  function reportRefusal(err: unknown, request: EditRequest) {
    const code = err instanceof ApiError ? err.code : 'INTERNAL';
    latest.current.onIssue({ tone: 'error', code, message: errorMessage(err), correction: code === 'OUT_OF_WINDOW' ? request : undefined });
  }

  function pushPeriod(studentId: string, value: string | null, extra: Record<string, unknown> = {}) {
    const request: EditRequest = {
      method: 'journal.setPeriodMark',
      args: { assignmentId: page.assignment.id, periodId: page.period.id, studentId, value, ...extra },
    };
    editing.current = `period|${studentId}`;
    void periodQueues.push(studentId, { request, apply: () => value, send: () => sendEdit(request) });
  }

  function pushCell(s: Student, l: Lesson, apply: (c: CellData) => CellData, request: EditRequest) {
    // A note that this cell was changed elsewhere stays while it is typed into.
    if (!heldKeys.current.has(cellKey(s.id, l.id))) latest.current.onIssue(null);
    editing.current = cellKey(s.id, l.id);
    void cellQueues.push(cellKey(s.id, l.id), { request, apply, send: () => sendEdit(request) }).then(refreshStats);
  }

  // The focused cell takes the keyboard focus (only while the grid is being worked in).
  useEffect(() => {
    focusRef.current = focus;
    // The focus left the cell being typed into (any way: keys, a click, a column header).
    const { students: ss, lessons: ls } = shown.current.page;
    const here = ss[focus.row] ? (focus.col < ls.length ? cellKey(ss[focus.row]!.id, ls[focus.col]!.id) : `period|${ss[focus.row]!.id}`) : null;
    if (editing.current !== null && editing.current !== here) leaveEditing();
    const table = tableRef.current;
    if (!table) return;
    if (!wantFocus.current && !table.contains(document.activeElement)) return;
    wantFocus.current = false;
    const td = table.querySelector<HTMLElement>(`[data-row="${focus.row}"][data-col="${focus.col}"]`);
    td?.focus();
    // leaveEditing works on refs only; the effect follows the focus alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus]);

  const moveTo = (row: number, col: number) => {
    const r = Math.min(Math.max(row, 0), students.length - 1);
    const c = Math.min(Math.max(col, 0), cols - 1);
    fresh.current = null;
    wantFocus.current = true;
    setFocus((f) => (f.row === r && f.col === c ? f : { row: r, col: c }));
    if (c < lessons.length) onSelectLesson(lessons[c]!.id);
  };

  const notice = (message: string) => latest.current.onIssue({ tone: 'error', message });

  function editCell(s: Student, l: Lesson, e: KeyboardEvent) {
    const mark = markFromKey(e);
    const att = attendanceFromKey(e);
    const clear = e.key === 'Delete' || e.key === 'Backspace';
    if (!mark && !att && !clear) return;
    e.preventDefault();
    const ckey = cellKey(s.id, l.id);
    const current = cellQueues.current(ckey);
    if (mode === 'none') {
      notice('Страница открыта только для просмотра: изменять её записи может учитель, ведущий урок.');
      return;
    }
    if (!isOnPage(s, l)) {
      notice('Ученика нет в списке класса (группы) на дату этого урока.');
      return;
    }
    if (mode === 'reasons') {
      // R-ROLE-3: the class teacher only changes the reason of an absence already entered.
      if (att && ABSENT.includes(att) && current.attendance && ABSENT.includes(current.attendance)) {
        const request: EditRequest = { method: 'journal.setAttendance', args: { lessonId: l.id, studentId: s.id, code: att } };
        pushCell(s, l, (c) => ({ marks: c.marks, attendance: att }), request);
      } else {
        notice('Классный руководитель указывает только причину отсутствия (Н, У, Б); отметки и посещаемость ставит учитель, ведущий урок.');
      }
      return;
    }
    if (mark) {
      if (!page.marksAllowed) {
        notice('В 1 классе отметки не ставятся (безотметочное обучение).');
        return;
      }
      const slot = fresh.current === ckey && current.marks.some((m) => m.slot === 1) ? 2 : 1;
      fresh.current = ckey;
      const existing = current.marks.find((m) => m.slot === slot);
      const kindId = existing ? null : latest.current.workKindFor(l.id);
      const kindCode = page.workKinds.find((w) => w.id === kindId)?.code ?? null;
      const args: Record<string, unknown> = { lessonId: l.id, studentId: s.id, slot, value: mark };
      if (kindId) args.workKindId = kindId;
      pushCell(s, l, (c) => withMark(c, slot, mark, kindCode), { method: 'journal.setMark', args });
      return;
    }
    fresh.current = null;
    if (att) {
      pushCell(s, l, (c) => ({ marks: c.marks, attendance: att }), { method: 'journal.setAttendance', args: { lessonId: l.id, studentId: s.id, code: att } });
      return;
    }
    // Delete: the marks first (the second, then the first), then the attendance.
    if (current.marks.length > 0) {
      for (const m of [...current.marks].sort((x, y) => y.slot - x.slot)) {
        pushCell(s, l, (c) => withMark(c, m.slot, null, null), { method: 'journal.setMark', args: { lessonId: l.id, studentId: s.id, slot: m.slot, value: null } });
      }
    } else if (current.attendance) {
      pushCell(s, l, (c) => ({ marks: c.marks, attendance: null }), { method: 'journal.setAttendance', args: { lessonId: l.id, studentId: s.id, code: null } });
    }
  }

  function editPeriod(s: Student, e: KeyboardEvent) {
    const mark = markFromKey(e);
    const clear = e.key === 'Delete' || e.key === 'Backspace';
    if (!mark && !clear) return;
    e.preventDefault();
    if (mode !== 'full') {
      notice('Отметку за период ставит учитель, ведущий предмет в этом классе.');
      return;
    }
    latest.current.onIssue(null);
    if (mark) pushPeriod(s.id, mark);
    else if (periodQueues.current(s.id)) pushPeriod(s.id, null);
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName !== 'TD' || e.ctrlKey || e.metaKey || e.altKey) return;
    const { row, col } = focusRef.current;
    switch (e.key) {
      case 'ArrowUp':
        e.preventDefault();
        return moveTo(row - 1, col);
      case 'ArrowDown':
      case 'Enter':
        e.preventDefault();
        return moveTo(row + 1, col);
      case 'ArrowLeft':
        e.preventDefault();
        return moveTo(row, col - 1);
      case 'ArrowRight':
        e.preventDefault();
        return moveTo(row, col + 1);
      case 'Tab': {
        const next = e.shiftKey ? col - 1 : col + 1;
        if (next < 0 || next >= cols) return; // leaves the grid
        e.preventDefault();
        return moveTo(row, next);
      }
      case 'Home':
        e.preventDefault();
        return moveTo(row, 0);
      case 'End':
        e.preventDefault();
        return moveTo(row, cols - 1);
    }
    const s = students[row];
    if (!s) return;
    if (isHistoryKey(e)) {
      e.preventDefault();
      props.onHistory({ studentId: s.id, lessonId: col < lessons.length ? lessons[col]!.id : null });
      return;
    }
    if (col === periodCol && withMarks) editPeriod(s, e);
    else if (lessons[col]) editCell(s, lessons[col], e);
  };

  const onMouseDown = (e: MouseEvent<HTMLTableElement>) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-col]');
    if (!td) return;
    moveTo(Number(td.dataset.row), Number(td.dataset.col));
  };

  const focusedStudent = students[focus.row];
  const periodFocused = withMarks && focus.col === periodCol && mode === 'full' && focusedStudent;

  return (
    <div className="grid-wrap">
      <div className="grid-scroll" role="region" aria-label="Отметки и посещаемость">
        <table
          ref={tableRef}
          data-testid="journal-grid"
          className={[withMarks ? 'journal-grid' : 'journal-grid no-marks', mode !== 'none' ? 'editable' : '', withMarks && page.weighted ? 'weighted' : ''].join(' ')}
          onKeyDown={onKeyDown}
          onMouseDown={onMouseDown}
          aria-describedby="grid-keys"
        >
          <thead>
            <tr>
              <th scope="col" className="g-student">
                Ученик
              </th>
              {lessons.map((l, i) => (
                <th
                  key={l.id}
                  scope="col"
                  data-testid="grid-lesson"
                  data-lesson={l.id}
                  className={['g-lesson', model.monthStarts.has(l.id) ? 'month-start' : '', l.id === selectedLessonId ? 'selected' : ''].join(' ')}
                  title={lessonTitle(l)}
                  onClick={() => {
                    onSelectLesson(l.id);
                    setFocus((f) => ({ row: f.row, col: i }));
                  }}
                >
                  <span className="g-date">{formatDayMonth(l.date)}</span>
                  {withMarks && (
                    <span className="g-kinds" data-testid="grid-lesson-kinds">
                      {kindsByLesson.get(l.id)?.join(' ') || '\u00a0'}
                    </span>
                  )}
                </th>
              ))}
              {withMarks && (
                <>
                  {page.weighted ? (
                    <>
                      {/* Issue 14 point 4: where the school set weights, the weighted average beside the plain one. */}
                      <th scope="col" className="g-avg" data-testid="grid-avg-weighted" title="Средний взвешенный балл (с учётом весов видов работ)">
                        Ср. взв.
                      </th>
                      <th scope="col" className="g-plain" data-testid="grid-avg-plain" title="Средний балл без учёта весов">
                        Ср.
                      </th>
                    </>
                  ) : (
                    <th scope="col" className="g-avg" title="Средний балл">
                      Ср.
                    </th>
                  )}
                  <th scope="col" className="g-count" title="Количество отметок">
                    Кол.
                  </th>
                  <th scope="col" className="g-final" title={`Отметка за период: ${period.name}`}>
                    Итог
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {students.map((s, i) => (
              <GridRow
                key={s.id}
                student={s}
                index={i}
                lessons={lessons}
                model={model}
                period={period}
                cells={rows.get(s.id)}
                periodMark={periodMarks.get(s.id) ?? null}
                stats={stats.get(s.id)}
                weighted={page.weighted}
                withMarks={withMarks}
                focusCol={focus.row === i ? focus.col : -1}
                selectedLessonId={selectedLessonId}
                flash={flash.get(s.id)}
                held={held.get(s.id)}
              />
            ))}
          </tbody>
        </table>
        {students.length === 0 && <p className="empty">На странице нет учеников.</p>}
      </div>
      {periodFocused && <PeriodPopover key={focusedStudent.id} student={focusedStudent} value={periodMarks.get(focusedStudent.id) ?? null} onSet={(v, reason) => pushPeriod(focusedStudent.id, v, reason ? { reason } : {})} />}
      <p id="grid-keys" data-testid="grid-keys" className="grid-keys muted">
        {keysHint(mode, withMarks)}
      </p>
    </div>
  );
});

interface RowProps {
  student: Student;
  index: number;
  lessons: readonly Lesson[];
  model: GridModel;
  period: JournalPageData['period'];
  cells: RowCells | undefined;
  periodMark: string | null;
  stats: GridStat | undefined;
  withMarks: boolean;
  /** The school set weights: the plain average beside the weighted one. */
  weighted: boolean;
  /** The focused column in this row, -1 when the focus is in another row. */
  focusCol: number;
  selectedLessonId: string | null;
  /** Lesson ids ('period': the period mark) a sync just changed in this row. */
  flash: ReadonlySet<string> | undefined;
  /** Lesson ids ('period') changed elsewhere while typed into here, with what the journal holds. */
  held: ReadonlyMap<string, string> | undefined;
}

const GridRow = memo(function GridRow({ student: s, index: i, lessons, model, period, cells, periodMark, stats, withMarks, weighted, focusCol, selectedLessonId, flash, held }: RowProps) {
  const moved = movedNote(s, period);
  return (
    <tr data-testid="grid-student-row" data-student={s.id} className={moved ? 'moved' : undefined}>
      <th scope="row" className="g-student" title={moved ? `${s.lastName} ${s.firstName}. ${moved.title}` : `${s.lastName} ${s.firstName}`}>
        <span className="g-num">{i + 1}</span>
        <span className="g-name">
          {s.lastName} {s.firstName}
        </span>
        {moved && <span className="g-moved">{moved.short}</span>}
      </th>
      {lessons.map((l, col) => gridCell(model, s, l, cells?.get(l.id), i, col, focusCol === col, l.id === selectedLessonId, flash?.has(l.id) ?? false, held?.get(l.id)))}
      {withMarks && (
        <>
          <td className="g-avg">{formatAverage(stats?.average ?? null)}</td>
          {weighted && <td className="g-plain">{formatAverage(stats?.plainAverage ?? null)}</td>}
          <td className="g-count">{stats?.count ? stats.count : ''}</td>
          <td
            data-testid="grid-period-cell"
            data-student={s.id}
            data-row={i}
            data-col={lessons.length}
            tabIndex={focusCol === lessons.length ? 0 : -1}
            className={['g-final', focusCol === lessons.length ? 'focused' : '', flash?.has('period') ? 'sync-changed' : '', held?.has('period') ? 'sync-held' : ''].filter(Boolean).join(' ')}
            title={held?.has('period') ? heldTitle(held.get('period')!) : undefined}
          >
            {periodMark ?? ''}
          </td>
        </>
      )}
    </tr>
  );
});

function gridCell(model: GridModel, s: Student, l: Lesson, c: CellData | undefined, row: number, col: number, focused: boolean, selected: boolean, flash: boolean, held: string | undefined): ReactElement {
  const classes = ['g-cell'];
  if (model.monthStarts.has(l.id)) classes.push('month-start');
  if (selected) classes.push('selected');
  if (focused) classes.push('focused');
  if (flash) classes.push('sync-changed');
  if (held !== undefined) classes.push('sync-held');
  const common = { 'data-testid': 'grid-cell', 'data-student': s.id, 'data-lesson': l.id, 'data-row': row, 'data-col': col, tabIndex: focused ? 0 : -1 };
  if (!isOnPage(s, l)) {
    // Before arrival or after departure (R-REC-9): greyed, nothing to record.
    classes.push('out');
    return <td key={l.id} {...common} className={classes.join(' ')} />;
  }
  let title: string | undefined;
  if (c && (c.attendance || c.marks.length > 0)) {
    const parts = c.marks.map((m) => (m.workKind ? `${m.value} (${m.workKind})` : m.value));
    if (c.attendance) parts.unshift(ATTENDANCE_TITLE[c.attendance] ?? c.attendance);
    title = parts.join(', ');
  }
  if (held !== undefined) title = [title, heldTitle(held)].filter(Boolean).join('. ');
  return (
    <td key={l.id} {...common} className={classes.join(' ')} title={title}>
      {c?.attendance && <span className={`att ${ATTENDANCE_CLASS[c.attendance] ?? ''}`}>{c.attendance}</span>}
      {c?.marks.map((m) => (
        <span key={m.slot} className={`mark m${m.value}`}>
          {m.value}
        </span>
      ))}
    </td>
  );
}

/** A cell changed on another computer while typed into here. */
function heldTitle(journal: string): string {
  return `Изменено на другом компьютере: там «${journal}». Конфликт решают в разделе «Синхронизация».`;
}

/** ОСВ and Н/А for the focused period cell (digits are typed in the cell itself). */
function PeriodPopover({ student, value, onSet }: { student: Student; value: string | null; onSet(value: string | null, reason?: string): void }) {
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <div className="period-popover" data-testid="period-popover" role="group" aria-label="Отметка за период">
      <span>
        Итог: {student.lastName} {student.firstName} — <b>{value ?? 'нет'}</b>
      </span>
      <button type="button" className="btn small" data-testid="period-osv" onClick={() => onSet('ОСВ')}>
        ОСВ
      </button>
      <button type="button" className="btn small" data-testid="period-na" onClick={() => setAskReason(true)}>
        Н/А
      </button>
      {value && (
        <button type="button" className="btn small" onClick={() => onSet(null)}>
          Стереть
        </button>
      )}
      {askReason && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            onSet('Н/А', reason.trim());
            setAskReason(false);
          }}
        >
          <input data-testid="period-na-reason" placeholder="Причина Н/А" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
          <button type="submit" className="btn small primary">
            Поставить Н/А
          </button>
        </form>
      )}
    </div>
  );
}

function lessonTitle(l: Lesson): string {
  const head = `${formatRuDate(l.date)}, ${l.lessonNo}-й урок`;
  return l.topic ? `${head}: ${l.topic}` : head;
}

/** A student who arrived or left during the period (R-REC-9). */
function movedNote(s: Student, period: JournalPageData['period']): { short: string; title: string } | null {
  const arrived = s.from > period.startsOn ? s.from : null;
  const left = s.to !== null && s.to < period.endsOn ? s.to : null;
  if (!arrived && !left) return null;
  const short = [arrived && `с ${formatDayMonth(arrived)}`, left && `по ${formatDayMonth(left)}`].filter(Boolean).join(' ');
  const title = [arrived && `Прибыл(а) ${formatRuDate(arrived)}`, left && `Выбыл(а) ${formatRuDate(left)}`].filter(Boolean).join('; ');
  return { short, title };
}
