// A file a school already has, as a table: the bytes of an XLSX workbook (its first sheet,
// read by exceljs) or of a CSV file (csv-parse), to headers and rows. A CSV's encoding is
// UTF-8 with or without a BOM, or Windows-1251 (iconv-lite), as Russian Excel saves it;
// its delimiter `;` (Russian Excel) or `,` is sniffed from the header line. Garbled
// Cyrillic — the other encoding's letters read as this one's — is caught here, before
// anything else looks at the rows, and the other encoding offered.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ServiceError } from '../errors';

/** What a file may hold: at most this many rows under the header, and this many bytes. */
export const MAX_ROWS = 5000;
export const MAX_BYTES = 10 * 1024 * 1024;

export type Encoding = 'utf-8' | 'windows-1251';
/** A cell as read: text, an Excel date cell, a number, or empty. */
export type Cell = string | number | Date | null;

export interface TableRow {
  /** The row's number as the spreadsheet shows it: the header is row 1. */
  readonly row: number;
  readonly cells: readonly Cell[];
}

export interface Table {
  readonly format: 'xlsx' | 'csv';
  readonly encoding: Encoding | null;
  readonly delimiter: ';' | ',' | '\t' | null;
  readonly headers: readonly string[];
  readonly rows: readonly TableRow[];
}

const ENCODING_NAMES: Record<Encoding, string> = { 'utf-8': 'UTF-8', 'windows-1251': 'Windows-1251' };
const other = (e: Encoding): Encoding => (e === 'utf-8' ? 'windows-1251' : 'utf-8');

/** A file-level refusal: nothing in the file is looked at further. `details.suggestEncoding` offers the other encoding. */
const refuse = (message: string, details?: Record<string, unknown>) => new ServiceError('VALIDATION', message, details);

/**
 * The second byte of a UTF-8 Cyrillic letter (0x80–0xBF) read as Windows-1251: «Р°» for «а»,
 * «С‚» for «т». Text with pairs like these is UTF-8 read in the wrong encoding.
 */
