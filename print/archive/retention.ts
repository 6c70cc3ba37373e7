// Keeping periods of the year-end archive (R-PRINT-4, 000 §5.4, 001 §5.3–5.4): the bound
// journal of a class for the year — all its paper copies with the title page — is kept
// 5 years; the year's summary sheet of final marks 25 years; both counted from the year's
// end, 30 June. After that a document may be destroyed (by an act of destruction).
// The periods are data here, not scattered through the code.
import type { Knex } from 'knex';
import { addDays, formatRuDate } from '../../shared/dates';
import { pluralRu } from '../../shared/number-words';
import type { DocumentKind } from '../registry';

/** R-PRINT-4: years kept, by what is kept. */
export const KEEP_YEARS = {
  /** The class's journal for the year: title page, class copies, summaries of attendance and movement. */
  classJournal: 5,
  /** The summary sheet of final marks for the year. */
  yearFinal: 25,
} as const;

/** R-PRINT-4: the year's archive is formed "not later than 30 June". */
export const YEAR_END_DAY = '06-30';

/**
 * Where the year's archive keeps a kind of document: in the class's folder for the year, bound
 * apart (the final marks), or it is the folder's title page.
 */
export type ArchiveRole = 'folder' | 'apart' | 'title';

/** A kind of the register as the archive sees it (declared in print/registry.ts). */
export interface ArchiveKind {
  kind: DocumentKind;
  title: string;
  archive: ArchiveRole;
  keepYears: number;
}

/** 30 June of the calendar year in which the academic year ends ('2027-05-31' → '2027-06-30'). */
export function yearEndOf(academicYearEndsOn: string): string {
  return `${academicYearEndsOn.slice(0, 4)}-${YEAR_END_DAY}`;
}

/** Kept until 30 June `years` later; may be destroyed from the next day. */
export function keepingPeriod(academicYearEndsOn: string, years: number): { yearEnd: string; keepUntil: string; destroyFrom: string } {
  const yearEnd = yearEndOf(academicYearEndsOn);
  const keepUntil = `${Number(yearEnd.slice(0, 4)) + years}-${YEAR_END_DAY}`;
  return { yearEnd, keepUntil, destroyFrom: addDays(keepUntil, 1) };
}

export function keepingText(years: number, keepUntil: string): string {
  return `Срок хранения — ${years} ${pluralRu(years, 'год', 'года', 'лет')}, до ${formatRuDate(keepUntil)}`;
}

export interface RetentionItem {
  key: string;
  what: 'year_folder' | 'year_final' | 'copy';
  title: string;
  classId: string;
  className: string;
  yearId: string;
  yearName: string;
  docNo: string;
  folder: string;
  sheets: number;
  boundOn: string;
  keepYears: number;
  keepUntil: string;
  destroyFrom: string;
  /** May be destroyed on `today`. */
  destroyable: boolean;
}

/**
 * Everything bound that the school keeps, with its keeping period, in the order it may be
 * destroyed: each class's year folder (5 years); each bound year-final summary sheet
 * (25 years); bound period copies of a class whose year folder is not yet bound (5 years;
 * once the folder is bound they are kept in it).
 */
export async function loadRetention(knex: Knex, today: string, kinds: readonly ArchiveKind[]): Promise<RetentionItem[]> {
  const byKind = new Map(kinds.map((k) => [k.kind, k]));
  const folders: { id: string; class_id: string; class_name: string; year_id: string; year_name: string; title_doc_no: string; folder: string; sheets: number; bound_on: string; keep_years: number; keep_until: string }[] =
    await knex('year_archive as a').join('class as c', 'c.id', 'a.class_id').join('academic_year as y', 'y.id', 'a.year_id')
      .select('a.id', 'a.class_id', 'c.name as class_name', 'a.year_id', 'y.name as year_name', 'a.title_doc_no', 'a.folder', 'a.sheets', 'a.bound_on', 'a.keep_years', 'a.keep_until');
  const inFolder = new Set(folders.map((f) => `${f.class_id}|${f.year_id}`));
  const prints: { id: string; kind: DocumentKind; doc_no: string; class_id: string; class_name: string; year_id: string; year_name: string; year_ends_on: string; period_name: string; sheets: number; bound_on: string; folder: string }[] =
    await knex('print_register as r').join('class as c', 'c.id', 'r.class_id').join('period as p', 'p.id', 'r.period_id').join('academic_year as y', 'y.id', 'p.year_id')
      .whereNotNull('r.bound_on').whereNot('r.status', 'cancelled').whereIn('r.kind', kinds.filter((k) => k.archive !== 'title').map((k) => k.kind))
      .select('r.id', 'r.kind', 'r.doc_no', 'r.class_id', 'c.name as class_name', 'p.year_id', 'y.name as year_name', 'y.ends_on as year_ends_on', 'p.name as period_name', 'r.sheets', 'r.bound_on', 'r.folder');
  const items: RetentionItem[] = folders.map((f) => ({
    key: `folder:${f.id}`, what: 'year_folder', title: `Классный журнал ${f.class_name} класса за ${f.year_name} учебный год (с титульным листом № ${f.title_doc_no})`,
    classId: f.class_id, className: f.class_name, yearId: f.year_id, yearName: f.year_name, docNo: f.title_doc_no, folder: f.folder, sheets: f.sheets, boundOn: f.bound_on,
    keepYears: f.keep_years, keepUntil: f.keep_until, destroyFrom: addDays(f.keep_until, 1), destroyable: false,
  }));
  for (const r of prints) {
    const kind = byKind.get(r.kind)!;
    const apart = kind.archive === 'apart';
    if (!apart && inFolder.has(`${r.class_id}|${r.year_id}`)) continue;
    const years = kind.keepYears;
    const k = keepingPeriod(r.year_ends_on, years);
    items.push({
      key: `print:${r.id}`, what: apart ? 'year_final' : 'copy',
      title: apart ? `${kind.title} ${r.class_name} класса, ${r.year_name}` : `${kind.title} ${r.class_name} класса, ${r.period_name} ${r.year_name}`,
      classId: r.class_id, className: r.class_name, yearId: r.year_id, yearName: r.year_name, docNo: r.doc_no, folder: r.folder, sheets: r.sheets, boundOn: r.bound_on,
      keepYears: years, keepUntil: k.keepUntil, destroyFrom: k.destroyFrom, destroyable: false,
    });
  }
  for (const i of items) i.destroyable = i.destroyFrom <= today;
  return items.sort((a, b) => (a.destroyFrom < b.destroyFrom ? -1 : a.destroyFrom > b.destroyFrom ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}
