// The school as the administration sees it.
import { z } from 'zod';
import { schoolOverview } from '../../db/queries/overview';
import { yearOn } from '../../db/queries/year';
import { toIsoDate } from '../../shared/dates';
import { isoDate } from '../args';
import { defineMethod } from '../define';
import { notFound } from '../errors';

export const overview = defineMethod({
  summary: 'Обзор школы: классы, уроки, темы, домашние задания, отметки за текущий период',
  access: 'wholeSchool',
  input: z.object({ date: isoDate.optional() }).strict(),
  async run(ctx, args) {
    const date = args.date ?? toIsoDate(ctx.now());
    const year = await yearOn(ctx.db.knex, date);
    if (!year) throw notFound('В базе нет учебного года.');
    return schoolOverview(ctx.db.knex, year, date);
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
