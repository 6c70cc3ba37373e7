// Getting past a damaged or missing segment of another computer. Segments are never
// rewritten, so a segment that was truncated, corrupted or lost on the share stays so;
// the computers that had read it before the damage still hold its changes, and so does
// its author. Any of them publishing a snapshot (the daily one, or `journal sync
// --snapshot`) lets the stuck computers catch up:
//   - the snapshots on the share are examined newest first, each at most once per stuck
//     computer (their names are remembered in local_state), only while one is stuck;
//   - a snapshot helps when it holds that computer's changes beyond our position: its
//     own snapshot (its published segments, sync_published) or another computer's (the
//     position it had applied, sync_peer);
//   - its bytes are checked against its manifest, it is opened read-only, and that
//     computer's change_log entries we lack are returned with the position they reach.
// pull.ts checks them like a segment's (signatures, rights) and applies them with the
// new position in one transaction. Entries it published under a former id are not
// looked for (they come with its new id's segments).
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { JournalDb } from '../journal-db';
import { LOG_COLUMNS, type LogEntry } from '../journal-writer';
import { getLocal, setLocal } from '../local-state';
import { snapshotsDir } from './layout';
import { sha256 } from './segment';
import { join, type ShareFs } from './share';
import { listSnapshots, type SnapshotManifest } from './snapshot';
import { isNewerSchema } from './version';
import { appliedMigrations } from '../migrate';

export interface Recovered {
  /** The computer's position the entries reach: its segment number and that file's hash. */
  readonly seq: number;
  readonly hash: string;
  readonly entries: LogEntry[];
  /** The snapshot they came from (for the quarantine note). */
  readonly from: string;
}

const EXAMINED = 'sync.snapshots_examined';
const EXAMINED_KEEP = 200;

function all<T>(db: sqlite3.Database, sql: string, params: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

/** What one snapshot file holds of `node`'s changes: its position and its entries. */
async function readSnapshot(file: string, m: SnapshotManifest, node: string): Promise<{ seq: number; hash: string | null; entries: LogEntry[] }> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(d)));
  });
  try {
    const cols = LOG_COLUMNS.join(', ');
    if (m.node === node) {
      const [p] = await all<{ seq: number; hash: string; last_log_seq: number }>(db, 'SELECT seq, hash, last_log_seq FROM sync_published WHERE node_id = ? ORDER BY seq DESC LIMIT 1', [node]);
      if (!p) return { seq: 0, hash: null, entries: [] };
      return { seq: p.seq, hash: p.hash, entries: await all<LogEntry>(db, `SELECT ${cols} FROM change_log WHERE node_id = ? AND seq <= ? ORDER BY seq`, [node, p.last_log_seq]) };
    }
    const [p] = await all<{ seq: number; hash: string | null }>(db, 'SELECT applied_seq AS seq, last_hash AS hash FROM sync_peer WHERE node_id = ?', [node]);
    if (!p) return { seq: 0, hash: null, entries: [] };
    return { seq: p.seq, hash: p.hash, entries: await all<LogEntry>(db, `SELECT ${cols} FROM change_log WHERE node_id = ? ORDER BY seq`, [node]) };
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/**
 * The changes of `node` beyond segment `appliedSeq` that a snapshot on the share holds,
 * or null when no snapshot not examined before does.
 */
export async function changesFromSnapshots(db: JournalDb, fs: ShareFs, share: string, node: string, appliedSeq: number): Promise<Recovered | null> {
  const examined = JSON.parse((await getLocal(db.knex, EXAMINED)) ?? '[]') as string[];
  const dir = snapshotsDir(share);
  const applied = await appliedMigrations(db.knex);
  for (const m of await listSnapshots(fs, share)) {
    const key = `${m.sha256}:${node}`;
    // A newer app's snapshot may hold tables this database lacks: left for after the update (version.ts).
    if (m.node === db.writer.nodeId || examined.includes(key) || isNewerSchema(m, applied)) continue;
    examined.push(key);
    await setLocal(db.knex, EXAMINED, JSON.stringify(examined.slice(-EXAMINED_KEEP)));
    const bytes = await fs.read(join(dir, m.file));
    if (!bytes || bytes.length !== m.size || sha256(bytes) !== m.sha256) continue;
    const local = path.join(os.tmpdir(), `journal-catch-up-${randomBytes(6).toString('hex')}.sqlite`);
    try {
      await fsp.writeFile(local, bytes);
      const found = await readSnapshot(local, m, node);
      if (found.seq <= appliedSeq || !found.hash) continue;
      const have = new Set<string>();
      for (let i = 0; i < found.entries.length; i += 500) {
        const chunk = found.entries.slice(i, i + 500).map((e) => e.hlc);
        for (const r of await db.knex('change_log').whereIn('hlc', chunk).pluck('hlc') as string[]) have.add(r);
      }
      return { seq: found.seq, hash: found.hash, entries: found.entries.filter((e) => !have.has(e.hlc)), from: m.file };
    } catch {
      // an unreadable snapshot: the next one may serve
    } finally {
      await fsp.rm(local, { force: true });
    }
  }
  return null;
}
