// Subjects, the curriculum (учебный план: hours a week per grade, R-REC-6) and the teaching
// load (тарификация: a teacher × a class or subgroup × a subject, R-ROLE-2), set up by the
// administrator (R-ROLE-6). A subject with lessons is never deleted: it is retired.
import { z } from 'zod';
import { newId } from '../../db/ids';
import type { RowChange } from '../../db/journal-writer';
import { toIsoDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';

const bad = (message: string) => new ServiceError('VALIDATION', message);
/** The most lessons a week a grade may have (a six-day week of the school's bells caps it too). */
const MAX_HOURS = 37;

export const subjects = defineMethod({
  summary: 'Предметы школы (с выведенными из употребления)',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const rows: { id: string; name: string; short_name: string; graded: number; sort_order: number; retired: number }[] = await ctx.db.knex('subject').orderBy(['sort_order', 'name']).select('id', 'name', 'short_name', 'graded', 'sort_order', 'retired');
    return rows.map((s) => ({ id: s.id, name: s.name, shortName: s.short_name, graded: s.graded === 1, retired: s.retired === 1 }));
  },
});

export const saveSubject = defineMethod({
  summary: 'Добавить или изменить предмет',
  access: 'administrator',
  input: z.object({
    subjectId: rowId.optional(),
    name: z.string().trim().min(2, 'Название предмета: не короче 2 знаков').max(80),
    shortName: z.string().trim().min(1, 'Краткое название: не заполнено').max(20),
    graded: z.boolean().default(true),
    sortOrder: z.number().int().min(0).max(10000).optional(),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const same: { id: string } | undefined = await knex('subject').where({ name: a.name }).whereNot('id', a.subjectId ?? '').first('id');
    if (same) throw new ServiceError('CONFLICT', `Предмет «${a.name}» уже есть.`);
    if (a.subjectId && !(await knex('subject').where({ id: a.subjectId }).first('id'))) throw notFound('Предмет не найден.');
    const max = (await knex('subject').max({ m: 'sort_order' }))[0]?.m ?? 0;
    const id = a.subjectId ?? newId();
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'subject', id, set: {
      name: a.name, short_name: a.shortName, graded: a.graded ? 1 : 0, sort_order: a.sortOrder ?? (a.subjectId ? undefined : Number(max) + 10), retired: 0,
    } }], { reason: `предмет «${a.name}»` });
    return { subjectId: id };
  },
});

export const removeSubject = defineMethod({
  summary: 'Убрать предмет: предмет с уроками не удаляется — он выводится из употребления и остаётся в журнале',
  access: 'administrator',
  input: z.object({ subjectId: rowId, retire: z.boolean().default(false), reason: z.string().trim().min(3, 'Укажите причину').max(200) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const s: { id: string; name: string; retired: number } | undefined = await knex('subject').where({ id: a.subjectId }).first('id', 'name', 'retired');
    if (!s) throw notFound('Предмет не найден.');
    if (s.retired) throw new ServiceError('CONFLICT', `Предмет «${s.name}» уже выведен из употребления.`);
    const lessons = await knex('lesson as l').join('teaching_assignment as t', 't.id', 'l.assignment_id').where('t.subject_id', s.id).count<{ n: number }[]>({ n: 'l.id' });
    if (Number(lessons[0]?.n ?? 0) > 0 && !a.retire) {
      throw new ServiceError('CONFLICT', `По предмету «${s.name}» уже есть уроки: удалить его нельзя, журнал — документ. Предмет можно вывести из употребления: он останется в журнале и архиве.`);
    }
    const lines: { id: string }[] = await knex('curriculum as k').join('academic_year as y', 'y.id', 'k.year_id').where({ 'k.subject_id': s.id, 'k.removed': 0 }).whereNot('y.status', 'closed').select('k.id');
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [
      { table: 'subject', id: s.id, set: { retired: 1 } },
      ...lines.map((l) => ({ table: 'curriculum' as const, id: l.id, set: { removed: 1 } })),
    ], { reason: a.reason });
    return { retired: true };
  },
});

export const plan = defineMethod({
  summary: 'Учебный план года: часы в неделю по параллелям и предметам',
  access: 'signed-in',
  input: z.object({ yearId: rowId }).strict(),
  async run(ctx, a) {
    const rows: { id: string; grade: number; subject_id: string; subject: string; hours_per_week: number; split_groups: number }[] = await ctx.db.knex('curriculum as k')
      .join('subject as s', 's.id', 'k.subject_id').where({ 'k.year_id': a.yearId, 'k.removed': 0 }).orderBy(['k.grade', 's.sort_order'])
      .select('k.id', 'k.grade', 'k.subject_id', 's.name as subject', 'k.hours_per_week', 'k.split_groups');
    return rows.map((r) => ({ id: r.id, grade: r.grade, subjectId: r.subject_id, subject: r.subject, hoursPerWeek: r.hours_per_week, splitGroups: r.split_groups === 1 }));
  },
});

