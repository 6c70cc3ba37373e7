// The page's reporting periods (quarters, half-years; R-REC-4).
import type { JournalPageData } from '../types';

interface Props {
  periods: JournalPageData['periods'];
  value: string;
  onChange(periodId: string): void;
}

export function PeriodSelect({ periods, value, onChange }: Props) {
  return (
    <label className="period-select">
      <span>Период</span>
      <select data-testid="period-select" value={value} onChange={(e) => onChange(e.target.value)}>
        {periods.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
