// Mark accumulation (накопляемость) against the regulation profile (R-TIME-4, R-REP-3): how
// many current marks each student of a page should have by the end of the range. The
// numbers are the school's settings (db/regulation/profile.ts), never written here:
// - at least 1 mark once `firstMarkAfterWeeks` weeks of the range have passed, at least 2
//   once `secondMarkAfterWeeks` have (001);
// - for every term period of the page's grade that lies wholly inside the range and has
//   ended, the period's minimum (minMarksFor: a quarter's, or a half-year's / trimester's by
//   weekly hours); periods add up (a year's report asks the sum of its quarters).
// The larger of the two is the norm.
import type { PeriodRow } from '../../queries/year';
import { minMarksFor, type RegulationProfile } from '../../regulation/profile';

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;

/** Whole weeks from `from` to `until` (both counted); 0 when `until` is before `from`. */
export const weeksIn = (from: string, until: string): number => (until < from ? 0 : Math.floor(days(from, until) / 7));

export interface Norm {
  readonly marks: number;
  /** Why: the weeks passed, or the term periods whose minimum it is ('1 четверть'). */
  readonly why: string;
}

/**
 * The norm of a page of `grade` taught `hoursPerWeek`, for the range `from`…`to` counted up
 * to `until` (the last day that has passed).
 */
export function accumulationNorm(p: RegulationProfile, terms: readonly PeriodRow[], grade: number, hoursPerWeek: number, from: string, until: string): Norm {
  const weeks = weeksIn(from, until);
  const step = weeks >= p.secondMarkAfterWeeks ? 2 : weeks >= p.firstMarkAfterWeeks ? 1 : 0;
  const covered = terms.filter((t) => t.grade_from <= grade && grade <= t.grade_to && from <= t.starts_on && t.ends_on <= until);
  const periodNeed = covered.reduce((sum, t) => sum + minMarksFor(p, t.kind, hoursPerWeek), 0);
  if (periodNeed > step) return { marks: periodNeed, why: covered.map((t) => t.name).join(', ') };
  return { marks: step, why: `прошло ${weeks} нед.` };
}
