// The register of printed documents (R-PRINT-3, issue 5 item 4): each print is entered
// through the journal writer with its hashes; `checkPrint` recomputes them from the
// journal as it is now, as the kind's declaration does (print/registry.ts), and names the
// sheets that no longer match; `markStaleCopies`
// (after an approved correction) marks the copies that no longer match as stale, so that
// only the affected sheets are reprinted.
import os from 'node:os';
import type { Knex } from 'knex';
import type { JournalDb } from '../../db/journal-db';
import type { Actor } from '../../db/journal-writer';
import { getLocal } from '../../db/local-state';
import { newId } from '../../db/ids';
import type { PrintDocument } from '../document';
import { PrintError } from '../errors';
import { DOCUMENTS, currentHashes, documentName, isDocumentKind, REPORT_KIND, type RegisterKind } from '../registry';
import { reportOf } from '../../db/reports/registry';
import { ROLES } from '../../db/schema';
import type { ReportParams, ReportResult } from '../../shared/report-model';
import { planReport, reportHash } from '../reports/compose';
import { diffSheets, hashOf, type PartHash, type SheetHash } from './hash';

export interface RegisterEntry {
  id: string;
  docNo: string;
  kind: RegisterKind;
  /** The kind's title (print/registry.ts); a report's: «Отчёт «…»». */
  kindTitle: string;
  /** '' for a report of no class (the school, a parallel, a teacher). */
  classId: string;
  className: string;
  /** '' for a report of no period (a range of dates). */
  periodId: string;
  periodName: string;
  title: string;
  sheets: number;
  pages: number;
  dataHash: string;
  partHashes: PartHash[];
  sheetHashes: SheetHash[];
  printedAt: string;
  printedBy: string | null;
  printedByName: string | null;
  computer: string;
  filePath: string;
  fileSha256: string;
  status: 'current' | 'stale' | 'cancelled';
  staleSince: string | null;
  staleSheets: number[];
  boundOn: string | null;
  folder: string;
  note: string;
  /** A report (kind 'report'): its name in db/reports/registry.ts and the parameters it was made with. */
  reportName: string;
  reportParams: ReportParams;
}

interface RegisterRow {
  id: string; doc_no: string; kind: RegisterKind; class_id: string | null; class_name: string | null; period_id: string | null; period_name: string | null;
  report_name: string; report_params: string;
  title: string; sheets: number; pages: number; data_hash: string; part_hashes: string; sheet_hashes: string;
  printed_at: string; printed_by: string | null; printed_by_name: string | null; computer: string; file_path: string; file_sha256: string;
  status: RegisterEntry['status']; stale_since: string | null; stale_sheets: string; bound_on: string | null; folder: string; note: string;
}

function fromRow(r: RegisterRow): RegisterEntry {
  return {
    id: r.id, docNo: r.doc_no, kind: r.kind, kindTitle: isDocumentKind(r.kind) ? DOCUMENTS[r.kind].title : r.kind === REPORT_KIND ? `Отчёт «${r.title.split(': ')[0]}»` : r.kind,
    classId: r.class_id ?? '', className: r.class_name ?? '', periodId: r.period_id ?? '', periodName: r.period_name ?? '',
    title: r.title, sheets: r.sheets, pages: r.pages, dataHash: r.data_hash,
    partHashes: JSON.parse(r.part_hashes) as PartHash[], sheetHashes: JSON.parse(r.sheet_hashes) as SheetHash[],
    printedAt: r.printed_at, printedBy: r.printed_by, printedByName: r.printed_by_name, computer: r.computer,
    filePath: r.file_path, fileSha256: r.file_sha256, status: r.status, staleSince: r.stale_since,
    staleSheets: JSON.parse(r.stale_sheets) as number[], boundOn: r.bound_on, folder: r.folder, note: r.note,
    reportName: r.report_name ?? '', reportParams: JSON.parse(r.report_params || '{}') as ReportParams,
  };
}

function registerQuery(knex: Knex) {
  return knex('print_register as r')
    // A report may have no class or period (issue 14): they are joined when given.
    .leftJoin('class as c', 'c.id', 'r.class_id')
    .leftJoin('period as p', 'p.id', 'r.period_id')
    .leftJoin('staff as s', 's.id', 'r.printed_by')
    .select('r.*', 'c.name as class_name', 'p.name as period_name',
      knex.raw(`CASE WHEN s.id IS NULL THEN NULL ELSE s.last_name || ' ' || s.first_name || ' ' || s.middle_name END AS printed_by_name`));
}

