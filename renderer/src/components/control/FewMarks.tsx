// Period marks given while the student had fewer current marks than the regulation asks
// (R-TIME-4): the deputy checks them with the teacher.
import { useState } from 'react';
import { useCall } from '../../hooks/useCall';
import type { SchoolClass } from '../../types';
import { ErrorBox, Loading } from '../Status';
import { ClassSelect } from '../ClassSelect';

export function FewMarks({ classes }: { classes: readonly SchoolClass[] }) {
  const [classId, setClassId] = useState('');
  const rows = useCall('control.fewMarkPeriodMarks', classId ? { classId } : {});
  return (
    <div className="few-marks">
      <div className="filters">
        <ClassSelect testId="few-marks-class" className="field inline" classes={classes} value={classId} onChange={(id) => setClassId(id ?? '')} emptyLabel="все классы" />
      </div>
      {/* R-TIME-4 */}
      <p className="muted">
        Отметка за период выставляется при наличии не менее установленного числа текущих отметок: при 1 часе в неделю — одно число, при 2 и более — другое (см. положение о журнале).
      </p>
      {rows.status === 'loading' && <Loading />}
      {rows.status === 'error' && <ErrorBox message={rows.error} onRetry={rows.reload} />}
      {rows.status === 'ok' && rows.value.length === 0 && (
        <p data-testid="few-marks-table" className="empty">
          Отметок за период при недостатке текущих отметок нет.
        </p>
      )}
      {rows.status === 'ok' && rows.value.length > 0 && (
        <table data-testid="few-marks-table" className="table compact">
          <thead>
            <tr>
              <th>Класс</th>
              <th>Предмет</th>
              <th>Ученик</th>
              <th>Период</th>
              <th className="num">Отметка</th>
              <th className="num" title="Текущих отметок в периоде / нужно по положению">Текущих / нужно</th>
            </tr>
          </thead>
          <tbody>
            {rows.value.map((r) => (
              <tr key={r.periodMarkId} data-testid="few-marks-row">
                <td>{r.className}</td>
                <td>{r.subjectName}</td>
                <td>
                  {r.lastName} {r.firstName}
                </td>
                <td>{r.periodName}</td>
                <td className="num strong">{r.value}</td>
                <td className="num bad">
                  {r.marks} / {r.need}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
