// Electron's own printing as the fallback of printing through the operating system (issue 5
// item 6). The service prints a saved PDF with `lp` or pdf-to-printer (print/printer.ts);
// when that is missing or fails, print.toPrinter's error carries the file and the settings,
// and here the PDF is opened in a hidden, sandboxed window (Chromium's PDF viewer) and sent
// with webContents.print. LESSONS.md: from Electron 41 webContents.print ignores duplexMode
// (electron #52048), and printing a PDF through webContents has had blank-page bugs — hence
// only a fallback, and the answer says that both sides are not guaranteed.
// Not run by the tests here (no Electron binary): kept small and checked by tsc and eslint.
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import type { CallResult } from '../service/api';

export const FALLBACK_NOTE =
  'Системная печать недоступна, документ напечатан средствами программы. Двусторонняя печать в этом режиме не передаётся принтеру (Electron 41 и новее её не поддерживает): включите её в настройках принтера или напечатайте файл PDF из другой программы.';

interface FallbackJob {
  file: string;
  printer?: string;
  copies: number;
  doubleSided: boolean;
}

/** The job to print ourselves, when the system's printing refused it (missing or failing printer system). */
export function fallbackJob(method: string, result: CallResult): FallbackJob | null {
  if (method !== 'print.toPrinter' || result.ok) return null;
  const d = result.error.details as Partial<FallbackJob> & { printCode?: string } | undefined;
  if (!d || (d.printCode !== 'PRINTER_NOT_FOUND' && d.printCode !== 'PRINTER_FAILED') || typeof d.file !== 'string') return null;
  return { file: d.file, printer: d.printer, copies: d.copies ?? 1, doubleSided: d.doubleSided ?? false };
}

export async function printWithElectron(job: FallbackJob): Promise<void> {
  const win = new BrowserWindow({
    show: false,
    // Chromium's PDF viewer is a plugin; nothing of Node, no preload.
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  try {
    await win.loadURL(pathToFileURL(job.file).toString());
    // The viewer draws after the load event; without a pause the first pages print blank (#43309).
    await new Promise((r) => setTimeout(r, 1500));
    await new Promise<void>((resolve, reject) => {
      win.webContents.print(
        { silent: true, deviceName: job.printer, copies: job.copies, duplexMode: job.doubleSided ? 'longEdge' : 'simplex', printBackground: true },
        (ok, reason) => (ok ? resolve() : reject(new Error(reason || 'печать не удалась'))),
      );
    });
  } finally {
    win.destroy();
  }
}

/** print.toPrinter's answer, or after the system's refusal the answer of Electron's printing. */
export async function withPrintFallback(method: string, result: CallResult): Promise<CallResult> {
  const job = fallbackJob(method, result);
  if (!job || result.ok) return result;
  try {
    await printWithElectron(job);
    return { ok: true, value: { printer: job.printer ?? null, copies: job.copies, doubleSided: false, answer: 'Electron webContents.print', fallback: true, note: FALLBACK_NOTE } };
  } catch (err) {
    return { ok: false, error: { ...result.error, message: `${result.error.message} Печать средствами программы тоже не удалась: ${(err as Error).message}.` } };
  }
}
