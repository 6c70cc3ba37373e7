// Paper copies from the app (issue 5 items 2–4, 6; R-PRINT-1…5): a deputy, the secretary,
// the administrator or the director (R-ROLE-5) prints a class copy or a summary sheet into a PDF file, entered in the
// register of printed documents; the administration reads the register and checks whether
// a copy still matches the journal; the secretary records binding. Sending a saved PDF to
// a printer goes through the operating system (print/printer.ts).
//
// Printing from the app (issue 5 item 6): previews and long print jobs, drawn in a worker
// thread with its own read-only connection (print/jobs/), so that the service answers other
// calls meanwhile. A preview comes back as the PDF's bytes in base64 and is drawn in the
// window by pdf.js (renderer/src/components/print/PdfPreview.tsx); nothing is written or
// registered. A job draws documents of one kind of the registry (print/registry.ts) for
// chosen classes (or for every class of the period) into the print folder beside the database and registers each
// complete file; its status says how many classes and pages are done; it can be cancelled.
import path from 'node:path';
import { z } from 'zod';
import { PrintError } from '../../print/errors';
import { printFolder, printJobsFor, TaskFailed, WorkerStopped } from '../../print/jobs/manager';
import { listPrinters, printPdfFile } from '../../print/printer';
import { documentOf, documentsOfCommand, BOOK_KINDS, DOCUMENTS, DOCUMENT_KINDS, pdfFileName, REPORT_KIND, type BookKind, type DocumentKind } from '../../print/registry';
import { printClassCopy, printSummary } from '../../print/render';
import { checkPrint, findPrint, listPrints, markStaleCopies, recordBinding, verifyPrint } from '../../print/verify/register';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';
import { hasRole } from '../session';
import { yearOn } from '../../db/queries/year';
import { toIsoDate } from '../../shared/dates';
import type { Drawn } from '../../print/jobs/protocol';
import type { CallContext } from '../define';

const file = z.string().trim().min(1, 'Укажите файл PDF').max(1000).refine((f) => /\.pdf$/i.test(f), 'Файл должен иметь расширение .pdf');
const docNo = z.string().trim().min(1).max(40);

/** A print error as the service's error: unknown things are NOT_FOUND, the rest CONFLICT; the print code in details. */
function asService(err: unknown): never {
  if (err instanceof PrintError) {
    const notFound = err.code === 'PRINT_UNKNOWN_CLASS' || err.code === 'PRINT_UNKNOWN_PERIOD' || err.code === 'PRINT_UNKNOWN_DOCUMENT';
    throw new ServiceError(notFound ? 'NOT_FOUND' : 'CONFLICT', err.message, { printCode: err.code });
  }
  throw err;
}

const printInput = {
  classId: rowId,
  periodId: rowId,
  file,
  docNo: docNo.optional(),
  /** Print before the period has ended (a preliminary copy, marked so on the title). */
  allowOpenPeriod: z.boolean().default(false),
};

function shown<T extends { sheetHashes: unknown; register: { status: string; computer: string } }>(r: T) {
  const { sheetHashes: _s, register, ...rest } = r;
  return { ...rest, registered: { status: register.status, computer: register.computer } };
}

export const classCopy = defineMethod({
  summary: 'Напечатать копию классного журнала за период в файл PDF и внести её в реестр напечатанных документов',
  access: 'documentPrinters',
  input: z.object(printInput).strict(),
  async run(ctx, a) {
    return shown(await printClassCopy(ctx.db, { userId: userOf(ctx).id }, { ...a, now: ctx.now() }).catch(asService));
  },
});

export const summary = defineMethod({
  summary: 'Напечатать сводную ведомость класса (успеваемость, посещаемость, движение, итоговые отметки за год) в файл PDF и внести в реестр',
  access: 'documentPrinters',
  // The summary sheets' kinds as `journal print summary --kind` names them (print/registry.ts).
  input: z.object({ ...printInput, kind: z.enum(documentsOfCommand('summary').map((d) => d.cliKind!) as [string, ...string[]]) }).strict(),
  async run(ctx, a) {
    return shown(await printSummary(ctx.db, { userId: userOf(ctx).id }, { ...a, now: ctx.now() }).catch(asService));
  },
});

