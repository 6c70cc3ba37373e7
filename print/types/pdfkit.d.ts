// The parts of pdfkit used by the print benchmark's side-by-side baseline (bench/print.ts).
declare module 'pdfkit' {
  import type { Readable } from 'node:stream';
  interface PDFDocumentOptions {
    size?: string | [number, number];
    margin?: number;
    autoFirstPage?: boolean;
    compress?: boolean;
    info?: Record<string, string | Date>;
  }
  class PDFDocument extends Readable {
    constructor(options?: PDFDocumentOptions);
    addPage(options?: PDFDocumentOptions): this;
    end(): void;
  }
  export default PDFDocument;
}
