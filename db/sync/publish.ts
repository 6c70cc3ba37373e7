// Publishing this computer's changes: the outbox is every own change_log entry after the
// last verified publication. Each segment is written to a temporary name in our own
// folder, flushed, renamed to a name that never existed, read back and verified; only
// then are its changes marked published. A crash at any step leaves either a temporary
// file (removed next time) or a published segment not yet recorded (recognised as ours
// next time — its changes are the first of the outbox, even if more were made since —
// and recorded), never a lost change. A segment under our next number that is not ours
// (found whether or not there is anything to send) is an IDENTITY_CLASH: cycle.ts gives
// this database a new id.
import os from 'node:os';
import type { JournalDb } from '../journal-db';
import { LOG_COLUMNS, type LogEntry } from '../journal-writer';
import { getLocal, setLocal } from '../local-state';
import { queryAll, withConnection } from '../connection';
import { nodeDir, segmentName, segmentPath, tempName } from './layout';
import { decodeSegment, encodeSegment } from './segment';
import { APP_VERSION, schemaVersionOf } from './version';
import { errorCode, join, type ShareFs } from './share';
import { formerNodeIds, lastPublished, peers, publishedThrough, recordPublished } from './state';
import { formerCap } from './identity';

/** At most this many entries in one segment (a change set is never split). */
export const SEGMENT_ENTRIES = 5000;

export class PublishError extends Error {
  constructor(readonly code: 'SHARE_UNAVAILABLE' | 'PUBLISH_FAILED' | 'IDENTITY_CLASH', message: string, readonly detail?: unknown) {
    super(message);
  }
}

export interface PublishResult {
  readonly segments: number;
  readonly entries: number;
}

/** Hook for the fault tests: called between the steps of a publication. */
export type StepHook = (step: 'written' | 'renamed' | 'verified') => Promise<void> | void;

async function outbox(db: JournalDb, through: number): Promise<(LogEntry & { seq: number })[]> {
  const formers = await formerNodeIds(db.knex);
  const cap = await formerCap(db);
  const cols = LOG_COLUMNS.join(', ');
  const ownership = formers.length > 0
    ? `(node_id = ? OR (node_id IN (${formers.map(() => '?').join(', ')}) AND seq <= ?))`
    : 'node_id = ?';
  const params = formers.length > 0 ? [db.writer.nodeId, ...formers, cap] : [db.writer.nodeId];
  return withConnection(db.knex, async (conn) => {
    const rows = await queryAll<LogEntry & { seq: number }>(conn, `SELECT seq, ${cols} FROM change_log WHERE seq > ? AND ${ownership} ORDER BY seq LIMIT ${SEGMENT_ENTRIES}`, [through, ...params]);
    const last = rows[rows.length - 1];
    if (last && rows.length === SEGMENT_ENTRIES) {
      // Never split a change set: its signature covers all of it.
      const rest = await queryAll<LogEntry & { seq: number }>(conn, `SELECT seq, ${cols} FROM change_log WHERE change_set_id = ? AND seq > ? ORDER BY seq`, [last.change_set_id, last.seq]);
      rows.push(...rest);
    }
    return rows;
  });
}

function stripSeq(rows: (LogEntry & { seq: number })[]): LogEntry[] {
  return rows.map((r) => Object.fromEntries(LOG_COLUMNS.map((c) => [c, r[c]])) as unknown as LogEntry);
}

