// journal print class-copy --db FILE --class 8Б --period ID --out FILE.pdf   the paper copy of a class journal
// journal print summary --db FILE --class 8Б --period ID --kind KIND --out FILE.pdf
// journal print school --db FILE --period ID --out-dir DIR                     every class, progress on stderr
// journal print printers                                                       the printers of this computer
// journal verify-print --db FILE DOCNO                                         does the paper copy still match?
// Printing enters each document in the register of printed documents (print_register);
// the command line acts as the system (no user), the register names the computer.
import { openJournal, type JournalDb } from '../../db/journal-db';
import { isIsoDate } from '../../shared/dates';
import { classByName } from '../../print/data/heading';
import { SUMMARY_KINDS, type SummaryKind } from '../../print/data/summary';
import { PrintError } from '../../print/errors';
import { listPrinters, printPdfFile } from '../../print/printer';
import { printClassCopy, printSchool, printSummary, type PrintedFile } from '../../print/render';
import { verifyPrint } from '../../print/verify/register';
import { CliError } from '../output';

const SYSTEM = { userId: null };

export interface PrintArgs {
  db: string;
  class?: string;
  period?: string;
  out?: string;
  outDir?: string;
  kind?: string;
  docNo?: string;
  date?: string;
  allowOpenPeriod: boolean;
  printer?: string;
  copies?: number;
}

function need(v: string | undefined, message: string): string {
  if (!v) throw new CliError('USAGE', message);
  return v;
}

/** The moment of printing: --date YYYY-MM-DD (noon of that day) or now. */
function printingMoment(date: string | undefined): Date {
  if (date === undefined) return new Date();
  if (!isIsoDate(date)) throw new CliError('USAGE', '--date должно быть датой в виде ГГГГ-ММ-ДД');
  return new Date(`${date}T12:00:00`);
}

async function withDb<T>(file: string, fn: (db: JournalDb) => Promise<T>): Promise<T> {
  const db = await openJournal(file, { mustExist: true });
  try {
    return await fn(db).catch((err: unknown) => {
      if (err instanceof PrintError) throw new CliError(err.code, err.message, err.details);
      throw err;
    });
  } finally {
    await db.close();
  }
}

function summaryKind(kind: string | undefined): SummaryKind {
  if (!kind) return 'marks';
  if (!(SUMMARY_KINDS as readonly string[]).includes(kind)) {
    throw new CliError('USAGE', `--kind: одно из ${SUMMARY_KINDS.join(', ')} (успеваемость, посещаемость, движение, итоговые отметки за год)`);
  }
  return kind as SummaryKind;
}

async function sendToPrinter(a: PrintArgs, printed: PrintedFile) {
  if (!a.printer) return printed;
  try {
    const job = await printPdfFile(printed.file, { printer: a.printer, copies: a.copies ?? 1, doubleSided: printed.doubleSided });
    return { ...printed, printerJob: job };
  } catch (err) {
    // The PDF stays saved and registered: say so with the printer's error.
    if (err instanceof PrintError) return { ...printed, printerError: { code: err.code, message: `${err.message} Файл сохранён: ${printed.file}` } };
    throw err;
  }
}

export async function runPrint(sub: string | undefined, a: PrintArgs): Promise<unknown> {
  switch (sub) {
    case 'class-copy':
    case 'summary': {
      const period = need(a.period, 'Укажите отчётный период: --period ID');
      const className = need(a.class, 'Укажите класс: --class 8Б');
      const out = need(a.out, 'Укажите файл PDF: --out FILE.pdf');
      const now = printingMoment(a.date);
      return withDb(a.db, async (db) => {
        const classId = await classByName(db.knex, className, period);
        const base = { classId, periodId: period, now, docNo: a.docNo, allowOpenPeriod: a.allowOpenPeriod, file: out };
        const printed = sub === 'class-copy'
          ? await printClassCopy(db, SYSTEM, base)
          : await printSummary(db, SYSTEM, { ...base, kind: summaryKind(a.kind) });
        const { sheetHashes: _s, register, ...shown } = await sendToPrinter(a, printed);
        return { ...shown, registered: { docNo: register.docNo, status: register.status, computer: register.computer } };
      });
    }
    case 'school': {
      const period = need(a.period, 'Укажите отчётный период: --period ID');
      const outDir = need(a.outDir, 'Укажите папку для файлов: --out-dir DIR');
      const now = printingMoment(a.date);
      return withDb(a.db, (db) => printSchool(db, SYSTEM, {
        periodId: period, outDir, now, allowOpenPeriod: a.allowOpenPeriod,
        onProgress: (p) => process.stderr.write(`[${p.done}/${p.total}] ${p.className}: ${p.outcome === 'printed' ? 'напечатан' : p.outcome === 'skipped' ? 'пропущен' : 'ошибка'}${p.message ? ` — ${p.message}` : ''}\n`),
      }));
    }
    case 'printers':
      return { printers: await listPrinters().catch((err: unknown) => {
        if (err instanceof PrintError) throw new CliError(err.code, err.message);
        throw err;
      }) };
    default:
      throw new CliError('USAGE', 'journal print class-copy | summary | school | printers …');
  }
}

export async function runVerifyPrint(dbFile: string, docNo: string) {
  return withDb(dbFile, (db) => verifyPrint(db, SYSTEM, docNo));
}
