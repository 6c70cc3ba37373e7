// Backup copies (R-KEEP-1, R-PRINT-2 day 2, R-PRINT-3): the administrator or a deputy
// writes a copy to one or two folders (two media in two rooms at the end of the year); the
// administration reads the log of copies and verifies any of them. The administrator restores
// a copy that verifies (R-KEEP-4): the copy, or the newest good copy on a medium; the
// journal is replaced, the old database kept beside it, and everyone signs in again.
// Folders are chosen with the system's folder dialog (FolderField).
import { useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { FolderField } from '../../components/admin/FolderField';
import { Modal } from '../../components/admin/Modal';
import { formatDateTime } from '../../components/control/control-model';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';

const ACTIONS: Record<string, string> = { backup: 'создана', verify: 'проверена', restore: 'восстановлена', read: 'прочитана' };

type Inspected = ResultOf<'backup.inspect'>;
type FoundCopy = Inspected['copies'][number];

export function BackupScreen({ canMake, canRestore }: { canMake: boolean; canRestore: boolean }) {
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

  const checkNow = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('backup.check', {});
      const bad = r.copies.filter((c) => c.state !== 'ok').length;
      setMessage(r.copies.length === 0
        ? { ok: true, text: 'Копий, сделанных на этом компьютере, в журнале копий нет.' }
        : { ok: bad === 0, text: bad === 0 ? `Проверено копий: ${r.copies.length}; все совпадают побайтно.` : `Проверено копий: ${r.copies.length}; требуют внимания: ${bad}.` });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
      refresh();
    }
  };

  return (
    <section className="panel backup-screen" aria-labelledby="backup-title">
      <h1 id="backup-title">Резервные копии журнала</h1>
      {status.status === 'ok' && status.value.yearEnd.message && (
        <p className="banner warn" data-testid="backup-due" role="status">{status.value.yearEnd.message}</p>
      )}
      {status.status === 'ok' && !status.value.yearEnd.message && status.value.yearEndDue && (
        <p className="banner warn" data-testid="backup-due" role="status">
          Пора сделать резервную копию конца учебного года на двух носителях, хранящихся в разных помещениях
          {status.value.yearEndsOn ? ` (учебный год заканчивается ${formatRuDate(status.value.yearEndsOn)})` : ''}.
        </p>
      )}
      {status.status === 'ok' && status.value.notices.map((n) => (
        <p key={n} className="banner warn" data-testid="backup-notice" role="status">{n}</p>
      ))}
      <p className="muted" data-testid="backup-checked">
        {status.status === 'ok' && status.value.checkedAt
          ? `Копии, сделанные на этом компьютере, проверяются по расписанию (при запуске программы и раз в сутки); последняя проверка: ${formatDateTime(status.value.checkedAt)}.`
          : 'Копии, сделанные на этом компьютере, проверяются по расписанию: при запуске программы и раз в сутки.'}
        {canMake && (
          <>
            {' '}
            <button type="button" className="btn small" data-testid="backup-check" disabled={busy} onClick={() => void checkNow()}>Проверить копии</button>
          </>
        )}
      </p>
      {canMake && (
        <form className="backup-form" data-testid="backup-form" onSubmit={(e) => void make(e)}>
          <FolderField label="Папка (первый носитель)" testId="backup-first" value={first} onChange={setFirst} dialogTitle="Папка для резервной копии (первый носитель)" placeholder="E:\Журнал\Копии" />
          <FolderField label="Вторая папка (другой носитель, другое помещение)" testId="backup-second" value={second} onChange={setSecond} dialogTitle="Папка для резервной копии (второй носитель)" />
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
      {canRestore && <RestorePanel onChanged={refresh} />}
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

/**
 * Restoring (the administrator, R-KEEP-4): the folder of a copy or of a medium; every copy
 * found there is verified and listed, newest first; only one that verifies is restored,
 * after a confirmation that says what happens.
 */
function RestorePanel({ onChanged }: { onChanged(): void }) {
  const [folder, setFolder] = useState('');
  const [found, setFound] = useState<Inspected | null>(null);
  const [asking, setAsking] = useState<FoundCopy | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    if (!folder.trim()) return setMessage({ ok: false, text: 'Укажите папку резервной копии или носителя с копиями.' });
    setBusy(true);
    setMessage(null);
    setFound(null);
    try {
      const r = await call('backup.inspect', { folder: folder.trim() });
      setFound(r);
      if (!r.newest) setMessage({ ok: false, text: 'Ни одна найденная копия не прошла проверку: восстановить нечего. Возьмите копию со второго носителя.' });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const restore = async (copy: FoundCopy) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('backup.restore', { folder: copy.folder });
      setAsking(null);
      setMessage({ ok: true, text: `Журнал восстановлен из копии ${r.copy}. Прежняя база данных сохранена: ${r.keptAs ?? '—'}. Все пользователи вышли из программы.` });
      // The session has ended: the next call leads to the sign-in screen with the reason.
      setTimeout(onChanged, 1500);
    } catch (err) {
      setAsking(null);
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="restore-panel" aria-labelledby="restore-title" data-testid="restore-panel">
      <h2 id="restore-title">Восстановление из резервной копии</h2>
      <p className="muted">
        Журнал этого компьютера заменяется копией, прошедшей проверку. Прежняя база данных сохраняется рядом с новой, компьютер
        получает новый номер для синхронизации, все пользователи выходят из программы и входят снова.
      </p>
      <form className="restore-form" onSubmit={(e) => void find(e)}>
        <FolderField label="Папка копии или носитель с копиями" testId="restore-folder" value={folder} onChange={setFolder} dialogTitle="Папка резервной копии или носитель с копиями" placeholder="E:\Журнал\Копии" />
        <button type="submit" className="btn" data-testid="restore-find" disabled={busy}>Найти и проверить копии</button>
      </form>
      {message && <p data-testid="restore-message" className={message.ok ? 'banner ok' : 'banner warn'} role="status">{message.text}</p>}
      {found && (
        <table className="table compact" data-testid="restore-copies">
          <thead>
            <tr>
              <th>Сделана</th>
              <th>Компьютер</th>
              <th>Папка</th>
              <th>Проверка</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {found.copies.map((c) => (
              <tr key={c.folder} data-testid="restore-copy-row" className={c.ok ? undefined : 'bad'}>
                <td>{c.createdAt ? formatDateTime(c.createdAt) : '—'}</td>
                <td className="mono">{c.computer ?? '—'}</td>
                <td className="mono">{c.folder}</td>
                <td>{c.ok ? `совпадает побайтно${c.folder === found.newest ? ' (самая новая годная)' : ''}` : c.problems.join('; ')}</td>
                <td>
                  {c.ok && (
                    <button type="button" className="btn small" data-testid="restore-copy" disabled={busy} onClick={() => setAsking(c)}>
                      Восстановить
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asking && (
        <Modal title="Восстановить журнал из резервной копии?" onClose={() => !busy && setAsking(null)} closeOnEscape={!busy} testId="restore-confirm">
          <p>
            Журнал этого компьютера будет заменён копией от {asking.createdAt ? formatDateTime(asking.createdAt) : '—'}. Изменения, сделанные
            после неё на этом компьютере, в журнале не останутся; то, что уже ушло на другие компьютеры, вернётся при синхронизации.
          </p>
          <p>Прежняя база данных будет сохранена рядом с новой. Все пользователи выйдут из программы.</p>
          <div className="adm-modal-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => setAsking(null)}>Отмена</button>
            <button type="button" className="btn primary" data-testid="restore-confirm-btn" disabled={busy} onClick={() => void restore(asking)}>
              {busy ? 'Восстановление…' : 'Восстановить'}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
