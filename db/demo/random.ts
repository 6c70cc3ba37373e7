// Deterministic randomness for the demo school. Every part of the generator gets its
// own stream derived from the seed and a label (`forkRandom`), so a change in one part
// does not shift the data of the others; nothing here reads Math.random or the clock.
import { newId } from '../ids';
import { SeededRandom } from '../../shared/random';

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A random stream of its own for one part of the generator. */
export function forkRandom(seed: number, label: string): SeededRandom {
  return new SeededRandom(fnv1a(`${seed >>> 0}:${label}`));
}

/** A normally distributed number (Box-Muller). */
export function normal(rng: SeededRandom, mean: number, sd: number): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Poisson-distributed count (Knuth; small means only). */
export function poisson(rng: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** One of `items`, chosen with the given weights. */
export function weighted<T>(rng: SeededRandom, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/**
 * Entity ids (UUID v7) for the demo school: the time part comes from the data (a date
 * of the school year), the random part from a seeded stream, so the same seed gives
 * the same ids. Successive ids of one date get successive milliseconds and so sort in
 * creation order.
 */
export class DemoIds {
  private readonly counters = new Map<number, number>();
  constructor(private readonly rng: SeededRandom) {}

  /** A new id stamped with `dateIso` (YYYY-MM-DD). */
  next(dateIso: string): string {
    const base = Date.parse(`${dateIso}T06:00:00Z`);
    if (!Number.isFinite(base)) throw new Error(`demo ids: not a date: ${dateIso}`);
    const n = this.counters.get(base) ?? 0;
    this.counters.set(base, n + 1);
    return newId(base + n, (bytes) => this.rng.bytes(bytes));
  }
}
