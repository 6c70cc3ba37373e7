// The class teacher sets the reason of a student's absence (R-ROLE-3, R-TIME-6): the code
// (У — по уважительной причине, Б — по болезни, Н — без уважительной причины) and its
// grounds («справка», «заявление родителей»), for the whole day at once or one lesson.
// The service checks everything again (classDesk.setReasons) and answers in Russian.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import type { Absence } from '../control/control-model';
import { FormError } from '../Status';

const CODES: readonly (readonly ['У' | 'Б' | 'Н', string])[] = [
  ['У', 'У — по уважительной причине'],
  ['Б', 'Б — по болезни'],
  ['Н', 'Н — без уважительной причины'],
];

/** The grounds a class teacher usually writes; any text may be typed. */
const GROUNDS = ['справка', 'справка из поликлиники', 'заявление родителей', 'записка родителей', 'приказ директора', 'соревнования', 'олимпиада'];

export type ReasonCode = (typeof CODES)[number][0];

interface Props {
  classId: string;
  studentId: string;
  studentName: string;
  date: string;
  /** The day's absences (Н, У, Б) of the student; late arrivals are not offered. */
  lessons: readonly Absence[];
  onSaved(text: string): void;
  onCancel(): void;
}

export function ReasonEditor({ classId, studentId, studentName, date, lessons, onSaved, onCancel }: Props) {
  const absences = lessons.filter((l) => l.code !== 'О');
  // '' = the whole day.
  const [lessonId, setLessonId] = useState('');
  const first = absences[0];
  const [code, setCode] = useState<ReasonCode>(first && first.code !== 'Н' ? (first.code as ReasonCode) : 'У');
  const [reason, setReason] = useState(first?.reason ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // Opened under the day's row: brought into view whole.
  useEffect(() => {
    form.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code !== 'Н' && reason.trim().length < 3) {
      setError(`Для «${code}» укажите основание: например, «справка» или «заявление родителей».`);
      return;
    }
    setBusy(true);
    setError(null);
    call('classDesk.setReasons', { classId, studentId, date, code, reason: reason.trim(), ...(lessonId ? { lessonId } : {}) }).then(
      (r) => {
        const what = r.lessons.length === 1 ? `${r.lessons[0]?.lessonNo}-й урок (${r.lessons[0]?.subject})` : `уроков: ${r.lessons.length}`;
        onSaved(`${studentName}, ${formatRuDate(date)}: «${code}»${reason.trim() ? ` — ${reason.trim()}` : ''}; ${what}.`);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <form ref={form} className="reason-editor" data-testid="reason-editor" onSubmit={submit} onChange={() => setError(null)}>
      <label className="field">
        <span>Уроки</span>
        <select data-testid="reason-scope" value={lessonId} onChange={(e) => setLessonId(e.target.value)}>
          <option value="">Весь день ({absences.length} {absences.length === 1 ? 'урок' : absences.length < 5 ? 'урока' : 'уроков'})</option>
          {absences.map((l) => (
            <option key={l.lessonId} value={l.lessonId}>
              {l.lessonNo}-й урок, {l.subject}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="reason-codes">
        <legend>Причина</legend>
        {CODES.map(([c, label]) => (
          <label key={c} className="check">
            <input type="radio" name={`code-${studentId}-${date}`} data-testid={`reason-code-${c}`} checked={code === c} onChange={() => setCode(c)} />
            {label}
          </label>
        ))}
      </fieldset>
      <label className="field reason-text">
        <span>Основание</span>
        <input data-testid="reason-text" list="reason-grounds" maxLength={300} placeholder="справка, заявление родителей…" value={reason} onChange={(e) => setReason(e.target.value)} />
        <datalist id="reason-grounds">
          {GROUNDS.map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
      </label>
      <div className="form-actions">
        <button type="submit" data-testid="reason-save" className="btn primary small" disabled={busy}>
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
