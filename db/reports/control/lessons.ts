// The lessons of a control report's pages (R-REP-1, R-REP-3): those the timetable made due
// and the journal never filled (db/queries/overview.ts dueLessons, the deputy's overview's
// own count), those without a topic or homework, and those entered late — from the change
// history: the lesson's first topic was written after its entry window (R-TIME-1: until the
// profile's lessonEntryUntilNextDay the next day), by a person (the demo generator's and
// imports' rows are the system's), or its entries reached this computer from another one
// after the window (db/sync/late.ts, R-TIME-3).
import type { Knex } from 'knex';
import { formatRuDate, toIsoDate } from '../../../shared/dates';
import type { LinkedLesson } from '../../../shared/report-model';
import { dueLessons } from '../../queries/overview';
import { entryDeadline } from '../../regulation/windows';
import type { RegulationProfile } from '../../regulation/profile';
import { lessonIdOf } from '../../setup/lesson-slots';
import type { ControlPage } from './pages';
import { sliceSql, type ReportSlice } from './range';

export interface PageLessons {
  /** Lessons due by the timetable on the range's past days (and any other recorded then). */
  due: number;
  /** Due, and the journal has no record of them. */
  readonly missing: LinkedLesson[];
  /** Recorded without a topic. */
  readonly noTopic: LinkedLesson[];
  /** Recorded without homework (not in grade 1: R-REC-5). */
  readonly noHomework: LinkedLesson[];
  /** Entered after the window. */
  readonly late: LinkedLesson[];
}

const short = (iso: string) => formatRuDate(iso).slice(0, 5);

/** Classes whose due lessons are read at once (a whole school's year at once is ~400 MB). */
const CLASSES_AT_ONCE = 8;

export async function pageLessons(
  knex: Knex, profile: RegulationProfile, pages: readonly ControlPage[], slice: ReportSlice, yearId: string, from: string, to: string, until: string,
): Promise<Map<string, PageLessons>> {
  const out = new Map<string, PageLessons>(pages.map((p) => [p.id, { due: 0, missing: [], noTopic: [], noHomework: [], late: [] }]));
  const pageOf = new Map(pages.map((p) => [p.id, p]));
  const linked = (p: ControlPage, lessonId: string, date: string, note: string): LinkedLesson =>
    ({ assignmentId: p.id, lessonId, date, className: p.className, subjectName: p.subjectName, teacherName: p.teacherName, note });
  if (pages.length === 0) return out;

  // Due and unfilled: the overview's count over the range's past days, a few classes at a
  // time, so that a year of the whole school's lessons is never held at once.
  const classIds = [...new Set(pages.map((p) => p.classId))];
  for (let i = 0; i < classIds.length && until >= from; i += CLASSES_AT_ONCE) {
    const batch = new Map(classIds.slice(i, i + CLASSES_AT_ONCE).map((id) => [id, { starts_on: from, ends_on: to }]));
    count(await dueLessons(knex, yearId, batch, until));
  }
  function count(due: Awaited<ReturnType<typeof dueLessons>>): void {
    for (const d of due) {
      const p = pageOf.get(d.assignmentId);
      const o = out.get(d.assignmentId);
      if (!p || !o) continue;
      o.due++;
      const id = d.lesson?.id ?? lessonIdOf(d.assignmentId, d.date, d.lessonNo);
      if (!d.lesson) { o.missing.push(linked(p, id, d.date, `нет записи об уроке ${short(d.date)}`)); continue; }
      if (d.lesson.topic.trim() === '') o.noTopic.push(linked(p, id, d.date, 'нет темы'));
      if (p.grade > 1 && d.lesson.homework.trim() === '') o.noHomework.push(linked(p, id, d.date, 'нет домашнего задания'));
    }
  }

  // Entered late: each lesson's first topic in the change history (the index change_log_row).
  const s = sliceSql(slice, yearId);
  // The first entry is «author|instant» (an author's id never holds '|'); only lessons whose
  // first topic came a day or more after them by a person, or late from another computer.
  const raw: { id: string; assignment_id: string; date: string; grade: number; entry: string | null; arrived_late: number }[] = await knex.raw(`
    SELECT q.* FROM (
      SELECT l.id, l.assignment_id, l.date, c.grade,
        (SELECT x.user_id || '|' || x.recorded_at FROM change_log x WHERE x.table_name = 'lesson' AND x.row_id = l.id AND (
            (x.field = 'topic' AND x.new_value IS NOT NULL AND x.new_value <> '""') OR (x.field = '*' AND coalesce(json_extract(x.new_value, '$.topic'), '') <> ''))
          ORDER BY x.hlc LIMIT 1) AS entry,
        EXISTS (SELECT 1 FROM sync_late_arrival s WHERE s.table_name = 'lesson' AND s.row_id = l.id) AS arrived_late
      FROM lesson l JOIN teaching_assignment a ON a.id = l.assignment_id JOIN class c ON c.id = a.class_id
      WHERE ${s.where} AND l.date BETWEEN ? AND ? AND l.cancelled = 0
    ) q
    WHERE q.arrived_late = 1 OR (q.entry IS NOT NULL AND substr(q.entry, instr(q.entry, '|') + 1) >= date(q.date, '+1 day'))
    ORDER BY q.date`, [...s.bindings, from, to]);
  const rows = raw.map((r) => {
    const cut = r.entry ? r.entry.indexOf('|') : -1;
    return { ...r, user_id: cut > 0 ? r.entry!.slice(0, cut) : null, recorded_at: cut > 0 ? r.entry!.slice(cut + 1) : null };
  });
  for (const r of rows) {
    const p = pageOf.get(r.assignment_id);
    const o = out.get(r.assignment_id);
    if (!p || !o) continue;
    const deadline = entryDeadline(profile, 'lesson', r.date, r.grade);
    const lateHere = r.user_id !== null && r.recorded_at !== null && Date.parse(r.recorded_at) > deadline.getTime();
    if (lateHere) o.late.push(linked(p, r.id, r.date, `внесено ${short(toIsoDate(new Date(r.recorded_at!)))} (урок ${short(r.date)})`));
    else if (r.arrived_late === 1) o.late.push(linked(p, r.id, r.date, `пришло с другого компьютера после срока (урок ${short(r.date)})`));
  }
  return out;
}
