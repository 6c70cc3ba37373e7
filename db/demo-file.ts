// Creating a database file holding the demo school. Built in a temporary file beside the
// target and moved into place, so a failed run leaves nothing half-made. An existing
// target is replaced only when asked, and then kept as TARGET.replaced-<time>.bak.
import fs from 'node:fs';
import path from 'node:path';
import { openJournal } from './journal-db';
import { generateDemoSchool, type DemoOptions, type DemoSummary } from './demo/generate';

/** The page cache of the connection that makes a demo, KiB (512 MiB). */
export const DEMO_CACHE_KIB = 512 * 1024;

export class DemoTargetExistsError extends Error {
  readonly code = 'DB_EXISTS';
}

/** The academic year under way on `date` (it starts on 1 September). */
export function currentStartYear(date: Date): number {
  return date.getMonth() >= 7 ? date.getFullYear() : date.getFullYear() - 1;
}

function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

export interface DemoFileResult extends DemoSummary {
  db: string;
  seconds: number;
  replacedFileKeptAs: string | null;
}

export async function createDemoFile(target: string, opts: DemoOptions & { replace?: boolean }): Promise<DemoFileResult> {
  const file = path.resolve(target);
  if (fs.existsSync(file) && !opts.replace) {
    throw new DemoTargetExistsError(`Файл ${file} уже существует. Демо-школа не создана; чтобы заменить файл, добавьте --force (старый файл будет сохранён рядом).`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.creating-${process.pid}`;
  removeDbFiles(tmp);
  const started = Date.now();
  try {
    const db = await openJournal(tmp);
    let summary: DemoSummary;
    try {
      // A bulk load of a new file: a page cache big enough for its indexes (SQLite takes the
      // pages only as it needs them). bench/demo.ts gives its raw baseline the same.
      await db.knex.raw(`PRAGMA cache_size = -${DEMO_CACHE_KIB}`);
      summary = await generateDemoSchool(db, opts);
      await db.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    } finally {
      await db.close();
    }
    let keptAs: string | null = null;
    if (fs.existsSync(file)) {
      keptAs = `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
      fs.renameSync(file, keptAs);
      for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.renameSync(file + ext, keptAs + ext);
    }
    fs.renameSync(tmp, file);
    removeDbFiles(tmp);
    return { db: file, seconds: (Date.now() - started) / 1000, replacedFileKeptAs: keptAs, ...summary };
  } catch (err) {
    removeDbFiles(tmp);
    throw err;
  }
}
