// A teacher's day: their timetable with the lessons already recorded.
import { z } from 'zod';
import { teacherDay } from '../../db/queries/timetable';
import { toIsoDate } from '../../shared/dates';
import { isoDate } from '../args';
import { defineMethod, userOf } from '../define';

export const day = defineMethod({
  summary: 'Расписание учителя на день (по умолчанию — сегодня)',
  access: 'signed-in',
  input: z.object({ date: isoDate.optional() }).strict(),
  async run(ctx, args) {
    return teacherDay(ctx.db.knex, userOf(ctx).id, args.date ?? toIsoDate(ctx.now()));
  },
});
