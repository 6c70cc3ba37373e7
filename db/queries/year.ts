// The academic year and reporting periods that apply on a date (R-REC-4).
import type { Knex } from 'knex';

export interface YearRow {
  id: string;
  name: string;
  starts_on: string;
  ends_on: string;
}

export interface PeriodRow {
  id: string;
  kind: 'quarter' | 'half_year' | 'trimester' | 'year';
  number: number;
  name: string;
  starts_on: string;
  ends_on: string;
  grade_from: number;
  grade_to: number;
}

/** The year containing `date`, else the latest that started before it, else the first. */
export async function yearOn(knex: Knex, date: string): Promise<YearRow | undefined> {
  const years: YearRow[] = await knex('academic_year').select('id', 'name', 'starts_on', 'ends_on').orderBy('starts_on');
  return (
    years.find((y) => y.starts_on <= date && date <= y.ends_on) ??
    [...years].reverse().find((y) => y.starts_on <= date) ??
    years[0]
  );
}

/** The term periods (not the whole year) of a grade, in order. */
export async function termPeriods(knex: Knex, yearId: string, grade: number): Promise<PeriodRow[]> {
  return knex('period')
    .where({ year_id: yearId })
    .whereNot({ kind: 'year' })
    .where('grade_from', '<=', grade)
    .where('grade_to', '>=', grade)
    .orderBy('starts_on')
    .select('id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
}

/** A period as the service answers it (dates named as in the UI). */
export function periodView(p: Pick<PeriodRow, 'id' | 'name' | 'starts_on' | 'ends_on'>): { id: string; name: string; startsOn: string; endsOn: string } {
  return { id: p.id, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on };
}

/** The whole year as a period of a grade (kind "year": its marks are the year marks, R-REC-4). */
export async function yearPeriod(knex: Knex, yearId: string, grade: number): Promise<PeriodRow | undefined> {
  return knex('period')
    .where({ year_id: yearId, kind: 'year' })
    .where('grade_from', '<=', grade)
    .where('grade_to', '>=', grade)
    .first('id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
}

/** The period containing `date`, else the last one begun before it, else the first. */
export function periodOn<P extends { starts_on: string; ends_on: string }>(periods: readonly P[], date: string): P | undefined {
  return (
    periods.find((p) => p.starts_on <= date && date <= p.ends_on) ??
    [...periods].reverse().find((p) => p.starts_on <= date) ??
    periods[0]
  );
}

/**
 * The period a journal view opens on: the one under way, or — while it has no lessons
 * yet (the first days after the holidays) — the latest earlier period that has lessons,
 * where period marks are still being checked. `hasLessons` asks about one period.
 */
export async function workingPeriod<P extends { starts_on: string; ends_on: string }>(
  periods: readonly P[], date: string, hasLessons: (p: P) => Promise<boolean>,
): Promise<P | undefined> {
  const current = periodOn(periods, date);
  if (!current) return undefined;
  for (const p of periods.filter((x) => x.starts_on <= current.starts_on).reverse()) {
    if (await hasLessons(p)) return p;
  }
  return current;
}
