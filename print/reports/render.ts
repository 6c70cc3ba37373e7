// A report's PDF (issue 14 item 9): composed in the paper copies' style (compose.ts) and
// drawn by react-pdf; `printReport` writes the file and enters it in the register of
// printed documents with the report's name and parameters, as every paper copy is.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Knex } from 'knex';
import { writeFileDurably } from '../../db/durable-file';
import type { JournalDb } from '../../db/journal-db';
import type { Actor } from '../../db/journal-writer';
import type { ReportResult } from '../../shared/report-model';
import { toIsoDate } from '../../shared/dates';
import type { PrintDocument } from '../document';
import { renderPdf } from '../pdf/react-pdf';
import { nextDocNo, registerReportPrint, type RegisterEntry } from '../verify/register';
import { composeReport } from './compose';

export interface ReportPdf {
  bytes: Buffer;
  doc: PrintDocument;
}

/** The school's full name for the heading band. */
export async function schoolName(knex: Knex): Promise<string> {
  const s = (await knex('school').orderBy('id').first('full_name')) as { full_name: string } | undefined;
  return s?.full_name ?? '';
}

export async function renderReportPdf(knex: Knex, r: ReportResult, o: { docNo: string; now: Date }): Promise<ReportPdf> {
  const doc = composeReport(r, { docNo: o.docNo, printedOn: toIsoDate(o.now), schoolName: await schoolName(knex) });
  return { bytes: await renderPdf(doc), doc };
}

export interface PrintedReport {
  bytes: Buffer;
  docNo: string;
  pages: number;
  file: string;
  register: RegisterEntry;
}

/** Draws the report, writes the file (when given) and enters it in the register of printed documents. */
export async function printReport(db: JournalDb, actor: Actor, r: ReportResult, o: { now: Date; file?: string; docNo?: string }): Promise<PrintedReport> {
  const docNo = o.docNo ?? await nextDocNo(db, toIsoDate(o.now));
  const { bytes, doc } = await renderReportPdf(db.knex, r, { docNo, now: o.now });
  if (o.file) writeFileDurably(o.file, bytes);
  let register: RegisterEntry;
  try {
    register = await registerReportPrint(db, actor, {
      doc, report: r, pages: doc.pages.length, filePath: o.file ?? '',
      fileSha256: crypto.createHash('sha256').update(bytes).digest('hex'), printedAt: o.now,
    });
  } catch (err) {
    // Not in the register, not on disk: a file of no number is no document.
    if (o.file) fs.rmSync(o.file, { force: true });
    throw err;
  }
  return { bytes, docNo, pages: doc.pages.length, file: o.file ?? '', register };
}
