// The school at a glance for the administration (R-REP-1): one period at a time — by
// default the period under way on the date for each grade (a quarter in grades 1–9, the
// half-year in 10–11), or one chosen period for the grades it covers. For each class:
// students, the lessons the timetable says were due on past days of the period, how many of
// them were never filled, topics and homework recorded, marks, period marks; and the same
// unfilled lessons per teacher.
//
// «Unfilled» is one of two things, counted apart:
// - missing: the timetable (db/queries/scheduled-lessons.ts: timetable_entry ×
//   teaching_assignment, valid dates, weekdays, skipping holidays and the school's
//   non-working days) has a lesson on a past date of the period, and the journal has no
//   record of it;
// - empty: the lesson is recorded, but its topic is not (nothing entered).
// A cancelled lesson is not due. Past = before the date (the day's own lessons may still be
// under way). A lesson someone substitutes for is the substitute's to fill (R-ROLE-2).
import type { Knex } from 'knex';
import { addDays } from '../../shared/dates';
import { shortName } from '../../shared/format';
import { scheduledLessons } from './scheduled-lessons';
import { periodOn, type PeriodRow, type YearRow } from './year';

export interface OverviewPeriod {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  gradeFrom: number;
  gradeTo: number;
}

export interface ClassOverview {
  id: string;
  name: string;
  grade: number;
  classTeacher: string | null;
  students: number;
  periodId: string;
  periodName: string;
  /** Lessons due by the timetable on past days of the period (and any other recorded lesson then). */
  due: number;
  /** Recorded lessons of the period's past days (not cancelled). */
  lessons: number;
  lessonsWithTopic: number;
  lessonsWithHomework: number;
  /** Due lessons with no record at all. */
  missing: number;
  /** Recorded lessons without a topic. */
  empty: number;
  marks: number;
  periodMarks: number;
}

export interface TeacherOverview {
  id: string;
  name: string;
  due: number;
  missing: number;
  empty: number;
}

export interface SchoolOverview {
  schoolName: string;
  year: string;
  date: string;
  /** The lessons counted are those up to this date (the day before `date`). */
  countedUntil: string;
  /** Every term period of the year, for the choice. */
  periods: OverviewPeriod[];
  /** The chosen period, or null: each grade's period under way. */
  chosen: OverviewPeriod | null;
  /** The periods the table shows (one per grade group). */
  shown: OverviewPeriod[];
  classes: ClassOverview[];
  teachers: TeacherOverview[];
  totals: { students: number; teachers: number; due: number; missing: number; empty: number; marks: number };
}

/** One lesson due and not filled, to open on its page. */
export interface UnfilledLesson {
  kind: 'missing' | 'empty';
  assignmentId: string;
  lessonId: string | null;
  date: string;
  lessonNo: number;
  classId: string;
  className: string;
  subject: string;
  subgroup: string | null;
  /** Who was to fill it: the page's teacher, or the substitute. */
  teacherId: string;
  teacher: string;
  /** The page's teacher when someone else substituted. */
  absentTeacher: string | null;
}

const periodView = (p: PeriodRow): OverviewPeriod => ({ id: p.id, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, gradeFrom: p.grade_from, gradeTo: p.grade_to });

interface ClassRow { id: string; name: string; grade: number; ct_last: string | null; ct_first: string | null; ct_middle: string | null }

