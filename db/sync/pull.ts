// Reading the other computers' new segments and applying them. For each computer folder
// on the share the next expected segment is read by name (no listing of the folder), its
// hashes and chain are checked (segment.ts), its clock is bounded, its change sets are
// checked for their authors' signatures (verify.ts) and rights (authority.ts), and what
// passes is applied (apply.ts) in one transaction together with the new position of that
// computer. Anything that fails is quarantined and reported; that computer's later
// segments wait (never half-applied), and everything else goes on. A computer stuck on
// a damaged or missing segment catches up from a snapshot that holds what it lacks
// (catch-up.ts), checked the same way.
import type { JournalDb } from '../journal-db';
import type { LogEntry } from '../journal-writer';
import { execute, type RawConnection } from '../connection';
import { getLocal, setLocal } from '../local-state';
import { parseHlc } from '../../shared/hlc';
import { applyEntries } from './apply';
import { LateArrivals } from './late';
import { loadProfile, type RegulationProfile } from '../regulation/profile';
import { changesFromSnapshots } from './catch-up';
import { Authority } from './authority';
import { isNodeId, nodesDir, segmentName, segmentPath } from './layout';
import { decodeHeader, decodeSegment, SegmentError, type Segment } from './segment';
import { isNewerSchema, peerVersions, savePeerVersions, versionOfHeader } from './version';
import { appliedMigrations } from '../migrate';
import { errorCode, type ShareFs } from './share';
import { clearQuarantine, isReleased, quarantine, savePeer, type PeerState, type QuarantineCode } from './state';
import { changeSets, verifySets, type ChangeSet } from './verify';

export interface PullOptions {
  /** The share's clock now (this computer's clock corrected by the measured skew). */
  readonly shareNow: number;
  /** Remote clocks further ahead than this are held in quarantine. */
  readonly maxDriftMs: number;
  /** At most this many segments per computer in one cycle. */
  readonly maxSegmentsPerPeer?: number;
}

export interface PullResult {
  segments: number;
  entries: number;
  conflicts: number;
  quarantined: number;
  peers: number;
}

const QUARANTINE_SQL = `INSERT INTO sync_quarantine (node_id, file, code, message, detected_at, last_seen_at, payload, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (node_id, file, code) DO UPDATE SET last_seen_at = excluded.last_seen_at, message = excluded.message, status = 'open'`;

async function quarantineSet(conn: RawConnection, node: string, set: ChangeSet, code: QuarantineCode, message: string, at: string): Promise<void> {
  const file = `изменение ${set[0]!.change_set_id}`;
  await execute(conn, QUARANTINE_SQL, [node, file, code, message, at, at, JSON.stringify(set), set[0]!.user_id]);
}

async function savePeerIn(conn: RawConnection, p: PeerState): Promise<void> {
  await execute(conn, `INSERT INTO sync_peer (node_id, applied_seq, last_hash, last_hlc, computer_name, first_seen_at, last_contact_at, last_applied_at, next_absent_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE SET applied_seq = excluded.applied_seq, last_hash = excluded.last_hash,
    last_hlc = excluded.last_hlc, computer_name = excluded.computer_name, last_contact_at = excluded.last_contact_at, last_applied_at = excluded.last_applied_at,
    next_absent_at = excluded.next_absent_at`,
  [p.node_id, p.applied_seq, p.last_hash, p.last_hlc, p.computer_name, p.first_seen_at, p.last_contact_at, p.last_applied_at, p.next_absent_at ?? null]);
}

/**
 * Verifies, checks rights and applies change sets in the current transaction; refused
 * ones are quarantined. Returns counts.
 */
/** What admit needs to list late arrivals: the profile, and since when the share is known to have lacked these changes. */
interface Arrival {
  readonly profile: RegulationProfile;
  readonly appearedAfter: string | null;
}

