// The hashes that make a printed document verifiable (issue 5 item 4, R-PRINT-5): the
// canonical JSON of the exact data printed (object keys sorted, no spaces) under SHA-256,
// for the whole document, for each part (a subject) and for each sheet, so that a change
// in the journal after printing names the sheets to reprint.
import crypto from 'node:crypto';

/** Each key as JSON with its colon (`"key":`): a document repeats few keys many times. */
const quotedKeys = new Map<string, string>();

function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

/**
 * Object keys sorted, no spaces; undefined fields left out, undefined in arrays as null.
 * Built by appending to one string (a whole school's copies hash millions of cells):
 * the same text as the plain map/join form. With `memo`, the text of each object and array
 * is kept there and reused when the same object comes again (a document's hash, then its
 * parts' hashes over the same blocks); the objects must not change meanwhile.
 */
export function canonicalJson(value: unknown, memo?: Map<object, string>): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: not a finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (memo) {
    const known = memo.get(value);
    if (known !== undefined) return known;
    const text = canonicalJsonOf(value, memo);
    memo.set(value, text);
    return text;
  }
  return canonicalJsonOf(value, memo);
}

function canonicalJsonOf(value: object, memo: Map<object, string> | undefined): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (!(i in value)) continue; // a hole joins as nothing, as Array.prototype.map/join give it
      const v: unknown = value[i];
      out += canonicalJson(v === undefined ? null : v, memo);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) { sorted = false; break; }
  if (!sorted) keys.sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += quotedKey(k) + canonicalJson(v, memo);
  }
  return `${out}}`;
}

export function sha256(text: string): string {
  return crypto.hash('sha256', text, 'hex'); // one-shot; strings are hashed as UTF-8
}

export function hashOf(value: unknown, memo?: Map<object, string>): string {
  return sha256(canonicalJson(value, memo));
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
