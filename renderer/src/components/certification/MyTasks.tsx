// «Мои задачи»: the person's to-do list of the certification for the day (R-PRINT-2), late
// ones first. Simple steps are done right here; the others open their screen.
import { useState } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import { ErrorBox, FormError, Loading } from '../Status';
import type { Task } from './cert-model';
import '../../certification.css';

interface Props {
  /** Opens the day-1 check of a class × subject. */
  onOpenCheck(campaignId: string, assignmentId: string): void;
  /** Opens a class of the dashboard (deputy, director, secretary); absent for teachers. */
  onOpenClass?(campaignId: string, classId: string): void;
  /** As a panel of its own that is left out while there is nothing to do (the teacher's home). */
  panel?: boolean;
}

/** A task as the list follows it between reads. */
const taskId = (t: Task): string => `${t.kind}|${t.campaignId}|${t.classId ?? ''}|${t.assignmentId ?? ''}`;

export function MyTasks({ onOpenCheck, onOpenClass, panel }: Props) {
  // Follows the sync: steps taken on other computers show within a cycle, highlighted (issue 17, point 10).
  const tasks = useCall('campaign.myTasks', {}, { followSync: true, items: (v) => v.tasks.map((t) => ({ ...t, id: taskId(t) })) });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      tasks.reload();
    }
  };

  const action = (t: Task) => {
    switch (t.kind) {
      case 'confirmMarks':
        return (
          <button type="button" className="btn small primary" data-testid="task-open-check" onClick={() => onOpenCheck(t.campaignId, t.assignmentId!)}>
            Проверить отметки
          </button>
        );
      case 'sign':
        return (
          <button type="button" className="btn small primary" data-testid="task-sign" disabled={busy}
            onClick={() => void act(() => call('campaign.recordSignature', { campaignId: t.campaignId, assignmentIds: [t.assignmentId!] }))}>
            Листы подписаны
          </button>
        );
      case 'certifyTitle':
        return (
          <button type="button" className="btn small primary" data-testid="task-certify-title" disabled={busy}
            onClick={() => void act(() => call('campaign.certifyTitle', { campaignId: t.campaignId, classId: t.classId! }))}>
            Титульный лист заверен
          </button>
        );
      case 'directorSign':
        return (
          <button type="button" className="btn small primary" data-testid="task-director-sign" disabled={busy}
            onClick={() => void act(() => call('campaign.directorSign', { campaignId: t.campaignId, classId: t.classId! }))}>
            Подписано директором
          </button>
        );
      default:
        return onOpenClass && t.classId ? (
          <button type="button" className="btn small" data-testid="task-open-class" onClick={() => onOpenClass(t.campaignId, t.classId!)}>
            Открыть
          </button>
        ) : null;
    }
  };

  if (panel && (tasks.status !== 'ok' || tasks.value.tasks.length === 0) && !error) return null;
  return (
    <div className={panel ? 'panel cert-tasks' : 'cert-tasks'} data-testid="my-tasks">
      <h2>Мои задачи по аттестации</h2>
      {tasks.status === 'loading' && <Loading />}
      {tasks.status === 'error' && <ErrorBox message={tasks.error} onRetry={tasks.reload} />}
      <FormError error={error} />
      {tasks.status === 'ok' && tasks.value.tasks.length === 0 && <p className="muted" data-testid="tasks-empty">Задач по аттестации на сегодня нет.</p>}
      {tasks.status === 'ok' && tasks.value.tasks.length > 0 && (
        <ul className="cert-task-list">
          {tasks.value.tasks.map((t, i) => (
            <li key={`${t.kind}|${t.classId ?? ''}|${t.assignmentId ?? ''}|${i}`} className={['cert-task', t.late ? 'late' : '', tasks.changed.has(taskId(t)) ? 'sync-changed' : ''].filter(Boolean).join(' ')} data-testid="task" data-kind={t.kind}>
              <span className="cert-task-day">{`День ${t.day}`}</span>
              <span className="cert-task-text">{t.text}</span>
              <span className={t.late ? 'badge bad' : 'badge'}>{t.late ? `просрочено (${formatRuDate(t.dueOn)})` : `до ${formatRuDate(t.dueOn)}`}</span>
              {action(t)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
