// Late arrivals (R-TIME-3): changes from other computers made inside their entry window
// but first seen on the share after it closed (db/sync/late.ts). The deputy sees each with
// both times, and accepts it or reverts it as a correction with a reason; the decision is a
// journal row (late_arrival_decision), so every computer hides what was decided.
import { z } from 'zod';
import { entriesByHlc } from '../../db/queries/history';
import { ROW_CREATED } from '../../db/journal-writer';
import type { FieldValue, JournalTable } from '../../db/schema';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';

interface LateRow {
  hlc: string;
  node_id: string;
  table_name: string;
  row_id: string;
  field: string;
  made_at: string;
  deadline: string;
  appeared_after: string;
  first_seen_at: string;
}

const decisionId = (hlc: string) => `late:${hlc}`;

export const list = defineMethod({
  summary: 'Изменения с других компьютеров, пришедшие позже срока ввода: когда сделаны, когда появились, что изменили',
  access: 'controllers',
  input: z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict(),
  async run(ctx, a) {
    const rows: LateRow[] = await ctx.db.knex('sync_late_arrival as l')
      .whereNotExists(ctx.db.knex('late_arrival_decision as d').whereRaw('d.hlc = l.hlc'))
      .orderBy('l.made_at', 'desc').limit(a.limit).select('l.*');
    const entries = new Map((await entriesByHlc(ctx.db.knex, rows.map((r) => r.hlc))).map((e) => [e.hlc, e]));
    return rows.flatMap((r) => {
      const e = entries.get(r.hlc);
      if (!e) return [];
      return [{ hlc: r.hlc, madeAt: r.made_at, deadline: r.deadline, appearedAfter: r.appeared_after, firstSeenAt: r.first_seen_at, entry: e }];
    });
  },
});

/** The fields a revert sets: the values the late entry replaced (for a created row, the row emptied). */
function revertOf(table: string, field: string, oldValue: string | null, newValue: string): Record<string, FieldValue> | null {
  if (field !== ROW_CREATED) return { [field]: oldValue === null ? null : (JSON.parse(oldValue) as FieldValue) };
  const created = JSON.parse(newValue) as Record<string, FieldValue>;
  if (table === 'mark') return { value: null };
  if (table === 'attendance') return { code: null, reason: '' };
  if (table === 'period_mark') return { value: null, reason: '' };
  if (table === 'lesson') return { topic: '', homework: '', ...('lesson_type' in created ? { lesson_type: '' } : {}) };
  return null;
}

export const decide = defineMethod({
  summary: 'Принять опоздавшее изменение или отменить его как исправление, с причиной (заместитель директора)',
  access: 'deputies',
  input: z.object({
    hlc: z.string().min(10).max(80),
    accept: z.boolean(),
    reason: z.string().trim().min(5, 'Укажите причину решения').max(500),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const late: LateRow | undefined = await ctx.db.knex('sync_late_arrival').where({ hlc: a.hlc }).first();
    if (!late) throw notFound('Такого опоздавшего изменения нет.');
    if (await ctx.db.knex('late_arrival_decision').where({ hlc: a.hlc }).first('id')) throw new ServiceError('CONFLICT', 'Решение по этому изменению уже принято.');
    const entry: { table_name: string; row_id: string; field: string; old_value: string | null; new_value: string } | undefined =
      await ctx.db.knex('change_log').where({ hlc: a.hlc }).first('table_name', 'row_id', 'field', 'old_value', 'new_value');
    if (!entry) throw notFound('Изменение не найдено в журнале.');
    const decision = { table: 'late_arrival_decision' as const, id: decisionId(a.hlc), set: { hlc: a.hlc, decision: a.accept ? 'accepted' : 'reverted', reason: a.reason, decided_by: user.id, decided_at: ctx.now().toISOString() } };
    if (a.accept) {
      await ctx.db.writer.write({ userId: user.id }, [decision], { reason: `Опоздавшее изменение принято: ${a.reason}` });
      return { decision: 'accepted' as const };
    }
    const revert = revertOf(entry.table_name, entry.field, entry.old_value, entry.new_value);
    if (!revert) throw new ServiceError('CONFLICT', 'Это изменение нельзя отменить автоматически: исправьте запись вручную.');
    await ctx.db.writer.write({ userId: user.id }, [decision, { table: entry.table_name as JournalTable, id: entry.row_id, set: revert }],
      { reason: `Опоздавшее изменение отменено как исправление: ${a.reason}` });
    return { decision: 'reverted' as const };
  },
});
