// journal sync --db FILE --share DIR            one sync cycle (scripts, the Task Scheduler)
// journal sync --db FILE --share DIR --status   the sync's state, without syncing
// journal sync --db FILE --share DIR --join     a new computer: its database from the share's newest snapshot;
//                                               with --anchor, only if the school's key has that fingerprint
// journal sync --db FILE --share DIR --snapshot publish a snapshot for new computers
// The share folder given is remembered as this computer's (local_state sync.share).
import fs from 'node:fs';
import { openJournal } from '../../db/journal-db';
import { setLocal } from '../../db/local-state';
import { syncCycle } from '../../db/sync/cycle';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap, publishSnapshot, SnapshotError } from '../../db/sync/snapshot';
import { syncStatus } from '../../db/sync/status';
import { anchorMatches, trustAnchor } from '../../db/sync/trust';
import { CliError } from '../output';

export interface SyncArgs {
  readonly db: string;
  readonly share: string | undefined;
  readonly status: boolean;
  readonly join: boolean;
  readonly snapshot: boolean;
  /** The fingerprint of the school's trust anchor the administrator reads from a computer already set up. */
  readonly anchor?: string;
}

export async function runSync(a: SyncArgs): Promise<unknown> {
  if (a.join) {
    if (!a.share) throw new CliError('USAGE', 'Укажите сетевую папку: --share DIR');
    try {
      const r = await bootstrap(new NodeShareFs(), a.share, a.db);
      const db = await openJournal(a.db, { mustExist: true });
      let closed = false;
      try {
        // The snapshot brings the school's trust anchor (db/sync/trust.ts). Anyone who can
        // write the share could have put a snapshot there; the administrator compares the
        // fingerprint with one read on a computer already set up.
        const anchor = await trustAnchor(db.knex);
        if (a.anchor !== undefined && !anchorMatches(anchor, a.anchor)) {
          await db.close();
          closed = true;
          fs.rmSync(a.db, { force: true });
          for (const suffix of ['-wal', '-shm']) fs.rmSync(`${a.db}${suffix}`, { force: true });
          throw new CliError('ANCHOR_MISMATCH', `Ключ школы в снимке (${anchor?.fingerprint ?? 'нет'}) не совпадает с указанным: снимок мог быть подложен. Компьютер не подключён.`);
        }
        await setLocal(db.knex, 'sync.share', a.share);
        const cycle = await syncCycle(db, { share: a.share });
        return { joined: true, node: r.node, from: r.from, skipped: r.skipped, anchor: anchor?.fingerprint ?? null, cycle };
      } finally {
        if (!closed) await db.close();
      }
    } catch (err) {
      if (err instanceof SnapshotError) throw new CliError(err.code, err.message);
      throw err;
    }
  }
  if (!fs.existsSync(a.db)) throw new CliError('DB_NOT_FOUND', `Файл базы данных не найден: ${a.db}`);
  const db = await openJournal(a.db, { mustExist: true });
  try {
    if (a.share) await setLocal(db.knex, 'sync.share', a.share);
    if (a.status) return await syncStatus(db);
    const share = a.share ?? (await syncStatus(db)).share;
    if (!share) throw new CliError('USAGE', 'Укажите сетевую папку: --share DIR');
    const report = await syncCycle(db, { share });
    if (a.snapshot && report.ok) return { ...report, snapshot: await publishSnapshot(db, new NodeShareFs(), share, () => new Date()) };
    if (!report.ok) {
      const first = report.errors.find((e) => e.code !== 'IDENTITY_CHANGED')!;
      throw new CliError(first.code, first.message, report);
    }
    return report;
  } finally {
    await db.close();
  }
}