/** The year's term periods, and for each class the period shown: the chosen one, or its grade's period on the date. */
async function periodsFor(knex: Knex, year: YearRow, date: string, classes: readonly ClassRow[], periodId?: string) {
  const periods: PeriodRow[] = await knex('period').where({ year_id: year.id }).whereNot({ kind: 'year' }).orderBy([{ column: 'starts_on' }, { column: 'grade_from' }])
    .select('id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
  const chosen = periodId ? periods.find((p) => p.id === periodId) : undefined;
  const of = new Map<string, PeriodRow>();
  for (const c of classes) {
    const own = periods.filter((p) => p.grade_from <= c.grade && c.grade <= p.grade_to);
    const p = periodId ? (chosen && own.includes(chosen) ? chosen : undefined) : periodOn(own, date);
    if (p) of.set(c.id, p);
  }
  return { periods, chosen, of };
}

/**
 * The due lessons of the classes in their periods up to `until`, each with its record (or
 * none) and who was to fill it.
 */
export async function dueLessons(knex: Knex, yearId: string, periodOf: ReadonlyMap<string, Pick<PeriodRow, 'starts_on' | 'ends_on'>>, until: string, only: { classId?: string; teacherId?: string } = {}) {
  const ranges = [...periodOf.values()];
  if (ranges.length === 0) return [];
  const from = ranges.map((p) => p.starts_on).sort()[0]!;
  const lastEnd = ranges.map((p) => p.ends_on).sort().reverse()[0]!;
  const to = lastEnd < until ? lastEnd : until;
  if (to < from) return [];
  const classIds = only.classId ? [only.classId] : [...periodOf.keys()];
  const inPeriod = (classId: string, d: string) => {
    const p = periodOf.get(classId);
    return !!p && p.starts_on <= d && d <= p.ends_on && d <= until;
  };
  const planned = (await scheduledLessons(knex, { yearId, from, to, classIds })).filter((p) => inPeriod(p.classId, p.date));
  const recorded: { id: string; assignment_id: string; class_id: string; teacher_id: string; date: string; lesson_no: number; substitute_teacher_id: string | null; topic: string; homework: string; cancelled: number }[] =
    await knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.year_id', yearId).whereIn('a.class_id', classIds).whereBetween('l.date', [from, to])
      .select('l.id', 'l.assignment_id', 'a.class_id', 'a.teacher_id', 'l.date', 'l.lesson_no', 'l.substitute_teacher_id', 'l.topic', 'l.homework', 'l.cancelled');
  const byId = new Map(recorded.filter((l) => inPeriod(l.class_id, l.date)).map((l) => [l.id, l]));
  // Substitutions of whole days recorded before the lessons were opened (R-ROLE-2).
  const ranged: { absent_teacher_id: string; substitute_teacher_id: string; starts_on: string; ends_on: string }[] = await knex('substitution')
    .where({ cancelled: 0 }).whereNull('lesson_id').where('starts_on', '<=', to).where('ends_on', '>=', from)
    .select('absent_teacher_id', 'substitute_teacher_id', 'starts_on', 'ends_on');
  const substituteOf = (teacherId: string, d: string) => ranged.find((s) => s.absent_teacher_id === teacherId && s.starts_on <= d && d <= s.ends_on)?.substitute_teacher_id ?? null;

  const out: { assignmentId: string; classId: string; date: string; lessonNo: number; pageTeacherId: string; teacherId: string; lesson: (typeof recorded)[number] | null }[] = [];
  for (const p of planned) {
    const l = byId.get(p.id) ?? null;
    byId.delete(p.id);
    if (l?.cancelled === 1) continue;
    const sub = l ? l.substitute_teacher_id : substituteOf(p.teacherId, p.date);
    out.push({ assignmentId: p.assignmentId, classId: p.classId, date: p.date, lessonNo: p.lessonNo, pageTeacherId: p.teacherId, teacherId: sub ?? p.teacherId, lesson: l });
  }
  // Lessons recorded outside the timetable (a moved lesson, an extra one) are due too.
  for (const l of byId.values()) {
    if (l.cancelled === 1) continue;
    out.push({ assignmentId: l.assignment_id, classId: l.class_id, date: l.date, lessonNo: l.lesson_no, pageTeacherId: l.teacher_id, teacherId: l.substitute_teacher_id ?? l.teacher_id, lesson: l });
  }
  return only.teacherId ? out.filter((x) => x.teacherId === only.teacherId) : out;
}

const kindOf = (lesson: { topic: string } | null): 'missing' | 'empty' | null => (!lesson ? 'missing' : lesson.topic.trim() === '' ? 'empty' : null);

async function classRows(knex: Knex, yearId: string, classId?: string): Promise<ClassRow[]> {
  const q = knex('class as c').leftJoin('staff as t', 't.id', 'c.class_teacher_id').where('c.year_id', yearId)
    .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }])
    .select('c.id', 'c.name', 'c.grade', 't.last_name as ct_last', 't.first_name as ct_first', 't.middle_name as ct_middle');
  if (classId) q.where('c.id', classId);
  return q;
}

