// The administrator's setup of the school and its year (R-ROLE-6): school details and the
// titles printed on paper copies, the year with its periods and holidays, the bells, the
// classes and their class teachers, the deputies' parallels (R-ROLE-4), the lessons the
// timetable gives, and the checklist of what is still missing before the year can start.
// Subjects, curriculum and teaching load are in curriculum.ts; the timetable in timetable.ts.
import { z } from 'zod';
import { applyLessonPlanChange, lessonPlanChange } from '../../db/setup/generate-lessons';
import { yearChecklist } from '../../db/setup/checklist';
import { SCHOOL_TITLE_SETTINGS, schoolTitles } from '../../db/setup/school-titles';
import { keyId, newId } from '../../db/ids';
import type { RowChange } from '../../db/journal-writer';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { checkYearPlan, proposeYear as proposeYearPlan } from '../setup/year-plan';
import { isoDate, rowId } from '../args';
import { schoolNameArgs } from '../people/names';
import { defineMethod, userOf, type CallContext } from '../define';
import { notFound, ServiceError } from '../errors';

async function yearRow(ctx: CallContext, yearId: string) {
  const year: { id: string; starts_on: string; ends_on: string; status: string } | undefined = await ctx.db.knex('academic_year').where({ id: yearId }).first('id', 'starts_on', 'ends_on', 'status');
  if (!year) throw notFound('Учебный год не найден.');
  return year;
}

export const generateLessons = defineMethod({
  summary: 'Уроки по расписанию на учебные дни периодов, кроме каникул; с даты — только более поздние, уроки с записями не трогаются',
  access: 'administrator',
  input: z.object({
    yearId: rowId,
    /** From this date (default: the year's start); earlier lessons are not touched. */
    from: isoDate.optional(),
    /** Show what would change, write nothing. */
    dryRun: z.boolean().optional(),
  }).strict(),
  async run(ctx, args) {
    const year = await yearRow(ctx, args.yearId);
    if (year.status === 'closed') throw new ServiceError('CONFLICT', 'Учебный год закрыт: его уроки больше не меняются.');
    const from = args.from ?? year.starts_on;
    if (from < year.starts_on || from > year.ends_on) {
      throw new ServiceError('VALIDATION', `Дата ${formatRuDate(from)} вне учебного года (${formatRuDate(year.starts_on)} – ${formatRuDate(year.ends_on)}).`);
    }
    const change = await lessonPlanChange(ctx.db.knex, year.id, from, year.ends_on);
    if (!args.dryRun) {
      await applyLessonPlanChange(ctx.db, { userId: userOf(ctx).id }, change, `уроки по расписанию с ${formatRuDate(from)}`);
    }
    return {
      from,
      dryRun: args.dryRun === true,
      created: change.create.length,
      cancelled: change.cancel.length,
      restored: change.restore.length,
      /** Lessons the timetable no longer has but that hold a topic, homework, a mark or an absence: left as they are. */
      keptWithEntries: change.keptWithEntries,
    };
  },
});

export const checklist = defineMethod({
  summary: 'Что ещё не сделано, чтобы начать учебный год',
  access: 'administrator',
  input: z.object({ yearId: rowId.optional() }).strict(),
  async run(ctx, args) {
    const knex = ctx.db.knex;
    const year: { id: string } | undefined = args.yearId
      ? await knex('academic_year').where({ id: args.yearId }).first('id')
      : await knex('academic_year').where('ends_on', '>=', toIsoDate(ctx.now())).orderBy('starts_on').first('id');
    return yearChecklist(knex, year?.id ?? null);
  },
});

// ---- school details, the year, holidays, bells, classes, deputies (R-ROLE-6) ----------------

const reason = z.string().trim().max(200).default('');
const bad = (message: string) => new ServiceError('VALIDATION', message);

export const schoolDetails = defineMethod({
  summary: 'Сведения о школе: наименования, адрес, директор и должности, заверяющие бумажные копии',
  access: 'signed-in',
  input: z.object({}).strict(),
  async run(ctx) {
    const knex = ctx.db.knex;
    const school: { full_name: string; short_name: string; address: string; is_demo: number } | undefined = await knex('school').first('full_name', 'short_name', 'address', 'is_demo');
    const titles = await schoolTitles(knex);
    return {
      fullName: school?.full_name ?? '', shortName: school?.short_name ?? '', address: school?.address ?? '', isDemo: school?.is_demo === 1,
      certifierTitle: titles.certifierTitle,
      directorTitle: titles.directorTitle,
    };
  },
});

