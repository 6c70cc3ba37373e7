// Substitutions (R-ROLE-2, R-ROLE-4): a deputy records that teacher B replaces teacher A
// for one lesson or a date range. B can then fill those lessons, and each lesson keeps
// both names (teacher_id stays A, substitute_teacher_id is B).
import { z } from 'zod';
import type { RowChange } from '../../db/journal-writer';
import { newId } from '../../db/ids';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';

export const record = defineMethod({
  summary: 'Записать замену: учитель B заменяет учителя A на уроке или в период дат (заместитель директора)',
  access: 'deputies',
  input: z.object({
    absentTeacherId: rowId,
    substituteTeacherId: rowId,
    startsOn: isoDate,
    endsOn: isoDate,
    lessonId: rowId.optional(),
    reason: z.string().trim().min(3, 'Укажите причину замены (болезнь, курсы, …)').max(300),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const knex = ctx.db.knex;
    if (a.absentTeacherId === a.substituteTeacherId) throw new ServiceError('VALIDATION', 'Учитель не может заменять сам себя.');
    if (a.endsOn < a.startsOn) throw new ServiceError('VALIDATION', 'Дата окончания замены раньше даты начала.');
    const teachers: { id: string }[] = await knex('staff').whereIn('id', [a.absentTeacherId, a.substituteTeacherId]).where({ active: 1 }).select('id');
    if (teachers.length !== 2) throw notFound('Учитель не найден.');
    const subIsTeacher = await knex('staff_role').where({ staff_id: a.substituteTeacherId, revoked: 0 }).whereIn('role', ['teacher', 'class_teacher']).first('id');
    if (!subIsTeacher) throw new ServiceError('VALIDATION', 'Заменять урок может только учитель.');

    // The absent teacher's lessons already recorded in the range get the substitute now;
    // lessons opened later get it from journal.openLesson.
    const lessons = knex('lesson as l').join('teaching_assignment as t', 't.id', 'l.assignment_id')
      .where('t.teacher_id', a.absentTeacherId).where('l.cancelled', 0).whereBetween('l.date', [a.startsOn, a.endsOn]);
    if (a.lessonId) lessons.where('l.id', a.lessonId);
    const affected: { id: string }[] = await lessons.select('l.id');
    if (a.lessonId && affected.length === 0) throw notFound('Урок этого учителя в указанные даты не найден.');

    const id = newId(ctx.now().getTime());
    const changes: RowChange[] = [
      {
        table: 'substitution', id,
        set: {
          absent_teacher_id: a.absentTeacherId, substitute_teacher_id: a.substituteTeacherId, lesson_id: a.lessonId ?? null,
          starts_on: a.startsOn, ends_on: a.endsOn, reason: a.reason, recorded_by: user.id, cancelled: 0,
        },
      },
      ...affected.map((l) => ({ table: 'lesson' as const, id: l.id, set: { substitute_teacher_id: a.substituteTeacherId } })),
    ];
    await ctx.db.writer.write({ userId: user.id }, changes, { reason: `замена: ${a.reason}` });
    return { substitutionId: id, lessons: affected.length };
  },
});

export const list = defineMethod({
  summary: 'Замены в период дат',
  access: 'signed-in',
  input: z.object({ from: isoDate, to: isoDate }).strict(),
  async run(ctx, a) {
    return ctx.db.knex('substitution as s')
      .join('staff as x', 'x.id', 's.absent_teacher_id')
      .join('staff as y', 'y.id', 's.substitute_teacher_id')
      .where('s.cancelled', 0).where('s.starts_on', '<=', a.to).where('s.ends_on', '>=', a.from)
      .orderBy('s.starts_on')
      .select('s.id', 's.starts_on as startsOn', 's.ends_on as endsOn', 's.lesson_id as lessonId', 's.reason',
        'x.last_name as absentTeacher', 'y.last_name as substituteTeacher');
  },
});
