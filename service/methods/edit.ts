// Changing the journal: a lesson's record, marks, attendance, period marks. The rules are
// in service/journal/edits.ts; every change goes through the journal writer, with history.
import { z } from 'zod';
import { getAssignment } from '../../db/queries/assignments';
import { addDays, toIsoDate, weekday } from '../../shared/dates';
import { keyId } from '../../db/ids';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf, type CallContext } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { EDITS, type EditMethod } from '../journal/edits';
import { hasRole } from '../session';

async function applyEdit<M extends EditMethod>(ctx: CallContext, method: M, args: z.output<(typeof EDITS)[M]['args']>, reason = '') {
  const user = userOf(ctx);
  const plan = await (EDITS[method].plan as (e: unknown, a: unknown) => ReturnType<(typeof EDITS)[M]['plan']>)(
    { knex: ctx.db.knex, user, now: ctx.now(), checkWindow: true }, args,
  );
  // The plan was checked against cached data (the methods below are optimistic).
  await ctx.confirmFresh(plan.readAt?.logEnd);
  const result = await ctx.db.writer.write({ userId: user.id }, plan.changes, { reason, readAt: plan.readAt });
  return { target: plan.target, changed: result.changed };
}


export const setMark = defineMethod({
  summary: 'Поставить, изменить или удалить отметку ученика за урок (учитель урока или заменяющий)',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setMark'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setMark', args),
});

export const setAttendance = defineMethod({
  summary: 'Отметить отсутствие (Н, У, Б) или опоздание (О); классный руководитель — причину отсутствия',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setAttendance'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setAttendance', args),
});

export const setLesson = defineMethod({
  summary: 'Записать тему урока (из тематического плана или свою), тип урока и домашнее задание',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setLesson'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setLesson', args),
});

export const setPeriodMark = defineMethod({
  summary: 'Выставить отметку за период (2–5, ОСВ, Н/А); при недостатке отметок — с подтверждением',
  access: 'teachers',
  optimistic: true,
  input: EDITS['journal.setPeriodMark'].args,
  run: (ctx, args) => applyEdit(ctx, 'journal.setPeriodMark', args, args.reason ?? ''),
});

/**
 * Opens the lesson of a timetable slot on a date, creating its record the first time
 * (its id follows from the slot, so two computers open the same lesson). A substitute
 * recorded by a deputy opens it too, and the lesson keeps both names (R-ROLE-2).
 */
export const openLesson = defineMethod({
  summary: 'Открыть урок по расписанию на дату (создаёт запись урока при первом открытии)',
  access: 'teachers',
  input: z.object({ assignmentId: rowId, date: isoDate, lessonNo: z.number().int().min(0).max(12) }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    const knex = ctx.db.knex;
    const a = await getAssignment(knex, args.assignmentId);
    if (!a) throw notFound('Страница журнала не найдена.');
    const id = keyId('lesson', a.id, args.date, String(args.lessonNo));
    const existing = await knex('lesson').where({ id }).first('id', 'teacher_id', 'substitute_teacher_id');
    const substitution = await knex('substitution')
      .where({ absent_teacher_id: a.teacherId, substitute_teacher_id: user.id, cancelled: 0 })
      .where('starts_on', '<=', args.date).where('ends_on', '>=', args.date)
      .where((w) => w.whereNull('lesson_id').orWhere('lesson_id', id))
      .first('id');
    const own = a.teacherId === user.id;
    if (!hasRole(user, 'teacher', 'class_teacher') || (!own && !substitution)) {
      throw forbidden('Этот урок ведёт другой учитель; замену записывает заместитель директора.');
    }
    if (existing) return { lessonId: id, created: false };

    const year = await knex('academic_year').where({ id: a.yearId }).first('starts_on', 'ends_on');
    if (!year || args.date < year.starts_on || args.date > year.ends_on) throw new ServiceError('VALIDATION', 'Дата вне учебного года.');
    if (args.date > addDays(toIsoDate(ctx.now()), 14)) throw new ServiceError('VALIDATION', 'Урок можно открыть не раньше чем за две недели.');
    const holiday = await knex('holiday').where('starts_on', '<=', args.date).where('ends_on', '>=', args.date)
      .where('grade_from', '<=', a.grade).where('grade_to', '>=', a.grade).first('name');
    if (holiday) throw new ServiceError('VALIDATION', `${args.date}: ${holiday.name}, уроков нет.`);
    const slot = await knex('timetable_entry').where({ assignment_id: a.id, weekday: weekday(args.date), lesson_no: args.lessonNo })
      .where('valid_from', '<=', args.date).where((w) => w.whereNull('valid_to').orWhere('valid_to', '>=', args.date)).first('id');
    if (!slot) throw new ServiceError('VALIDATION', 'В расписании нет такого урока в этот день.');
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'lesson', id,
      set: {
        assignment_id: a.id, date: args.date, lesson_no: args.lessonNo, teacher_id: a.teacherId,
        substitute_teacher_id: own ? null : user.id, plan_item_id: null, topic: '', lesson_type: '', homework: '', cancelled: 0,
      },
    }]);
    return { lessonId: id, created: true };
  },
});
