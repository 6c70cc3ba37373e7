// Step «Проверка»: what setup.checklist still finds missing before the year can start, and
// the lessons created from the timetable across each period, skipping holidays.
import { useState } from 'react';
import { call } from '../../api';
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
  const left = checklist.items.filter((i) => !i.done).length;
  return (
    <div className="setup-form" data-testid="check-step">
      <StepHead title="Проверка" />
      <p className={checklist.ready ? 'status ok' : 'status info'} role="status" data-testid="setup-check-summary" data-ready={checklist.ready}>
        {checklist.ready ? 'Всё готово: учебный год можно начинать.' : `Не готово пунктов: ${left} из ${checklist.items.length}.`}
      </p>
      <ul className="checklist setup-checklist" data-testid="setup-checklist">
        {checklist.items.map((i) => (
          <li key={i.key} className={i.done ? 'checklist-item done' : 'checklist-item missing'} data-testid="setup-check-item" data-key={i.key} data-done={i.done}>
            <span className="checklist-mark" aria-hidden="true">
              {i.done ? '✓' : '✗'}
            </span>
            <div>
              <strong>{i.title}</strong>
              <span className="adm-hidden-label">{i.done ? ': готово' : ': не готово'}</span>
              {i.missing.length > 0 && (
                <ul className="checklist-missing">
                  {i.missing.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
          </li>
        ))}
      </ul>
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
