// The registry of printed documents (issue 11): every kind of document is declared here
// once — its Russian title, what it is printed for, how it reads its data, hashes and
// composes itself, what its files are called, how it is printed and how the year's archive
// keeps it. The print API (render.ts), the print worker (jobs/), the service methods
// (print.*, archive.*), the `journal print` command and the register of printed documents
// (verify/register.ts: staleness) look kinds up here and list none of their own.
//
// A kind's own files are its data (data/…) and composition (compose/…); the declaration
// below wires them. Adding a kind of the register: its data and compose files, one entry in
// DOCUMENTS, and a migration that rebuilds print_register with the kind added to the CHECK
// of its `kind` column (008_year_archive shows how) — tests/integration/print-registry.test.ts
// fails until the registry and the schema agree. The secretary's book extracts are not
// entered in the register: adding one is an entry in BOOKS and its rows in compose/books.ts.
import type { Knex } from 'knex';
import { toIsoDate } from '../shared/dates';
import { KEEP_YEARS, type ArchiveKind, type ArchiveRole } from './archive/retention';
import { backupLogRows, paperCopiesRows, retentionRows, strictLogRows, type BookData, type BookRows } from './compose/books';
import { classCopyHashes, composeClassCopy } from './compose/class-copy';
import { composeSubstitutionLog, SUBSTITUTION_LOG_TITLE, substitutionLogHashes } from './compose/substitution-log';
import { composePromotionList, PROMOTION_LIST_TITLE, promotionListHashes } from './compose/promotion-list';
import { composeSummary, summaryDocumentHashes } from './compose/summary';
import { composeYearTitle, yearTitleHashes } from './compose/year-title';
import { loadClassCopy } from './data/class-copy';
import { loadPromotionList } from './data/promotion-list';
import { loadSubstitutionLog } from './data/substitution-log';
import { loadSummary, type SummaryData, type SummaryKind } from './data/summary';
import type { PrintHeading } from './data/types';
import { loadYearTitle } from './data/year-title';
import type { PrintDocument } from './document';
import { PrintError } from './errors';
import type { DocumentHashes } from './verify/hash';

/**
 * What a document is printed for: a class and one of its reporting periods. A document of
 * the year (scope 'year') is of the class's academic year; the period is not needed.
 */
export interface DocumentArgs {
  classId: string;
  periodId?: string;
}

/** The class and period a document is filed under in the register, as its data says. */
export interface DocumentHeading {
  classId: string;
  className: string;
  periodId: string;
  periodName: string;
  /** The last day of the period (R-PRINT-2: a copy is printed after it). */
  endsOn: string;
}

export interface ComposeContext {
  docNo: string;
  printedOn: string;
  /** Printed on a copy made before its period ended; null otherwise. */
  warning: string | null;
}

/** The declaration of one kind of document of the register (print_register.kind). */
export interface DocumentDeclaration<D = unknown, F extends object = object> {
  /** Its Russian title, as lists and the register name it ('Копия классного журнала'). */
  readonly title: string;
  /** 'period': a class and a reporting period; 'year': a class's academic year. */
  readonly scope: 'period' | 'year';
  /** R-PRINT-2: printed only after its period has ended (before, only as a preliminary copy asked for). */
  readonly afterPeriodEnds: boolean;
  /** Printed on both sides of the sheet. */
  readonly doubleSided: boolean;
  /** R-PRINT-4: in the class's year folder, bound apart, or the folder's title page; kept so many years. */
  readonly archive: ArchiveRole;
  readonly keepYears: number;
  /** `journal print <command> [--kind <kind>]` (the kind is also print.summary's). */
  readonly cli: { readonly command: string; readonly kind?: string };
  /** The words of its file names between the class and the period ('' for none). */
  readonly fileLabel: string;
  /** Reads what it prints; unknown or mismatched class and period are refused (PrintError). */
  load(knex: Knex, args: DocumentArgs): Promise<D>;
  heading(data: D): DocumentHeading;
  /** Why there is nothing to print (PRINT_NO_LESSONS), or null. */
  nothingToPrint?(data: D): string | null;
  /** The hashes of the data printed: the whole, each part and each sheet (R-PRINT-5). */
  hashes(data: D): DocumentHashes;
  compose(data: D, ctx: ComposeContext): PrintDocument;
  /** What a print of it tells besides the common result (the year title page: its sheet total). */
  facts?(data: D): F;
}