export async function schoolOverview(knex: Knex, year: YearRow, date: string, periodId?: string, grades?: readonly number[]): Promise<SchoolOverview> {
  const school = await knex('school').first('full_name');
  // A deputy's own parallels (R-ROLE-4), or the whole school.
  const classes = (await classRows(knex, year.id)).filter((c) => !grades || grades.includes(c.grade));
  const { periods, chosen, of } = await periodsFor(knex, year, date, classes, periodId);
  const until = addDays(date, -1);

  const students: { class_id: string; n: number }[] = await knex('enrolment')
    .where('starts_on', '<=', date)
    .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', date))
    .groupBy('class_id')
    .select('class_id', knex.raw('count(*) as n'));
  const studentsOf = new Map(students.map((s) => [s.class_id, Number(s.n)]));
  const due = await dueLessons(knex, year.id, of, until);

  const staff: { id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('staff').select('id', 'last_name', 'first_name', 'middle_name');
  const nameOf = new Map(staff.map((s) => [s.id, shortName(s.last_name, s.first_name, s.middle_name)]));
  const teacherStats = new Map<string, TeacherOverview>();
  const classStats = new Map<string, { due: number; lessons: number; topic: number; homework: number; missing: number; empty: number }>();
  for (const d of due) {
    const c = classStats.get(d.classId) ?? { due: 0, lessons: 0, topic: 0, homework: 0, missing: 0, empty: 0 };
    const t = teacherStats.get(d.teacherId) ?? { id: d.teacherId, name: nameOf.get(d.teacherId) ?? '', due: 0, missing: 0, empty: 0 };
    const kind = kindOf(d.lesson);
    c.due++;
    t.due++;
    if (d.lesson) c.lessons++;
    if (d.lesson && d.lesson.topic.trim() !== '') c.topic++;
    if (d.lesson && d.lesson.homework.trim() !== '') c.homework++;
    if (kind) {
      c[kind]++;
      t[kind]++;
    }
    classStats.set(d.classId, c);
    teacherStats.set(d.teacherId, t);
  }

  const out: ClassOverview[] = [];
  for (const c of classes) {
    const period = of.get(c.id);
    if (!period) continue;
    const counted = period.ends_on < until ? period.ends_on : until;
    const marks = await knex('mark as m')
      .join('lesson as l', 'l.id', 'm.lesson_id')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.class_id', c.id)
      .whereNotNull('m.value')
      .whereBetween('l.date', [period.starts_on, counted < period.starts_on ? period.starts_on : counted])
      .first(knex.raw('count(*) as n'));
    const periodMarks = await knex('period_mark').where({ class_id: c.id, period_id: period.id }).whereNotNull('value').first(knex.raw('count(*) as n'));
    const s = classStats.get(c.id) ?? { due: 0, lessons: 0, topic: 0, homework: 0, missing: 0, empty: 0 };
    out.push({
      id: c.id,
      name: c.name,
      grade: c.grade,
      classTeacher: c.ct_last ? shortName(c.ct_last, c.ct_first, c.ct_middle) : null,
      students: studentsOf.get(c.id) ?? 0,
      periodId: period.id,
      periodName: period.name,
      due: s.due,
      lessons: s.lessons,
      lessonsWithTopic: s.topic,
      lessonsWithHomework: s.homework,
      missing: s.missing,
      empty: s.empty,
      marks: counted < period.starts_on ? 0 : Number((marks as { n?: number } | undefined)?.n ?? 0),
      periodMarks: Number((periodMarks as { n?: number } | undefined)?.n ?? 0),
    });
  }
  const teachers = [...teacherStats.values()].sort((a, b) => b.missing + b.empty - (a.missing + a.empty) || a.name.localeCompare(b.name, 'ru'));
  const teacherCount = await knex('staff_role').where({ role: 'teacher', revoked: 0 }).countDistinct({ n: 'staff_id' }).first();
  const shown = [...new Map(out.map((c) => [c.periodId, of.get(c.id)!])).values()].map(periodView);
  return {
    schoolName: school?.full_name ?? '',
    year: year.name,
    date,
    countedUntil: until,
    periods: periods.map(periodView),
    chosen: chosen ? periodView(chosen) : null,
    shown,
    classes: out,
    teachers,
    totals: {
      students: out.reduce((s, c) => s + c.students, 0),
      teachers: Number(teacherCount?.n ?? 0),
      due: out.reduce((s, c) => s + c.due, 0),
      missing: out.reduce((s, c) => s + c.missing, 0),
      empty: out.reduce((s, c) => s + c.empty, 0),
      marks: out.reduce((s, c) => s + c.marks, 0),
    },
  };
}

/**
 * The unfilled lessons behind a count of the overview: of one class or one teacher (or the
 * whole school), in the same period as the overview shows, oldest first.
 */
export async function unfilledLessons(knex: Knex, year: YearRow, date: string, f: { periodId?: string; classId?: string; teacherId?: string }): Promise<UnfilledLesson[]> {
  const classes = await classRows(knex, year.id, f.classId);
  const { of } = await periodsFor(knex, year, date, classes, f.periodId);
  const due = (await dueLessons(knex, year.id, of, addDays(date, -1), { classId: f.classId, teacherId: f.teacherId }))
    .map((d) => ({ ...d, kind: kindOf(d.lesson) }))
    .filter((d): d is typeof d & { kind: 'missing' | 'empty' } => d.kind !== null);
  if (due.length === 0) return [];
  const pages = new Map((await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
    .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id').whereIn('a.id', [...new Set(due.map((d) => d.assignmentId))])
    .select('a.id', 'c.name as className', 's.name as subject', 'g.name as subgroup') as { id: string; className: string; subject: string; subgroup: string | null }[]).map((p) => [p.id, p]));
  const staff: { id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('staff')
    .whereIn('id', [...new Set(due.flatMap((d) => [d.teacherId, d.pageTeacherId]))]).select('id', 'last_name', 'first_name', 'middle_name');
  const nameOf = new Map(staff.map((s) => [s.id, shortName(s.last_name, s.first_name, s.middle_name)]));
  return due
    .map((d): UnfilledLesson => {
      const page = pages.get(d.assignmentId);
      return {
        kind: d.kind, assignmentId: d.assignmentId, lessonId: d.lesson?.id ?? null, date: d.date, lessonNo: d.lessonNo,
        classId: d.classId, className: page?.className ?? '', subject: page?.subject ?? '', subgroup: page?.subgroup ?? null,
        teacherId: d.teacherId, teacher: nameOf.get(d.teacherId) ?? '',
        absentTeacher: d.teacherId !== d.pageTeacherId ? (nameOf.get(d.pageTeacherId) ?? '') : null,
      };
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo || a.className.localeCompare(b.className, 'ru')));
}
