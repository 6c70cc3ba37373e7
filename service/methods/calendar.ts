// The school's calendar of non-working days (migration 010, db/regulation/calendar.ts): the
// public holidays and the school's own days off. The certification's five days are proposed
// on working days only (R-PRINT-2). Kept by the administrator and the deputies (R-ROLE-6); a
// day taken off keeps its row, marked removed, so its history stays in the journal. A year
// with no entry has Russia's public holidays: the first change to such a year enters them
// first, so adding a school's own day never drops the holidays.
import { z } from 'zod';
import type { RowChange } from '../../db/journal-writer';
import { calendarYears, nonWorkingDayId, russianHolidays } from '../../db/regulation/calendar';
import { formatRuDate } from '../../shared/dates';
import { isoDate } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { notFound, ServiceError } from '../errors';

const year = z.number().int().min(2000).max(2100);

/** The rows that make a default year the school's own: Russia's holidays, except `skip`. */
async function defaultsToEnter(ctx: CallContext, y: number, skip: string): Promise<RowChange[]> {
  const [cal] = await calendarYears(ctx.db.knex, y, y);
  if (!cal?.isDefault) return [];
  return russianHolidays(y).filter((d) => d.date !== skip)
    .map((d) => ({ table: 'non_working_day' as const, id: nonWorkingDayId(d.date), set: { date: d.date, name: d.name, removed: 0 } }));
}

export const list = defineMethod({
  summary: 'Нерабочие дни школы за календарный год: праздники и перенесённые выходные (без записей — праздничные дни России)',
  access: 'signed-in',
  input: z.object({ year }).strict(),
  async run(ctx, a) {
    const [cal] = await calendarYears(ctx.db.knex, a.year, a.year);
    return { year: a.year, isDefault: cal!.isDefault, days: cal!.days };
  },
});

export const add = defineMethod({
  summary: 'Добавить нерабочий день в календарь школы (праздник или перенесённый выходной)',
  access: 'calendarKeepers',
  input: z.object({
    date: isoDate,
    name: z.string().trim().min(2, 'Укажите, что это за день (например, «перенос выходного с 2 января»)').max(120),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const id = nonWorkingDayId(a.date);
    const row: { name: string; removed: number } | undefined = await knex('non_working_day').where({ id }).first('name', 'removed');
    if (row && row.removed === 0) throw new ServiceError('CONFLICT', `${formatRuDate(a.date)} уже в календаре нерабочих дней: «${row.name}».`);
    const y = Number(a.date.slice(0, 4));
    const changes: RowChange[] = [...(await defaultsToEnter(ctx, y, a.date)), { table: 'non_working_day', id, set: { date: a.date, name: a.name, removed: 0 } }];
    await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: `календарь: нерабочий день ${formatRuDate(a.date)} — ${a.name}` });
    return { date: a.date, name: a.name };
  },
});

export const remove = defineMethod({
  summary: 'Убрать день из календаря нерабочих дней школы (запись и её история остаются в журнале)',
  access: 'calendarKeepers',
  input: z.object({ date: isoDate, reason: z.string().trim().min(5, 'Укажите причину (не короче 5 знаков)').max(300) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const y = Number(a.date.slice(0, 4));
    const [cal] = await calendarYears(knex, y, y);
    const day = cal!.days.find((d) => d.date === a.date);
    if (!day) throw notFound(`${formatRuDate(a.date)} нет в календаре нерабочих дней.`);
    const changes: RowChange[] = [...(await defaultsToEnter(ctx, y, '')).filter((c) => c.id !== nonWorkingDayId(a.date))];
    changes.push({ table: 'non_working_day', id: nonWorkingDayId(a.date), set: { date: a.date, name: day.name, removed: 1 } });
    await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: `календарь: ${formatRuDate(a.date)} («${day.name}») — рабочий день: ${a.reason}` });
    return { date: a.date, removed: true as const };
  },
});
