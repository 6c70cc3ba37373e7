// Text measuring with the same PT Sans files the PDF embeds (fontkit, the font engine of
// pdfkit): widths from the glyphs' advance widths, cached per character. Kerning is left
// out, so a measured width is never less than the printed one by more than a hair.
import * as fontkit from 'fontkit';
import { FONT_BOLD, FONT_REGULAR } from './fonts';

/** Line spacing of wrapped text, as a multiple of the font size. */
export const LINE_HEIGHT = 1.15;

interface Metrics { widths: Map<number, number>; font: fontkit.Font }

const cache = new Map<string, Metrics>();

function metrics(bold: boolean): Metrics {
  const file = bold ? FONT_BOLD : FONT_REGULAR;
  let m = cache.get(file);
  if (!m) {
    m = { widths: new Map(), font: fontkit.openSync(file) };
    cache.set(file, m);
  }
  return m;
}

/** Width of `text` in points at `size`. */
export function textWidth(text: string, size: number, bold = false): number {
  const m = metrics(bold);
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let w = m.widths.get(cp);
    if (w === undefined) {
      w = m.font.glyphForCodePoint(cp).advanceWidth / m.font.unitsPerEm;
      m.widths.set(cp, w);
    }
    units += w;
  }
  return units * size;
}

/** The text cut to `width` with an ellipsis (the text itself when it fits). */
export function truncate(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** The largest size from `size` down to `minSize` (steps of 0.25 pt) at which `text` fits `width`. */
export function fitSize(text: string, width: number, size: number, minSize: number, bold = false): number {
  const w = textWidth(text, size, bold);
  if (w <= width) return size;
  const fitted = Math.floor(((size * width) / w) * 4) / 4;
  return Math.max(minSize, fitted);
}

/** Breaks `text` into lines of at most `width`, at spaces (a word longer than a line is cut). */
export function wrapLines(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const next = line ? `${line} ${word}` : word;
      if (textWidth(next, size, bold) <= width) {
        line = next;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (textWidth(rest, size, bold) > width) {
        const cut = truncate(rest, width, size, bold).slice(0, -1);
        const n = Math.max(1, [...cut].length);
        lines.push([...rest].slice(0, n).join(''));
        rest = [...rest].slice(n).join('');
      }
      line = rest;
    }
    if (line) lines.push(line);
  }
  return lines;
}

/**
 * Lines of `text` that fit a box of `width` × `height`: wrapped at `size`, or at a smaller
 * size down to `minSize`; at the smallest size the last line that fits ends with an ellipsis.
 */
export function fitLines(text: string, width: number, height: number, size: number, minSize: number, bold = false, lineHeight = LINE_HEIGHT): { lines: string[]; size: number } {
  for (let s = size; s >= minSize - 1e-9; s -= 0.5) {
    const lines = wrapLines(text, width, s, bold);
    if (lines.length * s * lineHeight <= height + 0.01) return { lines, size: s };
  }
  const max = Math.max(1, Math.floor(height / (minSize * lineHeight)));
  const all = wrapLines(text, width, minSize, bold);
  const lines = all.slice(0, max);
  if (all.length > max) lines[max - 1] = truncate(`${lines[max - 1]!}…`, width, minSize, bold);
  return { lines, size: minSize };
}