export const saveSchool = defineMethod({
  summary: 'Изменить сведения о школе: полное наименование по уставу, краткое, адрес, должности на титульных листах',
  access: 'administrator',
  input: z.object({
    ...schoolNameArgs,
    /** The position that certifies paper copies: «Заместитель директора по УВР», «по УР», or the journal's administrator (R-ROLE-4). */
    certifierTitle: z.string().trim().min(3).max(120),
    directorTitle: z.string().trim().min(3).max(120).default('Директор'),
  }).strict(),
  async run(ctx, a) {
    const school: { id: string } | undefined = await ctx.db.knex('school').first('id');
    if (!school) throw notFound('Школа ещё не создана.');
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [
      { table: 'school', id: school.id, set: { full_name: a.fullName, short_name: a.shortName, address: a.address } },
      { table: 'setting', id: SCHOOL_TITLE_SETTINGS.certifierTitle, set: { value: JSON.stringify(a.certifierTitle) } },
      { table: 'setting', id: SCHOOL_TITLE_SETTINGS.directorTitle, set: { value: JSON.stringify(a.directorTitle) } },
    ], { reason: 'сведения о школе' });
    return { saved: true };
  },
});

export const proposeYear = defineMethod({
  summary: 'Предложить календарь учебного года: четверти (или триместры) для 1–9, полугодия для 10–11, каникулы',
  access: 'administrator',
  input: z.object({ startYear: z.number().int().min(2020).max(2100), scheme: z.enum(['quarters', 'trimesters']).default('quarters') }).strict(),
  async run(_ctx, a) {
    return proposeYearPlan(a.startYear, a.scheme);
  },
});

const periodArgs = z.object({
  kind: z.enum(['quarter', 'half_year', 'trimester', 'year']),
  number: z.number().int().min(1).max(4),
  name: z.string().trim().min(1).max(40),
  startsOn: isoDate, endsOn: isoDate,
  gradeFrom: z.number().int().min(1).max(11), gradeTo: z.number().int().min(1).max(11),
}).strict();
const holidayArgs = z.object({
  name: z.string().trim().min(1, 'Название каникул: не заполнено').max(80),
  startsOn: isoDate, endsOn: isoDate,
  gradeFrom: z.number().int().min(1).max(11).default(1), gradeTo: z.number().int().min(1).max(11).default(11),
}).strict();

export const createYear = defineMethod({
  summary: 'Создать учебный год с периодами и каникулами (проверяется: у каждой параллели свои периоды без пропусков и пересечений)',
  access: 'administrator',
  input: z.object({
    name: z.string().trim().regex(/^\d{4}\/\d{4}$/, 'Название года: например, 2027/2028'),
    startsOn: isoDate, endsOn: isoDate,
    periods: z.array(periodArgs).min(2).max(30),
    holidays: z.array(holidayArgs).max(30).default([]),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    checkYearPlan(a);
    const school: { id: string } | undefined = await knex('school').first('id');
    if (!school) throw notFound('Школа ещё не создана.');
    const same: { id: string } | undefined = await knex('academic_year').where({ name: a.name }).first('id');
    if (same) throw new ServiceError('CONFLICT', `Учебный год ${a.name} уже есть.`);
    const overlap: { name: string } | undefined = await knex('academic_year').where('starts_on', '<=', a.endsOn).where('ends_on', '>=', a.startsOn).first('name');
    if (overlap) throw new ServiceError('CONFLICT', `Даты пересекаются с учебным годом ${overlap.name}.`);
    const yearId = newId();
    const today = toIsoDate(ctx.now());
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [
      { table: 'academic_year', id: yearId, set: { school_id: school.id, name: a.name, starts_on: a.startsOn, ends_on: a.endsOn, status: today >= a.startsOn ? 'open' : 'planned' } },
      ...a.periods.map((p) => ({ table: 'period' as const, id: newId(), set: { year_id: yearId, kind: p.kind, number: p.number, name: p.name, starts_on: p.startsOn, ends_on: p.endsOn, grade_from: p.gradeFrom, grade_to: p.gradeTo } })),
      ...a.holidays.map((h) => ({ table: 'holiday' as const, id: newId(), set: { year_id: yearId, name: h.name, starts_on: h.startsOn, ends_on: h.endsOn, grade_from: h.gradeFrom, grade_to: h.gradeTo, removed: 0 } })),
    ], { reason: `учебный год ${a.name}` });
    return { yearId };
  },
});

