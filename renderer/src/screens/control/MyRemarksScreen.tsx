// «Замечания» for a teacher (R-ROLE-4): the deputy's remarks on the teacher's own journal
// pages — the open ones first — each opening its page, where the teacher answers.
import { useState } from 'react';
import { isOpenRemark, type Remark } from '../../components/control/control-model';
import { RemarksTable } from '../../components/control/RemarksTable';
import { ErrorBox, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { SessionUser } from '../../types';

export function MyRemarksScreen({ user, onOpenPage }: { user: SessionUser; onOpenPage(assignmentId: string): void }) {
  const [all, setAll] = useState(false);
  const list = useCall('remark.list', { openOnly: !all }, { followSync: true });
  // remark.list gives a teacher their own pages' remarks; the filter keeps it so for any role.
  const mine = ((list.value ?? []) as readonly Remark[]).filter((r) => r.teacherId === user.id);
  const open = mine.filter(isOpenRemark);
  return (
    <section className="panel" aria-labelledby="remarks-screen-title">
      <div className="panel-head">
        <h1 id="remarks-screen-title">Замечания по моим страницам журнала</h1>
        <label className="check">
          <input type="checkbox" data-testid="remarks-all" checked={all} onChange={(e) => setAll(e.target.checked)} />
          <span>показать и закрытые</span>
        </label>
      </div>
      {/* R-ROLE-4 */}
      <p className="muted">
        Замечания заместителя директора по ведению журнала. Исправьте страницу и ответьте «Исправлено» на самой странице.
      </p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {list.status === 'ok' && (
        <>
          {all && <p className="muted">Открытых: {open.length}</p>}
          <RemarksTable testId="my-remarks" remarks={all ? mine : open} onOpenPage={onOpenPage} emptyText={all ? 'Замечаний по вашим страницам нет.' : 'Открытых замечаний нет.'} />
        </>
      )}
    </section>
  );
}
