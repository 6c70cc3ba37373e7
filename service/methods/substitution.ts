// Substitutions (R-ROLE-2, R-ROLE-4): a deputy records that teacher B replaces teacher A
// for a date range or for single lessons chosen from A's timetable. B can then fill those
// lessons, and each lesson keeps both names (teacher_id stays A, substitute_teacher_id is
// B). When B has a lesson of their own at that time (their timetable, or a lesson they
// already substitute), the deputy is warned and confirms or chooses someone else.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { RowChange } from '../../db/journal-writer';
import { newId } from '../../db/ids';
import { scheduledLessons } from '../../db/queries/scheduled-lessons';
import { shortNameSql } from '../../db/queries/short-name';
import { yearOn } from '../../db/queries/year';
import { lessonIdOf } from '../../db/setup/lesson-slots';
import { addDays, formatRuDate } from '../../shared/dates';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';

/** The longest range whose lessons are listed one by one. */
const MAX_LIST_DAYS = 31;

const slot = z.object({ assignmentId: rowId, date: isoDate, lessonNo: z.number().int().min(0).max(12) }).strict();
type Slot = z.output<typeof slot>;

const slotKey = (s: { date: string; lessonNo: number }) => `${s.date}|${s.lessonNo}`;

/** A lesson of the substitute's own at a date and lesson number: «7Б, математика» or «замена: 5А, русский язык». */
interface BusyAt {
  date: string;
  lessonNo: number;
  what: string;
}

/**
 * What the substitute already has at each (date, lesson number) of `at`: their own pages'
 * lessons by the timetable (or recorded), and lessons they substitute for, except `ignore`.
 */
async function busyAt(knex: Knex, yearId: string, substituteId: string, at: readonly { date: string; lessonNo: number }[], ignore: ReadonlySet<string>): Promise<BusyAt[]> {
  if (at.length === 0) return [];
  const wanted = new Set(at.map(slotKey));
  const dates = at.map((s) => s.date).sort();
  const from = dates[0]!, to = dates[dates.length - 1]!;
  const names = async (ids: string[]) => new Map((await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
    .whereIn('a.id', ids).select('a.id', 'c.name as className', 's.name as subject') as { id: string; className: string; subject: string }[])
    .map((r) => [r.id, `${r.className}, ${r.subject.toLocaleLowerCase('ru')}`]));
  const out = new Map<string, BusyAt>();
  const own = (await scheduledLessons(knex, { yearId, from, to, teacherIds: [substituteId] })).filter((p) => wanted.has(slotKey(p)) && !ignore.has(p.id));
  // Recorded lessons too: their own (the timetable may have changed) and those they substitute for.
  const recorded: { id: string; assignment_id: string; date: string; lesson_no: number; own: number }[] = await knex('lesson as l')
    .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
    .where('l.cancelled', 0).whereBetween('l.date', [from, to])
    .where((w) => w.where('l.substitute_teacher_id', substituteId).orWhere((o) => o.where('a.teacher_id', substituteId).whereNull('l.substitute_teacher_id')))
    .select('l.id', 'l.assignment_id', 'l.date', 'l.lesson_no', knex.raw('a.teacher_id = ? AS own', [substituteId]));
  const mine = recorded.filter((l) => wanted.has(slotKey({ date: l.date, lessonNo: l.lesson_no })) && !ignore.has(l.id));
  const label = await names([...new Set([...own.map((p) => p.assignmentId), ...mine.map((l) => l.assignment_id)])]);
  for (const p of own) out.set(slotKey(p), { date: p.date, lessonNo: p.lessonNo, what: label.get(p.assignmentId) ?? '' });
  for (const l of mine) {
    const key = slotKey({ date: l.date, lessonNo: l.lesson_no });
    if (Number(l.own) === 1 && out.has(key)) continue;
    out.set(key, { date: l.date, lessonNo: l.lesson_no, what: `${Number(l.own) === 1 ? '' : 'замена: '}${label.get(l.assignment_id) ?? ''}` });
  }
  return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo));
}

function busyMessage(busy: readonly BusyAt[]): string {
  const shown = busy.slice(0, 5).map((b) => `${formatRuDate(b.date)}, ${b.lessonNo}-й урок — ${b.what}`).join('; ');
  const more = busy.length > 5 ? ` и ещё ${busy.length - 5}` : '';
  return `У заменяющего учителя в это время свои уроки: ${shown}${more}. Выберите другого учителя или подтвердите замену, если он проведёт оба урока (например, объединив классы).`;
}

