// Several computers of one school sharing one folder, for the sync tests: the first
// computer starts from a demo school, publishes a snapshot, and the others start from it
// as new computers do. Each computer has its own database, service host and clock.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { syncCycle, type CycleReport } from '../../db/sync/cycle';
import { NodeShareFs, type ShareFs } from '../../db/sync/share';
import { bootstrap, publishSnapshot } from '../../db/sync/snapshot';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from './demo-db';
import { tmpDir } from './tmp';

export interface Computer {
  readonly name: string;
  db: JournalDb;
  host: ServiceHost;
  readonly file: string;
  /** This computer's wall clock offset from real time (a wrong clock). */
  clockOffsetMs: number;
  fs: ShareFs;
}

export class SchoolNetwork {
  readonly share: string;
  readonly computers: Computer[] = [];
  /** The service's "now" for every computer (the school day being played). */
  serviceNow = new Date('2026-10-05T10:00:00');

  private constructor(readonly dir: string) {
    this.share = path.join(dir, 'share');
    fs.mkdirSync(this.share);
  }

  static async create(count: number, students = 150, seed = 5): Promise<SchoolNetwork> {
    const net = new SchoolNetwork(tmpDir('journal-net-'));
    const first = path.join(net.dir, 'pc0.sqlite');
    fs.copyFileSync(await makeDemoFile(students, seed), first);
    const c0 = await net.open('pc0', first);
    await net.cycle(c0);
    await publishSnapshot(c0.db, c0.fs, net.share, () => new Date());
    for (let i = 1; i < count; i++) {
      const file = path.join(net.dir, `pc${i}.sqlite`);
      await bootstrap(new NodeShareFs(), net.share, file);
      await net.open(`pc${i}`, file);
    }
    return net;
  }

  async open(name: string, file: string, clockOffsetMs = 0): Promise<Computer> {
    const c: Computer = { name, file, clockOffsetMs, fs: new NodeShareFs({ attempts: 2, firstDelayMs: 1 }) } as unknown as Computer;
    c.db = await openJournal(file, { wall: () => Date.now() + c.clockOffsetMs });
    c.host = new ServiceHost(c.db, { now: () => this.serviceNow, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
    const existing = this.computers.findIndex((x) => x.name === name);
    if (existing >= 0) this.computers[existing] = c;
    else this.computers.push(c);
    return c;
  }

  async reopen(c: Computer): Promise<Computer> {
    await c.db.close();
    return this.open(c.name, c.file, c.clockOffsetMs);
  }

  cycle(c: Computer, opts: { maxDriftMs?: number; maxSegmentsPerPeer?: number } = {}): Promise<CycleReport> {
    return syncCycle(c.db, { share: this.share, fs: c.fs, wall: () => Date.now() + c.clockOffsetMs, ...opts });
  }

  /** Cycles every computer until nothing moves (at most `rounds` rounds). */
  async settle(rounds = 4): Promise<CycleReport[]> {
    let last: CycleReport[] = [];
    for (let r = 0; r < rounds; r++) {
      last = [];
      for (const c of this.computers) last.push(await this.cycle(c));
      if (last.every((x) => x.published.entries === 0 && (x.received?.entries ?? 0) === 0)) break;
    }
    return last;
  }

  async signIn(c: Computer, login: string): Promise<string> {
    const caller = `${c.name}:${login}:${Math.random()}`;
    const r = await c.host.call(caller, 'auth.login', { login, password: 'demo' });
    assert.ok(r.ok, JSON.stringify(r));
    return caller;
  }

  async call<T = Record<string, unknown>>(c: Computer, caller: string, method: string, args: unknown): Promise<T> {
    const r = await c.host.call(caller, method, args);
    if (!r.ok) assert.fail(`${c.name} ${method}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  }

  async close(): Promise<void> {
    for (const c of this.computers) await c.db.close();
  }
}

const JOURNAL_CHECK_TABLES = ['lesson', 'mark', 'attendance', 'period_mark', 'staff', 'substitution', 'correction_request', 'control_remark', 'student', 'student_note'];

/** A digest of the journal tables, equal on computers that hold the same journal. */
export async function journalDigest(db: JournalDb, tables = JOURNAL_CHECK_TABLES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    const rows = await db.knex(t).select('*').orderBy('id');
    out[t] = `${rows.length}:${(await import('node:crypto')).createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`;
  }
  return out;
}
