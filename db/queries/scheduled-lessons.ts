// The lessons the timetable says should take place in a range of dates (R-REC-1): every
// timetable entry valid on the day (timetable_entry × teaching_assignment, valid_from/
// valid_to, the assignment's own dates), on a school day of the grade's term periods,
// skipping the grade's holidays and the school's non-working days (db/regulation/calendar.ts:
// the school's calendar, Russia's public holidays by default). The deputy's overview counts
// from it the lessons never filled (R-REP-1); substitutions find the absent teacher's lessons
// and the substitute's own (R-ROLE-2, R-ROLE-4).
import type { Knex } from 'knex';
import { nonWorkingDates } from '../regulation/calendar';
import { plannedLessons, type DateSpan, type PlannedLesson } from '../setup/lesson-slots';

export interface ScheduledLesson extends PlannedLesson {
  readonly classId: string;
  readonly grade: number;
}

export interface ScheduleFilter {
  readonly yearId: string;
  readonly from: string;
  readonly to: string;
  /** Only these teachers' assignments (their own pages, not substitutions). */
  readonly teacherIds?: readonly string[];
  /** Only these classes. */
  readonly classIds?: readonly string[];
}

type SpanRow = { starts_on: string; ends_on: string; grade_from: number; grade_to: number };
const spans = (rows: readonly SpanRow[]): DateSpan[] => rows.map((r) => ({ startsOn: r.starts_on, endsOn: r.ends_on, gradeFrom: r.grade_from, gradeTo: r.grade_to }));

export async function scheduledLessons(knex: Knex, f: ScheduleFilter): Promise<ScheduledLesson[]> {
  if (f.to < f.from) return [];
  const q = knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where('a.year_id', f.yearId)
    .select('a.id', 'a.teacher_id', 'a.class_id', 'c.grade', 'a.starts_on', 'a.ends_on');
  if (f.teacherIds) q.whereIn('a.teacher_id', [...f.teacherIds]);
  if (f.classIds) q.whereIn('a.class_id', [...f.classIds]);
  const assignments: { id: string; teacher_id: string; class_id: string; grade: number; starts_on: string; ends_on: string | null }[] = await q;
  if (assignments.length === 0) return [];
  const entries: { assignment_id: string; weekday: number; lesson_no: number; valid_from: string; valid_to: string | null }[] = [];
  const ids = assignments.map((a) => a.id);
  // In parts: SQLite's limit of bound parameters.
  for (let i = 0; i < ids.length; i += 400) {
    entries.push(...(await knex('timetable_entry').whereIn('assignment_id', ids.slice(i, i + 400))
      .where('valid_from', '<=', f.to).where((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', f.from))
      .select('assignment_id', 'weekday', 'lesson_no', 'valid_from', 'valid_to')));
  }
  const terms = spans(await knex('period').where({ year_id: f.yearId }).whereNot({ kind: 'year' }).select('starts_on', 'ends_on', 'grade_from', 'grade_to'));
  const holidays = [
    ...spans(await knex('holiday').where({ year_id: f.yearId, removed: 0 }).where('starts_on', '<=', f.to).where('ends_on', '>=', f.from).select('starts_on', 'ends_on', 'grade_from', 'grade_to')),
    ...[...(await nonWorkingDates(knex, f.from, f.to))].map((d): DateSpan => ({ startsOn: d, endsOn: d, gradeFrom: 1, gradeTo: 11 })),
  ];
  const byId = new Map(assignments.map((a) => [a.id, a]));
  return plannedLessons({
    assignments: assignments.map((a) => ({ id: a.id, teacherId: a.teacher_id, grade: a.grade, startsOn: a.starts_on, endsOn: a.ends_on })),
    entries: entries.map((e) => ({ assignmentId: e.assignment_id, weekday: e.weekday, lessonNo: e.lesson_no, validFrom: e.valid_from, validTo: e.valid_to })),
    terms, holidays, from: f.from, to: f.to,
  }).map((p) => {
    const a = byId.get(p.assignmentId)!;
    return { ...p, classId: a.class_id, grade: a.grade };
  });
}
