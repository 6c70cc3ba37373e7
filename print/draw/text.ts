// Text on a painter: one line at a place, aligned, in PT Sans regular or bold. `top` is the
// top of the line box as pdfkit places it; `middle` centres capitals on a line.
import { FONT_BOLD, FONT_REGULAR } from './fonts';
import { LINE_HEIGHT, textWidth } from './measure';
import type { Painter } from './painter';

export const INK = '#000000';
export const GREY = '#555555';
export const LIGHT = '#999999';

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'center' | 'right';
  /** Width of the box for centre and right alignment. */
  width?: number;
}

/** PT Sans: from the top of pdfkit's line box to the middle of a capital letter, per point of size. */
const CAP_MIDDLE = 1.018 - 0.35;

export function line(p: Painter, text: string, x: number, top: number, s: TextStyle): void {
  if (text === '') return;
  let left = x;
  if (s.align && s.align !== 'left' && s.width !== undefined) {
    const w = textWidth(text, s.size, s.bold);
    left = s.align === 'center' ? x + (s.width - w) / 2 : x + s.width - w;
  }
  p.font(s.bold ? FONT_BOLD : FONT_REGULAR).fontSize(s.size).fillColor(s.color ?? INK).text(text, left, top, { lineBreak: false });
}

/** One line centred vertically on `middle` (capitals' middle). */
export function lineAt(p: Painter, text: string, x: number, middle: number, s: TextStyle): void {
  line(p, text, x, middle - CAP_MIDDLE * s.size, s);
}

/** Several lines from `top`, spaced by LINE_HEIGHT. */
export function lines(p: Painter, texts: readonly string[], x: number, top: number, s: TextStyle): void {
  texts.forEach((t, i) => line(p, t, x, top + i * s.size * LINE_HEIGHT, s));
}

/** Several lines centred as a block on `middle`. */
export function linesAt(p: Painter, texts: readonly string[], x: number, middle: number, s: TextStyle): void {
  const first = middle - ((texts.length - 1) * s.size * LINE_HEIGHT) / 2;
  texts.forEach((t, i) => lineAt(p, t, x, first + i * s.size * LINE_HEIGHT, s));
}

/**
 * Text turned 90° counter-clockwise, reading bottom to top from `bottom`, its capitals
 * centred on the vertical line at `centerX`.
 */
export function vertical(p: Painter, text: string, centerX: number, bottom: number, s: TextStyle): void {
  if (text === '') return;
  const x = centerX - CAP_MIDDLE * s.size;
  p.save().rotate(-90, { origin: [x, bottom] });
  // Rotated about (x, bottom): the line's left end stays there and its top edge faces right.
  line(p, text, x, bottom, s);
  p.restore();
}

export function hline(p: Painter, x1: number, x2: number, y: number): Painter {
  return p.moveTo(x1, y).lineTo(x2, y);
}

export function vline(p: Painter, x: number, y1: number, y2: number): Painter {
  return p.moveTo(x, y1).lineTo(x, y2);
}
