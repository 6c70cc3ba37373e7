// A document ready to be drawn: its pages, each a paint function on a page of a size, and
// what identifies it (number, date, hashes). The react-pdf backend (pdf/react-pdf.tsx) and
// the benchmark's bare pdfkit baseline draw the same pages. What kind of document it is,
// print/registry.ts declares (and render.ts tells the register).
import type { PagePaint } from './draw/painter';
import type { DocumentHashes } from './verify/hash';

/** An SVG picture placed on a page (a report's chart, drawn by the charting library), in points. */
export interface PageSvg {
  svg: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DocPage {
  size: { width: number; height: number };
  paint: PagePaint;
  /** Pictures over the painted page (react-pdf draws them as SVG images). */
  svgs?: PageSvg[];
}

export interface PrintDocument extends DocumentHashes {
  docNo: string;
  printedOn: string;
  /** The document's title (PDF metadata and the register). */
  title: string;
  subject: string;
  pages: DocPage[];
  sheetCount: number;
}