export const lessons = defineMethod({
  summary: 'Уроки отсутствующего учителя по расписанию в период дат — для замены отдельных уроков; с тем, кто уже заменяет, и занятостью заменяющего',
  access: 'deputies',
  input: z.object({ absentTeacherId: rowId, from: isoDate, to: isoDate, substituteTeacherId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    if (a.to < a.from) throw new ServiceError('VALIDATION', 'Дата окончания раньше даты начала: проверьте даты.');
    if (a.to > addDays(a.from, MAX_LIST_DAYS - 1)) throw new ServiceError('VALIDATION', `Уроки по одному выбираются не больше чем на ${MAX_LIST_DAYS} день; для долгой замены укажите период дат.`);
    const year = await yearOn(knex, a.from);
    if (!year) throw notFound('В базе нет учебного года.');
    const planned = await scheduledLessons(knex, { yearId: year.id, from: a.from, to: a.to, teacherIds: [a.absentTeacherId] });
    const ids = planned.map((p) => p.id);
    const recorded = new Map((ids.length === 0 ? [] : await knex('lesson as l').leftJoin('staff as s', 's.id', 'l.substitute_teacher_id')
      .whereIn('l.id', ids).select('l.id', 'l.cancelled', 'l.topic', knex.raw(`${shortNameSql('s')} AS substitute`)) as { id: string; cancelled: number; topic: string; substitute: string | null }[])
      .map((l) => [l.id, l]));
    const names = new Map((await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
      .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id').whereIn('a.id', [...new Set(planned.map((p) => p.assignmentId))])
      .select('a.id', 'c.name as className', 's.name as subject', 'g.name as subgroup') as { id: string; className: string; subject: string; subgroup: string | null }[])
      .map((r) => [r.id, r]));
    const bells = new Map((await knex('bell').select('lesson_no', 'starts_at', 'ends_at') as { lesson_no: number; starts_at: string; ends_at: string }[]).map((b) => [b.lesson_no, b]));
    const busy = a.substituteTeacherId ? await busyAt(knex, year.id, a.substituteTeacherId, planned, new Set(ids)) : [];
    const busyOf = new Map(busy.map((b) => [slotKey(b), b.what]));
    return {
      lessons: planned
        .filter((p) => recorded.get(p.id)?.cancelled !== 1)
        .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.lessonNo - y.lessonNo))
        .map((p) => {
          const n = names.get(p.assignmentId);
          const l = recorded.get(p.id);
          return {
            assignmentId: p.assignmentId, date: p.date, lessonNo: p.lessonNo,
            startsAt: bells.get(p.lessonNo)?.starts_at ?? '', endsAt: bells.get(p.lessonNo)?.ends_at ?? '',
            className: n?.className ?? '', subject: n?.subject ?? '', subgroup: n?.subgroup ?? null,
            /** The recorded lesson, when there is one (else it is made with the substitution). */
            lessonId: l ? p.id : null,
            /** Who substitutes already (a short name). */
            substitute: l?.substitute ?? null,
            /** What the chosen substitute has at that time. */
            busy: busyOf.get(slotKey(p)) ?? null,
          };
        }),
    };
  },
});

