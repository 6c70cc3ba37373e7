// The school's network share as the sync sees it: a folder that may be slow, full,
// read-only, gone for a week, or hold a file open in another program. Only these few
// operations touch it, so the tests can put faults under every one of them
// (tests/integration/sync-faults.test.ts) and the benchmark can count directory listings.
//
// Lessons (../shared/LESSONS.md): unreadable is not absent; never rewrite a file in place;
// a rename held up by an antivirus or an indexer is retried with backoff, then fails
// loudly with the data kept in the outbox.
import fs from 'node:fs/promises';
import path from 'node:path';

export interface ShareFs {
  /** Names in a folder ([] when the folder does not exist). Counted: see `listings`. */
  list(dir: string): Promise<string[]>;
  /** The file's bytes, or null when it does not exist. Any other failure throws. */
  read(file: string): Promise<Buffer | null>;
  exists(file: string): Promise<boolean>;
  mkdirp(dir: string): Promise<void>;
  /** Writes a new file and flushes it to the storage before returning. */
  writeDurable(file: string, data: Buffer): Promise<void>;
  /** Renames within one folder (retried while the file is held); `to` must not exist. */
  rename(from: string, to: string): Promise<void>;
  remove(file: string): Promise<void>;
  /** The modification time the share gave a file (its clock, for skew measurement). */
  mtimeMs(file: string): Promise<number>;
  /** Directory listings made so far (the benchmark's measure). */
  readonly listings: number;
}

const HELD = new Set(['EPERM', 'EACCES', 'EBUSY']);

export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? '';
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly firstDelayMs: number;
}

/** The real share: node:fs. */
export class NodeShareFs implements ShareFs {
  listings = 0;
  constructor(private readonly retry: RetryPolicy = { attempts: 8, firstDelayMs: 100 }) {}

  async list(dir: string): Promise<string[]> {
    this.listings++;
    try {
      return await fs.readdir(dir);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      throw err;
    }
  }

  async read(file: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(file);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null;
      throw err;
    }
  }

  async exists(file: string): Promise<boolean> {
    try {
      await fs.stat(file);
      return true;
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return false;
      throw err;
    }
  }

  async mkdirp(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }

  async writeDurable(file: string, data: Buffer): Promise<void> {
    const handle = await fs.open(file, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async rename(from: string, to: string): Promise<void> {
    // Windows replaces an existing target: check first (names are never reused; a clash
    // means another computer claims our node id, which the caller detects on re-read).
    if (await this.exists(to)) throw Object.assign(new Error(`target exists: ${to}`), { code: 'EEXIST' });
    let delay = this.retry.firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.renameOnce(from, to);
        return;
      } catch (err) {
        if (!HELD.has(errorCode(err)) || attempt >= this.retry.attempts) throw err;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  /** One attempt at a rename (the fault tests hold files open here, under the retries). */
  protected async renameOnce(from: string, to: string): Promise<void> {
    await fs.rename(from, to);
  }

  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
  }

  async mtimeMs(file: string): Promise<number> {
    return (await fs.stat(file)).mtimeMs;
  }
}

export function join(...parts: string[]): string {
  return path.join(...parts);
}
