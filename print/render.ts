// The printing API: a class copy or a summary sheet of a class for a period, as PDF bytes
// (renderClassCopy, renderSummary) or into a file entered in the register of printed
// documents (printClassCopy, printSummary), and every class of the school at once
// (printSchool); an extract of one of the secretary's books (renderBook). Bad input is refused with a PrintError before anything is written.
import { writeFileDurably } from '../db/durable-file';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JournalDb } from '../db/journal-db';
import type { Actor } from '../db/journal-writer';
import { formatRuDate, toIsoDate } from '../shared/dates';
import { composeBook, loadBook, type BookKind } from './compose/books';
import { composeClassCopy } from './compose/class-copy';
import { composeSummary } from './compose/summary';
import { composeYearTitle } from './compose/year-title';
import { loadClassCopy } from './data/class-copy';
import { loadHeading } from './data/heading';
import { loadSummary, type SummaryKind } from './data/summary';
import { loadYearTitle, type YearTitleData } from './data/year-title';
import type { PrintHeading } from './data/types';
import type { PrintDocument } from './document';
import { PrintError } from './errors';
import { shortHash } from './draw/frame';
import { renderPdf } from './pdf/react-pdf';
import { nextDocNo, registerPrint, type RegisterEntry } from './verify/register';
import type { PartHash, SheetHash } from './verify/hash';

/**
 * What rendering needs of the database: reading, and the writer only to number a document
 * when no number is given (a print worker reads through its own connection and is given one).
 */
export type RenderDb = Pick<JournalDb, 'knex'> & Partial<Pick<JournalDb, 'writer'>>;

export interface RenderOptions {
  classId: string;
  periodId: string;
  /** The moment of printing (its date is printed; the period must have ended before it). */
  now: Date;
  /** The document number; by default the next number of this computer. */
  docNo?: string;
  /**
   * Print a period that has not ended yet. Refused by default: the paper copy is made in the
   * holidays after the period (R-PRINT-2); a copy printed earlier says so on its title.
   */
  allowOpenPeriod?: boolean;
  /** Told after each page is drawn (progress of long print jobs). */
  onPage?: (pagesDone: number, pagesTotal: number) => void;
}

export interface RenderResult {
  bytes: Buffer;
  kind: PrintDocument['kind'];
  docNo: string;
  printedOn: string;
  title: string;
  classId: string;
  className: string;
  periodId: string;
  periodName: string;
  pages: number;
  sheets: number;
  /** SHA-256 (hex) of the canonical JSON of the data printed, and its printed short form. */
  hash: string;
  shortHash: string;
  sheetHashes: SheetHash[];
  parts: PartHash[];
  /** Print on both sides of the sheet (class copies) or on one (summary sheets). */
  doubleSided: boolean;
  /** Whether the period had not ended when this was printed. */
  draft: boolean;
  ms: { load: number; render: number };
}

function checkPeriodEnded(h: PrintHeading, o: RenderOptions): string | null {
  const today = toIsoDate(o.now);
  if (today > h.period.endsOn) return null;
  if (!o.allowOpenPeriod) {
    throw new PrintError('PRINT_PERIOD_NOT_ENDED',
      `Период «${h.period.name}» ещё не закончился (последний день — ${formatRuDate(h.period.endsOn)}): бумажную копию печатают после окончания периода. ` +
      'Для предварительной распечатки укажите это явно (--allow-open-period).');
  }
  return `Предварительная распечатка: период не закончился (последний день — ${formatRuDate(h.period.endsOn)}), отметки за период могут измениться.`;
}

async function docNoFor(db: RenderDb, o: RenderOptions, printedOn: string): Promise<string> {
  if (o.docNo) return o.docNo;
  if (!db.writer) throw new Error('a document number must be given where the journal writer is not at hand');
  return nextDocNo({ knex: db.knex, writer: db.writer }, printedOn);
}

/** The same pages, each telling `onPage` when it has been drawn. */
export function withPageProgress<D extends { pages: PrintDocument['pages'] }>(doc: D, onPage: ((done: number, total: number) => void) | undefined): D {
  if (!onPage) return doc;
  let done = 0;
  const total = doc.pages.length;
  return {
    ...doc,
    pages: doc.pages.map((pg) => ({
      ...pg,
      paint: (p, w, h) => {
        pg.paint(p, w, h);
        onPage(++done, total);
      },
    })),
  };
}

async function finish(doc: PrintDocument, h: PrintHeading, draft: boolean, doubleSided: boolean, loadMs: number, onPage?: RenderOptions['onPage']): Promise<RenderResult> {
  const t = performance.now();
  const bytes = await renderPdf(withPageProgress(doc, onPage));
  return {
    bytes, kind: doc.kind, docNo: doc.docNo, printedOn: doc.printedOn, title: doc.title,
    classId: h.classId, className: h.className, periodId: h.period.id, periodName: h.period.name,
    pages: doc.pages.length, sheets: doc.sheetCount, hash: doc.hash, shortHash: shortHash(doc.hash),
    sheetHashes: doc.sheets, parts: doc.parts, doubleSided, draft, ms: { load: loadMs, render: performance.now() - t },
  };
}

