// Subgroups of a class (R-ROLE-3: the class is split into groups with the teachers at the
// start of the year; R-ROLE-8: only the administrator moves a student between subgroups,
// and only at the end of a period). A membership change takes effect on the first day of
// one of the class's term periods (or the year's first day), never in the middle of one.
import { z } from 'zod';
import { newId } from '../../db/ids';
import type { RowChange } from '../../db/journal-writer';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';
import { dayBefore, openClass } from '../people/enrolment';

export const list = defineMethod({
  summary: 'Группы класса и их состав на дату',
  access: 'signed-in',
  input: z.object({ classId: rowId, date: isoDate.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const date = a.date ?? toIsoDate(ctx.now());
    const groups: { id: string; name: string; subject: string | null; subject_id: string | null }[] = await knex('subgroup as g').leftJoin('subject as s', 's.id', 'g.subject_id')
      .where('g.class_id', a.classId).orderBy('g.name').select('g.id', 'g.name', 's.name as subject', 'g.subject_id');
    const members: { subgroup_id: string; student_id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('subgroup_member as m').join('student as s', 's.id', 'm.student_id')
      .whereIn('m.subgroup_id', groups.map((g) => g.id)).where('m.starts_on', '<=', date).where((w) => w.whereNull('m.ends_on').orWhere('m.ends_on', '>=', date))
      .orderBy(['s.last_name', 's.first_name']).select('m.subgroup_id', 'm.student_id', 's.last_name', 's.first_name', 's.middle_name');
    return groups.map((g) => ({
      id: g.id, name: g.name, subjectId: g.subject_id, subject: g.subject,
      students: members.filter((m) => m.subgroup_id === g.id).map((m) => ({ id: m.student_id, name: shortName(m.last_name, m.first_name, m.middle_name) })),
    }));
  },
});

export const save = defineMethod({
  summary: 'Создать или переименовать группу класса (для предмета с делением на группы)',
  access: 'administrator',
  input: z.object({ classId: rowId, subgroupId: rowId.optional(), subjectId: rowId.nullable().default(null), name: z.string().trim().min(1, 'Название группы: не заполнено').max(40) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const cls = await openClass(knex, a.classId);
    const clash: { id: string } | undefined = await knex('subgroup').where({ class_id: cls.id, name: a.name })
      .where((w) => (a.subjectId ? w.where('subject_id', a.subjectId) : w.whereNull('subject_id'))).whereNot('id', a.subgroupId ?? '').first('id');
    if (clash) throw new ServiceError('CONFLICT', `В ${cls.name} уже есть группа «${a.name}».`);
    if (a.subgroupId && !(await knex('subgroup').where({ id: a.subgroupId, class_id: cls.id }).first('id'))) throw notFound('Группа не найдена.');
    const id = a.subgroupId ?? newId();
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'subgroup', id, set: { class_id: cls.id, subject_id: a.subjectId, name: a.name } }], { reason: `группа «${a.name}», ${cls.name}` });
    return { subgroupId: id };
  },
});

export const setMembers = defineMethod({
  summary: 'Состав группы с начала периода: ученики переходят между группами только по окончании периода',
  access: 'administrator',
  input: z.object({ subgroupId: rowId, from: isoDate, studentIds: z.array(rowId).max(60) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const group: { id: string; class_id: string; name: string; subject_id: string | null } | undefined = await knex('subgroup').where({ id: a.subgroupId }).first('id', 'class_id', 'name', 'subject_id');
    if (!group) throw notFound('Группа не найдена.');
    const cls = await openClass(knex, group.class_id);
    // R-ROLE-8: only from the first day of a term period of the class's grade (the year's first day included).
    const starts: { starts_on: string; name: string }[] = await knex('period').where({ year_id: cls.year_id }).whereNot({ kind: 'year' })
      .where('grade_from', '<=', cls.grade).where('grade_to', '>=', cls.grade).orderBy('starts_on').select('starts_on', 'name');
    if (!starts.some((p) => p.starts_on === a.from) && a.from !== cls.starts_on) {
      const next = starts.find((p) => p.starts_on > a.from);
      throw new ServiceError('VALIDATION', `Состав группы меняется только по окончании периода: с первого дня следующего периода${next ? ` — с ${formatRuDate(next.starts_on)} («${next.name}»)` : ''}.`);
    }
    const ids = [...new Set(a.studentIds)];
    const enrolled: { student_id: string }[] = await knex('enrolment').where({ class_id: cls.id }).where('starts_on', '<=', a.from)
      .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', a.from)).whereIn('student_id', ids).select('student_id');
    const outside = ids.filter((id) => !enrolled.some((e) => e.student_id === id));
    if (outside.length > 0) throw new ServiceError('VALIDATION', `В группу входят только ученики ${cls.name} на ${formatRuDate(a.from)}: ${outside.length} из выбранных не в классе.`);
    const current: { id: string; student_id: string; starts_on: string }[] = await knex('subgroup_member').where({ subgroup_id: group.id })
      .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', a.from)).select('id', 'student_id', 'starts_on');
    const changes: RowChange[] = [];
    for (const m of current) {
      if (ids.includes(m.student_id)) continue;
      changes.push({ table: 'subgroup_member', id: m.id, set: { ends_on: dayBefore(m.starts_on > a.from ? m.starts_on : a.from) } });
    }
    for (const id of ids) {
      if (current.some((m) => m.student_id === id)) continue;
      // One group of a split subject at a time: a student leaving the other group for this one leaves it the day before.
      if (group.subject_id) {
        const other: { id: string }[] = await knex('subgroup_member as m').join('subgroup as g', 'g.id', 'm.subgroup_id')
          .where({ 'g.class_id': cls.id, 'g.subject_id': group.subject_id, 'm.student_id': id }).whereNot('g.id', group.id)
          .where((w) => w.whereNull('m.ends_on').orWhere('m.ends_on', '>=', a.from)).select('m.id');
        for (const o of other) changes.push({ table: 'subgroup_member', id: o.id, set: { ends_on: dayBefore(a.from) } });
      }
      changes.push({ table: 'subgroup_member', id: newId(), set: { subgroup_id: group.id, student_id: id, starts_on: a.from, ends_on: null } });
    }
    if (changes.length > 0) await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: `состав группы «${group.name}», ${cls.name}, с ${formatRuDate(a.from)}` });
    return { members: ids.length, changed: changes.length };
  },
});
