// Snapshots: a compacted copy of a computer's journal on the share, from which a new
// computer starts instead of replaying every segment since September.
//   publishSnapshot: VACUUM INTO a local temporary file (consistent, compact), then copy
//     it to the share under a temporary name, flush, rename, and only then write its
//     manifest the same way (SHA-256 and size of the copy; the positions it contains are
//     in its own sync tables). Older snapshots of this computer are removed only after
//     the new one verifies, and never another computer's.
//   bootstrap: the newest snapshot whose manifest and bytes verify is copied to the local
//     disk (hashed while copying), given a new node id and this computer's own empty
//     bookkeeping; the next cycle replays the segments written after it.
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { JournalDb } from '../journal-db';
import { isNetworkPath } from '../connection';
import { parseSnapshotManifestName, snapshotNames, snapshotsDir, snapshotStamp, tempName } from './layout';
import { sha256 } from './segment';
import { join, type ShareFs } from './share';
import { lastPublished } from './state';
import { APP_VERSION, isNewerSchema, schemaVersionOf } from './version';
import { MIGRATIONS } from '../migrations/index';

export const SNAPSHOT_FORMAT = 'klassnyi-zhurnal-snapshot';

export interface SnapshotManifest {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly v: 1;
  readonly node: string;
  /** This computer's last published segment when the snapshot was taken. */
  readonly seq: number;
  readonly createdAt: string;
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
  readonly lastHlc: string | null;
  /** The schema of the database copied and the app that wrote it (version.ts; absent in older snapshots). */
  readonly schema?: string;
  readonly schemaCount?: number;
  readonly appVersion?: string;
}

export class SnapshotError extends Error {
  constructor(readonly code: 'NO_SNAPSHOT' | 'SNAPSHOT_INVALID' | 'SNAPSHOT_NEWER' | 'TARGET_EXISTS' | 'BAD_TARGET', message: string) {
    super(message);
  }
}

export async function publishSnapshot(db: JournalDb, fs: ShareFs, share: string, now: () => Date): Promise<SnapshotManifest> {
  const node = db.writer.nodeId;
  const seq = (await lastPublished(db.knex, node))?.seq ?? 0;
  const local = path.join(os.tmpdir(), `journal-snapshot-${randomBytes(6).toString('hex')}.sqlite`);
  try {
    await db.knex.raw('VACUUM INTO ?', [local]);
    const bytes = await fsp.readFile(local);
    const stamp = snapshotStamp(now());
    const { data, manifest } = snapshotNames(node, seq, stamp);
    const dir = snapshotsDir(share);
    await fs.mkdirp(dir);
    const [{ hlc }] = (await db.knex('change_log').max('hlc as hlc')) as [{ hlc: string | null }];
    const m: SnapshotManifest = {
      format: SNAPSHOT_FORMAT, v: 1, node, seq, createdAt: now().toISOString(), file: data, size: bytes.length, sha256: sha256(bytes), lastHlc: hlc,
      ...(await schemaVersionOf(db.knex)), appVersion: APP_VERSION,
    };
    for (const [name, content] of [[data, bytes], [manifest, Buffer.from(JSON.stringify(m, null, 2))]] as const) {
      if (await fs.exists(join(dir, name))) throw new SnapshotError('SNAPSHOT_INVALID', `Снимок ${name} уже есть в сетевой папке`);
      const temp = join(dir, tempName());
      await fs.writeDurable(temp, content);
      await fs.rename(temp, join(dir, name));
    }
    const back = await fs.read(join(dir, data));
    if (!back || sha256(back) !== m.sha256) throw new SnapshotError('SNAPSHOT_INVALID', 'Записанный снимок не совпадает с исходным');
    await removeOlderOwn(fs, dir, node, stamp);
    return m;
  } finally {
    await fsp.rm(local, { force: true });
  }
}