const MOJIBAKE_TAILS = iconv.decode(Buffer.from(Array.from({ length: 64 }, (_, i) => 0x80 + i)), 'win1251').replace('\uFFFD', '');
const MOJIBAKE = new RegExp(`[РС][${MOJIBAKE_TAILS.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

/** Whether decoded text looks garbled: replacement characters or UTF-8 read as Windows-1251. */
export function looksGarbled(text: string): boolean {
  const replaced = (text.match(/\uFFFD/g) ?? []).length;
  const pairs = (text.match(MOJIBAKE) ?? []).length;
  const cyrillic = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  // In garbled text every letter became such a pair; in Russian text they are rare («Сёмин»).
  return replaced > 0 || (pairs >= 3 && pairs >= cyrillic / 4);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The text of a CSV file: BOM → UTF-8; valid UTF-8 → UTF-8; anything else → Windows-1251; or the encoding asked for. */
export function decodeText(bytes: Buffer, asked?: Encoding): { text: string; encoding: Encoding } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding: Encoding = asked ?? (bom || isValidUtf8(bytes) ? 'utf-8' : 'windows-1251');
  const body = bom && encoding === 'utf-8' ? bytes.subarray(3) : bytes;
  const text = encoding === 'utf-8' ? body.toString('utf-8') : iconv.decode(body, 'win1251');
  return { text, encoding };
}

/** `;`, `,` or a tab: the one the header line (outside quotes) holds most of. */
export function sniffDelimiter(text: string): ';' | ',' | '\t' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  const [best] = ([';', ',', '\t'] as const).map((c) => ({ c, n: count(c) })).sort((a, b) => b.n - a.n);
  return best && best.n > 0 ? best.c : ';';
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // the old binary .xls
const startsWith = (b: Buffer, magic: number[]) => magic.every((m, i) => b[i] === m);

/** Text a spreadsheet could be: no NUL bytes, few control characters. */
function looksLikeText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control <= sample.length / 100;
}

const tooMany = (n: number) => refuse(`В файле ${n.toLocaleString('ru-RU')} строк, а за один раз загружается не больше ${MAX_ROWS.toLocaleString('ru-RU')}. Разделите файл на части (например, по параллелям) и загрузите их по очереди. Ничего не записано.`);

/** Trims text, drops rows with nothing in them; the header's blank names become «Столбец N». */
function tableOf(format: 'xlsx' | 'csv', encoding: Encoding | null, delimiter: Table['delimiter'], raw: { row: number; cells: Cell[] }[]): Table {
  // Control characters (line breaks inside a cell too) become spaces: every value is one line.
  // eslint-disable-next-line no-control-regex
  const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  const clean = (c: Cell): Cell => (typeof c === 'string' ? (oneLine(c) === '' ? null : oneLine(c)) : c);
  const filled = raw.map((r) => ({ row: r.row, cells: r.cells.map(clean) })).filter((r) => r.cells.some((c) => c !== null));
  const [head, ...rows] = filled;
  if (!head || rows.length === 0) {
    throw refuse(head
      ? 'В файле только строка заголовков, учеников и других строк в нём нет. Заполните таблицу под заголовками. Ничего не записано.'
      : 'Файл пустой: в нём нет ни заголовков, ни строк. Ничего не записано.');
  }
  if (rows.length > MAX_ROWS) throw tooMany(rows.length);
  const headers = head.cells.map((c, i) => (c === null ? `Столбец ${i + 1}` : cellText(c)));
  return { format, encoding, delimiter, headers, rows };
}

/** A cell as text (a date as дд.мм.гггг). */
export function cellText(c: Cell): string {
  if (c === null) return '';
  if (c instanceof Date) return `${String(c.getUTCDate()).padStart(2, '0')}.${String(c.getUTCMonth() + 1).padStart(2, '0')}.${c.getUTCFullYear()}`;
  return String(c);
}

/** What exceljs gives for a cell, as a Cell: rich text and formulas by their text or result. */
function excelCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return excelCell(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return String(v);
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw refuse('Файл не удалось прочитать как книгу Excel (.xlsx): он повреждён или это другой формат. Сохраните таблицу в Excel как .xlsx или CSV. Ничего не записано.');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw refuse('В книге Excel нет ни одного листа. Ничего не записано.');
  if (sheet.actualRowCount > MAX_ROWS + 1) throw tooMany(sheet.actualRowCount - 1);
  const raw: { row: number; cells: Cell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: Cell[] = [];
    for (let i = 1; i <= r.cellCount; i++) cells.push(excelCell(r.getCell(i).value));
    raw.push({ row: n, cells });
  });
  return tableOf('xlsx', null, null, raw);
}

function readCsv(bytes: Buffer, asked?: Encoding): Table {
  if (!looksLikeText(bytes)) {
    throw refuse('Файл не похож на таблицу: это не книга Excel (.xlsx) и не текстовый файл CSV. Ничего не записано.');
  }
  const { text, encoding } = decodeText(bytes, asked);
  if (looksGarbled(text.slice(0, 20000))) {
    const suggest = other(encoding);
    throw refuse(`Русские буквы в файле читаются неправильно в кодировке ${ENCODING_NAMES[encoding]}: похоже, файл сохранён в кодировке ${ENCODING_NAMES[suggest]}. Откройте его в кодировке ${ENCODING_NAMES[suggest]}. Ничего не записано.`,
      { encoding, suggestEncoding: suggest });
  }
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (err) {
    throw refuse(`Файл CSV не удалось разобрать: ${(err as Error).message}. Ничего не записано.`);
  }
  return tableOf('csv', encoding, delimiter, records.map((cells, i) => ({ row: i + 1, cells })));
}

/** The table in a file's bytes: XLSX by its signature, otherwise CSV text. */
export async function readTable(bytes: Buffer, opts: { encoding?: Encoding } = {}): Promise<Table> {
  if (bytes.length === 0) throw refuse('Файл пустой: в нём нет ни заголовков, ни строк. Ничего не записано.');
  if (bytes.length > MAX_BYTES) {
    throw refuse(`Файл больше ${MAX_BYTES / 1024 / 1024} МБ: за один раз загружается не больше ${MAX_ROWS.toLocaleString('ru-RU')} строк. Разделите файл на части. Ничего не записано.`);
  }
  if (startsWith(bytes, OLE)) throw refuse('Это файл старого формата Excel (.xls). Сохраните его в Excel как «Книга Excel (.xlsx)» или CSV и загрузите снова. Ничего не записано.');
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  return readCsv(bytes, opts.encoding);
}
