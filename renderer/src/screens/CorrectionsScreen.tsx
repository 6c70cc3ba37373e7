// "Заявки на исправление" (R-TIME-3): the deputy sees the pending correction requests and
// approves them (the change is then written, with the request in its history) or rejects
// them with a note.
import { useState } from 'react';
import { call, errorMessage } from '../api';
import { ErrorBox, Loading } from '../components/Status';
import { formatRuDate } from '../../../shared/dates';
import { useCall } from '../hooks/useCall';
import { describeRequest as describe, requestPlace as where, type CorrectionRequest as Request } from '../components/control/correction-format';

/** `onDecided`: a request was decided (the menu's count of waiting requests is read again). */
export function CorrectionsScreen({ onDecided }: { onDecided?(): void }) {
  // Follows the sync: requests filed on other computers show within a cycle, highlighted (issue 17, point 10).
  const list = useCall('correction.list', { status: 'pending' }, { followSync: true, items: (v) => v });
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="panel corrections" aria-labelledby="corrections-title">
      <h1 id="corrections-title">Заявки на исправление</h1>
      {/* R-TIME-3 */}
      <p className="muted">Исправления после срока вносятся только с согласия заместителя директора.</p>
      {done && (
        <p className="status ok" role="status" data-testid="correction-done">
          {done}
        </p>
      )}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && list.value.length === 0 && <p className="empty">Нет заявок, ожидающих решения.</p>}
      {list.status === 'ok' && list.value.length > 0 && (
        <table className="table corrections-table" data-testid="corrections-table">
          <thead>
            <tr>
              <th>Подана</th>
              <th>Учитель</th>
              <th>Класс, предмет, урок</th>
              <th>Ученик</th>
              <th>Изменение (было → стало)</th>
              <th>Причина</th>
              <th>Решение</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((r) => (
              <CorrectionRow
                key={r.id}
                request={r}
                changed={list.changed.has(r.id)}
                onDecided={(text) => {
                  setDone(text);
                  list.reload();
                  onDecided?.();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CorrectionRow({ request: r, changed, onDecided }: { request: Request; changed: boolean; onDecided(text: string): void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = (approve: boolean) => {
    if (!approve && !note.trim()) {
      setError('Укажите, почему заявка отклонена.');
      return;
    }
    setBusy(true);
    setError(null);
    call('correction.decide', { requestId: r.id, approve, note: note.trim() }).then(
      () => onDecided(approve ? `Заявка согласована: ${describe(r)}.` : `Заявка отклонена: ${describe(r)}.`),
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return (
    <tr data-testid="correction-row" data-request={r.id} className={changed ? 'sync-changed' : undefined}>
      <td className="nowrap">{formatRuDate(r.requestedAt.slice(0, 10))}</td>
      <td data-testid="correction-teacher">
        {r.requestedBy}
        {r.context.teacher && r.context.teacher !== r.requestedBy && <div className="muted">страница: {r.context.teacher}</div>}
      </td>
      <td data-testid="correction-where">{where(r)}</td>
      <td data-testid="correction-student">{r.context.student ?? '—'}</td>
      <td data-testid="correction-change">{describe(r)}</td>
      <td>{r.reason}</td>
      <td className="correction-actions">
        <input data-testid="correction-note" placeholder="Комментарий (для отказа обязателен)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        <button type="button" data-testid="correction-approve" className="btn small primary" disabled={busy} onClick={() => decide(true)}>
          Согласовать
        </button>
        <button type="button" data-testid="correction-reject" className="btn small" disabled={busy} onClick={() => decide(false)}>
          Отклонить
        </button>
        {error && (
          <span className="correction-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
