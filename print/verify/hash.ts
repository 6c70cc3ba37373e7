// The hashes that make a printed document verifiable (issue 5 item 4, R-PRINT-5): the
// canonical JSON of the exact data printed (object keys sorted, no spaces) under SHA-256,
// for the whole document, for each part (a subject) and for each sheet, so that a change
// in the journal after printing names the sheets to reprint.
import crypto from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: not a finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hashOf(value: unknown): string {
  return sha256(canonicalJson(value));
}

export interface SheetHash {
  sheet: number;
  label: string;
  hash: string;
}

export interface PartHash {
  key: string;
  label: string;
  hash: string;
  firstSheet: number;
  lastSheet: number;
}

/** What a document's data hashes to, before it is drawn. */
export interface DocumentHashes {
  hash: string;
  sheets: SheetHash[];
  parts: PartHash[];
}

export interface SheetDiff {
  /** Sheets whose data differ now, or that exist only now or only on paper. */
  changed: SheetHash[];
  added: number[];
  removed: number[];
}

export function diffSheets(printed: readonly SheetHash[], now: readonly SheetHash[]): SheetDiff {
  const before = new Map(printed.map((s) => [s.sheet, s]));
  const after = new Map(now.map((s) => [s.sheet, s]));
  const changed = printed.filter((s) => after.has(s.sheet) && after.get(s.sheet)!.hash !== s.hash);
  return {
    changed,
    added: now.filter((s) => !before.has(s.sheet)).map((s) => s.sheet),
    removed: printed.filter((s) => !after.has(s.sheet)).map((s) => s.sheet),
  };
}
