// «Мои заявки» (R-TIME-3): a teacher's own correction requests with their status — waiting,
// approved, rejected (with the deputy's note), withdrawn — and «Отозвать» for a request
// still waiting. The service checks again that only the author withdraws, and only while pending.
import { useState } from 'react';
import { formatRuDate } from '../../../shared/dates';
import { call, errorMessage } from '../api';
import { describeRequest, REQUEST_STATUS, requestPlace, type CorrectionRequest, type RequestStatus } from '../components/control/correction-format';
import { formatDateTime } from '../components/control/control-model';
import { ErrorBox, Loading } from '../components/Status';
import { useCall } from '../hooks/useCall';
import '../control.css';

type Filter = 'all' | RequestStatus;

const FILTERS: readonly (readonly [Filter, string])[] = [
  ['all', 'Все'],
  ['pending', 'Ждут решения'],
  ['approved', 'Согласованы'],
  ['rejected', 'Отклонены'],
  ['withdrawn', 'Отозваны'],
];

export function MyRequestsScreen({ onOpenPage }: { onOpenPage(assignmentId: string, date?: string): void }) {
  const list = useCall('correction.list', { mine: true }, { followSync: true });
  const [filter, setFilter] = useState<Filter>('all');
  const [done, setDone] = useState<string | null>(null);
  const all: readonly CorrectionRequest[] = list.value ?? list.stale ?? [];
  const shown = filter === 'all' ? all : all.filter((r) => r.status === filter);
  const count = (f: Filter) => (f === 'all' ? all.length : all.filter((r) => r.status === f).length);

  return (
    <section className="panel my-requests" aria-labelledby="my-requests-title">
      <div className="panel-head">
        <h1 id="my-requests-title">Мои заявки</h1>
        <p className="muted">Заявки на исправление записей после срока. Пока заявка ждёт решения, её можно отозвать.</p>
      </div>
      <div className="tabs" role="tablist" aria-label="Состояние заявок">
        {FILTERS.map(([f, label]) => (
          <button key={f} type="button" role="tab" data-testid={`my-requests-filter-${f}`} aria-selected={filter === f} className={filter === f ? 'tab active' : 'tab'} onClick={() => setFilter(f)}>
            {label} ({count(f)})
          </button>
        ))}
      </div>
      {done && (
        <p className="status ok" role="status" data-testid="my-requests-done">
          {done}
        </p>
      )}
      {list.status === 'loading' && !list.stale && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {(list.status === 'ok' || list.stale) && shown.length === 0 && (
        <p className="empty" data-testid="my-requests-empty">
          {all.length === 0 ? 'Вы не подавали заявок на исправление.' : 'Нет заявок в этом состоянии.'}
        </p>
      )}
      {shown.length > 0 && (
        <table className="table compact my-requests-table" data-testid="my-requests-table">
          <thead>
            <tr>
              <th>Подана</th>
              <th>Класс, предмет, урок</th>
              <th>Ученик</th>
              <th>Изменение (было → стало)</th>
              <th>Причина</th>
              <th>Состояние</th>
              <th aria-label="Действия" />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <RequestRow
                key={r.id}
                request={r}
                onOpenPage={onOpenPage}
                onWithdrawn={(text) => {
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

function RequestRow({ request: r, onOpenPage, onWithdrawn }: { request: CorrectionRequest; onOpenPage(assignmentId: string, date?: string): void; onWithdrawn(text: string): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withdraw = () => {
    setBusy(true);
    setError(null);
    call('correction.withdraw', { requestId: r.id }).then(
      () => onWithdrawn(`Заявка отозвана: ${describeRequest(r)}.`),
      (err: unknown) => {
        setBusy(false);
        setConfirming(false);
        setError(errorMessage(err));
      },
    );
  };
  const page = r.assignmentId;
  return (
    <tr data-testid="my-request-row" data-request={r.id} data-status={r.status}>
      <td className="nowrap">{formatRuDate(r.requestedAt.slice(0, 10))}</td>
      <td>
        {page ? (
          <button type="button" className="link" title="Открыть страницу журнала" onClick={() => onOpenPage(page, r.context.lessonDate ?? undefined)}>
            {requestPlace(r)}
          </button>
        ) : (
          requestPlace(r)
        )}
      </td>
      <td>{r.context.student ?? '—'}</td>
      <td data-testid="my-request-change">{describeRequest(r)}</td>
      <td>{r.reason}</td>
      <td data-testid="my-request-status">
        <span className={`request-status ${r.status}`}>{REQUEST_STATUS[r.status]}</span>
        {r.decidedBy && (
          <div className="muted small-text">
            {r.decidedBy}
            {r.decidedAt ? `, ${formatDateTime(r.decidedAt)}` : ''}
          </div>
        )}
        {r.decisionNote && <div className="small-text">«{r.decisionNote}»</div>}
      </td>
      <td className="request-actions">
        {r.status === 'pending' && !confirming && (
          <button type="button" data-testid="my-request-withdraw" className="btn small" disabled={busy} onClick={() => setConfirming(true)}>
            Отозвать
          </button>
        )}
        {r.status === 'pending' && confirming && (
          <span className="confirm-inline">
            <span>Отозвать заявку?</span>
            <button type="button" data-testid="my-request-withdraw-confirm" className="btn small primary" disabled={busy} onClick={withdraw}>
              Да, отозвать
            </button>
            <button type="button" className="btn small" disabled={busy} onClick={() => setConfirming(false)}>
              Нет
            </button>
          </span>
        )}
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