async function admit(conn: RawConnection, node: string, sets: readonly ChangeSet[], at: string, arrival?: Arrival) {
  const { ok, refused, waiting } = await verifySets(conn, sets);
  for (const r of refused) await quarantineSet(conn, node, r.set, r.code, r.message, at);
  for (const w of waiting) await quarantineSet(conn, node, w.set, w.code, w.message, at);
  const authority = new Authority(conn);
  await authority.readRowsOf(ok.flat());
  const allowed: LogEntry[] = [];
  let forbidden = 0;
  for (const set of ok) {
    const why = await authority.refusal(set);
    if (why && authority.waitsForSubject) {
      await quarantineSet(conn, node, set, 'WAITING', `ждёт изменений, к которым относится (их ещё нет на этом компьютере); применится, когда они придут: ${why}`, at);
      forbidden++;
    } else if (why) {
      await quarantineSet(conn, node, set, 'FORBIDDEN', `нет прав на изменение: ${why}`, at);
      forbidden++;
    } else {
      allowed.push(...set);
      authority.admitted(set);
    }
  }
  const outcome = await applyEntries(conn, allowed, at);
  if (arrival) await new LateArrivals(conn, arrival.profile).record(allowed, arrival.appearedAfter, at);
  for (const e of outcome.collisions) {
    await quarantineSet(conn, node, [e], 'HLC_COLLISION', 'другое изменение с той же отметкой времени (копия диска?)', at);
  }
  return { outcome, quarantined: refused.length + waiting.length + forbidden + outcome.collisions.length };
}

/**
 * Applies a segment's change sets (checked by admit) and moves the peer's position, in one
 * transaction; when a change refers to a row not here yet, set by set (see below).
 */
async function applySets(db: JournalDb, node: string, sets: readonly ChangeSet[], next: PeerState, result: PullResult, at: () => string, arrival?: Arrival): Promise<void> {
  const applyAll = (list: readonly ChangeSet[], move: boolean) => db.writer.applyRemote(async (conn) => {
    const r = await admit(conn, node, list, at(), arrival);
    if (move) await savePeerIn(conn, next);
    return { result: r, tables: r.outcome.tables, maxHlc: r.outcome.maxHlc };
  });
  try {
    const r = await applyAll(sets, true);
    result.entries += r.outcome.inserted;
    result.conflicts += r.outcome.conflicts;
    result.quarantined += r.quarantined;
  } catch (err) {
    if (!isForeignKeyError(err) && !isUniqueError(err)) throw err;
    // A change refers to a row this computer does not have yet (its creation waits in
    // a segment not readable now), or would break a uniqueness the schema holds (a third
    // mark in a cell under another row id): apply set by set; those that cannot wait in
    // quarantine, whole.
    for (const set of sets) {
      try {
        const r = await applyAll([set], false);
        result.entries += r.outcome.inserted;
        result.conflicts += r.outcome.conflicts;
        result.quarantined += r.quarantined;
      } catch (e2) {
        if (!isForeignKeyError(e2) && !isUniqueError(e2)) throw e2;
        const unique = isUniqueError(e2);
        await db.writer.applyRemote(async (conn) => {
          // Verified again here so that the author's chain moves past this set (the
          // failed attempt rolled that back): the author's next sets continue from it.
          const { refused, waiting } = await verifySets(conn, [set]);
          if (refused[0]) await quarantineSet(conn, node, set, refused[0].code, refused[0].message, at());
          else if (waiting[0]) await quarantineSet(conn, node, set, waiting[0].code, waiting[0].message, at());
          else if (unique) await quarantineSet(conn, node, set, 'CONSTRAINT', 'изменение создало бы вторую запись там, где она может быть одна (например, третью отметку в клетке); не применено', at());
          else await quarantineSet(conn, node, set, 'WAITING', 'ссылается на запись, которой ещё нет на этом компьютере; повторим', at());
          return { result: null, tables: [], maxHlc: null };
        });
        result.quarantined++;
      }
    }
    await db.writer.applyRemote(async (conn) => {
      await savePeerIn(conn, next);
      return { result: null, tables: [], maxHlc: null };
    });
  }
}

