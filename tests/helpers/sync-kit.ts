// Shared pieces of the sync fault tests (tests/integration/sync-*.test.ts): a small
// school network whose computers reach the share through FaultyShareFs, journal cells a
// teacher may fill, and the checks every fault test ends with — nothing lost, the same
// journal everywhere, the same conflicts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { JournalDb } from '../../db/journal-db';
import { nodeDir, segmentSeq, snapshotsDir } from '../../db/sync/layout';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap, publishSnapshot } from '../../db/sync/snapshot';
import { makeDemoFile } from './demo-db';
import { tmpDir } from './tmp';
import { decodeSegment, type Segment } from '../../db/sync/segment';
import { FaultyShareFs } from './faulty-share';
import { journalDigest, SchoolNetwork, type Computer } from './school-network';

/** The demo school of the fault tests: small, so that each file builds its own quickly. */
export const STUDENTS = 60;

export async function faultyNetwork(count: number, seed = 5): Promise<SchoolNetwork> {
  // As SchoolNetwork.create, but the first snapshot is published only when the first
  // cycle did not already publish one (the app's first cycle starts the share with one).
  const net = new (SchoolNetwork as unknown as new (dir: string) => SchoolNetwork)(tmpDir('journal-net-'));
  const first = path.join(net.dir, 'pc0.sqlite');
  fs.copyFileSync(await makeDemoFile(STUDENTS, seed), first);
  const c0 = await net.open('pc0', first);
  c0.fs = new FaultyShareFs();
  assert.ok((await net.cycle(c0)).ok);
  if (!fs.existsSync(snapshotsDir(net.share)) || !fs.readdirSync(snapshotsDir(net.share)).some((n) => n.endsWith('.json'))) {
    await publishSnapshot(c0.db, c0.fs, net.share, () => new Date());
  }
  for (let i = 1; i < count; i++) {
    const file = path.join(net.dir, `pc${i}.sqlite`);
    await bootstrap(new NodeShareFs(), net.share, file);
    const c = await net.open(`pc${i}`, file);
    c.fs = new FaultyShareFs();
  }
  return net;
}

export function shareOf(c: Computer): FaultyShareFs {
  assert.ok(c.fs instanceof FaultyShareFs, `${c.name} reaches the share through FaultyShareFs`);
  return c.fs;
}

/** Reopens a computer's database (as after a crash or a restart), keeping its share and clock. */
export async function restart(net: SchoolNetwork, c: Computer): Promise<Computer> {
  const share = c.fs;
  const again = await net.reopen(c);
  again.fs = share;
  return again;
}

export interface Cell {
  readonly lessonId: string;
  readonly studentId: string;
}

/** Cells (lesson × student) of a teacher's graded lessons on the network's school day. */
export async function cellsOf(c: Computer, login: string, n: number, date = '2026-10-05'): Promise<Cell[]> {
  const teacher = (await c.db.knex('staff').where({ login }).first('id') as { id: string }).id;
  const rows = await c.db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id').join('enrolment as e', 'e.class_id', 'c.id')
    .leftJoin('attendance as at', function () {
      this.on('at.lesson_id', 'l.id').andOn('at.student_id', 'e.student_id');
    })
    .where({ 'a.teacher_id': teacher, 's.graded': 1, 'l.date': date }).whereNull('a.subgroup_id').where('c.grade', '>', 1).whereNull('at.code')
    .orderBy(['l.id', 'e.student_id']).limit(n).select('l.id as lessonId', 'e.student_id as studentId') as Cell[];
  assert.equal(rows.length, n, `${login} has ${n} cells on ${date}`);
  return rows;
}

export async function markOf(c: Computer, cell: Cell): Promise<string | null> {
  const row = await c.db.knex('mark').where({ lesson_id: cell.lessonId, student_id: cell.studentId, slot: 1 }).first('value') as { value: string | null } | undefined;
  return row?.value ?? null;
}

/** Sets a mark through the service, as the teacher would; the mark must change (or the test means nothing). */
export async function setMark(net: SchoolNetwork, c: Computer, caller: string, cell: Cell, value: string | null): Promise<void> {
  const r = await net.call<{ changed: number }>(c, caller, 'journal.setMark', { lessonId: cell.lessonId, studentId: cell.studentId, value });
  assert.ok(r.changed > 0, `${c.name}: the mark ${value} is a change`);
}

