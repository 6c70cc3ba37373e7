// The timetable (R-ROLE-6): a lesson of the week a row — class, day, lesson number,
// subject, teacher, room. The row's teaching assignment (the teacher × class × subject of
// the year) is found, or made with the row when the school has none yet, its hours the
// number of the file's lessons for it. A class that does not exist, a teacher or a room in
// two places at the same time (in the file, or against the timetable already there) are
// errors of the row.
import type { Knex } from 'knex';
import { newId } from '../../db/ids';
import { shortName } from '../../shared/format';
import { subjectsByName } from './curriculum';
import { classesOfYear, normClassName, normName, ruDate, RowPlan, yearWords, type KindDef, type MappedRow, type PlanContext, type PlannedRow } from './kind';

const FIELDS = [
  { field: 'class', label: 'Класс', required: true, width: 8 },
  { field: 'weekday', label: 'День недели', required: true, aliases: ['день'], width: 14 },
  { field: 'lesson_no', label: 'Урок', required: true, aliases: ['номер урока', '№ урока', 'урок №'], width: 8 },
  { field: 'subject', label: 'Предмет', required: true, width: 28 },
  { field: 'teacher', label: 'Учитель', required: true, aliases: ['преподаватель', 'педагог', 'фио учителя'], width: 24 },
  { field: 'room', label: 'Кабинет', aliases: ['каб', 'аудитория'], width: 10 },
  { field: 'valid_from', label: 'Действует с', aliases: ['с даты'], width: 14 },
] as const;

const DAYS = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];
const DAY_SHORT = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб'];
const DAY_CASES: Record<string, number> = { среду: 3, пятницу: 5, субботу: 6 };
const DAY_WORDS = ['', 'понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу'];

function weekdayOf(t: string): number | null {
  const v = normName(t).replace(/\.$/, '');
  if (/^[1-6]$/.test(v)) return Number(v);
  const i = DAYS.indexOf(v);
  if (i >= 0) return i + 1;
  const s = DAY_SHORT.indexOf(v.slice(0, 2));
  if (s >= 0 && (v.length === 2 || DAYS[s]!.startsWith(v))) return s + 1;
  return DAY_CASES[v] ?? null;
}

export interface TeacherIndex {
  find(text: string): { id: string; name: string } | 'ambiguous' | null;
}

/** Teachers by login, full name, «Фамилия И. О.» or «Фамилия И.О.». */
export async function teacherIndex(knex: Knex): Promise<TeacherIndex> {
  const staff: { id: string; login: string; last_name: string; first_name: string; middle_name: string }[] = await knex('staff').where({ active: 1 }).select('id', 'login', 'last_name', 'first_name', 'middle_name');
  const keys = new Map<string, Set<string>>();
  const names = new Map<string, string>();
  const add = (k: string, id: string) => keys.set(k, (keys.get(k) ?? new Set()).add(id));
  const compact = (s: string) => normName(s).replace(/[\s.]+/g, '');
  for (const s of staff) {
    names.set(s.id, shortName(s.last_name, s.first_name, s.middle_name));
    add(`login:${s.login.toLowerCase()}`, s.id);
    add(compact(`${s.last_name} ${s.first_name} ${s.middle_name}`), s.id);
    add(compact(shortName(s.last_name, s.first_name, s.middle_name)), s.id);
    add(compact(`${s.last_name} ${s.first_name.slice(0, 1)}`), s.id);
  }
  return {
    find(text) {
      const ids = keys.get(`login:${text.toLowerCase()}`) ?? keys.get(compact(text));
      if (!ids) return null;
      if (ids.size > 1) return 'ambiguous';
      const id = [...ids][0]!;
      return { id, name: names.get(id)! };
    },
  };
}

interface Slot { row: number; className: string }

