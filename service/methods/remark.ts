// Deputy control of a journal page (R-ROLE-4): the deputy writes a remark to the page's
// teacher; the teacher fixes the page and marks the remark fixed with an answer; the
// deputy accepts it or reopens it.
import { z } from 'zod';
import { getAssignment } from '../../db/queries/assignments';
import { newId } from '../../db/ids';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { hasRole } from '../session';

interface RemarkRow {
  id: string; assignment_id: string; author_id: string; text: string; created_on: string;
  status: 'open' | 'fixed' | 'accepted' | 'reopened'; answer: string; review_note: string;
}

async function loadRemark(knex: Parameters<typeof getAssignment>[0], id: string) {
  const r: RemarkRow | undefined = await knex('control_remark').where({ id }).first();
  if (!r) throw notFound('Замечание не найдено.');
  const a = await getAssignment(knex, r.assignment_id);
  if (!a) throw notFound('Страница журнала не найдена.');
  return { r, a };
}

export const create = defineMethod({
  summary: 'Замечание заместителя директора по ведению страницы журнала (учителю этой страницы)',
  access: 'deputies',
  input: z.object({ assignmentId: rowId, text: z.string().trim().min(5, 'Опишите замечание').max(2000) }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    if (!(await getAssignment(ctx.db.knex, a.assignmentId))) throw notFound('Страница журнала не найдена.');
    const id = newId(ctx.now().getTime());
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'control_remark', id,
      set: { assignment_id: a.assignmentId, author_id: user.id, text: a.text, created_on: ctx.now().toISOString(), status: 'open', answer: '', review_note: '' },
    }], { reason: 'замечание по ведению журнала' });
    return { remarkId: id };
  },
});

export const list = defineMethod({
  summary: 'Замечания по журналу: учителю — к его страницам, администрации — все (с отбором по странице и состоянию)',
  access: 'signed-in',
  input: z.object({ assignmentId: rowId.optional(), openOnly: z.boolean().default(false) }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const q = ctx.db.knex('control_remark as r')
      .join('teaching_assignment as a', 'a.id', 'r.assignment_id')
      .join('class as c', 'c.id', 'a.class_id')
      .join('subject as s', 's.id', 'a.subject_id')
      .join('staff as d', 'd.id', 'r.author_id')
      .orderBy('r.created_on', 'desc')
      .select('r.id', 'r.assignment_id as assignmentId', 'r.text', 'r.created_on as createdOn', 'r.status', 'r.answer', 'r.review_note as reviewNote',
        'c.name as className', 's.name as subjectName', 'a.teacher_id as teacherId', 'd.last_name as authorName');
    if (a.assignmentId) q.where('r.assignment_id', a.assignmentId);
    if (a.openOnly) q.whereIn('r.status', ['open', 'reopened']);
    if (!hasRole(user, 'deputy', 'director', 'admin')) q.where('a.teacher_id', user.id);
    return q;
  },
});

export const markFixed = defineMethod({
  summary: 'Учитель: замечание исправлено (с ответом)',
  access: 'teachers',
  input: z.object({ remarkId: rowId, answer: z.string().trim().min(2, 'Напишите, что исправлено').max(2000) }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const { r, a: page } = await loadRemark(ctx.db.knex, a.remarkId);
    if (page.teacherId !== user.id) throw forbidden('Отметить исправление может учитель этой страницы журнала.');
    if (r.status !== 'open' && r.status !== 'reopened') throw new ServiceError('CONFLICT', 'Замечание уже отмечено исправленным.');
    await ctx.db.writer.write({ userId: user.id }, [{ table: 'control_remark', id: r.id, set: { status: 'fixed', answer: a.answer } }], { reason: 'замечание исправлено' });
    return { status: 'fixed' as const };
  },
});

export const review = defineMethod({
  summary: 'Заместитель директора: принять исправление или вернуть замечание',
  access: 'deputies',
  input: z.object({ remarkId: rowId, accept: z.boolean(), note: z.string().trim().max(2000).default('') }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const { r } = await loadRemark(ctx.db.knex, a.remarkId);
    if (r.status !== 'fixed') throw new ServiceError('CONFLICT', 'Учитель ещё не отметил замечание исправленным.');
    if (!a.accept && !a.note) throw new ServiceError('VALIDATION', 'Укажите, что осталось исправить.');
    const status = a.accept ? 'accepted' : 'reopened';
    await ctx.db.writer.write({ userId: user.id }, [{ table: 'control_remark', id: r.id, set: { status, review_note: a.accept ? r.review_note : a.note } }], {
      reason: a.accept ? 'исправление принято' : `замечание возвращено: ${a.note}`,
    });
    return { status };
  },
});
