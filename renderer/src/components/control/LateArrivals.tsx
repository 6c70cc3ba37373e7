// Late arrivals (R-TIME-3): changes from other computers made inside their entry window but
// first seen on the share only after it closed. The deputy sees both times and accepts
// each, or reverts it as a correction; a reason is required either way.
import { useState } from 'react';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import { describeEntry, lessonOf } from '../../history-format';
import { ErrorBox, Loading } from '../Status';
import { formatDateTime } from './control-model';

export function LateArrivals({ canDecide }: { canDecide: boolean }) {
  const list = useCall('lateArrival.list', {});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const action = useAction();
  const decide = (hlc: string, accept: boolean) => action.run(async () => {
    await call('lateArrival.decide', { hlc, accept, reason: reasons[hlc] ?? '' });
    list.reload();
  });
  return (
    <div className="late-arrivals">
      <p className="muted">
        Изменение сделано в срок по часам компьютера автора, но появилось в общей папке намного позже срока ввода. Оно применено
        (компьютер мог быть без сети), но без решения заместителя директора считается внесённым задним числом.
      </p>
      {action.error && <ErrorBox message={action.error} />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && list.value.length === 0 && (
        <p data-testid="late-table" className="empty">Опоздавших изменений нет.</p>
      )}
      {list.status === 'ok' && list.value.length > 0 && (
        <table data-testid="late-table" className="table compact">
          <thead>
            <tr>
              <th>Кто</th>
              <th>Класс, предмет, урок</th>
              <th>Ученик</th>
              <th>Что изменено</th>
              <th title="Время изменения по часам компьютера автора">Сделано</th>
              <th>Срок ввода</th>
              <th title="Когда этот компьютер видел общую папку ещё без изменения">Появилось позже</th>
              {canDecide && <th>Решение</th>}
            </tr>
          </thead>
          <tbody>
            {list.value.map((l) => (
              <tr key={l.hlc} data-testid="late-row">
                <td className="nowrap">{l.entry.author ?? '—'}</td>
                <td>{[l.entry.about.className, l.entry.about.subject, lessonOf(l.entry)].filter(Boolean).join(', ')}</td>
                <td>{l.entry.about.student ?? ''}</td>
                <td>{describeEntry(l.entry)}</td>
                <td className="nowrap">{formatDateTime(l.madeAt)}</td>
                <td className="nowrap">{formatDateTime(l.deadline)}</td>
                <td className="nowrap bad">{formatDateTime(l.appearedAfter)}</td>
                {canDecide && (
                  <td>
                    <input
                      className="field inline"
                      aria-label="Причина решения"
                      placeholder="причина"
                      data-testid="late-reason"
                      value={reasons[l.hlc] ?? ''}
                      onChange={(e) => setReasons({ ...reasons, [l.hlc]: e.target.value })}
                    />
                    <button type="button" className="button" disabled={action.busy} data-testid="late-accept" onClick={() => void decide(l.hlc, true)}>Принять</button>
                    <button type="button" className="button danger" disabled={action.busy} data-testid="late-revert" onClick={() => void decide(l.hlc, false)}>Отменить</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
