// What every kind of import shares: its columns (a field, the header a template gives it,
// other headers schools write for it), a row of the file read through the column mapping,
// the fate planned for each row (new, update, duplicate, error — each error naming its
// column), and the readers of cell values (dates as дд.мм.гггг text or Excel date cells,
// numbers with a decimal comma, names).
import type { Knex } from 'knex';
import type { NewRows, RowChange } from '../../db/journal-writer';
import type { FieldValue, JournalTable } from '../../db/schema';
import { formatRuDate, parseRuDate, toIsoDate } from '../../shared/dates';
import { cellText, type Cell } from './read-table';

export const EXCHANGE_KINDS = ['students', 'staff', 'curriculum', 'timetable', 'plans'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

export interface FieldDef {
  readonly field: string;
  /** The header of the template's column. */
  readonly label: string;
  readonly required?: boolean;
  /** Other headers meaning the same (compared without case, spaces and punctuation). */
  readonly aliases?: readonly string[];
  /** Width of the template's column, in characters. */
  readonly width?: number;
}

export type Fate = 'new' | 'update' | 'duplicate' | 'error';

export interface RowError {
  /** The column's header as the file has it (or the template's, when the file lacks it). */
  readonly column: string;
  readonly message: string;
}

/** What one row of the file will do. */
export interface PlannedRow {
  readonly row: number;
  readonly fate: Fate;
  /** Who or what the row is, in a few words («5А, Иванова Анна, 12.03.2015»). */
  readonly label: string;
  readonly errors: readonly RowError[];
  /** What an update changes, or why a row is a duplicate. */
  readonly note: string;
  /** Rows to create, by table; changes of existing rows. */
  readonly inserts: readonly { table: JournalTable; row: Record<string, FieldValue> }[];
  readonly changes: readonly RowChange[];
}

/** A row of the file, read through the mapping of fields to columns. */
export interface MappedRow {
  readonly row: number;
  cell(field: string): Cell;
  /** The cell as trimmed text ('' when empty). */
  text(field: string): string;
  /** The column's header in the file, for messages. */
  column(field: string): string;
}

export interface YearRow { id: string; name: string; starts_on: string; ends_on: string; status: string }

export interface PlanContext {
  readonly knex: Knex;
  readonly year: YearRow;
  readonly today: string;
}

export interface KindDef {
  readonly kind: ExchangeKind;
  /** What the file holds, in Russian («Списки классов»). */
  readonly title: string;
  readonly fields: readonly FieldDef[];
  /** The reason recorded in the change log with the rows. */
  readonly reason: string;
  plan(ctx: PlanContext, rows: readonly MappedRow[]): Promise<PlannedRow[]>;
  /** The same table as it is in the journal, in the template's columns. */
  exportRows(ctx: PlanContext): Promise<(string | number | Date | null)[][]>;
}

/** A header as compared: lower case, ё as е, letters and digits only. */
export const normHeader = (h: string) => h.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/[^\p{L}\p{N}]+/gu, '');
/** A name as compared: lower case, ё as е, single spaces. */
export const normName = (s: string) => s.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();

/** Builds a row's plan: errors collected column by column, then the fate. */
export class RowPlan {
  readonly errors: RowError[] = [];
  readonly inserts: { table: JournalTable; row: Record<string, FieldValue> }[] = [];
  readonly changes: RowChange[] = [];
  label = '';
  note = '';
  constructor(readonly src: MappedRow) {}

  error(field: string, message: string): void {
    this.errors.push({ column: this.src.column(field), message });
  }

  insert(table: JournalTable, row: Record<string, FieldValue>): void {
    this.inserts.push({ table, row });
  }

  change(c: RowChange): void {
    this.changes.push(c);
  }

  /** Required text; an error when empty. */
  required(field: string, what: string): string {
    const t = this.src.text(field);
    if (!t) this.error(field, `${what}: не заполнено`);
    return t;
  }

