// The app's sync in the background: a cycle every few seconds while a share is set for
// this computer (local_state sync.share), one at a time, and one on demand. A snapshot is
// published now and then so that new computers start quickly.
import type { JournalDb } from '../journal-db';
import { getLocal, setLocal } from '../local-state';
import { syncCycle, type CycleReport } from './cycle';
import { publishSnapshot } from './snapshot';
import { NodeShareFs } from './share';

export const CYCLE_EVERY_MS = 5000;
const SNAPSHOT_EVERY_MS = 24 * 60 * 60 * 1000;

export class BackgroundSync {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> = Promise.resolve();
  private readonly fs = new NodeShareFs();
  lastReport: CycleReport | null = null;

  constructor(private readonly db: JournalDb, private readonly log: (msg: string) => void = () => undefined) {}

  start(): void {
    if (this.timer) return;
    const tick = async () => {
      try {
        const run = this.runOnce();
        this.current = run.catch(() => undefined);
        await run;
      } catch (err) {
        this.log(`sync: ${String((err as Error)?.stack ?? err)}`);
      } finally {
        if (this.timer) this.timer = setTimeout(() => void tick(), CYCLE_EVERY_MS);
      }
    };
    this.timer = setTimeout(() => void tick(), 1000);
  }

  /** Stops the timer; resolves when a cycle in flight has finished. */
  stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.current.then(() => undefined);
  }

  /** One cycle now (when a share is set); null when sync is not configured. */
  async runOnce(): Promise<CycleReport | null> {
    const share = await getLocal(this.db.knex, 'sync.share');
    if (!share) return null;
    const report = await syncCycle(this.db, { share, fs: this.fs });
    this.lastReport = report;
    if (report.ok) {
      const last = Number((await getLocal(this.db.knex, 'sync.snapshot_at')) ?? 0);
      if (Date.now() - last > SNAPSHOT_EVERY_MS) {
        await publishSnapshot(this.db, this.fs, share, () => new Date());
        await setLocal(this.db.knex, 'sync.snapshot_at', String(Date.now()));
      }
    }
    return report;
  }
}