export const register = defineMethod({
  summary: 'Реестр напечатанных документов: номер, класс, период, листы, контрольная сумма, актуальность, дата переплёта, дело',
  access: 'wholeSchool',
  input: z.object({ classId: rowId.optional(), periodId: rowId.optional(), status: z.enum(['current', 'stale', 'cancelled']).optional() }).strict(),
  async run(ctx, a) {
    return (await listPrints(ctx.db.knex, a)).map(({ sheetHashes: _s, partHashes, ...e }) => ({ ...e, parts: partHashes.map((p) => ({ label: p.label, firstSheet: p.firstSheet, lastSheet: p.lastSheet })) }));
  },
});

export const verify = defineMethod({
  summary: 'Проверить, соответствует ли бумажная копия журналу сейчас; устаревшая копия отмечается в реестре с листами для перепечатки',
  access: 'wholeSchool',
  input: z.object({ docNo }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    // The director sees everything and changes nothing (R-ROLE-5): a check without the note in the register.
    if (!hasRole(user, 'deputy', 'secretary', 'admin')) return checkPrint(ctx.db, a.docNo).catch(asService);
    return verifyPrint(ctx.db, { userId: user.id }, a.docNo, ctx.now()).catch(asService);
  },
});

export const markStale = defineMethod({
  summary: 'Отметить устаревшими копии класса (и периода), которые больше не соответствуют журналу (после одобренного исправления)',
  access: 'printers',
  input: z.object({ classId: rowId.optional(), periodId: rowId.optional(), reason: z.string().trim().max(300).optional() }).strict(),
  async run(ctx, a) {
    return markStaleCopies(ctx.db, { userId: userOf(ctx).id }, { ...a, now: ctx.now() }).catch(asService);
  },
});

export const bind = defineMethod({
  // R-PRINT-3
  summary: 'Отметить, что копия прошита и подшита в дело',
  access: 'binders',
  input: z.object({ docNo, boundOn: isoDate, folder: z.string().trim().min(1, 'Укажите дело').max(200) }).strict(),
  async run(ctx, a) {
    const { sheetHashes: _s, ...e } = await recordBinding(ctx.db, { userId: userOf(ctx).id }, a.docNo, a).catch(asService);
    return e;
  },
});

export const printers = defineMethod({
  summary: 'Принтеры этого компьютера',
  access: 'documentPrinters',
  input: z.object({}).strict(),
  async run() {
    return listPrinters().catch(asService);
  },
});

export const toPrinter = defineMethod({
  summary: 'Отправить на принтер файл PDF напечатанного документа (по номеру в реестре) или выписки из книги учёта (файл в папке печати): число экземпляров, с двух сторон листа',
  access: 'documentPrinters',
  input: z.object({
    docNo: docNo.optional(),
    /** A file in the print folder beside the database (the secretary's book extracts). */
    file: file.optional(),
    printer: z.string().trim().min(1).max(200).optional(),
    copies: z.number().int().min(1).max(99).default(1),
    doubleSided: z.boolean().optional(),
  }).strict().refine((a) => (a.docNo === undefined) !== (a.file === undefined), 'Укажите номер документа или файл'),
  async run(ctx, a) {
    let target: string;
    let doubleSided: boolean;
    if (a.docNo !== undefined) {
      const e = await findPrint(ctx.db.knex, a.docNo);
      if (!e) throw new ServiceError('NOT_FOUND', `Документ № ${a.docNo} не найден в реестре напечатанных документов.`);
      target = e.filePath;
      doubleSided = a.doubleSided ?? (e.kind === REPORT_KIND ? false : documentOf(e.kind).doubleSided);
    } else {
      // Only files the app wrote itself: nothing outside the print folder is sent anywhere.
      const folder = printFolder(ctx.db);
      target = path.resolve(folder, a.file!);
      if (!target.startsWith(folder + path.sep)) throw new ServiceError('FORBIDDEN', 'Печатаются только файлы из папки печати программы.');
      doubleSided = a.doubleSided ?? false;
    }
    const job = { printer: a.printer, copies: a.copies, doubleSided };
    return printPdfFile(target, job).catch((err: unknown) => {
      // The file and the settings go back with the error: the Electron shell prints the
      // file with its own printing when the system's printing is missing or fails.
      if (err instanceof PrintError) throw new ServiceError(err.code === 'PRINT_FILE' ? 'NOT_FOUND' : 'CONFLICT', err.message, { printCode: err.code, file: target, ...job });
      throw err;
    });
  },
});

