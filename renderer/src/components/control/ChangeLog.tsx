// «Журнал изменений» for the deputy (R-ROLE-4, R-TIME-3): every change of the journal —
// when, who, from which computer, was → became, and why — filtered by class and dates on
// the service, by author among the rows loaded, and paged back in time.
import { useMemo, useState } from 'react';
import type { ResultOf } from '../../../../service/api';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import type { SchoolClass } from '../../types';
import { ErrorBox, Loading } from '../Status';
import { formatDateTime } from './control-model';
import { describeEntry } from '../../history-format';
import { ClassSelect } from '../ClassSelect';

type Entry = ResultOf<'journal.log'>[number];

const PAGE_SIZE = 100;


interface Filter {
  classId: string;
  from: string;
  to: string;
}

export function ChangeLog({ classes }: { classes: readonly SchoolClass[] }) {
  const [filter, setFilter] = useState<Filter>({ classId: '', from: '', to: '' });
  const [author, setAuthor] = useState('');
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <div className="change-log">
      <div className="filters">
        <ClassSelect testId="log-filter-class" className="field inline" classes={classes} value={filter.classId} onChange={(id) => set({ classId: id ?? '' })} emptyLabel="все классы" />
        <label className="field inline">
          <span>С</span>
          <input type="date" data-testid="log-filter-from" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label className="field inline">
          <span>по</span>
          <input type="date" data-testid="log-filter-to" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <label className="field inline">
          <span>Автор</span>
          <input data-testid="log-filter-author" list="log-authors" placeholder="фамилия" value={author} onChange={(e) => setAuthor(e.target.value)} />
        </label>
      </div>
      {/* A new filter starts the list afresh (paging state included). */}
      <LogResults key={JSON.stringify(filter)} filter={filter} author={author} />
    </div>
  );
}

function LogResults({ filter, author }: { filter: Filter; author: string }) {
  const args = {
    limit: PAGE_SIZE,
    ...(filter.classId ? { classId: filter.classId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
  };
  const first = useCall('journal.log', filter.from && filter.to && filter.to < filter.from ? null : args);
  const [more, setMore] = useState<Entry[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const entries = useMemo(() => [...(first.value ?? []), ...more], [first.value, more]);
  const authors = useMemo(() => [...new Set(entries.map((e) => e.author).filter((a): a is string => !!a))].sort(), [entries]);
  const needle = author.trim().toLowerCase();
  const visible = needle ? entries.filter((e) => (e.author ?? 'программа').toLowerCase().includes(needle)) : entries;
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

  if (filter.from && filter.to && filter.to < filter.from) return <p className="status error">Дата «по» раньше даты «с».</p>;
  if (first.status === 'loading') return <Loading />;
  if (first.status === 'error') return <ErrorBox message={first.error} onRetry={first.reload} />;
  return (
    <>
      <datalist id="log-authors">
        {authors.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {visible.length === 0 ? (
        <p data-testid="log-table" className="empty">
          {entries.length === 0 ? 'Изменений по этому отбору нет.' : 'Среди загруженных изменений нет изменений этого автора.'}
        </p>
      ) : (
        <table data-testid="log-table" className="table compact log-table">
          <thead>
            <tr>
              <th>Когда</th>
              <th>Кто</th>
              <th>Что изменено</th>
              <th>Причина</th>
              <th title="Компьютер, с которого внесено изменение">Компьютер</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((e) => (
              <tr key={e.hlc} data-testid="log-row" data-table={e.table} data-row={e.rowId}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td className="nowrap">{e.author ?? <span className="muted">программа</span>}</td>
                <td>{describeEntry(e)}</td>
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
        <span className="muted">
          Показано {visible.length}
          {needle ? ` из ${entries.length} загруженных` : ''}
        </span>
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
