// «Замены» for the deputy (R-ROLE-2, R-ROLE-4): record that teacher B replaces teacher A
// on a range of dates (B then fills those lessons; each lesson keeps both names), and see
// the substitutions of a week.
import { useState, type FormEvent } from 'react';
import { addDays, formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { DateField } from '../../components/DateField';
import { formatWeek, mondayOf, useServiceToday, type Substitution } from '../../components/control/control-model';
import { useTeachers, type TeacherOption } from '../../components/control/useTeachers';
import { ErrorBox, Loading, FormError } from '../../components/Status';
import { useCall } from '../../hooks/useCall';

export function SubstitutionsScreen() {
  const today = useServiceToday();
  // null: the current week by the service's clock.
  const [week, setWeek] = useState<string | null>(null);
  const monday = week ?? (today ? mondayOf(today) : null);
  const [nonce, setNonce] = useState(0);
  const [done, setDone] = useState<string | null>(null);

  return (
    <div className="substitutions">
      <section className="panel" aria-labelledby="subst-title">
        <h1 id="subst-title">Замены</h1>
        {/* R-ROLE-2 */}
        <p className="muted">
          Заменяющий учитель заполняет журнал на уроках замены; в уроке сохраняются оба учителя. Уже записанные уроки отсутствующего
          учителя в эти дни получают замену сразу, остальные — когда урок будет открыт.
        </p>
        {today && (
          <SubstitutionForm
            today={today}
            onRecorded={(text, startsOn) => {
              setDone(text);
              setWeek(mondayOf(startsOn));
              setNonce((n) => n + 1);
            }}
          />
        )}
        {done && (
          <p className="status ok" role="status" data-testid="substitution-done">
            {done}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="subst-week-title">
        <div className="panel-head">
          <h2 id="subst-week-title">Замены за неделю {monday ? formatWeek(monday) : ''}</h2>
          <div className="day-nav">
            <button type="button" className="btn" aria-label="Предыдущая неделя" title="Предыдущая неделя" disabled={!monday} onClick={() => monday && setWeek(addDays(monday, -7))}>
              ←
            </button>
            <button type="button" className="btn" onClick={() => setWeek(null)}>
              Текущая неделя
            </button>
            <button type="button" className="btn" aria-label="Следующая неделя" title="Следующая неделя" disabled={!monday} onClick={() => monday && setWeek(addDays(monday, 7))}>
              →
            </button>
          </div>
        </div>
        {monday ? <WeekList key={`${monday}|${nonce}`} monday={monday} /> : <Loading />}
      </section>
    </div>
  );
}

function WeekList({ monday }: { monday: string }) {
  const list = useCall('substitution.list', { from: monday, to: addDays(monday, 6) });
  if (list.status === 'loading') return <Loading />;
  if (list.status === 'error') return <ErrorBox message={list.error} onRetry={list.reload} />;
  const rows = list.value as readonly Substitution[];
  if (rows.length === 0) {
    return (
      <p data-testid="substitution-list" className="empty">
        На этой неделе замен нет.
      </p>
    );
  }
  return (
    <table data-testid="substitution-list" className="table compact">
      <thead>
        <tr>
          <th>Даты</th>
          <th>Отсутствует</th>
          <th>Заменяет</th>
          <th>Уроки</th>
          <th>Причина</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id} data-testid="substitution-row">
            <td className="nowrap">{s.startsOn === s.endsOn ? formatRuDate(s.startsOn) : `${formatRuDate(s.startsOn)} — ${formatRuDate(s.endsOn)}`}</td>
            <td>{s.absentTeacher}</td>
            <td>{s.substituteTeacher}</td>
            <td>{s.lessonId ? 'один урок' : 'все уроки в эти дни'}</td>
            <td>{s.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TeacherSelect(props: { testId: string; label: string; teachers: readonly TeacherOption[]; value: string; exclude?: string; onChange(id: string): void }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">— выберите учителя —</option>
        {props.teachers
          .filter((t) => t.id !== props.exclude)
          .map((t) => (
            <option key={t.id} value={t.id} title={t.teaches}>
              {t.name} — {t.teaches}
            </option>
          ))}
      </select>
    </label>
  );
}

function SubstitutionForm({ today, onRecorded }: { today: string; onRecorded(text: string, startsOn: string): void }) {
  const teachers = useTeachers();
  const [absent, setAbsent] = useState('');
  const [substitute, setSubstitute] = useState('');
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (teachers.status === 'loading') return <Loading text="Загрузка списка учителей…" />;
  if (teachers.status === 'error') return <ErrorBox message={teachers.error} />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!absent || !substitute) return setError('Выберите отсутствующего и заменяющего учителя.');
    if (!startsOn || !endsOn || endsOn < startsOn) return setError('Проверьте даты замены.');
    if (reason.trim().length < 3) return setError('Укажите причину замены (болезнь, курсы, …).');
    setBusy(true);
    setError(null);
    call('substitution.record', { absentTeacherId: absent, substituteTeacherId: substitute, startsOn, endsOn, reason: reason.trim() }).then(
      (r) => {
        setBusy(false);
        const name = (id: string) => teachers.teachers.find((t) => t.id === id)?.name ?? '';
        onRecorded(`Замена записана: ${name(absent)} → ${name(substitute)}; уроков в журнале уже отмечено: ${r.lessons}.`, startsOn);
        setAbsent('');
        setSubstitute('');
        setReason('');
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  return (
    <form data-testid="substitution-form" className="substitution-form" onSubmit={submit}>
      <div className="form-grid">
        <TeacherSelect testId="substitution-absent" label="Отсутствующий учитель" teachers={teachers.teachers} value={absent} onChange={setAbsent} />
        <TeacherSelect testId="substitution-substitute" label="Заменяющий учитель" teachers={teachers.teachers} value={substitute} exclude={absent} onChange={setSubstitute} />
        <label className="field">
          <span>С</span>
          <DateField testId="substitution-from" value={startsOn} required onChange={setStartsOn} />
        </label>
        <label className="field">
          <span>По</span>
          <DateField testId="substitution-to" value={endsOn} min={startsOn || undefined} required onChange={setEndsOn} />
        </label>
        <label className="field span-2">
          <span>Причина</span>
          <input data-testid="substitution-reason" maxLength={300} placeholder="болезнь (листок нетрудоспособности), курсы повышения квалификации, …" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" data-testid="substitution-submit" className="btn primary" disabled={busy}>
          Записать замену
        </button>
        <FormError error={error} />
      </div>
    </form>
  );
}
