// «Аттестация»: the term-end certification of the whole school (R-PRINT-2, 004 §4) — the
// matrix of classes × the five days with status colours, who is late, what holds each class
// up, and a class's detail with the actions of the day. A deputy opens the campaign of a
// period with the five dates and records the day-2 backup here.
import { useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { ClassDetail } from '../../components/certification/ClassDetail';
import { CancelCampaign, CancelledBanner, OpenCampaign, untouched } from '../../components/certification/CampaignForms';
import { STEP_HEADS, STEP_ORDER, stepClass, stepText, type CampaignInfo } from '../../components/certification/cert-model';
import { MyTasks } from '../../components/certification/MyTasks';
import { ErrorBox, FormError, Loading } from '../../components/Status';
import { useCall } from '../../hooks/useCall';
import type { SessionUser } from '../../types';
import '../../certification.css';

interface Props {
  user: SessionUser;
  campaignId: string | null;
  classId: string | null;
  onSelect(campaignId: string | null, classId: string | null): void;
}

export function CertificationScreen({ user, campaignId, classId, onSelect }: Props) {
  const list = useCall('campaign.list', {});
  const deputy = user.roles.includes('deputy');
  const campaigns = list.value ?? list.stale ?? [];
  // A campaign that is not cancelled first: a cancelled one stays listed with its reason.
  const chosen = campaignId ?? campaigns.find((c) => c.status === 'open')?.id ?? campaigns.find((c) => c.status !== 'cancelled')?.id ?? campaigns[0]?.id ?? null;
  const [scope, setScope] = useState<'mine' | 'all' | undefined>(undefined);
  const dash = useCall('campaign.dashboard', chosen ? { campaignId: chosen, ...(scope ? { scope } : {}) } : null);
  const shown = dash.value ?? dash.stale;
  const [opening, setOpening] = useState(false);

  return (
    <section className="panel cert" aria-labelledby="cert-title">
      <div className="panel-head">
        <h1 id="cert-title">Аттестация: бумажные копии журнала за период</h1>
        {campaigns.length > 0 && (
          <select className="class-select" data-testid="cert-campaign" value={chosen ?? ''} onChange={(e) => onSelect(e.target.value, null)} aria-label="Аттестация">
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>{`${c.periodName} ${c.yearName}${c.status === 'cancelled' ? ' — отменена' : ''}`}</option>
            ))}
          </select>
        )}
        {shown && shown.myGrades.length > 0 && (
          <select className="class-select" data-testid="cert-scope" value={shown.scope} onChange={(e) => setScope(e.target.value === 'all' ? 'all' : 'mine')} aria-label="Классы">
            <option value="mine">Мои параллели ({shown.myGrades.join(', ')})</option>
            <option value="all">Вся школа</option>
          </select>
        )}
        {deputy && (
          <button type="button" className="btn" data-testid="cert-new" onClick={() => setOpening((x) => !x)}>
            Открыть аттестацию за период…
          </button>
        )}
      </div>
      {list.status === 'error' && <ErrorBox message={list.error} onRetry={list.reload} />}
      {opening && deputy && (
        <OpenCampaign
          onOpened={(id) => {
            setOpening(false);
            list.reload();
            onSelect(id, null);
          }}
        />
      )}
      {list.status === 'ok' && campaigns.length === 0 && !opening && (
        <p className="muted" data-testid="cert-none">{deputy ? 'Аттестаций ещё нет: откройте аттестацию за закончившийся период.' : 'Аттестаций ещё нет.'}</p>
      )}
      {chosen && dash.status === 'loading' && !dash.stale && <Loading />}
      {dash.status === 'error' && <ErrorBox message={dash.error} onRetry={dash.reload} />}
      {(dash.value ?? dash.stale) && (() => {
        const d = (dash.value ?? dash.stale)!;
        const selected = d.classes.find((c) => c.classId === classId) ?? null;
        const refresh = () => {
          dash.reload();
          list.reload();
        };
        return (
          <>
            <div className="cert-days" data-testid="cert-days">
              {d.campaign.days.map((day, i) => (
                <span key={day} className={day === d.today ? 'cert-day today' : 'cert-day'}>{`День ${i + 1}: ${formatRuDate(day)}`}</span>
              ))}
              <span className="cert-day">{`Сегодня: ${formatRuDate(d.today)}`}</span>
            </div>
            <CancelledBanner campaign={d.campaign} />
            {deputy && d.campaign.status === 'open' && untouched(d.campaign, d.classes) && (
              <CancelCampaign
                campaign={d.campaign}
                onCancelled={() => {
                  refresh();
                  onSelect(d.campaign.id, null);
                }}
              />
            )}
            {d.campaign.status !== 'cancelled' && <Backup campaign={d.campaign} canRecord={deputy} onDone={refresh} />}
            {selected && d.campaign.status !== 'cancelled' && <ClassDetail key={selected.classId} campaign={d.campaign} cls={selected} user={user} onChanged={refresh} />}
            {d.campaign.status !== 'cancelled' && (
            <>
            <div className="cert-legend" aria-hidden="true">
              <span className="cert-done">готово</span>
              <span className="cert-open">в работе</span>
              <span className="cert-late">опаздывает / устарела</span>
              <span className="cert-waiting">ждёт предыдущего дня</span>
            </div>
            <table className="table compact cert-matrix" data-testid="cert-matrix">
              <thead>
                <tr>
                  <th>Класс</th>
                  {STEP_ORDER.map((k) => (
                    <th key={k}>{STEP_HEADS[k]}</th>
                  ))}
                  <th>Что держит</th>
                </tr>
              </thead>
              <tbody>
                {d.classes.map((c) => (
                  <tr key={c.classId} data-testid="cert-row" data-class={c.className} className={c.classId === classId ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link" data-testid="cert-open-class" onClick={() => onSelect(d.campaign.id, c.classId)}>
                        {c.className}
                      </button>
                    </td>
                    {STEP_ORDER.map((k) => (
                      <td key={k} className={`cert-step ${stepClass(c.steps[k])}`} data-testid={`cert-cell-${k}`} data-status={c.steps[k].status} data-late={c.steps[k].late ? '1' : '0'}>
                        {stepText(c.steps[k])}
                      </td>
                    ))}
                    <td className="cert-blockers">
                      <div className="cert-clamp" title={c.blockers.join(' ')}>{c.blockers[0] ?? ''}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {d.late.length > 0 && (
              <details className="cert-late-list" data-testid="cert-late">
                <summary>{`Опаздывают: ${d.late.length}`}</summary>
                <ul>
                  {d.late.map((l) => (
                    <li key={`${l.classId}|${l.step}`}>{`${l.className}, ${l.stepName} (до ${formatRuDate(l.dueOn)}): ${l.who.join(', ')}`}</li>
                  ))}
                </ul>
              </details>
            )}
            </>
            )}
          </>
        );
      })()}
      <MyTasks onOpenCheck={() => undefined} onOpenClass={(cid, clsId) => onSelect(cid, clsId)} />
    </section>
  );
}

function Backup({ campaign, canRecord, onDone }: { campaign: CampaignInfo; canRecord: boolean; onDone(): void }) {
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (campaign.backup) {
    return <p className="banner ok" data-testid="cert-backup">{`Резервная копия дня 2 записана: ${campaign.backup.recordedBy}, ${formatRuDate(campaign.backup.recordedAt.slice(0, 10))}.`}</p>;
  }
  if (!canRecord) return <p className="muted" data-testid="cert-backup">Резервная копия дня 2 ещё не записана.</p>;
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (folder.trim()) await call('backup.make', { destinations: [folder.trim()], note: `аттестация: ${campaign.periodName}` });
      await call('campaign.recordBackup', { campaignId: campaign.id });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="cert-actions" data-testid="cert-backup-form" onSubmit={(e) => void run(e)}>
      <label className="field">
        <span>День 2: папка для резервной копии (пусто — записать последнюю сделанную копию)</span>
        <input data-testid="cert-backup-folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="E:\Журнал\Копии" />
      </label>
      <button type="submit" className="btn primary" data-testid="cert-backup-submit" disabled={busy}>
        {folder.trim() ? 'Сделать копию и записать' : 'Записать резервную копию'}
      </button>
      <FormError error={error} />
    </form>
  );
}
