// The data of the title page of a class's bound journal for the year (R-PRINT-4): the
// class, its year and class teacher, the director; the contents — the class's paper copies
// of the year from the register of printed documents (each period's class copy and the
// summary sheets), one entry per document kind and period (the bound one, else the latest
// current, else the latest); the year's summary of final marks, bound apart and kept
// 25 years; the total of sheets of the folder and its keeping period.
import { DEFAULT_TITLES, schoolTitles } from '../../db/setup/school-titles';
import type { Knex } from 'knex';
import { PrintError } from '../errors';
import { KEEP_YEARS, keepingPeriod, type ArchiveKind } from '../archive/retention';
import type { DocumentKind } from '../registry';
import { fullName } from './heading';

export interface YearTitleEntry {
  docNo: string;
  kind: DocumentKind;
  /** The kind's title (print/registry.ts). */
  title: string;
  periodName: string;
  sheets: number;
  printedOn: string;
  boundOn: string | null;
  stale: boolean;
  /** Sheets of the folder this document takes (the title page is sheet 1). */
  firstSheet: number;
  lastSheet: number;
}

export interface YearTitleData {
  schoolFullName: string;
  schoolShortName: string;
  classId: string;
  className: string;
  yearId: string;
  yearName: string;
  yearStartsOn: string;
  yearEndsOn: string;
  /** The period the register files the title page under (the year). */
  periodId: string;
  classTeacher: string | null;
  director: string | null;
  /** The director's title as the school set it; absent for the default «Директор» (keeps older copies' hashes). */
  directorTitle?: string;
  contents: YearTitleEntry[];
  /** The documents bound and kept apart: the year's summary sheets of final marks (25 years). */
  yearFinal: { docNo: string; sheets: number; printedOn: string; boundOn: string | null; title: string; keepYears: number }[];
  /** Sheets of the title page itself. */
  titleSheets: number;
  /** Every sheet of the folder: the title page and the contents. */
  totalSheets: number;
  keepYears: number;
  keepUntil: string;
  destroyFrom: string;
}

/** Rows of contents one title page holds; further rows continue on further sheets. */
export const TITLE_ROWS_FIRST = 18;
export const TITLE_ROWS_MORE = 34;

export function titleSheetsFor(rows: number): number {
  return rows <= TITLE_ROWS_FIRST ? 1 : 1 + Math.ceil((rows - TITLE_ROWS_FIRST) / TITLE_ROWS_MORE);
}

interface RegRow { doc_no: string; kind: DocumentKind; period_id: string; period_name: string; period_kind: string; ends_on: string; sheets: number; printed_at: string; bound_on: string | null; status: string }

/** Of several prints of one document, the one in the folder: bound, else current, else the latest. */
function pick(rows: RegRow[]): RegRow {
  const score = (r: RegRow) => (r.bound_on ? 2 : r.status === 'current' ? 1 : 0);
  return [...rows].sort((a, b) => score(b) - score(a) || (a.printed_at < b.printed_at ? 1 : a.printed_at > b.printed_at ? -1 : 0))[0]!;
}