const NEXT: Record<string, string> = { '1': '2', '2': '3', '3': '4', '4': '5', '5': '2' };

/** A mark different from the one the cell holds on `c`. */
export async function otherMark(c: Computer, cell: Cell): Promise<string> {
  return NEXT[(await markOf(c, cell)) ?? '3']!;
}

/** Every change_log clock after `since`, in order (the changes made during a test). */
export async function changesSince(db: JournalDb, since: string): Promise<string[]> {
  return (await db.knex('change_log').where('hlc', '>', since).orderBy('hlc').select('hlc') as { hlc: string }[]).map((r) => r.hlc);
}

export async function lastHlc(db: JournalDb): Promise<string> {
  return ((await db.knex('change_log').max('hlc as h').first()) as { h: string }).h;
}

export async function openConflicts(db: JournalDb): Promise<string[]> {
  const rows = await db.knex('sync_conflict').where({ status: 'open' }).orderBy('id').select('id', 'hlcs') as { id: string; hlcs: string }[];
  return rows.map((r) => `${r.id} ${r.hlcs}`);
}

export async function quarantined(db: JournalDb, status = 'open'): Promise<{ node_id: string; file: string; code: string; payload: string | null }[]> {
  return db.knex('sync_quarantine').where({ status }).orderBy('id').select('node_id', 'file', 'code', 'payload');
}

/**
 * Nothing lost and one journal: every computer holds every change made since `since`
 * (the union of all their logs), the same journal tables and the same open conflicts.
 */
export async function assertConverged(net: SchoolNetwork, since: string, computers = net.computers): Promise<string[]> {
  const logs = await Promise.all(computers.map((c) => changesSince(c.db, since)));
  const union = [...new Set(logs.flat())].sort();
  computers.forEach((c, i) => {
    const have = new Set(logs[i]);
    const missing = union.filter((h) => !have.has(h));
    assert.deepEqual(missing, [], `${c.name} lacks ${missing.length} of the ${union.length} changes made since ${since}`);
  });
  const digests = await Promise.all(computers.map((c) => journalDigest(c.db)));
  const conflicts = await Promise.all(computers.map((c) => openConflicts(c.db)));
  for (let i = 1; i < computers.length; i++) {
    assert.deepEqual(digests[i], digests[0], `${computers[i]!.name} holds the same journal as ${computers[0]!.name}`);
    assert.deepEqual(conflicts[i], conflicts[0], `${computers[i]!.name} records the same conflicts as ${computers[0]!.name}`);
  }
  return union;
}

/** How many segments a computer's folder holds (by name, damaged ones too). */
export function segmentCount(share: string, node: string): number {
  const dir = nodeDir(share, node);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => segmentSeq(n) !== null).length : 0;
}

/** The segments in a computer's folder on the share, decoded (names that are not ours skipped). */
export function segmentsOf(share: string, node: string, skipDamaged = false): Segment[] {
  const dir = nodeDir(share, node);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((n) => [n, segmentSeq(n)] as const).filter((x): x is [string, number] => x[1] !== null)
    .sort((a, b) => a[1] - b[1]).flatMap(([n, seq]) => {
      try {
        return [decodeSegment(fs.readFileSync(`${dir}/${n}`), node, seq)];
      } catch (err) {
        if (skipDamaged) return [];
        throw err;
      }
    });
}

/** Each change published exactly once in a computer's folder, its segments numbered 1…n without gaps. */
export function assertPublishedOnce(share: string, node: string): Segment[] {
  const segs = segmentsOf(share, node);
  assert.deepEqual(segs.map((s) => s.header.seq), segs.map((_, i) => i + 1), 'segments numbered without gaps');
  const hlcs = segs.flatMap((s) => s.entries.map((e) => e.hlc));
  assert.equal(new Set(hlcs).size, hlcs.length, 'no change published twice');
  for (let i = 1; i < segs.length; i++) assert.equal(segs[i]!.header.prev, segs[i - 1]!.hash, 'each segment chains to the one before');
  return segs;
}

/** A seeded random number generator (mulberry32), so that a failing order can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(list: readonly T[], rnd: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
