// «Контроль» for the deputy (R-ROLE-4): the change log with filters, period marks given with
// too few current marks (R-TIME-4), and the remarks on journal pages across the school.
import { useState } from 'react';
import { ChangeLog } from '../../components/control/ChangeLog';
import type { Remark } from '../../components/control/control-model';
import { FewMarks } from '../../components/control/FewMarks';
import { LateArrivals } from '../../components/control/LateArrivals';
import { RemarksTable } from '../../components/control/RemarksTable';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { ControlTab as Tab } from '../../route';

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'log', label: 'Журнал изменений' },
  { id: 'few', label: 'Отметки за период при недостатке отметок' },
  { id: 'remarks', label: 'Замечания' },
  { id: 'late', label: 'Опоздавшие изменения' },
];

interface Props {
  /** Deputies decide on late arrivals; the director only reads them (R-ROLE-5). */
  canDecide: boolean;
  /** The tab to show (kept in the route, so «Назад» from a page returns to it). */
  tab: Tab;
  onTab(tab: Tab): void;
  onOpenPage(assignmentId: string): void;
}

export function ControlScreen({ canDecide, tab, onTab: setTab, onOpenPage }: Props) {
  const classes = useCall('school.classes', {});
  return (
    <section className="panel control" aria-labelledby="control-title">
      <div className="panel-head">
        <h1 id="control-title">Контроль ведения журнала</h1>
      </div>
      <div className="tabs" role="tablist" aria-label="Разделы контроля">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            data-testid={`control-tab-${t.id}`}
            aria-selected={tab === t.id}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {classes.status === 'loading' && <Loading />}
        {classes.status === 'error' && <ErrorBox message={classes.error} onRetry={classes.reload} />}
        {classes.status === 'ok' && tab === 'log' && <ChangeLog classes={classes.value} />}
        {classes.status === 'ok' && tab === 'few' && <FewMarks classes={classes.value} />}
        {tab === 'remarks' && <SchoolRemarks onOpenPage={onOpenPage} />}
        {tab === 'late' && <LateArrivals canDecide={canDecide} />}
      </div>
    </section>
  );
}

function SchoolRemarks({ onOpenPage }: { onOpenPage(assignmentId: string): void }) {
  const [openOnly, setOpenOnly] = useState(true);
  const list = useCall('remark.list', { openOnly }, { followSync: true });
  const remarks = (list.value ?? []) as readonly Remark[];
  const fixed = remarks.filter((r) => r.status === 'fixed').length;
  return (
    <div>
      <div className="filters">
        <label className="check">
          <input type="checkbox" data-testid="remarks-open-only" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} />
          <span>только открытые (ждут исправления учителем)</span>
        </label>
        {!openOnly && fixed > 0 && <span className="badge warn">исправлено, ждёт проверки: {fixed}</span>}
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && (
        <RemarksTable testId="school-remarks" remarks={remarks} onOpenPage={onOpenPage} emptyText={openOnly ? 'Открытых замечаний нет.' : 'Замечаний нет.'} />
      )}
    </div>
  );
}
