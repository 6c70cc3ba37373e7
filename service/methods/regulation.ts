// Reading and changing the regulation profile (the administrator sets it up, R-ROLE-6).
import { z } from 'zod';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';
import { DEFAULT_PROFILE, loadProfile, PROFILE_SCHEMA, settingId, type RegulationProfile } from '../regulation/profile';

export const get = defineMethod({
  summary: 'Регламент школы: сроки заполнения журнала, шкала отметок, минимум отметок (с умолчаниями)',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    return { profile: await loadProfile(ctx.db.knex), defaults: DEFAULT_PROFILE };
  },
});

export const update = defineMethod({
  summary: 'Изменить параметры регламента (администратор)',
  access: 'administrator',
  input: z.object({ changes: PROFILE_SCHEMA.partial(), reason: z.string().trim().min(3, 'Укажите основание изменения (например, номер приказа)').max(500) }).strict(),
  async run(ctx, args) {
    const current = await loadProfile(ctx.db.knex);
    const next = PROFILE_SCHEMA.safeParse({ ...current, ...args.changes });
    if (!next.success) throw new ServiceError('VALIDATION', 'Неверные значения регламента.', next.error.issues);
    const keys = Object.keys(args.changes) as (keyof RegulationProfile)[];
    await ctx.db.writer.write(
      { userId: userOf(ctx).id },
      keys.map((k) => ({ table: 'setting' as const, id: settingId(k), set: { value: JSON.stringify(next.data[k]) } })),
      { reason: args.reason },
    );
    return { profile: await loadProfile(ctx.db.knex) };
  },
});
