// How far the demo school has got: the school as it stands on a given day («today»).
// Every term period that has ended is fully taught and certified with its period marks;
// the period under way is taught up to yesterday; nothing is dated today or later.
// Without a day (tests and benchmarks built on it) the school is as at the end of each
// grade's first period: Q1 in grades 1-9, H1 in 10-11, taught with their period marks and
// no certification.
import { addDays } from './dates';
import type { PeriodDef, SchoolCalendar } from './calendar';

/** A day outside the academic year (or not a date): refused, nothing is made. */
export class DemoDateError extends Error {
  readonly code = 'OUT_OF_YEAR';
}

export interface TaughtSpan {
  /** The day the school is made for, or null: as at the end of the first period. */
  readonly today: string | null;
  /** Lessons of a grade are made on dates before this one (not included). */
  before(grade: number): string;
  /** The term periods of a grade whose period marks are set (ended before today), in order. */
  endedTerms(grade: number): PeriodDef[];
  /** The year's period if the year has ended (its year marks are set), else null. */
  endedYear(): PeriodDef | null;
  /** The term period of a grade under way today (not ended), or null. */
  currentTerm(grade: number): PeriodDef | null;
}

/** The academic year (by its first calendar year) a day belongs to: from 1 September to 31 August. */
export function demoStartYear(today: string): number {
  const y = Number(today.slice(0, 4));
  return today.slice(5) >= '09-01' ? y : y - 1;
}

/** The first and last day a demo of the year starting in `startYear` may be made for. */
export function demoDayRange(startYear: number): { from: string; to: string } {
  return { from: `${startYear}-09-01`, to: `${startYear + 1}-08-31` };
}

const termsOf = (cal: SchoolCalendar, grade: number) =>
  cal.periods.filter((p) => p.kind === (grade <= 9 ? 'quarter' : 'half_year') && grade >= p.gradeFrom && grade <= p.gradeTo);

export function taughtSpan(cal: SchoolCalendar, startYear: number, today: string | null): TaughtSpan {
  if (today === null) {
    return {
      today: null,
      before: (grade) => addDays(cal.firstPeriod(grade).endsOn, 1),
      endedTerms: (grade) => [cal.firstPeriod(grade)],
      endedYear: () => null,
      currentTerm: () => null,
    };
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) {
    throw new DemoDateError(`Дата «${today}» не похожа на дату: укажите её как ГГГГ-ММ-ДД, например 2026-12-04.`);
  }
  const range = demoDayRange(startYear);
  const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  if (today < range.from) {
    throw new DemoDateError(`Дата ${ru(today)} раньше начала учебного года ${cal.yearName} (${ru(range.from)}): демо-школу можно создать на день с ${ru(range.from)} по ${ru(range.to)}.`);
  }
  if (today > range.to) {
    throw new DemoDateError(`Дата ${ru(today)} позже окончания учебного года ${cal.yearName} (${ru(range.to)}): демо-школу можно создать на день с ${ru(range.from)} по ${ru(range.to)}.`);
  }
  const year = cal.periods.find((p) => p.kind === 'year')!;
  return {
    today,
    before: () => today,
    endedTerms: (grade) => termsOf(cal, grade).filter((p) => p.endsOn < today),
    endedYear: () => (year.endsOn < today ? year : null),
    currentTerm: (grade) => termsOf(cal, grade).find((p) => p.startsOn <= today && p.endsOn >= today) ?? null,
  };
}