export async function findPrint(knex: Knex, docNo: string): Promise<RegisterEntry | undefined> {
  const row = (await registerQuery(knex).where('r.doc_no', docNo.trim()).first()) as RegisterRow | undefined;
  return row ? fromRow(row) : undefined;
}

export async function listPrints(knex: Knex, filter: { classId?: string; periodId?: string; status?: RegisterEntry['status']; kind?: RegisterKind } = {}): Promise<RegisterEntry[]> {
  const q = registerQuery(knex);
  if (filter.kind) q.where('r.kind', filter.kind);
  if (filter.classId) q.where('r.class_id', filter.classId);
  if (filter.periodId) {
    const periodId = filter.periodId;
    // A report of dates (no period) is listed under each period its dates meet.
    q.where((w) => {
      w.where('r.period_id', periodId).orWhere((o) => {
        o.where('r.kind', REPORT_KIND).whereNull('r.period_id').whereExists(
          knex('period as pp').where('pp.id', periodId)
            .whereRaw("json_extract(r.report_params, '$.from') <= pp.ends_on AND json_extract(r.report_params, '$.to') >= pp.starts_on").select(knex.raw('1')),
        );
      });
    });
  }
  if (filter.status) q.where('r.status', filter.status);
  return ((await q.orderBy('r.printed_at', 'desc').orderBy('r.doc_no', 'desc').limit(2000)) as RegisterRow[]).map(fromRow);
}

async function computerOf(db: JournalDb): Promise<string> {
  return `${db.writer.nodeId} (${(await getLocal(db.knex, 'computer_name')) ?? os.hostname()})`;
}

/**
 * The next document number of this computer: year of printing, a tag of the computer
 * (so that two computers never give the same number before they sync), a sequence.
 */
