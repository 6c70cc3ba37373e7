// Which lessons the timetable promises (R-REC-1: a lesson has its date and its timetable
// slot): every school day of a grade's term periods, every timetable entry valid that day,
// skipping the holidays of the grade and weekends. Pure: the caller reads the inputs
// (generate-lessons.ts) and compares the result with the lessons that exist.
import { addDays, weekday } from '../../shared/dates';
import { keyId } from '../ids';

export interface SlotAssignment {
  readonly id: string;
  readonly teacherId: string;
  readonly grade: number;
  readonly startsOn: string;
  readonly endsOn: string | null;
}

export interface SlotEntry {
  readonly assignmentId: string;
  readonly weekday: number;
  readonly lessonNo: number;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface DateSpan {
  readonly startsOn: string;
  readonly endsOn: string;
  readonly gradeFrom: number;
  readonly gradeTo: number;
}

export interface PlannedLesson {
  readonly id: string;
  readonly assignmentId: string;
  readonly date: string;
  readonly lessonNo: number;
  readonly teacherId: string;
}

/** A lesson's id follows from its page and slot, so every computer names it alike (db/ids.ts). */
export const lessonIdOf = (assignmentId: string, date: string, lessonNo: number) => keyId('lesson', assignmentId, date, String(lessonNo));

const covers = (s: DateSpan, grade: number, date: string) => s.gradeFrom <= grade && grade <= s.gradeTo && s.startsOn <= date && date <= s.endsOn;

/**
 * The lessons of [from, to] the timetable gives: days inside one of the grade's term
 * periods, Monday to Saturday as the timetable has them, not in a holiday of the grade.
 */
export function plannedLessons(input: {
  readonly assignments: readonly SlotAssignment[];
  readonly entries: readonly SlotEntry[];
  readonly terms: readonly DateSpan[];
  readonly holidays: readonly DateSpan[];
  readonly from: string;
  readonly to: string;
}): PlannedLesson[] {
  const byAssignment = new Map<string, SlotEntry[]>();
  for (const e of input.entries) {
    const list = byAssignment.get(e.assignmentId) ?? [];
    list.push(e);
    byAssignment.set(e.assignmentId, list);
  }
  // A grade's school days, computed once per grade.
  const daysOfGrade = new Map<number, string[]>();
  const schoolDays = (grade: number): string[] => {
    let days = daysOfGrade.get(grade);
    if (days) return days;
    days = [];
    for (let d = input.from; d <= input.to; d = addDays(d, 1)) {
      if (weekday(d) === 7) continue;
      if (!input.terms.some((t) => covers(t, grade, d))) continue;
      if (input.holidays.some((h) => covers(h, grade, d))) continue;
      days.push(d);
    }
    daysOfGrade.set(grade, days);
    return days;
  };

  const out: PlannedLesson[] = [];
  for (const a of input.assignments) {
    const entries = byAssignment.get(a.id);
    if (!entries) continue;
    for (const date of schoolDays(a.grade)) {
      if (date < a.startsOn || (a.endsOn !== null && date > a.endsOn)) continue;
      const wd = weekday(date);
      for (const e of entries) {
        if (e.weekday !== wd || date < e.validFrom || (e.validTo !== null && date > e.validTo)) continue;
        out.push({ id: lessonIdOf(a.id, date, e.lessonNo), assignmentId: a.id, date, lessonNo: e.lessonNo, teacherId: a.teacherId });
      }
    }
  }
  return out;
}
