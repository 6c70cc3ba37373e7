// «Замены» for the deputy (R-ROLE-2, R-ROLE-4): record that teacher B replaces teacher A
// on a range of dates or on single lessons chosen from A's timetable (B then fills those
// lessons; each lesson keeps both names), warned when B has a lesson of their own at that
// time; and see the substitutions of a week.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { addDays, formatRuDate } from '../../../../shared/dates';
import type { ResultOf } from '../../../../service/api';
import { ApiError, call, errorMessage } from '../../api';
import { DateField } from '../../components/DateField';
import { formatWeek, mondayOf, useServiceToday, type Substitution } from '../../components/control/control-model';
import { useTeachers, type TeacherOption } from '../../components/control/useTeachers';
import { ErrorBox, Loading, FormError } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import '../../control.css';

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
            <td>{s.lessonId ? `${s.lessonNo ?? ''}-й урок${s.className ? `, ${s.className}` : ''}${s.subject ? `, ${s.subject.toLocaleLowerCase('ru')}` : ''}` : 'все уроки в эти дни'}</td>
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

type Scope = 'range' | 'lessons';
type AbsentLesson = ResultOf<'substitution.lessons'>['lessons'][number];
const slotId = (l: { date: string; lessonNo: number; assignmentId: string }) => `${l.assignmentId}|${l.date}|${l.lessonNo}`;

