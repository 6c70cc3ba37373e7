// The school at a glance for the administration (R-REP-1): each class in its working
// period (db/queries/year.ts) — students, lessons held, topics and homework recorded, marks, period marks.
import type { Knex } from 'knex';
import { shortName } from '../../shared/format';
import { termPeriods, workingPeriod, type YearRow } from './year';

export interface ClassOverview {
  id: string;
  name: string;
  grade: number;
  classTeacher: string | null;
  students: number;
  periodName: string;
  lessons: number;
  lessonsWithTopic: number;
  lessonsWithHomework: number;
  marks: number;
  periodMarks: number;
}

export interface SchoolOverview {
  schoolName: string;
  year: string;
  date: string;
  classes: ClassOverview[];
  totals: { students: number; teachers: number; lessons: number; marks: number };
}

export async function schoolOverview(knex: Knex, year: YearRow, date: string): Promise<SchoolOverview> {
  const school = await knex('school').first('full_name');
  const classes: { id: string; name: string; grade: number; letter: string; ct_last: string | null; ct_first: string | null; ct_middle: string | null }[] =
    await knex('class as c')
      .leftJoin('staff as t', 't.id', 'c.class_teacher_id')
      .where('c.year_id', year.id)
      .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }])
      .select('c.id', 'c.name', 'c.grade', 'c.letter', 't.last_name as ct_last', 't.first_name as ct_first', 't.middle_name as ct_middle');

  const periodsByGrade = new Map<number, Awaited<ReturnType<typeof termPeriods>>>();
  for (const g of new Set(classes.map((c) => c.grade))) periodsByGrade.set(g, await termPeriods(knex, year.id, g));

  const students: { class_id: string; n: number }[] = await knex('enrolment')
    .where('starts_on', '<=', date)
    .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', date))
    .groupBy('class_id')
    .select('class_id', knex.raw('count(*) as n'));
  const studentsOf = new Map(students.map((s) => [s.class_id, Number(s.n)]));

  const out: ClassOverview[] = [];
  for (const c of classes) {
    const period = await workingPeriod(periodsByGrade.get(c.grade) ?? [], date, async (p) =>
      !!(await knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').where('a.class_id', c.id).whereBetween('l.date', [p.starts_on, p.ends_on]).first('l.id')));
    if (!period) continue;
    const lessonStats = await knex('lesson as l')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.class_id', c.id)
      .where('l.cancelled', 0)
      .whereBetween('l.date', [period.starts_on, period.ends_on])
      .first(
        knex.raw('count(*) as lessons'),
        knex.raw("sum(case when l.topic <> '' then 1 else 0 end) as withTopic"),
        knex.raw("sum(case when l.homework <> '' then 1 else 0 end) as withHomework"),
      );
    const marks = await knex('mark as m')
      .join('lesson as l', 'l.id', 'm.lesson_id')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where('a.class_id', c.id)
      .whereNotNull('m.value')
      .whereBetween('l.date', [period.starts_on, period.ends_on])
      .first(knex.raw('count(*) as n'));
    const periodMarks = await knex('period_mark').where({ class_id: c.id, period_id: period.id }).whereNotNull('value').first(knex.raw('count(*) as n'));
    out.push({
      id: c.id,
      name: c.name,
      grade: c.grade,
      classTeacher: c.ct_last ? shortName(c.ct_last, c.ct_first, c.ct_middle) : null,
      students: studentsOf.get(c.id) ?? 0,
      periodName: period.name,
      lessons: Number(lessonStats?.lessons ?? 0),
      lessonsWithTopic: Number(lessonStats?.withTopic ?? 0),
      lessonsWithHomework: Number(lessonStats?.withHomework ?? 0),
      marks: Number(marks?.n ?? 0),
      periodMarks: Number(periodMarks?.n ?? 0),
    });
  }
  const teachers = await knex('staff_role').where({ role: 'teacher', revoked: 0 }).countDistinct({ n: 'staff_id' }).first();
  return {
    schoolName: school?.full_name ?? '',
    year: year.name,
    date,
    classes: out,
    totals: {
      students: out.reduce((s, c) => s + c.students, 0),
      teachers: Number(teachers?.n ?? 0),
      lessons: out.reduce((s, c) => s + c.lessons, 0),
      marks: out.reduce((s, c) => s + c.marks, 0),
    },
  };
}
