// Paper copies from the app (issue 5 items 2–4, 6; R-PRINT-1…5): a deputy, the secretary or
// the administrator prints a class copy or a summary sheet into a PDF file, entered in the
// register of printed documents; the administration reads the register and checks whether
// a copy still matches the journal; the secretary records binding. Sending a saved PDF to
// a printer goes through the operating system (print/printer.ts).
import path from 'node:path';
import { z } from 'zod';
import { PrintError } from '../../print/errors';
import { printFolder } from '../../print/jobs/manager';
import { listPrinters, printPdfFile } from '../../print/printer';
import { documentOf, documentsOfCommand } from '../../print/registry';
import { printClassCopy, printSummary } from '../../print/render';
import { checkPrint, findPrint, listPrints, markStaleCopies, recordBinding, verifyPrint } from '../../print/verify/register';
import { isoDate, rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';
import { hasRole } from '../session';


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
  access: 'printers',
  input: z.object(printInput).strict(),
  async run(ctx, a) {
    return shown(await printClassCopy(ctx.db, { userId: userOf(ctx).id }, { ...a, now: ctx.now() }).catch(asService));
  },
});

export const summarySheet = defineMethod({
  summary: 'Напечатать сводную ведомость класса (успеваемость, посещаемость, движение, итоговые отметки за год) в файл PDF и внести в реестр',
  access: 'printers',
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
  summary: 'Отметить, что копия прошита и подшита в дело (R-PRINT-3)',
  access: 'binders',
  input: z.object({ docNo, boundOn: isoDate, folder: z.string().trim().min(1, 'Укажите дело').max(200) }).strict(),
  async run(ctx, a) {
    const { sheetHashes: _s, ...e } = await recordBinding(ctx.db, { userId: userOf(ctx).id }, a.docNo, a).catch(asService);
    return e;
  },
});

export const printers = defineMethod({
  summary: 'Принтеры этого компьютера',
  access: 'printers',
  input: z.object({}).strict(),
  async run() {
    return listPrinters().catch(asService);
  },
});

export const toPrinter = defineMethod({
  summary: 'Отправить на принтер файл PDF напечатанного документа (по номеру в реестре) или выписки из книги учёта (файл в папке печати): число экземпляров, с двух сторон листа',
  access: 'printers',
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
      doubleSided = a.doubleSided ?? documentOf(e.kind).doubleSided;
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
