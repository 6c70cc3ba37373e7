// Which class a student is in on a date (enrolment rows with their dates), and the checks
// shared by adding a student and recording a movement (R-REC-9): one class at a time, dates
// inside the class's year, the class not retired.
import type { Knex } from 'knex';
import { addDays, formatRuDate } from '../../shared/dates';
import { notFound, ServiceError } from '../errors';

export interface EnrolmentRow { id: string; student_id: string; class_id: string; starts_on: string; ends_on: string | null; class_name: string }
export interface ClassRow { id: string; name: string; grade: number; year_id: string; starts_on: string; ends_on: string; year_status: string }

/** The class, with its year's dates; refused if the year is closed. */
export async function openClass(knex: Knex, classId: string): Promise<ClassRow> {
  const c: ClassRow | undefined = await knex('class as c').join('academic_year as y', 'y.id', 'c.year_id').where('c.id', classId)
    .first('c.id', 'c.name', 'c.grade', 'c.year_id', 'y.starts_on', 'y.ends_on', 'y.status as year_status');
  if (!c) throw notFound('Класс не найден.');
  if (c.year_status === 'closed') throw new ServiceError('CONFLICT', `Учебный год класса ${c.name} закрыт: его списки больше не меняются.`);
  return c;
}

export function insideYear(c: ClassRow, date: string, what: string): void {
  if (date < c.starts_on || date > c.ends_on) {
    throw new ServiceError('VALIDATION', `${what} ${formatRuDate(date)} вне учебного года класса ${c.name} (${formatRuDate(c.starts_on)} – ${formatRuDate(c.ends_on)}).`);
  }
}

/** The student's enrolments that include `date` or begin after it. */
export async function enrolmentsFrom(knex: Knex, studentId: string, date: string): Promise<EnrolmentRow[]> {
  return knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').where('e.student_id', studentId)
    .where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', date))
    .orderBy('e.starts_on').select('e.id', 'e.student_id', 'e.class_id', 'e.starts_on', 'e.ends_on', 'c.name as class_name');
}

/** The enrolment the student is in on `date`, if any. */
export async function enrolmentOn(knex: Knex, studentId: string, date: string): Promise<EnrolmentRow | undefined> {
  return (await enrolmentsFrom(knex, studentId, date)).find((e) => e.starts_on <= date);
}

/** The day before: an enrolment ends the day before the movement's date (in the old class until then, in the new from then). */
export const dayBefore = (date: string) => addDays(date, -1);