export async function publish(db: JournalDb, fs: ShareFs, share: string, now: () => Date, hook?: StepHook): Promise<PublishResult> {
  let segments = 0;
  let entries = 0;
  const node = db.writer.nodeId;
  const dir = nodeDir(share, node);
  // A temporary file left by a crash before its rename: ours, remove it.
  const leftover = await getLocal(db.knex, 'sync.pending_temp');
  if (leftover) {
    await fs.remove(join(dir, leftover)).catch(() => undefined);
    await setLocal(db.knex, 'sync.pending_temp', '');
  }
  for (let round = 0; round < 50; round++) {
    const through = await publishedThrough(db.knex);
    const rows = await outbox(db, through);
    const last = await lastPublished(db.knex, node);
    const seq = (last?.seq ?? 0) + 1;
    if (rows.length === 0) {
      // Nothing to send; but a segment under our next number that we never wrote means
      // another database publishes under our id (a cloned disk, a restored old copy). One
      // read by name, no listing: found now, not only when this computer next has changes.
      await foreignNext(fs, share, node, seq);
      break;
    }
    const seen = Object.fromEntries((await peers(db.knex)).map((p) => [p.node_id, p.applied_seq]));
    const formerly = await formerNodeIds(db.knex);
    const body = stripSeq(rows);
    const { bytes, hash } = encodeSegment({
      node, formerly, seq, prev: last?.hash ?? null, writtenAt: now().toISOString(), computerName: os.hostname(), seen,
      ...(await schemaVersionOf(db.knex)), appVersion: APP_VERSION,
    }, body);
    const target = segmentPath(share, node, seq);
    const record = (count = rows.length, fileHash = hash) => recordPublished(db.knex, {
      node_id: node, seq, file: segmentName(seq), hash: fileHash, first_log_seq: rows[0]!.seq, last_log_seq: rows[count - 1]!.seq, entries: count, published_at: now().toISOString(),
    });

    let existing: Buffer | null;
    try {
      await fs.mkdirp(dir);
      existing = await fs.read(target);
    } catch (err) {
      throw new PublishError('SHARE_UNAVAILABLE', `Сетевая папка недоступна: ${errorCode(err) || String(err)}. Изменения ждут отправки на этом компьютере.`, err);
    }
    if (existing) {
      // Published before a crash, not yet recorded? Then it holds the first changes of the
      // outbox (more may have been made since the crash): record it for those.
      const ours = ownPrefix(existing, node, seq, body);
      if (ours) {
        await record(ours.count, ours.hash);
        segments++;
        entries += ours.count;
        continue;
      }
      throw new PublishError('IDENTITY_CLASH', `В папке этого компьютера уже есть сегмент ${segmentName(seq)}, записанный другой базой данных (копия диска или восстановленная старая база).`);
    }

    const temp = tempName();
    try {
      await setLocal(db.knex, 'sync.pending_temp', temp);
      await fs.writeDurable(join(dir, temp), bytes);
      await hook?.('written');
      await fs.rename(join(dir, temp), target);
      await hook?.('renamed');
    } catch (err) {
      if (errorCode(err) === 'HOOK_CRASH') throw err;
      await fs.remove(join(dir, temp)).catch(() => undefined);
      if (errorCode(err) === 'EEXIST') throw new PublishError('IDENTITY_CLASH', `Сегмент ${segmentName(seq)} появился в папке этого компьютера во время записи: другая база данных пишет под тем же номером компьютера.`);
      throw new PublishError('PUBLISH_FAILED', `Не удалось записать изменения в сетевую папку (${errorCode(err) || String(err)}). Они сохранены на этом компьютере и будут отправлены позже.`, err);
    }
    await setLocal(db.knex, 'sync.pending_temp', '');
    const back = await fs.read(target).catch(() => null);
    if (!back || !back.equals(bytes)) {
      if (back && !ownPrefix(back, node, seq, body)) throw new PublishError('IDENTITY_CLASH', `Сегмент ${segmentName(seq)} заменён другой базой данных с тем же номером компьютера.`);
      throw new PublishError('PUBLISH_FAILED', `Записанный сегмент ${segmentName(seq)} не читается обратно без ошибок; изменения остаются в очереди.`);
    }
    await hook?.('verified');
    await record();
    segments++;
    entries += rows.length;
  }
  return { segments, entries };
}

async function foreignNext(fs: ShareFs, share: string, node: string, seq: number): Promise<void> {
  let found: boolean;
  try {
    found = (await fs.read(segmentPath(share, node, seq))) !== null;
  } catch (err) {
    throw new PublishError('SHARE_UNAVAILABLE', `Сетевая папка недоступна: ${errorCode(err) || String(err)}.`, err);
  }
  if (found) throw new PublishError('IDENTITY_CLASH', `В папке этого компьютера есть сегмент ${segmentName(seq)}, которого эта база данных не записывала (копия диска или восстановленная старая база).`);
}

/**
 * The segment file found under our next name, when it is ours: its changes are the first
 * ones of the outbox, entry for entry (hlc, value and signature). Anything else was
 * written by another database under our id.
 */
function ownPrefix(bytes: Buffer, node: string, seq: number, body: readonly LogEntry[]): { count: number; hash: string } | null {
  try {
    const seg = decodeSegment(bytes, node, seq);
    const same = seg.entries.length <= body.length && seg.entries.every((e, i) => LOG_COLUMNS.every((c) => e[c] === body[i]![c]));
    return same ? { count: seg.entries.length, hash: seg.hash } : null;
  } catch {
    return null;
  }
}