/**
 * A computer stuck on a damaged or missing segment catches up from a snapshot that holds
 * its changes beyond it (catch-up.ts): they are checked and applied like a segment's, its
 * position moves to the snapshot's, and the quarantined file is marked cleared with a
 * note. Returns whether it moved.
 */
async function recoverFromSnapshot(db: JournalDb, fs: ShareFs, share: string, node: string, state: PeerState, file: string, result: PullResult, at: () => string): Promise<boolean> {
  const found = await changesFromSnapshots(db, fs, share, node, state.applied_seq);
  if (!found) return false;
  const next: PeerState = { ...state, applied_seq: found.seq, last_hash: found.hash, last_applied_at: at() };
  await applySets(db, node, changeSets(found.entries), next, result, at);
  await db.knex('sync_quarantine').where({ node_id: node, file, status: 'open' }).whereNot('code', 'WAITING')
    .update({ status: 'cleared', last_seen_at: at(), message: db.knex.raw(`message || ?`, [` — изменения получены из снимка ${found.from}`]) });
  Object.assign(state, next);
  result.segments++;
  return true;
}

const isForeignKeyError = (err: unknown) => /FOREIGN KEY constraint failed/.test(String((err as Error)?.message ?? err));
const isUniqueError = (err: unknown) => /UNIQUE constraint failed/.test(String((err as Error)?.message ?? err));

