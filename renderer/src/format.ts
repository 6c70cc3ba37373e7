// How the UI writes dates, numbers and roles in Russian: dates as dd.mm.yyyy whatever the
// system's locale, a decimal comma (the numbers' formatter is shared with the service and
// print: shared/format.ts), «Фамилия И. О.» with one full stop after each initial.
import type { Role } from '../../db/schema';
import { formatRuDate, parseRuDate, WEEKDAY_NAMES, weekday } from '../../shared/dates';

export { endSentence, formatAverage, formatDecimal, formatPercent, shortName } from '../../shared/format';

const MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'] as const;

/** '2026-11-22' → 'воскресенье, 22 ноября 2026' */
export function formatLongDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${WEEKDAY_NAMES[weekday(iso)] ?? ''}, ${d ?? ''} ${MONTHS_GENITIVE[(m ?? 1) - 1] ?? ''} ${y ?? ''}`;
}

/** '2026-09-02' → '02.09' */
export function formatDayMonth(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

/** Share of `part` in `whole` as a whole percent, or null when there is nothing to count. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null;
}

const ROLE_NAMES: Record<Role, string> = {
  teacher: 'учитель',
  class_teacher: 'классный руководитель',
  deputy: 'завуч',
  director: 'директор',
  secretary: 'делопроизводитель',
  admin: 'администратор',
};

const ROLE_ORDER: readonly Role[] = ['director', 'deputy', 'admin', 'secretary', 'class_teacher', 'teacher'];

export function roleNames(roles: readonly Role[]): string {
  return ROLE_ORDER.filter((r) => roles.includes(r)).map((r) => ROLE_NAMES[r]).join(', ');
}

/** 'Математика', 'группа 1' → 'Математика · группа 1' */
export function joinParts(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join(' · ');
}

/**
 * What a date field shows while it is typed: the day and the month take at most two digits
 * and get their full stop as the next digit comes ('2311' → '23.11', '23112026' →
 * '23.11.2026'); a full stop typed early ends the part ('1.9.2026'); ',', '/', '-' and
 * spaces count as full stops; the year takes four digits; anything else is dropped. An ISO
 * date pasted in ('2026-11-23') is shown as '23.11.2026'.
 */
export function maskDateText(raw: string): string {
  const t = raw.trim();
  const iso = parseRuDate(t);
  if (iso && /^\d{4}-/.test(t)) return formatRuDate(iso);
  const parts = [''];
  for (const ch of t.replace(/[,/\-\s]/g, '.').replace(/[^\d.]/g, '')) {
    const i = parts.length - 1;
    const part = parts[i]!;
    if (ch === '.') {
      if (part !== '' && i < 2) parts.push('');
    } else if (i < 2 && part.length === 2) {
      parts.push(ch);
    } else if (i === 2 && part.length === 4) {
      break;
    } else {
      parts[i] = part + ch;
    }
  }
  return parts.join('.');
}

export type DateCheck = { iso: string; error: null } | { iso: null; error: string | null };

/**
 * A date field's text read as a date: its ISO value, or why not (in Russian, for the person
 * typing). Empty text is no date and no error (a required field says so itself).
 */
export function checkDateText(text: string, limits: { min?: string; max?: string } = {}): DateCheck {
  const t = text.trim();
  if (t === '') return { iso: null, error: null };
  if (!/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(t)) return { iso: null, error: 'Введите дату в виде дд.мм.гггг, например 23.11.2026.' };
  const iso = parseRuDate(t);
  if (!iso) return { iso: null, error: `Такой даты нет: ${t}.` };
  if (limits.min && iso < limits.min) return { iso: null, error: `Дата не раньше ${formatRuDate(limits.min)}.` };
  if (limits.max && iso > limits.max) return { iso: null, error: `Дата не позже ${formatRuDate(limits.max)}.` };
  return { iso, error: null };
}
