// Step «Звонки»: the start and end of each lesson. Before any bells are saved, a usual day
// is offered: 45-minute lessons from 08:30 with ten-minute breaks and two longer ones.
import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { FormError } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { Saved, StepHead } from './SetupScreen';
import type { StepProps } from './setup-model';

interface Row {
  readonly lessonNo: number;
  readonly startsAt: string;
  readonly endsAt: string;
}

const hm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** 7 lessons of 45 minutes from 08:30; 20-minute breaks after the 2nd and the 3rd. */
export function usualBells(): Row[] {
  const rows: Row[] = [];
  let t = 8 * 60 + 30;
  for (let n = 1; n <= 7; n++) {
    rows.push({ lessonNo: n, startsAt: hm(t), endsAt: hm(t + 45) });
    t += 45 + (n === 2 || n === 3 ? 20 : 10);
  }
  return rows;
}

export function BellsStep({ view, onSaved }: StepProps) {
  const [rows, setRows] = useState<Row[]>(() => (view.bells.length > 0 ? view.bells : usualBells()));
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const change = (i: number, patch: Partial<Row>) => {
    setSaved(null);
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const r = await call('setup.saveBells', { bells: rows.map((b) => ({ lessonNo: b.lessonNo, startsAt: b.startsAt.trim(), endsAt: b.endsAt.trim() })) });
      setSaved(`Расписание звонков сохранено: уроков — ${r.saved}.`);
      onSaved();
    });
  };
  const last = rows[rows.length - 1];
  return (
    <form className="setup-form" data-testid="bells-form" onSubmit={submit} noValidate>
      <StepHead title="Звонки">{view.bells.length === 0 ? 'Звонки ещё не заданы: ниже — обычное расписание, его можно изменить.' : 'Начало и конец каждого урока.'}</StepHead>
      <table className="table compact setup-bells">
        <thead>
          <tr>
            <th>Урок</th>
            <th>Начало</th>
            <th>Конец</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.lessonNo} data-testid="bell-row">
              <td>{r.lessonNo}</td>
              <td>
                <input className="setup-time" data-testid={`bell-start-${r.lessonNo}`} aria-label={`Начало урока ${r.lessonNo}`} value={r.startsAt} maxLength={5} placeholder="ЧЧ:ММ" onChange={(e) => change(i, { startsAt: e.target.value })} />
              </td>
              <td>
                <input className="setup-time" data-testid={`bell-end-${r.lessonNo}`} aria-label={`Конец урока ${r.lessonNo}`} value={r.endsAt} maxLength={5} placeholder="ЧЧ:ММ" onChange={(e) => change(i, { endsAt: e.target.value })} />
              </td>
              <td>
                {i === rows.length - 1 && rows.length > 1 && (
                  <button type="button" className="btn small" onClick={() => setRows(rows.slice(0, -1))}>
                    Убрать
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="btn" data-testid="bell-add" disabled={rows.length >= 12} onClick={() => setRows([...rows, { lessonNo: (last?.lessonNo ?? 0) + 1, startsAt: '', endsAt: '' }])}>
          Добавить урок
        </button>
        <button type="submit" className="btn primary" data-testid="bells-save" disabled={action.busy}>
          Сохранить звонки
        </button>
        <FormError error={action.error} />
        <Saved text={saved} testId="bells-saved" />
      </div>
    </form>
  );
}
