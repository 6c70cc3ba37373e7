// Sync through the school's network share (issue 4): this computer's state, the other
// computers with their last contact and lag, the clock, the quarantine of broken or
// forged files and changes, and the conflicts. The administrator sets the folder and
// decides about quarantined changes; conflicts go to deputies and the lesson's teacher.
// With sync off the screen says so plainly and how to turn it on; nothing is said to wait
// for sending and "sync now" is disabled.
import { useEffect, useState, type FormEvent } from 'react';
import { call, errorMessage } from '../../api';
import { FolderField } from '../../components/admin/FolderField';
import { formatDecimal } from '../../format';
import { formatDateTime } from '../../components/control/control-model';
import { ErrorBox, Loading } from '../../components/Status';
import { HEALTH_LABEL, QUARANTINE_LABEL } from '../../components/sync/sync-labels';
import { useCall } from '../../hooks/useCall';
import { ConflictsPanel } from './ConflictsPanel';

interface Props {
  seesDetail: boolean;
  isAdmin: boolean;
  canResolve: boolean;
}

function skewText(ms: number | null): string {
  if (ms === null) return 'не измерено';
  const abs = Math.abs(ms);
  if (abs < 1000) return 'совпадают';
  const text = abs >= 36e5 ? `${formatDecimal(abs / 36e5, 1, true)} ч` : abs >= 6e4 ? `${Math.round(abs / 6e4)} мин` : `${Math.round(abs / 1000)} с`;
  return ms > 0 ? `часы этого компьютера отстают на ${text}` : `часы этого компьютера спешат на ${text}`;
}