function SubstitutionForm({ today, onRecorded }: { today: string; onRecorded(text: string, startsOn: string): void }) {
  const teachers = useTeachers();
  const [absent, setAbsent] = useState('');
  const [substitute, setSubstitute] = useState('');
  const [scope, setScope] = useState<Scope>('range');
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The service's warning that the substitute has lessons of their own then (R-ROLE-2).
  const [warning, setWarning] = useState<string | null>(null);
  const warningBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (warning) warningBox.current?.scrollIntoView({ block: 'nearest' });
  }, [warning]);
  const datesOk = !!startsOn && !!endsOn && endsOn >= startsOn;
  const lessons = useCall('substitution.lessons', scope === 'lessons' && absent && datesOk
    ? { absentTeacherId: absent, from: startsOn, to: endsOn, ...(substitute ? { substituteTeacherId: substitute } : {}) }
    : null);
  const offered: readonly AbsentLesson[] = lessons.value?.lessons ?? lessons.stale?.lessons ?? [];

  if (teachers.status === 'loading') return <Loading text="Загрузка списка учителей…" />;
  if (teachers.status === 'error') return <ErrorBox message={teachers.error} />;

  const changed = () => {
    setWarning(null);
    setError(null);
  };
  const send = (confirmBusy: boolean) => {
    const picked = offered.filter((l) => chosen.has(slotId(l)));
    const where = scope === 'lessons'
      ? { lessons: picked.map((l) => ({ assignmentId: l.assignmentId, date: l.date, lessonNo: l.lessonNo })) }
      : { startsOn, endsOn };
    setBusy(true);
    setError(null);
    call('substitution.record', { absentTeacherId: absent, substituteTeacherId: substitute, ...where, reason: reason.trim(), ...(confirmBusy ? { confirmBusy } : {}) }).then(
      (r) => {
        setBusy(false);
        setWarning(null);
        const name = (id: string) => teachers.teachers.find((t) => t.id === id)?.name ?? '';
        const what = scope === 'lessons' ? `уроков: ${r.lessons}` : `уроков в журнале уже отмечено: ${r.lessons}`;
        onRecorded(`Замена записана: ${name(absent)} → ${name(substitute)}; ${what}.`, scope === 'lessons' ? (picked[0]?.date ?? startsOn) : startsOn);
        setAbsent('');
        setSubstitute('');
        setReason('');
        setChosen(new Set());
      },
      (err: unknown) => {
        setBusy(false);
        if (err instanceof ApiError && err.code === 'NEEDS_CONFIRMATION') setWarning(err.message);
        else setError(errorMessage(err));
      },
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!absent || !substitute) return setError('Выберите отсутствующего и заменяющего учителя.');
    if (!datesOk) return setError('Проверьте даты замены: дата окончания не раньше даты начала.');
    if (scope === 'lessons' && !offered.some((l) => chosen.has(slotId(l)))) return setError('Отметьте уроки, которые нужно заменить.');
    if (reason.trim().length < 3) return setError('Укажите причину замены (болезнь, курсы, …).');
    send(false);
  };
  const toggle = (id: string) => {
    changed();
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  return (
    <form data-testid="substitution-form" className="substitution-form" onSubmit={submit}>
      <div className="form-grid">
        <TeacherSelect testId="substitution-absent" label="Отсутствующий учитель" teachers={teachers.teachers} value={absent} onChange={(v) => (changed(), setChosen(new Set()), setAbsent(v))} />
        <TeacherSelect testId="substitution-substitute" label="Заменяющий учитель" teachers={teachers.teachers} value={substitute} exclude={absent} onChange={(v) => (changed(), setSubstitute(v))} />
        <fieldset className="span-2 subst-scope">
          <legend>Что заменяется</legend>
          <label className="check">
            <input type="radio" name="subst-scope" data-testid="substitution-scope-range" checked={scope === 'range'} onChange={() => (changed(), setScope('range'))} />
            все уроки учителя в эти дни
          </label>
          <label className="check">
            <input type="radio" name="subst-scope" data-testid="substitution-scope-lessons" checked={scope === 'lessons'} onChange={() => (changed(), setScope('lessons'))} />
            отдельные уроки
          </label>
        </fieldset>
        <label className="field">
          <span>С</span>
          <DateField testId="substitution-from" value={startsOn} required onChange={(v) => (changed(), setStartsOn(v))} />
        </label>
        <label className="field">
          <span>По</span>
          <DateField testId="substitution-to" value={endsOn} min={startsOn || undefined} required onChange={(v) => (changed(), setEndsOn(v))} />
        </label>
        {scope === 'lessons' && (
          <div className="span-2 subst-lessons">
            {!absent && <p className="muted">Выберите отсутствующего учителя: здесь появятся его уроки по расписанию.</p>}
            {absent && lessons.status === 'error' && <ErrorBox message={lessons.error} onRetry={lessons.reload} />}
            {absent && lessons.status === 'loading' && !lessons.stale && <Loading text="Уроки по расписанию…" />}
            {absent && lessons.status === 'ok' && offered.length === 0 && <p className="empty">В эти дни у учителя нет уроков по расписанию.</p>}
            {absent && offered.length > 0 && (
              <table className="table compact subst-lesson-table" data-testid="substitution-lessons">
                <thead>
                  <tr>
                    <th aria-label="Выбрать" />
                    <th>Дата</th>
                    <th>Урок</th>
                    <th>Класс, предмет</th>
                    <th>Уже заменяет</th>
                    <th>{substitute ? 'У заменяющего в это время' : 'Занятость заменяющего'}</th>
                  </tr>
                </thead>
                <tbody>
                  {offered.map((l) => (
                    <tr key={slotId(l)} data-testid="substitution-lesson" data-date={l.date} data-lesson-no={l.lessonNo} className={l.busy ? 'busy' : undefined}>
                      <td>
                        <input type="checkbox" data-testid="substitution-lesson-check" aria-label={`${formatRuDate(l.date)}, ${l.lessonNo}-й урок`} checked={chosen.has(slotId(l))} onChange={() => toggle(slotId(l))} />
                      </td>
                      <td className="nowrap">{formatRuDate(l.date)}</td>
                      <td className="nowrap">
                        {l.lessonNo}-й{l.startsAt && <span className="muted"> {l.startsAt}–{l.endsAt}</span>}
                      </td>
                      <td>
                        {l.className}, {l.subject.toLocaleLowerCase('ru')}
                        {l.subgroup && <span className="muted"> ({l.subgroup})</span>}
                      </td>
                      <td>{l.substitute ?? <span className="muted">—</span>}</td>
                      <td data-testid="substitution-lesson-busy">
                        {!substitute ? <span className="muted">выберите заменяющего</span> : l.busy ? <span className="bad-text">свой урок: {l.busy}</span> : <span className="muted">свободен</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
        <label className="field span-2">
          <span>Причина</span>
          <input data-testid="substitution-reason" maxLength={300} placeholder="болезнь, курсы, …" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      {warning && (
        <div ref={warningBox} className="subst-warning" role="alert" data-testid="substitution-warning">
          <p>{warning}</p>
          <div className="form-actions">
            <button type="button" data-testid="substitution-confirm" className="btn primary small" disabled={busy} onClick={() => send(true)}>
              Записать замену всё равно
            </button>
            <button type="button" className="btn small" disabled={busy} onClick={() => setWarning(null)}>
              Изменить
            </button>
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" data-testid="substitution-submit" className="btn primary" disabled={busy || !!warning}>
          Записать замену
        </button>
        <FormError error={error} />
      </div>
    </form>
  );
}
