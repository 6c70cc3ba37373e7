// Step «Учебный год и периоды» (R-REC-4): a proposal from the service as a starting point —
// quarters for grades 1–9 (trimesters as an option), half-years for 10–11, the year, and the
// holidays — edited in a table and created at once (the service checks every grade's periods
// for gaps and overlaps). Once the year exists its periods are shown, and its holidays can
// be added, changed and cancelled one by one.
import { useState } from 'react';
import { call } from '../../api';
import { DateField } from '../../components/DateField';
import { FormError } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { formatRuDate } from '../../../../shared/dates';
import { StepHead } from './SetupScreen';
import type { StepProps } from './setup-model';

type PeriodKind = 'quarter' | 'half_year' | 'trimester' | 'year';
interface PeriodRow {
  kind: PeriodKind;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
  gradeFrom: number;
  gradeTo: number;
}
interface HolidayRow {
  id?: string;
  name: string;
  startsOn: string;
  endsOn: string;
  gradeFrom: number;
  gradeTo: number;
}
interface Plan {
  name: string;
  startsOn: string;
  endsOn: string;
  periods: PeriodRow[];
  holidays: HolidayRow[];
}

const grades = (r: { gradeFrom: number; gradeTo: number }) => (r.gradeFrom === r.gradeTo ? `${r.gradeFrom}` : `${r.gradeFrom}–${r.gradeTo}`);