// ---- previews and print jobs ----------------------------------------------------------

// Every kind of the registry (print/registry.ts).
const documentKind = z.enum(DOCUMENT_KINDS as [DocumentKind, ...DocumentKind[]]);
const bookKind = z.enum(BOOK_KINDS as [BookKind, ...BookKind[]]);

/** The number printed on a preview: it is not a document of the register. */
export const PREVIEW_DOC_NO = 'ОБРАЗЕЦ';

/** A print job's error as the service's: a period not ended is OUT_OF_WINDOW, a stopped worker CONFLICT. */
function asJobError(err: unknown): never {
  if (err instanceof PrintError || err instanceof TaskFailed) {
    const notFound = err.code === 'PRINT_UNKNOWN_CLASS' || err.code === 'PRINT_UNKNOWN_PERIOD' || err.code === 'PRINT_UNKNOWN_DOCUMENT';
    if (err.code === 'INTERNAL') throw err;
    throw new ServiceError(notFound ? 'NOT_FOUND' : err.code === 'PRINT_PERIOD_NOT_ENDED' ? 'OUT_OF_WINDOW' : 'CONFLICT', err.message, { printCode: err.code });
  }
  if (err instanceof WorkerStopped) throw new ServiceError('CONFLICT', 'Печать остановлена: программа завершает работу.');
  throw err;
}

function shownPdf(d: Drawn) {
  const { pdf, ...rest } = d;
  if (rest.type === 'document') {
    const { sheetHashes: _s, parts, ...doc } = rest;
    return { ...doc, parts: parts.map((p) => ({ label: p.label, firstSheet: p.firstSheet, lastSheet: p.lastSheet })), pdfBase64: pdf ? Buffer.from(pdf).toString('base64') : null };
  }
  return { ...rest, pdfBase64: pdf ? Buffer.from(pdf).toString('base64') : null };
}

const jobManager = (ctx: CallContext) => printJobsFor(ctx.db);

export const preview = defineMethod({
  summary: 'Предпросмотр документа: копия журнала класса, сводная ведомость, титульный лист за год или выписка из книги учёта в виде PDF (base64); ничего не записывается',
  access: 'documentPrinters',
  input: z.discriminatedUnion('document', [
    z.object({ document: z.literal('book'), book: bookKind }).strict(),
    z.object({ document: documentKind, classId: rowId, periodId: rowId, allowOpenPeriod: z.boolean().default(false) }).strict(),
  ]),
  async run(ctx, a) {
    const now = ctx.now().toISOString();
    const task = a.document === 'book'
      ? { type: 'book' as const, book: a.book, now }
      : { type: 'document' as const, kind: a.document, classId: a.classId, periodId: a.periodId, allowOpenPeriod: a.allowOpenPeriod, now, docNo: PREVIEW_DOC_NO };
    return shownPdf(await jobManager(ctx).preview(task).catch(asJobError));
  },
});