/** This computer's older snapshots, once the new one is verified; never another computer's. */
async function removeOlderOwn(fs: ShareFs, dir: string, node: string, stamp: string): Promise<void> {
  for (const name of await fs.list(dir)) {
    const m = parseSnapshotManifestName(name);
    if (!m || m.node !== node || m.stamp >= stamp) continue;
    const names = snapshotNames(m.node, m.seq, m.stamp);
    await fs.remove(join(dir, names.manifest));
    await fs.remove(join(dir, names.data));
  }
}

/** The snapshots on the share whose manifests read well, newest first. */
export async function listSnapshots(fs: ShareFs, share: string): Promise<SnapshotManifest[]> {
  const dir = snapshotsDir(share);
  const out: SnapshotManifest[] = [];
  for (const name of await fs.list(dir)) {
    if (!parseSnapshotManifestName(name)) continue;
    try {
      const raw = await fs.read(join(dir, name));
      if (!raw) continue;
      const m = JSON.parse(raw.toString('utf8')) as SnapshotManifest;
      const parsed = parseSnapshotManifestName(name)!;
      if (m.format === SNAPSHOT_FORMAT && m.v === 1 && typeof m.sha256 === 'string' && m.node === parsed.node && m.file === snapshotNames(m.node, m.seq, parsed.stamp).data) out.push(m);
    } catch {
      // a damaged manifest is skipped: an older snapshot may still serve
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
}

const COPY_CHUNK = 8 << 20;

/**
 * Copies `from` to `to` with the operating system's own copy (the fastest there is) while
 * hashing the snapshot file in parallel (snapshots are immutable: the bytes hashed are the
 * bytes copied). The copy reaches the disk with the commit that adopts it (SQLite flushes
 * the whole file at COMMIT), before it is renamed into place. Returns the SHA-256 and size.
 */
async function copyHashing(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const hashing = (async () => {
    const h = createHash('sha256');
    let size = 0;
    const fd = await fsp.open(from, 'r');
    try {
      const buf = Buffer.allocUnsafe(COPY_CHUNK);
      for (;;) {
        const { bytesRead } = await fd.read(buf, 0, COPY_CHUNK, size);
        if (bytesRead === 0) break;
        h.update(buf.subarray(0, bytesRead));
        size += bytesRead;
      }
    } finally {
      await fd.close();
    }
    return { sha256: h.digest('hex'), size };
  })();
  const [hashed] = await Promise.all([hashing, fsp.copyFile(from, to, fsConstants.COPYFILE_EXCL)]);
  if ((await fsp.stat(to)).size !== hashed.size) throw new SnapshotError('SNAPSHOT_INVALID', 'копия снимка неполная');
  return hashed;
}

export interface BootstrapResult {
  readonly from: SnapshotManifest;
  readonly node: string;
  readonly skipped: { file: string; reason: string }[];
}

/**
 * Makes a new computer's database at `target` (on the local disk) from the newest
 * snapshot on the share that verifies.
 */
export async function bootstrap(fs: ShareFs, share: string, target: string): Promise<BootstrapResult> {
  if (isNetworkPath(target)) throw new SnapshotError('BAD_TARGET', 'База данных не может лежать в сетевой папке: укажите файл на диске этого компьютера.');
  if (await fsp.stat(target).then(() => true, () => false)) throw new SnapshotError('TARGET_EXISTS', `Файл ${target} уже существует: новый компьютер начинает с пустого места.`);
  const skipped: { file: string; reason: string }[] = [];
  const newer: SnapshotManifest[] = [];
  const dir = snapshotsDir(share);
  // This app knows its migrations; a snapshot written at a schema beyond them is a newer
  // app's, which this one cannot open: never bootstrapped from (version.ts).
  const known = MIGRATIONS.map((x) => x.name);
  for (const m of await listSnapshots(fs, share)) {
    if (isNewerSchema(m, known)) {
      newer.push(m);
      continue;
    }
    const part = `${target}.part-${randomBytes(4).toString('hex')}`;
    try {
      const copied = await copyHashing(join(dir, m.file), part);
      if (copied.sha256 !== m.sha256 || copied.size !== m.size) {
        skipped.push({ file: m.file, reason: 'контрольная сумма не сходится' });
        continue;
      }
      const node = await adopt(part, m);
      await fsp.rename(part, target);
      return { from: m, node, skipped };
    } catch (err) {
      skipped.push({ file: m.file, reason: String((err as Error).message ?? err) });
    } finally {
      await fsp.rm(part, { force: true });
    }
  }
  if (newer.length > 0 && skipped.length === 0) {
    const versions = [...new Set(newer.map((m) => m.appVersion).filter((v): v is string => typeof v === 'string'))];
    throw new SnapshotError('SNAPSHOT_NEWER', `Снимки журнала в сетевой папке сделаны более новой версией программы${versions.length > 0 ? ` (${versions.join(', ')})` : ''}, а на этом компьютере версия ${APP_VERSION}: обновите программу на этом компьютере и подключите его снова. Ничего не создано.`);
  }
  throw new SnapshotError('NO_SNAPSHOT', skipped.length > 0
    ? `Ни один снимок в сетевой папке не прошёл проверку: ${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')}${newer.length > 0 ? `; снимков более новой версии программы: ${newer.length} — после обновления программы на этом компьютере можно подключиться по ним` : ''}`
    : 'В сетевой папке нет снимка журнала: сначала синхронизируйте компьютер, на котором журнал уже ведётся.');
}

/** The copied snapshot becomes this computer's database: a new id, the publisher a peer. */
async function adopt(file: string, m: SnapshotManifest): Promise<string> {
  const node = randomBytes(8).toString('hex');
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(d)));
  });
  try {
    await run(db, 'BEGIN IMMEDIATE');
    const [pub] = await new Promise<{ hash: string }[]>((resolve, reject) =>
      db.all('SELECT hash FROM sync_published WHERE node_id = ? AND seq = ?', [m.node, m.seq], (err, rows) => (err ? reject(err) : resolve(rows as { hash: string }[]))));
    if (m.seq > 0 && !pub) throw new SnapshotError('SNAPSHOT_INVALID', 'снимок не знает своего последнего сегмента');
    await run(db, `INSERT INTO sync_peer (node_id, applied_seq, last_hash, last_hlc, computer_name, first_seen_at) VALUES (?, ?, ?, ?, '', ?)
      ON CONFLICT (node_id) DO UPDATE SET applied_seq = excluded.applied_seq, last_hash = excluded.last_hash`, [m.node, m.seq, pub?.hash ?? null, m.lastHlc, new Date().toISOString()]);
    // The publisher's former ids are peers at the positions it had published under them.
    await run(db, `INSERT OR IGNORE INTO sync_peer (node_id, applied_seq, last_hash, last_hlc, computer_name, first_seen_at)
      SELECT node_id, max(seq), (SELECT hash FROM sync_published p2 WHERE p2.node_id = p.node_id ORDER BY seq DESC LIMIT 1), NULL, '', ? FROM sync_published p WHERE node_id <> ? GROUP BY node_id`, [new Date().toISOString(), m.node]);
    await run(db, 'DELETE FROM sync_published');
    await run(db, "DELETE FROM local_state WHERE key LIKE 'sync.%' OR key IN ('node_id', 'computer_name')");
    await run(db, 'DELETE FROM login_attempt');
    // The sign-ins on the publisher (sign_in_log, migration 019, R-REP-2) are that computer's
    // record, not this one's; a snapshot of an older version has no such table yet.
    const signIns = await new Promise<unknown[]>((resolve, reject) =>
      db.all("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sign_in_log'", (err, rows) => (err ? reject(err) : resolve(rows))));
    if (signIns.length > 0) await run(db, 'DELETE FROM sign_in_log');
    await run(db, "INSERT INTO local_state (key, value) VALUES ('node_id', ?), ('computer_name', ?), ('sync.published_through', (SELECT coalesce(max(seq), 0) FROM change_log)), ('bootstrapped_from', ?)",
      [node, os.hostname(), JSON.stringify({ node: m.node, seq: m.seq, createdAt: m.createdAt })]);
    await run(db, 'COMMIT');
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  return node;
}