function periodOf(a: DocumentArgs): string {
  if (!a.periodId) throw new PrintError('PRINT_UNKNOWN_PERIOD', 'Укажите отчётный период.');
  return a.periodId;
}

function headingOf(h: PrintHeading): DocumentHeading {
  return { classId: h.classId, className: h.className, periodId: h.period.id, periodName: h.period.name, endsOn: h.period.endsOn };
}

/** Checks a declaration's parts against each other (the data type of load is that of the rest). */
function declare<D, F extends object = Record<never, never>>(d: DocumentDeclaration<D, F>): DocumentDeclaration<D, F> {
  return d;
}

function summary(kind: SummaryKind, title: string, archive: ArchiveRole = 'folder', keepYears: number = KEEP_YEARS.classJournal): DocumentDeclaration<SummaryData, Record<never, never>> {
  return declare({
    title, scope: 'period', afterPeriodEnds: true, doubleSided: false, archive, keepYears,
    cli: { command: 'summary', kind }, fileLabel: lowerFirst(title),
    load: (knex, a) => loadSummary(knex, kind, a.classId, periodOf(a)),
    heading: (d) => headingOf(d.heading),
    hashes: (d) => summaryDocumentHashes(d),
    compose: (d, c) => composeSummary(d, c),
  });
}

