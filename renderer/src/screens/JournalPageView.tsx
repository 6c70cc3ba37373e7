// One journal page: header, period selector, the marks grid (edited from the keyboard by
// the teacher of the page), the selected lesson's record, the cell history and the list
// of lessons with topics and homework; or the page's year sheet with the year marks.
import { useCallback, useMemo, useState } from 'react';
import { EditIssueBar } from '../components/EditIssueBar';
import { CellHistory } from '../components/CellHistory';
import { JournalGrid, type EditIssue, type EditMode, type FocusedCell } from '../components/JournalGrid';
import { LessonPanel } from '../components/LessonPanel';
import { LessonList } from '../components/LessonList';
import { PeriodSelect } from '../components/PeriodSelect';
import { YearSheet } from '../components/YearSheet';
import { ErrorBox, Loading } from '../components/Status';
import { formatRuDate } from '../../../shared/dates';
import { joinParts } from '../format';
import { RemarksPanel } from '../components/control/RemarksPanel';
import { useCall } from '../hooks/useCall';
import { useSyncChanges } from '../hooks/useSyncChanges';
import type { JournalPageData, SessionUser } from '../types';

interface Props {
  assignmentId: string;
  /** Opened on a lesson (from "Сегодня"): the period of its date, its column selected. */
  lessonId?: string;
  date?: string;
  /** Who looks at the page: the deputy writes remarks on it, its teacher answers them (R-ROLE-4). */
  user: SessionUser;
  onRemarksChanged?(): void;
  onBack(): void;
}

export function JournalPageView({ assignmentId, lessonId, date, user, onRemarksChanged, onBack }: Props) {
  // null: the period under way today (or on the lesson's date; the service decides).
  const [periodId, setPeriodId] = useState<string | null>(null);
  const [yearView, setYearView] = useState(false);
  const page = useCall('journal.page', periodId ? { assignmentId, periodId } : date ? { assignmentId, date } : { assignmentId });

  // The toolbar keeps the last page shown while another period loads (the select keeps focus).
  const shown = page.value ?? page.stale;
  // A page without lessons yet is read again when a sync brings changes (the grid of a page
  // with lessons follows the sync itself, keeping what is being typed).
  useSyncChanges(page.reload, page.status === 'ok' && page.value.lessons.length === 0);

  return (
    <div data-testid="journal-page" className="journal-page">
      <div className="page-toolbar">
        <button type="button" className="btn" onClick={onBack}>
          ← Назад
        </button>
        {shown && <PageTitle page={shown} />}
        {shown && !yearView && <PeriodSelect periods={shown.periods} value={periodId ?? shown.period.id} onChange={setPeriodId} />}
        {shown && (
          <button type="button" className="btn" data-testid="year-view" aria-pressed={yearView} onClick={() => setYearView((v) => !v)}>
            {yearView ? 'К странице периода' : 'Итоги года'}
          </button>
        )}
      </div>
      {shown && <RemarksPanel assignmentId={assignmentId} teacherId={shown.assignment.teacherId} user={user} onChanged={onRemarksChanged} />}
      {yearView ? (
        <YearSheet assignmentId={assignmentId} />
      ) : (
        <>
          {page.status === 'loading' && <Loading text="Загрузка страницы журнала…" />}
          {page.status === 'error' && <ErrorBox message={page.error} onRetry={page.reload} />}
          {page.status === 'ok' && <PageBody key={page.value.period.id} page={page.value} initialLessonId={lessonId ?? null} />}
        </>
      )}
    </div>
  );
}

function PageTitle({ page }: { page: JournalPageData }) {
  const a = page.assignment;
  return (
    <h1 className="page-title">
      {joinParts(a.className, a.subjectName, a.subgroupName, `учитель ${a.teacherName}`)}
    </h1>
  );
}

type Lesson = JournalPageData['lessons'][number];

function editMode(page: JournalPageData): EditMode {
  if (page.canEdit) return 'full';
  if (page.canEditReasons) return 'reasons';
  return 'none';
}