export function YearStep({ view, yearId, onSaved, onPickYear }: StepProps & { onPickYear(id: string): void }) {
  const [proposing, setProposing] = useState(!yearId);
  if (proposing || !view.year) {
    return (
      <NewYear
        view={view}
        onCancel={view.year ? () => setProposing(false) : undefined}
        onCreated={(id) => {
          setProposing(false);
          onPickYear(id);
          onSaved();
        }}
      />
    );
  }
  return (
    <div className="setup-form" data-testid="year-view">
      <StepHead title={`Учебный год ${view.year.name}`}>
        {formatRuDate(view.year.startsOn)} – {formatRuDate(view.year.endsOn)}. Периоды года после создания не меняются здесь; каникулы можно добавить, изменить и отменить.
      </StepHead>
      <h3>Учебные периоды</h3>
      <table className="table compact" data-testid="year-periods">
        <thead>
          <tr>
            <th>Период</th>
            <th>Классы</th>
            <th>Начало</th>
            <th>Конец</th>
          </tr>
        </thead>
        <tbody>
          {view.periods.map((p) => (
            <tr key={p.id} data-testid="year-period-row">
              <td>{p.name}</td>
              <td>{grades(p)}</td>
              <td>{formatRuDate(p.startsOn)}</td>
              <td>{formatRuDate(p.endsOn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Каникулы</h3>
      <HolidayEditor yearId={view.year.id} holidays={view.holidays} min={view.year.startsOn} max={view.year.endsOn} onSaved={onSaved} />
      <p>
        <button type="button" className="btn" data-testid="year-new" onClick={() => setProposing(true)}>
          Создать следующий учебный год…
        </button>
      </p>
    </div>
  );
}

function NewYear({ view, onCancel, onCreated }: { view: StepProps['view']; onCancel?: () => void; onCreated(id: string): void }) {
  const lastYear = view.years[view.years.length - 1];
  const [startYear, setStartYear] = useState(() => (lastYear ? Number(lastYear.startsOn.slice(0, 4)) + 1 : new Date().getMonth() >= 5 ? new Date().getFullYear() : new Date().getFullYear() - 1));
  const [scheme, setScheme] = useState<'quarters' | 'trimesters'>('quarters');
  const [plan, setPlan] = useState<Plan | null>(null);
  const propose = useAction();
  const create = useAction();

  const ask = () =>
    void propose.run(async () => {
      const p = await call('setup.proposeYear', { startYear, scheme });
      setPlan({ ...p, periods: p.periods.map((x) => ({ ...x })), holidays: p.holidays.map((x) => ({ ...x })) });
    });
  const setPeriod = (i: number, patch: Partial<PeriodRow>) => plan && setPlan({ ...plan, periods: plan.periods.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const setHoliday = (i: number, patch: Partial<HolidayRow>) => plan && setPlan({ ...plan, holidays: plan.holidays.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  const submit = () =>
    plan &&
    void create.run(async () => {
      const r = await call('setup.createYear', {
        name: plan.name, startsOn: plan.startsOn, endsOn: plan.endsOn,
        periods: plan.periods,
        holidays: plan.holidays.map((h) => ({ name: h.name, startsOn: h.startsOn, endsOn: h.endsOn, gradeFrom: h.gradeFrom, gradeTo: h.gradeTo })),
      });
      onCreated(r.yearId);
    });

  return (
    <div className="setup-form" data-testid="year-new-form">
      <StepHead title="Новый учебный год">Программа предложит периоды и каникулы по обычному календарю школ; их можно поправить перед созданием года.</StepHead>
      <div className="setup-inline">
        <label className="field">
          <span>Год начала</span>
          <input type="number" data-testid="year-start" min={2020} max={2100} value={startYear} onChange={(e) => setStartYear(Number(e.target.value))} />
        </label>
        <label className="field">
          <span>Периоды для 1–9 классов</span>
          <select data-testid="year-scheme" value={scheme} onChange={(e) => setScheme(e.target.value as 'quarters' | 'trimesters')}>
            <option value="quarters">четверти</option>
            <option value="trimesters">триместры</option>
          </select>
        </label>
        <button type="button" className="btn" data-testid="year-propose" disabled={propose.busy} onClick={ask}>
          Предложить календарь
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Отмена
          </button>
        )}
        <FormError error={propose.error} />
      </div>
      {plan && (
        <>
          <div className="setup-inline">
            <label className="field">
              <span>Учебный год</span>
              <input data-testid="year-name" value={plan.name} maxLength={9} onChange={(e) => setPlan({ ...plan, name: e.target.value })} />
            </label>
            <label className="field">
              <span>Начало</span>
              <DateField testId="year-starts" value={plan.startsOn} onChange={(v) => setPlan({ ...plan, startsOn: v })} />
            </label>
            <label className="field">
              <span>Конец</span>
              <DateField testId="year-ends" value={plan.endsOn} onChange={(v) => setPlan({ ...plan, endsOn: v })} />
            </label>
          </div>
          <div className="setup-two-tables">
            <table className="table compact" data-testid="plan-periods">
              <caption>Учебные периоды</caption>
              <thead>
                <tr>
                  <th>Период</th>
                  <th>Классы</th>
                  <th>Начало</th>
                  <th>Конец</th>
                </tr>
              </thead>
              <tbody>
                {plan.periods.map((p, i) => (
                  <tr key={`${p.kind}-${p.number}-${p.gradeFrom}`} data-testid="plan-period-row">
                    <td>
                      <input className="setup-name" aria-label="Название периода" value={p.name} maxLength={40} onChange={(e) => setPeriod(i, { name: e.target.value })} />
                    </td>
                    <td>{grades(p)}</td>
                    <td>
                      <DateField ariaLabel={`${p.name}: начало`} value={p.startsOn} onChange={(v) => setPeriod(i, { startsOn: v })} />
                    </td>
                    <td>
                      <DateField ariaLabel={`${p.name}: конец`} value={p.endsOn} onChange={(v) => setPeriod(i, { endsOn: v })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table compact" data-testid="plan-holidays">
              <caption>Каникулы</caption>
              <thead>
                <tr>
                  <th>Название</th>
                  <th>Классы</th>
                  <th>Начало</th>
                  <th>Конец</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {plan.holidays.map((h, i) => (
                  <tr key={i} data-testid="plan-holiday-row">
                    <td>
                      <input className="setup-name" aria-label="Название каникул" value={h.name} maxLength={80} onChange={(e) => setHoliday(i, { name: e.target.value })} />
                    </td>
                    <td>
                      <GradeRange value={h} onChange={(g) => setHoliday(i, g)} />
                    </td>
                    <td>
                      <DateField ariaLabel={`${h.name}: начало`} value={h.startsOn} onChange={(v) => setHoliday(i, { startsOn: v })} />
                    </td>
                    <td>
                      <DateField ariaLabel={`${h.name}: конец`} value={h.endsOn} onChange={(v) => setHoliday(i, { endsOn: v })} />
                    </td>
                    <td>
                      <button type="button" className="btn small" onClick={() => setPlan({ ...plan, holidays: plan.holidays.filter((_, j) => j !== i) })}>
                        Убрать
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setPlan({ ...plan, holidays: [...plan.holidays, { name: '', startsOn: '', endsOn: '', gradeFrom: 1, gradeTo: 11 }] })}>
              Добавить каникулы
            </button>
            <button type="button" className="btn primary" data-testid="year-create" disabled={create.busy} onClick={submit}>
              Создать учебный год {plan.name}
            </button>
            <FormError error={create.error} />
          </div>
        </>
      )}
    </div>
  );
}

function GradeRange({ value, onChange }: { value: { gradeFrom: number; gradeTo: number }; onChange(v: { gradeFrom: number; gradeTo: number }): void }) {
  const options = Array.from({ length: 11 }, (_, i) => i + 1);
  return (
    <span className="setup-grades">
      <select aria-label="Классы с" value={value.gradeFrom} onChange={(e) => onChange({ ...value, gradeFrom: Number(e.target.value) })}>
        {options.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
      –
      <select aria-label="Классы по" value={value.gradeTo} onChange={(e) => onChange({ ...value, gradeTo: Number(e.target.value) })}>
        {options.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </select>
    </span>
  );
}

interface HolidayEditorProps {
  yearId: string;
  holidays: readonly HolidayRow[];
  min: string;
  max: string;
  onSaved(): void;
}

/** The created year's holidays: each row saves or is cancelled on its own (with a reason). */
function HolidayEditor({ yearId, holidays, min, max, onSaved }: HolidayEditorProps) {
  const [adding, setAdding] = useState<HolidayRow | null>(null);
  return (
    <>
      <table className="table compact" data-testid="year-holidays">
        <thead>
          <tr>
            <th>Название</th>
            <th>Классы</th>
            <th>Начало</th>
            <th>Конец</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {holidays.map((h) => (
            <HolidayRowEdit key={`${h.id}-${h.name}-${h.startsOn}-${h.endsOn}`} yearId={yearId} initial={h} min={min} max={max} onSaved={onSaved} />
          ))}
          {adding && <HolidayRowEdit yearId={yearId} initial={adding} min={min} max={max} onSaved={() => { setAdding(null); onSaved(); }} onCancel={() => setAdding(null)} />}
        </tbody>
      </table>
      {!adding && (
        <button type="button" className="btn" data-testid="holiday-add" onClick={() => setAdding({ name: '', startsOn: '', endsOn: '', gradeFrom: 1, gradeTo: 11 })}>
          Добавить каникулы
        </button>
      )}
    </>
  );
}

function HolidayRowEdit({ yearId, initial, min, max, onSaved, onCancel }: { yearId: string; initial: HolidayRow; min: string; max: string; onSaved(): void; onCancel?: () => void }) {
  const [h, setH] = useState(initial);
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const changed = JSON.stringify(h) !== JSON.stringify(initial);
  const save = () =>
    void action.run(async () => {
      await call('setup.saveHoliday', { yearId, ...(h.id ? { holidayId: h.id } : {}), holiday: { name: h.name, startsOn: h.startsOn, endsOn: h.endsOn, gradeFrom: h.gradeFrom, gradeTo: h.gradeTo } });
      setSaved('Сохранено.');
      onSaved();
    });
  const remove = () =>
    h.id &&
    void action.run(async () => {
      await call('setup.removeHoliday', { holidayId: h.id!, reason });
      onSaved();
    });
  return (
    <tr data-testid="holiday-row">
      <td>
        <input className="setup-name" aria-label="Название каникул" data-testid="holiday-name" value={h.name} maxLength={80} onChange={(e) => setH({ ...h, name: e.target.value })} />
      </td>
      <td>
        <GradeRange value={h} onChange={(g) => setH({ ...h, ...g })} />
      </td>
      <td>
        <DateField testId="holiday-starts" ariaLabel="Начало каникул" value={h.startsOn} min={min} max={max} onChange={(v) => setH({ ...h, startsOn: v })} />
      </td>
      <td>
        <DateField testId="holiday-ends" ariaLabel="Конец каникул" value={h.endsOn} min={min} max={max} onChange={(v) => setH({ ...h, endsOn: v })} />
      </td>
      <td className="setup-row-actions">
        {(changed || !h.id) && (
          <button type="button" className="btn small primary" data-testid="holiday-save" disabled={action.busy} onClick={save}>
            Сохранить
          </button>
        )}
        {onCancel && (
          <button type="button" className="btn small" onClick={onCancel}>
            Отмена
          </button>
        )}
        {h.id && !removing && (
          <button type="button" className="btn small" onClick={() => setRemoving(true)}>
            Отменить каникулы
          </button>
        )}
        {removing && (
          <>
            <input aria-label="Причина отмены" placeholder="Причина" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
            <button type="button" className="btn small" disabled={action.busy} onClick={remove}>
              Подтвердить
            </button>
          </>
        )}
        <FormError error={action.error} />
        {saved && !changed && <span className="ok-text">{saved}</span>}
      </td>
    </tr>
  );
}
