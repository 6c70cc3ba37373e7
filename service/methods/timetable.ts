// A teacher's day: their timetable with the lessons already recorded; a class's week; and
// the administrator's timetable of a class from a date, with its lessons regenerated.
import { z } from 'zod';
import { newId } from '../../db/ids';
import type { RowChange } from '../../db/journal-writer';
import { teacherDay } from '../../db/queries/timetable';
import { applyLessonPlanChange, lessonPlanChange } from '../../db/setup/generate-lessons';
import { addDays, formatRuDate, toIsoDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { insideYear, openClass } from '../people/enrolment';
import { checkClassTimetable } from '../setup/timetable-check';

export const day = defineMethod({
  summary: 'Расписание учителя на день (по умолчанию — сегодня)',
  access: 'signed-in',
  input: z.object({ date: isoDate.optional() }).strict(),
  async run(ctx, args) {
    return teacherDay(ctx.db.knex, userOf(ctx).id, args.date ?? toIsoDate(ctx.now()));
  },
});

// ---- the administrator's timetable of a class (R-ROLE-6) ----------------------------------

const slotArgs = z.object({
  assignmentId: rowId,
  weekday: z.number().int().min(1, 'День недели: с понедельника (1) по субботу (6)').max(6, 'День недели: с понедельника (1) по субботу (6)'),
  lessonNo: z.number().int().min(0).max(12),
  room: z.string().trim().max(20).default(''),
}).strict();

export const week = defineMethod({
  summary: 'Расписание класса на неделю, действующее на дату',
  access: 'signed-in',
  input: z.object({ classId: rowId, date: isoDate.optional() }).strict(),
  async run(ctx, a) {
    const date = a.date ?? toIsoDate(ctx.now());
    const rows: { id: string; assignment_id: string; weekday: number; lesson_no: number; room: string; subject: string; teacher: string; subgroup: string | null; valid_from: string }[] = await ctx.db.knex('timetable_entry as e')
      .join('teaching_assignment as a', 'a.id', 'e.assignment_id').join('subject as s', 's.id', 'a.subject_id').join('staff as t', 't.id', 'a.teacher_id')
      .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id')
      .where('a.class_id', a.classId).where('e.valid_from', '<=', date).where((w) => w.whereNull('e.valid_to').orWhere('e.valid_to', '>=', date))
      .orderBy(['e.weekday', 'e.lesson_no']).select('e.id', 'e.assignment_id', 'e.weekday', 'e.lesson_no', 'e.room', 's.name as subject', 't.last_name as teacher', 'g.name as subgroup', 'e.valid_from');
    return rows.map((r) => ({ entryId: r.id, assignmentId: r.assignment_id, weekday: r.weekday, lessonNo: r.lesson_no, room: r.room, subject: r.subject, teacher: r.teacher, subgroup: r.subgroup, validFrom: r.valid_from }));
  },
});

export const save = defineMethod({
  summary: 'Расписание класса с даты: проверяется, что учитель и кабинет не в двух местах сразу; уроки с этой даты пересоздаются, заполненные не трогаются',
  access: 'administrator',
  input: z.object({
    classId: rowId,
    /** In force from this date; the timetable before it stays as it was. */
    from: isoDate,
    slots: z.array(slotArgs).max(80),
    /** Regenerate the lessons from `from` (default: yes). */
    regenerate: z.boolean().default(true),
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const cls = await openClass(knex, a.classId);
    insideYear(cls, a.from, 'Дата начала расписания');
    const warnings = await checkClassTimetable(knex, cls.id, a.from, a.slots);
    const current: { id: string; assignment_id: string; weekday: number; lesson_no: number; room: string; valid_from: string }[] = await knex('timetable_entry as e')
      .join('teaching_assignment as t', 't.id', 'e.assignment_id').where('t.class_id', cls.id)
      .where((w) => w.whereNull('e.valid_to').orWhere('e.valid_to', '>=', a.from))
      .select('e.id', 'e.assignment_id', 'e.weekday', 'e.lesson_no', 'e.room', 'e.valid_from');
    const same = (e: (typeof current)[number], s: (typeof a.slots)[number]) => e.assignment_id === s.assignmentId && e.weekday === s.weekday && e.lesson_no === s.lessonNo && e.room === s.room;
    const changes: RowChange[] = [];
    for (const e of current) {
      if (a.slots.some((s) => same(e, s))) continue; // unchanged: kept as it is
      // An entry that had not started yet never takes effect; one in force ends the day before.
      changes.push({ table: 'timetable_entry', id: e.id, set: { valid_to: addDays(e.valid_from >= a.from ? e.valid_from : a.from, -1) } });
    }
    for (const s of a.slots) {
      if (current.some((e) => same(e, s))) continue;
      changes.push({ table: 'timetable_entry', id: newId(), set: { assignment_id: s.assignmentId, weekday: s.weekday, lesson_no: s.lessonNo, room: s.room, valid_from: a.from, valid_to: null } });
    }
    const user = userOf(ctx);
    if (changes.length > 0) await ctx.db.writer.write({ userId: user.id }, changes, { reason: `расписание ${cls.name} с ${formatRuDate(a.from)}` });
    let lessons = null;
    if (a.regenerate && changes.length > 0) {
      const change = await lessonPlanChange(knex, cls.year_id, a.from, cls.ends_on);
      await applyLessonPlanChange(ctx.db, { userId: user.id }, change, `уроки по расписанию ${cls.name} с ${formatRuDate(a.from)}`);
      lessons = { created: change.create.length, cancelled: change.cancel.length, restored: change.restore.length, keptWithEntries: change.keptWithEntries.length };
    }
    return { changed: changes.length, warnings, lessons };
  },
});
