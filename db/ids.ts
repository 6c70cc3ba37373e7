// Row ids that two computers can create independently without clashing.
// Entities get a time-ordered random id (UUID v7 layout); "cells" of the journal
// (a mark slot, an attendance entry, a period mark) get an id derived from their
// natural key, so two computers filling the same cell address the same row and a
// later sync sees a field conflict instead of two rows.
import { hash, randomFillSync } from 'node:crypto';

export type RandomSource = (bytes: number) => Uint8Array;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function formatUuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Random bytes taken from a buffer filled a few kilobytes at a time: one call into the
 * system's generator per 409 ids instead of one per id (a keystroke makes one).
 */
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;
function pooledRandom(bytes: number): Uint8Array {
  if (poolAt + bytes > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const out = POOL.subarray(poolAt, poolAt + bytes);
  poolAt += bytes;
  return out;
}

/** A UUID v7: 48 bits of Unix milliseconds, then random bits. */
export function newId(nowMs: number = Date.now(), random: RandomSource = pooledRandom): string {
  const b = new Uint8Array(16);
  b.set(random(10), 6);
  let ms = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return formatUuid(hex(b));
}

/** A deterministic id (UUID v8 layout over SHA-256) for a row identified by its natural key. */
export function keyId(kind: string, ...parts: string[]): string {
  let key = kind;
  for (const p of parts) key += `\u001f${p}`;
  // The digest is a fresh buffer of its own: its first 16 bytes become the id in place (the
  // demo school makes a million of these).
  const b = hash('sha256', key, 'buffer'); // one-shot: no Hash object per id
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8 (custom)
  b[8] = (b[8]! & 0x3f) | 0x80;
  return formatUuid(b.toString('hex', 0, 16));
}

export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
