// Thematic plans (КТП, R-REC-6): a topic a row, numbered within the plan of a class's
// subject (its teaching assignment, which must exist: a plan is of someone's teaching).
import { newId } from '../../db/ids';
import type { FieldValue } from '../../db/schema';
import { shortName } from '../../shared/format';
import { subjectsByName } from './curriculum';
import { classesOfYear, excelDate, normClassName, normName, ruDate, RowPlan, yearWords, type KindDef, type MappedRow, type PlanContext, type PlannedRow } from './kind';
import { teacherIndex } from './timetable';

const FIELDS = [
  { field: 'class', label: 'Класс', required: true, width: 8 },
  { field: 'subject', label: 'Предмет', required: true, width: 24 },
  { field: 'teacher', label: 'Учитель', aliases: ['преподаватель'], width: 22 },
  { field: 'position', label: '№', required: true, aliases: ['номер', '№ урока', 'номер урока', 'n', 'пп', '№ п п'], width: 6 },
  { field: 'section', label: 'Раздел', aliases: ['тема раздела', 'модуль'], width: 28 },
  { field: 'topic', label: 'Тема урока', required: true, aliases: ['тема'], width: 50 },
  { field: 'hours', label: 'Часов', aliases: ['кол-во часов', 'часы'], width: 8 },
  { field: 'planned_on', label: 'Дата по плану', aliases: ['дата', 'дата проведения', 'планируемая дата'], width: 14 },
] as const;

async function plan(ctx: PlanContext, rows: readonly MappedRow[]): Promise<PlannedRow[]> {
  const { knex, year } = ctx;
  const classes = await classesOfYear(knex, year.id);
  const subjects = await subjectsByName(knex);
  const teachers = await teacherIndex(knex);
  const assignments: { id: string; teacher_id: string; class_id: string; subject_id: string }[] = await knex('teaching_assignment').where({ year_id: year.id })
    .select('id', 'teacher_id', 'class_id', 'subject_id');
  const items: { id: string; assignment_id: string; position: number; section: string; topic: string; hours: number; planned_on: string | null }[] = await knex('plan_item as p')
    .join('teaching_assignment as a', 'a.id', 'p.assignment_id').where('a.year_id', year.id).select('p.id', 'p.assignment_id', 'p.position', 'p.section', 'p.topic', 'p.hours', 'p.planned_on');
  const byKey = new Map(items.map((i) => [`${i.assignment_id}|${i.position}`, i]));
  const seen = new Map<string, number>();
  return rows.map((src) => {
    const p = new RowPlan(src);
    const className = p.required('class', 'Класс');
    const cls = className ? classes.get(normClassName(className)) : undefined;
    if (className && !cls) p.error('class', `класса «${className}» нет в ${yearWords(year)}`);
    const subjectName = p.required('subject', 'Предмет');
    const subject = subjectName ? subjects.get(normName(subjectName)) : undefined;
    if (subjectName && !subject) p.error('subject', `предмета «${subjectName}» нет в списке предметов школы`);
    const teacherText = src.text('teacher');
    const teacher = teacherText ? teachers.find(teacherText) : undefined;
    if (teacherText && teacher === null) p.error('teacher', `учителя «${teacherText}» нет в списке сотрудников`);
    if (teacher === 'ambiguous') p.error('teacher', `«${teacherText}» — так записано несколько сотрудников; укажите полностью ФИО или логин`);
    const position = p.number('position', 'Номер', { required: true, min: 1, max: 500, integer: true });
    const section = src.text('section').replace(/\s+/g, ' ').slice(0, 200);
    const topic = p.required('topic', 'Тема урока').replace(/\s+/g, ' ');
    if (topic.length > 300) p.error('topic', 'Тема урока: не длиннее 300 знаков');
    const hours = p.number('hours', 'Часов', { required: false, min: 1, max: 20, integer: true, def: 1 });
    const plannedOn = p.date('planned_on', 'Дата по плану', false);
    if (plannedOn && (plannedOn < year.starts_on || plannedOn > year.ends_on)) p.error('planned_on', `Дата ${ruDate(plannedOn)} вне учебного года`);
    p.label = [cls?.name ?? className, subjectName, position !== null ? `№ ${position}` : '', topic.slice(0, 60)].filter(Boolean).join(', ');
    if (!cls || !subject || position === null || hours === null || !topic || teacher === null || teacher === 'ambiguous' || p.errors.length > 0) return p.done('new');
    const candidates = assignments.filter((a) => a.class_id === cls.id && a.subject_id === subject.id && (!teacher || a.teacher_id === teacher.id));
    if (candidates.length === 0) {
      p.error('subject', `${subjectName} в ${cls.name}${teacher ? ` у ${teacher.name}` : ''} никто не ведёт в ${yearWords(year)}: сначала загрузите расписание или назначьте нагрузку`);
      return p.done('new');
    }
    if (candidates.length > 1) {
      p.error('teacher', `${subjectName} в ${cls.name} ведут несколько учителей (группы): укажите учителя`);
      return p.done('new');
    }
    const a = candidates[0]!;
    const key = `${a.id}|${position}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      p.error('position', `урок № ${position} этого плана уже есть в строке ${earlier}`);
      return p.done('new');
    }
    seen.set(key, src.row);
    const row = { section, topic, hours, planned_on: plannedOn };
    const current = byKey.get(key);
    if (current) {
      const set: Record<string, FieldValue> = {};
      for (const [f, v] of Object.entries(row)) if (current[f as keyof typeof row] !== v) set[f] = v;
      if (Object.keys(set).length === 0) {
        p.note = 'уже есть в плане';
        return p.done('duplicate');
      }
      p.change({ table: 'plan_item', id: current.id, set });
      p.note = `изменится: ${Object.keys(set).map((f) => ({ section: 'раздел', topic: 'тема', hours: 'часы', planned_on: 'дата' })[f]).join(', ')}`;
      return p.done('update');
    }
    p.insert('plan_item', { id: newId(), assignment_id: a.id, position, ...row });
    return p.done('new');
  });
}

async function exportRows(ctx: PlanContext) {
  const rows: { class_name: string; subject: string; last_name: string; first_name: string; middle_name: string; position: number; section: string; topic: string; hours: number; planned_on: string | null }[] =
    await ctx.knex('plan_item as p').join('teaching_assignment as a', 'a.id', 'p.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .join('subject as s', 's.id', 'a.subject_id').join('staff as st', 'st.id', 'a.teacher_id').where('a.year_id', ctx.year.id)
      .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 's.sort_order' }, { column: 'st.last_name' }, { column: 'p.position' }])
      .select('c.name as class_name', 's.name as subject', 'st.last_name', 'st.first_name', 'st.middle_name', 'p.position', 'p.section', 'p.topic', 'p.hours', 'p.planned_on');
  return rows.map((r) => [r.class_name, r.subject, shortName(r.last_name, r.first_name, r.middle_name), r.position, r.section, r.topic, r.hours, excelDate(r.planned_on)]);
}

export const plans: KindDef = {
  kind: 'plans',
  title: 'Тематические планы',
  fields: FIELDS,
  reason: 'загрузка тематических планов из файла',
  plan,
  exportRows,
};