export async function nextDocNo(db: Pick<JournalDb, 'knex' | 'writer'>, printedOn: string): Promise<string> {
  const prefix = `${printedOn.slice(0, 4)}-${db.writer.nodeId.slice(0, 4).toUpperCase()}-`;
  const rows: { doc_no: string }[] = await db.knex('print_register').where('doc_no', 'like', `${prefix}%`).select('doc_no');
  const last = rows.reduce((m, r) => Math.max(m, Number(r.doc_no.slice(prefix.length)) || 0), 0);
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

export interface RegisterInput {
  doc: Pick<PrintDocument, 'docNo' | 'title' | 'hash' | 'sheets' | 'parts' | 'sheetCount'> & { kind: Exclude<RegisterKind, typeof REPORT_KIND> };
  classId: string;
  periodId: string;
  pages: number;
  filePath: string;
  fileSha256: string;
  printedAt: Date;
  note?: string;
}

export async function registerPrint(db: JournalDb, actor: Actor, r: RegisterInput): Promise<RegisterEntry> {
  if (await findPrint(db.knex, r.doc.docNo)) {
    throw new PrintError('PRINT_DOC_EXISTS', `Документ № ${r.doc.docNo} уже есть в реестре напечатанных документов; для новой печати нужен новый номер.`);
  }
  const id = newId();
  await db.writer.write(actor, [{
    table: 'print_register',
    id,
    set: {
      doc_no: r.doc.docNo, kind: r.doc.kind, class_id: r.classId, period_id: r.periodId, title: r.doc.title,
      sheets: r.doc.sheetCount, pages: r.pages, data_hash: r.doc.hash,
      part_hashes: JSON.stringify(r.doc.parts), sheet_hashes: JSON.stringify(r.doc.sheets),
      printed_at: r.printedAt.toISOString(), printed_by: actor.userId, computer: await computerOf(db),
      file_path: r.filePath, file_sha256: r.fileSha256, status: 'current', stale_since: null, stale_sheets: '[]',
      bound_on: null, folder: '', note: r.note ?? '',
    },
  }], { reason: `печать: ${documentName(r.doc.kind)} № ${r.doc.docNo}` });
  return (await findPrint(db.knex, r.doc.docNo))!;
}

export interface ReportRegisterInput {
  doc: Pick<PrintDocument, 'docNo' | 'title' | 'hash' | 'sheets' | 'parts' | 'sheetCount'>;
  report: ReportResult;
  pages: number;
  filePath: string;
  fileSha256: string;
  printedAt: Date;
  note?: string;
}

/**
 * A report's PDF in the register (issue 14): kind 'report' with the report's name and
 * parameters, its class and period when it was asked for one (else none), its hashes.
 */
export async function registerReportPrint(db: JournalDb, actor: Actor, r: ReportRegisterInput): Promise<RegisterEntry> {
  if (await findPrint(db.knex, r.doc.docNo)) {
    throw new PrintError('PRINT_DOC_EXISTS', `Документ № ${r.doc.docNo} уже есть в реестре напечатанных документов; для новой печати нужен новый номер.`);
  }
  const id = newId();
  await db.writer.write(actor, [{
    table: 'print_register',
    id,
    set: {
      doc_no: r.doc.docNo, kind: REPORT_KIND, class_id: r.report.params.classId ?? null, period_id: r.report.params.periodId ?? null, title: r.doc.title,
      sheets: r.doc.sheetCount, pages: r.pages, data_hash: r.doc.hash,
      part_hashes: JSON.stringify(r.doc.parts), sheet_hashes: JSON.stringify(r.doc.sheets),
      printed_at: r.printedAt.toISOString(), printed_by: actor.userId, computer: await computerOf(db),
      file_path: r.filePath, file_sha256: r.fileSha256, status: 'current', stale_since: null, stale_sheets: '[]',
      bound_on: null, folder: '', note: r.note ?? '', report_name: r.report.name, report_params: JSON.stringify(r.report.params),
    },
  }], { reason: `печать: отчёт «${r.report.title}» № ${r.doc.docNo}` });
  return (await findPrint(db.knex, r.doc.docNo))!;
}

/** A printed report's hashes now: the same report, with the same parameters, as of the day it was printed. */
async function reportHashesNow(knex: Knex, e: RegisterEntry): Promise<{ hash: string; sheets: SheetHash[]; parts: PartHash[] }> {
  let result: ReportResult;
  try {
    result = await reportOf(e.reportName).build(knex, e.reportParams, { today: e.printedAt.slice(0, 10), user: { id: e.printedBy ?? '', roles: ROLES } });
  } catch (err) {
    throw new PrintError('PRINT_UNKNOWN_DOCUMENT', `Отчёт документа № ${e.docNo} сейчас составить нельзя: ${(err as Error).message}`);
  }
  const { pages, parts } = planReport(result, () => '');
  return {
    hash: reportHash(result),
    sheets: pages.map((pg, i) => ({ sheet: i + 1, label: `${parts[pg.part]?.label ?? result.title}, лист ${i + 1}`, hash: hashOf({ sheet: i + 1, data: pg.data }) })),
    parts,
  };
}

export interface PrintCheck {
  docNo: string;
  kind: RegisterKind;
  title: string;
  classId: string;
  className: string;
  periodId: string;
  periodName: string;
  printedAt: string;
  /** What the register says (before this check). */
  registered: RegisterEntry['status'];
  /** What the journal says now. */
  status: 'current' | 'stale';
  printedHash: string;
  currentHash: string;
  sheets: number;
  sheetsNow: number;
  /** Sheets to reprint: changed, added and removed ones, in order. */
  staleSheets: number[];
  changedSheets: { sheet: number; label: string }[];
  addedSheets: number[];
  removedSheets: number[];
  changedParts: { label: string; firstSheet: number; lastSheet: number }[];
  message: string;
}

export async function checkPrint(db: JournalDb, docNo: string): Promise<PrintCheck> {
  const e = await findPrint(db.knex, docNo);
  if (!e) throw new PrintError('PRINT_UNKNOWN_DOCUMENT', `Документ № ${docNo} не найден в реестре напечатанных документов.`);
  const now = e.kind === REPORT_KIND ? await reportHashesNow(db.knex, e) : await currentHashes(db.knex, e.kind, { classId: e.classId, periodId: e.periodId });
  const diff = diffSheets(e.sheetHashes, now.sheets);
  const nowLabels = new Map(now.sheets.map((s) => [s.sheet, s.label]));
  const partNow = new Map(now.parts.map((p) => [p.key, p.hash]));
  const current = now.hash === e.dataHash;
  const staleSheets = [...new Set([...diff.changed.map((s) => s.sheet), ...diff.added, ...diff.removed])].sort((a, b) => a - b);
  const changedParts = e.partHashes.filter((p) => partNow.get(p.key) !== p.hash).map((p) => ({ label: p.label, firstSheet: p.firstSheet, lastSheet: p.lastSheet }));
  const list = (xs: number[]) => xs.join(', ');
  const message = current
    ? `Документ № ${e.docNo} соответствует электронному журналу: данные не менялись после печати.`
    : [
      `Документ № ${e.docNo} устарел: после печати журнал изменился.`,
      changedParts.length ? `Изменились разделы: ${changedParts.map((p) => p.label).join('; ')}.` : '',
      staleSheets.length ? `Перепечатать листы: ${list(staleSheets)}${now.sheets.length !== e.sheets ? ` (листов теперь ${now.sheets.length}, было ${e.sheets})` : ''}.` : '',
    ].filter((s) => s).join(' ');
  return {
    docNo: e.docNo, kind: e.kind, title: e.title, classId: e.classId, className: e.className, periodId: e.periodId, periodName: e.periodName,
    printedAt: e.printedAt, registered: e.status, status: current ? 'current' : 'stale',
    printedHash: e.dataHash, currentHash: now.hash, sheets: e.sheets, sheetsNow: now.sheets.length,
    staleSheets,
    changedSheets: diff.changed.map((s) => ({ sheet: s.sheet, label: nowLabels.get(s.sheet) ?? s.label })),
    addedSheets: diff.added, removedSheets: diff.removed, changedParts, message,
  };
}

async function recordStale(db: JournalDb, actor: Actor, check: PrintCheck, now: Date, reason: string): Promise<void> {
  const e = (await findPrint(db.knex, check.docNo))!;
  await db.writer.write(actor, [{
    table: 'print_register', id: e.id,
    set: { status: 'stale', stale_since: e.staleSince ?? now.toISOString(), stale_sheets: JSON.stringify(check.staleSheets) },
  }], { reason });
}

/** checkPrint, and when the copy no longer matches, the register marks it stale. */
export async function verifyPrint(db: JournalDb, actor: Actor, docNo: string, now = new Date()): Promise<PrintCheck> {
  const check = await checkPrint(db, docNo);
  const e = (await findPrint(db.knex, docNo))!;
  if (check.status === 'stale' && (e.status === 'current' || JSON.stringify(e.staleSheets) !== JSON.stringify(check.staleSheets))) {
    await recordStale(db, actor, check, now, `проверка копии № ${docNo}: ${check.message}`);
  }
  return check;
}

/**
 * After an approved correction (or any change): checks the current copies of the class
 * (and period), and marks stale those that no longer match the journal.
 */
export async function markStaleCopies(db: JournalDb, actor: Actor, filter: { classId?: string; periodId?: string; reason?: string; now?: Date } = {}): Promise<PrintCheck[]> {
  const entries = await listPrints(db.knex, { classId: filter.classId, periodId: filter.periodId, status: 'current' });
  const stale: PrintCheck[] = [];
  for (const e of entries) {
    // A report that can no longer be made (renamed, its class gone) is left as it is.
    const check = await checkPrint(db, e.docNo).catch((err: unknown) => {
      if (e.kind === REPORT_KIND) return null;
      throw err;
    });
    if (!check || check.status !== 'stale') continue;
    await recordStale(db, actor, check, filter.now ?? new Date(), filter.reason ?? `копия № ${e.docNo} не соответствует журналу после изменения`);
    stale.push(check);
  }
  return stale;
}

/** The secretary binds a copy and files it (R-PRINT-3). */
export async function recordBinding(db: JournalDb, actor: Actor, docNo: string, b: { boundOn: string; folder: string }): Promise<RegisterEntry> {
  const e = await findPrint(db.knex, docNo);
  if (!e) throw new PrintError('PRINT_UNKNOWN_DOCUMENT', `Документ № ${docNo} не найден в реестре напечатанных документов.`);
  await db.writer.write(actor, [{ table: 'print_register', id: e.id, set: { bound_on: b.boundOn, folder: b.folder } }], { reason: `документ № ${docNo} прошит и подшит в дело «${b.folder}»` });
  return (await findPrint(db.knex, docNo))!;
}
