// The secretary's books (R-PRINT-3, 004 §5.2): the register of paper copies of the journal
// (number, class, period, sheets, date bound, folder), the log of strict-accountability
// documents handed over, the log of use of backup copies, and the year archive (R-PRINT-4).
import { formatRuDate } from '../../../../shared/dates';
import { dateTime } from '../../components/certification/cert-model';
import { BookPrint } from '../../components/print/BookPrint';
import { CheckCopy } from '../../components/print/CheckCopy';
import { CHECK_COPY_TAB } from '../../../../shared/check-copy';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { BooksTab } from '../../route';
import type { SessionUser } from '../../types';
import { ArchivePanel } from './ArchivePanel';
import { BackupUseTab } from './BackupUseTab';
import '../../certification.css';

const TABS: readonly { id: BooksTab; label: string }[] = [
  { id: 'copies', label: 'Реестр бумажных копий' },
  { id: 'strict', label: 'Журнал сдачи документов строгой отчётности' },
  { id: 'backups', label: 'Журнал пользования резервными копиями' },
  { id: 'archive', label: 'Архив' },
  // The place the footer of every printed document names (shared/check-copy.ts).
  { id: 'check', label: CHECK_COPY_TAB },
];

const TAB_BOOKS: Partial<Record<BooksTab, 'paper-copies' | 'strict-log' | 'backup-log' | 'retention'>> = { copies: 'paper-copies', strict: 'strict-log', backups: 'backup-log', archive: 'retention' };

export function BooksScreen({ user, tab, onTab }: { user: SessionUser; tab: BooksTab; onTab(tab: BooksTab): void }) {
  return (
    <section className="panel books" aria-labelledby="books-title">
      <div className="panel-head">
        <h1 id="books-title">Книги учёта делопроизводителя</h1>
      </div>
      <div className="tabs" role="tablist" aria-label="Книги учёта">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" data-testid={`books-tab-${t.id}`} aria-selected={tab === t.id} className={tab === t.id ? 'tab active' : 'tab'} onClick={() => onTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {TAB_BOOKS[tab] && (
        <div className="book-print-bar">
          {/* The printable extract of the book on this tab (print/compose/books.ts). */}
          <BookPrint key={tab} book={TAB_BOOKS[tab]} />
        </div>
      )}
      <div role="tabpanel">
        {tab === 'copies' && <PaperCopies />}
        {tab === 'strict' && <StrictLog />}
        {tab === 'backups' && <BackupUseTab user={user} />}
        {tab === 'archive' && <ArchivePanel user={user} />}
        {tab === 'check' && <CheckCopy />}
      </div>
    </section>
  );
}

function PaperCopies() {
  const rows = useCall('books.paperCopies', {});
  if (rows.status === 'loading') return <Loading />;
  if (rows.status === 'error') return <ErrorBox message={rows.error} onRetry={rows.reload} />;
  if (rows.value.length === 0) return <p className="muted">Бумажных копий в реестре ещё нет.</p>;
  return (
    <table className="table compact" data-testid="books-copies">
      <thead>
        <tr>
          <th>№ документа</th>
          <th>Класс</th>
          <th>Период</th>
          <th>Листов</th>
          <th>Напечатана</th>
          <th>Подпись директора, печать</th>
          <th>Прошита</th>
          <th>Папка</th>
        </tr>
      </thead>
      <tbody>
        {rows.value.map((r) => (
          <tr key={r.id} data-testid="books-copy-row" className={r.staleAt ? 'bad' : undefined}>
            <td className="mono">{r.docNo}</td>
            <td>{r.className}</td>
            <td>{`${r.periodName} ${r.yearName}`}</td>
            <td>{r.sheets ?? ''}</td>
            <td>{`${dateTime(r.printedAt)}${r.staleAt ? ' — устарела, нужна перепечатка' : ''}`}</td>
            <td>{[r.directorSignedAt ? 'подписана' : '', r.sealedAt ? 'печать' : ''].filter(Boolean).join(', ') || '—'}</td>
            <td>{r.boundOn ? formatRuDate(r.boundOn) : '—'}</td>
            <td>{r.folder || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StrictLog() {
  const rows = useCall('books.strictLog', {});
  if (rows.status === 'loading') return <Loading />;
  if (rows.status === 'error') return <ErrorBox message={rows.error} onRetry={rows.reload} />;
  if (rows.value.length === 0) return <p className="muted">Записей ещё нет.</p>;
  return (
    <table className="table compact" data-testid="books-strict">
      <thead>
        <tr>
          <th>№</th>
          <th>Дата</th>
          <th>Документ</th>
          <th>№ документа</th>
          <th>Листов</th>
          <th>Сдал(а)</th>
          <th>Принял(а)</th>
        </tr>
      </thead>
      <tbody>
        {rows.value.map((r) => (
          <tr key={r.id} data-testid="books-strict-row">
            <td title="Номер в книге; если на бумаге записан другой номер, он указан в скобках">{r.entryLabel}</td>
            <td>{dateTime(r.enteredAt)}</td>
            <td>{r.document}</td>
            <td className="mono">{r.docNo}</td>
            <td>{r.sheets ?? ''}</td>
            <td>{r.handedBy}</td>
            <td>{r.receivedBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
