// A date field that reads and writes dd.mm.yyyy whatever the system's locale (an <input
// type="date"> shows the operating system's format, 11/23/2026 on an English Windows). The
// value exchanged with the form, and so with the service, is ISO yyyy-mm-dd; the text is
// masked as it is typed, checked (a real day, within min/max) and explained in Russian.
// ↑/↓ move a valid date by a day.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, formatRuDate } from '../../../shared/dates';
import { checkDateText, maskDateText } from '../format';

interface Props {
  /** ISO yyyy-mm-dd, or '' for no date. */
  value: string;
  /** Called with the ISO date once the text is a valid date, with '' when it is empty or not a date. */
  onChange(iso: string): void;
  min?: string;
  max?: string;
  required?: boolean;
  disabled?: boolean;
  testId?: string;
  title?: string;
  /** For a field without a visible label. */
  ariaLabel?: string;
}

const textOf = (iso: string) => (iso ? formatRuDate(iso) : '');

export function DateField({ value, onChange, min, max, required, disabled, testId, title, ariaLabel }: Props) {
  const [text, setText] = useState(() => textOf(value));
  const [left, setLeft] = useState(false); // the person left the field: an unfinished date is an error now
  const [shownValue, setShownValue] = useState(value);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const limits = { min, max };
  const check = checkDateText(text, limits);

  // A new value from outside (another button, the form reset) replaces the text, unless the
  // text already says that date (or is a date being typed while the value is still empty).
  if (value !== shownValue) {
    setShownValue(value);
    if ((check.iso ?? '') !== value) setText(textOf(value));
  }

  const error = check.error && (left || text.length >= 10) ? check.error : null;
  useEffect(() => {
    input.current?.setCustomValidity(check.error ?? '');
  }, [check.error]);

  const change = (raw: string) => {
    const next = maskDateText(raw);
    setText(next);
    setLeft(false);
    const iso = checkDateText(next, limits).iso ?? '';
    if (iso !== value) onChange(iso);
  };

  const step = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !check.iso) return;
    e.preventDefault();
    const next = addDays(check.iso, e.key === 'ArrowUp' ? 1 : -1);
    if ((min && next < min) || (max && next > max)) return;
    change(formatRuDate(next));
  };

  return (
    <span className={error ? 'date-field invalid' : 'date-field'}>
      <input
        ref={input}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="дд.мм.гггг"
        maxLength={10}
        data-testid={testId}
        data-iso={check.iso ?? ''}
        value={text}
        required={required}
        disabled={disabled}
        title={title ?? 'Дата в виде дд.мм.гггг'}
        aria-label={ariaLabel}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => change(e.target.value)}
        onKeyDown={step}
        onBlur={() => setLeft(true)}
      />
      {error && (
        <span id={errorId} className="date-field-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </span>
  );
}
