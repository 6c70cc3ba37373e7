// «Связь с родителями» on the class desk (R-REP-7, R-TIME-6): the class teacher records a
// notice to the parents of a student failing or absent without a valid reason — the date, the
// way, the text, and the answer once it comes — and marks the families informed on paper.
// Deputies and the director see the same list read-only. The service checks everything again
// (parentContact.*); the notices print as letters from «Отчёты» («Письма родителям»).
import { useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import {
  CONTACT_REASONS, CONTACT_REASON_WORDS, CONTACT_WAYS, CONTACT_WAY_WORDS, type ContactReason, type ContactWay, type ParentNotice,
} from '../../../../shared/parent-contact';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import { DateField } from '../DateField';
import { ErrorBox, FormError, Loading } from '../Status';
import '../../parent-contact.css';

interface Props {
  classId: string;
  today: string;
  /** The class teacher of this class: records and answers (the service checks again). */
  canEdit: boolean;
}

export function ParentContact({ classId, today, canEdit }: Props) {
  const data = useCall('parentContact.list', { classId });
  const [saved, setSaved] = useState<string | null>(null);
  const [answering, setAnswering] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = data.value ?? data.stale;
  if (data.status === 'loading' && !value) return <Loading />;
  if (data.status === 'error') return <ErrorBox message={data.error} onRetry={data.reload} />;
  if (!value) return null;
  const { notices, students } = value;
  const done = (text: string) => {
    setSaved(text);
    setAnswering(null);
    setError(null);
    data.reload();
  };
  const togglePaper = (studentId: string, paper: boolean) => {
    setError(null);
    call('parentContact.setPaperFamily', { studentId, paper }).then(
      () => done(paper ? 'Семья отмечена: получает сведения на бумаге.' : 'Отметка «на бумаге» снята.'),
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  const withdraw = (n: ParentNotice) => {
    setError(null);
    call('parentContact.withdraw', { noticeId: n.id, reason: 'записано по ошибке' }).then(
      () => done(`Сообщение от ${formatRuDate(n.date)} (${n.studentName}) отозвано.`),
      (err: unknown) => setError(errorMessage(err)),
    );
  };

  return (
    <div className="parent-contact" data-testid="parent-contact">
      {saved && (
        <p className="status ok" role="status" data-testid="parent-contact-saved">
          {saved}
        </p>
      )}
      <FormError error={error} />
      <div className="parent-contact-grid">
        <div className="parent-contact-main">
          {canEdit && <NoticeForm students={students} today={today} onSaved={done} />}
          <h2>Сообщения родителям</h2>
          {notices.length === 0 ? (
            <p className="empty">Сообщений родителям пока нет.</p>
          ) : (
            <table className="table compact parent-notices" data-testid="parent-notices">
              <thead>
                <tr>
                  <th>Дата</th>
                  <th>Ученик</th>
                  <th>Повод, способ</th>
                  <th>Сообщено</th>
                  <th>Ответ родителей</th>
                  {canEdit && <th aria-label="Действия" />}
                </tr>
              </thead>
              <tbody>
                {notices.map((n) => (
                  <tr key={n.id} data-testid="parent-notice" data-id={n.id}>
                    <td className="nowrap">{formatRuDate(n.date)}</td>
                    <td className="nowrap">{n.studentName}</td>
                    <td>
                      {CONTACT_REASON_WORDS[n.reason]}
                      <br />
                      <span className="muted">{CONTACT_WAY_WORDS[n.way]}</span>
                    </td>
                    <td className="notice-text">{n.text}</td>
                    <td>
                      {n.answeredOn ? (
                        <>
                          <span className="muted">{formatRuDate(n.answeredOn)}:</span> {n.answer}
                        </>
                      ) : (
                        <span className="muted">ответа нет</span>
                      )}
                      {answering === n.id && <AnswerForm notice={n} today={today} onSaved={done} onCancel={() => setAnswering(null)} />}
                    </td>
                    {canEdit && (
                      <td className="nowrap">
                        {answering !== n.id && (
                          <button type="button" className="btn small" data-testid="notice-answer-open" onClick={() => (setAnswering(n.id), setSaved(null))}>
                            {n.answeredOn ? 'Изменить ответ' : 'Записать ответ'}
                          </button>
                        )}{' '}
                        <button type="button" className="btn small" data-testid="notice-withdraw" title="Отозвать сообщение, записанное по ошибке (запись останется в истории)" onClick={() => withdraw(n)}>
                          Отозвать
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted legend">Сообщения печатаются письмами в разделе «Отчёты» — отчёт «Письма родителям».</p>
        </div>
        <aside className="parent-contact-side" aria-labelledby="paper-title">
          <h2 id="paper-title">Сведения на бумаге</h2>
          <p className="muted">Семьи без электронного доступа получают отчёт для родителей на бумаге каждую неделю.</p>
          {students.length === 0 ? (
            <p className="empty">В классе нет учеников.</p>
          ) : (
            <ul className="paper-families" data-testid="paper-families">
              {students.map((s) => (
                <li key={s.id}>
                  <label className="check">
                    <input type="checkbox" data-testid="paper-family" data-student={s.id} checked={s.paperFamily} disabled={!canEdit} onChange={(e) => togglePaper(s.id, e.target.checked)} />
                    {s.name}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}

function NoticeForm({ students, today, onSaved }: { students: readonly { id: string; name: string }[]; today: string; onSaved(text: string): void }) {
  const [studentId, setStudentId] = useState('');
  const [date, setDate] = useState(today);
  const [reason, setReason] = useState<ContactReason>('failing');
  const [way, setWay] = useState<ContactWay>('letter');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!studentId) return setError('Выберите ученика.');
    if (!date) return setError('Укажите дату сообщения (дд.мм.гггг).');
    if (text.trim().length < 3) return setError('Напишите, что сообщено родителям.');
    setBusy(true);
    setError(null);
    call('parentContact.record', { studentId, date, reason, way, text: text.trim() }).then(
      () => {
        setBusy(false);
        setText('');
        onSaved(`Сообщение родителям записано: ${students.find((s) => s.id === studentId)?.name ?? ''}, ${formatRuDate(date)}, ${CONTACT_WAY_WORDS[way]}.`);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <form className="notice-form" data-testid="notice-form" onSubmit={submit} onChange={() => setError(null)}>
      <h2>Новое сообщение родителям</h2>
      <div className="notice-fields">
        <label className="field">
          <span>Ученик</span>
          <select data-testid="notice-student" value={studentId} onChange={(e) => setStudentId(e.target.value)}>
            <option value="">— выберите ученика —</option>
            {students.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Дата</span>
          <DateField testId="notice-date" value={date} max={today} onChange={setDate} />
        </label>
        <label className="field">
          <span>Повод</span>
          <select data-testid="notice-reason" value={reason} onChange={(e) => setReason(e.target.value as ContactReason)}>
            {CONTACT_REASONS.map((r) => (
              <option key={r} value={r}>
                {CONTACT_REASON_WORDS[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Способ</span>
          <select data-testid="notice-way" value={way} onChange={(e) => setWay(e.target.value as ContactWay)}>
            {CONTACT_WAYS.map((w) => (
              <option key={w} value={w}>
                {CONTACT_WAY_WORDS[w]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field notice-text-field">
        <span>Что сообщено родителям</span>
        <textarea data-testid="notice-text" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)}
          placeholder="Например: по математике две отметки «2» подряд; просим прийти на консультацию." />
      </label>
      <div className="form-actions">
        <button type="submit" data-testid="notice-save" className="btn primary small" disabled={busy}>
          Записать сообщение
        </button>
        <FormError error={error} />
      </div>
    </form>
  );
}

function AnswerForm({ notice, today, onSaved, onCancel }: { notice: ParentNotice; today: string; onSaved(text: string): void; onCancel(): void }) {
  const [answer, setAnswer] = useState(notice.answer);
  const [answeredOn, setAnsweredOn] = useState(notice.answeredOn ?? today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (answer.trim() === '') return setError('Напишите ответ родителей.');
    if (!answeredOn) return setError('Укажите дату ответа (дд.мм.гггг).');
    setBusy(true);
    call('parentContact.answer', { noticeId: notice.id, answer: answer.trim(), answeredOn }).then(
      () => onSaved(`Ответ родителей записан (${notice.studentName}, ${formatRuDate(answeredOn)}).`),
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return (
    <form className="answer-form" data-testid="answer-form" onSubmit={submit} onChange={() => setError(null)}>
      <textarea data-testid="answer-text" rows={2} maxLength={2000} aria-label="Ответ родителей" value={answer} onChange={(e) => setAnswer(e.target.value)} />
      <DateField testId="answer-date" ariaLabel="Дата ответа" value={answeredOn} min={notice.date} max={today} onChange={setAnsweredOn} />
      <div className="form-actions">
        <button type="submit" data-testid="answer-save" className="btn primary small" disabled={busy}>
          Сохранить
        </button>
        <button type="button" className="btn small" disabled={busy} onClick={onCancel}>
          Отмена
        </button>
        <FormError error={error} />
      </div>
    </form>
  );
}
