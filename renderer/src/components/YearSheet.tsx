// The year sheet of a journal page (R-REC-4): each student's term marks, their mean and
// the year mark, which the page's teacher sets here from the keyboard (Tab moves from
// student to student, the arrow keys or a digit choose the mark in the list).
import { useState } from 'react';
import { ApiError, call, errorMessage } from '../api';
import { formatAverage } from '../format';
import { useCall } from '../hooks/useCall';
import type { ArgsOf, ResultOf } from '../../../service/api';
import { ErrorBox, FormError, Loading } from './Status';

type Sheet = ResultOf<'journal.yearSheet'>;
type YearValue = NonNullable<ArgsOf<'journal.setPeriodMark'>['value']>;

/** What waits for the teacher's answer: a confirmation (missing term marks) or the reason of Н/А. */
type Pending =
  | { kind: 'confirm'; studentId: string; value: YearValue; message: string }
  | { kind: 'reason'; studentId: string };

const SPECIAL: readonly YearValue[] = ['ОСВ', 'Н/А'];

function formatMean(mean: number | null): string {
  return mean === null ? '—' : formatAverage(mean);
}

export function YearSheet({ assignmentId }: { assignmentId: string }) {
  const sheet = useCall('journal.yearSheet', { assignmentId });
  if (sheet.status === 'loading') return <Loading text="Загрузка итоговых отметок…" />;
  if (sheet.status === 'error') return <ErrorBox message={sheet.error} onRetry={sheet.reload} />;
  return <SheetTable sheet={sheet.value} />;
}

function SheetTable({ sheet }: { sheet: Sheet }) {
  const [yearMarks, setYearMarks] = useState<ReadonlyMap<string, string>>(() => new Map(sheet.yearMarks.map((m) => [m.studentId, m.value])));
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const termMark = (periodId: string, studentId: string) => sheet.termMarks.find((m) => m.periodId === periodId && m.studentId === studentId)?.value ?? '';
  const nameOf = (studentId: string) => {
    const s = sheet.students.find((x) => x.id === studentId);
    return s ? `${s.lastName} ${s.firstName}` : '';
  };

  const options: readonly YearValue[] = [...[...sheet.markScale].reverse(), ...SPECIAL];
  const save = async (studentId: string, value: YearValue | null, extra: { reason?: string; confirmFewMarks?: boolean } = {}) => {
    setBusy(true);
    setError(null);
    try {
      await call('journal.setPeriodMark', { assignmentId: sheet.assignment.id, periodId: sheet.year.id, studentId, value, ...extra });
      setYearMarks((prev) => {
        const next = new Map(prev);
        if (value === null) next.delete(studentId);
        else next.set(studentId, value);
        return next;
      });
      setPending(null);
      setReason('');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NEEDS_CONFIRMATION' && value !== null) {
        setPending({ kind: 'confirm', studentId, value, message: err.message });
      } else {
        setPending(null);
        setError(`${nameOf(studentId)}: ${errorMessage(err)}`);
      }
    } finally {
      setBusy(false);
    }
  };

  const choose = (studentId: string, value: string) => {
    if (value === 'Н/А') {
      setPending({ kind: 'reason', studentId });
      return;
    }
    void save(studentId, options.find((o) => o === value) ?? null);
  };

  return (
    <section className="year-sheet" data-testid="year-sheet" aria-label="Итоговые отметки за год">
      <p className="page-period muted">
        {`${sheet.year.name}: годовые отметки выставляются по отметкам за ${sheet.terms.length === 2 ? 'полугодия' : 'периоды'}`}
        {sheet.canEdit ? ' · выберите отметку в последнем столбце (Tab — к следующему ученику)' : ' · только просмотр'}
      </p>
      {sheet.readOnlyNote && <p className="status info" data-testid="year-closed-note">{sheet.readOnlyNote}</p>}
      {!sheet.marksAllowed && <p className="status info">В 1 классе отметки не ставятся (безотметочное обучение).</p>}
      {pending?.kind === 'confirm' && (
        <div className="banner warn" role="alertdialog" data-testid="year-confirm">
          <p>{`${nameOf(pending.studentId)}: ${pending.message}`}</p>
          <button type="button" className="btn primary" data-testid="year-confirm-yes" disabled={busy} onClick={() => void save(pending.studentId, pending.value, { confirmFewMarks: true })}>
            Да, поставить
          </button>{' '}
          <button type="button" className="btn" onClick={() => setPending(null)}>
            Отмена
          </button>
        </div>
      )}
      {pending?.kind === 'reason' && (
        <form
          className="banner warn"
          data-testid="year-na"
          onSubmit={(e) => {
            e.preventDefault();
            void save(pending.studentId, 'Н/А', { reason: reason.trim() });
          }}
        >
          <label>
            {`${nameOf(pending.studentId)}: причина «Н/А» `}
            <input data-testid="year-na-reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} autoFocus />
          </label>{' '}
          <button type="submit" className="btn primary" disabled={busy}>
            Поставить Н/А
          </button>{' '}
          <button type="button" className="btn" onClick={() => setPending(null)}>
            Отмена
          </button>
        </form>
      )}
      <FormError error={error} />
      <table className="table compact" data-testid="year-table">
        <thead>
          <tr>
            <th>№</th>
            <th>Ученик</th>
            {sheet.terms.map((t) => (
              <th key={t.id}>{t.name}</th>
            ))}
            <th>Среднее</th>
            <th>Год</th>
          </tr>
        </thead>
        <tbody>
          {sheet.students.map((s, n) => {
            const value = yearMarks.get(s.id) ?? '';
            return (
              <tr key={s.id} data-testid="year-row" data-student={s.id}>
                <td>{n + 1}</td>
                <td>{`${s.lastName} ${s.firstName}`}</td>
                {sheet.terms.map((t) => (
                  <td key={t.id} className="center">
                    {termMark(t.id, s.id)}
                  </td>
                ))}
                <td className="center">{formatMean(sheet.means.find((m) => m.studentId === s.id)?.mean ?? null)}</td>
                <td className="center">
                  {sheet.canEdit ? (
                    <select
                      aria-label={`Годовая отметка: ${s.lastName} ${s.firstName}`}
                      data-testid="year-mark"
                      value={value}
                      onChange={(e) => choose(s.id, e.target.value)}
                    >
                      <option value="">—</option>
                      {options.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <strong data-testid="year-mark-value">{value}</strong>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