export const saveHoliday = defineMethod({
  summary: 'Добавить или изменить каникулы учебного года',
  access: 'administrator',
  input: z.object({ yearId: rowId, holidayId: rowId.optional(), holiday: holidayArgs, reason }).strict(),
  async run(ctx, a) {
    const year = await yearRow(ctx, a.yearId);
    const h = a.holiday;
    if (h.startsOn > h.endsOn) throw bad('Каникулы: начало должно быть не позже конца.');
    if (h.startsOn < year.starts_on || h.endsOn > year.ends_on) throw bad(`Каникулы выходят за учебный год (${formatRuDate(year.starts_on)} – ${formatRuDate(year.ends_on)}).`);
    if (h.gradeFrom > h.gradeTo) throw bad('Каникулы: классы «с» не больше, чем «по».');
    if (a.holidayId && !(await ctx.db.knex('holiday').where({ id: a.holidayId, year_id: year.id }).first('id'))) throw notFound('Каникулы не найдены.');
    const id = a.holidayId ?? newId();
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'holiday', id, set: {
      year_id: year.id, name: h.name, starts_on: h.startsOn, ends_on: h.endsOn, grade_from: h.gradeFrom, grade_to: h.gradeTo, removed: 0,
    } }], { reason: a.reason || `каникулы: ${h.name}` });
    return { holidayId: id };
  },
});

export const removeHoliday = defineMethod({
  summary: 'Отменить каникулы (запись остаётся в истории)',
  access: 'administrator',
  input: z.object({ holidayId: rowId, reason: z.string().trim().min(3, 'Укажите причину').max(200) }).strict(),
  async run(ctx, a) {
    const h: { id: string; removed: number } | undefined = await ctx.db.knex('holiday').where({ id: a.holidayId }).first('id', 'removed');
    if (!h) throw notFound('Каникулы не найдены.');
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'holiday', id: h.id, set: { removed: 1 } }], { reason: a.reason });
    return { removed: true };
  },
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в виде ЧЧ:ММ');

export const saveBells = defineMethod({
  summary: 'Расписание звонков: начало и конец каждого урока',
  access: 'administrator',
  input: z.object({ bells: z.array(z.object({ lessonNo: z.number().int().min(0).max(12), startsAt: hhmm, endsAt: hhmm }).strict()).min(1).max(13) }).strict(),
  async run(ctx, a) {
    const sorted = [...a.bells].sort((x, y) => x.lessonNo - y.lessonNo);
    sorted.forEach((b, i) => {
      if (b.startsAt >= b.endsAt) throw bad(`Урок ${b.lessonNo}: начало ${b.startsAt} должно быть раньше конца ${b.endsAt}.`);
      const prev = sorted[i - 1];
      if (prev && prev.lessonNo === b.lessonNo) throw bad(`Урок ${b.lessonNo} указан дважды.`);
      if (prev && prev.endsAt > b.startsAt) throw bad(`Урок ${b.lessonNo} начинается (${b.startsAt}) раньше, чем кончается урок ${prev.lessonNo} (${prev.endsAt}).`);
    });
    const existing: { id: string; lesson_no: number }[] = await ctx.db.knex('bell').select('id', 'lesson_no');
    const idOf = (no: number) => existing.find((e) => e.lesson_no === no)?.id ?? keyId('bell', String(no));
    await ctx.db.writer.write({ userId: userOf(ctx).id }, sorted.map((b) => ({ table: 'bell' as const, id: idOf(b.lessonNo), set: { lesson_no: b.lessonNo, starts_at: b.startsAt, ends_at: b.endsAt } })), { reason: 'расписание звонков' });
    return { saved: sorted.length };
  },
});

export const saveClass = defineMethod({
  summary: 'Добавить или изменить класс: параллель, буква, классный руководитель (получает роль), кабинет',
  access: 'administrator',
  input: z.object({
    yearId: rowId, classId: rowId.optional(),
    grade: z.number().int().min(1, 'Параллель: с 1 по 11').max(11, 'Параллель: с 1 по 11'),
    letter: z.string().trim().min(1, 'Буква класса: не заполнена').max(3).regex(/^[А-ЯЁ]+$/u, 'Буква класса: заглавная русская буква'),
    classTeacherId: rowId.nullable().default(null),
    room: z.string().trim().max(20).default(''),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const year = await yearRow(ctx, a.yearId);
    if (year.status === 'closed') throw new ServiceError('CONFLICT', 'Учебный год закрыт.');
    const name = `${a.grade}${a.letter}`;
    const clash: { id: string } | undefined = await knex('class').where({ year_id: year.id, name, retired: 0 }).whereNot('id', a.classId ?? '').first('id');
    if (clash) throw new ServiceError('CONFLICT', `Класс ${name} в этом году уже есть.`);
    if (a.classId && !(await knex('class').where({ id: a.classId, year_id: year.id }).first('id'))) throw notFound('Класс не найден.');
    const changes: RowChange[] = [];
    if (a.classTeacherId) {
      const t: { active: number } | undefined = await knex('staff').where({ id: a.classTeacherId }).first('active');
      if (!t || !t.active) throw bad('Классный руководитель: выберите работающего сотрудника.');
      const other: { name: string } | undefined = await knex('class').where({ year_id: year.id, class_teacher_id: a.classTeacherId, retired: 0 }).whereNot('id', a.classId ?? '').first('name');
      if (other) throw new ServiceError('CONFLICT', `Этот сотрудник уже классный руководитель ${other.name}.`);
      // The class teacher's role comes with the class (R-ROLE-3).
      const role: { id: string; revoked: number } | undefined = await knex('staff_role').where({ staff_id: a.classTeacherId, role: 'class_teacher' }).first('id', 'revoked');
      if (!role || role.revoked) changes.push({ table: 'staff_role', id: role?.id ?? keyId('staff_role', a.classTeacherId, 'class_teacher'), set: { staff_id: a.classTeacherId, role: 'class_teacher', revoked: 0 } });
    }
    const classId = a.classId ?? newId();
    changes.push({ table: 'class', id: classId, set: { year_id: year.id, grade: a.grade, letter: a.letter, name, class_teacher_id: a.classTeacherId, room: a.room, retired: 0 } });
    await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: `класс ${name}` });
    return { classId, name };
  },
});

