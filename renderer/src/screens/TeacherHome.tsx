// "Сегодня": the teacher's lessons on a day (←/→ and back to today) and their journal pages.
import { useState } from 'react';
import { addDays } from '../../../shared/dates';
import { call, errorMessage } from '../api';
import { DayLessons } from '../components/DayLessons';
import { MyPages } from '../components/MyPages';
import { MyTasks } from '../components/certification/MyTasks';
import { ErrorBox, Loading } from '../components/Status';
import { formatLongDate } from '../format';
import { useCall } from '../hooks/useCall';
import type { DayLesson } from '../types';

interface Props {
  onOpenPage(assignmentId: string): void;
  onOpenLesson(assignmentId: string, lessonId: string, date: string): void;
  /** Opens the day-1 check of the certification for a class × subject (R-PRINT-2). */
  onOpenCheck(campaignId: string, assignmentId: string): void;
}

export function TeacherHome({ onOpenPage, onOpenLesson, onOpenCheck }: Props) {
  // null: the service's today (its clock decides, so the preview's fixed date applies too).
  const [date, setDate] = useState<string | null>(null);
  const day = useCall('timetable.day', date ? { date } : {});
  const shown = date ?? day.value?.date ?? null;
  const [openError, setOpenError] = useState<string | null>(null);

  // A lesson without a record yet is opened first (journal.openLesson creates it).
  const openLesson = (l: DayLesson, on: string) => {
    setOpenError(null);
    if (l.lessonId) return onOpenLesson(l.assignmentId, l.lessonId, on);
    call('journal.openLesson', { assignmentId: l.assignmentId, date: on, lessonNo: l.lessonNo }).then(
      (r) => onOpenLesson(l.assignmentId, r.lessonId, on),
      (err: unknown) => setOpenError(errorMessage(err)),
    );
  };

  return (
    <div className="home">
      <section className="panel day-panel" aria-labelledby="day-title">
        <div className="panel-head">
          <h1 id="day-title" className="day-title">
            {shown ? formatLongDate(shown) : 'Сегодня'}
          </h1>
          <div className="day-nav">
            <button data-testid="day-prev" type="button" className="btn" aria-label="Предыдущий день" title="Предыдущий день" disabled={!shown} onClick={() => shown && setDate(addDays(shown, -1))}>
              ←
            </button>
            <button data-testid="day-today" type="button" className="btn" onClick={() => setDate(null)}>
              Сегодня
            </button>
            <button data-testid="day-next" type="button" className="btn" aria-label="Следующий день" title="Следующий день" disabled={!shown} onClick={() => shown && setDate(addDays(shown, 1))}>
              →
            </button>
          </div>
        </div>
        {day.status === 'loading' && <Loading />}
        {day.status === 'error' && <ErrorBox message={day.error} onRetry={day.reload} />}
        {openError && <ErrorBox message={openError} />}
        {day.status === 'ok' && <DayLessons day={day.value} onOpenLesson={(l) => openLesson(l, day.value.date)} />}
      </section>
      <MyTasks onOpenCheck={onOpenCheck} panel />
      <section className="panel pages-panel" aria-labelledby="my-pages-title">
        <h2 id="my-pages-title">Мои страницы журнала</h2>
        <MyPages onOpenPage={onOpenPage} />
      </section>
    </div>
  );
}
