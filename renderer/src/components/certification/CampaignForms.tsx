// The deputy's forms around a campaign (R-PRINT-2, 004 §4): opening the certification of a
// period with its five dates (proposed on the school's working days; a period not started,
// or too far from its end, is refused by the service with the reason shown here), and
// cancelling a campaign opened by mistake while nothing has been done in it — with a reason
// that stays on record beside the cancelled campaign.
import { useState, type FormEvent } from 'react';
import { formatRuDate } from '../../../../shared/dates';
import { call, errorMessage } from '../../api';
import { useCall } from '../../hooks/useCall';
import { DateField } from '../DateField';
import { ErrorBox, FormError, Loading } from '../Status';
import { dateTime, type CampaignInfo, type ClassState, type PeriodChoice } from './cert-model';

export function OpenCampaign({ onOpened }: { onOpened(id: string): void }) {
  const periods = useCall('campaign.periods', {});
  const free = (periods.value ?? []).filter((p) => !p.campaignId);
  const [periodId, setPeriodId] = useState<string | null>(null);
  const period: PeriodChoice | undefined = free.find((p) => p.id === periodId) ?? free.find((p) => p.ended) ?? free[0];
  const [days, setDays] = useState<Record<string, string[]>>({});
  const shown = period ? (days[period.id] ?? period.suggestedDays) : [];
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!period) return;
    setError(null);
    try {
      const r = await call('campaign.open', { periodId: period.id, days: shown });
      onOpened(r.campaignId);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  if (periods.status === 'loading') return <Loading />;
  if (periods.status === 'error') return <ErrorBox message={periods.error} onRetry={periods.reload} />;
  if (free.length === 0) return <p className="muted">Аттестации открыты за все периоды года.</p>;
  return (
    <form className="cert-open-form card" data-testid="cert-open-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Период</span>
        <select data-testid="cert-open-period" value={period?.id ?? ''} onChange={(e) => { setPeriodId(e.target.value); setError(null); }}>
          {free.map((p) => (
            <option key={p.id} value={p.id}>{`${p.name}, до ${formatRuDate(p.endsOn)}`}</option>
          ))}
        </select>
      </label>
      {shown.map((d, i) => (
        <label className="field" key={i}>
          <span>{`День ${i + 1}`}</span>
          <DateField testId={`cert-open-day-${i + 1}`} value={d}
            onChange={(iso) => period && setDays({ ...days, [period.id]: shown.map((x, j) => (j === i ? iso : x)) })} />
        </label>
      ))}
      <button type="submit" className="btn primary" data-testid="cert-open-submit">
        Открыть аттестацию
      </button>
      <p className="muted cert-open-hint" data-testid="cert-open-hint">
        {period && !period.opensNow
          ? `Аттестацию за этот период можно открыть с ${formatRuDate(period.opensOn)}.`
          : 'Даты предложены на рабочие дни после конца периода: без выходных и праздников календаря школы.'}
      </p>
      <FormError error={error} />
    </form>
  );
}

/** Nothing has been done in the campaign yet: no backup recorded, no class or subject step. */
export function untouched(campaign: CampaignInfo, classes: readonly ClassState[]): boolean {
  return !campaign.backup && classes.every((c) => !c.record && c.subjects.every((s) => !s.confirmedAt && !s.signedAt));
}

export function CancelCampaign({ campaign, onCancelled }: { campaign: CampaignInfo; onCancelled(): void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" className="btn" data-testid="cert-cancel" onClick={() => setOpen(true)}>
        Отменить аттестацию…
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('campaign.cancel', { campaignId: campaign.id, reason });
      setOpen(false);
      onCancelled();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="cert-actions card" data-testid="cert-cancel-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>{`Почему отменяется аттестация за период «${campaign.periodName}»`}</span>
        <input data-testid="cert-cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="открыта по ошибке: не тот период" />
      </label>
      <button type="submit" className="btn primary" data-testid="cert-cancel-submit" disabled={busy}>
        Отменить аттестацию
      </button>
      <button type="button" className="btn" onClick={() => setOpen(false)} disabled={busy}>
        Не отменять
      </button>
      <p className="muted">Отменённая аттестация остаётся в журнале с причиной; за этот период можно будет открыть новую.</p>
      <FormError error={error} />
    </form>
  );
}

export function CancelledBanner({ campaign }: { campaign: CampaignInfo }) {
  if (!campaign.cancelled) return null;
  const c = campaign.cancelled;
  return (
    <p className="banner warn" data-testid="cert-cancelled">
      {`Аттестация за период «${campaign.periodName}» отменена ${dateTime(c.at)}${c.by ? ` (${c.by})` : ''}. Причина: ${c.reason}`}
    </p>
  );
}
