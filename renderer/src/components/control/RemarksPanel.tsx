// «Замечания по странице» (R-ROLE-4): the deputy writes a remark on how a journal page is
// kept; the page's teacher fixes the page and answers «Исправлено»; the deputy accepts
// the fix or returns the remark with a note. Others who see all remarks read them.
import { useState } from 'react';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import { isDeputy, isTeacher } from '../../route';
import type { SessionUser } from '../../types';
import { ErrorBox, Loading, FormError } from '../Status';
import { formatDateTime, isOpenRemark, REMARK_STATUS, type Remark } from './control-model';

interface Props {
  assignmentId: string;
  /** The teacher of the page: the one who answers the remarks. */
  teacherId: string;
  user: SessionUser;
  /** A remark was written or changed its state (the navigation's count may change). */
  onChanged?(): void;
}

export function RemarksPanel({ assignmentId, teacherId, user, onChanged }: Props) {
  // Follows the sync: remarks and answers written on other computers show within a cycle, highlighted (issue 17, point 10).
  const list = useCall('remark.list', { assignmentId }, { followSync: true, items: (v) => v as readonly Remark[] });
  const deputy = isDeputy(user);
  const pageTeacher = teacherId === user.id && isTeacher(user);
  // null: decided by what needs doing (open remarks for the teacher, fixed ones for the deputy).
  const [expanded, setExpanded] = useState<boolean | null>(null);
  const remarks = (list.value ?? list.stale ?? []) as readonly Remark[];

  if (!deputy && remarks.length === 0) return null;
  const open = remarks.filter(isOpenRemark).length;
  const fixed = remarks.filter((r) => r.status === 'fixed').length;
  const needsAction = pageTeacher ? open > 0 : deputy && fixed > 0;
  const shown = expanded ?? needsAction;
  const changed = () => {
    // Stays open after an answer or a decision, though nothing may be left to do.
    setExpanded(true);
    list.reload();
    onChanged?.();
  };

  return (
    <section data-testid="remarks-panel" className="panel remarks-panel" aria-labelledby="remarks-title">
      <div className="remarks-head">
        <h2 id="remarks-title">Замечания по странице</h2>
        <span className="muted">
          {remarks.length === 0 ? 'замечаний нет' : `всего ${remarks.length}`}
          {open > 0 && <span className="badge warn remarks-count">открыто: {open}</span>}
          {fixed > 0 && <span className="badge remarks-count">исправлено, ждёт проверки: {fixed}</span>}
        </span>
        <button type="button" data-testid="remarks-toggle" className="btn small" aria-expanded={shown} onClick={() => setExpanded(!shown)}>
          {shown ? 'Скрыть' : deputy ? 'Показать и написать' : 'Показать'}
        </button>
      </div>
      {shown && (
        <>
          {list.status === 'loading' && !list.stale && <Loading />}
          {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
          {remarks.length > 0 && (
            <ul className="remark-list">
              {remarks.map((r) => (
                <RemarkItem key={r.id} remark={r} changed={list.changed.has(r.id)} deputy={deputy} pageTeacher={pageTeacher} onChanged={changed} />
              ))}
            </ul>
          )}
          {deputy && <NewRemark assignmentId={assignmentId} onCreated={changed} />}
        </>
      )}
    </section>
  );
}

function NewRemark({ assignmentId, onCreated }: { assignmentId: string; onCreated(): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (text.trim().length < 5) {
      setError('Опишите замечание (не короче 5 знаков).');
      return;
    }
    setBusy(true);
    setError(null);
    call('remark.create', { assignmentId, text: text.trim() }).then(
      () => {
        setBusy(false);
        setText('');
        onCreated();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return (
    <div className="remark-new">
      <label className="field">
        <span>Новое замечание учителю</span>
        <textarea
          data-testid="remark-text"
          rows={2}
          maxLength={2000}
          value={text}
          placeholder="Например: не записаны темы уроков за 12–16 октября"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="remark-actions">
        <button type="button" data-testid="remark-submit" className="btn primary small" disabled={busy} onClick={submit}>
          Записать замечание
        </button>
        <FormError error={error} />
      </div>
    </div>
  );
}

function RemarkItem({ remark: r, changed, deputy, pageTeacher, onChanged }: { remark: Remark; changed: boolean; deputy: boolean; pageTeacher: boolean; onChanged(): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = (p: Promise<unknown>) => {
    setBusy(true);
    setError(null);
    p.then(
      () => {
        setBusy(false);
        setText('');
        onChanged();
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  const markFixed = () => {
    if (text.trim().length < 2) return setError('Напишите, что исправлено.');
    run(call('remark.markFixed', { remarkId: r.id, answer: text.trim() }));
  };
  const review = (accept: boolean) => {
    if (!accept && !text.trim()) return setError('Укажите, что осталось исправить.');
    run(call('remark.review', { remarkId: r.id, accept, note: text.trim() }));
  };

  return (
    <li data-testid="remark-item" data-remark={r.id} data-status={r.status} className={`remark-item status-${r.status}${changed ? ' sync-changed' : ''}`}>
      <div className="remark-meta">
        <span className={`badge remark-status ${r.status}`}>{REMARK_STATUS[r.status]}</span>
        <span className="muted">
          {formatDateTime(r.createdOn)} · {r.authorName}
        </span>
      </div>
      <p className="remark-text">{r.text}</p>
      {r.answer && (
        <p className="remark-answer-text">
          <span className="muted">Ответ учителя:</span> {r.answer}
        </p>
      )}
      {r.status === 'reopened' && (
        <p className="muted remark-hint" data-testid="remark-review-note">
          Замечание возвращено заместителем директора{r.reviewNote ? `: ${r.reviewNote}` : ''}. Исправьте и ответьте снова.
        </p>
      )}
      {pageTeacher && isOpenRemark(r) && (
        <div className="remark-actions">
          <input data-testid="remark-answer" placeholder="Что исправлено" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="button" data-testid="remark-fixed" className="btn small primary" disabled={busy} onClick={markFixed}>
            Исправлено
          </button>
        </div>
      )}
      {deputy && r.status === 'fixed' && (
        <div className="remark-actions">
          <button type="button" data-testid="remark-accept" className="btn small primary" disabled={busy} onClick={() => review(true)}>
            Принять
          </button>
          <input data-testid="remark-note" placeholder="Что осталось исправить (чтобы вернуть)" maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="button" data-testid="remark-reopen" className="btn small" disabled={busy} onClick={() => review(false)}>
            Вернуть
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
