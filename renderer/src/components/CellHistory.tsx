// The history of one cell (the student's marks and attendance in a lesson), or of the
// lesson's record: when, who, what was → what became, and why.
import { formatRuDate } from '../../../shared/dates';
import { describeEntry } from '../history-format';
import { useCall } from '../hooks/useCall';
import { formatDateTime } from './control/control-model';
import type { JournalPageData } from '../types';
import type { FocusedCell } from './JournalGrid';
import { ErrorBox, Loading } from './Status';

export function CellHistory({ cell, page, onClose }: { cell: FocusedCell; page: JournalPageData; onClose(): void }) {
  const args = cell.lessonId ? { lessonId: cell.lessonId, studentId: cell.studentId } : null;
  const history = useCall('journal.history', args);
  const student = page.students.find((s) => s.id === cell.studentId);
  const lesson = page.lessons.find((l) => l.id === cell.lessonId);
  return (
    <aside data-testid="cell-history" className="cell-history panel" aria-label="История клетки">
      <div className="lesson-panel-head">
        <h2>История</h2>
        <button type="button" className="btn small" onClick={onClose} aria-label="Закрыть историю">
          ×
        </button>
      </div>
      <p className="muted">
        {student ? `${student.lastName} ${student.firstName}` : ''}
        {lesson ? `, урок ${formatRuDate(lesson.date)}` : ''}
      </p>
      {!args && <p className="muted">История отметки за период пока не показывается.</p>}
      {args && history.status === 'loading' && <Loading />}
      {args && history.status === 'error' && <ErrorBox message={history.error} onRetry={history.reload} />}
      {history.status === 'ok' && history.value.length === 0 && <p className="muted">Изменений нет.</p>}
      {history.status === 'ok' && history.value.length > 0 && (
        <ol className="history-list">
          {history.value.map((h, i) => (
            <li key={h.hlc || i} data-testid="history-entry">
              <div className="history-when">
                {formatDateTime(h.at)} · {h.author ?? 'программа'}
              </div>
              <div>
                {describeEntry(h)}
              </div>
              {h.reason && <div className="muted">Причина: {h.reason}</div>}
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="btn small" onClick={history.reload} disabled={!args}>
        Обновить
      </button>
    </aside>
  );
}
