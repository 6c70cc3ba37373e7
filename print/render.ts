// The printing API: a document of any kind of the registry (print/registry.ts) for a class
// and period, as PDF bytes (renderDocument) or into a file entered in the register of
// printed documents (printDocument), and the class copies of every class of the school at
// once (printSchool); an extract of one of the secretary's books (renderBook). Bad input is
// refused with a PrintError before anything is written.
import { writeFileDurably } from '../db/durable-file';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JournalDb } from '../db/journal-db';
import type { Actor } from '../db/journal-writer';
import { formatRuDate, toIsoDate } from '../shared/dates';
import { composeBook } from './compose/books';
import type { PrintDocument } from './document';
import { PrintError } from './errors';
import { shortHash } from './draw/frame';
import { renderPdf } from './pdf/react-pdf';
import {
  documentFileName, documentOf, documentsOfCommand, loadBook, pdfFileName,
  type BookKind, type DocumentHeading, type DocumentKind, type FactsOf,
} from './registry';
import { nextDocNo, registerPrint, type RegisterEntry } from './verify/register';
import type { PartHash, SheetHash } from './verify/hash';

/**
 * What rendering needs of the database: reading, and the writer only to number a document
 * when no number is given (a print worker reads through its own connection and is given one).
 */
export type RenderDb = Pick<JournalDb, 'knex'> & Partial<Pick<JournalDb, 'writer'>>;

export { pdfFileName };

export interface RenderOptions {
  classId: string;
  /** The reporting period; a document of the year (the year title page) needs none. */
  periodId?: string;
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
  kind: DocumentKind;
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
  /** Print on both sides of the sheet (class copies) or on one (the rest): the registry says. */
  doubleSided: boolean;
  /** Whether the period had not ended when this was printed. */
  draft: boolean;
  ms: { load: number; render: number };
}

function checkPeriodEnded(h: DocumentHeading, o: RenderOptions): string | null {
  const today = toIsoDate(o.now);
  if (today > h.endsOn) return null;
  if (!o.allowOpenPeriod) {
    throw new PrintError('PRINT_PERIOD_NOT_ENDED',
      `Период «${h.periodName}» ещё не закончился (последний день — ${formatRuDate(h.endsOn)}): бумажную копию печатают после окончания периода. ` +
      'Для предварительной распечатки укажите это явно (--allow-open-period).');
  }
  return `Предварительная распечатка: период не закончился (последний день — ${formatRuDate(h.endsOn)}), отметки за период могут измениться.`;
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

/**
 * Any kind of the register as PDF bytes (print/registry.ts): its data read, checked (period
 * ended, something to print), numbered, composed and drawn.
 */
export async function renderDocument<K extends DocumentKind>(db: RenderDb, kind: K, o: RenderOptions): Promise<RenderResult & FactsOf<K>> {
  const d = documentOf(kind);
  const t = performance.now();
  const data = await d.load(db.knex, { classId: o.classId, periodId: o.periodId });
  const h = d.heading(data);
  const warning = d.afterPeriodEnds ? checkPeriodEnded(h, o) : null;
  const empty = d.nothingToPrint?.(data) ?? null;
  if (empty !== null) throw new PrintError('PRINT_NO_LESSONS', empty);
  const printedOn = toIsoDate(o.now);
  const docNo = await docNoFor(db, o, printedOn);
  const doc = d.compose(data, { docNo, printedOn, warning });
  const loadMs = performance.now() - t;
  const t2 = performance.now();
  const bytes = await renderPdf(withPageProgress(doc, o.onPage));
  const result: RenderResult = {
    bytes, kind, docNo: doc.docNo, printedOn: doc.printedOn, title: doc.title,
    classId: h.classId, className: h.className, periodId: h.periodId, periodName: h.periodName,
    pages: doc.pages.length, sheets: doc.sheetCount, hash: doc.hash, shortHash: shortHash(doc.hash),
    sheetHashes: doc.sheets, parts: doc.parts, doubleSided: d.doubleSided, draft: warning !== null, ms: { load: loadMs, render: performance.now() - t2 },
  };
  return { ...result, ...(d.facts?.(data) ?? {}) } as RenderResult & FactsOf<K>;
}

export function renderClassCopy(db: RenderDb, o: RenderOptions): Promise<RenderResult> {
  return renderDocument(db, 'class_copy', o);
}

/** A summary sheet by its kind on the command line and in print.summary ('marks', …). */
export function renderSummary(db: RenderDb, o: RenderOptions & { kind: string }): Promise<RenderResult> {
  return renderDocument(db, summaryDocument(o.kind), o);
}

function summaryDocument(kind: string): DocumentKind {
  const found = documentsOfCommand('summary').find((d) => d.cliKind === kind);
  if (!found) throw new PrintError('PRINT_BAD_KIND', `Неизвестный вид сводной ведомости: ${kind}.`);
  return found.kind;
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

/**
 * A document of any kind into a file entered in the register: the file given, or one named
 * by the registry (class, kind, period, number) in `outDir`.
 */
export async function printDocument<K extends DocumentKind>(db: JournalDb, actor: Actor, kind: K, o: RenderOptions & ({ file: string } | { outDir: string })): Promise<PrintedFile & FactsOf<K>> {
  await assertNewDocNo(db, o.docNo);
  const r = await renderDocument(db, kind, o);
  const file = 'file' in o ? o.file : path.join(o.outDir, documentFileName(kind, r.className, r.periodName, r.docNo));
  // The kind's facts come along with the rest of the result.
  return (await saveAndRegister(db, actor, r, file, o.now)) as PrintedFile & FactsOf<K>;
}

export function printClassCopy(db: JournalDb, actor: Actor, o: RenderOptions & { file: string }): Promise<PrintedFile> {
  return printDocument(db, actor, 'class_copy', o);
}

export function printSummary(db: JournalDb, actor: Actor, o: RenderOptions & { kind: string; file: string }): Promise<PrintedFile> {
  return printDocument(db, actor, summaryDocument(o.kind), o);
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
      const saved = await printDocument(db, actor, 'class_copy', { classId: c.id, periodId: o.periodId, now: o.now, allowOpenPeriod: o.allowOpenPeriod, outDir: o.outDir });
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

/** An extract of one of the secretary's books as it stands now (print/registry.ts BOOKS). */
export async function renderBook(db: RenderDb, o: { book: BookKind; now: Date; onPage?: RenderOptions['onPage'] }): Promise<BookResult> {
  const doc = composeBook(await loadBook(db.knex, o.book, toIsoDate(o.now)), { printedOn: toIsoDate(o.now) });
  const bytes = await renderPdf(withPageProgress(doc, o.onPage));
  return { bytes, book: o.book, docNo: doc.docNo, printedOn: doc.printedOn, title: doc.title, pages: doc.pages.length, sheets: doc.sheetCount, rows: doc.rows, hash: doc.hash, shortHash: shortHash(doc.hash) };
}
