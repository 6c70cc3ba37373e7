// Day 1 of the certification (R-PRINT-2, 004 §4.1): the subject teacher checks the period
// marks of a class × subject — what is missing first, then what is doubtful — and confirms
// them. After the confirmation a change is a correction request (R-TIME-3).
import { useState } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { ApiError, call, errorMessage } from '../../api';
import { endSentence, formatAverage } from '../../format';
import { dateTime } from '../../components/certification/cert-model';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../certification.css';

interface Props {
  campaignId: string;
  assignmentId: string;
  onBack(): void;
  onOpenPage(assignmentId: string): void;
}

const KIND: Record<string, string> = {
  missing: 'нет отметки за период',
  naNoReason: '«Н/А» без причины',
  fewMarks: 'мало текущих отметок',
  farFromAverage: 'далеко от среднего',
};

export function MarkCheckScreen({ campaignId, assignmentId, onBack, onOpenPage }: Props) {
  const check = useCall('campaign.checkMarks', { campaignId, assignmentId });
  const [error, setError] = useState<string | null>(null);
  const [askDoubts, setAskDoubts] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async (acceptDoubts: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await call('campaign.confirmMarks', { campaignId, assignmentId, acceptDoubts });
      setAskDoubts(null);
      check.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NEEDS_CONFIRMATION') setAskDoubts(err.message);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel cert-check" aria-labelledby="cert-check-title" data-testid="mark-check">
      <div className="panel-head">
        <button type="button" className="btn" onClick={onBack}>
          ← Назад
        </button>
        <h1 id="cert-check-title">Проверка отметок за период (день 1)</h1>
      </div>
      {check.status === 'loading' && <Loading />}
      {check.status === 'error' && <ErrorBox message={check.error} onRetry={check.reload} />}
      {check.status === 'ok' && (
        <>
          <p>
            <strong>{`${check.value.className}, ${check.value.subjectName}${check.value.subgroupName ? ` (${check.value.subgroupName})` : ''}`}</strong>
            {` — ${endSentence(`${check.value.campaign.periodName} ${check.value.campaign.yearName}, учитель ${check.value.teacherName}`)} `}
            {`Учеников: ${check.value.students}, с отметкой за период: ${check.value.withPeriodMark}; нужно не меньше ${check.value.minMarks} текущих отметок.`}
          </p>
          {check.value.confirmedAt ? (
            <p className="banner ok" data-testid="check-confirmed" role="status">
              {`Отметки подтверждены ${dateTime(check.value.confirmedAt)} (${check.value.confirmedBy ?? ''}). Изменение теперь — только по заявке на исправление.`}
            </p>
          ) : check.value.issues.length === 0 ? (
            <p className="banner ok" data-testid="check-clean">Замечаний нет: у всех учеников есть отметка за период, сомнительных отметок нет.</p>
          ) : (
            <p className={check.value.blocking ? 'banner warn' : 'banner'} data-testid="check-summary">
              {`Не хватает: ${check.value.blocking}; сомнительных: ${check.value.doubtful}.`}
              {check.value.blocking ? ' Исправьте недостающее в журнале (после срока — по заявке на исправление), затем подтвердите.' : ''}
            </p>
          )}
          {check.value.issues.length > 0 && (
            <table className="table compact" data-testid="check-issues">
              <thead>
                <tr>
                  <th>Ученик</th>
                  <th>Что не так</th>
                  <th>За период</th>
                  <th>Текущих</th>
                  <th>{check.value.weighted ? 'Средний взвеш.' : 'Средний'}</th>
                  {check.value.weighted && <th data-testid="check-plain-average">Средний без весов</th>}
                  <th>Пояснение</th>
                </tr>
              </thead>
              <tbody>
                {check.value.issues.map((i) => (
                  <tr key={`${i.studentId}|${i.kind}`} className={`cert-issue ${i.severity}`} data-testid="check-issue" data-kind={i.kind}>
                    <td>{i.studentName}</td>
                    <td>{KIND[i.kind] ?? i.kind}</td>
                    <td>{i.periodMark ?? '—'}</td>
                    <td>{i.marks}</td>
                    <td>{i.average === null ? '—' : formatAverage(i.average)}</td>
                    {check.value.weighted && <td>{i.plainAverage === null ? '—' : formatAverage(i.plainAverage)}</td>}
                    <td>{i.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="cert-actions">
            <button type="button" className="btn" onClick={() => onOpenPage(assignmentId)}>
              Открыть страницу журнала
            </button>
            {check.value.canConfirm && (
              <button type="button" className="btn primary" data-testid="check-confirm" disabled={busy} onClick={() => void confirm(false)}>
                Подтвердить отметки за период
              </button>
            )}
            <FormError error={error} />
          </div>
          {askDoubts && (
            <div className="banner warn" role="alertdialog" data-testid="check-doubts">
              <p>{askDoubts}</p>
              <button type="button" className="btn primary" data-testid="check-confirm-doubts" disabled={busy} onClick={() => void confirm(true)}>
                Да, подтвердить
              </button>{' '}
              <button type="button" className="btn" onClick={() => setAskDoubts(null)}>
                Нет, исправлю
              </button>
            </div>
          )}
          <p className="muted small-text">{`Пять дней аттестации: ${check.value.campaign.days.map((d, n) => `${n + 1} — ${formatRuDate(d)}`).join(', ')}.`}</p>
        </>
      )}
    </section>
  );
}
