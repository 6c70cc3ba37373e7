// «Настройка учебного года» (the administrator, R-ROLE-6): one guided flow, its steps in a
// side list marked ✓ / ✗ by setup.checklist. Each step is a form that saves on its own and
// can be opened again: the school's details and the titles printed on paper, the year with
// its periods and holidays, the bells, the classes and class teachers, subjects and the
// curriculum, the teaching load, a class's timetable, the deputies' parallels (R-ROLE-4),
// and the final check that creates the lessons from the timetable. Staff and the students'
// lists are other screens («Сотрудники», «Импорт и экспорт»): the flow links to them.
import { useState } from 'react';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import { BellsStep } from './BellsStep';
import { CheckStep } from './CheckStep';
import { ClassesStep } from './ClassesStep';
import { CurriculumStep } from './CurriculumStep';
import { DeputiesStep } from './DeputiesStep';
import { LoadStep } from './LoadStep';
import { SchoolStep } from './SchoolStep';
import { TimetableStep } from './TimetableStep';
import { YearStep } from './YearStep';
import type { StepProps } from './setup-model';
import '../../people.css';
import '../../setup.css';

type StepKey = 'school' | 'year' | 'bells' | 'classes' | 'curriculum' | 'load' | 'timetable' | 'deputies' | 'check';

interface StepDef {
  readonly key: StepKey;
  readonly title: string;
  /** The checklist's items this step completes (none: the step is not checked). */
  readonly items: readonly string[];
}

const STEPS: readonly StepDef[] = [
  { key: 'school', title: 'Школа', items: ['school'] },
  { key: 'year', title: 'Учебный год и периоды', items: ['year', 'periods', 'holidays'] },
  { key: 'bells', title: 'Звонки', items: ['bells'] },
  { key: 'classes', title: 'Классы', items: ['classes'] },
  { key: 'curriculum', title: 'Предметы и учебный план', items: ['curriculum'] },
  { key: 'load', title: 'Нагрузка', items: ['load'] },
  { key: 'timetable', title: 'Расписание', items: ['timetable'] },
  { key: 'deputies', title: 'Заместители', items: [] },
  { key: 'check', title: 'Проверка', items: [] },
];

interface Props {
  /** Opens another screen of the administrator: staff, import and export. */
  onOpen(screen: 'staff' | 'exchange' | 'students'): void;
}

export function SetupScreen({ onOpen }: Props) {
  const [step, setStep] = useState<StepKey>('school');
  const [pickedYear, setPickedYear] = useState<string | null>(null);
  const view = useCall('setupView.year', pickedYear ? { yearId: pickedYear } : {});
  const v = view.value ?? view.stale;
  const yearId = v?.year?.id ?? null;
  const checklist = useCall('setup.checklist', yearId ? { yearId } : {});
  const items = (checklist.value ?? checklist.stale)?.items ?? [];
  const reload = () => {
    view.reload();
    checklist.reload();
  };

  const mark = (def: StepDef): boolean | null => {
    if (def.key === 'check') return (checklist.value ?? checklist.stale)?.ready ?? null;
    const own = items.filter((i) => def.items.includes(i.key));
    return own.length === 0 ? null : own.every((i) => i.done);
  };
  const itemDone = (key: string) => items.find((i) => i.key === key)?.done;
  const props: StepProps | null = v ? { view: v, yearId, onSaved: reload } : null;

  return (
    <section className="panel setup-screen" aria-labelledby="setup-title">
      <div className="panel-head">
        <h1 id="setup-title">Настройка учебного года</h1>
        {v && v.years.length > 1 && (
          <label className="setup-year-pick">
            <span>Учебный год</span>
            <select data-testid="setup-year" value={yearId ?? ''} onChange={(e) => setPickedYear(e.target.value || null)}>
              {v.years.map((y) => (
                <option key={y.id} value={y.id}>
                  {y.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="setup-layout">
        <nav className="setup-steps" aria-label="Шаги настройки">
          <ol>
            {STEPS.map((def) => {
              const done = mark(def);
              return (
                <li key={def.key}>
                  <button
                    type="button"
                    data-testid={`setup-step-${def.key}`}
                    data-done={done === null ? undefined : done}
                    className={step === def.key ? 'setup-step active' : 'setup-step'}
                    aria-current={step === def.key ? 'step' : undefined}
                    onClick={() => setStep(def.key)}
                  >
                    <span className={done === null ? 'setup-mark' : done ? 'setup-mark done' : 'setup-mark missing'} aria-hidden="true">
                      {done === null ? '·' : done ? '✓' : '✗'}
                    </span>
                    {def.title}
                    {done !== null && <span className="adm-hidden-label">{done ? ': готово' : ': не готово'}</span>}
                  </button>
                </li>
              );
            })}
          </ol>
          <p className="setup-links-title">В других разделах</p>
          <ul className="setup-links">
            <li>
              <button type="button" className="link" data-testid="setup-link-staff" onClick={() => onOpen('staff')}>
                <span className={itemDone('director') === false ? 'setup-mark missing' : 'setup-mark done'} aria-hidden="true">{itemDone('director') === false ? '✗' : '✓'}</span>
                Сотрудники
              </button>
            </li>
            <li>
              <button type="button" className="link" data-testid="setup-link-exchange" onClick={() => onOpen('exchange')}>
                <span className={itemDone('students') === false ? 'setup-mark missing' : 'setup-mark done'} aria-hidden="true">{itemDone('students') === false ? '✗' : '✓'}</span>
                Импорт и экспорт
              </button>
            </li>
            <li>
              <button type="button" className="link" data-testid="setup-link-students" onClick={() => onOpen('students')}>
                <span className="setup-mark" aria-hidden="true">·</span>
                Ученики
              </button>
            </li>
          </ul>
        </nav>
        <div className="setup-body" data-testid="setup-body" data-step={step}>
          {view.status === 'error' && <ErrorBox message={view.error} onRetry={view.reload} />}
          {!props && view.status === 'loading' && <Loading />}
          {props && step === 'school' && <SchoolStep {...props} onOpenStaff={() => onOpen('staff')} />}
          {props && step === 'year' && <YearStep {...props} onPickYear={setPickedYear} />}
          {props && step === 'bells' && <BellsStep {...props} />}
          {props && step === 'classes' && <ClassesStep {...props} onOpenStaff={() => onOpen('staff')} />}
          {props && step === 'curriculum' && <CurriculumStep {...props} />}
          {props && step === 'load' && <LoadStep {...props} />}
          {props && step === 'timetable' && <TimetableStep {...props} />}
          {props && step === 'deputies' && <DeputiesStep {...props} onOpenStaff={() => onOpen('staff')} />}
          {props && step === 'check' && <CheckStep {...props} checklist={checklist.value ?? checklist.stale ?? null} onReloadChecklist={checklist.reload} />}
        </div>
      </div>
    </section>
  );
}

/** A step's heading, its note, and the message of its last save. */
export function StepHead({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="setup-step-head">
      <h2>{title}</h2>
      {children && <p className="muted">{children}</p>}
    </div>
  );
}

export function Saved({ text, testId }: { text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <span className="status ok setup-saved" role="status" data-testid={testId}>
      {text}
    </span>
  );
}
