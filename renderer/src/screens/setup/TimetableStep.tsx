// Step «Расписание»: a class's week as a grid of weekdays × lesson numbers; each cell takes
// one item of the class's load and a room. «Сохранить с даты» puts the timetable in force
// from that date (the service refuses a teacher, a room or the class in two places at once)
// and regenerates the lessons from it, across each period and skipping holidays.
import { useState } from 'react';
import { call } from '../../api';
import { DateField } from '../../components/DateField';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { StepHead } from './SetupScreen';
import { WEEKDAYS, type StepProps } from './setup-model';

interface Cell {
  assignmentId: string;
  room: string;
}
type Grid = Record<string, Cell>;
const keyOf = (weekday: number, lessonNo: number) => `${weekday}:${lessonNo}`;

export function TimetableStep({ view, yearId, onSaved }: StepProps) {
  const [pickedClass, setPickedClass] = useState('');
  const classId = pickedClass || (view.classes[0]?.id ?? '');
  const year = view.year;
  // From the year's first day, or from today once the year is under way.
  const today = view.today;
  const [from, setFrom] = useState(() => (year ? (today > year.startsOn && today <= year.endsOn ? today : year.startsOn) : ''));
  const week = useCall('timetable.week', classId && from ? { classId, date: from } : null);
  // Kept here: the grid is made afresh from the saved week after each save.
  const [result, setResult] = useState<Result | null>(null);
  if (!yearId || !year) return <StepHead title="Расписание">Сначала создайте учебный год.</StepHead>;
  if (view.classes.length === 0) return <StepHead title="Расписание">Сначала добавьте классы и нагрузку.</StepHead>;
  return (
    <div className="setup-form" data-testid="timetable-step">
      <StepHead title="Расписание уроков" />
      <div className="setup-inline">
        <label className="field">
          <span>Класс</span>
          <select data-testid="tt-class" value={classId} onChange={(e) => { setPickedClass(e.target.value); setResult(null); }}>
            {view.classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Действует с</span>
          <DateField testId="tt-from" value={from} min={year.startsOn} max={year.endsOn} onChange={setFrom} />
        </label>
      </div>
      {week.status === 'error' && <ErrorBox message={week.error} onRetry={week.reload} />}
      {week.status === 'loading' && <Loading />}
      {week.status === 'ok' && (
        <WeekGrid
          key={`${classId}|${from}|${JSON.stringify(week.value)}`}
          view={view}
          classId={classId}
          from={from}
          initial={Object.fromEntries(week.value.map((e) => [keyOf(e.weekday, e.lessonNo), { assignmentId: e.assignmentId, room: e.room }]))}
          onResult={setResult}
          onSaved={() => {
            week.reload();
            onSaved();
          }}
        />
      )}
      {result && (
        <div className="status ok" role="status" data-testid="tt-result">
          {result.text}
          {result.warnings.length > 0 && (
            <ul data-testid="tt-warnings">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

interface Result {
  readonly text: string;
  readonly warnings: readonly string[];
}

interface GridProps {
  view: StepProps['view'];
  classId: string;
  from: string;
  initial: Grid;
  onResult(result: Result | null): void;
  onSaved(): void;
}

function WeekGrid({ view, classId, from, initial, onResult: setResult, onSaved }: GridProps) {
  const [grid, setGrid] = useState<Grid>(initial);
  const action = useAction();
  const load = view.assignments.filter((a) => a.classId === classId);
  const room = view.classes.find((c) => c.id === classId)?.room ?? '';
  const lessonNos = view.bells.length > 0 ? view.bells.map((b) => b.lessonNo) : [1, 2, 3, 4, 5, 6, 7];
  const set = (k: string, cell: Cell | null) => {
    setResult(null);
    const next = { ...grid };
    if (cell) next[k] = cell;
    else delete next[k];
    setGrid(next);
  };
  const counts = new Map<string, number>();
  for (const c of Object.values(grid)) counts.set(c.assignmentId, (counts.get(c.assignmentId) ?? 0) + 1);
  const save = () =>
    void action.run(async () => {
      const slots = Object.entries(grid).map(([k, c]) => {
        const [weekday, lessonNo] = k.split(':').map(Number);
        return { assignmentId: c.assignmentId, weekday: weekday!, lessonNo: lessonNo!, room: c.room };
      });
      const r = await call('timetable.save', { classId, from, slots, regenerate: true });
      const lessons = r.lessons ? ` Уроков создано: ${r.lessons.created}, отменено: ${r.lessons.cancelled}, восстановлено: ${r.lessons.restored}.` : '';
      setResult({ text: r.changed === 0 ? 'Расписание не изменилось.' : `Расписание сохранено: изменений — ${r.changed}.${lessons}`, warnings: r.warnings });
      onSaved();
    });
  if (load.length === 0) return <p className="status info">У класса ещё нет нагрузки: сначала заполните шаг «Нагрузка».</p>;
  return (
    <>
      <div className="setup-tt-wrap">
        <table className="table compact setup-tt" data-testid="tt-grid">
          <thead>
            <tr>
              <th>Урок</th>
              {[1, 2, 3, 4, 5, 6].map((d) => (
                <th key={d}>{WEEKDAYS[d]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lessonNos.map((n) => (
              <tr key={n}>
                <th>{n}</th>
                {[1, 2, 3, 4, 5, 6].map((d) => {
                  const k = keyOf(d, n);
                  const cell = grid[k];
                  return (
                    <td key={d} data-testid="tt-cell" data-weekday={d} data-lesson={n}>
                      <select
                        aria-label={`${WEEKDAYS[d]}, урок ${n}`}
                        data-testid={`tt-${d}-${n}`}
                        value={cell?.assignmentId ?? ''}
                        onChange={(e) => set(k, e.target.value ? { assignmentId: e.target.value, room: cell?.room || room } : null)}
                      >
                        <option value="">—</option>
                        {load.map((a) => (
                          <option key={a.id} value={a.id}>
                            {a.subject}
                            {a.subgroup ? ` (${a.subgroup})` : ''}
                          </option>
                        ))}
                      </select>
                      {cell && <input className="setup-room" aria-label={`${WEEKDAYS[d]}, урок ${n}: кабинет`} data-testid={`tt-room-${d}-${n}`} value={cell.room} maxLength={20} placeholder="каб." onChange={(e) => set(k, { ...cell, room: e.target.value })} />}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="setup-tt-load" data-testid="tt-load">
          {load.map((a) => {
            const have = counts.get(a.id) ?? 0;
            return (
              <li key={a.id} className={have < Math.floor(a.hoursPerWeek) ? 'bad-text' : have > Math.ceil(a.hoursPerWeek) ? 'bad-text' : 'ok-text'}>
                {a.subject}, {a.teacher}: {have} из {String(a.hoursPerWeek).replace('.', ',')} ч
              </li>
            );
          })}
        </ul>
      </div>
      <div className="form-actions">
        <button type="button" className="btn primary" data-testid="tt-save" disabled={action.busy || !from} onClick={save}>
          Сохранить с даты
        </button>
        <FormError error={action.error} />
      </div>
    </>
  );
}
