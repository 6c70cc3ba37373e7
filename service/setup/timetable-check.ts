// What a class's new timetable must not do (R-ROLE-6; issue 13, bad input): put a teacher
// or a room in two places at once, give the class two lessons in one slot (unless they are
// two subgroups of one split subject), use a lesson number without a bell. Hours against
// the teaching load are warnings: a teacher may carry a fortnightly hour.
import type { Knex } from 'knex';
import { WEEKDAY_NAMES } from '../../shared/dates';
import { ServiceError } from '../errors';

export interface SlotInput { readonly assignmentId: string; readonly weekday: number; readonly lessonNo: number; readonly room: string }

interface AssignmentRow { id: string; class_id: string; subgroup_id: string | null; teacher_id: string; hours_per_week: number; subject: string; teacher: string }

const slotWords = (weekday: number, lessonNo: number) => `${WEEKDAY_NAMES[weekday]}, ${lessonNo}-й урок`;

/** Refuses the timetable (VALIDATION, naming the slot) or returns the warnings about hours. */
export async function checkClassTimetable(knex: Knex, classId: string, from: string, slots: readonly SlotInput[]): Promise<string[]> {
  const mine: AssignmentRow[] = await knex('teaching_assignment as a').join('subject as s', 's.id', 'a.subject_id').join('staff as t', 't.id', 'a.teacher_id')
    .where('a.class_id', classId).select('a.id', 'a.class_id', 'a.subgroup_id', 'a.teacher_id', 'a.hours_per_week', 's.name as subject', 't.last_name as teacher');
  const byId = new Map(mine.map((a) => [a.id, a]));
  const bells = new Set((await knex('bell').select('lesson_no')).map((b: { lesson_no: number }) => b.lesson_no));
  const refuse = (message: string) => new ServiceError('VALIDATION', message);

  const inSlot = new Map<string, AssignmentRow[]>();
  for (const s of slots) {
    const a = byId.get(s.assignmentId);
    if (!a) throw refuse(`${slotWords(s.weekday, s.lessonNo)}: такой нагрузки в этом классе нет.`);
    if (!bells.has(s.lessonNo)) throw refuse(`${slotWords(s.weekday, s.lessonNo)}: для ${s.lessonNo}-го урока нет звонка в расписании звонков.`);
    const key = `${s.weekday}:${s.lessonNo}`;
    const here = inSlot.get(key) ?? [];
    if (here.some((x) => x.id === a.id)) throw refuse(`${slotWords(s.weekday, s.lessonNo)}: «${a.subject}» указан дважды.`);
    // Two lessons of the class at once only for subgroups of one split lesson.
    if (here.some((x) => !x.subgroup_id || !a.subgroup_id || x.subgroup_id === a.subgroup_id)) {
      throw refuse(`${slotWords(s.weekday, s.lessonNo)}: у класса уже стоит «${here[0]!.subject}»; два урока сразу бывают только у разных групп.`);
    }
    if (here.some((x) => x.teacher_id === a.teacher_id)) throw refuse(`${slotWords(s.weekday, s.lessonNo)}: учитель ${a.teacher} стоит на двух уроках сразу.`);
    here.push(a);
    inSlot.set(key, here);
  }
  // Other classes' timetables in force on `from`: the same teacher or room in the same slot.
  const others: { weekday: number; lesson_no: number; room: string; teacher_id: string; teacher: string; class_name: string }[] = await knex('timetable_entry as e')
    .join('teaching_assignment as a', 'a.id', 'e.assignment_id').join('class as c', 'c.id', 'a.class_id').join('staff as t', 't.id', 'a.teacher_id')
    .whereNot('a.class_id', classId).where('e.valid_from', '<=', from).where((w) => w.whereNull('e.valid_to').orWhere('e.valid_to', '>=', from))
    .where((w) => w.whereNull('a.ends_on').orWhere('a.ends_on', '>=', from))
    .select('e.weekday', 'e.lesson_no', 'e.room', 'a.teacher_id', 't.last_name as teacher', 'c.name as class_name');
  for (const s of slots) {
    const a = byId.get(s.assignmentId)!;
    for (const o of others) {
      if (o.weekday !== s.weekday || o.lesson_no !== s.lessonNo) continue;
      if (o.teacher_id === a.teacher_id) throw refuse(`${slotWords(s.weekday, s.lessonNo)}: учитель ${a.teacher} в это время ведёт урок в ${o.class_name}.`);
      if (s.room && o.room && o.room.toLocaleLowerCase('ru') === s.room.toLocaleLowerCase('ru')) throw refuse(`${slotWords(s.weekday, s.lessonNo)}: кабинет ${s.room} в это время занят (${o.class_name}).`);
    }
  }
  const warnings: string[] = [];
  for (const a of mine) {
    const n = slots.filter((s) => s.assignmentId === a.id).length;
    if (n !== Math.round(a.hours_per_week) && !(n === Math.floor(a.hours_per_week) && a.hours_per_week % 1 !== 0)) {
      warnings.push(`«${a.subject}» (${a.teacher}): в расписании ${n} ч в неделю, по нагрузке ${String(a.hours_per_week).replace('.', ',')} ч.`);
    }
  }
  return warnings;
}
