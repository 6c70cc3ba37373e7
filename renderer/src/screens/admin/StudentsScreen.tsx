// «Ученики» (administrator): a student added to a class with the personal data the school
// keeps (R-ROLE-6): surname, name, patronymic, birth date, personal file number; up to two
// guardians with phones; the guardians' consent to the processing of personal data
// (R-REC-10). Once the year is under way a student arrives by an order (R-REC-9): its number
// and date; the service refuses without it and says so. A guardian can also be added to a
// student already in a class. The service checks everything again.
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../../api';
import { ClassSelect } from '../../components/ClassSelect';
import { useServiceToday } from '../../components/control/control-model';
import { DateField } from '../../components/DateField';
import { StudentPicker, studentLine, type FoundStudent } from '../../components/people/StudentPicker';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../people.css';

const RELATIONS = ['мать', 'отец', 'опекун', 'попечитель', 'иной'] as const;
type Relation = (typeof RELATIONS)[number];

interface GuardianDraft {
  lastName: string;
  firstName: string;
  middleName: string;
  phone: string;
  relation: Relation;
}

const emptyGuardian = (relation: Relation): GuardianDraft => ({ lastName: '', firstName: '', middleName: '', phone: '', relation });
const filled = (g: GuardianDraft) => g.lastName.trim() !== '' || g.firstName.trim() !== '' || g.phone.trim() !== '';

interface Props {
  onOpenClass(classId: string): void;
}

export function StudentsScreen({ onOpenClass }: Props) {
  const classes = useCall('school.classes', {});
  const today = useServiceToday();
  const [added, setAdded] = useState<{ text: string; classId: string } | null>(null);
  const [formKey, setFormKey] = useState(0);

  return (
    <section className="panel people-screen" aria-labelledby="students-title">
      <div className="panel-head">
        <h1 id="students-title">Ученики</h1>
      </div>
      {added && (
        <p className="status ok" role="status" data-testid="student-added">
          {added.text}{' '}
          <button type="button" className="btn small" data-testid="student-added-open" onClick={() => onOpenClass(added.classId)}>
            Открыть класс
          </button>
        </p>
      )}
      {classes.status === 'loading' && <Loading />}
      {classes.status === 'error' && <ErrorBox message={classes.error} onRetry={classes.reload} />}
      {classes.status === 'ok' && today && (
        <div className="people-columns">
          <AddStudentForm
            key={formKey}
            classes={classes.value}
            today={today}
            onAdded={(text, classId) => {
              setAdded({ text, classId });
              setFormKey((k) => k + 1);
            }}
          />
          <AddGuardianForm />
        </div>
      )}
    </section>
  );
}

