// Correction requests (R-TIME-3): after the entry window a change is not made directly;
// the teacher files a request with a reason, a deputy approves or rejects it, and only
// an approved request changes the journal — written by the deputy who approved it, with
// the request and its reason in the history.
import { z } from 'zod';
import { newId } from '../../shared/ids';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { EDITS, type EditMethod } from '../journal/edits';
import { hasRole, loadSessionUser } from '../session';
import { markRegisterStale } from '../certification/print-link';
import { staleChangesFor, touchedByEdit } from '../certification/stale';

const EDIT_METHODS = Object.keys(EDITS) as [EditMethod, ...EditMethod[]];

interface RequestRow {
  id: string;
  requested_by: string;
  requested_at: string;
  target_table: string;
  target_id: string;
  payload: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string;
}

function parseArgs(method: EditMethod, args: unknown) {
  const parsed = EDITS[method].args.safeParse(args);
  if (!parsed.success) throw new ServiceError('VALIDATION', 'Неверные данные исправления.', parsed.error.issues);
  return parsed.data;
}

export const request = defineMethod({
  summary: 'Заявка на исправление записи после срока (с причиной); применяется после согласия заместителя директора',
  access: ['teacher', 'class_teacher'],
  input: z.object({
    method: z.enum(EDIT_METHODS),
    args: z.record(z.string(), z.unknown()),
    reason: z.string().trim().min(5, 'Укажите причину исправления').max(500),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const args = parseArgs(a.method, a.args);
    const plan = EDITS[a.method].plan as (env: unknown, args: unknown) => Promise<{ target: { table: string; id: string } }>;
    const env = { knex: ctx.db.knex, user, now: ctx.now() };
    try {
      await plan({ ...env, checkWindow: true }, args);
      throw new ServiceError('CONFLICT', 'Срок ещё не истёк: это изменение можно внести сразу, без заявки.');
    } catch (err) {
      if (!(err instanceof ServiceError) || err.code !== 'OUT_OF_WINDOW') throw err;
    }
    // Everything but the window is checked now, so a deputy approves only valid changes.
    const { target } = await plan({ ...env, checkWindow: false }, args);
    const id = newId(ctx.now().getTime());
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'correction_request', id,
      set: {
        requested_by: user.id, requested_at: ctx.now().toISOString(), target_table: target.table, target_id: target.id,
        payload: JSON.stringify({ method: a.method, args }), reason: a.reason, status: 'pending',
        decided_by: null, decided_at: null, decision_note: '',
      },
    }], { reason: a.reason });
    return { requestId: id, status: 'pending' as const };
  },
});

export const list = defineMethod({
  summary: 'Заявки на исправление: учитель — свои, администрация — все',
  access: 'signed-in',
  input: z.object({ status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional() }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const q = ctx.db.knex('correction_request as r')
      .join('staff as s', 's.id', 'r.requested_by')
      .leftJoin('staff as d', 'd.id', 'r.decided_by')
      .orderBy('r.requested_at', 'desc')
      .select('r.*', 's.last_name as req_last', 's.first_name as req_first', 'd.last_name as dec_last');
    if (a.status) q.where('r.status', a.status);
    if (!hasRole(user, 'deputy', 'director', 'admin')) q.where('r.requested_by', user.id);
    const rows: (RequestRow & { req_last: string; req_first: string; dec_last: string | null })[] = await q;
    return rows.map((r) => ({
      id: r.id, status: r.status, requestedAt: r.requested_at, requestedBy: `${r.req_last} ${r.req_first.slice(0, 1)}.`,
      change: JSON.parse(r.payload) as { method: EditMethod; args: Record<string, unknown> },
      target: { table: r.target_table, id: r.target_id }, reason: r.reason,
      decidedBy: r.dec_last, decidedAt: r.decided_at, decisionNote: r.decision_note,
    }));
  },
});

export const decide = defineMethod({
  summary: 'Согласовать или отклонить заявку на исправление (заместитель директора)',
  access: ['deputy'],
  input: z.object({ requestId: rowId, approve: z.boolean(), note: z.string().trim().max(500).default('') }).strict(),
  async run(ctx, a) {
    const deputy = userOf(ctx);
    const r: RequestRow | undefined = await ctx.db.knex('correction_request').where({ id: a.requestId }).first();
    if (!r) throw notFound('Заявка не найдена.');
    if (r.status !== 'pending') throw new ServiceError('CONFLICT', 'Решение по этой заявке уже принято.');
    if (!a.approve && !a.note) throw new ServiceError('VALIDATION', 'Укажите, почему заявка отклонена.');
    const decided = { table: 'correction_request' as const, id: r.id, set: { status: a.approve ? 'approved' : 'rejected', decided_by: deputy.id, decided_at: ctx.now().toISOString(), decision_note: a.note } };
    if (!a.approve) {
      await ctx.db.writer.write({ userId: deputy.id }, [decided], { reason: `Заявка отклонена: ${a.note}` });
      return { status: 'rejected' as const };
    }
    const requester = await loadSessionUser(ctx.db.knex, r.requested_by);
    if (!requester) throw new ServiceError('CONFLICT', 'Учётная запись автора заявки отключена.');
    const { method, args } = JSON.parse(r.payload) as { method: EditMethod; args: unknown };
    // The rules are checked again as the requester (the data may have changed since),
    // without the entry window: that is what the deputy's approval lifts (R-TIME-3).
    const plan = await (EDITS[method].plan as (env: unknown, args: unknown) => Promise<{ changes: Parameters<typeof ctx.db.writer.write>[1] }>)(
      { knex: ctx.db.knex, user: requester, now: ctx.now(), checkWindow: false }, parseArgs(method, args),
    );
    // A printed copy that shows the corrected data no longer matches the journal (R-PRINT-5):
    // marked stale in the same transaction, and in the print register after it.
    const touched = await touchedByEdit(ctx.db.knex, method, args as Record<string, unknown>);
    const stale = touched ? await staleChangesFor(ctx.db.knex, touched, ctx.now()) : { changes: [], copies: [] };
    const reason = `Исправление по заявке ${requester.shortName}: ${r.reason}. Согласовал(а) ${deputy.shortName}${a.note ? `: ${a.note}` : ''}`;
    await ctx.db.writer.write({ userId: deputy.id }, [decided, ...plan.changes, ...stale.changes], { reason });
    if (touched) {
      const copies = touched.periodIds.map((periodId) => ({ classId: touched.classId, periodId }));
      await markRegisterStale(ctx.db, { userId: deputy.id }, copies, reason, ctx.now());
    }
    return { status: 'approved' as const, staleCopies: stale.copies.map((c) => c.docNo) };
  },
});

export const withdraw = defineMethod({
  summary: 'Отозвать свою заявку на исправление',
  access: 'signed-in',
  input: z.object({ requestId: rowId }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const r: RequestRow | undefined = await ctx.db.knex('correction_request').where({ id: a.requestId }).first();
    if (!r) throw notFound('Заявка не найдена.');
    if (r.requested_by !== user.id) throw forbidden('Отозвать заявку может только её автор.');
    if (r.status !== 'pending') throw new ServiceError('CONFLICT', 'Решение по этой заявке уже принято.');
    await ctx.db.writer.write({ userId: user.id }, [{ table: 'correction_request', id: r.id, set: { status: 'withdrawn' } }], { reason: 'заявка отозвана автором' });
    return { status: 'withdrawn' as const };
  },
});
