// Contact with parents (issue 14 point 7; R-REP-7, R-TIME-6, 003 §4.3.5, §4.3.10): the class
// teacher records notices to the parents of a student failing or absent without a valid
// reason — the date, the way, the text — and their answer; withdraws a notice made by mistake
// (its row and history stay); and marks the families informed on paper. Deputies and the
// director read every class's; a class teacher only their own class's. Every check is here,
// in the service, and the rule book checks the write again (db/rules/book.ts, parent_contact).
import type { Knex } from 'knex';
import { z } from 'zod';
import { toIsoDate } from '../../shared/dates';
import { CONTACT_REASONS, CONTACT_WAYS, type ContactReason, type ContactWay, type ParentNotice } from '../../shared/parent-contact';
import { newId } from '../../db/ids';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { hasRole, type SessionUser } from '../session';

/** The class a student is in on a day (the last enrolment begun by then), or their last class. */
async function classOfStudent(knex: Knex, studentId: string, date: string): Promise<string> {
  const on = await knex('enrolment').where({ student_id: studentId }).where('starts_on', '<=', date)
    .where((q) => q.whereNull('ends_on').orWhere('ends_on', '>=', date)).orderBy('starts_on', 'desc').first('class_id');
  if (on) return on.class_id as string;
  const last = await knex('enrolment').where({ student_id: studentId }).orderBy('starts_on', 'desc').first('class_id');
  if (!last) throw notFound('Ученик не найден.');
  return last.class_id as string;
}

/** Reading: the class teacher of the class, deputies and the director (R-ROLE-3, R-ROLE-4, R-ROLE-5). */
async function requireRead(knex: Knex, user: SessionUser, classId: string): Promise<void> {
  const c = await knex('class').where({ id: classId }).first('class_teacher_id');
  if (!c) throw notFound('Класс не найден.');
  if (hasRole(user, 'deputy', 'director')) return;
  if (hasRole(user, 'class_teacher') && c.class_teacher_id === user.id) return;
  throw forbidden('Связь с родителями класса ведёт его классный руководитель; заместители директора и директор её видят.');
}

/** Writing: only the class teacher of the student's class (R-REP-7). */
async function requireOwnClass(knex: Knex, user: SessionUser, classId: string): Promise<void> {
  const c = await knex('class').where({ id: classId }).first('class_teacher_id');
  if (!c) throw notFound('Класс не найден.');
  if (hasRole(user, 'class_teacher') && c.class_teacher_id === user.id) return;
  throw forbidden('Сообщения родителям записывает классный руководитель ученика.');
}

const today = (now: Date) => toIsoDate(now);

async function noticeRow(knex: Knex, id: string): Promise<{ id: string; class_id: string; date: string; withdrawn: number; answer: string; answered_on: string | null }> {
  const n = await knex('parent_contact').where({ id }).first('id', 'class_id', 'date', 'withdrawn', 'answer', 'answered_on');
  if (!n) throw notFound('Сообщение родителям не найдено.');
  return n;
}

export const list = defineMethod({
  summary: 'Связь с родителями класса: сообщения родителям с ответами и семьи, которые получают сведения на бумаге',
  access: 'classReportReaders',
  input: z.object({ classId: rowId, from: isoDate.optional(), to: isoDate.optional(), withdrawn: z.boolean().default(false) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    await requireRead(knex, userOf(ctx), a.classId);
    let q = knex('parent_contact as p').join('student as s', 's.id', 'p.student_id').join('class as c', 'c.id', 'p.class_id')
      .join('staff as t', 't.id', 'p.recorded_by').where('p.class_id', a.classId);
    if (a.from) q = q.where('p.date', '>=', a.from);
    if (a.to) q = q.where('p.date', '<=', a.to);
    if (!a.withdrawn) q = q.where('p.withdrawn', 0);
    const rows: Record<string, string | number | null>[] = await q.orderBy([{ column: 'p.date', order: 'desc' }, { column: 's.last_name' }, { column: 'p.recorded_at', order: 'desc' }])
      .select('p.*', 's.last_name', 's.first_name', 'c.name as class_name', 't.last_name as t_last', 't.first_name as t_first', 't.middle_name as t_middle');
    const notices: ParentNotice[] = rows.map((r) => ({
      id: String(r.id), studentId: String(r.student_id), studentName: `${r.last_name} ${r.first_name}`, classId: String(r.class_id), className: String(r.class_name),
      date: String(r.date), reason: r.reason as ContactReason, way: r.way as ContactWay, text: String(r.text), answer: String(r.answer),
      answeredOn: r.answered_on === null ? null : String(r.answered_on),
      recordedBy: [r.t_last, r.t_first ? `${String(r.t_first).charAt(0)}.` : '', r.t_middle ? `${String(r.t_middle).charAt(0)}.` : ''].filter((x) => x).join(' '),
      withdrawn: r.withdrawn === 1,
    }));
    const on = a.to ?? today(ctx.now());
    const students: { id: string; last_name: string; first_name: string; middle_name: string; paper_family: number }[] = await knex('enrolment as e')
      .join('student as s', 's.id', 'e.student_id').where('e.class_id', a.classId).where('e.starts_on', '<=', on)
      .where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', on))
      .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }]).distinct('s.id', 's.last_name', 's.first_name', 's.middle_name', 's.paper_family');
    return {
      notices,
      students: students.map((s) => ({ id: s.id, name: `${s.last_name} ${s.first_name}`, fullName: `${s.last_name} ${s.first_name} ${s.middle_name}`.trim(), paperFamily: s.paper_family === 1 })),
    };
  },
});

