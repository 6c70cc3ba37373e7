// Messages between a print job's owner (print/jobs/manager.ts, beside the service) and the
// print worker thread (print/jobs/worker.ts), which reads the journal through its own
// connection and draws PDFs, so that long renders never hold up the service's calls.
import type { BookKind, DocumentKind } from '../registry';
import type { PartHash, SheetHash } from '../verify/hash';

/** What the worker draws: a document of the register (with the number it is given) or a book extract. */
export type PrintTask =
  | {
      readonly type: 'document';
      readonly kind: DocumentKind;
      readonly classId: string;
      readonly periodId: string;
      /** ISO instant of printing. */
      readonly now: string;
      readonly docNo: string;
      readonly allowOpenPeriod: boolean;
      /** Written there (temporary name, flushed, renamed); without it the bytes come back. */
      readonly file?: string;
    }
  | { readonly type: 'book'; readonly book: BookKind; readonly now: string; readonly file?: string };

export interface DrawnDocument {
  readonly type: 'document';
  readonly kind: DocumentKind;
  readonly docNo: string;
  readonly printedOn: string;
  readonly title: string;
  readonly classId: string;
  readonly className: string;
  readonly periodId: string;
  readonly periodName: string;
  readonly pages: number;
  readonly sheets: number;
  readonly hash: string;
  readonly shortHash: string;
  readonly sheetHashes: SheetHash[];
  readonly parts: PartHash[];
  readonly doubleSided: boolean;
  readonly draft: boolean;
  readonly file: string | null;
  readonly fileSha256: string;
  /** The PDF itself when no file was asked for (a preview). */
  readonly pdf: Uint8Array | null;
}

export interface DrawnBook {
  readonly type: 'book';
  readonly book: BookKind;
  readonly docNo: string;
  readonly printedOn: string;
  readonly title: string;
  readonly pages: number;
  readonly sheets: number;
  readonly rows: number;
  readonly hash: string;
  readonly shortHash: string;
  readonly file: string | null;
  readonly fileSha256: string;
  readonly pdf: Uint8Array | null;
}

export type Drawn = DrawnDocument | DrawnBook;

export interface TaskError {
  /** A PrintError's code, or INTERNAL. */
  readonly code: string;
  readonly message: string;
}

export type ToPrintWorker = { readonly type: 'task'; readonly id: number; readonly task: PrintTask };

export type FromPrintWorker =
  | { readonly type: 'page'; readonly id: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly id: number; readonly result: Drawn }
  | { readonly type: 'failed'; readonly id: number; readonly error: TaskError };

export interface PrintWorkerData {
  readonly dbFile: string;
  /** Int32 [0] set to 1: stop the task being drawn at its next page (cancel of a job). */
  readonly cancel: SharedArrayBuffer;
}
