// The class's absences in a week (R-TIME-6: the class teacher checks attendance weekly):
// each student's missed lessons by day, with the codes and reasons. The class teacher sets
// the reasons here (R-ROLE-3): for a whole day at once or for one lesson.
import { Fragment, useMemo, useState } from 'react';
import { addDays, formatRuDate, WEEKDAY_NAMES, weekday } from '../../../../shared/dates';
import { useCall } from '../../hooks/useCall';
import { DateField } from '../DateField';
import { formatWeek, mondayOf, type Absence } from '../control/control-model';
import { ErrorBox, Loading } from '../Status';
import { ReasonEditor } from './ReasonEditor';
import '../../control.css';

const CODE_NAMES: Readonly<Record<string, string>> = {
  Н: 'без уважительной причины',
  У: 'по уважительной причине',
  Б: 'по болезни',
  О: 'опоздание',
};

interface DayRow {
  key: string;
  studentId: string;
  name: string;
  date: string;
  lessons: Absence[];
}

/** `canSetReasons`: the class teacher of this class (the service checks again). */
export function WeekAbsences({ classId, today, canSetReasons = false }: { classId: string; today: string; canSetReasons?: boolean }) {
  const [monday, setMonday] = useState(() => mondayOf(today));
  const data = useCall('classDesk.absences', { classId, weekOf: monday });
  // The day row whose reasons are being set, and the last one saved.
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const absences = useMemo(() => (data.value?.absences ?? []) as Absence[], [data.value]);
  const days = useMemo(() => {
    const rows = new Map<string, DayRow>();
    for (const a of absences) {
      const key = `${a.studentId}|${a.date}`;
      const row = rows.get(key) ?? { key, studentId: a.studentId, name: `${a.lastName} ${a.firstName}`, date: a.date, lessons: [] };
      row.lessons.push(a);
      rows.set(key, row);
    }
    return [...rows.values()];
  }, [absences]);
  const counts = (code: string) => absences.filter((a) => a.code === code).length;
  const students = new Set(absences.map((a) => a.studentId)).size;

  return (
    <section data-testid="week-absences" className="week-absences" aria-labelledby="absences-title">
      <div className="panel-head">
        <h2 id="absences-title">Пропуски за неделю {formatWeek(monday)}</h2>
        <div className="day-nav">
          <button type="button" data-testid="week-prev" className="btn" aria-label="Предыдущая неделя" title="Предыдущая неделя" onClick={() => setMonday(addDays(monday, -7))}>
            ←
          </button>
          <label className="week-pick">
            <span className="visually-hidden">Неделя, содержащая дату</span>
            <DateField testId="week-input" value={monday} onChange={(iso) => iso && setMonday(mondayOf(iso))} title="Любой день недели (дд.мм.гггг)" />
          </label>
          <button type="button" className="btn" onClick={() => setMonday(mondayOf(today))}>
            Текущая
          </button>
          <button type="button" data-testid="week-next" className="btn" aria-label="Следующая неделя" title="Следующая неделя" onClick={() => setMonday(addDays(monday, 7))}>
            →
          </button>
        </div>
      </div>
      {saved && (
        <p className="status ok" role="status" data-testid="reason-saved">
          Причина записана: {saved}
        </p>
      )}
      {data.status === 'loading' && <Loading />}
      {data.status === 'error' && <ErrorBox message={data.error} onRetry={data.reload} />}
      {data.status === 'ok' && absences.length === 0 && <p className="empty">На этой неделе пропусков и опозданий нет.</p>}
      {data.status === 'ok' && absences.length > 0 && (
        <>
          <p className="muted">
            Учеников с пропусками: {students} · пропущено уроков: {absences.length - counts('О')}
            {' '}(Н — {counts('Н')}, У — {counts('У')}, Б — {counts('Б')}) · опозданий: {counts('О')}
          </p>
          <table className="table compact absences-table">
            <thead>
              <tr>
                <th>Ученик</th>
                <th>День</th>
                <th>Пропущенные уроки</th>
                {canSetReasons && <th className="reason-col">Причина</th>}
              </tr>
            </thead>
            <tbody>
              {days.map((d, i) => (
                <Fragment key={d.key}>
                  <tr data-testid="absence-row" data-student={d.studentId} data-date={d.date} className={editing === d.key ? 'editing' : undefined}>
                    <td className="nowrap">{i > 0 && days[i - 1]?.studentId === d.studentId ? '' : d.name}</td>
                    <td className="nowrap">
                      {WEEKDAY_NAMES[weekday(d.date)]?.slice(0, 2)}, {formatRuDate(d.date).slice(0, 5)}
                    </td>
                    <td>
                      <ul className="missed">
                        {d.lessons.map((l) => (
                          <li key={l.lessonId}>
                            <span className={`att-code code-${l.code}`} title={CODE_NAMES[l.code] ?? ''}>
                              {l.code}
                            </span>{' '}
                            {l.lessonNo}-й урок, {l.subject}
                            {l.reason && <span className="muted"> — {l.reason}</span>}
                          </li>
                        ))}
                      </ul>
                    </td>
                    {canSetReasons && (
                      <td className="reason-col">
                        {d.lessons.some((l) => l.code !== 'О') && editing !== d.key && (
                          <button type="button" data-testid="reason-open" className="btn small" onClick={() => (setEditing(d.key), setSaved(null))}>
                            Указать причину
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                  {canSetReasons && editing === d.key && (
                    <tr className="reason-row">
                      <td colSpan={4}>
                        <ReasonEditor
                          classId={classId}
                          studentId={d.studentId}
                          studentName={d.name}
                          date={d.date}
                          lessons={d.lessons}
                          onCancel={() => setEditing(null)}
                          onSaved={(text) => {
                            setEditing(null);
                            setSaved(text);
                            data.reload();
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          <p className="muted legend">Н — без уважительной причины, У — по уважительной причине, Б — по болезни, О — опоздание.</p>
        </>
      )}
    </section>
  );
}
