// A student's card on the class teacher's desk (R-ROLE-3): personal data, parents (legal
// representatives) with phones, the consent to personal-data processing or a red «нет
// согласия» with a form to record it (R-REC-10), a correction of the data with its
// ground, and a remark or praise to the student (R-REC-8).
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ResultOf } from '../../../../service/api';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { DateField } from '../DateField';
import { StudentNotes } from './StudentNotes';
import { FormError } from '../Status';

export type Student = ResultOf<'classDesk.students'>[number];

/** The consent row as classDesk.students returns it. */
interface Consent {
  readonly guardian_id: string;
  readonly signed_on: string;
  readonly document_no: string;
}

type Form = 'consent' | 'edit' | 'note' | 'notes' | null;

interface Props {
  student: Student;
  /** The class teacher of the class or the administrator: data and consent. */
  canEdit: boolean;
  /** The class teacher: remarks and praise. */
  canNote: boolean;
  today: string;
  onChanged(message: string): void;
}

export const fullName = (s: Student): string => [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ');

export function StudentCard({ student: s, canEdit, canNote, today, onChanged }: Props) {
  const [form, setForm] = useState<Form>(null);
  const consent = s.consent as Consent | null;
  const left = !!s.enrolledTo && s.enrolledTo < today;
  const toggle = (f: Form) => setForm((cur) => (cur === f ? null : f));
  const done = (message: string) => {
    setForm(null);
    onChanged(message);
  };
  const consentBy = consent ? s.guardians.find((g) => g.id === consent.guardian_id) : undefined;

  return (
    <article data-testid="student-card" data-student={s.id ?? ''} className={['student-card', left && 'left', !consent && 'no-consent'].filter(Boolean).join(' ')}>
      <header className="student-head">
        <h3>{fullName(s)}</h3>
        {left && <span className="badge">выбыл(а) {formatRuDate(s.enrolledTo ?? '')}</span>}
      </header>
      <dl className="student-data">
        <dt>Дата рождения</dt>
        <dd>{s.birthDate ? formatRuDate(s.birthDate) : '—'}</dd>
        <dt>Личное дело</dt>
        <dd>{s.personalFile || '—'}</dd>
        <dt>Адрес</dt>
        <dd>{s.address || '—'}</dd>
      </dl>
      <ul className="guardians">
        {s.guardians.length === 0 && <li className="muted">Родители (законные представители) не указаны.</li>}
        {s.guardians.map((g) => (
          <li key={g.id}>
            <span className="muted">{g.relation}:</span> {g.name}
            {g.phone && (
              <>
                {' · '}
                <span className="nowrap">{g.phone}</span>
              </>
            )}
            {g.email && <span className="muted"> · {g.email}</span>}
          </li>
        ))}
      </ul>
      <div className="consent-line">
        {consent ? (
          <span data-testid="consent-ok" className="consent-ok">
            Согласие на обработку ПДн: {formatRuDate(consent.signed_on)}
            {consentBy ? `, ${consentBy.relation} (${consentBy.name.split(' ')[0]})` : ''}
            {consent.document_no ? `, № ${consent.document_no}` : ''}
          </span>
        ) : (
          <span data-testid="no-consent" className="badge bad">
            нет согласия на обработку ПДн
          </span>
        )}
      </div>
      <div className="card-actions">
        {canEdit && !consent && (
          <button type="button" data-testid="consent-open" className="btn small" aria-expanded={form === 'consent'} onClick={() => toggle('consent')}>
            Записать согласие
          </button>
        )}
        {canEdit && (
          <button type="button" data-testid="student-edit-open" className="btn small" aria-expanded={form === 'edit'} onClick={() => toggle('edit')}>
            Изменить данные
          </button>
        )}
        <button type="button" data-testid="notes-open" className="btn small" aria-expanded={form === 'notes'} onClick={() => toggle('notes')}>
          Записи ученику
        </button>
        {canNote && (
          <button type="button" data-testid="note-open" className="btn small" aria-expanded={form === 'note'} onClick={() => toggle('note')}>
            Записать похвалу/замечание
          </button>
        )}
      </div>
      {form === 'consent' && <ConsentForm student={s} today={today} onDone={done} onCancel={() => setForm(null)} />}
      {form === 'edit' && <EditForm student={s} onDone={done} onCancel={() => setForm(null)} />}
      {form === 'note' && <NoteForm student={s} onDone={done} onCancel={() => setForm(null)} />}
      {form === 'notes' && <StudentNotes studentId={s.id ?? ''} />}
    </article>
  );
}

/** Shared state of the card's forms: busy, error, and a submit that reports back. */
function useSubmit(onDone: (message: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    p.then(
      () => {
        setBusy(false);
        onDone(message);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };
  return { busy, error, setError, run };
}

function FormFoot({ busy, error, submitId, label, onCancel }: { busy: boolean; error: string | null; submitId: string; label: string; onCancel(): void }) {
  return (
    <div className="form-actions">
      <button type="submit" data-testid={submitId} className="btn small primary" disabled={busy}>
        {label}
      </button>
      <button type="button" className="btn small" onClick={onCancel}>
        Отмена
      </button>
      <FormError error={error} />
    </div>
  );
}

function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={wide ? 'field span-2' : 'field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}

// R-REC-10: the consent of a legal representative, with the date and the document number.
function ConsentForm({ student: s, today, onDone, onCancel }: { student: Student; today: string; onDone(m: string): void; onCancel(): void }) {
  const [guardianId, setGuardianId] = useState(s.guardians[0]?.id ?? '');
  const [signedOn, setSignedOn] = useState(today);
  const [documentNo, setDocumentNo] = useState('');
  const { busy, error, setError, run } = useSubmit(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!guardianId) return setError('Согласие даёт законный представитель: сначала его нужно указать в данных ученика.');
    if (!signedOn || signedOn > today) return setError('Укажите дату подписания (не позже сегодняшней).');
    run(call('classDesk.recordConsent', { studentId: s.id ?? '', guardianId, signedOn, documentNo: documentNo.trim() }), `Согласие записано: ${fullName(s)}.`);
  };
  return (
    <form data-testid="consent-form" className="card-form" onSubmit={submit}>
      <div className="form-grid">
        <Field label="Кто подписал" wide>
          <select data-testid="consent-guardian" value={guardianId} onChange={(e) => setGuardianId(e.target.value)}>
            {s.guardians.length === 0 && <option value="">нет законных представителей</option>}
            {s.guardians.map((g) => (
              <option key={g.id} value={g.id}>
                {g.relation}: {g.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Дата подписания">
          <DateField testId="consent-date" value={signedOn} max={today} onChange={setSignedOn} />
        </Field>
        <Field label="Номер документа">
          <input data-testid="consent-number" maxLength={40} placeholder="ПД-2026/0001" value={documentNo} onChange={(e) => setDocumentNo(e.target.value)} />
        </Field>
      </div>
      <FormFoot busy={busy} error={error} submitId="consent-submit" label="Записать согласие" onCancel={onCancel} />
    </form>
  );
}

// R-ROLE-3: the class teacher keeps the data up to date; every change needs its ground.
function EditForm({ student: s, onDone, onCancel }: { student: Student; onDone(m: string): void; onCancel(): void }) {
  const [values, setValues] = useState({
    lastName: s.lastName ?? '',
    firstName: s.firstName ?? '',
    middleName: s.middleName ?? '',
    address: s.address ?? '',
  });
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useSubmit(onDone);
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const changes: Partial<typeof values> = {};
    for (const k of Object.keys(values) as (keyof typeof values)[]) {
      if (values[k].trim() !== (s[k] ?? '')) changes[k] = values[k].trim();
    }
    if (Object.keys(changes).length === 0) return setError('Нечего изменять.');
    if (changes.lastName === '' || changes.firstName === '') return setError('Фамилия и имя не могут быть пустыми.');
    if (reason.trim().length < 3) return setError('Укажите основание изменения (например, «свидетельство о рождении»).');
    run(call('classDesk.updateStudent', { studentId: s.id ?? '', changes, reason: reason.trim() }), `Данные ученика изменены: ${fullName(s)}.`);
  };
  return (
    <form data-testid="student-edit-form" className="card-form" onSubmit={submit}>
      <div className="form-grid">
        <Field label="Фамилия">
          <input data-testid="student-last-name" maxLength={80} value={values.lastName} onChange={set('lastName')} />
        </Field>
        <Field label="Имя">
          <input data-testid="student-first-name" maxLength={80} value={values.firstName} onChange={set('firstName')} />
        </Field>
        <Field label="Отчество">
          <input data-testid="student-middle-name" maxLength={80} value={values.middleName} onChange={set('middleName')} />
        </Field>
        <Field label="Адрес" wide>
          <input data-testid="student-address" maxLength={300} value={values.address} onChange={set('address')} />
        </Field>
        <Field label="Основание изменения (обязательно)" wide>
          <input data-testid="student-edit-reason" maxLength={300} placeholder="заявление родителя, свидетельство о рождении, …" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </div>
      <FormFoot busy={busy} error={error} submitId="student-edit-submit" label="Сохранить" onCancel={onCancel} />
    </form>
  );
}

const NOTE_KINDS = [
  { id: 'praise', label: 'Похвала' },
  { id: 'remark', label: 'Замечание' },
  { id: 'parents', label: 'Записка родителям' },
] as const;

type NoteKind = (typeof NOTE_KINDS)[number]['id'];

// R-REC-8: remarks and praise to a student, notes to the parents.
function NoteForm({ student: s, onDone, onCancel }: { student: Student; onDone(m: string): void; onCancel(): void }) {
  const [kind, setKind] = useState<NoteKind>('praise');
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useSubmit(onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim().length < 3) return setError('Напишите текст записи.');
    const label = NOTE_KINDS.find((k) => k.id === kind)?.label ?? '';
    run(call('classDesk.addNote', { studentId: s.id ?? '', kind, text: text.trim() }), `${label} записана: ${fullName(s)}.`);
  };
  return (
    <form data-testid="note-form" className="card-form" onSubmit={submit}>
      <div className="note-kinds" role="radiogroup" aria-label="Вид записи">
        {NOTE_KINDS.map((k) => (
          <label key={k.id} className="check">
            <input type="radio" name={`kind-${s.id ?? ''}`} data-testid={`note-kind-${k.id}`} checked={kind === k.id} onChange={() => setKind(k.id)} />
            <span>{k.label}</span>
          </label>
        ))}
      </div>
      <textarea data-testid="note-text" rows={2} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} placeholder="Например: победитель школьной олимпиады по математике" />
      <FormFoot busy={busy} error={error} submitId="note-submit" label="Записать" onCancel={onCancel} />
    </form>
  );
}