/** Every kind of the register, in the order lists and the year's folder show them. */
export const DOCUMENTS = {
  class_copy: declare({
    title: 'Копия классного журнала', scope: 'period', afterPeriodEnds: true, doubleSided: true,
    archive: 'folder', keepYears: KEEP_YEARS.classJournal,
    cli: { command: 'class-copy' }, fileLabel: '',
    load: (knex, a) => loadClassCopy(knex, a.classId, periodOf(a)),
    heading: (d) => headingOf(d.heading),
    nothingToPrint: (d) => d.blocks.length > 0 ? null : `В журнале ${d.heading.className} класса нет уроков за период «${d.heading.period.name}»: печатать нечего.`,
    hashes: (d) => {
      const { plan: _plan, ...h } = classCopyHashes(d);
      return h;
    },
    compose: (d, c) => composeClassCopy(d, c),
  }),
  summary_marks: summary('marks', 'Сводная ведомость успеваемости'),
  summary_attendance: summary('attendance', 'Сводная ведомость посещаемости'),
  summary_movement: summary('movement', 'Сводная ведомость движения обучающихся'),
  // R-PRINT-4: the year's final marks are bound apart from the class's folder and kept 25 years.
  year_final: summary('year-final', 'Сводная ведомость итоговых отметок за год', 'apart', KEEP_YEARS.yearFinal),
  // The title page of the class's bound journal for the year lists the register's copies:
  // it is stale when they change; printed at any time of the year (R-PRINT-4).
  year_title: declare({
    title: 'Титульный лист журнала класса за год', scope: 'year', afterPeriodEnds: false, doubleSided: false,
    archive: 'title', keepYears: KEEP_YEARS.classJournal,
    cli: { command: 'year-title' }, fileLabel: 'титульный лист',
    load: (knex, a) => loadYearTitle(knex, a.classId, archiveKinds()),
    heading: (d) => ({ classId: d.classId, className: d.className, periodId: d.periodId, periodName: `${d.yearName} учебный год`, endsOn: d.yearEndsOn }),
    hashes: (d) => yearTitleHashes(d),
    compose: (d, c) => composeYearTitle(d, c),
    facts: (d) => ({ totalSheets: d.totalSheets, yearId: d.yearId, yearName: d.yearName, keepUntil: d.keepUntil }),
  }),
  // R-ROLE-2 (issue 17 item 16): the lessons of a class given by substitutes, printed for each
  // substitute's signature beside each lesson and the deputy's at the end; printed whenever the
  // deputy collects the signatures, filed in the class's folder with its copies.
  substitution_log: declare({
    title: SUBSTITUTION_LOG_TITLE, scope: 'period', afterPeriodEnds: false, doubleSided: false,
    archive: 'folder', keepYears: KEEP_YEARS.classJournal,
    cli: { command: 'substitutions' }, fileLabel: 'журнал замены уроков',
    load: (knex, a) => loadSubstitutionLog(knex, a.classId, periodOf(a)),
    heading: (d) => headingOf(d.heading),
    nothingToPrint: (d) => d.rows.length > 0 ? null : `В ${d.heading.className} классе за период «${d.heading.period.name}» замен не было: журнал замены уроков пуст.`,
    hashes: (d) => {
      const { pages: _p, ...h } = substitutionLogHashes(d);
      return h;
    },
    compose: (d, c) => composeSubstitutionLog(d, c),
  }),
  // R-ROLE-6 (issue 13 point 6): who of the class was promoted where by the director's order
  // at the year's end; kept with the class's journal of the year.
  promotion_list: declare({
    title: PROMOTION_LIST_TITLE, scope: 'year', afterPeriodEnds: false, doubleSided: false,
    archive: 'folder', keepYears: KEEP_YEARS.classJournal,
    cli: { command: 'promotions' }, fileLabel: 'список переведённых',
    load: (knex, a) => loadPromotionList(knex, a.classId),
    heading: (d) => ({ classId: d.heading.classId, className: d.heading.className, periodId: d.heading.period.id, periodName: `${d.heading.yearName} учебный год`, endsOn: d.heading.period.endsOn }),
    nothingToPrint: (d) => d.rows.length > 0 ? null : `Учебный год ${d.heading.yearName} не закрыт: решений о переводе учеников ${d.heading.className} класса ещё нет.`,
    hashes: (d) => {
      const { pages: _p, ...h } = promotionListHashes(d);
      return h;
    },
    compose: (d, c) => composePromotionList(d, c),
  }),
};

export type DocumentKind = keyof typeof DOCUMENTS;

export const DOCUMENT_KINDS = Object.keys(DOCUMENTS) as DocumentKind[];

/**
 * The register's other kind: a report of db/reports/registry.ts (issue 14), entered with its
 * name and parameters (print/reports/render.ts), not a kind of DOCUMENTS: it has no class and
 * period of its own and is checked by running the report again.
 */
export const REPORT_KIND = 'report' as const;

/** Every kind print_register.kind accepts. */
export type RegisterKind = DocumentKind | typeof REPORT_KIND;
export const REGISTER_KINDS: readonly RegisterKind[] = [...DOCUMENT_KINDS, REPORT_KIND];

/** What a print of a kind tells besides the common result. */
export type FactsOf<K extends DocumentKind> = (typeof DOCUMENTS)[K] extends DocumentDeclaration<infer _D, infer F> ? F : never;

function lowerFirst(s: string): string {
  return s.slice(0, 1).toLocaleLowerCase('ru') + s.slice(1);
}

export function isDocumentKind(kind: string): kind is DocumentKind {
  return Object.prototype.hasOwnProperty.call(DOCUMENTS, kind);
}

/** The declaration of a kind, its data type left open (for code that handles every kind). */
export function documentOf(kind: string): DocumentDeclaration {
  if (!isDocumentKind(kind)) throw new PrintError('PRINT_BAD_KIND', `Неизвестный вид документа: ${kind}.`);
  return DOCUMENTS[kind] as DocumentDeclaration;
}

