// The school year: the academic year, its periods (R-REC-4: quarters for grades 2-9,
// half-years for 10-11, the year), the holidays, and the school days of a grade.
// Everything is computed from the start year and moved onto weekdays the way Russian
// schools set their calendar (календарный учебный график); no date is hard-coded.
import {
  addDays, dateRange, isoDate, isWeekend, mondayOfWeek, mondayOnOrAfter, nearestFriday, weekday, weekdayOnOrBefore,
} from './dates';

export type PeriodKey = 'q1' | 'q2' | 'q3' | 'q4' | 'h1' | 'h2' | 'year';

export interface PeriodDef {
  readonly key: PeriodKey;
  readonly kind: 'quarter' | 'half_year' | 'year';
  readonly number: number;
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly gradeFrom: number;
  readonly gradeTo: number;
}

export interface HolidayDef {
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly gradeFrom: number;
  readonly gradeTo: number;
}

export interface SchoolCalendar {
  readonly yearName: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly periods: readonly PeriodDef[];
  readonly holidays: readonly HolidayDef[];
  /** The period whose lessons the demo school has already taught: Q1 (1-9) or H1 (10-11). */
  firstPeriod(grade: number): PeriodDef;
  /** School days of a grade between two dates (both included): Mon-Fri, in a term, not a holiday. */
  schoolDays(grade: number, from?: string, to?: string): string[];
}

/** Dates of the national holidays (non-working days) that may fall on a school day. */
function publicHolidays(startYear: number): HolidayDef[] {
  const y1 = startYear + 1;
  const all: [string, string][] = [
    ['День народного единства', isoDate(startYear, 11, 4)],
    ['День защитника Отечества', isoDate(y1, 2, 23)],
    ['Международный женский день', isoDate(y1, 3, 8)],
    ['Праздник Весны и Труда', isoDate(y1, 5, 1)],
    ['День Победы', isoDate(y1, 5, 9)],
  ];
  return all.map(([name, d]) => ({ name, startsOn: d, endsOn: d, gradeFrom: 1, gradeTo: 11 }));
}

export function buildCalendar(startYear: number): SchoolCalendar {
  const y1 = startYear + 1;
  const startsOn = isoDate(startYear, 9, 1);
  const endsOn = isoDate(y1, 5, 31);

  // Q1 ends on the Friday nearest to 24 October; a week of autumn holidays follows.
  const q1End = nearestFriday(isoDate(startYear, 10, 24));
  const q2Start = addDays(q1End, 10); // Saturday .. the Sunday a week later are holidays
  // Q2 ends on the last weekday up to 27 December; winter holidays run to the Sunday
  // before the first Monday on or after 9 January.
  const q2End = weekdayOnOrBefore(isoDate(startYear, 12, 27));
  const q3Start = mondayOnOrAfter(isoDate(y1, 1, 9));
  // Q3 ends on the Friday nearest to 20 March; a week of spring holidays follows.
  const q3End = nearestFriday(isoDate(y1, 3, 20));
  const q4Start = addDays(q3End, 10);
  const q4End = weekdayOnOrBefore(isoDate(y1, 5, 25));
  // The extra February week of first-graders: the week containing 15 February.
  const febStart = mondayOfWeek(isoDate(y1, 2, 15));

  const periods: PeriodDef[] = [
    // Grade 1 has quarters too (attendance and planning; no marks, R-REC-5).
    { key: 'q1', kind: 'quarter', number: 1, name: '1 четверть', startsOn, endsOn: q1End, gradeFrom: 1, gradeTo: 9 },
    { key: 'q2', kind: 'quarter', number: 2, name: '2 четверть', startsOn: q2Start, endsOn: q2End, gradeFrom: 1, gradeTo: 9 },
    { key: 'q3', kind: 'quarter', number: 3, name: '3 четверть', startsOn: q3Start, endsOn: q3End, gradeFrom: 1, gradeTo: 9 },
    { key: 'q4', kind: 'quarter', number: 4, name: '4 четверть', startsOn: q4Start, endsOn: q4End, gradeFrom: 1, gradeTo: 9 },
    { key: 'h1', kind: 'half_year', number: 1, name: '1 полугодие', startsOn, endsOn: q2End, gradeFrom: 10, gradeTo: 11 },
    { key: 'h2', kind: 'half_year', number: 2, name: '2 полугодие', startsOn: q3Start, endsOn: q4End, gradeFrom: 10, gradeTo: 11 },
    { key: 'year', kind: 'year', number: 1, name: 'Учебный год', startsOn, endsOn: q4End, gradeFrom: 1, gradeTo: 11 },
  ];

  const terms: [string, string][] = [[startsOn, q1End], [q2Start, q2End], [q3Start, q3End], [q4Start, q4End]];
  const holidays: HolidayDef[] = [
    { name: 'Осенние каникулы', startsOn: addDays(q1End, 1), endsOn: addDays(q2Start, -1), gradeFrom: 1, gradeTo: 11 },
    { name: 'Зимние каникулы', startsOn: addDays(q2End, 1), endsOn: addDays(q3Start, -1), gradeFrom: 1, gradeTo: 11 },
    { name: 'Дополнительные каникулы для первоклассников', startsOn: febStart, endsOn: addDays(febStart, 6), gradeFrom: 1, gradeTo: 1 },
    { name: 'Весенние каникулы', startsOn: addDays(q3End, 1), endsOn: addDays(q4Start, -1), gradeFrom: 1, gradeTo: 11 },
  ];
  // A national holiday is listed only when it takes a school day away (a weekday in a term).
  for (const h of publicHolidays(startYear)) {
    if (!isWeekend(h.startsOn) && terms.some(([a, b]) => h.startsOn >= a && h.startsOn <= b)) holidays.push(h);
  }
  holidays.sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : a.gradeFrom - b.gradeFrom));

  const off = new Map<number, Set<string>>();
  const offDays = (grade: number): Set<string> => {
    let s = off.get(grade);
    if (!s) {
      s = new Set();
      for (const h of holidays) if (grade >= h.gradeFrom && grade <= h.gradeTo) for (const d of dateRange(h.startsOn, h.endsOn)) s.add(d);
      off.set(grade, s);
    }
    return s;
  };
  const termOf = (grade: number) => periods.filter((p) => p.kind === (grade <= 9 ? 'quarter' : 'half_year') && grade >= p.gradeFrom && grade <= p.gradeTo);

  return {
    yearName: `${startYear}/${y1}`,
    startsOn,
    endsOn,
    periods,
    holidays,
    firstPeriod(grade) {
      const p = termOf(grade)[0];
      if (!p) throw new Error(`no period for grade ${grade}`);
      return p;
    },
    schoolDays(grade, from = startsOn, to = endsOn) {
      const h = offDays(grade);
      const inTerm = termOf(grade);
      return dateRange(from, to).filter(
        (d) => weekday(d) <= 5 && !h.has(d) && inTerm.some((p) => d >= p.startsOn && d <= p.endsOn),
      );
    },
  };
}