export const startJob = defineMethod({
  summary: 'Начать задание печати: документы выбранных классов (или всех классов периода) в файлы PDF с внесением в реестр; идёт в отдельном потоке',
  access: 'documentPrinters',
  input: z.object({
    document: documentKind,
    periodId: rowId,
    /** Without it: every class the period applies to (the whole school). */
    classIds: z.array(rowId).min(1, 'Выберите хотя бы один класс').max(200).optional(),
    allowOpenPeriod: z.boolean().default(false),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    return jobManager(ctx).start({ userId: user.id, name: user.fullName }, { kind: a.document, periodId: a.periodId, classIds: a.classIds ?? null, allowOpenPeriod: a.allowOpenPeriod }, ctx.now()).catch(asJobError);
  },
});

export const jobStatus = defineMethod({
  summary: 'Состояние задания печати: классы и страницы готовы, из скольких; напечатанные документы; пропущенные классы',
  access: 'documentPrinters',
  input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  async run(ctx, a) {
    const s = jobManager(ctx).status(a.jobId);
    if (!s) throw new ServiceError('NOT_FOUND', 'Задание печати не найдено (возможно, программа была перезапущена).');
    return s;
  },
});

export const jobs = defineMethod({
  summary: 'Задания печати этого компьютера с начала работы программы: идущие и законченные',
  access: 'documentPrinters',
  input: z.object({}).strict(),
  async run(ctx) {
    return jobManager(ctx).list();
  },
});

export const cancelJob = defineMethod({
  summary: 'Отменить задание печати: незаконченный документ не сохраняется; готовые документы остаются в реестре',
  access: 'documentPrinters',
  input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  async run(ctx, a) {
    const s = await jobManager(ctx).cancel(a.jobId);
    if (!s) throw new ServiceError('NOT_FOUND', 'Задание печати не найдено.');
    return s;
  },
});

export const saveBook = defineMethod({
  summary: 'Сохранить выписку из книги учёта (реестр бумажных копий, журнал документов строгой отчётности, журнал резервных копий) в файл PDF в папке печати',
  access: 'wholeSchool',
  input: z.object({ book: bookKind }).strict(),
  async run(ctx, a) {
    const j = jobManager(ctx);
    const now = ctx.now();
    const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
    const file = path.join(j.outDir, pdfFileName('книга-учёта', a.book, stamp));
    return shownPdf(await j.preview({ type: 'book', book: a.book, now: now.toISOString(), file }).catch(asJobError));
  },
});

export const choices = defineMethod({
  summary: 'Что можно напечатать: документы за период, отчётные периоды учебного года (с классами, к которым относятся, и окончен ли период) и классы',
  access: 'documentPrinters',
  input: z.object({}).strict(),
  async run(ctx) {
    const year = await yearOn(ctx.db.knex, toIsoDate(ctx.now()));
    // The documents of a class for a period (print/registry.ts); those of the year are printed from the archive.
    const documents = DOCUMENT_KINDS.filter((k) => DOCUMENTS[k].scope === 'period').map((k) => ({ id: k, title: DOCUMENTS[k].title }));
    if (!year) return { documents, periods: [], classes: [] };
    const today = toIsoDate(ctx.now());
    const periods: { id: string; name: string; ends_on: string; starts_on: string; grade_from: number; grade_to: number }[] =
      await ctx.db.knex('period').where({ year_id: year.id }).orderBy([{ column: 'ends_on' }, { column: 'grade_from' }]).select('id', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
    const classes: { id: string; name: string; grade: number }[] =
      await ctx.db.knex('class').where({ year_id: year.id }).orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name', 'grade');
    return {
      documents,
      periods: periods.map((p) => ({
        id: p.id, name: `${p.name} (${p.grade_from === p.grade_to ? p.grade_from : `${p.grade_from}–${p.grade_to}`} кл.)`, startsOn: p.starts_on, endsOn: p.ends_on,
        gradeFrom: p.grade_from, gradeTo: p.grade_to, ended: p.ends_on < today,
      })),
      classes,
      outDir: printJobsFor(ctx.db).outDir,
    };
  },
});
