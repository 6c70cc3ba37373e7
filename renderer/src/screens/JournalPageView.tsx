// One journal page (read-only for now): header, period selector, the marks grid and the
// list of lessons with topics and homework.
import { useState } from 'react';
import { JournalGrid } from '../components/JournalGrid';
import { LessonList } from '../components/LessonList';
import { PeriodSelect } from '../components/PeriodSelect';
import { ErrorBox, Loading } from '../components/Status';
import { formatRuDate } from '../../../shared/dates';
import { joinParts } from '../format';
import { useCall } from '../hooks/useCall';
import type { JournalPageData } from '../types';

interface Props {
  assignmentId: string;
  onBack(): void;
}

export function JournalPageView({ assignmentId, onBack }: Props) {
  // null: the period under way today (the service decides).
  const [periodId, setPeriodId] = useState<string | null>(null);
  const page = useCall('journal.page', periodId ? { assignmentId, periodId } : { assignmentId });

  // The toolbar keeps the last page shown while another period loads (the select keeps focus).
  const shown = page.value ?? page.stale;

  return (
    <div data-testid="journal-page" className="journal-page">
      <div className="page-toolbar">
        <button type="button" className="btn" onClick={onBack}>
          ← Назад
        </button>
        {shown && <PageTitle page={shown} />}
        {shown && <PeriodSelect periods={shown.periods} value={periodId ?? shown.period.id} onChange={setPeriodId} />}
      </div>
      {page.status === 'loading' && <Loading text="Загрузка страницы журнала…" />}
      {page.status === 'error' && <ErrorBox message={page.error} onRetry={page.reload} />}
      {page.status === 'ok' && <PageBody page={page.value} />}
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

function PageBody({ page }: { page: JournalPageData }) {
  const { period } = page;
  return (
    <>
      <p className="page-period muted">
        {period.name}: {formatRuDate(period.startsOn)} — {formatRuDate(period.endsOn)} · учеников: {page.students.length} · уроков: {page.lessons.length}
      </p>
      {/* R-REC-5: grade 1 is taught without marks. */}
      {!page.marksAllowed && <p className="status info">В 1 классе отметки не ставятся (безотметочное обучение).</p>}
      {page.lessons.length === 0 ? (
        <p className="empty">В этом периоде на странице нет проведённых уроков.</p>
      ) : (
        <JournalGrid page={page} />
      )}
      {page.lessons.length > 0 && <LessonList lessons={page.lessons} showHomework={page.marksAllowed || page.lessons.some((l) => l.homework)} />}
    </>
  );
}
