// What the benchmarks share: the figure each reports (a ratio against its baseline, the
// goal and whether it is met), the machine's details, copies of a database file, and how
// a bench script tells it was started by its own npm script rather than imported by
// bench/all.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One speed goal of issue 16 item 4, measured: the app against its honest baseline. */
export interface Figure {
  /** A short key: 'pageOpen', 'keystroke', 'print', 'syncApply', 'bootstrap', 'yearClose', 'report:<id>', 'demo'. */
  id: string;
  /** What was measured, in words. */
  what: string;
  /** What the app is measured against. */
  baseline: string;
  /** app time / baseline time (the statistic named in `statistic`). */
  ratio: number;
  /** The goal for the ratio: at most this. */
  goal: number;
  met: boolean;
  /** Which times the ratio is of: 'p50', 'p95', 'median of runs', 'total'. */
  statistic: string;
  /** The raw times in milliseconds. */
  appMs: number;
  baselineMs: number;
  /** Peak resident memory in MB and its goal, where the goal has one. */
  peakMemoryMB?: number;
  memoryGoalMB?: number;
  /** Further figures with goals of their own (e.g. KB per page). */
  extra?: Record<string, number | string | boolean>;
}

export function figure(f: Omit<Figure, 'met' | 'ratio'> & { ratio?: number; extraMet?: boolean }): Figure {
  const ratio = f.ratio ?? f.appMs / f.baselineMs;
  const memOk = f.peakMemoryMB === undefined || f.memoryGoalMB === undefined || f.peakMemoryMB < f.memoryGoalMB;
  const { extraMet, ...rest } = f;
  return { ...rest, ratio: round(ratio, 2), appMs: round(f.appMs, 2), baselineMs: round(f.baselineMs, 2), met: ratio <= f.goal && memOk && (extraMet ?? true) };
}

export function round(x: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? '',
    cpuCount: cpus.length,
    totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    note: 'cores shared with other engineers\' test runs at the time of measuring',
  };
}

/** A copy of a closed database file (with its WAL, if any) under a new name. */
export function copyDb(from: string, to: string): void {
  removeDb(to);
  for (const ext of ['', '-wal']) if (fs.existsSync(from + ext)) fs.copyFileSync(from + ext, to + ext);
}

export function removeDb(file: string): void {
  for (const ext of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + ext, { force: true });
}

/** True when `moduleUrl`'s file is the script node was started with (its own npm script). */
export function isMain(moduleUrl: string): boolean {
  const started = process.argv[1];
  return started !== undefined && path.resolve(started) === fileURLToPath(moduleUrl);
}

export const resultsDir = path.join(import.meta.dirname, 'results');

export function writeResult(name: string, result: unknown): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Peak resident memory of this process, sampled every 25 ms while `fn` runs. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 25);
  try {
    const r = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return [r, peak / 2 ** 20];
  } finally {
    clearInterval(timer);
  }
}

/**
 * Multi-row INSERT statements of the rows (as many rows a statement as SQLite's variable
 * limit allows, at most 500): the honest limit of writing rows through the driver.
 */
export function batchedInserts(table: string, cols: readonly string[], rows: readonly unknown[][], upsert = false): { sql: string; params: unknown[] }[] {
  const per = Math.max(1, Math.min(500, Math.floor(32000 / cols.length)));
  const one = `(${cols.map(() => '?').join(', ')})`;
  const tail = upsert ? ` ON CONFLICT (id) DO UPDATE SET ${cols.filter((c) => c !== 'id').map((c) => `"${c}" = excluded."${c}"`).join(', ')}` : '';
  const out: { sql: string; params: unknown[] }[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    out.push({ sql: `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map(() => one).join(', ')}${tail}`, params: chunk.flat() });
  }
  return out;
}