export async function pull(db: JournalDb, fs: ShareFs, share: string, now: () => Date, opts: PullOptions): Promise<PullResult> {
  const result: PullResult = { segments: 0, entries: 0, conflicts: 0, quarantined: 0, peers: 0 };
  const at = () => now().toISOString();
  const self = db.writer.nodeId;
  const knownMax = JSON.parse((await getLocal(db.knex, 'sync.known_max')) ?? '{}') as Record<string, number>;
  const names = (await fs.list(nodesDir(share))).filter((n) => isNodeId(n) && n !== self);
  // The previous listing of the share: a computer folder first seen now appeared after it (late.ts).
  const listedBefore = await getLocal(db.knex, 'sync.listed_at');
  const listedNow = at();
  const profile = await loadProfile(db.knex);
  const states = new Map((await db.knex('sync_peer').select('*') as PeerState[]).map((p) => [p.node_id, p]));
  result.peers = names.length;
  const applied = await appliedMigrations(db.knex);
  const versions = await peerVersions(db.knex);

  for (const node of names) {
    const known = states.get(node);
    const state: PeerState = known ?? {
      node_id: node, applied_seq: 0, last_hash: null, last_hlc: null, computer_name: '', first_seen_at: at(), last_contact_at: null, last_applied_at: null, next_absent_at: null,
    };
    // Since when the share is known to have lacked this computer's next segment.
    const appearedAfter = known ? (known.next_absent_at ?? null) : listedBefore;
    for (let n = 0; n < (opts.maxSegmentsPerPeer ?? 100); n++) {
      const seq = state.applied_seq + 1;
      const file = segmentName(seq);
      let bytes: Buffer | null;
      try {
        bytes = await fs.read(segmentPath(share, node, seq));
      } catch (err) {
        // Unreadable is not absent: held open, no permission, the share dropping out.
        if (await quarantine(db.knex, { node, file, code: 'UNREADABLE', message: `файл не читается (${errorCode(err) || String(err)}); повторим позже` }, at())) result.quarantined++;
        break;
      }
      if (!bytes) {
        // Absent now: whatever comes next appeared after this moment (late.ts).
        state.next_absent_at = at();
        if (known || n > 0) await db.knex('sync_peer').where({ node_id: node }).update({ next_absent_at: state.next_absent_at });
        if ((knownMax[node] ?? 0) >= seq) {
          if (await quarantine(db.knex, { node, file, code: 'MISSING_SEGMENT', message: `сегмент ${seq} отсутствует, хотя есть более поздние (до ${knownMax[node]})` }, at())) result.quarantined++;
          if (await recoverFromSnapshot(db, fs, share, node, state, file, result, at)) continue;
        }
        break;
      }
      let seg: Segment;
      try {
        // Which version of the app wrote it, before its entries are read: a newer schema's
        // segment waits here, untouched, until this computer is updated (version.ts).
        const { header } = decodeHeader(bytes, node, seq);
        const written = versionOfHeader(header);
        const waitForUpdate = async () => {
          const before = versions[node];
          versions[node] = { ...written, waitingSeq: seq, waitingSince: before?.waitingSeq === seq && before.waitingSince ? before.waitingSince : at() };
          await savePeer(db.knex, { ...state, computer_name: String(header.computerName ?? '').slice(0, 100) || state.computer_name, last_contact_at: header.writtenAt ?? state.last_contact_at });
        };
        if (isNewerSchema(header, applied)) {
          await waitForUpdate();
          break;
        }
        try {
          seg = decodeSegment(bytes, node, seq);
        } catch (err) {
          // An intact segment with a table or field this app does not know: a newer app's, whatever its header says.
          if (err instanceof SegmentError && err.code === 'UNKNOWN_FIELD') {
            await waitForUpdate();
            break;
          }
          throw err;
        }
        versions[node] = { ...written, waitingSeq: null, waitingSince: null };
        if (seg.header.prev !== state.last_hash) throw new SegmentError('BROKEN_CHAIN', 'цепочка сегментов нарушена: предыдущий сегмент был другим');
      } catch (err) {
        if (!(err instanceof SegmentError)) throw err;
        if (await quarantine(db.knex, { node, file, code: err.code, message: err.message }, at())) result.quarantined++;
        if (await recoverFromSnapshot(db, fs, share, node, state, file, result, at)) continue;
        break;
      }
      const ahead = parseHlc(seg.header.lastHlc).millis - opts.shareNow;
      if (ahead > opts.maxDriftMs && !(await isReleased(db.knex, node, file, 'CLOCK_AHEAD'))) {
        const hours = Math.round(ahead / 36e5);
        if (await quarantine(db.knex, { node, file, code: 'CLOCK_AHEAD', message: `часы компьютера впереди на ${hours} ч; изменения ждут, пока время не совпадёт, или решения администратора` }, at())) result.quarantined++;
        break;
      }
      for (const [other, s] of Object.entries(seg.header.seen ?? {})) {
        if (isNodeId(other) && Number.isInteger(s) && s > (knownMax[other] ?? 0)) knownMax[other] = s;
      }
      const sets = changeSets(seg.entries);
      const next: PeerState = {
        ...state, applied_seq: seq, last_hash: seg.hash, last_hlc: seg.header.lastHlc,
        computer_name: String(seg.header.computerName ?? '').slice(0, 100), last_contact_at: seg.header.writtenAt, last_applied_at: at(),
      };
      await applySets(db, node, sets, next, result, at, { profile, appearedAfter });
      await clearQuarantine(db.knex, node, file, ['UNREADABLE', 'MISSING_SEGMENT', 'CLOCK_AHEAD']);
      Object.assign(state, next);
      result.segments++;
    }
  }
  await setLocal(db.knex, 'sync.known_max', JSON.stringify(knownMax));
  await savePeerVersions(db.knex, versions);
  await setLocal(db.knex, 'sync.listed_at', listedNow);
  result.entries += await retryWaiting(db, at());
  return result;
}

/**
 * Change sets held back are tried again, and those that pass now are applied:
 * - UNKNOWN_KEY: signed with a key not known here when they came; per author and computer,
 *   in their order, verified again (its voucher may have arrived since, verify.ts);
 * - WAITING / FORBIDDEN: their rows' parents or their authors' rights had not arrived.
 * Returns how many entries were applied.
 */
