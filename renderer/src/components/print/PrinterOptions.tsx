// Where and how to print: the printers of this computer (the system's default first), the
// number of copies, and both sides of the sheet (R-PRINT-1: class copies are double-sided).
import { useCall } from '../../hooks/useCall';

export interface PrinterChoice {
  /** null: the system's default printer. */
  printer: string | null;
  copies: number;
  doubleSided: boolean;
}

interface Props {
  value: PrinterChoice;
  onChange(value: PrinterChoice): void;
}

export function PrinterOptions({ value, onChange }: Props) {
  const printers = useCall('print.printers', {});
  const list = printers.value ?? [];
  return (
    <fieldset className="print-options" data-testid="printer-options">
      <legend>Принтер</legend>
      <label className="field">
        <span>Принтер</span>
        <select data-testid="print-printer" value={value.printer ?? ''} onChange={(e) => onChange({ ...value, printer: e.target.value || null })}>
          <option value="">Принтер по умолчанию</option>
          {list.map((p) => (
            <option key={p.name} value={p.name}>
              {p.isDefault ? `${p.name} (по умолчанию)` : p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field narrow-field">
        <span>Экземпляров</span>
        <input
          data-testid="print-copies"
          type="number"
          min={1}
          max={99}
          value={value.copies}
          onChange={(e) => onChange({ ...value, copies: Math.max(1, Math.min(99, Math.round(Number(e.target.value) || 1))) })}
        />
      </label>
      <label className="check">
        <input data-testid="print-duplex" type="checkbox" checked={value.doubleSided} onChange={(e) => onChange({ ...value, doubleSided: e.target.checked })} />
        <span>С двух сторон листа</span>
      </label>
      {printers.status === 'error' && <p className="muted" data-testid="printers-error">{printers.error}</p>}
      {printers.status === 'ok' && list.length === 0 && <p className="muted">Принтеры не найдены: файл PDF можно сохранить и распечатать позже.</p>}
    </fieldset>
  );
}
