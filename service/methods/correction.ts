// Correction requests (R-TIME-3): after the entry window a change is not made directly;
// the teacher files a request with a reason, a deputy approves or rejects it, and only
// an approved request changes the journal — written by the deputy who approved it, with
// the request and its reason in the history.
import type { Knex } from 'knex';
import { z } from 'zod';
import { newId } from '../../db/ids';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { EDITS, type EditMethod } from '../journal/edits';
import { fullName, hasRole, loadSessionUser, shortName } from '../session';
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
  access: 'teachers',
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

/** What a request changes, as people read it: the page, the lesson or period, the student, old → new. */
interface RequestContext {
  /** The journal page the request concerns (to open it; not shown). */
  assignmentId: string | null;
  /** The page's teacher ("Петрова А. Н."). */
  teacher: string | null;
  className: string | null;
  subject: string | null;
  lessonDate: string | null;
  lessonNo: number | null;
  period: string | null;
  /** "Иванов Пётр Сергеевич". */
  student: string | null;
  /** Each field changed: its Russian name, and the value before and after ('—' for none). */
  values: { field: string; from: string; to: string }[];
}

const TEACHER_SQL = `t.last_name || ' ' || substr(t.first_name, 1, 1) || '.' || CASE WHEN t.middle_name = '' THEN '' ELSE ' ' || substr(t.middle_name, 1, 1) || '.' END`;
const LESSON_FIELDS = [['topic', 'topic', 'тема'], ['lessonType', 'lesson_type', 'тип урока'], ['homework', 'homework', 'домашнее задание']] as const;

/** A value as the screen shows it: «—» for none, text in «», marks and codes as they are. */
function shownValue(v: unknown, quoted = false): string {
  if (v === null || v === undefined || v === '') return '—';
  return quoted ? `«${String(v)}»` : String(v);
}

/**
 * The context of each request, read in one query per kind of target. The old value is the
 * journal's for a pending request, and for a decided one the value the approval replaced.
 */
