// The school itself and its year: the school row (a demo), the academic year, periods
// and holidays (R-REC-4), the bells, subjects, kinds of work (R-REC-2) and curriculum.
import type { SeededRandom } from '../../shared/random';
import { nonWorkingDayId, russianHolidays } from '../regulation/calendar';
import { buildCalendar, type PeriodKey, type SchoolCalendar } from './calendar';
import { SUBJECTS, WORK_KINDS, curriculumFor, type SubjectKey, type WorkKindCode } from './curriculum';
import { REGION, TOWN, TOWN_POSTCODE } from './names';
import type { DemoIds } from './random';
import type { DemoRows } from './rows';

export interface SchoolSetup {
  readonly schoolName: string;
  readonly yearId: string;
  readonly calendar: SchoolCalendar;
  readonly periodIds: ReadonlyMap<PeriodKey, string>;
  readonly subjectIds: ReadonlyMap<SubjectKey, string>;
  readonly workKindIds: ReadonlyMap<WorkKindCode, string>;
}

export const BELLS: readonly (readonly [number, string, string])[] = [
  [1, '08:30', '09:15'],
  [2, '09:25', '10:10'],
  [3, '10:30', '11:15'],
  [4, '11:35', '12:20'],
  [5, '12:30', '13:15'],
  [6, '13:25', '14:10'],
  [7, '14:20', '15:05'],
];

/** A 10-digit taxpayer number of an organisation with its check digit. */
function inn(rng: SeededRandom): string {
  const d = [4, 3, ...Array.from({ length: 7 }, () => rng.int(0, 9))];
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (d.reduce((s, x, i) => s + x * w[i]!, 0) % 11) % 10;
  return [...d, check].join('');
}

export function buildSchool(startYear: number, rng: SeededRandom, ids: DemoIds, rows: DemoRows): SchoolSetup {
  const calendar = buildCalendar(startYear);
  const setupDay = `${startYear}-08-20`;
  const fullName = 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»';
  const shortName = 'МБОУ «СОШ № 12»';
  const schoolId = ids.next(setupDay);
  rows.add('school', {
    id: schoolId,
    full_name: fullName,
    short_name: shortName,
    address: `${TOWN_POSTCODE}, ${REGION}, ${TOWN}, ул. Школьная, д. 12`,
    inn: inn(rng),
    is_demo: 1,
  });

  const yearId = ids.next(setupDay);
  rows.add('academic_year', { id: yearId, school_id: schoolId, name: calendar.yearName, starts_on: calendar.startsOn, ends_on: calendar.endsOn, status: 'open', closed_order_no: '', closed_order_date: null, closed_by: null, closed_at: null });

  const periodIds = new Map<PeriodKey, string>();
  for (const p of calendar.periods) {
    const id = ids.next(setupDay);
    periodIds.set(p.key, id);
    rows.add('period', {
      id, year_id: yearId, kind: p.kind, number: p.number, name: p.name,
      starts_on: p.startsOn, ends_on: p.endsOn, grade_from: p.gradeFrom, grade_to: p.gradeTo,
    });
  }
  for (const h of calendar.holidays) {
    rows.add('holiday', { id: ids.next(setupDay), year_id: yearId, name: h.name, starts_on: h.startsOn, ends_on: h.endsOn, grade_from: h.gradeFrom, grade_to: h.gradeTo, removed: 0 });
  }
  // The calendar of non-working days, as a new school gets it: Russia's public holidays of
  // both calendar years of the academic year (db/regulation/calendar.ts).
  for (const y of [startYear, startYear + 1]) {
    for (const d of russianHolidays(y)) rows.add('non_working_day', { id: nonWorkingDayId(d.date), date: d.date, name: d.name, removed: 0 });
  }
  for (const [no, from, to] of BELLS) rows.add('bell', { id: ids.next(setupDay), lesson_no: no, starts_at: from, ends_at: to });

  const subjectIds = new Map<SubjectKey, string>();
  SUBJECTS.forEach((s, i) => {
    const id = ids.next(setupDay);
    subjectIds.set(s.key, id);
    rows.add('subject', { id, name: s.name, short_name: s.shortName, graded: s.graded ? 1 : 0, sort_order: (i + 1) * 10, retired: 0 });
  });
  const workKindIds = new Map<WorkKindCode, string>();
  WORK_KINDS.forEach((w, i) => {
    const id = ids.next(setupDay);
    workKindIds.set(w.code, id);
    rows.add('work_kind', { id, code: w.code, name: w.name, written: w.written ? 1 : 0, weight: w.weight, sort_order: (i + 1) * 10, retired: 0 });
  });
  // R-REC-6: the curriculum is the measure of the thematic plans and the timetable.
  for (let grade = 1; grade <= 11; grade++) {
    for (const line of curriculumFor(grade)) {
      rows.add('curriculum', {
        id: ids.next(setupDay), year_id: yearId, grade, subject_id: subjectIds.get(line.subject)!,
        hours_per_week: line.hours, split_groups: line.split ? 1 : 0, removed: 0,
      });
    }
  }
  return { schoolName: shortName, yearId, calendar, periodIds, subjectIds, workKindIds };
}
