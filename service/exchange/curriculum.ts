// The curriculum (учебный план, R-REC-6): hours a week of each subject in each grade of the
// year. A subject the school does not have yet is added with the row.
import type { Knex } from 'knex';
import { newId } from '../../db/ids';
import { normName, RowPlan, yesNo, type KindDef, type MappedRow, type PlanContext, type PlannedRow } from './kind';

const FIELDS = [
  { field: 'grade', label: 'Параллель', required: true, aliases: ['класс', 'классы', 'год обучения'], width: 10 },
  { field: 'subject', label: 'Предмет', required: true, aliases: ['учебный предмет', 'дисциплина'], width: 30 },
  { field: 'hours', label: 'Часов в неделю', required: true, aliases: ['часов', 'часы', 'кол-во часов', 'количество часов в неделю'], width: 14 },
  { field: 'split', label: 'Деление на группы', aliases: ['деление', 'группы'], width: 16 },
] as const;

export interface SubjectRow { id: string; name: string }

/** The school's subjects by name (ё as е, any case). */
export async function subjectsByName(knex: Knex): Promise<Map<string, SubjectRow>> {
  const rows: SubjectRow[] = await knex('subject').select('id', 'name');
  return new Map(rows.map((s) => [normName(s.name), s]));
}

/** A short name for a new subject: the name, or its first words cut to fit a journal's column. */
const shortOf = (name: string) => (name.length <= 14 ? name : name.split(' ').map((w, i) => (i === 0 ? w.slice(0, 6) : w.slice(0, 3))).join('. ').slice(0, 14));

async function plan(ctx: PlanContext, rows: readonly MappedRow[]): Promise<PlannedRow[]> {
  const { knex, year } = ctx;
  const subjects = await subjectsByName(knex);
  const existing: { id: string; grade: number; subject_id: string; hours_per_week: number; split_groups: number }[] = await knex('curriculum').where({ year_id: year.id })
    .select('id', 'grade', 'subject_id', 'hours_per_week', 'split_groups');
  const maxOrder = Number((await knex('subject').max({ n: 'sort_order' }).first())?.n ?? 0);
  const newSubjects = new Map<string, string>();
  const seen = new Map<string, number>();
  return rows.map((src) => {
    const p = new RowPlan(src);
    const gradeText = p.required('grade', 'Параллель');
    const gm = /^(\d{1,2})/.exec(gradeText);
    const grade = gm ? Number(gm[1]) : null;
    if (gradeText && (grade === null || grade < 1 || grade > 11)) p.error('grade', `Параллель: «${gradeText}» — нужно число от 1 до 11`);
    const subjectName = p.required('subject', 'Предмет').replace(/\s+/g, ' ').slice(0, 80);
    const hours = p.number('hours', 'Часов в неделю', { required: true, min: 0.5, max: 12 });
    const split = yesNo(src.text('split'));
    if (split === null) p.error('split', `Деление на группы: «${src.text('split')}» — «да» или «нет»`);
    p.label = `${grade ?? gradeText} кл., ${subjectName}, ${hours ?? ''} ч`;
    if (grade === null || !subjectName || hours === null || split === null || p.errors.length > 0) return p.done('new');
    const key = `${grade}|${normName(subjectName)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      p.error('subject', `${subjectName} в ${grade} классах уже есть в строке ${earlier}`);
      return p.done('new');
    }
    seen.set(key, src.row);
    let subjectId = subjects.get(normName(subjectName))?.id ?? newSubjects.get(normName(subjectName));
    if (!subjectId) {
      subjectId = newId();
      newSubjects.set(normName(subjectName), subjectId);
      p.insert('subject', { id: subjectId, name: subjectName, short_name: shortOf(subjectName), graded: 1, sort_order: maxOrder + newSubjects.size });
      p.note = `новый предмет «${subjectName}»`;
    }
    const row = existing.find((c) => c.grade === grade && c.subject_id === subjectId);
    if (row) {
      if (row.hours_per_week === hours && row.split_groups === (split ? 1 : 0)) {
        p.note = 'уже есть в учебном плане';
        return p.done('duplicate');
      }
      p.change({ table: 'curriculum', id: row.id, set: { hours_per_week: hours, split_groups: split ? 1 : 0 } });
      p.note = `было ${row.hours_per_week} ч${row.split_groups ? ', с делением' : ''}`;
      return p.done('update');
    }
    p.insert('curriculum', { id: newId(), year_id: year.id, grade, subject_id: subjectId, hours_per_week: hours, split_groups: split ? 1 : 0 });
    return p.done('new');
  });
}

async function exportRows(ctx: PlanContext) {
  const rows: { grade: number; name: string; hours_per_week: number; split_groups: number }[] = await ctx.knex('curriculum as c').join('subject as s', 's.id', 'c.subject_id')
    .where('c.year_id', ctx.year.id).orderBy([{ column: 'c.grade' }, { column: 's.sort_order' }, { column: 's.name' }]).select('c.grade', 's.name', 'c.hours_per_week', 'c.split_groups');
  return rows.map((r) => [r.grade, r.name, r.hours_per_week, r.split_groups ? 'да' : 'нет']);
}

export const curriculum: KindDef = {
  kind: 'curriculum',
  title: 'Учебный план',
  fields: FIELDS,
  reason: 'загрузка учебного плана из файла',
  plan,
  exportRows,
};
