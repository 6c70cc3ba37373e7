// Printing from the app (issue 5 item 6): previews and long print jobs, drawn in a worker
// thread with its own read-only connection (print/jobs/), so that the service answers other
// calls meanwhile. A preview comes back as the PDF's bytes in base64 and is drawn in the
// window by pdf.js (renderer/src/components/print/PdfPreview.tsx); nothing is written or
// registered. A job draws documents of one kind of the registry (print/registry.ts) for
// chosen classes (or for every class of the period) into the print folder beside the database and registers each
// complete file; its status says how many classes and pages are done; it can be cancelled.
import path from 'node:path';
import { z } from 'zod';
import { yearOn } from '../../db/queries/year';
import { toIsoDate } from '../../shared/dates';
import { PrintError } from '../../print/errors';
import { printJobsFor, TaskFailed, WorkerStopped } from '../../print/jobs/manager';
import type { Drawn } from '../../print/jobs/protocol';
import { BOOK_KINDS, DOCUMENTS, DOCUMENT_KINDS, pdfFileName, type BookKind, type DocumentKind } from '../../print/registry';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';
import type { CallContext } from '../define';


// Every kind of the registry (print/registry.ts).
const documentKind = z.enum(DOCUMENT_KINDS as [DocumentKind, ...DocumentKind[]]);
const bookKind = z.enum(BOOK_KINDS as [BookKind, ...BookKind[]]);

/** The number printed on a preview: it is not a document of the register. */
export const PREVIEW_DOC_NO = 'ОБРАЗЕЦ';

function asService(err: unknown): never {
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

const jobs = (ctx: CallContext) => printJobsFor(ctx.db);

export const preview = defineMethod({
  summary: 'Предпросмотр документа: копия журнала класса, сводная ведомость, титульный лист за год или выписка из книги учёта в виде PDF (base64); ничего не записывается',
  access: 'printers',
  input: z.discriminatedUnion('document', [
    z.object({ document: z.literal('book'), book: bookKind }).strict(),
    z.object({ document: documentKind, classId: rowId, periodId: rowId, allowOpenPeriod: z.boolean().default(false) }).strict(),
  ]),
  async run(ctx, a) {
    const now = ctx.now().toISOString();
    const task = a.document === 'book'
      ? { type: 'book' as const, book: a.book, now }
      : { type: 'document' as const, kind: a.document, classId: a.classId, periodId: a.periodId, allowOpenPeriod: a.allowOpenPeriod, now, docNo: PREVIEW_DOC_NO };
    return shownPdf(await jobs(ctx).preview(task).catch(asService));
  },
});

export const startJob = defineMethod({
  summary: 'Начать задание печати: документы выбранных классов (или всех классов периода) в файлы PDF с внесением в реестр; идёт в отдельном потоке',
  access: 'printers',
  input: z.object({
    document: documentKind,
    periodId: rowId,
    /** Without it: every class the period applies to (the whole school). */
    classIds: z.array(rowId).min(1, 'Выберите хотя бы один класс').max(200).optional(),
    allowOpenPeriod: z.boolean().default(false),
  }).strict(),
  async run(ctx, a) {
    const user = userOf(ctx);
    return jobs(ctx).start({ userId: user.id, name: user.fullName }, { kind: a.document, periodId: a.periodId, classIds: a.classIds ?? null, allowOpenPeriod: a.allowOpenPeriod }, ctx.now()).catch(asService);
  },
});

export const jobStatus = defineMethod({
  summary: 'Состояние задания печати: классы и страницы готовы, из скольких; напечатанные документы; пропущенные классы',
  access: 'printers',
  input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  async run(ctx, a) {
    const s = jobs(ctx).status(a.jobId);
    if (!s) throw new ServiceError('NOT_FOUND', 'Задание печати не найдено (возможно, программа была перезапущена).');
    return s;
  },
});

export const jobList = defineMethod({
  summary: 'Задания печати этого компьютера с начала работы программы: идущие и законченные',
  access: 'printers',
  input: z.object({}).strict(),
  async run(ctx) {
    return jobs(ctx).list();
  },
});

export const cancelJob = defineMethod({
  summary: 'Отменить задание печати: незаконченный документ не сохраняется; готовые документы остаются в реестре',
  access: 'printers',
  input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  async run(ctx, a) {
    const s = await jobs(ctx).cancel(a.jobId);
    if (!s) throw new ServiceError('NOT_FOUND', 'Задание печати не найдено.');
    return s;
  },
});

export const saveBook = defineMethod({
  summary: 'Сохранить выписку из книги учёта (реестр бумажных копий, журнал документов строгой отчётности, журнал резервных копий) в файл PDF в папке печати',
  access: 'wholeSchool',
  input: z.object({ book: bookKind }).strict(),
  async run(ctx, a) {
    const j = jobs(ctx);
    const now = ctx.now();
    const stamp = now.toISOString().slice(0, 19).replace(/[-:T]/g, '');
    const file = path.join(j.outDir, pdfFileName('книга-учёта', a.book, stamp));
    return shownPdf(await j.preview({ type: 'book', book: a.book, now: now.toISOString(), file }).catch(asService));
  },
});

export const choices = defineMethod({
  summary: 'Что можно напечатать: документы за период, отчётные периоды учебного года (с классами, к которым относятся, и окончен ли период) и классы',
  access: 'printers',
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
