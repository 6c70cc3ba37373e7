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
import type { KeyObject } from 'node:crypto';
import sqlite3 from 'sqlite3';
import type { Actor } from './journal-writer';
import { openJournal, type JournalDb } from './journal-db';
import { appliedMigrations } from './migrate';
import { MIGRATIONS } from './migrations/index';
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
  constructor(readonly code: 'BACKUP_FAILED' | 'BACKUP_INVALID' | 'BACKUP_TARGET' | 'BACKUP_NOT_FOUND', message: string, readonly details?: unknown) {
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
      format: FORMAT, createdAt: now.toISOString(), nodeId: db.writer.nodeId, computer: await computerOf(db),
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
  const manifestFile = path.join(folder, MANIFEST);
  if (!fs.existsSync(manifestFile)) problems.push(`в папке нет манифеста копии (файла ${MANIFEST}): это не папка резервной копии журнала`);
  else {
    try {
      const parsed = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
      if (parsed.format !== FORMAT || typeof parsed.sha256 !== 'string' || typeof parsed.size !== 'number') problems.push('манифест не похож на манифест резервной копии журнала');
      else manifest = parsed;
    } catch {
      problems.push('манифест повреждён: это не JSON');
    }
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

/** A copy's folder as `makeBackup` names it: journal-backup-<yyyymmdd>-<hhmmssmmm>-<node>. */
const COPY_FOLDER = /^journal-backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(\d{3})/;

/** What a folder given to verify or restore holds: one copy, or a medium with copies. */
export interface LocationCheck {
  folder: string;
  /** 'copy': the folder is a copy (its manifest or database is there); 'medium': it holds copies. */
  kind: 'copy' | 'medium';
  /** Every copy found, newest first, each verified. */
  copies: VerifyResult[];
  /** The newest copy that verifies, or null. */
  newest: VerifyResult | null;
}

/** When a copy was made: its manifest's time, else the time in its folder's name, else the folder's. */
function madeAt(v: VerifyResult): number {
  const fromManifest = v.manifest ? Date.parse(v.manifest.createdAt) : NaN;
  if (Number.isFinite(fromManifest)) return fromManifest;
  const m = COPY_FOLDER.exec(path.basename(v.folder));
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
  try {
    return fs.statSync(v.folder).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * The copies a folder holds (R-KEEP-4): the folder itself when it is a copy, or the copies on
 * a medium — the folder given to `journal backup --to`. BACKUP_NOT_FOUND when there are none.
 */
export function findCopies(folder: string): { kind: LocationCheck['kind']; folders: string[] } {
  const dir = path.resolve(folder);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new BackupError('BACKUP_NOT_FOUND', `Папка не найдена или недоступна: ${dir}. Проверьте, что носитель подключён, и укажите папку ещё раз.`);
  }
  if (!st.isDirectory()) throw new BackupError('BACKUP_NOT_FOUND', `${dir} — файл, а не папка. Укажите папку резервной копии или папку носителя, на который записывались копии.`);
  if (fs.existsSync(path.join(dir, MANIFEST)) || fs.existsSync(path.join(dir, COPY))) return { kind: 'copy', folders: [dir] };
  const folders = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (COPY_FOLDER.test(e.name) || fs.existsSync(path.join(dir, e.name, MANIFEST))))
    .map((e) => path.join(dir, e.name));
  if (folders.length === 0) {
    throw new BackupError('BACKUP_NOT_FOUND', `В папке ${dir} нет резервных копий журнала: ни файла ${MANIFEST}, ни папок копий «journal-backup-…». Укажите папку копии или папку носителя, на который записывались копии.`);
  }
  return { kind: 'medium', folders };
}

/** Verifies the copy, or every copy on the medium, newest first; names the newest that verifies. */
export async function verifyLocation(folder: string): Promise<LocationCheck> {
  const found = findCopies(folder);
  const copies: VerifyResult[] = [];
  for (const f of found.folders) copies.push(await verifyBackup(f));
  copies.sort((a, b) => madeAt(b) - madeAt(a) || b.folder.localeCompare(a.folder));
  return { folder: path.resolve(folder), kind: found.kind, copies, newest: copies.find((c) => c.ok) ?? null };
}

/** A copy in a sentence: its folder and when it was made. */
export function copyWords(v: VerifyResult): string {
  const at = madeAt(v);
  return at > 0 ? `${path.basename(v.folder)} (${new Date(at).toLocaleString('ru-RU')})` : path.basename(v.folder);
}

/** Records a verification of each copy of a location in a journal's backup log. */
export async function logLocation(db: JournalDb, actor: Actor, check: LocationCheck, now = new Date()): Promise<void> {
  await logEntries(db, actor, check.copies.map((v) => ({ action: 'verify' as const, location: v.folder, sha256: v.manifest?.sha256 ?? '', size: v.manifest?.size ?? 0, ok: v.ok, note: v.problems.join('; ') })), now);
}

/** The copy a restore takes from `folder`: the copy itself, or the newest on the medium that verifies. */
export async function chooseCopy(folder: string): Promise<{ check: LocationCheck; chosen: VerifyResult }> {
  const check = await verifyLocation(folder);
  const chosen = check.newest;
  if (!chosen) {
    const why = check.copies.map((c) => `${copyWords(c)}: ${c.problems.join('; ')}`).join('; ');
    throw new BackupError('BACKUP_INVALID', check.kind === 'copy'
      ? `Резервная копия не прошла проверку и не восстановлена: ${check.copies[0]!.problems.join('; ')}. Возьмите другую копию (например, со второго носителя).`
      : `Ни одна из копий в папке ${check.folder} не прошла проверку, ничего не восстановлено (${why}). Возьмите копию со второго носителя.`, check);
  }
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = chosen.manifest!.schema.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new BackupError('BACKUP_INVALID', `Копия ${copyWords(chosen)} сделана более новой версией программы; ничего не восстановлено. Сначала обновите программу на этом компьютере.`, check);
  }
  return { check, chosen };
}

export interface RestoreOptions {
  /** The restoring user's signing key (the app): the restore's log entry is signed with it. */
  readonly signingKey?: KeyObject;
  /** Who restores, in words: kept in the note when the restored journal does not know them. */
  readonly byName?: string;
}

export interface RestoreResult {
  keptAs: string | null;
  verify: VerifyResult;
  nodeId: string;
  restoredFrom: string;
  /** Every copy found in the folder given, newest first, with its verification. */
  copies: { folder: string; ok: boolean; problems: string[]; createdAt: string | null }[];
}

/**
 * Restores a verified backup into `target` (R-KEEP-4). `folder` is a copy, or a medium: then
 * the newest copy there that verifies. The database it replaces is kept beside it (put back
 * when the restore fails); the restored database gets a new node id (it must never reuse the
 * names of changes the replaced one may already have published) and records the restore in
 * its backup log.
 */
export async function restoreBackup(folder: string, target: string, actor: Actor, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const { check, chosen } = await chooseCopy(folder);
  const file = path.resolve(target);
  let keptAs: string | null = null;
  const moved: [string, string][] = [];
  if (fs.existsSync(file)) {
    keptAs = `${file}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    for (const ext of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + ext)) {
        fs.renameSync(file + ext, keptAs + ext);
        moved.push([file + ext, keptAs + ext]);
      }
    }
  }
  let db: JournalDb;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    copyDurably(path.join(chosen.folder, COPY), file);
    db = await openJournalWithNewNode(file, chosen);
  } catch (err) {
    // Nothing changes on failure: the database that was there goes back in its place.
    for (const ext of ['', '-wal', '-shm', '.part']) fs.rmSync(file + ext, { force: true });
    for (const [from, to] of moved) fs.renameSync(to, from);
    throw new BackupError('BACKUP_FAILED', `Восстановить копию не удалось, прежняя база данных осталась на месте: ${(err as Error).message}`);
  }
  try {
    const entry = { action: 'restore' as const, location: chosen.folder, sha256: chosen.manifest!.sha256, size: chosen.manifest!.size, ok: true, note: keptAs ? `прежняя база сохранена: ${keptAs}` : '' };
    if (opts.signingKey && actor.userId) db.writer.setSigningKey(actor.userId, opts.signingKey);
    try {
      await logEntries(db, actor, [entry]);
    } catch {
      // The copy predates the restoring user (or their role): the restore is entered by the program, naming them.
      await logEntries(db, { userId: null }, [{ ...entry, note: [entry.note, opts.byName ? `восстановил(а): ${opts.byName}` : ''].filter(Boolean).join('; ') }]);
    } finally {
      if (actor.userId) db.writer.setSigningKey(actor.userId, null);
    }
    return {
      keptAs, verify: chosen, nodeId: db.writer.nodeId, restoredFrom: chosen.folder,
      copies: check.copies.map((c) => ({ folder: c.folder, ok: c.ok, problems: c.problems, createdAt: c.manifest?.createdAt ?? null })),
    };
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