export async function renderClassCopy(db: RenderDb, o: RenderOptions): Promise<RenderResult> {
  const t = performance.now();
  const heading = await loadHeading(db.knex, o.classId, o.periodId);
  const warning = checkPeriodEnded(heading, o);
  const data = await loadClassCopy(db.knex, o.classId, o.periodId);
  if (data.blocks.length === 0) {
    throw new PrintError('PRINT_NO_LESSONS', `В журнале ${heading.className} класса нет уроков за период «${heading.period.name}»: печатать нечего.`);
  }
  const printedOn = toIsoDate(o.now);
  const docNo = await docNoFor(db, o, printedOn);
  const doc = composeClassCopy(data, { docNo, printedOn, warning });
  return finish(doc, heading, warning !== null, true, performance.now() - t, o.onPage);
}

export async function renderSummary(db: RenderDb, o: RenderOptions & { kind: SummaryKind }): Promise<RenderResult> {
  const t = performance.now();
  const data = await loadSummary(db.knex, o.kind, o.classId, o.periodId);
  const warning = checkPeriodEnded(data.heading, o);
  const printedOn = toIsoDate(o.now);
  const docNo = await docNoFor(db, o, printedOn);
  const doc = composeSummary(data, { docNo, printedOn, warning });
  return finish(doc, data.heading, warning !== null, false, performance.now() - t, o.onPage);
}

export interface YearTitleResult extends RenderResult {
  /** Every sheet of the year's folder: the title page and the copies it lists. */
  totalSheets: number;
  yearId: string;
  yearName: string;
  keepUntil: string;
}

/**
 * The title page of a class's bound journal for the year (R-PRINT-4): the class's paper
 * copies of the year as the register holds them now. Printed at any time (the contents are
 * what the register has); the binding itself is checked by the archive service.
 */
export async function renderYearTitle(db: RenderDb, o: { classId: string; now: Date; docNo?: string; onPage?: RenderOptions['onPage'] }): Promise<YearTitleResult> {
  const t = performance.now();
  const data: YearTitleData = await loadYearTitle(db.knex, o.classId);
  const printedOn = toIsoDate(o.now);
  const docNo = await docNoFor(db, { classId: o.classId, periodId: data.periodId, now: o.now, docNo: o.docNo }, printedOn);
  const doc = composeYearTitle(data, { docNo, printedOn });
  const heading = { classId: data.classId, className: data.className, period: { id: data.periodId, name: data.yearName } } as PrintHeading;
  const r = await finish(doc, heading, false, false, performance.now() - t, o.onPage);
  return { ...r, periodName: `${data.yearName} учебный год`, totalSheets: data.totalSheets, yearId: data.yearId, yearName: data.yearName, keepUntil: data.keepUntil };
}

export async function printYearTitle(db: JournalDb, actor: Actor, o: { classId: string; now: Date; file: string; docNo?: string }): Promise<PrintedFile & { totalSheets: number; yearId: string; yearName: string; keepUntil: string }> {
  await assertNewDocNo(db, o.docNo);
  const r = await renderYearTitle(db, o);
  const saved = await saveAndRegister(db, actor, r, o.file, o.now);
  return { ...saved, totalSheets: r.totalSheets, yearId: r.yearId, yearName: r.yearName, keepUntil: r.keepUntil };
}

/** Writes the file under a temporary name, flushes it and renames it into place. */
export function writePdfFile(file: string, bytes: Buffer): string {
  const target = path.resolve(file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeFileDurably(target, bytes);
  } catch (err) {
    throw new PrintError('PRINT_FILE', `Не удалось записать файл ${target}: ${(err as Error).message}`);
  }
  return target;
}

export interface PrintedFile extends Omit<RenderResult, 'bytes'> {
  file: string;
  fileSha256: string;
  register: RegisterEntry;
}

async function assertNewDocNo(db: JournalDb, docNo: string | undefined): Promise<void> {
  if (docNo !== undefined && (await db.knex('print_register').where({ doc_no: docNo }).first('id'))) {
    throw new PrintError('PRINT_DOC_EXISTS', `Документ № ${docNo} уже есть в реестре напечатанных документов; для новой печати нужен новый номер.`);
  }
}

async function saveAndRegister(db: JournalDb, actor: Actor, r: RenderResult, file: string, now: Date): Promise<PrintedFile> {
  await assertNewDocNo(db, r.docNo);
  const target = writePdfFile(file, r.bytes);
  const fileSha256 = crypto.createHash('sha256').update(r.bytes).digest('hex');
  const doc = { kind: r.kind, docNo: r.docNo, title: r.title, hash: r.hash, sheets: r.sheetHashes, parts: r.parts, sheetCount: r.sheets };
  const register = await registerPrint(db, actor, {
    doc, classId: r.classId, periodId: r.periodId, pages: r.pages, filePath: target, fileSha256, printedAt: now,
    note: r.draft ? 'предварительная распечатка до окончания периода' : '',
  });
  const { bytes: _b, ...rest } = r;
  return { ...rest, file: target, fileSha256, register };
}

