// A closed year is read-only (R-ROLE-6, R-PRINT-4): after the director's order closes it,
// its journal stays viewable, printable and in the archive, and no edit is taken into it.
import type { Knex } from 'knex';
import { ServiceError } from '../errors';

export const CLOSED_YEAR_MESSAGE = (name: string) =>
  `Учебный год ${name} закрыт приказом директора: его журнал только для просмотра и печати, изменения не вносятся.`;

/** Refuses an edit of a closed year. */
export async function checkYearOpen(knex: Knex, yearId: string): Promise<void> {
  const y: { name: string; status: string } | undefined = await knex('academic_year').where({ id: yearId }).first('name', 'status');
  if (y?.status === 'closed') throw new ServiceError('CONFLICT', CLOSED_YEAR_MESSAGE(y.name));
}