export const record = defineMethod({
  summary: 'Записать сообщение родителям ученика своего класса: повод, способ, текст (и ответ, если он уже есть)',
  access: 'classTeachers',
  input: z.object({
    studentId: rowId,
    date: isoDate,
    reason: z.enum(CONTACT_REASONS),
    way: z.enum(CONTACT_WAYS),
    text: z.string().trim().min(3, 'Напишите, что сообщено родителям (не короче 3 знаков).').max(2000),
    answer: z.string().trim().max(2000).default(''),
    answeredOn: isoDate.optional(),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    if (a.date > today(ctx.now())) throw new ServiceError('VALIDATION', 'Дата сообщения ещё не наступила.');
    if (!(await knex('student').where({ id: a.studentId }).first('id'))) throw notFound('Ученик не найден.');
    const classId = await classOfStudent(knex, a.studentId, a.date);
    await requireOwnClass(knex, user, classId);
    const year = await knex('class as c').join('academic_year as y', 'y.id', 'c.year_id').where('c.id', classId).first('y.starts_on', 'y.ends_on', 'y.name');
    if (year && (a.date < year.starts_on || a.date > year.ends_on)) throw new ServiceError('VALIDATION', `Дата сообщения вне учебного года ${year.name}.`);
    if (a.answeredOn !== undefined || a.answer !== '') {
      if (!a.answeredOn || a.answer === '') throw new ServiceError('VALIDATION', 'Укажите и ответ родителей, и его дату.');
      if (a.answeredOn < a.date) throw new ServiceError('VALIDATION', 'Ответ не может быть раньше сообщения.');
      if (a.answeredOn > today(ctx.now())) throw new ServiceError('VALIDATION', 'Дата ответа ещё не наступила.');
    }
    const id = newId(ctx.now().getTime());
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'parent_contact', id,
      set: {
        student_id: a.studentId, class_id: classId, date: a.date, reason: a.reason, way: a.way, text: a.text,
        answer: a.answer, answered_on: a.answeredOn ?? null, recorded_by: user.id, recorded_at: ctx.now().toISOString(), withdrawn: 0,
      },
    }], { reason: 'сообщение родителям' });
    return { noticeId: id };
  },
});

export const answer = defineMethod({
  summary: 'Записать ответ родителей на сообщение и его дату (классный руководитель)',
  access: 'classTeachers',
  input: z.object({ noticeId: rowId, answer: z.string().trim().min(1, 'Напишите ответ родителей.').max(2000), answeredOn: isoDate }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    const n = await noticeRow(knex, a.noticeId);
    await requireOwnClass(knex, user, n.class_id);
    if (n.withdrawn === 1) throw new ServiceError('CONFLICT', 'Сообщение отозвано.');
    if (a.answeredOn < n.date) throw new ServiceError('VALIDATION', 'Ответ не может быть раньше сообщения.');
    if (a.answeredOn > today(ctx.now())) throw new ServiceError('VALIDATION', 'Дата ответа ещё не наступила.');
    const r = await ctx.db.writer.write({ userId: user.id }, [{ table: 'parent_contact', id: a.noticeId, set: { answer: a.answer, answered_on: a.answeredOn } }], { reason: 'ответ родителей' });
    return { changed: r.changed };
  },
});

export const withdraw = defineMethod({
  summary: 'Отозвать сообщение родителям, записанное по ошибке (запись и её история остаются)',
  access: 'classTeachers',
  input: z.object({ noticeId: rowId, reason: z.string().trim().min(3, 'Укажите, почему сообщение отозвано.').max(300) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    const n = await noticeRow(knex, a.noticeId);
    await requireOwnClass(knex, user, n.class_id);
    if (n.withdrawn === 1) return { changed: 0 };
    const r = await ctx.db.writer.write({ userId: user.id }, [{ table: 'parent_contact', id: a.noticeId, set: { withdrawn: 1 } }], { reason: a.reason });
    return { changed: r.changed };
  },
});

export const setPaperFamily = defineMethod({
  summary: 'Отметить, что семья ученика получает сведения об успеваемости на бумаге (нет электронного доступа)', // R-TIME-6
  access: 'classTeachers',
  input: z.object({ studentId: rowId, paper: z.boolean() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    if (!(await knex('student').where({ id: a.studentId }).first('id'))) throw notFound('Ученик не найден.');
    await requireOwnClass(knex, user, await classOfStudent(knex, a.studentId, today(ctx.now())));
    const r = await ctx.db.writer.write({ userId: user.id }, [{ table: 'student', id: a.studentId, set: { paper_family: a.paper ? 1 : 0 } }],
      { reason: a.paper ? 'семья получает сведения на бумаге' : 'семья получает сведения не на бумаге' });
    return { changed: r.changed };
  },
});
