// What the deputy's control looks for on the journal (R-ROLE-4, R-REP-1).
import { z } from 'zod';
import { isoDate, rowId } from '../args';
import { unfilledLessons as unfilledRows } from '../../db/queries/overview';
import { yearOn } from '../../db/queries/year';
import { toIsoDate } from '../../shared/dates';
import { notFound } from '../errors';
import { defineMethod } from '../define';
import { loadProfile, minMarksFor } from '../regulation/profile';

interface Row {
  periodMarkId: string; value: string; studentId: string; lastName: string; firstName: string;
  className: string; subjectName: string; periodName: string; periodKind: string; hours: number; marks: number;
}

export const fewMarkPeriodMarks = defineMethod({
  summary: 'Отметки за период, выставленные при недостаточном числе текущих отметок', // R-TIME-4
  access: 'controllers',
  input: z.object({ periodId: rowId.optional(), classId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const profile = await loadProfile(knex);
    const q = knex('period_mark as pm')
      .join('period as p', 'p.id', 'pm.period_id')
      .join('student as s', 's.id', 'pm.student_id')
      .join('class as c', 'c.id', 'pm.class_id')
      .join('subject as sub', 'sub.id', 'pm.subject_id')
      .whereIn('pm.value', ['1', '2', '3', '4', '5'])
      .select(
        'pm.id as periodMarkId', 'pm.value', 's.id as studentId', 's.last_name as lastName', 's.first_name as firstName',
        'c.name as className', 'sub.name as subjectName', 'p.name as periodName', 'p.kind as periodKind',
        knex.raw(`(SELECT max(t.hours_per_week) FROM teaching_assignment t WHERE t.class_id = pm.class_id AND t.subject_id = pm.subject_id) AS hours`),
        knex.raw(`(SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN teaching_assignment t ON t.id = l.assignment_id
                   WHERE m.student_id = pm.student_id AND m.value IS NOT NULL AND l.cancelled = 0 AND t.class_id = pm.class_id
                   AND t.subject_id = pm.subject_id AND l.date BETWEEN p.starts_on AND p.ends_on) AS marks`),
      );
    if (a.periodId) q.where('pm.period_id', a.periodId);
    if (a.classId) q.where('pm.class_id', a.classId);
    const rows: Row[] = await q;
    return rows
      .map((r) => ({ ...r, need: minMarksFor(profile, r.periodKind, Number(r.hours)), marks: Number(r.marks) }))
      .filter((r) => r.marks < r.need);
  },
});

export const unfilledLessons = defineMethod({
  summary: 'Незаполненные уроки периода: по расписанию должны были пройти, но записи урока нет или в ней нет темы — класса, учителя или всей школы',
  access: 'wholeSchool',
  input: z.object({ periodId: rowId.optional(), classId: rowId.optional(), teacherId: rowId.optional(), date: isoDate.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const date = a.date ?? toIsoDate(ctx.now());
    const year = await yearOn(knex, date);
    if (!year) throw notFound('В базе нет учебного года.');
    // R-REP-1: the lessons behind the overview's counts, each to open on its page.
    if (a.periodId && !(await knex('period').where({ id: a.periodId, year_id: year.id }).whereNot({ kind: 'year' }).first('id'))) {
      throw notFound('Такого учебного периода нет в этом учебном году: выберите четверть или полугодие из списка.');
    }
    if (a.classId && !(await knex('class').where({ id: a.classId, year_id: year.id }).first('id'))) throw notFound('Класс не найден в этом учебном году: выберите класс в обзоре школы.');
    if (a.teacherId && !(await knex('staff').where({ id: a.teacherId }).first('id'))) throw notFound('Учитель не найден: выберите учителя в обзоре школы.');
    return unfilledRows(knex, year, date, a);
  },
});