/** `kinds`: how the archive keeps each kind of the register, in the order of the contents (print/registry.ts). */
export async function loadYearTitle(knex: Knex, classId: string, kinds: readonly ArchiveKind[]): Promise<YearTitleData> {
  const folder = kinds.filter((k) => k.archive === 'folder');
  const apart = new Map(kinds.filter((k) => k.archive === 'apart').map((k) => [k.kind, k]));
  const order = (kind: DocumentKind) => folder.findIndex((k) => k.kind === kind);
  const cls: { id: string; name: string; grade: number; year_id: string; class_teacher_id: string | null } | undefined =
    await knex('class').where({ id: classId }).first('id', 'name', 'grade', 'year_id', 'class_teacher_id');
  if (!cls) throw new PrintError('PRINT_UNKNOWN_CLASS', 'Класс не найден в журнале.');
  const year: { id: string; name: string; starts_on: string; ends_on: string } = await knex('academic_year').where({ id: cls.year_id }).first('id', 'name', 'starts_on', 'ends_on');
  const yearPeriod: { id: string } | undefined =
    (await knex('period').where({ year_id: cls.year_id, kind: 'year' }).where('grade_from', '<=', cls.grade).where('grade_to', '>=', cls.grade).first('id')) ??
    (await knex('period').where({ year_id: cls.year_id, kind: 'year' }).first('id'));
  if (!yearPeriod) throw new PrintError('PRINT_UNKNOWN_PERIOD', `В учебном году ${year.name} нет периода «учебный год»: титульный лист не к чему отнести.`);
  const [school, teacher, director, titles] = await Promise.all([
    knex('school').orderBy('id').first('full_name', 'short_name') as Promise<{ full_name: string; short_name: string } | undefined>,
    cls.class_teacher_id ? (knex('staff').where({ id: cls.class_teacher_id }).first('last_name', 'first_name', 'middle_name') as Promise<{ last_name: string; first_name: string; middle_name: string } | undefined>) : Promise.resolve(undefined),
    knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id').where({ 'r.role': 'director', 'r.revoked': 0, 's.active': 1 }).orderBy('s.last_name')
      .first('s.last_name', 's.first_name', 's.middle_name') as Promise<{ last_name: string; first_name: string; middle_name: string } | undefined>,
    schoolTitles(knex),
  ]);
  const rows: RegRow[] = await knex('print_register as r').join('period as p', 'p.id', 'r.period_id')
    .where({ 'r.class_id': classId, 'p.year_id': cls.year_id }).whereNot('r.status', 'cancelled').whereIn('r.kind', [...folder.map((k) => k.kind), ...apart.keys()])
    .select('r.doc_no', 'r.kind', 'r.period_id', 'p.name as period_name', 'p.kind as period_kind', 'p.ends_on', 'r.sheets', 'r.printed_at', 'r.bound_on', 'r.status');
  const groups = new Map<string, RegRow[]>();
  for (const r of rows) groups.set(`${r.kind}|${r.period_id}`, [...(groups.get(`${r.kind}|${r.period_id}`) ?? []), r]);
  const chosen = [...groups.values()].map(pick);
  const inFolder = chosen.filter((r) => !apart.has(r.kind)).sort((a, b) =>
    (a.period_kind === 'year' ? 1 : 0) - (b.period_kind === 'year' ? 1 : 0) || (a.ends_on < b.ends_on ? -1 : a.ends_on > b.ends_on ? 1 : 0) ||
    order(a.kind) - order(b.kind));
  const titleSheets = titleSheetsFor(inFolder.length);
  let next = titleSheets + 1;
  const contents: YearTitleEntry[] = inFolder.map((r) => {
    const e = {
      docNo: r.doc_no, kind: r.kind, title: folder[order(r.kind)]!.title, periodName: r.period_name, sheets: r.sheets, printedOn: r.printed_at.slice(0, 10), boundOn: r.bound_on,
      stale: r.status === 'stale', firstSheet: next, lastSheet: next + r.sheets - 1,
    };
    next += r.sheets;
    return e;
  });
  const keep = keepingPeriod(year.ends_on, KEEP_YEARS.classJournal);
  return {
    schoolFullName: school?.full_name ?? '', schoolShortName: school?.short_name ?? '',
    directorTitle: titles.directorTitle === DEFAULT_TITLES.directorTitle ? undefined : titles.directorTitle,
    classId: cls.id, className: cls.name, yearId: year.id, yearName: year.name, yearStartsOn: year.starts_on, yearEndsOn: year.ends_on,
    periodId: yearPeriod.id, classTeacher: teacher ? fullName(teacher) : null, director: director ? fullName(director) : null,
    contents,
    yearFinal: chosen.filter((r) => apart.has(r.kind)).map((r) => ({
      docNo: r.doc_no, sheets: r.sheets, printedOn: r.printed_at.slice(0, 10), boundOn: r.bound_on, title: apart.get(r.kind)!.title, keepYears: apart.get(r.kind)!.keepYears,
    })),
    titleSheets, totalSheets: next - 1, keepYears: KEEP_YEARS.classJournal, keepUntil: keep.keepUntil, destroyFrom: keep.destroyFrom,
  };
}