/** The kind of work already used in a lesson's marks, else «У» (устный ответ). */
function defaultKind(page: JournalPageData, lessonId: string): string | null {
  const code = page.marks.find((m) => m.lessonId === lessonId && m.workKind)?.workKind ?? 'У';
  return page.workKinds.find((w) => w.code === code)?.id ?? page.workKinds[0]?.id ?? null;
}

function PageBody({ page, initialLessonId }: { page: JournalPageData; initialLessonId: string | null }) {
  const { period } = page;
  const mode = editMode(page);
  const [selected, setSelected] = useState<string | null>(() =>
    initialLessonId && page.lessons.some((l) => l.id === initialLessonId) ? initialLessonId : null,
  );
  const [issue, setIssue] = useState<EditIssue | null>(null);
  const [history, setHistory] = useState<FocusedCell | null>(null);
  const [lessons, setLessons] = useState<readonly Lesson[]>(page.lessons);
  const [kinds, setKinds] = useState<ReadonlyMap<string, string>>(() => new Map());

  const kindFor = useCallback((lessonId: string) => kinds.get(lessonId) ?? defaultKind(page, lessonId), [kinds, page]);
  // The kinds chosen here show in the columns' headers at once (codes, as the marks carry them).
  const chosenKinds = useMemo(() => {
    const codes = new Map<string, string>();
    for (const [lessonId, id] of kinds) {
      const code = page.workKinds.find((w) => w.id === id)?.code;
      if (code) codes.set(lessonId, code);
    }
    return codes;
  }, [kinds, page.workKinds]);
  const onIssue = useCallback((i: EditIssue | null) => setIssue(i), []);
  const onHistory = useCallback((c: FocusedCell) => setHistory(c), []);
  const onRefreshed = useCallback((fresh: JournalPageData) => setLessons(fresh.lessons), []);
  const selectedLesson = lessons.find((l) => l.id === selected) ?? null;

  return (
    <>
      <p className="page-period muted">
        {period.name}: {formatRuDate(period.startsOn)} — {formatRuDate(period.endsOn)} · учеников: {page.students.length} · уроков: {page.lessons.length}
        {mode === 'reasons' && ' · классный руководитель: можно изменить причину отсутствия (Н, У, Б)'}
        {mode === 'none' && ' · только просмотр'}
      </p>
      {/* R-ROLE-6: a year closed by the director's order is read-only. */}
      {page.readOnlyNote && <p className="status info" data-testid="year-closed-note">{page.readOnlyNote}</p>}
      {/* R-REC-5: grade 1 is taught without marks. */}
      {!page.marksAllowed && <p className="status info">В 1 классе отметки не ставятся (безотметочное обучение).</p>}
      {selectedLesson && (
        <LessonPanel
          key={selectedLesson.id}
          lesson={selectedLesson}
          page={page}
          editable={mode === 'full'}
          workKindId={kindFor(selectedLesson.id)}
          onWorkKind={(id) => setKinds((m) => new Map(m).set(selectedLesson.id, id))}
          onSaved={(l) => setLessons((all) => all.map((x) => (x.id === l.id ? l : x)))}
          onIssue={onIssue}
          onClose={() => setSelected(null)}
        />
      )}
      <EditIssueBar issue={issue} onClose={() => setIssue(null)} onReplace={setIssue} />
      {page.lessons.length === 0 ? (
        <p className="empty">В этом периоде на странице нет проведённых уроков.</p>
      ) : (
        <div className={history ? 'grid-and-side' : undefined}>
          <JournalGrid page={page} mode={mode} selectedLessonId={selected} onSelectLesson={setSelected} workKindFor={kindFor} chosenKinds={chosenKinds} onIssue={onIssue} onHistory={onHistory} onRefreshed={onRefreshed} />
          {history && <CellHistory cell={history} page={page} onClose={() => setHistory(null)} />}
        </div>
      )}
      {lessons.length > 0 && <LessonList lessons={lessons} showHomework={page.marksAllowed || lessons.some((l) => l.homework)} />}
    </>
  );
}
