// The school's list of kinds of work (К контрольная, С/Р, Л/Р, П/Р, устный ответ, …):
// kept by the administrator (R-REC-2; R-ROLE-6 sets the journal up). A kind in use is
// retired, never deleted, so old marks keep their meaning.
import { z } from 'zod';
import { newId } from '../../db/ids';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';

export const list = defineMethod({
  summary: 'Виды работ школы (с выведенными из употребления)',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const rows: { id: string; code: string; name: string; written: number; weight: number; retired: number }[] =
      await ctx.db.knex('work_kind').orderBy('sort_order').select('id', 'code', 'name', 'written', 'weight', 'retired');
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, written: r.written === 1, weight: r.weight, retired: r.retired === 1 }));
  },
});

export const save = defineMethod({
  summary: 'Добавить или изменить вид работы (администратор)',
  access: 'administrator',
  input: z.object({
    id: rowId.optional(),
    code: z.string().trim().min(1, 'Укажите обозначение').max(6, 'Обозначение — не длиннее 6 знаков'),
    name: z.string().trim().min(2, 'Укажите название').max(80),
    written: z.boolean(),
    weight: z.number().min(0.5).max(5),
    retired: z.boolean().default(false),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const clash = await knex('work_kind').where({ code: a.code }).whereNot({ id: a.id ?? '' }).first('id');
    if (clash) throw new ServiceError('CONFLICT', `Вид работы с обозначением «${a.code}» уже есть.`);
    let id = a.id;
    let sortOrder: number | undefined;
    if (id) {
      if (!(await knex('work_kind').where({ id }).first('id'))) throw notFound('Вид работы не найден.');
    } else {
      id = newId(ctx.now().getTime());
      const last = await knex('work_kind').max('sort_order as m').first();
      sortOrder = Number(last?.m ?? 0) + 10;
    }
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{
      table: 'work_kind', id,
      set: { code: a.code, name: a.name, written: a.written, weight: a.weight, retired: a.retired, ...(sortOrder !== undefined ? { sort_order: sortOrder } : {}) },
    }], { reason: a.retired ? 'вид работы выведен из употребления' : 'список видов работ' });
    return { id };
  },
});