  /** A person's name part: letters, hyphen, apostrophe, space; up to 60 characters. */
  name(field: string, what: string, required: boolean): string {
    const t = this.src.text(field).replace(/\s+/g, ' ');
    if (!t) {
      if (required) this.error(field, `${what}: не заполнено`);
      return '';
    }
    if (t.length > 60) this.error(field, `${what}: не длиннее 60 знаков`);
    else if (!/^[\p{L}][\p{L}\p{M}' .-]*$/u.test(t)) this.error(field, `${what}: «${t}» — только буквы, дефис, апостроф и пробел`);
    return t;
  }

  /** A date: a date cell of Excel, or text дд.мм.гггг (also гггг-мм-дд). */
  date(field: string, what: string, required: boolean): string | null {
    const c = this.src.cell(field);
    if (c === null) {
      if (required) this.error(field, `${what}: не заполнено`);
      return null;
    }
    const iso = dateOf(c);
    if (!iso) this.error(field, `${what}: «${cellText(c)}» — не дата. Нужна дата в виде дд.мм.гггг (например, 01.09.2015) или ячейка Excel с датой`);
    return iso;
  }

  /** A number (a decimal comma is accepted) within [min, max]. */
  number(field: string, what: string, opts: { required: boolean; min: number; max: number; integer?: boolean; def?: number }): number | null {
    const c = this.src.cell(field);
    if (c === null) {
      if (opts.required) this.error(field, `${what}: не заполнено`);
      return opts.def ?? null;
    }
    const n = typeof c === 'number' ? c : Number(cellText(c).replace(',', '.').replace(/\s/g, ''));
    if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < opts.min || n > opts.max) {
      this.error(field, `${what}: «${cellText(c)}» — нужно ${opts.integer ? 'целое ' : ''}число от ${opts.min} до ${opts.max}`);
      return null;
    }
    return n;
  }

  /** The row's plan; `fate` when it has no errors. */
  done(fate: Exclude<Fate, 'error'>): PlannedRow {
    const ok = this.errors.length === 0;
    return {
      row: this.src.row, fate: ok ? fate : 'error', label: this.label, errors: this.errors, note: ok ? this.note : '',
      inserts: ok ? this.inserts : [], changes: ok ? this.changes : [],
    };
  }
}

/** Excel keeps dates as days since 30.12.1899 (a number cell formatted as a number). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A cell's date as ISO: an Excel date (exceljs gives it as UTC midnight), a serial day number, or text. */
export function dateOf(c: Cell): string | null {
  if (c === null) return null;
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : toIsoDate(new Date(c.getUTCFullYear(), c.getUTCMonth(), c.getUTCDate()));
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1 || c > 80000) return null;
    const d = new Date(EXCEL_EPOCH + c * 86400000);
    return toIsoDate(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  }
  return parseRuDate(c.replace(/\s*г\.?$/, ''));
}

/** A date for a file: an Excel date cell (UTC midnight, as Excel shows it). */
export const excelDate = (iso: string | null): Date | null => (iso ? new Date(`${iso}T00:00:00Z`) : null);

/** «да»/«нет» and their usual spellings; null for anything else. */
export function yesNo(t: string): boolean | null {
  const v = normName(t);
  if (['да', 'д', '1', 'yes', 'y', 'true', '+', 'есть'].includes(v)) return true;
  if (['нет', 'н', '0', 'no', 'n', 'false', '-', ''].includes(v)) return false;
  return null;
}

/** The class of the year by its name, as people write it («5 А», «5а» → «5А»). */
export const normClassName = (t: string) => t.toLocaleUpperCase('ru').replace(/[\s"«»-]+/g, '').replace('КЛАСС', '').replace('КЛ.', '').replace('Ё', 'Е');

export interface ClassOfYear { id: string; name: string; grade: number }

export async function classesOfYear(knex: Knex, yearId: string): Promise<Map<string, ClassOfYear>> {
  const rows: ClassOfYear[] = await knex('class').where({ year_id: yearId }).select('id', 'name', 'grade');
  return new Map(rows.map((c) => [normClassName(c.name), c]));
}

export const yearWords = (y: YearRow) => `учебном году ${y.name || `${y.starts_on.slice(0, 4)}/${y.ends_on.slice(0, 4)}`}`;
export const ruDate = (iso: string) => formatRuDate(iso);

/** New rows grouped by table in `order` (a row's references first), for the writer's batch. */
export function groupInserts(planned: readonly PlannedRow[], order: readonly JournalTable[]): NewRows[] {
  const byTable = new Map<JournalTable, Record<string, FieldValue>[]>();
  for (const p of planned) for (const i of p.inserts) {
    const list = byTable.get(i.table) ?? [];
    list.push(i.row);
    byTable.set(i.table, list);
  }
  const tables = [...order, ...[...byTable.keys()].filter((t) => !order.includes(t))];
  return tables.filter((t) => byTable.has(t)).map((table) => ({ table, rows: byTable.get(table)! }));
}
