// The year's lessons from the timetable (R-ROLE-6: the administrator sets up the year and
// its timetable; R-REC-1: a lesson has its date and slot). Lessons are made for every
// school day of each term period, skipping holidays and the calendar's non-working days. A timetable change from a date
// regenerates only the lessons from that date: a lesson the timetable no longer has is
// cancelled (never deleted: its history stays) if nothing is entered in it, and kept,
// and listed, if it has a topic, homework, a mark or an absence. Ids follow from the
// page and the slot (lessonIdOf), so two computers generating the same timetable make the
// same rows.
import type { Knex } from 'knex';
import type { JournalDb } from '../journal-db';
import type { Actor } from '../journal-writer';
import { plannedLessons, type DateSpan, type PlannedLesson, type SlotAssignment, type SlotEntry } from './lesson-slots';

export interface LessonPlanChange {
  /** Lessons to make. */
  readonly create: readonly PlannedLesson[];
  /** Empty lessons the timetable no longer has, from `from` on: cancelled. */
  readonly cancel: readonly string[];
  /** Cancelled lessons the timetable has again: restored. */
  readonly restore: readonly string[];
  /** Lessons the timetable no longer has that hold entries: kept as they are, for a person to look at. */
  readonly keptWithEntries: readonly { id: string; assignmentId: string; date: string; lessonNo: number }[];
}

interface ExistingLesson {
  id: string;
  assignment_id: string;
  date: string;
  lesson_no: number;
  cancelled: number;
  entered: number;
}

/** What generating the lessons of [from, to] of a year would change (nothing is written). */
export async function lessonPlanChange(knex: Knex, yearId: string, from: string, to: string): Promise<LessonPlanChange> {
  const assignments: { id: string; teacher_id: string; grade: number; starts_on: string; ends_on: string | null }[] = await knex('teaching_assignment as a')
    .join('class as c', 'c.id', 'a.class_id')
    .where({ 'a.year_id': yearId })
    .select('a.id', 'a.teacher_id', 'c.grade', 'a.starts_on', 'a.ends_on');
  const entries: { assignment_id: string; weekday: number; lesson_no: number; valid_from: string; valid_to: string | null }[] = await knex('timetable_entry as t')
    .join('teaching_assignment as a', 'a.id', 't.assignment_id')
    .where({ 'a.year_id': yearId })
    .select('t.assignment_id', 't.weekday', 't.lesson_no', 't.valid_from', 't.valid_to');
  const spans = (rows: { starts_on: string; ends_on: string; grade_from: number; grade_to: number }[]): DateSpan[] =>
    rows.map((r) => ({ startsOn: r.starts_on, endsOn: r.ends_on, gradeFrom: r.grade_from, gradeTo: r.grade_to }));
  const terms = spans(await knex('period').where({ year_id: yearId }).whereNot({ kind: 'year' }).select('starts_on', 'ends_on', 'grade_from', 'grade_to'));
  // Holidays of the year and the school's calendar of non-working days (public holidays, moved days off).
  const holidays = [
    ...spans(await knex('holiday').where({ year_id: yearId, removed: 0 }).select('starts_on', 'ends_on', 'grade_from', 'grade_to')),
    ...(await knex('non_working_day').where({ removed: 0 }).whereBetween('date', [from, to]).select('date'))
      .map((d: { date: string }): DateSpan => ({ startsOn: d.date, endsOn: d.date, gradeFrom: 1, gradeTo: 11 })),
  ];

  const planned = plannedLessons({
    assignments: assignments.map((a): SlotAssignment => ({ id: a.id, teacherId: a.teacher_id, grade: a.grade, startsOn: a.starts_on, endsOn: a.ends_on })),
    entries: entries.map((e): SlotEntry => ({ assignmentId: e.assignment_id, weekday: e.weekday, lessonNo: e.lesson_no, validFrom: e.valid_from, validTo: e.valid_to })),
    terms, holidays, from, to,
  });

  // The lessons of the range that exist, with whether anything is entered in them.
  const existing: ExistingLesson[] = await knex('lesson as l')
    .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
    .where({ 'a.year_id': yearId })
    .where('l.date', '>=', from).where('l.date', '<=', to)
    .select('l.id', 'l.assignment_id', 'l.date', 'l.lesson_no', 'l.cancelled', knex.raw(`(
      l.topic <> '' OR l.lesson_type <> '' OR l.homework <> '' OR l.plan_item_id IS NOT NULL
      OR EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = l.id AND m.value IS NOT NULL)
      OR EXISTS (SELECT 1 FROM attendance t WHERE t.lesson_id = l.id AND t.code IS NOT NULL)) AS entered`));
  const byId = new Map(existing.map((l) => [l.id, l]));
  const wanted = new Set(planned.map((p) => p.id));

  const create = planned.filter((p) => !byId.has(p.id));
  const restore = planned.filter((p) => byId.get(p.id)?.cancelled === 1 && byId.get(p.id)?.entered === 0).map((p) => p.id);
  const cancel: string[] = [];
  const keptWithEntries: LessonPlanChange['keptWithEntries'][number][] = [];
  for (const l of existing) {
    if (wanted.has(l.id) || l.cancelled === 1) continue;
    if (l.entered) keptWithEntries.push({ id: l.id, assignmentId: l.assignment_id, date: l.date, lessonNo: l.lesson_no });
    else cancel.push(l.id);
  }
  return { create, cancel, restore, keptWithEntries };
}

/** Writes a lesson plan change in one transaction and one change set: the new lessons in bulk, the cancellations and restorations. */
export async function applyLessonPlanChange(db: JournalDb, actor: Actor, change: LessonPlanChange, reason: string): Promise<void> {
  const rows = change.create.map((p) => ({
    id: p.id, assignment_id: p.assignmentId, date: p.date, lesson_no: p.lessonNo, teacher_id: p.teacherId,
    substitute_teacher_id: null, plan_item_id: null, topic: '', lesson_type: '', homework: '', cancelled: 0,
  }));
  const flips = [
    ...change.cancel.map((id) => ({ table: 'lesson' as const, id, set: { cancelled: 1 } })),
    ...change.restore.map((id) => ({ table: 'lesson' as const, id, set: { cancelled: 0 } })),
  ];
  if (rows.length === 0 && flips.length === 0) return;
  await db.writer.writeBatch(actor, { inserts: [{ table: 'lesson', rows }], changes: flips }, { reason });
}
