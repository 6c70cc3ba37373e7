// How the UI writes dates, numbers and roles in Russian.
import type { Role } from '../../db/schema';
import { WEEKDAY_NAMES, weekday } from '../../shared/dates';

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

/** 4.5 → '4,50' (the comma is the Russian decimal separator). */
export function formatAverage(n: number | null): string {
  return n === null ? '' : n.toFixed(2).replace('.', ',');
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
