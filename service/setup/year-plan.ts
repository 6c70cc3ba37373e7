// The academic year's periods and holidays (R-REC-4: quarters for grades 2–9, half-years
// for 10–11, trimesters where the school uses them): a proposal computed from the start
// year the way Russian schools set their calendar, and the checks a year's plan must pass
// before anything is written.
import { buildCalendar } from '../../db/demo/calendar';
import { addDays, formatRuDate, isIsoDate } from '../../shared/dates';
import { ServiceError } from '../errors';

export type PeriodKind = 'quarter' | 'half_year' | 'trimester' | 'year';

export interface PeriodPlan {
  readonly kind: PeriodKind;
  readonly number: number;
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly gradeFrom: number;
  readonly gradeTo: number;
}

export interface HolidayPlan {
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly gradeFrom: number;
  readonly gradeTo: number;
}

export interface YearPlan {
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly periods: readonly PeriodPlan[];
  readonly holidays: readonly HolidayPlan[];
}

/** The proposed year: quarters (2–9, and 1 for attendance) or trimesters (1–9), half-years for 10–11. */
export function proposeYear(startYear: number, scheme: 'quarters' | 'trimesters'): YearPlan {
  const cal = buildCalendar(startYear);
  const periods: PeriodPlan[] = cal.periods.map((p) => ({ kind: p.kind, number: p.number, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn, gradeFrom: p.gradeFrom, gradeTo: p.gradeTo }));
  const holidays: HolidayPlan[] = cal.holidays.map((h) => ({ name: h.name, startsOn: h.startsOn, endsOn: h.endsOn, gradeFrom: h.gradeFrom, gradeTo: h.gradeTo }));
  if (scheme === 'quarters') return { name: cal.yearName, startsOn: cal.startsOn, endsOn: cal.endsOn, periods, holidays };
  // Trimesters for grades 1–9: to the end of November, to the end of February, to the year's last lesson.
  const q = (n: number) => cal.periods.find((p) => p.kind === 'quarter' && p.number === n)!;
  const t1End = `${startYear}-11-30`;
  const t2Start = addDays(t1End, 1);
  const t2End = `${startYear + 1}-02-28`;
  const trimesters: PeriodPlan[] = [
    { kind: 'trimester', number: 1, name: '1 триместр', startsOn: q(1).startsOn, endsOn: t1End, gradeFrom: 1, gradeTo: 9 },
    { kind: 'trimester', number: 2, name: '2 триместр', startsOn: t2Start, endsOn: t2End, gradeFrom: 1, gradeTo: 9 },
    { kind: 'trimester', number: 3, name: '3 триместр', startsOn: addDays(t2End, 1), endsOn: q(4).endsOn, gradeFrom: 1, gradeTo: 9 },
  ];
  return { name: cal.yearName, startsOn: cal.startsOn, endsOn: cal.endsOn, periods: [...trimesters, ...periods.filter((p) => p.kind !== 'quarter')], holidays };
}

const bad = (message: string) => new ServiceError('VALIDATION', message);
const span = (a: { startsOn: string; endsOn: string }) => `${formatRuDate(a.startsOn)} – ${formatRuDate(a.endsOn)}`;

/** Every grade 1–11 has its term periods, numbered from 1 without gaps or overlaps, inside the year, and one «год». */
export function checkYearPlan(plan: YearPlan): void {
  if (!isIsoDate(plan.startsOn) || !isIsoDate(plan.endsOn) || plan.startsOn >= plan.endsOn) throw bad('Учебный год: начало должно быть раньше конца.');
  for (const p of [...plan.periods, ...plan.holidays]) {
    if (!isIsoDate(p.startsOn) || !isIsoDate(p.endsOn) || p.startsOn > p.endsOn) throw bad(`«${p.name}»: начало должно быть не позже конца.`);
    if (p.startsOn < plan.startsOn || p.endsOn > plan.endsOn) throw bad(`«${p.name}» (${span(p)}) выходит за учебный год (${span(plan)}).`);
    if (p.gradeFrom < 1 || p.gradeTo > 11 || p.gradeFrom > p.gradeTo) throw bad(`«${p.name}»: классы с ${p.gradeFrom} по ${p.gradeTo} — так не бывает.`);
  }
  for (let grade = 1; grade <= 11; grade++) {
    const mine = plan.periods.filter((p) => p.gradeFrom <= grade && grade <= p.gradeTo);
    const terms = mine.filter((p) => p.kind !== 'year').sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
    if (terms.length === 0) throw bad(`Для ${grade} класса не заданы учебные периоды (четверти, триместры или полугодия).`);
    if (new Set(terms.map((t) => t.kind)).size > 1) throw bad(`Для ${grade} класса заданы периоды разных видов: у класса либо четверти, либо триместры, либо полугодия.`);
    terms.forEach((t, i) => {
      if (t.number !== i + 1) throw bad(`Для ${grade} класса периоды пронумерованы не по порядку: «${t.name}» стоит ${i + 1}-м.`);
      const next = terms[i + 1];
      if (next && next.startsOn <= t.endsOn) throw bad(`Для ${grade} класса «${t.name}» (${span(t)}) и «${next.name}» (${span(next)}) пересекаются.`);
    });
    const years = mine.filter((p) => p.kind === 'year');
    if (years.length !== 1) throw bad(`Для ${grade} класса нужен ровно один период «учебный год» (сейчас ${years.length}).`);
  }
}