function GuardianFields({ n, value, onChange, testId }: { n: number; value: GuardianDraft; onChange(g: GuardianDraft): void; testId: string }) {
  const set = (patch: Partial<GuardianDraft>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="people-fieldset form-grid" data-testid={testId}>
      <legend>Родитель (законный представитель) {n}</legend>
      <label className="field">
        <span>Фамилия</span>
        <input data-testid="guardian-last-name" value={value.lastName} onChange={(e) => set({ lastName: e.target.value })} />
      </label>
      <label className="field">
        <span>Имя</span>
        <input data-testid="guardian-first-name" value={value.firstName} onChange={(e) => set({ firstName: e.target.value })} />
      </label>
      <label className="field">
        <span>Отчество</span>
        <input data-testid="guardian-middle-name" value={value.middleName} onChange={(e) => set({ middleName: e.target.value })} />
      </label>
      <label className="field">
        <span>Телефон</span>
        <input data-testid="guardian-phone" type="tel" placeholder="+7 900 123-45-67" value={value.phone} onChange={(e) => set({ phone: e.target.value })} />
      </label>
      <label className="field">
        <span>Кем приходится</span>
        <select data-testid="guardian-relation" value={value.relation} onChange={(e) => set({ relation: e.target.value as Relation })}>
          {RELATIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}

interface AddStudentProps {
  classes: readonly { id: string; name: string }[];
  today: string;
  onAdded(text: string, classId: string): void;
}

function AddStudentForm({ classes, today, onAdded }: AddStudentProps) {
  const [classId, setClassId] = useState<string | null>(null);
  const [lastName, setLastName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [middleName, setMiddleName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [gender, setGender] = useState<'м' | 'ж' | ''>('');
  const [personalFile, setPersonalFile] = useState('');
  const [address, setAddress] = useState('');
  const [guardians, setGuardians] = useState<GuardianDraft[]>([emptyGuardian('мать'), emptyGuardian('отец')]);
  const [consent, setConsent] = useState(false);
  const [consentGuardian, setConsentGuardian] = useState(0);
  const [consentOn, setConsentOn] = useState(today);
  const [consentNo, setConsentNo] = useState('');
  const [enrolledOn, setEnrolledOn] = useState('');
  const [orderNumber, setOrderNumber] = useState('');
  const [orderDate, setOrderDate] = useState(today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!classId) return setError('Выберите класс.');
    if (!gender) return setError('Укажите пол ученика.');
    if (!birthDate) return setError('Укажите дату рождения в виде дд.мм.гггг.');
    const given = guardians.filter(filled);
    const consentIndex = given.indexOf(guardians[consentGuardian]!);
    if (consent && consentIndex < 0) return setError('Согласие на обработку ПДн: заполните данные того представителя, кто его дал.');
    setBusy(true);
    try {
      const r = await call('students.add', {
        classId,
        lastName,
        firstName,
        middleName,
        birthDate,
        gender,
        personalFile,
        address,
        ...(enrolledOn ? { enrolledOn } : {}),
        ...(orderNumber.trim() ? { arrival: { orderNumber, orderDate } } : {}),
        guardians: given.map((g) => ({ lastName: g.lastName, firstName: g.firstName, middleName: g.middleName, phone: g.phone, relation: g.relation })),
        ...(consent ? { consent: { guardian: consentIndex, signedOn: consentOn, documentNo: consentNo } } : {}),
      });
      const cls = classes.find((c) => c.id === r.classId)?.name ?? '';
      onAdded(`Ученик добавлен: ${[lastName, firstName, middleName].filter(Boolean).join(' ')}, ${cls}.`, r.classId);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="people-form" data-testid="student-form" onSubmit={submit} aria-labelledby="student-form-title">
      <h2 id="student-form-title">Добавить ученика в класс</h2>
      <div className="form-grid">
        <ClassSelect testId="student-class" classes={classes} value={classId} onChange={setClassId} emptyLabel="— класс —" className="field" />
        <label className="field">
          <span>Номер личного дела</span>
          <input data-testid="student-file" maxLength={30} value={personalFile} onChange={(e) => setPersonalFile(e.target.value)} />
        </label>
        <label className="field">
          <span>Фамилия</span>
          <input data-testid="student-last-name" required value={lastName} onChange={(e) => setLastName(e.target.value)} />
        </label>
        <label className="field">
          <span>Имя</span>
          <input data-testid="student-first-name" required value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </label>
        <label className="field">
          <span>Отчество</span>
          <input data-testid="student-middle-name" value={middleName} onChange={(e) => setMiddleName(e.target.value)} />
        </label>
        <div className="people-pair">
          <label className="field">
            <span>Дата рождения</span>
            <DateField testId="student-birth" value={birthDate} onChange={setBirthDate} max={today} required />
          </label>
          <label className="field">
            <span>Пол</span>
            <select data-testid="student-gender" value={gender} required onChange={(e) => setGender(e.target.value as 'м' | 'ж' | '')}>
              <option value="">—</option>
              <option value="ж">ж</option>
              <option value="м">м</option>
            </select>
          </label>
        </div>
        <label className="field span-2">
          <span>Адрес</span>
          <input data-testid="student-address" maxLength={200} value={address} onChange={(e) => setAddress(e.target.value)} />
        </label>
      </div>
      {guardians.map((g, i) => (
        <GuardianFields key={i} n={i + 1} testId={`guardian-${i + 1}`} value={g} onChange={(next) => setGuardians(guardians.map((x, j) => (j === i ? next : x)))} />
      ))}
      <fieldset className="people-fieldset">
        <legend>Согласие на обработку персональных данных</legend>
        <label className="check">
          <input data-testid="consent-given" type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          Согласие получено
        </label>
        {consent && (
          <div className="people-row">
            <label className="field">
              <span>От кого</span>
              <select data-testid="consent-guardian" value={consentGuardian} onChange={(e) => setConsentGuardian(Number(e.target.value))}>
                {guardians.map((g, i) => (
                  <option key={i} value={i}>
                    {filled(g) ? `${g.lastName} ${g.firstName} (${g.relation})` : `представитель ${i + 1}`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Дата</span>
              <DateField testId="consent-date" value={consentOn} onChange={setConsentOn} max={today} required />
            </label>
            <label className="field">
              <span>Номер документа</span>
              <input data-testid="consent-number" maxLength={40} value={consentNo} onChange={(e) => setConsentNo(e.target.value)} />
            </label>
          </div>
        )}
      </fieldset>
      <fieldset className="people-fieldset">
        <legend>Зачисление</legend>
        <p className="muted small-text">
          После начала учебного года ученик зачисляется по приказу о прибытии: укажите его номер и дату. Без даты — с начала учебного года, а если год
          уже идёт — с сегодняшнего дня.
        </p>
        <div className="people-row">
          <label className="field">
            <span>В классе с</span>
            <DateField testId="student-enrolled" value={enrolledOn} onChange={setEnrolledOn} />
          </label>
          <label className="field">
            <span>Приказ №</span>
            <input data-testid="student-order-number" maxLength={30} value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
          </label>
          <label className="field">
            <span>от</span>
            <DateField testId="student-order-date" value={orderDate} onChange={setOrderDate} max={today} />
          </label>
        </div>
      </fieldset>
      <div className="form-actions">
        <button data-testid="student-save" type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Сохранение…' : 'Добавить ученика'}
        </button>
        {error && (
          <span className="form-error" role="alert" data-testid="student-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}

/** A guardian added to a student already in a class (students.addGuardian). */
function AddGuardianForm() {
  const [student, setStudent] = useState<FoundStudent | null>(null);
  const [guardian, setGuardian] = useState<GuardianDraft>(emptyGuardian('мать'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!student) return setError('Выберите ученика.');
    setBusy(true);
    try {
      await call('students.addGuardian', { studentId: student.studentId, guardian });
      setDone(`Представитель добавлен: ${guardian.lastName} ${guardian.firstName} — ${student.name}.`);
      setGuardian(emptyGuardian('мать'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="people-form" data-testid="guardian-form" onSubmit={submit} aria-labelledby="guardian-form-title">
      <h2 id="guardian-form-title">Добавить представителя ученику</h2>
      <StudentPicker testId="guardian-student" label="Ученик" onPick={setStudent} />
      {student && <p className="muted small-text">Выбран: {studentLine(student)}</p>}
      <GuardianFields n={1} testId="guardian-extra" value={guardian} onChange={setGuardian} />
      <div className="form-actions">
        <button data-testid="guardian-save" type="submit" className="btn" disabled={busy}>
          {busy ? 'Сохранение…' : 'Добавить представителя'}
        </button>
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
        {done && (
          <span className="ok-text" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}
