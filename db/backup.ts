// Backup copies of the journal (R-KEEP-1, R-KEEP-2, R-KEEP-4, R-PRINT-2 day 2, R-PRINT-3).
// A backup is a consistent copy (SQLite's VACUUM INTO) written to each destination — two
// media in two rooms at the end of the year — as its own folder with the database and a
// manifest of SHA-256 hashes. Each copy is written under a temporary name, flushed,
// renamed, then read back and checked. Verifying re-reads the copy bit for bit and runs
// SQLite's integrity check; a restore happens only after the copy verifies, keeps the
// database it replaces, and gives the computer a new node id so that nothing it made
// before the restore is ever made again under the same name. Every backup, verification
// and restore is entered in backup_log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import type { Actor } from './journal-writer';
import { openJournal, type JournalDb } from './journal-db';
import { appliedMigrations } from './migrate';
import { getLocal } from './local-state';
import { newId } from './ids';
import { writeFileDurably } from './durable-file';

export const MANIFEST = 'manifest.json';
export const COPY = 'journal.sqlite';
const FORMAT = 'klassnyi-zhurnal-backup/1';

export interface BackupManifest {
  format: typeof FORMAT;
  createdAt: string;
  nodeId: string;
  computer: string;
  schema: string[];
  file: typeof COPY;
  sha256: string;
  size: number;
  lastHlc: string | null;
  rows: Record<string, number>;
}

export interface VerifyResult {
  ok: boolean;
  folder: string;
  problems: string[];
  manifest: BackupManifest | null;
}

export class BackupError extends Error {
  constructor(readonly code: 'BACKUP_FAILED' | 'BACKUP_INVALID' | 'BACKUP_TARGET', message: string, readonly details?: unknown) {
    super(message);
  }
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash('sha256');
    fs.createReadStream(file).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(h.digest('hex')));
  });
}

function readOnlyAll<T>(file: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
      if (err) return reject(err);
      db.all(sql, (e, rows) => db.close(() => (e ? reject(e) : resolve(rows as T[]))));
    });
  });
}

/** Copies with a flush before the rename, so a copy under its final name is complete. */
function copyDurably(from: string, to: string): void {
  const part = `${to}.part`;
  fs.copyFileSync(from, part);
  const fd = fs.openSync(part, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(part, to);
}

function writeDurably(file: string, text: string): void {
  writeFileDurably(file, text, { exclusive: true });
}

async function computerOf(db: JournalDb): Promise<string> {
  return `${db.writer.nodeId} (${(await getLocal(db.knex, 'computer_name')) ?? os.hostname()})`;
}

async function logEntries(db: JournalDb, actor: Actor, entries: { action: 'backup' | 'verify' | 'restore' | 'read'; location: string; sha256: string; size: number; ok: boolean; note: string }[], now = new Date()): Promise<void> {
  const computer = await computerOf(db);
  const at = now.toISOString();
  await db.writer.write(actor, entries.map((e) => ({
    table: 'backup_log' as const,
    id: newId(),
    set: { action: e.action, at, staff_id: actor.userId, computer, location: e.location, sha256: e.sha256, size: e.size, ok: e.ok, note: e.note },
  })), { reason: `резервная копия: ${entries[0]?.action ?? ''}` });
}

export interface BackupResult {
  sha256: string;
  size: number;
  copies: { folder: string; ok: boolean; problem?: string }[];
}

/** Makes a consistent copy and writes it to every destination; each copy is checked after writing. */
export async function makeBackup(db: JournalDb, destinations: readonly string[], actor: Actor, note = '', now = new Date()): Promise<BackupResult> {
  if (destinations.length === 0) throw new BackupError('BACKUP_TARGET', 'Укажите хотя бы одну папку для резервной копии.');
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '').replace(/Z$/, '').replace('T', '-');
  const tmp = path.join(os.tmpdir(), `journal-backup-${process.pid}-${Date.now()}.sqlite`);
  try {
    await db.knex.raw('VACUUM INTO ?', [tmp]);
    const sha256 = await sha256File(tmp);
    const size = fs.statSync(tmp).size;
    const tables: { name: string }[] = await readOnlyAll(tmp, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const rows: Record<string, number> = {};
    for (const t of tables) rows[t.name] = (await readOnlyAll<{ n: number }>(tmp, `SELECT count(*) AS n FROM "${t.name}"`))[0]!.n;
    const last = await readOnlyAll<{ h: string | null }>(tmp, 'SELECT max(hlc) AS h FROM change_log');
    const manifest: BackupManifest = {
      format: FORMAT, createdAt: new Date().toISOString(), nodeId: db.writer.nodeId, computer: await computerOf(db),
      schema: await appliedMigrations(db.knex), file: COPY, sha256, size, lastHlc: last[0]?.h ?? null, rows,
    };
    const copies: BackupResult['copies'] = [];
    for (const dest of destinations) {
      const folder = path.resolve(dest, `journal-backup-${stamp}-${db.writer.nodeId.slice(0, 8)}`);
      try {
        fs.mkdirSync(path.dirname(folder), { recursive: true });
        fs.mkdirSync(folder); // a new folder: never overwrite an earlier backup
        copyDurably(tmp, path.join(folder, COPY));
        writeDurably(path.join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        const check = await verifyBackup(folder);
        copies.push(check.ok ? { folder, ok: true } : { folder, ok: false, problem: check.problems.join('; ') });
      } catch (err) {
        copies.push({ folder, ok: false, problem: (err as Error).message });
      }
    }
    await logEntries(db, actor, copies.map((c) => ({ action: 'backup', location: c.folder, sha256, size, ok: c.ok, note: c.problem ?? note })), now);
    if (copies.some((c) => !c.ok)) {
      throw new BackupError('BACKUP_FAILED', `Резервная копия не записана: ${copies.filter((c) => !c.ok).map((c) => `${c.folder}: ${c.problem}`).join('; ')}`, copies);
    }
    return { sha256, size, copies };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Checks a backup folder: the manifest, the copy's size and SHA-256, and SQLite's integrity check. */
export async function verifyBackup(folder: string): Promise<VerifyResult> {
  const problems: string[] = [];
  let manifest: BackupManifest | null = null;
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), 'utf8')) as BackupManifest;
    if (parsed.format !== FORMAT || typeof parsed.sha256 !== 'string' || typeof parsed.size !== 'number') problems.push('манифест не похож на манифест резервной копии журнала');
    else manifest = parsed;
  } catch (err) {
    problems.push(`манифест не читается: ${(err as Error).message}`);
  }
  const copy = path.join(folder, COPY);
  if (!fs.existsSync(copy)) problems.push('нет файла базы данных в папке копии');
  else if (manifest) {
    const size = fs.statSync(copy).size;
    if (size !== manifest.size) problems.push(`размер файла ${size} байт, в манифесте ${manifest.size}`);
    const sha = await sha256File(copy);
    if (sha !== manifest.sha256) problems.push('контрольная сумма SHA-256 не совпадает с манифестом: файл изменён или повреждён');
    if (problems.length === 0) {
      try {
        const rows = await readOnlyAll<{ integrity_check: string }>(copy, 'PRAGMA integrity_check');
        if (rows[0]?.integrity_check !== 'ok') problems.push(`проверка целостности SQLite: ${rows.map((r) => r.integrity_check).join('; ')}`);
      } catch (err) {
        problems.push(`файл не открывается как база данных: ${(err as Error).message}`);
      }
    }
  }
  return { ok: problems.length === 0, folder: path.resolve(folder), problems, manifest };
}