/** The kind's title within a sentence ('печать: копия классного журнала № …'). */
export function documentName(kind: DocumentKind): string {
  return lowerFirst(DOCUMENTS[kind].title);
}

/** A file name from a class, the kind, a period and a document number: '8Б-1-четверть-2026-7F3C-0001.pdf'. */
export function pdfFileName(...parts: string[]): string {
  return `${parts.filter((p) => p !== '').join('-').replace(/[\\/:*?"<>|\s]+/g, '-').replace(/-+/g, '-')}.pdf`;
}

export function documentFileName(kind: DocumentKind, className: string, periodName: string, docNo: string): string {
  return pdfFileName(className, DOCUMENTS[kind].fileLabel, periodName, docNo);
}

/** The hashes a document of `kind` would have if printed now (the register's staleness). */
export async function currentHashes(knex: Knex, kind: DocumentKind, args: DocumentArgs): Promise<DocumentHashes> {
  const d = documentOf(kind);
  return d.hashes(await d.load(knex, args));
}

/** The commands of `journal print` that print a document of the register. */
export function documentCommands(): string[] {
  return [...new Set(DOCUMENT_KINDS.map((k) => DOCUMENTS[k].cli.command))];
}

/** The kinds a command prints, in order: one, or several told apart by --kind (the first by default). */
export function documentsOfCommand(command: string): { kind: DocumentKind; cliKind: string | null; title: string }[] {
  return DOCUMENT_KINDS.filter((k) => DOCUMENTS[k].cli.command === command)
    .map((k) => ({ kind: k, cliKind: DOCUMENTS[k].cli.kind ?? null, title: DOCUMENTS[k].title }));
}

/** How the year's archive keeps each kind (print/archive, data/year-title), in the registry's order. */
export function archiveKinds(): readonly ArchiveKind[] {
  return DOCUMENT_KINDS.map((k) => ({ kind: k, title: DOCUMENTS[k].title, archive: DOCUMENTS[k].archive, keepYears: DOCUMENTS[k].keepYears }));
}

// ---- the secretary's books (R-PRINT-3, R-PRINT-4) ----------------------------------------

/** A book whose extract is printed as it stands on the day; not entered in the register. */
export interface BookDeclaration {
  readonly title: string;
  /** In the extract's number: КУ-<code>-<date>-<hash>. */
  readonly code: string;
  /** The rule the book is kept under (for the code's reader: never printed). */
  readonly rule: string;
  rows(knex: Knex, today: string): Promise<BookRows>;
}

export const BOOKS = {
  'paper-copies': { title: 'Реестр бумажных копий классных журналов', code: 'КОПИИ', rule: 'R-PRINT-3', rows: (knex) => paperCopiesRows(knex) },
  'strict-log': { title: 'Журнал сдачи документов строгой отчётности', code: 'СО', rule: 'R-PRINT-3', rows: (knex) => strictLogRows(knex) },
  'backup-log': { title: 'Журнал пользования резервными копиями', code: 'РК', rule: 'R-PRINT-3', rows: (knex) => backupLogRows(knex) },
  retention: { title: 'Сроки хранения: что и когда может быть уничтожено', code: 'ХРАН', rule: 'R-PRINT-4', rows: (knex, today) => retentionRows(knex, today, archiveKinds()) },
} as const satisfies Record<string, BookDeclaration>;

export type BookKind = keyof typeof BOOKS;

export const BOOK_KINDS = Object.keys(BOOKS) as BookKind[];

export async function loadBook(knex: Knex, book: BookKind, today = toIsoDate(new Date())): Promise<BookData> {
  const b: BookDeclaration = BOOKS[book];
  const school: { full_name: string } | undefined = await knex('school').orderBy('id').first('full_name');
  return { ...(await b.rows(knex, today)), book, title: b.title, code: b.code, schoolFullName: school?.full_name ?? '' };
}
