// Step «Предметы и учебный план» (R-REC-6): the school's subjects, and for each grade the
// hours a week of each subject (учебный план); a blank field leaves the subject out of the
// grade's plan. The service refuses hours the week's bells cannot fit.
import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../../api';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { Saved, StepHead } from './SetupScreen';
import { gradesOf, hoursText, parseHours, type StepProps, type Subject } from './setup-model';

export function CurriculumStep({ view, yearId, onSaved }: StepProps) {
  const subjects = useCall('curriculum.subjects', {});
  const plan = useCall('curriculum.plan', yearId ? { yearId } : null);
  const grades = gradesOf(view);
  const [grade, setGrade] = useState(grades[0] ?? 1);
  if (!yearId) return <StepHead title="Предметы и учебный план">Сначала создайте учебный год.</StepHead>;
  if (subjects.status === 'error') return <ErrorBox message={subjects.error} onRetry={subjects.reload} />;
  if (plan.status === 'error') return <ErrorBox message={plan.error} onRetry={plan.reload} />;
  const list = (subjects.value ?? subjects.stale ?? []).filter((s) => !s.retired);
  const lines = plan.value ?? plan.stale;
  return (
    <div className="setup-form" data-testid="curriculum-step">
      <StepHead title="Предметы и учебный план" />
      <div className="setup-columns">
        <div>
          <h3>Предметы</h3>
          <SubjectList subjects={list} onSaved={subjects.reload} />
        </div>
        <div>
          <h3>Учебный план: часов в неделю</h3>
          <label className="field setup-narrow">
            <span>Параллель</span>
            <select data-testid="plan-grade" value={grade} onChange={(e) => setGrade(Number(e.target.value))}>
              {grades.map((g) => (
                <option key={g} value={g}>
                  {g} класс
                </option>
              ))}
            </select>
          </label>
          {!lines ? (
            <Loading />
          ) : (
            <GradePlan
              key={`${grade}-${list.length}`}
              yearId={yearId}
              grade={grade}
              subjects={list}
              lines={lines.filter((l) => l.grade === grade)}
              onSaved={() => {
                plan.reload();
                onSaved();
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}

function SubjectList({ subjects, onSaved }: { subjects: Subject[]; onSaved(): void }) {
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [graded, setGraded] = useState(true);
  const action = useAction();
  const add = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await call('curriculum.saveSubject', { name, shortName: shortName || name.slice(0, 20), graded });
      setName('');
      setShortName('');
      setGraded(true);
      onSaved();
    });
  };
  return (
    <>
      <ul className="setup-subjects" data-testid="subjects-list">
        {subjects.map((s) => (
          <li key={s.id} data-testid="subject-item">
            {s.name} <span className="muted">({s.shortName}{s.graded ? '' : ', без отметок'})</span>
          </li>
        ))}
        {subjects.length === 0 && <li className="muted">Предметов ещё нет.</li>}
      </ul>
      <form className="setup-inline" data-testid="subject-form" onSubmit={add} noValidate>
        <label className="field">
          <span>Предмет</span>
          <input data-testid="subject-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field setup-narrow">
          <span>Кратко</span>
          <input data-testid="subject-short" value={shortName} maxLength={20} onChange={(e) => setShortName(e.target.value)} />
        </label>
        <label className="setup-check">
          <input type="checkbox" checked={graded} onChange={(e) => setGraded(e.target.checked)} /> с отметками
        </label>
        <button type="submit" className="btn" data-testid="subject-add" disabled={action.busy}>
          Добавить
        </button>
        <FormError error={action.error} />
      </form>
    </>
  );
}

interface GradePlanProps {
  yearId: string;
  grade: number;
  subjects: Subject[];
  lines: { subjectId: string; hoursPerWeek: number; splitGroups: boolean }[];
  onSaved(): void;
}

function GradePlan({ yearId, grade, subjects, lines, onSaved }: GradePlanProps) {
  const [hours, setHours] = useState<Record<string, string>>(() => Object.fromEntries(lines.map((l) => [l.subjectId, hoursText(l.hoursPerWeek)])));
  const [split, setSplit] = useState<Record<string, boolean>>(() => Object.fromEntries(lines.map((l) => [l.subjectId, l.splitGroups])));
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const total = Object.values(hours).reduce((s, h) => s + (h.trim() ? parseHours(h) || 0 : 0), 0);
  const save = () =>
    void action.run(async () => {
      const picked = subjects.filter((s) => (hours[s.id] ?? '').trim() !== '');
      for (const s of picked) if (!Number.isFinite(parseHours(hours[s.id]!))) throw new ApiError('VALIDATION', `«${s.name}»: часы — число, например 2 или 0,5`);
      const r = await call('curriculum.savePlan', { yearId, grade, lines: picked.map((s) => ({ subjectId: s.id, hoursPerWeek: parseHours(hours[s.id]!), splitGroups: split[s.id] === true })) });
      setSaved(`Учебный план ${grade} класса сохранён: ${hoursText(r.hoursPerWeek)} ч в неделю.`);
      onSaved();
    });
  return (
    <>
      <table className="table compact" data-testid="plan-table">
        <thead>
          <tr>
            <th>Предмет</th>
            <th>Часов в неделю</th>
            <th>Деление на группы</th>
          </tr>
        </thead>
        <tbody>
          {subjects.map((s) => (
            <tr key={s.id} data-testid="plan-row" data-subject={s.name}>
              <td>{s.name}</td>
              <td>
                <input className="setup-hours" aria-label={`${s.name}: часов в неделю`} data-testid="plan-hours" value={hours[s.id] ?? ''} maxLength={4} onChange={(e) => { setSaved(null); setHours({ ...hours, [s.id]: e.target.value }); }} />
              </td>
              <td>
                <input type="checkbox" aria-label={`${s.name}: деление на группы`} checked={split[s.id] === true} onChange={(e) => setSplit({ ...split, [s.id]: e.target.checked })} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Всего</td>
            <td data-testid="plan-total">{hoursText(total)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <div className="form-actions">
        <button type="button" className="btn primary" data-testid="plan-save" disabled={action.busy || subjects.length === 0} onClick={save}>
          Сохранить план {grade} класса
        </button>
        <FormError error={action.error} />
        <Saved text={saved} testId="plan-saved" />
      </div>
    </>
  );
}