/** Records a verification (a read of a backup) in a journal's backup log. */
export async function logVerification(db: JournalDb, actor: Actor, v: VerifyResult, now = new Date()): Promise<void> {
  await logEntries(db, actor, [{ action: 'verify', location: v.folder, sha256: v.manifest?.sha256 ?? '', size: v.manifest?.size ?? 0, ok: v.ok, note: v.problems.join('; ') }], now);
}

/**
 * Restores a verified backup into `target`. The database it replaces is kept beside it;
 * the restored database gets a new node id (it must never reuse the names of changes the
 * replaced one may already have published) and records the restore in its backup log.
 */
export async function restoreBackup(folder: string, target: string, actor: Actor): Promise<{ keptAs: string | null; verify: VerifyResult; nodeId: string }> {
  const verify = await verifyBackup(folder);
  if (!verify.ok) throw new BackupError('BACKUP_INVALID', `Резервная копия не прошла проверку и не восстановлена: ${verify.problems.join('; ')}`, verify);
  const file = path.resolve(target);
  let keptAs: string | null = null;
  if (fs.existsSync(file)) {
    keptAs = `${file}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    fs.renameSync(file, keptAs);
    for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.renameSync(file + ext, keptAs + ext);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  copyDurably(path.join(folder, COPY), file);
  const db = await openJournalWithNewNode(file, verify);
  try {
    await logEntries(db, actor, [{ action: 'restore', location: verify.folder, sha256: verify.manifest!.sha256, size: verify.manifest!.size, ok: true, note: keptAs ? `прежняя база сохранена: ${keptAs}` : '' }]);
    return { keptAs, verify, nodeId: db.writer.nodeId };
  } finally {
    await db.close();
  }
}

async function openJournalWithNewNode(file: string, verify: VerifyResult): Promise<JournalDb> {
  // Drop the copied node id before the writer reads it; openJournal then makes a new one.
  await new Promise<void>((resolve, reject) => {
    const raw = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      raw.run("DELETE FROM local_state WHERE key IN ('node_id', 'computer_name')", (e) => {
        if (e) return raw.close(() => reject(e));
        raw.run('INSERT OR REPLACE INTO local_state (key, value) VALUES (?, ?)', ['restored_from', JSON.stringify({ folder: verify.folder, nodeId: verify.manifest?.nodeId, at: new Date().toISOString() })],
          (e2) => raw.close(() => (e2 ? reject(e2) : resolve())));
      });
    });
  });
  return openJournal(file, { mustExist: true });
}
