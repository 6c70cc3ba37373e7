// The QR code of a printed document: its matrix from qrcode-generator, drawn as filled
// rectangles (one per run of dark modules in a row) in a single fill.
import qrcode from 'qrcode-generator';
import type { Painter } from './painter';

export type QrMatrix = readonly (readonly boolean[])[];

const cache = new Map<string, QrMatrix>();

/** The QR matrix of an ASCII text (error correction M: readable with a smudge or a stamp over it). */
export function qrMatrix(text: string): QrMatrix {
  let m = cache.get(text);
  if (m) return m;
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  m = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
  if (cache.size > 500) cache.clear();
  cache.set(text, m);
  return m;
}

/** Draws the code in a square of `size` at (x, y), with the quiet zone inside the square. */
export function paintQr(p: Painter, m: QrMatrix, x: number, y: number, size: number): void {
  const quiet = 2;
  const cell = size / (m.length + 2 * quiet);
  const ox = x + quiet * cell;
  const oy = y + quiet * cell;
  m.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c++;
      // A hair wider than the module so that neighbouring rectangles leave no seam.
      p.rect(ox + start * cell, oy + r * cell, (c - start) * cell + 0.05, cell + 0.05);
    }
  });
  p.fill('#000000');
}
