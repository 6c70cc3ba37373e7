// A segment: an immutable file of one computer's changes, published atomically.
//   line 1: the header (JSON): format, node, seq, prev (SHA-256 of the previous segment
//           file: a chain), bodySha256, count, clocks, what the writer had seen of others
//   rest:   the body (JSON): the change_log entries, each an array in LOG_COLUMNS order
// Decoding checks everything it can without the database: the hashes, the shape of each
// entry, and that every entry is this computer's own (or a former id it declares).
import { createHash } from 'node:crypto';
import { LOG_COLUMNS, ROW_CREATED, type LogEntry } from '../journal-writer';
import { isFieldOf, isJournalTable } from '../schema';
import { parseHlc } from '../../shared/hlc';

export const SEGMENT_FORMAT = 'klassnyi-zhurnal-segment';

export interface SegmentHeader {
  readonly format: typeof SEGMENT_FORMAT;
  readonly v: 1;
  readonly node: string;
  /** Node ids this computer had before (a cloned or restored database took a new one). */
  readonly formerly: readonly string[];
  readonly seq: number;
  readonly prev: string | null;
  readonly bodySha256: string;
  readonly count: number;
  readonly firstHlc: string;
  readonly lastHlc: string;
  readonly writtenAt: string;
  readonly computerName: string;
  /** The segments of other computers this one had applied (gap detection without listings). */
  readonly seen: Readonly<Record<string, number>>;
  /** The writer's schema: its last applied migration and their number (version.ts; absent in older segments). */
  readonly schema?: string;
  readonly schemaCount?: number;
  /** The writer's app version (package.json; absent in older segments). */
  readonly appVersion?: string;
}

export interface Segment {
  readonly header: SegmentHeader;
  readonly entries: LogEntry[];
  /** SHA-256 of the whole file: the next segment's `prev`. */
  readonly hash: string;
}

export class SegmentError extends Error {
  /**
   * UNKNOWN_FIELD: an intact segment naming a table or field this app does not know — a
   * newer app's (version.ts): it waits for this computer's update, never quarantined.
   */
  constructor(readonly code: 'EMPTY' | 'TRUNCATED' | 'CORRUPT' | 'WRONG_NODE' | 'WRONG_SEQ' | 'BROKEN_CHAIN' | 'UNKNOWN_FIELD', message: string) {
    super(message);
  }
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function encodeSegment(h: Omit<SegmentHeader, 'format' | 'v' | 'bodySha256' | 'count' | 'firstHlc' | 'lastHlc'>, entries: readonly LogEntry[]): { bytes: Buffer; hash: string } {
  const body = Buffer.from(JSON.stringify(entries.map((e) => LOG_COLUMNS.map((c) => e[c]))), 'utf8');
  const header: SegmentHeader = {
    format: SEGMENT_FORMAT, v: 1, ...h,
    bodySha256: sha256(body), count: entries.length, firstHlc: entries[0]!.hlc, lastHlc: entries[entries.length - 1]!.hlc,
  };
  const bytes = Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
  return { bytes, hash: sha256(bytes) };
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

function entryOf(raw: unknown, owners: ReadonlySet<string>): LogEntry {
  if (!Array.isArray(raw) || raw.length !== LOG_COLUMNS.length) throw new SegmentError('CORRUPT', 'запись изменения повреждена');
  const e = Object.fromEntries(LOG_COLUMNS.map((c, i) => [c, raw[i]])) as Record<string, unknown>;
  for (const c of ['hlc', 'change_set_id', 'node_id', 'table_name', 'row_id', 'field', 'new_value', 'reason', 'recorded_at'] as const) {
    if (!isStr(e[c])) throw new SegmentError('CORRUPT', `поле ${c} записи повреждено`);
  }
  for (const c of ['user_id', 'old_value', 'base_hlc', 'chain_hash', 'signature'] as const) {
    if (!isStrOrNull(e[c])) throw new SegmentError('CORRUPT', `поле ${c} записи повреждено`);
  }
  const entry = e as unknown as LogEntry;
  if (!owners.has(entry.node_id)) throw new SegmentError('WRONG_NODE', 'в сегменте изменение другого компьютера');
  let clock;
  try {
    clock = parseHlc(entry.hlc);
  } catch {
    throw new SegmentError('CORRUPT', 'неверная отметка времени изменения');
  }
  if (clock.node !== entry.node_id) throw new SegmentError('WRONG_NODE', 'отметка времени другого компьютера');
  if (!isJournalTable(entry.table_name) || (entry.field !== ROW_CREATED && !isFieldOf(entry.table_name, entry.field))) {
    throw new SegmentError('UNKNOWN_FIELD', `неизвестная таблица или поле: ${entry.table_name}.${entry.field}`);
  }
  try {
    const v: unknown = JSON.parse(entry.new_value);
    if (entry.field === ROW_CREATED && (v === null || typeof v !== 'object' || Array.isArray(v))) throw new Error('not a row');
  } catch {
    throw new SegmentError('CORRUPT', 'значение изменения повреждено');
  }
  return entry;
}

/**
 * The header of a segment file, checked for its format, computer and number only: enough
 * to learn which version of the app wrote it before reading its entries (version.ts).
 */
export function decodeHeader(bytes: Buffer, node: string, seq: number): { header: SegmentHeader; body: Buffer } {
  if (bytes.length === 0) throw new SegmentError('EMPTY', 'файл пуст (нулевой длины)');
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) throw new SegmentError('TRUNCATED', 'файл обрезан: нет заголовка');
  let header: SegmentHeader;
  try {
    header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as SegmentHeader;
  } catch {
    throw new SegmentError('CORRUPT', 'заголовок повреждён');
  }
  if (header?.format !== SEGMENT_FORMAT || header.v !== 1) throw new SegmentError('CORRUPT', 'это не сегмент журнала');
  if (header.node !== node) throw new SegmentError('WRONG_NODE', 'сегмент лежит в папке другого компьютера');
  if (header.seq !== seq) throw new SegmentError('WRONG_SEQ', `номер в заголовке ${header.seq}, а в имени файла ${seq}`);
  return { header, body: bytes.subarray(nl + 1) };
}

/** Parses and checks a segment file read from `node`'s folder as number `seq`. */
export function decodeSegment(bytes: Buffer, node: string, seq: number): Segment {
  const { header, body } = decodeHeader(bytes, node, seq);
  if (sha256(body) !== header.bodySha256) {
    throw new SegmentError(body.length === 0 || !body.toString('utf8').trimEnd().endsWith(']') ? 'TRUNCATED' : 'CORRUPT', 'контрольная сумма не сходится: файл обрезан или повреждён');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SegmentError('CORRUPT', 'тело сегмента повреждено');
  }
  if (!Array.isArray(raw) || raw.length !== header.count || raw.length === 0) throw new SegmentError('CORRUPT', 'число изменений не сходится');
  const owners = new Set([node, ...(Array.isArray(header.formerly) ? header.formerly : [])]);
  const entries = raw.map((r) => entryOf(r, owners));
  return { header, entries, hash: sha256(bytes) };
}
