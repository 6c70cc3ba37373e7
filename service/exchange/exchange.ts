// Import and export of the tables a school keeps in spreadsheets (R-ROLE-6): a file's bytes
// → its table (read-table.ts) → its columns matched to a kind's fields (by header, or by the
// caller's mapping) → each row's fate (the kind's file) → the preview, or the commit that
// writes every row in ONE transaction through the journal writer (writeBatch: the rule book
// sees every row). The UI (service/methods/exchange.ts) and the CLI (`journal import`) call
// these through the same methods.
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { JournalDb } from '../../db/journal-db';
import type { RowChange } from '../../db/journal-writer';
import type { JournalTable } from '../../db/schema';
import { ServiceError } from '../errors';
import { curriculum } from './curriculum';
import { groupInserts, normHeader, type ExchangeKind, type Fate, type KindDef, type MappedRow, type PlanContext, type PlannedRow, type YearRow } from './kind';
import { plans } from './plans';
import { cellText, readTable, type Encoding, type Table } from './read-table';
import { staffKind } from './staff';
import { students } from './students';
import { timetable } from './timetable';

export const KINDS: Readonly<Record<ExchangeKind, KindDef>> = { students, staff: staffKind, curriculum, timetable, plans };

/** Tables of an import in the order their rows go in: a row's references first. */
const INSERT_ORDER: readonly JournalTable[] = [
  'staff', 'staff_role', 'subject', 'curriculum', 'student', 'guardian', 'enrolment', 'student_guardian', 'teaching_assignment', 'timetable_entry', 'plan_item',
];

export interface ImportInput {
  readonly kind: ExchangeKind;
  /** The file's content, base64. */
  readonly fileBase64: string;
  readonly fileName?: string;
  /** A CSV's encoding when not the one detected (after a garbled-text warning). */
  readonly encoding?: Encoding;
  /** Field → the file's header, for files whose headers differ from the template's. */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Row numbers (as the spreadsheet numbers them) left out. */
  readonly skip?: readonly number[];
  readonly yearId?: string;
}

export interface PreviewColumn { field: string; label: string; required: boolean; header: string | null }

export interface PreviewRow {
  row: number;
  fate: Fate | 'skipped';
  label: string;
  note: string;
  errors: { column: string; message: string }[];
}

export interface Preview {
  kind: ExchangeKind;
  title: string;
  year: { id: string; name: string };
  format: 'xlsx' | 'csv';
  encoding: Encoding | null;
  delimiter: string | null;
  headers: string[];
  columns: PreviewColumn[];
  /** Required columns not found: map them (mapping) before anything can be imported. */
  missing: string[];
  rows: PreviewRow[];
  summary: Record<Fate | 'skipped', number> & { total: number };
}

/** The year an import goes to: the one asked for; else the one under way; else the next to start; else the latest. */
export async function yearFor(knex: Knex, today: string, yearId?: string): Promise<YearRow> {
  const years: YearRow[] = await knex('academic_year').orderBy('starts_on').select('id', 'name', 'starts_on', 'ends_on', 'status');
  if (yearId) {
    const y = years.find((x) => x.id === yearId);
    if (!y) throw new ServiceError('NOT_FOUND', 'Учебный год не найден.');
    return y;
  }
  const y = years.find((x) => x.starts_on <= today && today <= x.ends_on) ?? years.find((x) => x.starts_on > today) ?? years[years.length - 1];
  if (!y) throw new ServiceError('CONFLICT', 'В журнале ещё нет учебного года: сначала заведите учебный год и классы.');
  return y;
}

function decodeBase64(b64: string): Buffer {
  const bytes = Buffer.from(b64, 'base64');
  if (b64.length > 0 && bytes.length === 0) throw new ServiceError('VALIDATION', 'Файл не удалось прочитать. Ничего не записано.');
  return bytes;
}

/** The kind's fields matched to the file's headers: the caller's mapping first, then the template's header or an alias. */
function matchColumns(def: KindDef, table: Table, mapping: Readonly<Record<string, string>> = {}): { columns: PreviewColumn[]; index: Map<string, number> } {
  const normHeaders = table.headers.map(normHeader);
  const index = new Map<string, number>();
  const used = new Set<number>();
  for (const [field, header] of Object.entries(mapping)) {
    const f = def.fields.find((x) => x.field === field);
    if (!f) throw new ServiceError('VALIDATION', `Сопоставление столбцов: поля «${field}» нет в таблице «${def.title}».`);
    if (header === '') continue; // left unmapped on purpose
    const i = table.headers.indexOf(header) >= 0 ? table.headers.indexOf(header) : normHeaders.indexOf(normHeader(header));
    if (i < 0) throw new ServiceError('VALIDATION', `Сопоставление столбцов: в файле нет столбца «${header}» (для поля «${f.label}»).`);
    index.set(field, i);
    used.add(i);
  }
  for (const f of def.fields) {
    if (index.has(f.field) || f.field in mapping) continue;
    const names = [f.label, ...(f.aliases ?? [])].map(normHeader);
    const i = normHeaders.findIndex((h, n) => !used.has(n) && names.includes(h));
    if (i >= 0) {
      index.set(f.field, i);
      used.add(i);
    }
  }
  const columns = def.fields.map((f) => ({ field: f.field, label: f.label, required: !!f.required, header: index.has(f.field) ? table.headers[index.get(f.field)!]! : null }));
  return { columns, index };
}

interface Planned { preview: Preview; planned: PlannedRow[] }

