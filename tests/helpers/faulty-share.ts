// A share that misbehaves on demand, for the sync fault tests: the real folder
// (NodeShareFs) with faults put under every operation the sync makes (db/sync/share.ts).
//   readOnly  writes, renames and removals fail with EROFS (reads work)
//   full      a write stores part of the file, then fails with ENOSPC
//   gone      the share is not there: every operation fails (EHOSTDOWN, or ENOENT as a
//             missing mapped drive answers) and `exists` says false
//   hold(name) a file held open by another program (an antivirus, an indexer): renames
//             to or from that name fail with EBUSY until release(name) — under the
//             retries of NodeShareFs, which are counted
//   shareClockOffsetMs  the share's clock against real time (the file times it gives)
//   listOrder  how listings come back (the tests shuffle the order of computers)
import fsp from 'node:fs/promises';
import path from 'node:path';
import { NodeShareFs, type RetryPolicy } from '../../db/sync/share';

export type ShareFault = 'none' | 'readOnly' | 'full' | 'gone';

function fail(code: string, what: string): never {
  throw Object.assign(new Error(`${code}: ${what}`), { code });
}

export class FaultyShareFs extends NodeShareFs {
  fault: ShareFault = 'none';
  goneCode: 'EHOSTDOWN' | 'ENOENT' = 'EHOSTDOWN';
  shareClockOffsetMs = 0;
  listOrder: ((names: string[]) => string[]) | null = null;
  /** Rename attempts refused because a file was held open. */
  heldRefusals = 0;
  /** Operations refused by the current fault. */
  refused = 0;
  private readonly held = new Set<string>();

  constructor(retry: RetryPolicy = { attempts: 3, firstDelayMs: 1 }) {
    super(retry);
  }

  /** Holds a file (by its name, in any folder) open: renames to or from it fail with EBUSY. */
  hold(name: string): void {
    this.held.add(name);
  }

  release(name: string): void {
    this.held.delete(name);
  }

  private gone(what: string): void {
    if (this.fault === 'gone') {
      this.refused++;
      fail(this.goneCode, what);
    }
  }

  private readOnly(what: string): void {
    if (this.fault === 'readOnly') {
      this.refused++;
      fail('EROFS', what);
    }
  }

  override async list(dir: string): Promise<string[]> {
    this.gone(dir);
    const names = await super.list(dir);
    return this.listOrder ? this.listOrder([...names]) : names;
  }

  override async read(file: string): Promise<Buffer | null> {
    this.gone(file);
    return super.read(file);
  }

  override async exists(file: string): Promise<boolean> {
    if (this.fault === 'gone') return false;
    return super.exists(file);
  }

  override async mkdirp(dir: string): Promise<void> {
    this.gone(dir);
    if (this.fault !== 'none' && !(await super.exists(dir))) this.readOnly(dir);
    if (this.fault === 'full' && !(await super.exists(dir))) fail('ENOSPC', dir);
    await super.mkdirp(dir);
  }

  override async writeDurable(file: string, data: Buffer): Promise<void> {
    this.gone(file);
    this.readOnly(file);
    if (this.fault === 'full') {
      // The share takes part of the file, then runs out of space: a partial file stays.
      this.refused++;
      await fsp.writeFile(file, data.subarray(0, Math.floor(data.length / 2)), { flag: 'wx' });
      fail('ENOSPC', file);
    }
    await super.writeDurable(file, data);
  }

  override async rename(from: string, to: string): Promise<void> {
    this.gone(to);
    this.readOnly(to);
    await super.rename(from, to);
  }

  protected override async renameOnce(from: string, to: string): Promise<void> {
    if (this.held.has(path.basename(to)) || this.held.has(path.basename(from))) {
      this.heldRefusals++;
      fail('EBUSY', `${from} is held open by another program`);
    }
    await super.renameOnce(from, to);
  }

  override async remove(file: string): Promise<void> {
    this.gone(file);
    this.readOnly(file);
    await super.remove(file);
  }

  override async mtimeMs(file: string): Promise<number> {
    this.gone(file);
    return (await super.mtimeMs(file)) + this.shareClockOffsetMs;
  }
}