export function SyncScreen({ seesDetail, isAdmin, canResolve }: Props) {
  const status = useCall('sync.status', seesDetail ? {} : null);
  // Everyone may learn whether sync is on (the indicator's call); the detail is the administration's.
  const indicator = useCall('sync.indicator', seesDetail ? null : {});
  const [share, setShare] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Grows after every action, so the conflicts are read again (a sync may bring new ones).
  const [version, setVersion] = useState(0);
  const { reload } = status;
  const reloadIndicator = indicator.reload;
  useEffect(() => {
    const t = setInterval(seesDetail ? reload : reloadIndicator, 5000);
    return () => clearInterval(t);
  }, [reload, reloadIndicator, seesDetail]);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
      if (seesDetail) reload();
      else reloadIndicator();
    }
  };
  const syncNow = () => run(async () => {
    const r = await call('sync.now', {});
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join(' '));
    return `Синхронизировано: отправлено ${r.published}, получено ${r.received}.`;
  });
  const configure = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await call('sync.configure', { share: (share ?? '').trim() });
      return (share ?? '').trim() ? 'Сетевая папка сохранена.' : 'Синхронизация выключена.';
    });
  };
  const decide = (id: number, action: 'release' | 'dismiss') => run(async () => {
    await call('sync.release', { id, action });
    return action === 'release' ? 'Изменения приняты; они будут применены при следующей синхронизации.' : 'Запись убрана из списка.';
  });

  const s = status.value ?? status.stale;
  const ind = indicator.value ?? indicator.stale;
  const health = s?.health ?? ind?.health;
  const off = health === 'off';
  return (
    <section className="panel sync-screen" aria-labelledby="sync-title">
      <h1 id="sync-title">Синхронизация</h1>
      {off && (
        <div className="banner warn sync-off" data-testid="sync-off" role="status">
          <p><strong>Синхронизация выключена.</strong> Журнал ведётся только на этом компьютере: другие компьютеры школы не получают его изменений, а он — их.</p>
          <p data-testid="sync-off-how">
            {isAdmin
              ? 'Чтобы включить её, укажите ниже сетевую папку, общую для всех компьютеров школы, и нажмите «Сохранить». Синхронизация пойдёт сама каждые несколько секунд.'
              : 'Включает её администратор журнала: он указывает в этом разделе сетевую папку, общую для всех компьютеров школы.'}
          </p>
        </div>
      )}
      {message && <p data-testid="sync-message" className={message.ok ? 'banner ok' : 'banner warn'} role="status">{message.text}</p>}
      <p>
        <button type="button" className="btn primary" data-testid="sync-now" disabled={busy || off || !health}
          title={off ? 'Синхронизация выключена: сначала нужно задать сетевую папку.' : undefined} onClick={() => void syncNow()}>
          {busy ? 'Синхронизация…' : 'Синхронизировать сейчас'}
        </button>
      </p>
      {seesDetail && status.status === 'loading' && !s && <Loading />}
      {seesDetail && status.status === 'error' && <ErrorBox message={status.error} onRetry={reload} />}
      {s && (
        <>
          <dl className="facts" data-testid="sync-facts">
            <dt>Состояние</dt>
            <dd data-testid="sync-health">{`${HEALTH_LABEL[s.health] ?? s.health}. ${s.summary}`}</dd>
            <dt>Этот компьютер</dt>
            <dd className="mono">{`${s.computerName} (${s.nodeId})`}</dd>
            <dt>Версия программы</dt>
            <dd data-testid="sync-app-version">{s.appVersion}</dd>
            <dt>Сетевая папка</dt>
            <dd className="mono">{s.share ?? 'не задана'}</dd>
            <dt>Последняя синхронизация</dt>
            <dd>{s.lastSuccessAt ? formatDateTime(s.lastSuccessAt) : 'не было'}</dd>
            {!off && (
              <>
                <dt>Ждут отправки</dt>
                <dd data-testid="sync-outbox">{s.outbox}</dd>
              </>
            )}
            <dt>Часы</dt>
            <dd>{skewText(s.clockSkewMs)}{s.clockCorrectionMs !== 0 ? ' — время изменений исправляется по сетевой папке' : ''}</dd>
            <dt title="Отпечаток ключа первого администратора школы: от него заверяются ключи всех сотрудников. Сверьте его на каждом компьютере.">Ключ школы</dt>
            <dd className="mono" data-testid="sync-anchor">{s.anchor ? s.anchor.fingerprint : 'не задан'}</dd>
          </dl>
          {isAdmin && (
            <form className="sync-form" onSubmit={configure}>
              <FolderField label="Сетевая папка синхронизации (общая для всех компьютеров школы)" testId="sync-share" value={share ?? s.share ?? ''}
                onChange={setShare} dialogTitle="Сетевая папка синхронизации" placeholder="\\SERVER\Журнал" />
              <button type="submit" className="btn" data-testid="sync-save" disabled={busy}>Сохранить</button>
            </form>
          )}
          {!off && <>
          <h2>Компьютеры школы</h2>
          {s.peers.length === 0 ? <p className="muted">Другие компьютеры ещё не появлялись в сетевой папке.</p> : (
            <table className="table compact" data-testid="sync-peers">
              <thead>
                <tr>
                  <th>Компьютер</th>
                  <th>Версия программы</th>
                  <th>Последняя связь</th>
                  <th className="num">Отставание, мин</th>
                  <th className="num">Получено сегментов</th>
                  <th className="num">Ждут</th>
                </tr>
              </thead>
              <tbody>
                {s.peers.map((p) => (
                  <tr key={p.nodeId}>
                    <td className="mono">{`${p.computerName || '—'} (${p.nodeId.slice(0, 8)})`}</td>
                    <td className={p.waitsForUpdate ? 'warn' : undefined} data-testid="sync-peer-version"
                      title={p.waitsForUpdate ? 'Этот компьютер работает в более новой версии программы: его изменения ждут, пока программу не обновят здесь.' : undefined}>
                      {p.appVersion ?? '—'}{p.waitsForUpdate ? ' — новее: обновите программу' : ''}
                    </td>
                    <td>{p.lastContactAt ? formatDateTime(p.lastContactAt) : '—'}</td>
                    <td className={`num${(p.lagMinutes ?? 0) > 24 * 60 ? ' warn' : ''}`}>{p.lagMinutes ?? '—'}</td>
                    <td className="num">{p.appliedSeq}</td>
                    <td className={`num${p.behind > 0 ? ' warn' : ''}`}>{p.behind}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Ждут и в карантине</h2>
          <p className="muted">
            «Ждёт» — изменение придёт в журнал само, как только на этот компьютер попадёт то, чего ему не хватает (ключ подписи автора,
            связанная запись). Остальное не применено: причина указана в строке.
          </p>
          {s.quarantine.length === 0 ? <p className="muted" data-testid="no-quarantine">Карантин пуст.</p> : (
            <table className="table compact" data-testid="sync-quarantine">
              <thead>
                <tr>
                  <th>Когда</th>
                  <th>Компьютер</th>
                  <th>Файл или изменение</th>
                  <th>Причина</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {s.quarantine.map((q) => (
                  <tr key={q.id} data-testid="quarantine-row">
                    <td>{formatDateTime(q.detectedAt)}</td>
                    <td className="mono">{q.nodeId.slice(0, 8)}</td>
                    <td className="mono">{q.file}</td>
                    <td>{`${QUARANTINE_LABEL[q.code] ?? q.code}: ${q.message}`}</td>
                    <td>
                      {isAdmin && q.code === 'CLOCK_AHEAD' && (
                        <button type="button" className="btn small" onClick={() => void decide(q.id, 'release')}>Принять</button>
                      )}
                      {isAdmin && (
                        <button type="button" className="btn small" onClick={() => void decide(q.id, 'dismiss')}>Убрать из списка</button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          </>}
        </>
      )}
      <ConflictsPanel key={version} canResolve={canResolve} onChanged={() => seesDetail && reload()} />
    </section>
  );
}
