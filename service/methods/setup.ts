// The administrator's setup of the year (R-ROLE-6): the lessons the timetable gives, and
// the checklist of what is still missing before the year can start.
import { z } from 'zod';
import { applyLessonPlanChange, lessonPlanChange } from '../../db/setup/generate-lessons';
import { yearChecklist } from '../../db/setup/checklist';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { notFound, ServiceError } from '../errors';

async function yearRow(ctx: CallContext, yearId: string) {
  const year: { id: string; starts_on: string; ends_on: string; status: string } | undefined = await ctx.db.knex('academic_year').where({ id: yearId }).first('id', 'starts_on', 'ends_on', 'status');
  if (!year) throw notFound('Учебный год не найден.');
  return year;
}

export const generateLessons = defineMethod({
  summary: 'Уроки по расписанию на учебные дни периодов, кроме каникул; с даты — только более поздние, уроки с записями не трогаются',
  access: 'administrator',
  input: z.object({
    yearId: rowId,
    /** From this date (default: the year's start); earlier lessons are not touched. */
    from: isoDate.optional(),
    /** Show what would change, write nothing. */
    dryRun: z.boolean().optional(),
  }).strict(),
  async run(ctx, args) {
    const year = await yearRow(ctx, args.yearId);
    if (year.status === 'closed') throw new ServiceError('CONFLICT', 'Учебный год закрыт: его уроки больше не меняются.');
    const from = args.from ?? year.starts_on;
    if (from < year.starts_on || from > year.ends_on) {
      throw new ServiceError('VALIDATION', `Дата ${formatRuDate(from)} вне учебного года (${formatRuDate(year.starts_on)} – ${formatRuDate(year.ends_on)}).`);
    }
    const change = await lessonPlanChange(ctx.db.knex, year.id, from, year.ends_on);
    if (!args.dryRun) {
      await applyLessonPlanChange(ctx.db, { userId: userOf(ctx).id }, change, `уроки по расписанию с ${formatRuDate(from)}`);
    }
    return {
      from,
      dryRun: args.dryRun === true,
      created: change.create.length,
      cancelled: change.cancel.length,
      restored: change.restore.length,
      /** Lessons the timetable no longer has but that hold a topic, homework, a mark or an absence: left as they are. */
      keptWithEntries: change.keptWithEntries,
    };
  },
});

export const checklist = defineMethod({
  summary: 'Что ещё не сделано, чтобы начать учебный год',
  access: 'administrator',
  input: z.object({ yearId: rowId.optional() }).strict(),
  async run(ctx, args) {
    const knex = ctx.db.knex;
    const year: { id: string } | undefined = args.yearId
      ? await knex('academic_year').where({ id: args.yearId }).first('id')
      : await knex('academic_year').where('ends_on', '>=', toIsoDate(ctx.now())).orderBy('starts_on').first('id');
    return yearChecklist(knex, year?.id ?? null);
  },
});