async function contextsOf(knex: Knex, rows: readonly RequestRow[]): Promise<Map<string, RequestContext>> {
  const out = new Map<string, RequestContext>();
  if (rows.length === 0) return out;
  const changes = rows.map((r) => ({ r, ...(JSON.parse(r.payload) as { method: EditMethod; args: Record<string, unknown> }) }));
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const lessonIds = [...new Set(changes.map((c) => str(c.args.lessonId)).filter((x): x is string => !!x))];
  const assignmentIds = [...new Set(changes.map((c) => str(c.args.assignmentId)).filter((x): x is string => !!x))];
  const studentIds = [...new Set(changes.map((c) => str(c.args.studentId)).filter((x): x is string => !!x))];
  const periodIds = [...new Set(changes.map((c) => str(c.args.periodId)).filter((x): x is string => !!x))];
  type PageRow = { id: string; assignmentId: string; teacher: string; className: string; subject: string; date?: string; lessonNo?: number; topic?: string; lesson_type?: string; homework?: string };
  const pages = async (ids: string[], from: string): Promise<PageRow[]> => ids.length === 0 ? [] : knex.raw(`
    SELECT x.id AS id, a.id AS assignmentId, ${TEACHER_SQL} AS teacher, c.name AS className, s.name AS subject${from === 'lesson' ? ', x.date AS date, x.lesson_no AS lessonNo, x.topic AS topic, x.lesson_type AS lesson_type, x.homework AS homework' : ''}
    FROM ${from === 'lesson' ? 'lesson x JOIN teaching_assignment a ON a.id = x.assignment_id' : 'teaching_assignment x JOIN teaching_assignment a ON a.id = x.id'}
    JOIN class c ON c.id = a.class_id JOIN subject s ON s.id = a.subject_id JOIN staff t ON t.id = a.teacher_id
    WHERE x.id IN (${ids.map(() => '?').join(', ')})`, ids) as Promise<PageRow[]>;
  const [lessons, assignments, students, periods, targets, replaced] = await Promise.all([
    pages(lessonIds, 'lesson'),
    pages(assignmentIds, 'assignment'),
    studentIds.length ? knex('student').whereIn('id', studentIds).select('id', 'last_name', 'first_name', 'middle_name') : [],
    periodIds.length ? knex('period').whereIn('id', periodIds).select('id', 'name') : [],
    // The journal's value now, for pending requests (marks, attendance, period marks).
    Promise.all((['mark', 'attendance', 'period_mark'] as const).map(async (table) => {
      const ids = rows.filter((r) => r.status === 'pending' && r.target_table === table).map((r) => r.target_id);
      return ids.length ? (await knex(table).whereIn('id', ids).select('id', table === 'attendance' ? 'code as value' : 'value')) as { id: string; value: string | null }[] : [];
    })),
    // For approved requests, the values the approval replaced: the entries of its change set.
    knex('change_log as d').join('change_log as e', 'e.change_set_id', 'd.change_set_id')
      .where('d.table_name', 'correction_request').where('d.field', 'status').where('d.new_value', JSON.stringify('approved'))
      .whereIn('d.row_id', rows.filter((r) => r.status === 'approved').map((r) => r.id))
      .whereRaw('e.table_name <> ?', ['correction_request'])
      .select('d.row_id as requestId', 'e.row_id as rowId', 'e.field as field', 'e.old_value as oldValue') as Promise<{ requestId: string; rowId: string; field: string; oldValue: string | null }[]>,
  ]);
  const byId = <T extends { id: unknown }>(list: readonly T[]) => new Map(list.map((x) => [String(x.id), x]));
  const lessonById = byId(lessons), pageById = byId(assignments), studentById = byId(students as { id: string; last_name: string; first_name: string; middle_name: string }[]);
  const periodById = byId(periods as { id: string; name: string }[]), targetById = byId(targets.flat());
  for (const { r, method, args } of changes) {
    const lesson = lessonById.get(str(args.lessonId) ?? '');
    const page = lesson ?? pageById.get(str(args.assignmentId) ?? '');
    const student = studentById.get(str(args.studentId) ?? '');
    const wasReplaced = (field: string): unknown => {
      const e = replaced.find((x) => x.requestId === r.id && x.rowId === r.target_id && (x.field === field || x.field === '*'));
      if (!e) return undefined;
      if (e.oldValue === null) return null; // the row was created by the approval
      return JSON.parse(e.oldValue) as unknown;
    };
    const before = (field: string, now: unknown): unknown => (r.status === 'approved' ? wasReplaced(field) : r.status === 'pending' ? now : undefined);
    const known = (v: unknown, quoted = false) => (v === undefined ? '…' : shownValue(v, quoted));
    let values: RequestContext['values'];
    switch (method) {
      case 'journal.setMark':
        values = [{ field: args.slot === 2 ? 'вторая отметка' : 'отметка', from: known(before('value', targetById.get(r.target_id)?.value ?? null)), to: shownValue(args.value) }];
        break;
      case 'journal.setAttendance':
        values = [{ field: 'посещаемость', from: known(before('code', targetById.get(r.target_id)?.value ?? null)), to: shownValue(args.code) }];
        break;
      case 'journal.setPeriodMark':
        values = [{ field: 'отметка за период', from: known(before('value', targetById.get(r.target_id)?.value ?? null)), to: shownValue(args.value) }];
        break;
      default:
        values = LESSON_FIELDS.filter(([arg]) => typeof args[arg] === 'string')
          .map(([arg, column, name]) => ({ field: name, from: known(before(column, lesson?.[column] ?? null), true), to: shownValue(args[arg], true) }));
    }
    out.set(r.id, {
      assignmentId: page ? String(page.assignmentId) : null,
      teacher: page ? String(page.teacher) : null,
      className: page ? String(page.className) : null,
      subject: page ? String(page.subject) : null,
      lessonDate: lesson ? String(lesson.date) : null,
      lessonNo: lesson ? Number(lesson.lessonNo) : null,
      period: periodById.get(str(args.periodId) ?? '')?.name ?? null,
      student: student ? fullName(student) : null,
      values,
    });
  }
  return out;
}

