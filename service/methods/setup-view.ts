// What the administrator's guided setup of the year (R-ROLE-6) shows when a step is opened
// again: the years, and of one year its periods, holidays, classes with their class teachers
// and rooms, the teaching load; the bells of the school. Read only: each step saves through
// setup.ts, curriculum.ts and timetable.ts.
import { z } from 'zod';
import { toIsoDate } from '../../shared/dates';
import { rowId } from '../args';
import { defineMethod } from '../define';

export const year = defineMethod({
  summary: 'Настройка учебного года: годы, периоды и каникулы года, звонки, классы и нагрузка — для шагов настройки',
  access: 'administrator',
  input: z.object({ yearId: rowId.optional() }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const years: { id: string; name: string; starts_on: string; ends_on: string; status: string }[] = await knex('academic_year').orderBy('starts_on').select('id', 'name', 'starts_on', 'ends_on', 'status');
    // As setup.checklist: the year asked for, else the first that has not ended yet.
    const today = toIsoDate(ctx.now());
    const chosen = a.yearId ? years.find((y) => y.id === a.yearId) : years.find((y) => y.ends_on >= today);
    const bells: { lesson_no: number; starts_at: string; ends_at: string }[] = await knex('bell').orderBy('lesson_no').select('lesson_no', 'starts_at', 'ends_at');
    const base = {
      /** The service's today (the preview's --now): the timetable's default start once the year is under way. */
      today,
      years: years.map((y) => ({ id: y.id, name: y.name, startsOn: y.starts_on, endsOn: y.ends_on, status: y.status })),
      bells: bells.map((b) => ({ lessonNo: b.lesson_no, startsAt: b.starts_at, endsAt: b.ends_at })),
    };
    if (!chosen) return { ...base, year: null, periods: [], holidays: [], classes: [], assignments: [] };
    const periods: { id: string; kind: string; number: number; name: string; starts_on: string; ends_on: string; grade_from: number; grade_to: number }[] = await knex('period')
      .where({ year_id: chosen.id }).orderBy(['grade_from', 'starts_on', 'kind']).select('id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
    const holidays: { id: string; name: string; starts_on: string; ends_on: string; grade_from: number; grade_to: number }[] = await knex('holiday')
      .where({ year_id: chosen.id, removed: 0 }).orderBy('starts_on').select('id', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
    const classes: { id: string; grade: number; letter: string; name: string; class_teacher_id: string | null; room: string }[] = await knex('class')
      .where({ year_id: chosen.id, retired: 0 }).orderBy(['grade', 'letter']).select('id', 'grade', 'letter', 'name', 'class_teacher_id', 'room');
    const assignments: { id: string; class_id: string; class_name: string; subject_id: string; subject: string; teacher_id: string; last_name: string; first_name: string; middle_name: string; subgroup: string | null; hours_per_week: number }[] = await knex('teaching_assignment as a')
      .join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id').join('staff as t', 't.id', 'a.teacher_id').leftJoin('subgroup as g', 'g.id', 'a.subgroup_id')
      .where({ 'a.year_id': chosen.id }).whereNull('a.ends_on').orderBy(['c.grade', 'c.letter', 's.sort_order'])
      .select('a.id', 'a.class_id', 'c.name as class_name', 'a.subject_id', 's.name as subject', 'a.teacher_id', 't.last_name', 't.first_name', 't.middle_name', 'g.name as subgroup', 'a.hours_per_week');
    const initials = (t: { first_name: string; middle_name: string }) => `${t.first_name.slice(0, 1)}.${t.middle_name ? ` ${t.middle_name.slice(0, 1)}.` : ''}`;
    return {
      ...base,
      year: { id: chosen.id, name: chosen.name, startsOn: chosen.starts_on, endsOn: chosen.ends_on, status: chosen.status },
      periods: periods.map((p) => ({ id: p.id, kind: p.kind, number: p.number, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, gradeFrom: p.grade_from, gradeTo: p.grade_to })),
      holidays: holidays.map((h) => ({ id: h.id, name: h.name, startsOn: h.starts_on, endsOn: h.ends_on, gradeFrom: h.grade_from, gradeTo: h.grade_to })),
      classes: classes.map((c) => ({ id: c.id, grade: c.grade, letter: c.letter, name: c.name, classTeacherId: c.class_teacher_id, room: c.room })),
      assignments: assignments.map((x) => ({
        id: x.id, classId: x.class_id, className: x.class_name, subjectId: x.subject_id, subject: x.subject, teacherId: x.teacher_id,
        teacher: `${x.last_name} ${initials(x)}`, subgroup: x.subgroup, hoursPerWeek: x.hours_per_week,
      })),
    };
  },
});
