// Sending saved PDFs to a printer one after another (print.toPrinter). When the system's
// printing is missing or fails, the Electron shell prints with its own printing and says so
// (electron/print-fallback.ts); the browser preview has no such fallback.
import { call, errorMessage } from '../../api';
import type { PrinterChoice } from './PrinterOptions';

export type PrintTarget = { docNo: string } | { file: string };

export async function sendToPrinter(targets: readonly PrintTarget[], choice: PrinterChoice): Promise<string> {
  const notes: string[] = [];
  let sent = 0;
  for (const t of targets) {
    try {
      const r = await call('print.toPrinter', { ...t, printer: choice.printer ?? undefined, copies: choice.copies, doubleSided: choice.doubleSided });
      sent++;
      const note = (r as { note?: string }).note;
      if (note && !notes.includes(note)) notes.push(note);
    } catch (err) {
      notes.push(errorMessage(err));
      break;
    }
  }
  const head = sent === targets.length ? `Отправлено на печать: ${sent}.` : `Отправлено на печать: ${sent} из ${targets.length}.`;
  return [head, ...notes].join(' ');
}
