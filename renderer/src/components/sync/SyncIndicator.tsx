// Always on screen (in the top bar): whether this computer is in sync with the others
// through the share, refreshed every few seconds; a click opens the sync screen.
import { useEffect } from 'react';
import { useCall } from '../../hooks/useCall';
import { HEALTH_LABEL } from './sync-labels';

const REFRESH_MS = 5000;

export function SyncIndicator({ onOpen }: { onOpen(): void }) {
  const state = useCall('sync.indicator', {});
  const { reload } = state;
  useEffect(() => {
    const t = setInterval(reload, REFRESH_MS);
    return () => clearInterval(t);
  }, [reload]);
  const v = state.value ?? state.stale;
  const health = v?.health ?? 'off';
  const details = v ? [v.summary, v.outbox !== null && v.outbox > 0 ? `ждут отправки: ${v.outbox}` : '', v.lastSuccessAt ? `последняя синхронизация: ${new Date(v.lastSuccessAt).toLocaleString('ru-RU')}` : ''].filter(Boolean).join('\n') : 'Загрузка…';
  return (
    <button type="button" className={`btn sync-indicator sync-${health}`} data-testid="sync-indicator" data-health={health} title={details} onClick={onOpen}>
      <span className="sync-dot" aria-hidden="true" />
      <span>{v?.updateNeeded ? 'Обновите программу' : (HEALTH_LABEL[health] ?? health)}</span>
      {v && v.openConflicts > 0 && <span className="badge warn">{v.openConflicts}</span>}
    </button>
  );
}
