// The class teacher's desk (R-ROLE-3, R-REC-8, R-REC-10, R-TIME-6): the class list with
// each student's card (personal data, guardians, consent on file), the week's absences
// with the lessons missed, student data kept up to date, remarks and praise.
import type { Knex } from 'knex';
import { z } from 'zod';
import { addDays, formatRuDate, weekday } from '../../shared/dates';
import { newId } from '../../db/ids';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { forbidden, notFound, ServiceError } from '../errors';
import { SEES_WHOLE_SCHOOL } from '../permissions';
import { hasRole, type SessionUser } from '../session';
import { attendanceArgs, planAttendance } from '../journal/edits';
import type { RowChange } from '../../db/journal-writer';

async function requireClassAccess(knex: Knex, user: SessionUser, classId: string, edit: boolean): Promise<void> {
  const cls = await knex('class').where({ id: classId }).first('class_teacher_id');
  if (!cls) throw notFound('Класс не найден.');
  const own = hasRole(user, 'class_teacher') && cls.class_teacher_id === user.id;
  // The class teacher keeps the class's data; the administrator keeps the student lists (R-ROLE-6).
  if (own || (edit ? hasRole(user, 'admin') : hasRole(user, ...SEES_WHOLE_SCHOOL))) return;
  throw forbidden(edit ? 'Данные учеников класса ведёт его классный руководитель.' : 'Класс доступен его классному руководителю и администрации.');
}

async function classOfStudent(knex: Knex, studentId: string): Promise<string> {
  const e = await knex('enrolment').where({ student_id: studentId }).orderBy('starts_on', 'desc').first('class_id');
  if (!e) throw notFound('Ученик не найден.');
  return e.class_id;
}

export const students = defineMethod({
  summary: 'Список класса с карточками учеников: личные данные, родители (законные представители), согласие на обработку ПДн',
  access: 'signed-in',
  input: z.object({ classId: rowId }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    await requireClassAccess(knex, userOf(ctx), a.classId, false);
    const rows = await knex('enrolment as e').join('student as s', 's.id', 'e.student_id').where('e.class_id', a.classId)
      .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }])
      .select('s.*', 'e.starts_on as enrolledFrom', 'e.ends_on as enrolledTo');
    const ids = rows.map((r: { id: string }) => r.id);
    const guardians = await knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id')
      .whereIn('sg.student_id', ids).where('sg.removed', 0)
      .select('sg.student_id', 'g.id', 'g.last_name', 'g.first_name', 'g.middle_name', 'g.phone', 'g.email', 'sg.relation');
    const consents = await knex('consent').whereIn('student_id', ids).whereNull('revoked_on').select('student_id', 'guardian_id', 'signed_on', 'document_no');
    return rows.map((s: Record<string, string | null>) => ({
      id: s.id, lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name, birthDate: s.birth_date, gender: s.gender,
      personalFile: s.personal_file, address: s.address, enrolledFrom: s.enrolledFrom, enrolledTo: s.enrolledTo,
      guardians: guardians.filter((g: { student_id: string }) => g.student_id === s.id)
        .map((g: Record<string, string>) => ({ id: g.id, name: `${g.last_name} ${g.first_name} ${g.middle_name}`.trim(), relation: g.relation, phone: g.phone, email: g.email })),
      // R-REC-10: the consent of a legal representative to personal-data processing.
      consent: consents.find((c: { student_id: string }) => c.student_id === s.id) ?? null,
    }));
  },
});

export const absences = defineMethod({
  summary: 'Пропуски класса за неделю с пропущенными уроками и причинами (проверка посещаемости)', // R-TIME-6
  access: 'signed-in',
  input: z.object({ classId: rowId, weekOf: isoDate }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    await requireClassAccess(knex, userOf(ctx), a.classId, false);
    const monday = addDays(a.weekOf, 1 - weekday(a.weekOf));
    const sunday = addDays(monday, 6);
    const rows = await knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id')
      .join('teaching_assignment as x', 'x.id', 'l.assignment_id').join('subject as s', 's.id', 'x.subject_id')
      .join('student as st', 'st.id', 't.student_id')
      .where('x.class_id', a.classId).whereNotNull('t.code').whereBetween('l.date', [monday, sunday])
      .orderBy([{ column: 'st.last_name' }, { column: 'l.date' }, { column: 'l.lesson_no' }])
      .select('t.student_id as studentId', 'st.last_name as lastName', 'st.first_name as firstName', 'l.id as lessonId', 'l.date', 'l.lesson_no as lessonNo',
        's.name as subject', 't.code', 't.reason');
    return { from: monday, to: sunday, absences: rows };
  },
});

