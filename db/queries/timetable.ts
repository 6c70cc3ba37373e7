// A teacher's lessons on one day: the timetable of their assignments for that weekday,
// plus the lessons they substitute for, with what is already recorded for each.
import type { Knex } from 'knex';
import { weekday } from '../../shared/dates';
import { shortNameSql } from './short-name';

export interface DayLesson {
  lessonNo: number;
  startsAt: string;
  endsAt: string;
  assignmentId: string;
  className: string;
  grade: number;
  subjectName: string;
  subgroupName: string | null;
  room: string;
  /** The recorded lesson, when there is one. */
  lessonId: string | null;
  topic: string;
  homework: string;
  /** Set when the teacher substitutes for the assignment's own teacher (R-ROLE-2). */
  substituteFor: string | null;
}

export interface TeacherDay {
  date: string;
  weekday: number;
  /** The holiday the date falls in, for the teacher's classes. */
  holiday: string | null;
  lessons: DayLesson[];
}

/** The names a lesson row shows (class, subject, group, bell times), joined onto an assignment `a`. */
function withNames(q: Knex.QueryBuilder, lessonNoColumn: string): Knex.QueryBuilder {
  return q
    .join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id')
    .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id')
    .leftJoin('bell as b', 'b.lesson_no', lessonNoColumn)
    .select(
      `${lessonNoColumn} as lessonNo`, 'b.starts_at as startsAt', 'b.ends_at as endsAt', 'a.id as assignmentId',
      'c.name as className', 'c.grade as grade', 's.name as subjectName', 'g.name as subgroupName',
      'l.id as lessonId', 'l.topic as topic', 'l.homework as homework',
    );
}

export async function teacherDay(knex: Knex, teacherId: string, date: string): Promise<TeacherDay> {
  const wd = weekday(date);
  const own = await withNames(knex('timetable_entry as e').join('teaching_assignment as a', 'a.id', 'e.assignment_id'), 'e.lesson_no')
    .leftJoin('lesson as l', (j) => j.on('l.assignment_id', 'a.id').andOn('l.lesson_no', 'e.lesson_no').andOnVal('l.date', '=', date))
    .leftJoin('academic_year as y', 'y.id', 'a.year_id')
    .where('a.teacher_id', teacherId)
    .where('e.weekday', wd)
    .where('e.valid_from', '<=', date)
    .where((w) => w.whereNull('e.valid_to').orWhere('e.valid_to', '>=', date))
    .where('y.starts_on', '<=', date)
    .where('y.ends_on', '>=', date)
    .select('e.room as room');
  const substituted = await withNames(knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id'), 'l.lesson_no')
    .join('staff as t', 't.id', 'a.teacher_id')
    .where('l.substitute_teacher_id', teacherId)
    .where('l.date', date)
    .select(
      knex.raw(`${shortNameSql('t')} as substituteFor`),
    );

  const holidays: { name: string; grade_from: number; grade_to: number }[] = await knex('holiday')
    .where({ removed: 0 }) // a holiday taken back is no holiday (013_school_setup)
    .where('starts_on', '<=', date)
    .where('ends_on', '>=', date)
    .select('name', 'grade_from', 'grade_to');
  const onHoliday = (grade: number) => holidays.find((h) => h.grade_from <= grade && grade <= h.grade_to);

  const lessons: DayLesson[] = [];
  for (const r of own) {
    if (onHoliday(r.grade)) continue;
    lessons.push({ ...r, startsAt: r.startsAt ?? '', endsAt: r.endsAt ?? '', room: r.room ?? '', topic: r.topic ?? '', homework: r.homework ?? '', substituteFor: null });
  }
  for (const r of substituted) lessons.push({ ...r, startsAt: r.startsAt ?? '', endsAt: r.endsAt ?? '', room: '', topic: r.topic ?? '', homework: r.homework ?? '' });
  lessons.sort((a, b) => a.lessonNo - b.lessonNo || a.className.localeCompare(b.className, 'ru'));
  return { date, weekday: wd, holiday: holidays[0]?.name ?? null, lessons };
}
