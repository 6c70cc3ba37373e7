// Conflicts of the sync: one field changed on two computers without either seeing the
// other. Both values are kept; the newest is shown until the lesson's teacher or a deputy
// picks one (written as a new change, with its history).
import { useState } from 'react';
import { fieldWords } from '../../../../shared/journal-words';
import { call, errorMessage } from '../../api';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDateTime } from '../../components/control/control-model';
import { formatValue } from '../../components/sync/sync-labels';
import { useCall } from '../../hooks/useCall';

export function ConflictsPanel({ canResolve, onChanged }: { canResolve: boolean; onChanged(): void }) {
  const list = useCall('sync.conflicts', { status: 'open' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const resolve = async (id: string, hlc: string) => {
    setMessage(null);
    try {
      const r = await call('sync.resolveConflict', { id, hlc });
      setMessage({ ok: true, text: `Конфликт разрешён: оставлено «${formatValue(r.value)}». Изменение уйдёт на другие компьютеры.` });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
    list.reload();
    onChanged();
  };
  return (
    <section aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Конфликты</h2>
      {message && <p className={message.ok ? 'banner ok' : 'banner warn'} role="status" data-testid="conflict-message">{message.text}</p>}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && list.value.length === 0 && <p className="muted" data-testid="no-conflicts">Открытых конфликтов нет.</p>}
      {list.status === 'ok' && list.value.length > 0 && (
        <table className="table compact" data-testid="conflicts">
          <thead>
            <tr>
              <th>Что</th>
              <th>Сейчас</th>
              <th>Значения (кто, когда, на каком компьютере)</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((c) => (
              <tr key={c.id} data-testid="conflict-row" data-field={c.field}>
                <td>{fieldWords(c.table, c.field)}</td>
                <td className="num">{formatValue(c.current)}</td>
                <td>
                  {c.rule && <p className="warn" data-testid="conflict-rule">{c.rule.message}</p>}
                  <ul className="plain">
                    {c.values.map((v) => (
                      <li key={v.hlc}>
                        <strong>{formatValue(v.value)}</strong>
                        {` — ${v.userName ?? 'программа'}, ${formatDateTime(v.recordedAt)}, компьютер ${v.nodeId.slice(0, 8)} `}
                        {canResolve && c.canResolve && (
                          <button type="button" className="btn small" data-testid="conflict-pick" onClick={() => void resolve(c.id, v.hlc)}>
                            {c.rule?.labels[v.hlc] ?? 'Оставить это значение'}
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
