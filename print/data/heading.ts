// The heading of every printed document: the school, the class, its year and the period.
// Unknown or mismatched class and period are refused here, before anything is drawn.
import type { Knex } from 'knex';
import { schoolTitles } from '../../db/setup/school-titles';
import { PrintError } from '../errors';
import type { PrintHeading, PrintPeriod } from './types';

export function fullName(p: { last_name: string; first_name: string; middle_name?: string | null }): string {
  return [p.last_name, p.first_name, p.middle_name ?? ''].filter((s) => s.trim() !== '').join(' ');
}

interface ClassRow { id: string; name: string; grade: number; year_id: string; class_teacher_id: string | null }
interface PeriodDbRow { id: string; year_id: string; kind: PrintPeriod['kind']; number: number; name: string; starts_on: string; ends_on: string; grade_from: number; grade_to: number }

export async function loadHeading(knex: Knex, classId: string, periodId: string): Promise<PrintHeading> {
  const cls: ClassRow | undefined = await knex('class').where({ id: classId }).first('id', 'name', 'grade', 'year_id', 'class_teacher_id');
  if (!cls) throw new PrintError('PRINT_UNKNOWN_CLASS', 'Класс не найден в журнале.');
  const period: PeriodDbRow | undefined = await knex('period').where({ id: periodId })
    .first('id', 'year_id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
  if (!period) throw new PrintError('PRINT_UNKNOWN_PERIOD', 'Отчётный период не найден в журнале.');
  if (period.year_id !== cls.year_id || cls.grade < period.grade_from || cls.grade > period.grade_to) {
    throw new PrintError('PRINT_PERIOD_NOT_FOR_CLASS',
      `Период «${period.name}» не относится к классу ${cls.name}: для ${cls.grade}-х классов этого учебного года есть другие периоды.`);
  }
  const [year, school, teacher, titles] = await Promise.all([
    knex('academic_year').where({ id: cls.year_id }).first('name', 'school_id') as Promise<{ name: string; school_id: string }>,
    knex('school').orderBy('id').first('full_name', 'short_name') as Promise<{ full_name: string; short_name: string } | undefined>,
    cls.class_teacher_id
      ? (knex('staff').where({ id: cls.class_teacher_id }).first('last_name', 'first_name', 'middle_name') as Promise<{ last_name: string; first_name: string; middle_name: string } | undefined>)
      : Promise.resolve(undefined),
    schoolTitles(knex),
  ]);
  return {
    schoolFullName: school?.full_name ?? '',
    schoolShortName: school?.short_name ?? '',
    classId: cls.id,
    className: cls.name,
    grade: cls.grade,
    yearName: year.name,
    period: { id: period.id, kind: period.kind, number: period.number, name: period.name, startsOn: period.starts_on, endsOn: period.ends_on },
    classTeacher: teacher ? fullName(teacher) : null,
    titles,
  };
}

/** Finds a class of the year of `periodId` by its name ('8Б'), for the command line. */
export async function classByName(knex: Knex, name: string, periodId: string): Promise<string> {
  const period: { year_id: string } | undefined = await knex('period').where({ id: periodId }).first('year_id');
  if (!period) throw new PrintError('PRINT_UNKNOWN_PERIOD', `Отчётный период не найден в журнале: ${periodId}`);
  const wanted = name.trim().toLocaleUpperCase('ru').replace(/\s+/g, '');
  const rows: { id: string; name: string }[] = await knex('class').where({ year_id: period.year_id }).select('id', 'name');
  const found = rows.find((r) => r.id === name || r.name.toLocaleUpperCase('ru').replace(/\s+/g, '') === wanted);
  if (!found) throw new PrintError('PRINT_UNKNOWN_CLASS', `Класс «${name}» не найден в учебном году этого периода.`);
  return found.id;
}
