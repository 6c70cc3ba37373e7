// Printing a saved PDF through the operating system (issue 5 item 6; LESSONS.md: Electron's
// webContents.print has had duplex and blank-page bugs): `lp` (CUPS) on Linux and macOS
// with copies and two-sided printing, pdf-to-printer (SumatraPDF) on Windows, loaded only
// there. A missing or failing printer is a PrintError with a Russian message; the PDF file
// is never touched, so it stays saved. Electron's own printing stays the shell's fallback.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type * as PdfToPrinterModule from 'pdf-to-printer';
import { PrintError } from './errors';

export interface PrintJobOptions {
  /** The printer's name; the system's default printer when absent. */
  printer?: string;
  copies?: number;
  /** Both sides of the sheet, turned on the long edge (R-PRINT-1); one side otherwise. */
  doubleSided?: boolean;
}

export interface PrintJob {
  printer: string | null;
  copies: number;
  doubleSided: boolean;
  /** What the system answered (CUPS: 'request id is …'). */
  answer: string;
}

export interface PrinterInfo {
  name: string;
  isDefault: boolean;
}

/** How the system is reached; tests give a stand-in `lp` and `lpstat`. */
export interface PrinterSystem {
  platform: NodeJS.Platform;
  lp: string;
  lpstat: string;
  env?: NodeJS.ProcessEnv;
}

const SYSTEM: PrinterSystem = { platform: process.platform, lp: 'lp', lpstat: 'lpstat' };

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv | undefined): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 60_000, env: env ?? process.env, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

function cupsMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

type PdfToPrinter = typeof PdfToPrinterModule;

async function windowsPrinting(): Promise<PdfToPrinter> {
  const m = (await import('pdf-to-printer')) as PdfToPrinter & { default?: PdfToPrinter };
  return m.default ?? m;
}

export async function listPrinters(sys: PrinterSystem = SYSTEM): Promise<PrinterInfo[]> {
  if (sys.platform === 'win32') {
    const ptp = await windowsPrinting();
    const [all, def] = await Promise.all([ptp.getPrinters(), ptp.getDefaultPrinter().catch(() => null)]);
    return all.map((p) => ({ name: p.name, isDefault: p.name === def?.name }));
  }
  try {
    const [names, def] = await Promise.all([
      run(sys.lpstat, ['-e'], sys.env),
      run(sys.lpstat, ['-d'], sys.env).catch(() => ({ stdout: '', stderr: '' })),
    ]);
    const defaultName = /:\s*(\S+)\s*$/.exec(def.stdout.trim())?.[1] ?? null;
    return names.stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '').map((name) => ({ name, isDefault: name === defaultName }));
  } catch (err) {
    if (cupsMissing(err)) throw new PrintError('PRINTER_NOT_FOUND', 'На этом компьютере не установлена система печати (CUPS, команды lp и lpstat): принтеры недоступны. Файл PDF можно распечатать с другого компьютера.');
    // lpstat exits non-zero when no printer is set up at all.
    return [];
  }
}

export async function printPdfFile(file: string, o: PrintJobOptions = {}, sys: PrinterSystem = SYSTEM): Promise<PrintJob> {
  if (!fs.existsSync(file)) throw new PrintError('PRINT_FILE', `Файл для печати не найден: ${file}`);
  const copies = o.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new PrintError('PRINTER_FAILED', 'Число экземпляров — от 1 до 99.');
  const doubleSided = o.doubleSided ?? true;
  const where = o.printer ? `принтер «${o.printer}»` : 'принтер по умолчанию';
  if (sys.platform === 'win32') {
    const ptp = await windowsPrinting();
    try {
      await ptp.print(file, { printer: o.printer, copies, side: doubleSided ? 'duplexlong' : 'simplex', paperSize: 'A4', scale: 'noscale' });
    } catch (err) {
      throw new PrintError('PRINTER_FAILED', `Не удалось напечатать на ${where}: ${(err as Error).message}. Файл сохранён: ${file}`);
    }
    return { printer: o.printer ?? null, copies, doubleSided, answer: '' };
  }
  const args = [
    ...(o.printer ? ['-d', o.printer] : []),
    '-n', String(copies),
    '-o', `sides=${doubleSided ? 'two-sided-long-edge' : 'one-sided'}`,
    '-o', 'media=A4',
    '--', file,
  ];
  try {
    const { stdout } = await run(sys.lp, args, sys.env);
    return { printer: o.printer ?? null, copies, doubleSided, answer: stdout.trim() };
  } catch (err) {
    if (cupsMissing(err)) {
      throw new PrintError('PRINTER_NOT_FOUND', `На этом компьютере не установлена система печати (CUPS, команда lp): печать невозможна. Файл сохранён: ${file}`);
    }
    const said = `${(err as { stderr?: string }).stderr ?? ''}`.trim();
    if (/does not exist|not exist|no default destination|не существует|unknown/i.test(said)) {
      throw new PrintError('PRINTER_NOT_FOUND', `${o.printer ? `Принтер «${o.printer}» не найден` : 'Принтер по умолчанию не настроен'}${said ? ` (${said})` : ''}. Файл сохранён: ${file}`);
    }
    throw new PrintError('PRINTER_FAILED', `Не удалось отправить файл на ${where}${said ? `: ${said}` : ''}. Файл сохранён: ${file}`);
  }
}
