// What happened to the last edit, next to the grid: the service's message; after the entry
// window, a correction request with a reason (R-TIME-3); a period mark with too few marks,
// a confirmation (R-TIME-4).
import { useState } from 'react';
import { ApiError, call, errorMessage } from '../api';
import type { EditIssue } from './JournalGrid';

interface Props {
  issue: EditIssue | null;
  onClose(): void;
  onReplace(issue: EditIssue): void;
}

export function EditIssueBar({ issue, onClose, onReplace }: Props) {
  if (!issue) return null;
  return (
    <div data-testid="edit-error" className={`status edit-issue ${issue.tone}`} role={issue.tone === 'error' ? 'alert' : 'status'}>
      <div className="edit-issue-line">
        <span data-testid="edit-error-message">{issue.message}</span>
        <button type="button" className="btn small" onClick={onClose} aria-label="Скрыть сообщение">
          ×
        </button>
      </div>
      {issue.confirm && (
        <button type="button" data-testid="confirm-few-marks" className="btn small primary" onClick={issue.confirm}>
          Поставить всё равно
        </button>
      )}
      {issue.correction && <CorrectionForm key={JSON.stringify(issue.correction)} issue={issue} onReplace={onReplace} />}
    </div>
  );
}

function CorrectionForm({ issue, onReplace }: { issue: EditIssue; onReplace(issue: EditIssue): void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** A period mark on too few marks (R-TIME-4): the request asks first, like a direct entry; the window is checked before it. */
  const [askFewMarks, setAskFewMarks] = useState<string | null>(null);
  const correction = issue.correction!;
  const send = (confirmFewMarks: boolean) => {
    setBusy(true);
    setError(null);
    const args = confirmFewMarks ? { ...correction.args, confirmFewMarks: true } : correction.args;
    call('correction.request', { method: correction.method, args, reason: reason.trim() }).then(
      () => onReplace({ tone: 'ok', message: 'Заявка на исправление подана. Изменение появится в журнале после согласования заместителем директора.' }),
      (err: unknown) => {
        setBusy(false);
        if (err instanceof ApiError && err.code === 'NEEDS_CONFIRMATION' && !confirmFewMarks) setAskFewMarks(err.message);
        else setError(errorMessage(err));
      },
    );
  };
  if (!open) {
    return (
      <button type="button" data-testid="correction-open" className="btn small" onClick={() => setOpen(true)}>
        Подать заявку на исправление
      </button>
    );
  }
  return (
    <form
      className="inline-form correction-form"
      onSubmit={(e) => {
        e.preventDefault();
        send(false);
      }}
    >
      <label className="field">
        <span>Причина исправления</span>
        <input data-testid="correction-reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={5} maxLength={500} autoFocus />
      </label>
      <button type="submit" data-testid="correction-submit" className="btn small primary" disabled={busy || reason.trim().length < 5}>
        Подать заявку
      </button>
      {askFewMarks && (
        <span className="correction-error" data-testid="correction-few-marks">
          {askFewMarks}{' '}
          <button type="button" data-testid="correction-confirm-few-marks" className="btn small primary" disabled={busy} onClick={() => send(true)}>
            Подать заявку всё равно
          </button>
        </span>
      )}
      {error && <span className="correction-error">{error}</span>}
    </form>
  );
}
