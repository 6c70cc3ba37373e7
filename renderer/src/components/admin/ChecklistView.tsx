// What setup.checklist finds done and missing before the year can start (R-ROLE-6), as one
// list: shown on «Готовность года» and as the setup flow's last step.
import type { ResultOf } from '../../../../service/api';

export type Checklist = ResultOf<'setup.checklist'>;

/** The test ids of the summary line, the list and each item (each screen keeps its own). */
export interface ChecklistIds {
  readonly summary: string;
  readonly list: string;
  readonly item: string;
}

export function ChecklistView({ checklist, ids, className = '' }: { checklist: Checklist; ids: ChecklistIds; className?: string }) {
  const left = checklist.items.filter((i) => !i.done).length;
  return (
    <>
      <p className={checklist.ready ? 'status ok' : 'status info'} role="status" data-testid={ids.summary} data-ready={checklist.ready}>
        {checklist.ready ? 'Всё готово: учебный год можно начинать.' : `Не готово пунктов: ${left} из ${checklist.items.length}.`}
      </p>
      <ul className={`checklist ${className}`.trim()} data-testid={ids.list}>
        {checklist.items.map((i) => (
          <li key={i.key} className={i.done ? 'checklist-item done' : 'checklist-item missing'} data-testid={ids.item} data-key={i.key} data-done={i.done}>
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
    </>
  );
}