async function retryWaiting(db: JournalDb, at: string): Promise<number> {
  let applied = await retryUnknownKeys(db, at);
  const waiting = await db.knex('sync_quarantine').where({ status: 'open' }).whereIn('code', ['WAITING', 'FORBIDDEN']).whereNotNull('payload').select('id', 'node_id', 'payload') as { id: number; node_id: string; payload: string }[];
  for (const w of waiting) {
    const set = JSON.parse(w.payload) as LogEntry[];
    try {
      await db.writer.applyRemote(async (conn) => {
        const authority = new Authority(conn);
        const why = await authority.refusal(set);
        if (why) throw Object.assign(new Error(why), { code: 'STILL_FORBIDDEN' });
        const outcome = await applyEntries(conn, set, at);
        await execute(conn, `UPDATE sync_quarantine SET status = 'cleared', last_seen_at = ? WHERE id = ?`, [at, w.id]);
        applied += outcome.inserted;
        return { result: null, tables: outcome.tables, maxHlc: outcome.maxHlc };
      });
    } catch (err) {
      if (!isForeignKeyError(err) && (err as { code?: string }).code !== 'STILL_FORBIDDEN') throw err;
    }
  }
  return applied;
}

async function retryUnknownKeys(db: JournalDb, at: string): Promise<number> {
  const rows = await db.knex('sync_quarantine').where({ status: 'open', code: 'UNKNOWN_KEY' }).whereNotNull('payload')
    .select('id', 'node_id', 'user_id', 'payload') as { id: number; node_id: string; user_id: string | null; payload: string }[];
  const groups = new Map<string, { node: string; items: { id: number; set: LogEntry[] }[] }>();
  for (const r of rows) {
    const set = JSON.parse(r.payload) as LogEntry[];
    const key = `${r.node_id}\u0000${set[0]!.user_id}`;
    const g = groups.get(key) ?? { node: r.node_id, items: [] };
    g.items.push({ id: r.id, set });
    groups.set(key, g);
  }
  let applied = 0;
  for (const g of groups.values()) {
    g.items.sort((a, b) => (a.set[0]!.hlc < b.set[0]!.hlc ? -1 : 1));
    const ids = new Map(g.items.map((i) => [i.set, i.id]));
    try {
      await db.writer.applyRemote(async (conn) => {
        const { ok, refused, waiting } = await verifySets(conn, g.items.map((i) => i.set), { retrying: true });
        if (ok.length === 0 && refused.length === 0) return { result: null, tables: [], maxHlc: null }; // still waiting: nothing moved
        const clear = (set: ChangeSet) => execute(conn, `UPDATE sync_quarantine SET status = 'cleared', last_seen_at = ? WHERE id = ?`, [at, ids.get(set as LogEntry[]) ?? -1]);
        for (const r of refused) {
          await clear(r.set);
          await quarantineSet(conn, g.node, r.set, r.code, r.message, at);
        }
        for (const w of waiting) await execute(conn, `UPDATE sync_quarantine SET message = ?, last_seen_at = ? WHERE id = ?`, [w.message, at, ids.get(w.set as LogEntry[]) ?? -1]);
        const authority = new Authority(conn);
        const allowed: LogEntry[] = [];
        for (const set of ok) {
          await clear(set);
          const why = await authority.refusal(set);
          if (why) await quarantineSet(conn, g.node, set, 'FORBIDDEN', `нет прав на изменение: ${why}`, at);
          else {
            allowed.push(...set);
            authority.admitted(set);
          }
        }
        const outcome = await applyEntries(conn, allowed, at);
        applied += outcome.inserted;
        return { result: null, tables: outcome.tables, maxHlc: outcome.maxHlc };
      });
    } catch (err) {
      if (!isForeignKeyError(err)) throw err;
    }
  }
  return applied;
}

export async function quarantineCount(db: JournalDb): Promise<number> {
  const [row] = await db.knex('sync_quarantine').where({ status: 'open' }).count('id as n') as [{ n: number }];
  return Number(row.n);
}

