// Student movement (R-REC-9): arrival, departure and transfer between classes, each with
// its order's number and date. The enrolments carry the dates, so every journal page,
// summary, printed copy and report reads the move from that date on: a student who moves
// on 15.10 is in the old class until 14.10 and in the new one from 15.10, and each mark
// stays with the lesson it belongs to. Subgroup memberships in the old class end with it.
import { z } from 'zod';
import { newId } from '../../db/ids';
import type { RowChange } from '../../db/journal-writer';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';
import { dayBefore, enrolmentOn, enrolmentsFrom, insideYear, openClass } from '../people/enrolment';

const KIND_WORDS = { arrival: 'прибытие', departure: 'выбытие', transfer: 'перевод' } as const;

export const record = defineMethod({
  summary: 'Записать движение ученика по приказу: прибытие, выбытие, перевод в другой класс (с даты)',
  access: 'administrator',
  input: z.object({
    studentId: rowId,
    kind: z.enum(['arrival', 'departure', 'transfer'], { message: 'Вид движения: прибытие, выбытие или перевод' }),
    /** The first day in the new class (arrival, transfer), or the first day away (departure). */
    date: isoDate,
    /** The class of arrival or transfer. */
    toClassId: rowId.optional(),
    orderNumber: z.string().trim().min(1, 'Номер приказа: не заполнен').max(30),
    orderDate: isoDate,
    /** Where from / where to (a school, a town). */
    note: z.string().trim().max(200).default(''),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const student: { id: string; last_name: string; first_name: string; middle_name: string } | undefined = await knex('student').where({ id: a.studentId }).first('id', 'last_name', 'first_name', 'middle_name');
    if (!student) throw notFound('Ученик не найден.');
    const who = shortName(student.last_name, student.first_name, student.middle_name);
    if (a.orderDate > toIsoDate(ctx.now())) throw new ServiceError('VALIDATION', `Дата приказа ${formatRuDate(a.orderDate)} ещё не наступила.`);
    const current = await enrolmentOn(knex, a.studentId, dayBefore(a.date));
    const later = (await enrolmentsFrom(knex, a.studentId, a.date)).filter((e) => e.starts_on >= a.date);
    if (later.length > 0) {
      throw new ServiceError('CONFLICT', `${who} уже зачислен в ${later[0]!.class_name} с ${formatRuDate(later[0]!.starts_on)}: движение задним числом до этой даты не записывается. Сначала исправьте ту запись.`);
    }
    const changes: RowChange[] = [];
    let fromClassId: string | null = null;
    let toClassId: string | null = null;

    if (a.kind === 'departure' || a.kind === 'transfer') {
      if (!current) throw new ServiceError('CONFLICT', `${who} не числится ни в одном классе на ${formatRuDate(dayBefore(a.date))}: выбывать или переводить неоткуда.`);
      const from = await openClass(knex, current.class_id);
      insideYear(from, a.date, 'Дата движения');
      fromClassId = from.id;
      changes.push({ table: 'enrolment', id: current.id, set: { ends_on: dayBefore(a.date) } });
      const groups: { id: string }[] = await knex('subgroup_member as m').join('subgroup as g', 'g.id', 'm.subgroup_id')
        .where({ 'm.student_id': a.studentId, 'g.class_id': from.id }).where((w) => w.whereNull('m.ends_on').orWhere('m.ends_on', '>=', a.date)).select('m.id');
      for (const g of groups) changes.push({ table: 'subgroup_member', id: g.id, set: { ends_on: dayBefore(a.date) } });
    }
    if (a.kind === 'arrival' || a.kind === 'transfer') {
      if (!a.toClassId) throw new ServiceError('VALIDATION', 'Укажите класс, в который прибывает или переводится ученик.');
      if (a.kind === 'arrival' && current) throw new ServiceError('CONFLICT', `${who} уже учится в ${current.class_name}: для смены класса запишите перевод.`);
      if (a.toClassId === fromClassId) throw new ServiceError('VALIDATION', `${who} уже в этом классе.`);
      const to = await openClass(knex, a.toClassId);
      insideYear(to, a.date, 'Дата движения');
      toClassId = to.id;
      changes.push({ table: 'enrolment', id: newId(), set: { student_id: a.studentId, class_id: to.id, starts_on: a.date, ends_on: null } });
    }
    const movementId = newId();
    changes.push({ table: 'movement', id: movementId, set: {
      student_id: a.studentId, kind: a.kind, date: a.date, from_class_id: fromClassId, to_class_id: toClassId,
      order_number: a.orderNumber, order_date: a.orderDate, note: a.note,
    } });
    await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: `${KIND_WORDS[a.kind]}, приказ № ${a.orderNumber} от ${formatRuDate(a.orderDate)}` });
    return { movementId, fromClassId, toClassId, date: a.date };
  },
});

export const list = defineMethod({
  summary: 'Движение учеников за учебный год: прибытие, выбытие, переводы, с приказами',
  access: 'wholeSchool',
  input: z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict(),
  async run(ctx, a) {
    const q = ctx.db.knex('movement as m').join('student as s', 's.id', 'm.student_id')
      .leftJoin('class as f', 'f.id', 'm.from_class_id').leftJoin('class as t', 't.id', 'm.to_class_id');
    if (a.from) q.where('m.date', '>=', a.from);
    if (a.to) q.where('m.date', '<=', a.to);
    const rows: { id: string; kind: keyof typeof KIND_WORDS; date: string; last_name: string; first_name: string; middle_name: string; from_name: string | null; to_name: string | null; order_number: string; order_date: string; note: string }[] =
      await q.orderBy([{ column: 'm.date' }, { column: 's.last_name' }])
        .select('m.id', 'm.kind', 'm.date', 's.last_name', 's.first_name', 's.middle_name', 'f.name as from_name', 't.name as to_name', 'm.order_number', 'm.order_date', 'm.note');
    return rows.map((r) => ({
      id: r.id, kind: r.kind, kindName: KIND_WORDS[r.kind], date: r.date, student: shortName(r.last_name, r.first_name, r.middle_name),
      fromClass: r.from_name, toClass: r.to_name, orderNumber: r.order_number, orderDate: r.order_date, note: r.note,
    }));
  },
});
