// One sync cycle: publish this computer's outbox, then read and apply everyone else's
// new segments. The app runs it every few seconds in the database process and on demand;
// `journal sync` runs one for scripts and the Task Scheduler. A cycle never throws for a
// share problem: it reports it, keeps the outbox, and the next cycle tries again.
import type { JournalDb } from '../journal-db';
import { getLocal, setLocal } from '../local-state';
import { correctionFor, measureSkew } from './clock';
import { takeNewIdentity } from './identity';
import { publish, PublishError, type StepHook } from './publish';
import { pull, type PullResult } from './pull';
import { errorCode, NodeShareFs, type ShareFs } from './share';
import { settleLocally } from './conflicts';
import { listSnapshots, publishSnapshot } from './snapshot';

export const DEFAULT_MAX_DRIFT_MS = 60 * 60 * 1000;
const SKEW_EVERY_MS = 10 * 60 * 1000;

export interface CycleOptions {
  readonly share: string;
  readonly fs?: ShareFs;
  /** This computer's raw wall clock (tests move it). */
  readonly wall?: () => number;
  readonly maxDriftMs?: number;
  readonly hook?: StepHook;
  /** At most this many segments of each computer per cycle (tests interleave computers with 1). */
  readonly maxSegmentsPerPeer?: number;
}

export interface CycleReport {
  readonly ok: boolean;
  readonly node: string;
  readonly published: { segments: number; entries: number };
  readonly received: PullResult | null;
  readonly clockSkewMs: number | null;
  readonly identityChanged: { from: string; to: string } | null;
  readonly errors: { code: string; message: string }[];
  readonly listings: number;
}

const running = new WeakMap<JournalDb, Promise<CycleReport>>();

/** Runs a cycle, or joins the one already running on this database. */
export function syncCycle(db: JournalDb, opts: CycleOptions): Promise<CycleReport> {
  const current = running.get(db);
  if (current) return current;
  const p = runCycle(db, opts).finally(() => running.delete(db));
  running.set(db, p);
  return p;
}

async function runCycle(db: JournalDb, opts: CycleOptions): Promise<CycleReport> {
  const fs = opts.fs ?? new NodeShareFs();
  const wall = opts.wall ?? Date.now;
  const startListings = fs.listings;
  const errors: { code: string; message: string }[] = [];
  let identityChanged: { from: string; to: string } | null = null;
  const now = () => new Date(db.writer.now());
  await setLocal(db.knex, 'sync.last_attempt', now().toISOString());
  await setLocal(db.knex, 'sync.share', opts.share);

  let reachable: boolean;
  try {
    reachable = await fs.exists(opts.share);
  } catch {
    reachable = false;
  }
  if (!reachable) {
    const message = `Сетевая папка недоступна: ${opts.share}. Изменения сохраняются на этом компьютере и будут отправлены, когда папка появится.`;
    await setLocal(db.knex, 'sync.last_error', JSON.stringify({ code: 'SHARE_UNAVAILABLE', message, at: now().toISOString() }));
    return { ok: false, node: db.writer.nodeId, published: { segments: 0, entries: 0 }, received: null, clockSkewMs: null, identityChanged, errors: [{ code: 'SHARE_UNAVAILABLE', message }], listings: fs.listings - startListings };
  }

  // The clock first: changes published below carry corrected clocks.
  let skew: number | null = Number((await getLocal(db.knex, 'sync.clock_skew_ms')) ?? 'NaN');
  const measuredAt = Number((await getLocal(db.knex, 'sync.clock_measured_at')) ?? 0);
  if (!Number.isFinite(skew) || Math.abs(wall() - measuredAt) > SKEW_EVERY_MS) {
    try {
      skew = await measureSkew(db, fs, opts.share, wall);
      await setLocal(db.knex, 'sync.clock_skew_ms', String(skew));
      await setLocal(db.knex, 'sync.clock_measured_at', String(wall()));
    } catch (err) {
      errors.push({ code: 'CLOCK_PROBE_FAILED', message: `Не удалось сверить часы с сетевой папкой (${errorCode(err) || String(err)}).` });
      skew = Number.isFinite(skew) ? skew : null;
    }
  }
  if (skew !== null) db.writer.setClockOffset(correctionFor(skew));

  // The first computer of a school starts the share: its journal so far goes out as a
  // snapshot (new computers start from it), and its segments carry what comes after.
  const first = (await getLocal(db.knex, 'sync.published_through')) === null;
  if (first) {
    const [{ seq }] = (await db.knex('change_log').max('seq as seq')) as [{ seq: number | null }];
    await setLocal(db.knex, 'sync.published_through', String(seq ?? 0));
  }

  let published = { segments: 0, entries: 0 };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      published = await publish(db, fs, opts.share, now, opts.hook);
      break;
    } catch (err) {
      if (err instanceof PublishError && err.code === 'IDENTITY_CLASH' && attempt === 0) {
        identityChanged = await takeNewIdentity(db, now().toISOString());
        errors.push({ code: 'IDENTITY_CHANGED', message: `${err.message} Этот компьютер получил новый номер ${identityChanged.to} (был ${identityChanged.from}); ничего не потеряно.` });
        continue;
      }
      if (err instanceof PublishError) {
        errors.push({ code: err.code, message: err.message });
        break;
      }
      throw err;
    }
  }

  let received: PullResult | null = null;
  try {
    received = await pull(db, fs, opts.share, now, { shareNow: db.writer.now(), maxDriftMs: opts.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS, maxSegmentsPerPeer: opts.maxSegmentsPerPeer });
    await settleLocally(db, now().toISOString());
  } catch (err) {
    const code = errorCode(err);
    if (!code) throw err;
    errors.push({ code: 'SHARE_UNAVAILABLE', message: `Чтение сетевой папки прервано (${code}); повторим.` });
  }
  const ok = errors.every((e) => e.code === 'IDENTITY_CHANGED');
  // A share with no snapshot (the administrator moved this computer to a new, empty folder)
  // gets one at once as well: new computers start from it, whichever computer writes it.
  if (ok && (first || (await listSnapshots(fs, opts.share)).length === 0)) {
    try {
      await publishSnapshot(db, fs, opts.share, now);
      await setLocal(db.knex, 'sync.snapshot_at', String(Date.now()));
    } catch (err) {
      errors.push({ code: 'SNAPSHOT_FAILED', message: `Не удалось записать снимок журнала для новых компьютеров (${errorCode(err) || String((err as Error).message ?? err)}).` });
    }
  }
  const at = now().toISOString();
  if (ok) {
    await setLocal(db.knex, 'sync.last_success', at);
    await setLocal(db.knex, 'sync.last_error', '');
  } else {
    await setLocal(db.knex, 'sync.last_error', JSON.stringify({ ...errors.find((e) => e.code !== 'IDENTITY_CHANGED')!, at }));
  }
  return { ok, node: db.writer.nodeId, published, received, clockSkewMs: skew, identityChanged, errors, listings: fs.listings - startListings };
}