export const record = defineMethod({
  summary: 'Записать замену: учитель B заменяет учителя A в период дат или на выбранных уроках; предупреждает, если у B в это время свой урок (заместитель директора)',
  access: 'deputies',
  input: z.object({
    absentTeacherId: rowId,
    substituteTeacherId: rowId,
    /** A date range: every lesson of the absent teacher on those days. */
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
    /** Single lessons of the absent teacher's timetable (instead of a range). */
    lessons: z.array(slot).min(1).max(60).optional(),
    /** One recorded lesson within the range. */
    lessonId: rowId.optional(),
    reason: z.string().trim().min(3, 'Укажите причину замены (болезнь, курсы, …)').max(300),
    /** The deputy saw that the substitute has lessons of their own at that time, and confirms. */
    confirmBusy: z.boolean().optional(),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    const knex = ctx.db.knex;
    if (a.absentTeacherId === a.substituteTeacherId) throw new ServiceError('VALIDATION', 'Учитель не может заменять сам себя: выберите другого заменяющего учителя.');
    if (a.lessons && (a.startsOn || a.endsOn || a.lessonId)) throw new ServiceError('VALIDATION', 'Укажите либо период дат, либо отдельные уроки, но не то и другое сразу.');
    if (!a.lessons && (!a.startsOn || !a.endsOn)) throw new ServiceError('VALIDATION', 'Укажите даты замены (с какого по какое число) или выберите отдельные уроки.');
    if (a.startsOn && a.endsOn && a.endsOn < a.startsOn) throw new ServiceError('VALIDATION', 'Дата окончания замены раньше даты начала: проверьте даты.');
    const teachers: { id: string }[] = await knex('staff').whereIn('id', [a.absentTeacherId, a.substituteTeacherId]).where({ active: 1 }).select('id');
    if (teachers.length !== 2) throw notFound('Учитель не найден или его учётная запись отключена.');
    const subIsTeacher = await knex('staff_role').where({ staff_id: a.substituteTeacherId, revoked: 0 }).whereIn('role', ['teacher', 'class_teacher']).first('id');
    if (!subIsTeacher) throw new ServiceError('VALIDATION', 'Заменять урок может только учитель: выберите сотрудника с ролью учителя.');

    const id = newId(ctx.now().getTime());
    const changes: RowChange[] = [];
    let affected: string[];
    let busy: BusyAt[];
    let created = 0;
    const ids: string[] = [];
    if (a.lessons) {
      // Single lessons: each must be a lesson of the absent teacher's timetable.
      const chosen = [...new Map(a.lessons.map((s) => [lessonIdOf(s.assignmentId, s.date, s.lessonNo), s])).entries()];
      const dates = chosen.map(([, s]) => s.date).sort();
      const year = await yearOn(knex, dates[0]!);
      if (!year) throw notFound('В базе нет учебного года.');
      const planned = new Set((await scheduledLessons(knex, { yearId: year.id, from: dates[0]!, to: dates[dates.length - 1]!, teacherIds: [a.absentTeacherId] })).map((p) => p.id));
      const rows = new Map((await knex('lesson').whereIn('id', chosen.map(([lid]) => lid)).select('id', 'cancelled', 'assignment_id') as { id: string; cancelled: number }[]).map((l) => [l.id, l]));
      for (const [lid, s] of chosen) {
        const row = rows.get(lid);
        if (!planned.has(lid) && !row) {
          throw new ServiceError('VALIDATION', `${formatRuDate(s.date)}, ${s.lessonNo}-й урок: такого урока нет в расписании отсутствующего учителя. Выберите урок из списка.`);
        }
        if (row?.cancelled === 1) throw new ServiceError('VALIDATION', `${formatRuDate(s.date)}, ${s.lessonNo}-й урок отменён: замена для него не нужна.`);
      }
      const owner = await knex('teaching_assignment').whereIn('id', [...new Set(chosen.map(([, s]) => s.assignmentId))]).whereNot('teacher_id', a.absentTeacherId).first('id');
      if (owner) throw new ServiceError('VALIDATION', 'Выбранный урок ведёт не отсутствующий учитель. Выберите уроки из его расписания.');
      busy = await busyAt(knex, year.id, a.substituteTeacherId, chosen.map(([, s]) => s), new Set(chosen.map(([lid]) => lid)));
      if (busy.length > 0 && !a.confirmBusy) throw new ServiceError('NEEDS_CONFIRMATION', busyMessage(busy), { busy });
      for (const [lid, s] of chosen) {
        if (rows.has(lid)) changes.push({ table: 'lesson', id: lid, set: { substitute_teacher_id: a.substituteTeacherId } });
        else {
          // A lesson not opened yet: its empty record with the substitute, as the
          // timetable has it (the rule book lets a deputy make only such a row).
          created++;
          changes.push({ table: 'lesson', id: lid, set: lessonRow(s, a.absentTeacherId, a.substituteTeacherId) });
        }
        const sid = ids.length === 0 ? id : newId(ctx.now().getTime());
        ids.push(sid);
        changes.push(substitutionRow(sid, a, user.id, s.date, s.date, lid));
      }
      affected = chosen.map(([lid]) => lid);
    } else {
      const startsOn = a.startsOn!, endsOn = a.endsOn!;
      // The absent teacher's lessons already recorded in the range get the substitute now;
      // lessons opened later get it from journal.openLesson.
      const lessonsQ = knex('lesson as l').join('teaching_assignment as t', 't.id', 'l.assignment_id')
        .where('t.teacher_id', a.absentTeacherId).where('l.cancelled', 0).whereBetween('l.date', [startsOn, endsOn]);
      if (a.lessonId) lessonsQ.where('l.id', a.lessonId);
      const recorded: { id: string; date: string; lesson_no: number }[] = await lessonsQ.select('l.id', 'l.date', 'l.lesson_no');
      if (a.lessonId && recorded.length === 0) throw notFound('Урок этого учителя в указанные даты не найден.');
      const year = await yearOn(knex, startsOn);
      const planned = !year || a.lessonId ? [] : await scheduledLessons(knex, { yearId: year.id, from: startsOn, to: endsOn, teacherIds: [a.absentTeacherId] });
      const at = new Map<string, { id: string; date: string; lessonNo: number }>();
      for (const p of planned) at.set(p.id, { id: p.id, date: p.date, lessonNo: p.lessonNo });
      for (const l of recorded) at.set(l.id, { id: l.id, date: l.date, lessonNo: l.lesson_no });
      busy = year ? await busyAt(knex, year.id, a.substituteTeacherId, [...at.values()], new Set(at.keys())) : [];
      if (busy.length > 0 && !a.confirmBusy) throw new ServiceError('NEEDS_CONFIRMATION', busyMessage(busy), { busy });
      ids.push(id);
      changes.push(substitutionRow(id, a, user.id, startsOn, endsOn, a.lessonId ?? null));
      changes.push(...recorded.map((l) => ({ table: 'lesson' as const, id: l.id, set: { substitute_teacher_id: a.substituteTeacherId } })));
      affected = recorded.map((l) => l.id);
    }
    await ctx.db.writer.write({ userId: user.id }, changes, { reason: `замена: ${a.reason}` });
    return { substitutionId: id, substitutionIds: ids, lessons: affected.length, created, busy };
  },
});

function substitutionRow(id: string, a: { absentTeacherId: string; substituteTeacherId: string; reason: string }, by: string, startsOn: string, endsOn: string, lessonId: string | null): RowChange {
  return {
    table: 'substitution', id,
    set: {
      absent_teacher_id: a.absentTeacherId, substitute_teacher_id: a.substituteTeacherId, lesson_id: lessonId,
      starts_on: startsOn, ends_on: endsOn, reason: a.reason, recorded_by: by, cancelled: 0,
    },
  };
}

function lessonRow(s: Slot, teacherId: string, substituteId: string): RowChange['set'] {
  return {
    assignment_id: s.assignmentId, date: s.date, lesson_no: s.lessonNo, teacher_id: teacherId,
    substitute_teacher_id: substituteId, plan_item_id: null, topic: '', lesson_type: '', homework: '', cancelled: 0,
  };
}

export const list = defineMethod({
  summary: 'Замены в период дат',
  access: 'signed-in',
  input: z.object({ from: isoDate, to: isoDate }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const rows: {
      id: string; startsOn: string; endsOn: string; lessonId: string | null; reason: string; absentTeacher: string; substituteTeacher: string;
      lessonNo: number | null; className: string | null; subject: string | null;
    }[] = await knex('substitution as s')
      .join('staff as x', 'x.id', 's.absent_teacher_id')
      .join('staff as y', 'y.id', 's.substitute_teacher_id')
      .leftJoin('lesson as l', 'l.id', 's.lesson_id')
      .leftJoin('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .leftJoin('class as c', 'c.id', 'a.class_id')
      .leftJoin('subject as sub', 'sub.id', 'a.subject_id')
      .where('s.cancelled', 0).where('s.starts_on', '<=', a.to).where('s.ends_on', '>=', a.from)
      .orderBy([{ column: 's.starts_on' }, { column: 'l.lesson_no' }])
      .select('s.id', 's.starts_on as startsOn', 's.ends_on as endsOn', 's.lesson_id as lessonId', 's.reason',
        knex.raw(`${shortNameSql('x')} AS absentTeacher`), knex.raw(`${shortNameSql('y')} AS substituteTeacher`),
        'l.lesson_no as lessonNo', 'c.name as className', 'sub.name as subject');
    return rows;
  },
});
