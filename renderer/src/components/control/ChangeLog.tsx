// «Журнал изменений» for the deputy and the director (R-ROLE-4, R-TIME-3): every change of
// the journal — when, who, which class, subject, lesson and student, was → became, and why
// — filtered by class, author and dates on the service (the whole log is searched), and
// paged back in time. Secrets (passwords, activation codes, keys) come only as words.
import { useMemo, useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import type { SchoolClass } from '../../types';
import { ErrorBox, Loading } from '../Status';
import { formatDateTime } from './control-model';
import { describeEntry, lessonOf } from '../../history-format';
import { ClassSelect } from '../ClassSelect';
import { DateField } from '../DateField';

type Entry = ResultOf<'journal.log'>[number];

const PAGE_SIZE = 100;

interface Filter {
  classId: string;
  authorId: string;
  from: string;
  to: string;
}

export function ChangeLog({ classes }: { classes: readonly SchoolClass[] }) {
  const [filter, setFilter] = useState<Filter>({ classId: '', authorId: '', from: '', to: '' });
  const authors = useCall('journal.logAuthors', {});
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <div className="change-log">
      <div className="filters">
        <ClassSelect testId="log-filter-class" className="field inline" classes={classes} value={filter.classId} onChange={(id) => set({ classId: id ?? '' })} emptyLabel="все классы" />
        <label className="field inline">
          <span>С</span>
          <DateField testId="log-filter-from" value={filter.from} max={filter.to || undefined} onChange={(from) => set({ from })} />
        </label>
        <label className="field inline">
          <span>по</span>
          <DateField testId="log-filter-to" value={filter.to} min={filter.from || undefined} onChange={(to) => set({ to })} />
        </label>
        <label className="field inline">
          <span>Автор</span>
          <select data-testid="log-filter-author" value={filter.authorId} onChange={(e) => set({ authorId: e.target.value })} disabled={authors.status !== 'ok'}>
            <option value="">все авторы</option>
            {(authors.value ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {authors.status === 'error' && <ErrorBox message={authors.error} onRetry={authors.reload} />}
      {/* A new filter starts the list afresh (paging state included). */}
      <LogResults key={JSON.stringify(filter)} filter={filter} />
    </div>
  );
}

function LogResults({ filter }: { filter: Filter }) {
  const args = {
    limit: PAGE_SIZE,
    ...(filter.classId ? { classId: filter.classId } : {}),
    ...(filter.authorId ? { authorId: filter.authorId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
  const badDates = !!(filter.from && filter.to && filter.to < filter.from);
  const first = useCall('journal.log', badDates ? null : args);
  const [more, setMore] = useState<Entry[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const entries = useMemo(() => [...(first.value ?? []), ...more], [first.value, more]);
  const done = exhausted || (first.value !== undefined && first.value.length < PAGE_SIZE);

  const loadMore = () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    setBusy(true);
    setError(null);
    call('journal.log', { ...args, before: last.hlc }).then(
      (rows) => {
        setBusy(false);
        setMore((m) => [...m, ...rows]);
        if (rows.length < PAGE_SIZE) setExhausted(true);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  if (badDates) return <p className="status error">Дата «по» раньше даты «с».</p>;
  if (first.status === 'loading') return <Loading />;
  if (first.status === 'error') return <ErrorBox message={first.error} onRetry={first.reload} />;
  return (
    <>
      {entries.length === 0 ? (
        <p data-testid="log-table" className="empty">
          Изменений по этому отбору нет.
        </p>
      ) : (
        <table data-testid="log-table" className="table compact log-table">
          <thead>
            <tr>
              <th>Когда</th>
              <th>Кто</th>
              <th>Класс</th>
              <th>Предмет</th>
              <th>Урок</th>
              <th>Ученик, сотрудник</th>
              <th>Что изменено</th>
              <th>Причина</th>
              <th title="Компьютер, с которого внесено изменение">Компьютер</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.hlc} data-testid="log-row" data-table={e.table} data-row={e.rowId}>
                <td className="nowrap" data-testid="log-when">{formatDateTime(e.at)}</td>
                <td className="nowrap" data-testid="log-author">{e.author ?? <span className="muted">программа</span>}</td>
                <td className="nowrap" data-testid="log-class">{e.about.className ?? ''}</td>
                <td data-testid="log-subject">{e.about.subject ?? ''}</td>
                <td className="nowrap" data-testid="log-lesson">{lessonOf(e)}</td>
                <td data-testid="log-student">{e.about.student ?? e.about.staff ?? ''}</td>
                <td data-testid="log-what">{describeEntry(e)}</td>
                <td>{e.reason || <span className="muted">—</span>}</td>
                <td className="muted mono" title={e.computer}>
                  {e.computer.slice(0, 8)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="log-foot">
        <span className="muted">Показано {entries.length}</span>
        {!done && (
          <button type="button" data-testid="log-more" className="btn small" disabled={busy} onClick={loadMore}>
            {busy ? 'Загрузка…' : 'Показать более ранние'}
          </button>
        )}
        {error && <ErrorBox message={error} />}
      </div>
    </>
  );
}