async function plan(ctx: PlanContext, rows: readonly MappedRow[]): Promise<PlannedRow[]> {
  const { knex, year } = ctx;
  const classes = await classesOfYear(knex, year.id);
  const subjects = await subjectsByName(knex);
  const teachers = await teacherIndex(knex);
  const assignments: { id: string; teacher_id: string; class_id: string; subject_id: string }[] = await knex('teaching_assignment').where({ year_id: year.id }).whereNull('ends_on')
    .select('id', 'teacher_id', 'class_id', 'subject_id');
  // The timetable in force: entries of the year's assignments not ended.
  const entries: { id: string; assignment_id: string; weekday: number; lesson_no: number; room: string; teacher_id: string; class_name: string }[] = await knex('timetable_entry as t')
    .join('teaching_assignment as a', 'a.id', 't.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .where('a.year_id', year.id).whereNull('t.valid_to').select('t.id', 't.assignment_id', 't.weekday', 't.lesson_no', 't.room', 'a.teacher_id', 'c.name as class_name');
  const newAssignments = new Map<string, { id: string; hours: number; insert: Record<string, string | number | null> }>();
  const teacherBusy = new Map<string, Slot>();
  const roomBusy = new Map<string, Slot>();
  const seenEntry = new Map<string, number>();

  const planned = rows.map((src) => {
    const p = new RowPlan(src);
    const className = p.required('class', 'Класс');
    const cls = className ? classes.get(normClassName(className)) : undefined;
    if (className && !cls) p.error('class', `класса «${className}» нет в ${yearWords(year)}. Сначала заведите класс или исправьте название`);
    const dayText = p.required('weekday', 'День недели');
    const day = dayText ? weekdayOf(dayText) : null;
    if (dayText && day === null) p.error('weekday', `День недели: «${dayText}» — нужен день с понедельника по субботу (пн, вт … или 1–6)`);
    const lessonNo = p.number('lesson_no', 'Номер урока', { required: true, min: 0, max: 12, integer: true });
    const subjectName = p.required('subject', 'Предмет');
    const subject = subjectName ? subjects.get(normName(subjectName)) : undefined;
    if (subjectName && !subject) p.error('subject', `предмета «${subjectName}» нет в списке предметов школы. Загрузите сначала учебный план или исправьте название`);
    const teacherText = p.required('teacher', 'Учитель');
    const teacher = teacherText ? teachers.find(teacherText) : null;
    if (teacherText && teacher === null) p.error('teacher', `учителя «${teacherText}» нет в списке сотрудников. Загрузите сначала сотрудников или исправьте ФИО`);
    if (teacher === 'ambiguous') p.error('teacher', `«${teacherText}» — так записано несколько сотрудников; укажите полностью ФИО или логин`);
    const room = src.text('room').slice(0, 20);
    const from = p.date('valid_from', 'Действует с', false) ?? year.starts_on;
    if (from < year.starts_on || from > year.ends_on) p.error('valid_from', `Дата ${ruDate(from)} вне учебного года (${ruDate(year.starts_on)} – ${ruDate(year.ends_on)})`);
    p.label = [cls?.name ?? className, DAYS[(day ?? 0) - 1] ?? dayText, lessonNo !== null ? `${lessonNo} урок` : '', subjectName, typeof teacher === 'object' && teacher ? teacher.name : teacherText].filter(Boolean).join(', ');
    if (!cls || day === null || lessonNo === null || !subject || !teacher || teacher === 'ambiguous' || p.errors.length > 0) return { p, key: null };

    const time = `${day}|${lessonNo}`;
    const when = `в ${DAY_WORDS[day]} на ${lessonNo} уроке`;
    const entryKey = `${cls.id}|${subject.id}|${teacher.id}|${time}`;
    const same = seenEntry.get(entryKey);
    if (same !== undefined) {
      p.error('lesson_no', `этот урок уже есть в строке ${same}`);
      return { p, key: null };
    }
    seenEntry.set(entryKey, src.row);
    // The teacher and the room: one place at a time, in the file …
    const busy = teacherBusy.get(`${teacher.id}|${time}`);
    if (busy && busy.className !== cls.name) p.error('teacher', `${teacher.name} ${when} уже ведёт урок в ${busy.className} (строка ${busy.row}): учитель не может быть в двух местах одновременно`);
    else teacherBusy.set(`${teacher.id}|${time}`, { row: src.row, className: cls.name });
    if (room) {
      const taken = roomBusy.get(`${normName(room)}|${time}`);
      if (taken && taken.className !== cls.name) p.error('room', `кабинет ${room} ${when} уже занят ${taken.className} (строка ${taken.row})`);
      else roomBusy.set(`${normName(room)}|${time}`, { row: src.row, className: cls.name });
    }
    let assignment = assignments.find((a) => a.teacher_id === teacher.id && a.class_id === cls.id && a.subject_id === subject.id);
    // … and against the timetable in force, outside this row's own lessons.
    const mine = assignment ? entries.find((e) => e.assignment_id === assignment!.id && e.weekday === day && e.lesson_no === lessonNo) : undefined;
    const clash = entries.find((e) => e !== mine && e.teacher_id === teacher.id && e.weekday === day && e.lesson_no === lessonNo);
    if (clash) p.error('teacher', `${teacher.name} ${when} уже ведёт урок в ${clash.class_name} по расписанию: учитель не может быть в двух местах одновременно`);
    const roomClash = room ? entries.find((e) => e !== mine && normName(e.room) === normName(room) && e.weekday === day && e.lesson_no === lessonNo && !(assignment && e.assignment_id === assignment.id)) : undefined;
    if (roomClash) p.error('room', `кабинет ${room} ${when} уже занят ${roomClash.class_name} по расписанию`);
    if (p.errors.length > 0) return { p, key: null };

    if (mine) {
      if (normName(mine.room) === normName(room)) {
        p.note = 'уже есть в расписании';
        return { p, key: null, fate: 'duplicate' as const };
      }
      p.change({ table: 'timetable_entry', id: mine.id, set: { room } });
      p.note = `кабинет: ${mine.room || '—'} → ${room || '—'}`;
      return { p, key: null, fate: 'update' as const };
    }
    if (!assignment) {
      const k = `${teacher.id}|${cls.id}|${subject.id}`;
      let made = newAssignments.get(k);
      if (!made) {
        const id = newId();
        made = { id, hours: 0, insert: { id, year_id: year.id, teacher_id: teacher.id, class_id: cls.id, subgroup_id: null, subject_id: subject.id, hours_per_week: 1, starts_on: year.starts_on, ends_on: null } };
        newAssignments.set(k, made);
        p.note = `новая нагрузка: ${teacher.name}, ${subjectName}, ${cls.name}`;
      }
      made.hours++;
      assignment = { id: made.id, teacher_id: teacher.id, class_id: cls.id, subject_id: subject.id };
      p.insert('timetable_entry', { id: newId(), assignment_id: made.id, weekday: day, lesson_no: lessonNo, room, valid_from: from, valid_to: null });
      return { p, key: k };
    }
    p.insert('timetable_entry', { id: newId(), assignment_id: assignment.id, weekday: day, lesson_no: lessonNo, room, valid_from: from, valid_to: null });
    return { p, key: null };
  });
  // A new assignment goes with the first row of its lessons, its hours their number.
  const placed = new Set<string>();
  return planned.map(({ p, key, fate }: { p: RowPlan; key: string | null; fate?: 'duplicate' | 'update' }) => {
    if (key && !placed.has(key) && p.errors.length === 0) {
      placed.add(key);
      const made = newAssignments.get(key)!;
      p.inserts.unshift({ table: 'teaching_assignment', row: { ...made.insert, hours_per_week: made.hours } });
    }
    return p.done(fate ?? 'new');
  });
}

async function exportRows(ctx: PlanContext) {
  const rows: { class_name: string; grade: number; letter: string; weekday: number; lesson_no: number; subject: string; last_name: string; first_name: string; middle_name: string; room: string; valid_from: string }[] =
    await ctx.knex('timetable_entry as t').join('teaching_assignment as a', 'a.id', 't.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .join('subject as s', 's.id', 'a.subject_id').join('staff as st', 'st.id', 'a.teacher_id').where('a.year_id', ctx.year.id).whereNull('t.valid_to')
      .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 't.weekday' }, { column: 't.lesson_no' }])
      .select('c.name as class_name', 'c.grade', 'c.letter', 't.weekday', 't.lesson_no', 's.name as subject', 'st.last_name', 'st.first_name', 'st.middle_name', 't.room', 't.valid_from');
  return rows.map((r) => [r.class_name, DAYS[r.weekday - 1] ?? String(r.weekday), r.lesson_no, r.subject, shortName(r.last_name, r.first_name, r.middle_name), r.room,
    r.valid_from === ctx.year.starts_on ? null : new Date(`${r.valid_from}T00:00:00Z`)]);
}

export const timetable: KindDef = {
  kind: 'timetable',
  title: 'Расписание',
  fields: FIELDS,
  reason: 'загрузка расписания из файла',
  plan,
  exportRows,
};
