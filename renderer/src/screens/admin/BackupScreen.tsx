// Backup copies (R-KEEP-1, R-PRINT-2 day 2, R-PRINT-3): the administrator or a deputy
// writes a copy to one or two folders (two media in two rooms at the end of the year); the
// administration reads the log of copies and verifies any of them. Restoring is done with
// `journal restore` while the program is closed.
import { useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { formatDateTime } from '../../components/control/control-model';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';

const ACTIONS: Record<string, string> = { backup: 'создана', verify: 'проверена', restore: 'восстановлена', read: 'прочитана' };

export function BackupScreen({ canMake }: { canMake: boolean }) {
  const status = useCall('backup.status', {});
  const log = useCall('backup.log', {});
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const refresh = () => {
    status.reload();
    log.reload();
  };
  const make = async (e: FormEvent) => {
    e.preventDefault();
    const destinations = [first, second].map((d) => d.trim()).filter(Boolean);
    if (destinations.length === 0) return setMessage({ ok: false, text: 'Укажите хотя бы одну папку.' });
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('backup.make', { destinations, note: note.trim() });
      setMessage({ ok: true, text: `Копия записана и проверена (${r.copies.length} шт.). SHA-256: ${r.sha256.slice(0, 16)}…` });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
      refresh();
    }
  };
  const verify = async (folder: string) => {
    try {
      const r = await call('backup.verify', { folder });
      setMessage(r.ok ? { ok: true, text: `Копия ${folder} проверена: совпадает побайтно.` } : { ok: false, text: `Копия ${folder} не прошла проверку: ${r.problems.join('; ')}` });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
    refresh();
  };

  return (
    <section className="panel backup-screen" aria-labelledby="backup-title">
      <h1 id="backup-title">Резервные копии журнала</h1>
      {status.status === 'ok' && status.value.yearEndDue && (
        <p className="banner warn" data-testid="backup-due" role="status">
          Пора сделать резервную копию конца учебного года на двух носителях, хранящихся в разных помещениях
          {status.value.yearEndsOn ? ` (учебный год заканчивается ${formatRuDate(status.value.yearEndsOn)})` : ''}.
        </p>
      )}
      {canMake && (
        <form className="backup-form" data-testid="backup-form" onSubmit={(e) => void make(e)}>
          <label className="field">
            <span>Папка (первый носитель)</span>
            <input data-testid="backup-first" value={first} onChange={(e) => setFirst(e.target.value)} placeholder="E:\Журнал\Копии" />
          </label>
          <label className="field">
            <span>Вторая папка (другой носитель, другое помещение)</span>
            <input data-testid="backup-second" value={second} onChange={(e) => setSecond(e.target.value)} />
          </label>
          <label className="field">
            <span>Примечание</span>
            <input data-testid="backup-note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} placeholder="конец I четверти" />
          </label>
          <button type="submit" className="btn primary" data-testid="backup-submit" disabled={busy}>
            {busy ? 'Копирование…' : 'Сделать резервную копию'}
          </button>
        </form>
      )}
      {message && (
        <p data-testid="backup-message" className={message.ok ? 'banner ok' : 'banner warn'} role="status">
          {message.text}
        </p>
      )}
      <h2>Журнал резервных копий</h2>
      {log.status === 'loading' && <Loading />}
      {log.status === 'error' && <ErrorBox message={log.error} onRetry={log.reload} />}
      {log.status === 'ok' && log.value.length === 0 && <p className="muted">Резервных копий ещё не было.</p>}
      {log.status === 'ok' && log.value.length > 0 && (
        <table className="table compact" data-testid="backup-log">
          <thead>
            <tr>
              <th>Когда</th>
              <th>Что</th>
              <th>Кто</th>
              <th>Где</th>
              <th>SHA-256</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {log.value.map((l) => (
              <tr key={l.id} data-testid="backup-log-row" className={l.ok ? undefined : 'bad'}>
                <td>{formatDateTime(l.at)}</td>
                <td>{`${ACTIONS[l.action] ?? l.action}${l.ok ? '' : ' — ошибка'}`}</td>
                <td>{l.staffName ?? 'программа'}</td>
                <td className="mono">{l.location}</td>
                <td className="mono">{l.sha256.slice(0, 12)}</td>
                <td>
                  {l.action === 'backup' && l.ok === 1 && (
                    <button type="button" className="btn small" onClick={() => void verify(l.location)}>
                      Проверить
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
