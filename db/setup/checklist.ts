// What is still missing before a year can start (R-ROLE-6: the administrator sets up the
// year, its periods, curriculum and timetable; R-REC-6: the thematic plans match the
// curriculum). Each item says what is done and names what is missing, in Russian.
import type { Knex } from 'knex';
import { teachingWeeks } from './teaching-weeks';

export interface ChecklistItem {
  readonly key: string;
  readonly title: string;
  readonly done: boolean;
  /** What is missing, one line each (at most MAX_LINES, then a count). */
  readonly missing: readonly string[];
}

const MAX_LINES = 20;
const capped = (lines: string[]) => (lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… и ещё ${lines.length - MAX_LINES}`] : lines);
const item = (key: string, title: string, missing: string[]): ChecklistItem => ({ key, title, done: missing.length === 0, missing: capped(missing) });


export async function yearChecklist(knex: Knex, yearId: string | null): Promise<{ yearId: string | null; ready: boolean; items: ChecklistItem[] }> {
  const items: ChecklistItem[] = [];
  const school: { full_name: string; short_name: string; address: string } | undefined = await knex('school').first('full_name', 'short_name', 'address');
  items.push(item('school', 'Сведения о школе', [
    ...(!school?.full_name ? ['полное наименование по уставу'] : []),
    ...(!school?.short_name ? ['краткое наименование'] : []),
    ...(!school?.address ? ['адрес'] : []),
  ]));
  const director = await knex('staff_role as r').join('staff as s', 's.id', 'r.staff_id').where({ 'r.role': 'director', 'r.revoked': 0, 's.active': 1 }).first('s.id');
  items.push(item('director', 'Директор', director ? [] : ['нет сотрудника с ролью «директор»']));

  if (!yearId) {
    items.push(item('year', 'Учебный год', ['учебный год не создан']));
    return { yearId, ready: false, items };
  }
  items.push(item('year', 'Учебный год', []));

  const classes: { id: string; name: string; grade: number; class_teacher_id: string | null }[] = await knex('class').where({ year_id: yearId }).orderBy(['grade', 'letter']).select('id', 'name', 'grade', 'class_teacher_id');
  const grades = [...new Set(classes.map((c) => c.grade))];
  const periods: { grade_from: number; grade_to: number; kind: string }[] = await knex('period').where({ year_id: yearId }).select('grade_from', 'grade_to', 'kind');
  items.push(item('periods', 'Учебные периоды', grades
    .filter((g) => !periods.some((p) => p.kind !== 'year' && p.grade_from <= g && g <= p.grade_to))
    .map((g) => `нет учебных периодов (четвертей, полугодий) для ${g} класса`)
    .concat(grades.filter((g) => !periods.some((p) => p.kind === 'year' && p.grade_from <= g && g <= p.grade_to)).map((g) => `нет периода «год» для ${g} класса`))));
  const holidays = await knex('holiday').where({ year_id: yearId, removed: 0 }).count<{ n: number }[]>({ n: '*' });
  items.push(item('holidays', 'Каникулы и праздники', Number(holidays[0]?.n ?? 0) > 0 ? [] : ['не заданы каникулы']));
  const bells = await knex('bell').count<{ n: number }[]>({ n: '*' });
  items.push(item('bells', 'Расписание звонков', Number(bells[0]?.n ?? 0) > 0 ? [] : ['не задано расписание звонков']));
  items.push(item('classes', 'Классы и классные руководители', [
    ...(classes.length === 0 ? ['нет ни одного класса'] : []),
    ...classes.filter((c) => !c.class_teacher_id).map((c) => `${c.name}: не назначен классный руководитель`),
  ]));
  const enrolled: { class_id: string; n: number }[] = await knex('enrolment').whereIn('class_id', classes.map((c) => c.id)).groupBy('class_id').select('class_id', knex.raw('COUNT(*) AS n'));
  const enrolledIn = new Set(enrolled.map((e) => e.class_id));
  items.push(item('students', 'Ученики', classes.filter((c) => !enrolledIn.has(c.id)).map((c) => `${c.name}: нет учеников`)));

  const curriculum: { grade: number; subject_id: string; subject: string; hours_per_week: number }[] = await knex('curriculum as k').join('subject as s', 's.id', 'k.subject_id')
    .where({ 'k.year_id': yearId }).select('k.grade', 'k.subject_id', 's.name as subject', 'k.hours_per_week');
  items.push(item('curriculum', 'Учебный план', grades.filter((g) => !curriculum.some((k) => k.grade === g)).map((g) => `нет учебного плана для ${g} класса`)));

  const assignments: { id: string; class_id: string; subject_id: string; subgroup_id: string | null; hours_per_week: number; teacher: string; class_name: string; subject: string; grade: number }[] = await knex('teaching_assignment as a')
    .join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id').join('staff as t', 't.id', 'a.teacher_id')
    .where({ 'a.year_id': yearId })
    .select('a.id', 'a.class_id', 'a.subject_id', 'a.subgroup_id', 'a.hours_per_week', 't.last_name as teacher', 'c.name as class_name', 's.name as subject', 'c.grade');
  const load: string[] = [];
  for (const c of classes) {
    for (const k of curriculum.filter((x) => x.grade === c.grade)) {
      if (!assignments.some((a) => a.class_id === c.id && a.subject_id === k.subject_id)) load.push(`${c.name}, ${k.subject}: нет учителя`);
    }
  }
  items.push(item('load', 'Нагрузка учителей (тарификация)', load));

  const slots: { assignment_id: string; n: number }[] = await knex('timetable_entry as t').join('teaching_assignment as a', 'a.id', 't.assignment_id')
    .where({ 'a.year_id': yearId }).whereNull('t.valid_to').groupBy('t.assignment_id').select('t.assignment_id', knex.raw('COUNT(*) AS n'));
  const slotsOf = new Map(slots.map((s) => [s.assignment_id, Number(s.n)]));
  items.push(item('timetable', 'Расписание уроков', assignments
    .filter((a) => (slotsOf.get(a.id) ?? 0) < Math.floor(a.hours_per_week))
    .map((a) => `${a.class_name}, ${a.subject} (${a.teacher}): в расписании ${slotsOf.get(a.id) ?? 0} ч в неделю из ${a.hours_per_week}`)));

  const plans: { assignment_id: string; hours: number }[] = await knex('plan_item as p').join('teaching_assignment as a', 'a.id', 'p.assignment_id')
    .where({ 'a.year_id': yearId }).groupBy('p.assignment_id').select('p.assignment_id', knex.raw('SUM(p.hours) AS hours'));
  const planHours = new Map(plans.map((p) => [p.assignment_id, Number(p.hours)]));
  items.push(item('plans', 'Тематическое планирование (КТП)', assignments.flatMap((a) => {
    const want = Math.round(a.hours_per_week * teachingWeeks(a.grade));
    const have = planHours.get(a.id) ?? 0;
    return have === want ? [] : [`${a.class_name}, ${a.subject} (${a.teacher}): в КТП ${have} ч, по учебному плану ${want} ч`];
  })));
  return { yearId, ready: items.every((i) => i.done), items };
}
