// The log of use of backup copies (R-PRINT-3, 004 §5.2; issue 17 item 17): the program's
// events (a copy made, verified, restored) and the secretary's own entries — which medium was
// taken out of the safe or put back, by whom, for what, in which room — in one book, in the
// order they happened. The secretary writes an entry here (books.recordMediumUse, the role set
// 'secretary', checked again by the service); the media out of the safe now are listed above.
import { useState, type FormEvent } from 'react';
import { inRoleSet } from '../../../../shared/role-sets';
import { call } from '../../api';
import { dateTime } from '../../components/certification/cert-model';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { useCall } from '../../hooks/useCall';
import type { SessionUser } from '../../types';

const PROGRAM_ACTIONS: Record<string, string> = { backup: 'создание копии', verify: 'проверка копии', restore: 'восстановление из копии', read: 'чтение копии' };
const MEDIUM_ACTIONS: Record<string, string> = { taken: 'взят из сейфа', returned: 'возвращён в сейф' };

export function BackupUseTab({ user }: { user: SessionUser }) {
  const book = useCall('books.backupUse', {});
  // The access of books.recordMediumUse: the secretary keeps the book.
  const writes = inRoleSet(user.roles, 'secretary');
  // The form stays while the book is read again after an entry (its notice with it).
  const form = writes && <MediumUseForm out={book.status === 'ok' ? book.value.out.map((m) => m.medium) : []} onDone={book.reload} />;
  if (book.status === 'loading') return <div className="backup-use">{form}<Loading /></div>;
  if (book.status === 'error') return <div className="backup-use">{form}<ErrorBox message={book.error} onRetry={book.reload} /></div>;
  const { entries, out } = book.value;
  return (
    <div className="backup-use">
      {form}
      {out.length > 0 && (
        <p className="banner warn" data-testid="media-out" role="status">
          {`Не в сейфе: ${out.map((m) => `${m.medium} (${m.staffName ?? '—'}, с ${dateTime(m.at)}${m.purpose ? `; ${m.purpose}` : ''})`).join('; ')}.`}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">Записей ещё нет.</p>
      ) : (
        <table className="table compact" data-testid="books-backups">
          <thead>
            <tr>
              <th>№</th>
              <th>Когда</th>
              <th>Что</th>
              <th>Кто</th>
              <th>Для чего</th>
              <th>Где</th>
              <th>Итог, примечание</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((r, i) => (
              <tr key={r.id} data-testid="books-backup-row" data-source={r.source} className={r.ok ? undefined : 'bad'}>
                <td>{i + 1}</td>
                <td>{dateTime(r.at)}</td>
                <td>{r.source === 'secretary' ? `${r.medium}: ${MEDIUM_ACTIONS[r.action] ?? r.action}` : PROGRAM_ACTIONS[r.action] ?? r.action}</td>
                <td>{r.staffName ?? 'программа'}</td>
                <td>{r.purpose}</td>
                <td className={r.source === 'program' ? 'mono' : undefined}>{r.place}</td>
                <td>{r.source === 'program' ? `${r.ok ? 'успешно' : 'ошибка'}${r.note ? `; ${r.note}` : ''}` : r.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function MediumUseForm({ out, onDone }: { out: string[]; onDone(): void }) {
  const people = useCall('books.mediumPeople', {});
  const [action, setAction] = useState<'taken' | 'returned'>('taken');
  const [medium, setMedium] = useState('');
  const [personId, setPersonId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [room, setRoom] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void run(async () => {
      await call('books.recordMediumUse', { medium, action, personId, purpose, room, note });
      setDone(`Записано: ${medium} — ${MEDIUM_ACTIONS[action]}.`);
      setMedium('');
      setPurpose('');
      setNote('');
      onDone();
    });
  };
  return (
    <form className="medium-use-form" data-testid="medium-use-form" onSubmit={submit} aria-label="Запись о носителе резервной копии">
      <label className="field">
        <span>Носитель</span>
        <select data-testid="medium-action" value={action} onChange={(e) => setAction(e.target.value as 'taken' | 'returned')}>
          <option value="taken">взят из сейфа</option>
          <option value="returned">возвращён в сейф</option>
        </select>
      </label>
      <label className="field wide">
        <span>Какой носитель</span>
        <input data-testid="medium-name" list="media-out-list" value={medium} maxLength={120} onChange={(e) => setMedium(e.target.value)} placeholder="Флеш-накопитель № 2" />
        <datalist id="media-out-list">{out.map((m) => <option key={m} value={m} />)}</datalist>
      </label>
      <label className="field">
        <span>{action === 'taken' ? 'Кто взял' : 'Кто вернул'}</span>
        <select data-testid="medium-person" value={personId} onChange={(e) => setPersonId(e.target.value)}>
          <option value="">— выберите —</option>
          {people.status === 'ok' && people.value.map((p) => <option key={p.id} value={p.id}>{p.position ? `${p.name}, ${p.position}` : p.name}</option>)}
        </select>
      </label>
      <label className="field wide">
        <span>Для чего</span>
        <input data-testid="medium-purpose" value={purpose} maxLength={200} onChange={(e) => setPurpose(e.target.value)} placeholder={action === 'taken' ? 'проверка копии' : 'необязательно'} />
      </label>
      <label className="field">
        <span>Помещение</span>
        <input data-testid="medium-room" value={room} maxLength={100} onChange={(e) => setRoom(e.target.value)} placeholder="каб. 12, сейф" />
      </label>
      <label className="field">
        <span>Примечание</span>
        <input data-testid="medium-note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="btn primary" data-testid="medium-submit" disabled={busy || medium.trim() === '' || personId === ''}>
        Записать
      </button>
      <FormError error={error} />
      {done && <p className="status info" data-testid="medium-done" role="status">{done}</p>}
    </form>
  );
}