export const removeClass = defineMethod({
  summary: 'Убрать класс: класс с уроками, отметками или учениками не удаляется — он расформировывается и остаётся в журнале',
  access: 'administrator',
  input: z.object({ classId: rowId, retire: z.boolean().default(false), reason: z.string().trim().min(3, 'Укажите причину').max(200) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const c: { id: string; name: string; retired: number } | undefined = await knex('class').where({ id: a.classId }).first('id', 'name', 'retired');
    if (!c) throw notFound('Класс не найден.');
    if (c.retired) throw new ServiceError('CONFLICT', `Класс ${c.name} уже расформирован.`);
    const lessons = await knex('lesson as l').join('teaching_assignment as t', 't.id', 'l.assignment_id').where('t.class_id', c.id).count<{ n: number }[]>({ n: 'l.id' });
    const students = await knex('enrolment').where({ class_id: c.id }).count<{ n: number }[]>({ n: 'id' });
    const used = Number(lessons[0]?.n ?? 0) + Number(students[0]?.n ?? 0);
    if (used > 0 && !a.retire) {
      throw new ServiceError('CONFLICT', `У класса ${c.name} есть уроки или ученики: удалить его нельзя, журнал — документ. Класс можно расформировать: он останется в журнале и архиве, но не будет предлагаться в настройке.`);
    }
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'class', id: c.id, set: { retired: 1 } }], { reason: a.reason });
    return { retired: true };
  },
});

export const setDeputyGrades = defineMethod({
  summary: 'Какие параллели курирует заместитель директора: экраны контроля и аттестация открываются на его классах',
  access: 'administrator',
  input: z.object({ staffId: rowId, grades: z.array(z.number().int().min(1).max(11)).max(11) }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const deputy = await knex('staff_role as r').join('staff as s', 's.id', 'r.staff_id').where({ 'r.staff_id': a.staffId, 'r.role': 'deputy', 'r.revoked': 0, 's.active': 1 }).first('s.id');
    if (!deputy) throw bad('Параллели назначаются заместителю директора: у этого сотрудника нет такой роли.');
    const want = new Set(a.grades);
    const rows: { id: string; grade: number; removed: number }[] = await knex('deputy_grade').where({ staff_id: a.staffId }).select('id', 'grade', 'removed');
    const changes: RowChange[] = [];
    for (const g of want) {
      const row = rows.find((r) => r.grade === g);
      if (!row || row.removed) changes.push({ table: 'deputy_grade', id: row?.id ?? keyId('deputy_grade', a.staffId, String(g)), set: { staff_id: a.staffId, grade: g, removed: 0 } });
    }
    for (const r of rows) if (!r.removed && !want.has(r.grade)) changes.push({ table: 'deputy_grade', id: r.id, set: { removed: 1 } });
    if (changes.length > 0) await ctx.db.writer.write({ userId: userOf(ctx).id }, changes, { reason: 'параллели заместителя директора' });
    return { grades: [...want].sort((x, y) => x - y) };
  },
});

export const deputyGrades = defineMethod({
  summary: 'Параллели, которые курируют заместители директора',
  access: 'signed-in',
  input: z.object({ staffId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const q = ctx.db.knex('deputy_grade').where({ removed: 0 });
    if (a.staffId) q.where({ staff_id: a.staffId });
    const rows: { staff_id: string; grade: number }[] = await q.orderBy('grade').select('staff_id', 'grade');
    return rows.map((r) => ({ staffId: r.staff_id, grade: r.grade }));
  },
});
