// The school's students (R-ROLE-6: the administrator keeps the student lists; R-ROLE-3:
// the class teacher keeps the class's data; R-REC-10: personal data with the guardians'
// consent): adding a student to a class with guardians and consent, adding a guardian,
// and the search box that finds a student by name for the roles that may see them.
import type { Knex } from 'knex';
import { z } from 'zod';
import { newId } from '../../db/ids';
import type { RowChange } from '../../db/journal-writer';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { insideYear, openClass } from '../people/enrolment';
import { guardianArgs, optionalName, personName } from '../people/names';
import { SEES_WHOLE_SCHOOL } from '../permissions';
import { hasRole, type SessionUser } from '../session';

const orderArgs = z.object({
  orderNumber: z.string().trim().min(1, 'Номер приказа: не заполнен').max(30),
  orderDate: isoDate,
  note: z.string().trim().max(200).default(''),
}).strict();

/** Same surname, name, patronymic and birth date: the same person (case and ё/е aside). */
async function sameStudent(knex: Knex, s: { lastName: string; firstName: string; middleName: string; birthDate: string }) {
  const norm = (x: string) => x.toLocaleLowerCase('ru').replaceAll('ё', 'е');
  const rows: { id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('student').where({ birth_date: s.birthDate }).select('id', 'last_name', 'first_name', 'middle_name');
  return rows.find((r) => norm(r.last_name) === norm(s.lastName) && norm(r.first_name) === norm(s.firstName) && norm(r.middle_name) === norm(s.middleName));
}

export const add = defineMethod({
  summary: 'Добавить ученика в класс: личные данные, родители (законные представители), согласие на обработку ПДн; после начала года — по приказу о прибытии',
  access: 'administrator',
  input: z.object({
    classId: rowId,
    lastName: personName('Фамилия'),
    firstName: personName('Имя'),
    middleName: optionalName('Отчество'),
    birthDate: isoDate,
    gender: z.enum(['м', 'ж'], { message: 'Пол: «м» или «ж»' }),
    personalFile: z.string().trim().max(30).default(''),
    address: z.string().trim().max(200).default(''),
    /** In the class from this date (default: the year's start, or today once the year is under way). */
    enrolledOn: isoDate.optional(),
    /** The order of arrival: needed once the year has started (R-REC-9). */
    arrival: orderArgs.optional(),
    guardians: z.array(guardianArgs).max(4).default([]),
    /** Consent on file (R-REC-10): which guardian (index in `guardians`), when, the document's number. */
    consent: z.object({ guardian: z.number().int().min(0), signedOn: isoDate, documentNo: z.string().trim().max(40).default('') }).strict().optional(),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const cls = await openClass(knex, a.classId);
    const today = toIsoDate(ctx.now());
    const enrolledOn = a.enrolledOn ?? (today > cls.starts_on && today <= cls.ends_on ? today : cls.starts_on);
    insideYear(cls, enrolledOn, 'Дата зачисления');
    const ageAtStart = Number(cls.starts_on.slice(0, 4)) - Number(a.birthDate.slice(0, 4));
    if (ageAtStart < 5 || ageAtStart > 21) throw new ServiceError('VALIDATION', `Дата рождения ${formatRuDate(a.birthDate)}: ученику было бы ${ageAtStart} лет в начале учебного года. Проверьте дату.`);
    if (enrolledOn > cls.starts_on && !a.arrival) {
      throw new ServiceError('VALIDATION', `Ученик зачисляется после начала учебного года (${formatRuDate(enrolledOn)}): укажите номер и дату приказа о прибытии.`);
    }
    if (a.consent && !a.guardians[a.consent.guardian]) throw new ServiceError('VALIDATION', 'Согласие на обработку ПДн: укажите, кто из представителей его дал.');
    const same = await sameStudent(knex, a);
    if (same) {
      const where: { name: string } | undefined = await knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').where('e.student_id', same.id)
        .where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', enrolledOn)).first('c.name');
      throw new ServiceError('CONFLICT', where
        ? `${a.lastName} ${a.firstName}, ${formatRuDate(a.birthDate)}, уже учится в ${where.name}: ученик не может быть в двух классах. Для перевода запишите движение ученика.`
        : `${a.lastName} ${a.firstName}, ${formatRuDate(a.birthDate)}, уже есть в базе: чтобы вернуть выбывшего ученика, запишите его прибытие.`);
    }

    const studentId = newId();
    const changes: RowChange[] = [
      { table: 'student', id: studentId, set: { last_name: a.lastName, first_name: a.firstName, middle_name: a.middleName, birth_date: a.birthDate, gender: a.gender, personal_file: a.personalFile, address: a.address } },
      { table: 'enrolment', id: newId(), set: { student_id: studentId, class_id: cls.id, starts_on: enrolledOn, ends_on: null } },
    ];
    if (a.arrival) {
      changes.push({ table: 'movement', id: newId(), set: { student_id: studentId, kind: 'arrival', date: enrolledOn, from_class_id: null, to_class_id: cls.id, order_number: a.arrival.orderNumber, order_date: a.arrival.orderDate, note: a.arrival.note } });
    }
    const guardianIds = a.guardians.map(() => newId());
    a.guardians.forEach((g, i) => {
      changes.push(
        { table: 'guardian', id: guardianIds[i]!, set: { last_name: g.lastName, first_name: g.firstName, middle_name: g.middleName, phone: g.phone, email: g.email } },
        { table: 'student_guardian', id: newId(), set: { student_id: studentId, guardian_id: guardianIds[i]!, relation: g.relation, removed: 0 } },
      );
    });
    if (a.consent) {
      changes.push({ table: 'consent', id: newId(), set: { student_id: studentId, guardian_id: guardianIds[a.consent.guardian]!, signed_on: a.consent.signedOn, revoked_on: null, document_no: a.consent.documentNo } });
    }
    await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: a.arrival ? `прибытие, приказ № ${a.arrival.orderNumber} от ${formatRuDate(a.arrival.orderDate)}` : `зачислен в ${cls.name}` });
    return { studentId, classId: cls.id, enrolledOn, guardianIds };
  },
});

