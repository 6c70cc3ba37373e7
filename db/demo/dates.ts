// Calendar arithmetic of the demo school on ISO dates (YYYY-MM-DD), in UTC so that no
// time zone or daylight-saving change moves a school day. The basics are shared/dates.ts.
import { addDays, weekday } from '../../shared/dates';

export { addDays, weekday };

export function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function isWeekend(iso: string): boolean {
  return weekday(iso) >= 6;
}

/** Every date from `from` to `to`, both included. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The Friday closest to `iso` (a Friday itself, or the one before a weekend day). */
export function nearestFriday(iso: string): string {
  const wd = weekday(iso);
  const back = (wd - 5 + 7) % 7; // days since the last Friday
  return back <= 3 ? addDays(iso, -back) : addDays(iso, 7 - back);
}

/** The first Monday on or after `iso`. */
export function mondayOnOrAfter(iso: string): string {
  return addDays(iso, (8 - weekday(iso)) % 7);
}

/** The Monday of the week containing `iso`. */
export function mondayOfWeek(iso: string): string {
  return addDays(iso, 1 - weekday(iso));
}

/** The last weekday (Mon-Fri) on or before `iso`. */
export function weekdayOnOrBefore(iso: string): string {
  let d = iso;
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
}
