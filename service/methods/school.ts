// The school as the administration sees it.
import { z } from 'zod';
import { schoolOverview } from '../../db/queries/overview';
import { yearOn } from '../../db/queries/year';
import { toIsoDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound } from '../errors';
import { deputyScope } from '../people/deputy-scope';

export const overview = defineMethod({
  summary: 'Обзор школы за один период (текущий или выбранный): классы, уроки по расписанию и незаполненные уроки, темы, домашние задания, отметки; незаполненные уроки по учителям',
  access: 'wholeSchool',
  input: z.object({
    date: isoDate.optional(),
    periodId: rowId.optional(),
    /** 'mine': the deputy's own parallels (the default for a deputy who has them, R-ROLE-4); 'all': the whole school. */
    scope: z.enum(['mine', 'all']).optional(),
  }).strict(),
  async run(ctx, args) {
    const date = args.date ?? toIsoDate(ctx.now());
    const year = await yearOn(ctx.db.knex, date);
    if (!year) throw notFound('В базе нет учебного года.');
    // R-REP-1: one period at a time; a period of another year is not this overview's.
    if (args.periodId && !(await ctx.db.knex('period').where({ id: args.periodId, year_id: year.id }).whereNot({ kind: 'year' }).first('id'))) {
      throw notFound('Такого учебного периода нет в этом учебном году: выберите четверть или полугодие из списка.');
    }
    const { myGrades, scope, grades } = await deputyScope(ctx.db.knex, userOf(ctx).id, args.scope);
    return { ...(await schoolOverview(ctx.db.knex, year, date, args.periodId, grades)), myGrades, scope };
  },
});

export const classes = defineMethod({
  summary: 'Классы текущего учебного года',
  access: 'signed-in',
  input: z.object({ date: isoDate.optional() }).strict(),
  async run(ctx, args) {
    const year = await yearOn(ctx.db.knex, args.date ?? toIsoDate(ctx.now()));
    if (!year) return [];
    const rows: { id: string; name: string; grade: number; class_teacher_id: string | null }[] = await ctx.db
      .knex('class')
      .where({ year_id: year.id })
      .orderBy([{ column: 'grade' }, { column: 'letter' }])
      .select('id', 'name', 'grade', 'class_teacher_id');
    return rows.map((c) => ({ id: c.id, name: c.name, grade: c.grade, classTeacherId: c.class_teacher_id }));
  },
});
