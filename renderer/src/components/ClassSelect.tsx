// A class picker: the classes of the year by name, with an empty choice.
interface Props {
  testId: string;
  classes: readonly { id: string; name: string }[];
  value: string | null;
  onChange(classId: string | null): void;
  /** The text of the empty choice. */
  emptyLabel: string;
  label?: string;
  className?: string;
}

export function ClassSelect({ testId, classes, value, onChange, emptyLabel, label = 'Класс', className = 'class-select' }: Props) {
  return (
    <label className={className}>
      <span>{label}</span>
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">{emptyLabel}</option>
        {classes.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
