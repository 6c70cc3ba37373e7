// The figures of the results report (R-REP-4) from counts: успеваемость, качество, СОУ and
// средний балл, never dividing by zero (N = 0 gives 0 % and no average). Pure: the counts
// come from SQL aggregates (results-data.ts), the weights of the СОУ from the regulation
// profile (db/regulation/profile.ts).
import type { ReportColumn } from '../../shared/report-model';
import type { RegulationProfile } from '../regulation/profile';

/**
 * Counts of one row of the report. For a class, a parallel or the school they count
 * students by their lowest period mark (n5: only «5», n4: «4» and «5», n3: a «3», n2: a «2»,
 * nNa: an «Н/А»); for a subject or a teacher they count period marks (one per student and
 * subject). N = n5 + n4 + n3 + n2 + nNa.
 */
export interface ResultCounts {
  n5: number;
  n4: number;
  n3: number;
  n2: number;
  nNa: number;
  /** Sum and number of the numeric period marks (for the средний балл). */
  markSum: number;
  markCount: number;
}

export const emptyCounts = (): ResultCounts => ({ n5: 0, n4: 0, n3: 0, n2: 0, nNa: 0, markSum: 0, markCount: 0 });

export function addCounts(into: ResultCounts, c: ResultCounts): ResultCounts {
  into.n5 += c.n5;
  into.n4 += c.n4;
  into.n3 += c.n3;
  into.n2 += c.n2;
  into.nNa += c.nNa;
  into.markSum += c.markSum;
  into.markCount += c.markCount;
  return into;
}

export type SouWeights = Pick<RegulationProfile, 'souWeight5' | 'souWeight4' | 'souWeight3' | 'souWeight2' | 'souWeightNa'>;

export interface ResultFigures {
  readonly n: number;
  /** Percentages 0–100, rounded to one decimal; 0 when N = 0. */
  readonly success: number;
  readonly quality: number;
  /** СОУ 0–100, two decimals; 0 when N = 0. */
  readonly sou: number;
  /** The mean of the numeric period marks, two decimals; null when there is none. */
  readonly average: number | null;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f + Number.EPSILON * f) / f;
};

/** R-REP-4: успеваемость = (n5+n4+n3)/N; качество = (n5+n4)/N; СОУ = Σ wᵢ·nᵢ / N; средний балл. */
export function figuresOf(c: ResultCounts, w: SouWeights): ResultFigures {
  const n = c.n5 + c.n4 + c.n3 + c.n2 + c.nNa;
  if (n === 0) return { n: 0, success: 0, quality: 0, sou: 0, average: c.markCount > 0 ? round(c.markSum / c.markCount, 2) : null };
  return {
    n,
    success: round((100 * (c.n5 + c.n4 + c.n3)) / n, 1),
    quality: round((100 * (c.n5 + c.n4)) / n, 1),
    sou: round((w.souWeight5 * c.n5 + w.souWeight4 * c.n4 + w.souWeight3 * c.n3 + w.souWeight2 * c.n2 + w.souWeightNa * c.nNa) / n, 2),
    average: c.markCount > 0 ? round(c.markSum / c.markCount, 2) : null,
  };
}

/** The weights as the formula shown next to the figures reads them. */
export function souFormula(w: SouWeights): string {
  return `СОУ = (${w.souWeight5}·n5 + ${w.souWeight4}·n4 + ${w.souWeight3}·n3 + ${w.souWeight2}·n2 + ${w.souWeightNa}·nН/А) / N`;
}

/** The figures of R-REP-4 from N (figuresOf), as every report that shows them names them. */
export const RATE_COLUMNS: readonly ReportColumn[] = [
  { key: 'n', title: 'N', kind: 'int' },
  { key: 'success', title: 'Успеваемость, %', kind: 'percent' },
  { key: 'quality', title: 'Качество, %', kind: 'percent' },
  { key: 'sou', title: 'СОУ, %', kind: 'decimal' },
  { key: 'average', title: 'Средний балл', kind: 'decimal' },
];