export const updateStudent = defineMethod({
  summary: 'Исправить личные данные ученика своего класса (классный руководитель; с основанием)',
  access: 'classKeepers',
  input: z.object({
    studentId: rowId,
    changes: z.object({
      lastName: z.string().trim().min(1).max(80), firstName: z.string().trim().min(1).max(80), middleName: z.string().trim().max(80),
      birthDate: isoDate, address: z.string().trim().max(300), personalFile: z.string().trim().max(40),
    }).partial().strict(),
    reason: z.string().trim().min(3, 'Укажите основание (например, «свидетельство о рождении»)').max(300),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    await requireClassAccess(knex, user, await classOfStudent(knex, a.studentId), true);
    const map = { lastName: 'last_name', firstName: 'first_name', middleName: 'middle_name', birthDate: 'birth_date', address: 'address', personalFile: 'personal_file' } as const;
    const set: Record<string, string> = {};
    for (const [k, v] of Object.entries(a.changes)) if (v !== undefined) set[map[k as keyof typeof map]] = v;
    if (Object.keys(set).length === 0) throw new ServiceError('VALIDATION', 'Нечего изменять.');
    const r = await ctx.db.writer.write({ userId: user.id }, [{ table: 'student', id: a.studentId, set }], { reason: a.reason });
    return { changed: r.changed };
  },
});

export const recordConsent = defineMethod({
  summary: 'Отметить согласие законного представителя на обработку персональных данных', // R-REC-10
  access: 'classKeepers',
  input: z.object({ studentId: rowId, guardianId: rowId, signedOn: isoDate, documentNo: z.string().trim().max(40).default('') }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    await requireClassAccess(knex, user, await classOfStudent(knex, a.studentId), true);
    const link = await knex('student_guardian').where({ student_id: a.studentId, guardian_id: a.guardianId, removed: 0 }).first('id');
    if (!link) throw new ServiceError('VALIDATION', 'Согласие даёт законный представитель этого ученика.');
    const id = newId(ctx.now().getTime());
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'consent', id, set: { student_id: a.studentId, guardian_id: a.guardianId, signed_on: a.signedOn, revoked_on: null, document_no: a.documentNo },
    }], { reason: 'согласие на обработку персональных данных' });
    return { consentId: id };
  },
});

