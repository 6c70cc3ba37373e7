// Step «Проверка»: what setup.checklist still finds missing before the year can start, and
// the lessons created from the timetable across each period, skipping holidays.
import { useState } from 'react';
import { call } from '../../api';
import { ChecklistView } from '../../components/admin/ChecklistView';
import { FormError, Loading } from '../../components/Status';
import { useAction } from '../../hooks/useAction';
import { StepHead } from './SetupScreen';
import type { Checklist, StepProps } from './setup-model';

export function CheckStep({ yearId, onSaved, checklist, onReloadChecklist }: StepProps & { checklist: Checklist | null; onReloadChecklist(): void }) {
  const [result, setResult] = useState<string | null>(null);
  const action = useAction();
  const generate = () =>
    yearId &&
    void action.run(async () => {
      const r = await call('setup.generateLessons', { yearId });
      const kept = r.keptWithEntries.length > 0 ? ` Оставлено с записями: ${r.keptWithEntries.length}.` : '';
      setResult(`Уроки созданы по расписанию: новых — ${r.created}, отменено — ${r.cancelled}, восстановлено — ${r.restored}.${kept}`);
      onSaved();
    });
  if (!checklist) return <Loading />;
  return (
    <div className="setup-form" data-testid="check-step">
      <StepHead title="Проверка" />
      <ChecklistView checklist={checklist} className="setup-checklist" ids={{ summary: 'setup-check-summary', list: 'setup-checklist', item: 'setup-check-item' }} />
      <div className="form-actions">
        <button type="button" className="btn primary" data-testid="generate-lessons" disabled={!yearId || action.busy} onClick={generate}>
          Создать уроки по расписанию
        </button>
        <button type="button" className="btn" onClick={onReloadChecklist}>
          Проверить снова
        </button>
        <FormError error={action.error} />
      </div>
      {result && (
        <p className="status ok" role="status" data-testid="generate-result">
          {result}
        </p>
      )}
    </div>
  );
}