export const savePlan = defineMethod({
  summary: 'Учебный план параллели: предметы и часы в неделю (строки, которых нет в списке, снимаются)',
  access: 'administrator',
  input: z.object({
    yearId: rowId,
    grade: z.number().int().min(1).max(11),
    lines: z.array(z.object({ subjectId: rowId, hoursPerWeek: z.number().min(0.5, 'Часов в неделю: не меньше 0,5').max(10, 'Часов в неделю: не больше 10'), splitGroups: z.boolean().default(false) }).strict()).max(40),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const year: { id: string; status: string } | undefined = await knex('academic_year').where({ id: a.yearId }).first('id', 'status');
    if (!year) throw notFound('Учебный год не найден.');
    if (year.status === 'closed') throw new ServiceError('CONFLICT', 'Учебный год закрыт.');
    const ids = a.lines.map((l) => l.subjectId);
    if (new Set(ids).size !== ids.length) throw bad('Предмет указан в учебном плане параллели дважды.');
    const known: { id: string; retired: number; name: string }[] = await knex('subject').whereIn('id', ids).select('id', 'retired', 'name');
    for (const l of a.lines) {
      const s = known.find((k) => k.id === l.subjectId);
      if (!s) throw notFound('Предмет не найден.');
      if (s.retired) throw bad(`Предмет «${s.name}» выведен из употребления.`);
    }
    // Curriculum hours the timetable cannot fit: more lessons a week than six days of bells.
    const bells = Number((await knex('bell').count<{ n: number }[]>({ n: '*' }))[0]?.n ?? 0);
    const total = a.lines.reduce((s, l) => s + l.hoursPerWeek, 0);
    const cap = Math.min(MAX_HOURS, bells > 0 ? bells * 6 : MAX_HOURS);
    if (total > cap) throw bad(`${a.grade} класс: ${String(total).replace('.', ',')} ч в неделю не поместятся в расписание (не больше ${cap} уроков в неделю${bells > 0 ? ` при ${bells} уроках в день` : ''}).`);
    const existing: { id: string; subject_id: string; hours_per_week: number; split_groups: number; removed: number }[] = await knex('curriculum').where({ year_id: a.yearId, grade: a.grade }).select('id', 'subject_id', 'hours_per_week', 'split_groups', 'removed');
    const changes: RowChange[] = [];
    for (const l of a.lines) {
      const row = existing.find((e) => e.subject_id === l.subjectId);
      changes.push({ table: 'curriculum', id: row?.id ?? newId(), set: { year_id: a.yearId, grade: a.grade, subject_id: l.subjectId, hours_per_week: l.hoursPerWeek, split_groups: l.splitGroups ? 1 : 0, removed: 0 } });
    }
    for (const e of existing) if (!e.removed && !ids.includes(e.subject_id)) changes.push({ table: 'curriculum', id: e.id, set: { removed: 1 } });
    const r = await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: `учебный план, ${a.grade} класс` });
    return { changed: r.changed, hoursPerWeek: total };
  },
});

export const saveAssignment = defineMethod({
  summary: 'Нагрузка (тарификация): учитель ведёт предмет в классе или группе, часов в неделю',
  access: 'administrator',
  input: z.object({
    assignmentId: rowId.optional(),
    yearId: rowId, classId: rowId, subgroupId: rowId.nullable().default(null), subjectId: rowId, teacherId: rowId,
    hoursPerWeek: z.number().min(0.5).max(10),
    startsOn: isoDate.optional(),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const cls: { id: string; name: string; year_id: string; retired: number } | undefined = await knex('class').where({ id: a.classId }).first('id', 'name', 'year_id', 'retired');
    if (!cls || cls.year_id !== a.yearId) throw notFound('Класс этого учебного года не найден.');
    if (cls.retired) throw bad(`Класс ${cls.name} расформирован.`);
    const year: { starts_on: string; ends_on: string; status: string } = await knex('academic_year').where({ id: a.yearId }).first('starts_on', 'ends_on', 'status');
    if (year.status === 'closed') throw new ServiceError('CONFLICT', 'Учебный год закрыт.');
    const subject: { name: string; retired: number } | undefined = await knex('subject').where({ id: a.subjectId }).first('name', 'retired');
    if (!subject || subject.retired) throw bad('Предмет не найден или выведен из употребления.');
    if (a.subgroupId && !(await knex('subgroup').where({ id: a.subgroupId, class_id: cls.id }).first('id'))) throw notFound('Группа этого класса не найдена.');
    const teacher = await knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id')
      .where({ 's.id': a.teacherId, 's.active': 1, 'r.revoked': 0 }).whereIn('r.role', ['teacher', 'class_teacher']).first('s.id');
    if (!teacher) throw bad('Нагрузку получает работающий учитель: у этого сотрудника нет роли «учитель».');
    const clash: { id: string } | undefined = await knex('teaching_assignment').where({ class_id: cls.id, subject_id: a.subjectId })
      .where((w) => (a.subgroupId ? w.where('subgroup_id', a.subgroupId) : w.whereNull('subgroup_id')))
      .whereNull('ends_on').whereNot('id', a.assignmentId ?? '').first('id');
    if (clash) throw new ServiceError('CONFLICT', `«${subject.name}» в ${cls.name}${a.subgroupId ? ' (эта группа)' : ''} уже ведёт учитель: измените ту нагрузку.`);
    const id = a.assignmentId ?? newId();
    if (a.assignmentId && !(await knex('teaching_assignment').where({ id: a.assignmentId, class_id: cls.id }).first('id'))) throw notFound('Нагрузка не найдена.');
    const today = toIsoDate(ctx.now());
    const startsOn = a.startsOn ?? (today > year.starts_on && today <= year.ends_on ? today : year.starts_on);
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'teaching_assignment', id, set: {
      year_id: a.yearId, teacher_id: a.teacherId, class_id: cls.id, subgroup_id: a.subgroupId, subject_id: a.subjectId, hours_per_week: a.hoursPerWeek,
      starts_on: a.assignmentId ? undefined : startsOn, ends_on: null,
    } }], { reason: `нагрузка: ${subject.name}, ${cls.name}` });
    return { assignmentId: id };
  },
});