async function planImport(knex: Knex, input: ImportInput, today: string): Promise<Planned> {
  const def = KINDS[input.kind];
  const year = await yearFor(knex, today, input.yearId);
  const table = await readTable(decodeBase64(input.fileBase64), { encoding: input.encoding });
  const { columns, index } = matchColumns(def, table, input.mapping);
  const missing = columns.filter((c) => c.required && c.header === null).map((c) => c.label);
  const skip = new Set(input.skip ?? []);
  const base = {
    kind: def.kind, title: def.title, year: { id: year.id, name: year.name }, format: table.format, encoding: table.encoding, delimiter: table.delimiter,
    headers: [...table.headers], columns, missing,
  };
  const labelOf = new Map(def.fields.map((f) => [f.field, f.label]));
  const mapped: MappedRow[] = table.rows.filter((r) => !skip.has(r.row)).map((r) => ({
    row: r.row,
    cell: (field) => (index.has(field) ? r.cells[index.get(field)!] ?? null : null),
    text: (field) => (index.has(field) ? cellText(r.cells[index.get(field)!] ?? null).trim() : ''),
    column: (field) => (index.has(field) ? table.headers[index.get(field)!]! : labelOf.get(field) ?? field),
  }));
  const ctx: PlanContext = { knex, year, today };
  const planned = missing.length > 0 ? [] : await def.plan(ctx, mapped);
  const byRow = new Map(planned.map((p) => [p.row, p]));
  const rows: PreviewRow[] = missing.length > 0 ? [] : table.rows.map((r) => {
    const p = byRow.get(r.row);
    return p ? { row: p.row, fate: p.fate, label: p.label, note: p.note, errors: [...p.errors] } : { row: r.row, fate: 'skipped' as const, label: '', note: 'пропущена', errors: [] };
  });
  const summary = { new: 0, update: 0, duplicate: 0, error: 0, skipped: 0, total: rows.length };
  for (const r of rows) summary[r.fate]++;
  return { preview: { ...base, rows, summary }, planned };
}

/** What the file would do, row by row; nothing is written. */
export async function previewImport(knex: Knex, input: ImportInput, today: string): Promise<Preview> {
  return (await planImport(knex, input, today)).preview;
}

export interface CommitResult {
  kind: ExchangeKind;
  created: number;
  updated: number;
  duplicates: number;
  skipped: number;
  changeSetId: string;
}

/**
 * Plans the file again and writes it: refused, with nothing written, while a required column
 * is missing or any row not skipped has an error (the message names the row and the column).
 */
export async function commitImport(db: JournalDb, userId: string, input: ImportInput, today: string): Promise<CommitResult> {
  const { preview, planned } = await planImport(db.knex, input, today);
  if (preview.missing.length > 0) {
    throw new ServiceError('VALIDATION', `В файле нет ${preview.missing.length === 1 ? 'столбца' : 'столбцов'} ${preview.missing.map((m) => `«${m}»`).join(', ')}. Укажите, какой столбец файла ${preview.missing.length === 1 ? 'ему' : 'им'} соответствует. Ничего не записано.`,
      { missing: preview.missing });
  }
  const bad = preview.rows.filter((r) => r.fate === 'error');
  if (bad.length > 0) {
    const first = bad[0]!;
    const e = first.errors[0]!;
    const more = bad.length > 1 ? ` Строк с ошибками: ${bad.length}.` : '';
    throw new ServiceError('VALIDATION', `Строка ${first.row}, столбец «${e.column}»: ${e.message}. Исправьте строку в файле или пропустите её.${more} Ничего не записано.`,
      { errors: bad.slice(0, 100).flatMap((r) => r.errors.map((x) => ({ row: r.row, column: x.column, message: x.message }))) });
  }
  const inserts = groupInserts(planned, INSERT_ORDER);
  const changes: RowChange[] = planned.flatMap((p) => p.changes);
  const result = await db.writer.writeBatch({ userId }, { inserts, changes }, { reason: KINDS[input.kind].reason });
  return {
    kind: input.kind, created: preview.summary.new, updated: preview.summary.update, duplicates: preview.summary.duplicate, skipped: preview.summary.skipped,
    changeSetId: result.changeSetId,
  };
}

const FILE_NAMES: Record<ExchangeKind, string> = { students: 'списки-классов', staff: 'сотрудники', curriculum: 'учебный-план', timetable: 'расписание', plans: 'тематические-планы' };

/** A workbook of the kind's columns: the template (no rows) or an export. */
export async function workbookOf(kind: ExchangeKind, rows: readonly (string | number | Date | null)[][]): Promise<Buffer> {
  const def = KINDS[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Классный журнал';
  const sheet = wb.addWorksheet(def.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = def.fields.map((f) => ({ header: f.label, key: f.field, width: f.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.columns.forEach((c) => {
    c.eachCell?.((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd.mm.yyyy';
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function templateOf(kind: ExchangeKind): Promise<{ fileName: string; base64: string }> {
  return { fileName: `шаблон-${FILE_NAMES[kind]}.xlsx`, base64: (await workbookOf(kind, [])).toString('base64') };
}

export async function exportOf(knex: Knex, kind: ExchangeKind, today: string, yearId?: string): Promise<{ fileName: string; base64: string; rows: number }> {
  const year = await yearFor(knex, today, yearId);
  const rows = await KINDS[kind].exportRows({ knex, year, today });
  return { fileName: `${FILE_NAMES[kind]}-${year.starts_on.slice(0, 4)}.xlsx`, base64: (await workbookOf(kind, rows)).toString('base64'), rows: rows.length };
}
