// The marks grid of a journal page: students × lessons, then the average, the number of
// marks and the period mark. A plain table (one <td> per cell, no component per cell), so
// a 35 × 80 page renders at once; the first column and the header row stay in place
// while the grid scrolls. Read-only here; cells carry data-student/data-lesson so the
// editing grid can address them.
import { memo, useMemo, type ReactElement } from 'react';
import { formatRuDate } from '../../../shared/dates';
import { formatAverage, formatDayMonth } from '../format';
import type { JournalPageData } from '../types';
import { ATTENDANCE_CLASS, ATTENDANCE_TITLE, buildGridModel, cellKey, isOnPage, type GridModel } from './journal-grid-model';

type Student = JournalPageData['students'][number];
type Lesson = JournalPageData['lessons'][number];

export const JournalGrid = memo(function JournalGrid({ page }: { page: JournalPageData }) {
  const model = useMemo(() => buildGridModel(page), [page]);
  const { lessons, students, period } = page;
  // R-REC-5: no marks in grade 1 — only attendance, and no average or period mark columns.
  const withMarks = page.marksAllowed;

  return (
    <div className="grid-scroll" role="region" aria-label="Отметки и посещаемость" tabIndex={0}>
      <table data-testid="journal-grid" className={withMarks ? 'journal-grid' : 'journal-grid no-marks'}>
        <thead>
          <tr>
            <th scope="col" className="g-student">
              Ученик
            </th>
            {lessons.map((l) => (
              <th key={l.id} scope="col" className={model.monthStarts.has(l.id) ? 'g-lesson month-start' : 'g-lesson'} title={lessonTitle(l)}>
                <span className="g-date">{formatDayMonth(l.date)}</span>
                {withMarks && <span className="g-kinds">{model.kindsByLesson.get(l.id)?.join(' ') || '\u00a0'}</span>}
              </th>
            ))}
            {withMarks && (
              <>
                <th scope="col" className="g-avg" title="Средний балл (с учётом весов видов работ)">
                  Ср.
                </th>
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
          {students.map((s, i) => {
            const moved = movedNote(s, period);
            const stats = model.statsByStudent.get(s.id);
            return (
              <tr key={s.id} data-testid="grid-student-row" data-student={s.id} className={moved ? 'moved' : undefined}>
                <th scope="row" className="g-student" title={moved ? `${s.lastName} ${s.firstName}. ${moved.title}` : `${s.lastName} ${s.firstName}`}>
                  <span className="g-num">{i + 1}</span>
                  <span className="g-name">
                    {s.lastName} {s.firstName}
                  </span>
                  {moved && <span className="g-moved">{moved.short}</span>}
                </th>
                {lessons.map((l) => gridCell(model, s, l))}
                {withMarks && (
                  <>
                    <td className="g-avg">{formatAverage(stats?.average ?? null)}</td>
                    <td className="g-count">{stats?.count ? stats.count : ''}</td>
                    <td className="g-final">{model.periodMarkByStudent.get(s.id) ?? ''}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {students.length === 0 && <p className="empty">На странице нет учеников.</p>}
    </div>
  );
});

function gridCell(model: GridModel, s: Student, l: Lesson): ReactElement {
  const classes = ['g-cell'];
  if (model.monthStarts.has(l.id)) classes.push('month-start');
  if (!isOnPage(s, l)) {
    // Before arrival or after departure (R-REC-9): greyed, nothing to record.
    classes.push('out');
    return <td key={l.id} data-testid="grid-cell" data-student={s.id} data-lesson={l.id} className={classes.join(' ')} />;
  }
  const c = model.cells.get(cellKey(s.id, l.id));
  let title: string | undefined;
  if (c) {
    const parts = c.marks.map((m) => (m.workKind ? `${m.value} (${m.workKind})` : m.value));
    if (c.attendance) parts.unshift(ATTENDANCE_TITLE[c.attendance] ?? c.attendance);
    title = parts.join(', ');
  }
  return (
    <td key={l.id} data-testid="grid-cell" data-student={s.id} data-lesson={l.id} className={classes.join(' ')} title={title}>
      {c?.attendance && <span className={`att ${ATTENDANCE_CLASS[c.attendance] ?? ''}`}>{c.attendance}</span>}
      {c?.marks.map((m) => (
        <span key={m.slot} className={`mark m${m.value}`}>
          {m.value}
        </span>
      ))}
    </td>
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
