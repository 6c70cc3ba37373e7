// Reading a PDF as a person would check it: its text (pdftotext), the words with their
// places on a page (pdftotext -bbox), and each page as a picture (pdftoppm), from
// poppler-utils.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './tmp';

export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', [...range, file, '-'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
}

/** Text without any whitespace, to find texts that the layout may have wrapped. */
export const squeeze = (s: string) => s.replace(/\s+/g, '');

export interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(#\d+|\w+);/g, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e] ?? `&${e};`));

/** Words of every page, in points from the top left of each page. */
export function pdfWords(file: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  return html.split('<page ').slice(1).map((page) => {
    const words: Word[] = [];
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: decode(m[5]!) });
    }
    return words;
  });
}

/** The words whose centre lies in a box, joined left to right. */
export function textIn(words: readonly Word[], x0: number, y0: number, x1: number, y1: number): string {
  return words
    .filter((w) => {
      const cx = (w.x0 + w.x1) / 2;
      const cy = (w.y0 + w.y1) / 2;
      return cx > x0 && cx < x1 && cy > y0 && cy < y1;
    })
    .sort((a, b) => a.x0 - b.x0)
    .map((w) => w.text)
    .join(' ');
}

export interface PagePicture {
  width: number;
  height: number;
  /** Share of pixels darker than mid-grey. */
  ink: number;
}

/** Every page drawn at `dpi` in grey (PGM), with how much of it is ink. */
export function pdfPictures(file: string, dpi = 50): PagePicture[] {
  const dir = tmpDir('journal-pdf-');
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', file, path.join(dir, 'p')]);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort().map((f) => {
    const buf = fs.readFileSync(path.join(dir, f));
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 40).toString('latin1'));
    if (!header) throw new Error(`not a PGM: ${f}`);
    const [w, h] = [Number(header[1]), Number(header[2])];
    const pixels = buf.subarray(header[0].length);
    let dark = 0;
    for (const v of pixels) if (v < 128) dark++;
    return { width: w, height: h, ink: dark / (w * h) };
  });
}
