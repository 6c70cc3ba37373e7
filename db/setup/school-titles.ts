// The titles of the positions that certify the school's paper copies (R-ROLE-4: a deputy
// «по УВР» or «по УР», or the journal's administrator; R-ROLE-5: the director), kept as
// settings the administrator sets (service/methods/setup.ts) and printed on title pages
// and signature lines instead of fixed text.
import type { Knex } from 'knex';

export const SCHOOL_TITLE_SETTINGS = {
  certifierTitle: 'school.certifierTitle',
  directorTitle: 'school.directorTitle',
} as const;

export const DEFAULT_TITLES = { certifierTitle: 'Заместитель директора по УВР', directorTitle: 'Директор' } as const;

export interface SchoolTitles { readonly certifierTitle: string; readonly directorTitle: string }

export async function schoolTitles(knex: Knex): Promise<SchoolTitles> {
  const rows: { id: string; value: string }[] = await knex('setting').whereIn('id', Object.values(SCHOOL_TITLE_SETTINGS)).select('id', 'value');
  const read = (id: string, fallback: string) => {
    const row = rows.find((r) => r.id === id);
    const v: unknown = row ? JSON.parse(row.value) : null;
    return typeof v === 'string' && v.trim() !== '' ? v : fallback;
  };
  return {
    certifierTitle: read(SCHOOL_TITLE_SETTINGS.certifierTitle, DEFAULT_TITLES.certifierTitle),
    directorTitle: read(SCHOOL_TITLE_SETTINGS.directorTitle, DEFAULT_TITLES.directorTitle),
  };
}
