// "Заявки на исправление" (R-TIME-3): the deputy sees the pending correction requests and
// approves them (the change is then written, with the request in its history) or rejects
// them with a note.
import { useState } from 'react';
import { call, errorMessage } from '../api';
import { ErrorBox, Loading } from '../components/Status';
import { formatRuDate } from '../../../shared/dates';
import { useCall } from '../hooks/useCall';
import type { ResultOf } from '../../../service/api';

type Request = ResultOf<'correction.list'>[number];

const METHOD_NAMES: Readonly<Record<string, string>> = {
  'journal.setMark': 'Отметка',
  'journal.setAttendance': 'Посещаемость',
  'journal.setLesson': 'Запись урока',
  'journal.setPeriodMark': 'Отметка за период',
};

/** «Отметка: 3 → 5», «Запись урока: тема «—» → «Дроби»; домашнее задание …». */
function describe(r: Request): string {
  const what = METHOD_NAMES[r.change.method] ?? 'Изменение';
  const values = r.context.values.map((v) => `${r.context.values.length > 1 || r.change.method === 'journal.setLesson' ? `${v.field} ` : ''}${v.from} → ${v.to}`);
  return `${what}: ${values.join('; ')}`;
}

/** «7Б, математика, урок 12.11.2026 (2-й)» or «7Б, математика, 1 четверть». */
function where(r: Request): string {
  const c = r.context;
  const when = c.lessonDate ? `урок ${formatRuDate(c.lessonDate)}${c.lessonNo ? ` (${c.lessonNo}-й)` : ''}` : c.period ?? '';
  return [c.className, c.subject?.toLocaleLowerCase('ru'), when].filter(Boolean).join(', ');
}

export function CorrectionsScreen() {
  const list = useCall('correction.list', { status: 'pending' });
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
                onDecided={(text) => {
                  setDone(text);
                  list.reload();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CorrectionRow({ request: r, onDecided }: { request: Request; onDecided(text: string): void }) {
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
    <tr data-testid="correction-row" data-request={r.id}>
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
        <input data-testid="correction-note" placeholder="Комментарий (для отклонения — обязательно)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
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