export async function printClassCopy(db: JournalDb, actor: Actor, o: RenderOptions & { file: string }): Promise<PrintedFile> {
  await assertNewDocNo(db, o.docNo);
  return saveAndRegister(db, actor, await renderClassCopy(db, o), o.file, o.now);
}

export async function printSummary(db: JournalDb, actor: Actor, o: RenderOptions & { kind: SummaryKind; file: string }): Promise<PrintedFile> {
  await assertNewDocNo(db, o.docNo);
  return saveAndRegister(db, actor, await renderSummary(db, o), o.file, o.now);
}

/** A file name from a class and a document number: '8Б-1-четверть-2026-7F3C-0001.pdf'. */
export function pdfFileName(...parts: string[]): string {
  return `${parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '-').replace(/-+/g, '-')}.pdf`;
}

export interface SchoolProgress {
  done: number;
  total: number;
  className: string;
  outcome: 'printed' | 'skipped' | 'failed';
  message?: string;
}

export interface SchoolResult {
  periodId: string;
  outDir: string;
  printed: { className: string; file: string; docNo: string; pages: number; sheets: number; shortHash: string }[];
  skipped: { className: string; code: string; message: string }[];
  pages: number;
  sheets: number;
  seconds: number;
}

/** Class copies of every class the period applies to, one file each, each registered. */
export async function printSchool(db: JournalDb, actor: Actor, o: { periodId: string; outDir: string; now: Date; allowOpenPeriod?: boolean; onProgress?: (p: SchoolProgress) => void }): Promise<SchoolResult> {
  const t = performance.now();
  const period: { year_id: string; grade_from: number; grade_to: number; name: string } | undefined =
    await db.knex('period').where({ id: o.periodId }).first('year_id', 'grade_from', 'grade_to', 'name');
  if (!period) throw new PrintError('PRINT_UNKNOWN_PERIOD', `Отчётный период не найден в журнале: ${o.periodId}`);
  const classes: { id: string; name: string }[] = await db.knex('class').where({ year_id: period.year_id })
    .whereBetween('grade', [period.grade_from, period.grade_to]).orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name');
  const result: SchoolResult = { periodId: o.periodId, outDir: path.resolve(o.outDir), printed: [], skipped: [], pages: 0, sheets: 0, seconds: 0 };
  for (const [i, c] of classes.entries()) {
    try {
      const r = await renderClassCopy(db, { classId: c.id, periodId: o.periodId, now: o.now, allowOpenPeriod: o.allowOpenPeriod });
      const saved = await saveAndRegister(db, actor, r, path.join(o.outDir, pdfFileName(c.name, period.name, r.docNo)), o.now);
      result.printed.push({ className: c.name, file: saved.file, docNo: saved.docNo, pages: saved.pages, sheets: saved.sheets, shortHash: saved.shortHash });
      result.pages += saved.pages;
      result.sheets += saved.sheets;
      o.onProgress?.({ done: i + 1, total: classes.length, className: c.name, outcome: 'printed' });
    } catch (err) {
      // A period not ended refuses the whole school at the first class, before any file.
      if (err instanceof PrintError && err.code === 'PRINT_PERIOD_NOT_ENDED') throw err;
      if (!(err instanceof PrintError)) throw err;
      result.skipped.push({ className: c.name, code: err.code, message: err.message });
      o.onProgress?.({ done: i + 1, total: classes.length, className: c.name, outcome: err.code === 'PRINT_NO_LESSONS' ? 'skipped' : 'failed', message: err.message });
    }
  }
  result.seconds = Math.round(performance.now() - t) / 1000;
  return result;
}

export interface BookResult {
  bytes: Buffer;
  book: BookKind;
  docNo: string;
  printedOn: string;
  title: string;
  pages: number;
  sheets: number;
  rows: number;
  hash: string;
  shortHash: string;
}

/** An extract of one of the secretary's books as it stands now (print/compose/books.ts). */
export async function renderBook(db: RenderDb, o: { book: BookKind; now: Date; onPage?: RenderOptions['onPage'] }): Promise<BookResult> {
  const doc = composeBook(await loadBook(db.knex, o.book, toIsoDate(o.now)), { printedOn: toIsoDate(o.now) });
  const bytes = await renderPdf(withPageProgress(doc, o.onPage));
  return { bytes, book: doc.book, docNo: doc.docNo, printedOn: doc.printedOn, title: doc.title, pages: doc.pages.length, sheets: doc.sheetCount, rows: doc.rows, hash: doc.hash, shortHash: shortHash(doc.hash) };
}