export const addNote = defineMethod({
  summary: 'Замечание или похвала ученику, записка родителям: учитель класса или классный руководитель',
  access: 'teachers',
  input: z.object({
    studentId: rowId, kind: z.enum(['remark', 'praise', 'parents']), text: z.string().trim().min(3).max(1000), lessonId: rowId.optional(),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    const classId = await classOfStudent(knex, a.studentId);
    const teachesClass = await knex('teaching_assignment').where({ class_id: classId, teacher_id: user.id }).first('id');
    const cls = await knex('class').where({ id: classId }).first('class_teacher_id');
    if (!teachesClass && cls?.class_teacher_id !== user.id) throw forbidden('Записи ученику делают учителя класса и классный руководитель.');
    const id = newId(ctx.now().getTime());
    await ctx.db.writer.write({ userId: user.id }, [{
      table: 'student_note', id,
      set: { student_id: a.studentId, lesson_id: a.lessonId ?? null, author_id: user.id, kind: a.kind, text: a.text, date: ctx.now().toISOString().slice(0, 10), withdrawn: 0 },
    }]);
    return { noteId: id };
  },
});

export const notes = defineMethod({
  summary: 'Записи ученику (замечания, похвала, записки родителям) — классному руководителю, учителям класса и администрации', // R-REC-8
  access: 'signed-in',
  input: z.object({ studentId: rowId }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    const classId = await classOfStudent(knex, a.studentId);
    const teachesClass = await knex('teaching_assignment').where({ class_id: classId, teacher_id: user.id }).first('id');
    if (!teachesClass) await requireClassAccess(knex, user, classId, false);
    return knex('student_note as n').join('staff as s', 's.id', 'n.author_id')
      .where({ 'n.student_id': a.studentId, 'n.withdrawn': 0 }).orderBy('n.date', 'desc')
      .select('n.id', 'n.kind', 'n.text', 'n.date', 'n.lesson_id as lessonId', 's.last_name as authorName');
  },
});

const ABSENCE_CODES = ['Н', 'У', 'Б'] as const;

export const setReasons = defineMethod({
  summary: 'Причина пропуска ученика (Н, У, Б) и её основание — на одном уроке или за весь день сразу (классный руководитель своего класса)',
  access: 'classTeachers',
  input: z.object({
    classId: rowId,
    studentId: rowId,
    date: isoDate,
    /** One lesson; without it, every absence of the student on that date. */
    lessonId: rowId.optional(),
    code: z.enum(ABSENCE_CODES),
    /** The grounds: «справка», «заявление родителей», … */
    reason: attendanceArgs.shape.reason.unwrap().default(''),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const user = userOf(ctx);
    // R-ROLE-3: the class teacher of the class records the reasons of its absences.
    const cls = await knex('class').where({ id: a.classId }).first('class_teacher_id', 'name');
    if (!cls) throw notFound('Класс не найден: откройте «Мой класс» и выберите пропуск из списка.');
    if (cls.class_teacher_id !== user.id) {
      throw forbidden(`Причины пропусков в ${cls.name} классе указывает его классный руководитель. Сообщите ему о документе ученика.`);
    }
    if (a.code !== 'Н' && a.reason.length < 3) {
      throw new ServiceError('VALIDATION', `Для «${a.code}» укажите основание: например, «справка» или «заявление родителей».`);
    }
    // Every mark of this student on the class's lessons of the date (late arrivals and
    // unmarked lessons too, to say why they are left out).
    const q = knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as x', 'x.id', 'l.assignment_id')
      .join('subject as s', 's.id', 'x.subject_id')
      .where({ 'x.class_id': a.classId, 't.student_id': a.studentId, 'l.date': a.date, 'l.cancelled': 0 })
      .orderBy('l.lesson_no')
      .select('l.id as lessonId', 'l.lesson_no as lessonNo', 's.name as subject', 't.code', 't.reason');
    if (a.lessonId) q.where('l.id', a.lessonId);
    const marked: { lessonId: string; lessonNo: number; subject: string; code: string | null; reason: string }[] = await q;
    const absences = marked.filter((m) => m.code !== null && (ABSENCE_CODES as readonly string[]).includes(m.code));
    if (absences.length === 0) {
      if (a.lessonId) {
        const lesson = await knex('lesson as l').join('teaching_assignment as x', 'x.id', 'l.assignment_id')
          .where({ 'l.id': a.lessonId, 'x.class_id': a.classId, 'l.date': a.date }).first('l.id');
        if (!lesson) throw notFound(`Урока нет в журнале ${cls.name} класса за ${formatRuDate(a.date)}. Выберите урок из списка пропусков.`);
        if (marked[0]?.code === 'О') {
          throw new ServiceError('VALIDATION', 'На этом уроке ученик отмечен как опоздавший («О»). Причину указывают только для пропуска (Н, У, Б); опоздание исправляет учитель, ведущий урок.');
        }
        throw new ServiceError('VALIDATION', 'На этом уроке ученик не отмечен отсутствующим. Отсутствие отмечает учитель, ведущий урок; после этого можно указать причину.');
      }
      throw new ServiceError('VALIDATION', `У ученика нет пропусков за ${formatRuDate(a.date)}. Причину указывают для уроков, на которых учитель отметил отсутствие.`);
    }
    // Each absence is planned as journal.setAttendance plans a class teacher's reason: the
    // student on the page, Н ↔ У ↔ Б only. A class teacher's reasons follow the parents'
    // notes and the weekly check (R-TIME-6), so no entry window applies to them — also on
    // the lessons they teach themselves; the rule book checks the write again.
    const env = { knex, user, now: ctx.now(), checkWindow: false };
    const changes: RowChange[] = [];
    for (const m of absences) {
      const plan = await planAttendance(env, { lessonId: m.lessonId, studentId: a.studentId, code: a.code, reason: a.reason });
      changes.push(...plan.changes);
    }
    const why = `причина пропуска: ${a.code}${a.reason ? ` — ${a.reason}` : ''}`;
    const r = await ctx.db.writer.write({ userId: user.id }, changes, { reason: why });
    return {
      changed: r.changed,
      lessons: absences.map((m) => ({ lessonId: m.lessonId, lessonNo: m.lessonNo, subject: m.subject })),
      /** Late arrivals of the day, left as they are. */
      late: a.lessonId ? 0 : marked.filter((m) => m.code === 'О').length,
    };
  },
});
