// This computer's clock against the share's. A computer whose clock is a day ahead or a
// year behind would otherwise stamp its changes wrongly; the share's file times are the
// school's common reference. The skew is measured by writing a small probe file into our
// own folder and reading the time the share gave it; beyond a tolerance the journal
// writer's clock is corrected by it (and the status shows it).
import type { JournalDb } from '../journal-db';
import { nodeDir, tempName } from './layout';
import { join, type ShareFs } from './share';

/** Differences smaller than this are ordinary and left alone. */
export const SKEW_TOLERANCE_MS = 2 * 60 * 1000;

export async function measureSkew(db: JournalDb, fs: ShareFs, share: string, wall: () => number): Promise<number> {
  const dir = nodeDir(share, db.writer.nodeId);
  await fs.mkdirp(dir);
  const probe = join(dir, tempName());
  try {
    // Inside the try: a share that fails part-way through the write (full) must not
    // keep a half-written probe either.
    const before = wall();
    await fs.writeDurable(probe, Buffer.from('clock probe\n'));
    const after = wall();
    const shareTime = await fs.mtimeMs(probe);
    return Math.round(shareTime - (before + after) / 2);
  } finally {
    await fs.remove(probe).catch(() => undefined);
  }
}

export function correctionFor(skewMs: number): number {
  return Math.abs(skewMs) > SKEW_TOLERANCE_MS ? skewMs : 0;
}
