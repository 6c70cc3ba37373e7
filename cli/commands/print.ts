// journal print class-copy --db FILE --class 8Б --period ID --out FILE.pdf   the paper copy of a class journal
// journal print summary --db FILE --class 8Б --period ID --kind KIND --out FILE.pdf
// journal print year-title --db FILE --class 8Б --period ID --out FILE.pdf    the title page of the class's year
//   (every kind of document of print/registry.ts under its declared command and --kind)
// journal print school --db FILE --period ID --out-dir DIR                     every class, progress on stderr
// journal print printers                                                       the printers of this computer
// journal verify-print --db FILE DOCNO                                         does the paper copy still match?
// Printing enters each document in the register of printed documents (print_register);
// the command line acts as the system (no user), the register names the computer.
import { openJournal, type JournalDb } from '../../db/journal-db';
import { isIsoDate } from '../../shared/dates';
import { classByName } from '../../print/data/heading';
import { PrintError } from '../../print/errors';
import { listPrinters, printPdfFile } from '../../print/printer';
import { documentCommands, documentsOfCommand, type DocumentKind } from '../../print/registry';
import { printDocument, printSchool, type PrintedFile } from '../../print/render';
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

/** The usage lines of the commands that print a document of the registry (`journal` without arguments). */
export function printUsage(): string[] {
  return documentCommands().map((c, i) => {
    const kinds = documentsOfCommand(c);
    const kind = kinds.length > 1 ? ` [--kind ${kinds.map((k) => k.cliKind).join('|')}]` : '';
    const options = i === 0 ? ' [--date YYYY-MM-DD] [--doc-no N] [--allow-open-period] [--printer NAME --copies N]' : ' [то же]';
    return `journal print ${c} --db FILE --class 8Б --period ID --out FILE.pdf${kind}${options}`;
  });
}

/** The kind a command prints: its only one, or the one --kind names (the first by default). */
function documentKind(command: string, kind: string | undefined): DocumentKind {
  const kinds = documentsOfCommand(command);
  if (kinds.length === 1) return kinds[0]!.kind;
  const found = kind === undefined ? kinds[0] : kinds.find((k) => k.cliKind === kind);
  if (!found) throw new CliError('USAGE', `--kind: одно из ${kinds.map((k) => `${k.cliKind} (${k.title.toLocaleLowerCase('ru')})`).join(', ')}`);
  return found.kind;
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

/** A document of the registry: the class by name in the year of --period (a document of the year takes any period of it). */
async function printOne(command: string, a: PrintArgs): Promise<unknown> {
  const kind = documentKind(command, a.kind);
  const period = need(a.period, 'Укажите отчётный период: --period ID');
  const className = need(a.class, 'Укажите класс: --class 8Б');
  const out = need(a.out, 'Укажите файл PDF: --out FILE.pdf');
  const now = printingMoment(a.date);
  return withDb(a.db, async (db) => {
    const classId = await classByName(db.knex, className, period);
    const printed = await printDocument(db, SYSTEM, kind, { classId, periodId: period, now, docNo: a.docNo, allowOpenPeriod: a.allowOpenPeriod, file: out });
    const { sheetHashes: _s, register, ...shown } = await sendToPrinter(a, printed);
    return { ...shown, registered: { docNo: register.docNo, status: register.status, computer: register.computer } };
  });
}

export async function runPrint(sub: string | undefined, a: PrintArgs): Promise<unknown> {
  if (sub !== undefined && documentCommands().includes(sub)) return printOne(sub, a);
  switch (sub) {
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
      throw new CliError('USAGE', `journal print ${[...documentCommands(), 'school', 'printers'].join(' | ')} …`);
  }
}

export async function runVerifyPrint(dbFile: string, docNo: string) {
  return withDb(dbFile, (db) => verifyPrint(db, SYSTEM, docNo));
}