/** May the user keep this student's data: the administrator, or the class teacher of a class the student is in. */
async function keepsStudent(knex: Knex, user: SessionUser, studentId: string): Promise<boolean> {
  if (hasRole(user, 'admin')) return true;
  if (!hasRole(user, 'class_teacher')) return false;
  const row = await knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').where({ 'e.student_id': studentId, 'c.class_teacher_id': user.id }).first('e.id');
  return !!row;
}

export const addGuardian = defineMethod({
  summary: 'Добавить ученику родителя (законного представителя) с телефоном',
  access: 'classKeepers',
  input: z.object({ studentId: rowId, guardian: guardianArgs }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const student = await knex('student').where({ id: a.studentId }).first('id');
    if (!student) throw notFound('Ученик не найден.');
    const user = userOf(ctx);
    if (!(await keepsStudent(knex, user, a.studentId))) throw forbidden('Данные ученика ведёт классный руководитель его класса или администратор.');
    const g = a.guardian;
    const guardianId = newId();
    await ctx.db.writer.write({ userId: user.id }, [
      { table: 'guardian', id: guardianId, set: { last_name: g.lastName, first_name: g.firstName, middle_name: g.middleName, phone: g.phone, email: g.email } },
      { table: 'student_guardian', id: newId(), set: { student_id: a.studentId, guardian_id: guardianId, relation: g.relation, removed: 0 } },
    ], { reason: 'добавлен представитель ученика' });
    return { guardianId };
  },
});

export const search = defineMethod({
  summary: 'Найти ученика по фамилии и имени (администрация — всех; учитель и классный руководитель — учеников своих классов)',
  access: 'signed-in',
  input: z.object({ query: z.string().trim().min(2, 'Введите хотя бы две буквы').max(60), limit: z.number().int().min(1).max(50).default(20) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    const today = toIsoDate(ctx.now());
    // Students of the year under way with their classes; matched here, since SQLite's
    // lower() and LIKE know only ASCII case (a school's few thousand names).
    const norm = (x: string) => x.toLocaleLowerCase('ru').replaceAll('ё', 'е');
    const words = norm(a.query).split(/\s+/).filter(Boolean);
    const q = knex('student as s').join('enrolment as e', 'e.student_id', 's.id').join('class as c', 'c.id', 'e.class_id')
      .join('academic_year as y', 'y.id', 'c.year_id')
      .where('y.starts_on', '<=', today).where('y.ends_on', '>=', today);
    if (!hasRole(user, ...SEES_WHOLE_SCHOOL)) {
      // Teachers see the students of the classes they teach or lead (R-ROLE-2, R-ROLE-3).
      q.where((x) => x.where('c.class_teacher_id', user.id).orWhereExists(
        knex('teaching_assignment as a').whereRaw('a.class_id = c.id').where('a.teacher_id', user.id).select(knex.raw('1'))));
    }
    const rows: { id: string; last_name: string; first_name: string; middle_name: string; class_id: string; class_name: string; starts_on: string; ends_on: string | null }[] =
      await q.orderBy([{ column: 's.last_name' }, { column: 's.first_name' }, { column: 'e.starts_on', order: 'desc' }])
        .select('s.id', 's.last_name', 's.first_name', 's.middle_name', 'c.id as class_id', 'c.name as class_name', 'e.starts_on', 'e.ends_on');
    const seen = new Set<string>();
    const out: { studentId: string; name: string; shortName: string; classId: string; className: string; left: boolean }[] = [];
    for (const r of rows) {
      if (seen.has(r.id)) continue; // the newest class of the year first
      const key = norm(`${r.last_name} ${r.first_name} ${r.middle_name}`);
      if (!words.every((w) => key.split(' ').some((part) => part.startsWith(w)))) continue;
      seen.add(r.id);
      out.push({
        studentId: r.id, name: [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' '), shortName: shortName(r.last_name, r.first_name, r.middle_name),
        classId: r.class_id, className: r.class_name, left: r.ends_on !== null && r.ends_on < today,
      });
      if (out.length >= a.limit) break;
    }
    return out;
  },
});