export const list = defineMethod({
  summary: 'Заявки на исправление: учитель — свои, администрация — все; с классом, предметом, уроком, учеником и значением было → стало',
  access: 'signed-in',
  input: z.object({
    status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(),
    /** Only the caller's own requests («Мои заявки»), also for the administration. */
    mine: z.boolean().optional(),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const q = ctx.db.knex('correction_request as r')
      .join('staff as s', 's.id', 'r.requested_by')
      .leftJoin('staff as d', 'd.id', 'r.decided_by')
      .orderBy('r.requested_at', 'desc')
      .select('r.*', 's.last_name as req_last', 's.first_name as req_first', 's.middle_name as req_middle', 'd.last_name as dec_last', 'd.first_name as dec_first', 'd.middle_name as dec_middle');
    if (a.status) q.where('r.status', a.status);
    if (a.mine || !hasRole(user, 'deputy', 'director', 'admin')) q.where('r.requested_by', user.id);
    const rows: (RequestRow & { req_last: string; req_first: string; req_middle: string; dec_last: string | null; dec_first: string | null; dec_middle: string | null })[] = await q;
    const contexts = await contextsOf(ctx.db.knex, rows);
    return rows.map((r) => {
      // The page's id is for opening it; the context itself is names only.
      const { assignmentId, ...context } = contexts.get(r.id)!;
      return {
        id: r.id, status: r.status, requestedAt: r.requested_at, assignmentId,
        requestedBy: shortName({ last_name: r.req_last, first_name: r.req_first, middle_name: r.req_middle }),
        change: JSON.parse(r.payload) as { method: EditMethod; args: Record<string, unknown> },
        target: { table: r.target_table, id: r.target_id }, reason: r.reason,
        context,
        decidedBy: r.dec_last === null ? null : shortName({ last_name: r.dec_last, first_name: r.dec_first ?? '', middle_name: r.dec_middle ?? '' }),
        decidedAt: r.decided_at, decisionNote: r.decision_note,
      };
    });
  },
});

export const decide = defineMethod({
  summary: 'Согласовать или отклонить заявку на исправление (заместитель директора)',
  access: 'deputies',
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
    // R-TIME-3: the requester may withdraw a request while it waits for a deputy (the rule book allows only that).
    if (r.requested_by !== user.id) throw forbidden('Отозвать заявку может только её автор. Если заявка ошибочна, сообщите об этом автору или отклоните её с комментарием.');
    if (r.status !== 'pending') throw new ServiceError('CONFLICT', WITHDRAW_REFUSED[r.status]);
    await ctx.db.writer.write({ userId: user.id }, [{ table: 'correction_request', id: r.id, set: { status: 'withdrawn' } }], { reason: 'заявка отозвана автором' });
    return { status: 'withdrawn' as const };
  },
});

/** Why a decided request can no longer be withdrawn, and what to do instead. */
const WITHDRAW_REFUSED: Readonly<Record<Exclude<RequestRow['status'], 'pending'>, string>> = {
  approved: 'Заявка уже согласована и исправление внесено в журнал: отозвать её нельзя. Если исправление ошибочно, подайте новую заявку с нужным значением.',
  rejected: 'Заявка уже отклонена заместителем директора: отзывать её не нужно. При необходимости подайте новую заявку.',
  withdrawn: 'Заявка уже отозвана.',
};

export const pendingCount = defineMethod({
  summary: 'Число заявок на исправление, ожидающих решения (для меню заместителя директора)',
  access: 'deputies',
  input: z.object({}).strict(),
  async run(ctx) {
    const row = await ctx.db.knex('correction_request').where({ status: 'pending' }).first(ctx.db.knex.raw('count(*) as n'));
    return { pending: Number((row as { n?: number } | undefined)?.n ?? 0) };
  },
});
