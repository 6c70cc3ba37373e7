// The school's calendar of non-working days (table non_working_day, migration 010): the
// public holidays and the school's own days off (a weekend moved onto a weekday). The
// certification's five days are proposed on working days only (R-PRINT-2, 004 §4).
// A calendar year with no row at all keeps Russia's public holidays as its default (Labour
// Code art. 112); once the school enters anything for a year, its rows are the year's
// calendar. Weekends are never working days here; 1 January is never proposed at all.
import type { Knex } from 'knex';
import { keyId } from '../ids';

export interface NonWorkingDay {
  readonly date: string;
  readonly name: string;
}

/** Russia's public holidays of a calendar year (Labour Code art. 112). */
export function russianHolidays(year: number): NonWorkingDay[] {
  const d = (m: number, day: number) => `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const days: NonWorkingDay[] = [];
  for (const day of [1, 2, 3, 4, 5, 6, 8]) days.push({ date: d(1, day), name: 'Новогодние каникулы' });
  days.push({ date: d(1, 7), name: 'Рождество Христово' });
  days.push(
    { date: d(2, 23), name: 'День защитника Отечества' },
    { date: d(3, 8), name: 'Международный женский день' },
    { date: d(5, 1), name: 'Праздник Весны и Труда' },
    { date: d(5, 9), name: 'День Победы' },
    { date: d(6, 12), name: 'День России' },
    { date: d(11, 4), name: 'День народного единства' },
  );
  return days.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The id of a date's row: one row a date, the same on every computer. */
export const nonWorkingDayId = (date: string) => keyId('non_working_day', date);

export interface CalendarYear {
  readonly year: number;
  /** True when the school entered nothing for the year: the days are Russia's holidays. */
  readonly isDefault: boolean;
  readonly days: readonly NonWorkingDay[];
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The non-working days of calendar years `from`..`to`, each from the table or by default. */
export async function calendarYears(knex: Knex, from: number, to: number): Promise<CalendarYear[]> {
  const rows: { date: string; name: string; removed: number }[] = await knex('non_working_day')
    .whereBetween('date', [`${from}-01-01`, `${to}-12-31`]).orderBy('date').select('date', 'name', 'removed');
  const out: CalendarYear[] = [];
  for (let y = from; y <= to; y++) {
    const own = rows.filter((r) => yearOf(r.date) === y);
    out.push(own.length === 0
      ? { year: y, isDefault: true, days: russianHolidays(y) }
      : { year: y, isDefault: false, days: own.filter((r) => r.removed === 0).map((r) => ({ date: r.date, name: r.name })) });
  }
  return out;
}

/** The set of non-working dates between two dates (both included). */
export async function nonWorkingDates(knex: Knex, fromDate: string, toDate: string): Promise<Set<string>> {
  const years = await calendarYears(knex, yearOf(fromDate), yearOf(toDate));
  return new Set(years.flatMap((y) => y.days.map((d) => d.date)).filter((d) => d >= fromDate && d <= toDate));
}
