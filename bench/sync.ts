// The sync benchmark (issue 4, "Speed"): a local folder stands in for the school's share.
// Usage:
//   npm run bench:sync -- [--computers 40] [--changes 500] [--students 600] [--big-students 1800] [--runs 5] [--db FILE]
// Results are printed (a markdown table and JSON) and written to bench/results/sync-<time>.json.
// bench/all.ts calls benchSync on the full-year demo ×5 (both the day and the bootstrap).
//
// The school: one demo school (`--students`, or a copy of --db FILE) on the first computer, which publishes its
// history and a snapshot; the other computers start from that snapshot (db/sync/snapshot.ts
// bootstrap), exactly as new computers do. On each computer one teacher signs in through
// the service (so their changes are signed with their own key) and fills school days of
// the second quarter through journal.openLesson / setLesson / setAttendance / setMark
// until about `--changes` change-log entries; then the computer publishes its segment.
// Each computer's database is removed once published, except the last one's: it is the
// computer that measures.
//   apply      one sync cycle of the measuring computer, pulling and applying the other
//              computers' segments (hash chain, signatures, rights, per-field merge) vs a
//              batched raw bulk insert of the same change_log rows (signatures included)
//              and of the same final rows of the journal tables: multi-row INSERT
//              statements (up to 500 rows each) in one transaction on a plain sqlite3
//              connection, on a copy of the same database — the honest limit (issue 16: a
//              prepared statement run once per row, as this bench did before, is about 5×
//              slower); interleaved run by run, median ratio
//   idle       the next cycle, with nothing new: the directory listings of the share it made
//   bootstrap  a new computer from a snapshot of the demo school ×3 (`--big-students`; with
//              --db, of that school) vs fs.copyFile of the same snapshot file; interleaved,
//              median ratio
import './fast-kdf';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sqlite3 from 'sqlite3';
import { createDemoFile } from '../db/demo-file';
import { openJournal, type JournalDb } from '../db/journal-db';
import { LOG_COLUMNS, type LogEntry } from '../db/journal-writer';
import { JOURNAL_FIELDS, type JournalTable } from '../db/schema';
import { encryptPrivateKey, newSigningKey } from '../db/signing';
import { syncCycle, type CycleReport } from '../db/sync/cycle';
import { nodeDir, nodesDir, segmentSeq, snapshotsDir } from '../db/sync/layout';
import { publish } from '../db/sync/publish';
import { decodeSegment } from '../db/sync/segment';
import { NodeShareFs } from '../db/sync/share';
import { bootstrap, listSnapshots, publishSnapshot } from '../db/sync/snapshot';
import { ServiceHost } from '../service/host';
import { addDays, weekday } from '../shared/dates';
import { summarize, type Summary } from './stats';
import { batchedInserts, copyDb, figure, isMain, machine, removeDb, writeResult, type Figure } from './common';

const YEAR = 2026;

let log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, ms(t)];
}


/** A seeded stream, so every run fills the same journal. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the school's day on one computer ------------------------------------------------

interface Teacher { id: string; login: string }

/**
 * Every teacher gets the demo password and a signing key (as their activation would give
 * them, db/sync/trust.ts), before the snapshot: the school's accounts, vouched for by the
 * snapshot every computer joins from.
 */
async function giveTeachersPasswords(db: JournalDb): Promise<Teacher[]> {
  const { password_hash: hash } = await db.knex('staff').where({ login: 'teacher' }).first('password_hash');
  const teachers = await db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id').where({ 'r.role': 'teacher', 'r.revoked': 0, 's.active': 1 })
    .whereExists(db.knex('timetable_entry as t').join('teaching_assignment as a', 'a.id', 't.assignment_id').whereRaw('a.teacher_id = s.id'))
    .distinct('s.id', 's.login', 's.password_hash').orderBy('s.id') as (Teacher & { password_hash: string | null })[];
  const changes = [];
  for (const t of teachers.filter((x) => !x.password_hash)) {
    const key = newSigningKey();
    changes.push({ table: 'staff' as const, id: t.id, set: { password_hash: hash as string, public_key: key.publicKey, private_key_enc: await encryptPrivateKey(key.privateKey, 'demo') } });
  }
  if (changes.length > 0) await db.writer.write({ userId: null }, changes, { reason: 'пароли учителей (бенчмарк)' });
  return teachers.map(({ id, login }) => ({ id, login }));
}

interface Day { entries: number; calls: number; refused: number; days: number; refusals: Record<string, number> }

/**
 * One teacher at one computer fills school days of the second quarter, lesson by lesson,
 * through the service, until about `target` change-log entries.
 */
async function teachersDay(db: JournalDb, teacher: Teacher, startDate: string, target: number, rnd: () => number): Promise<Day> {
  let now = new Date(`${startDate}T15:00:00`);
  const host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  const caller = `bench:${teacher.login}`;
  const out: Day = { entries: 0, calls: 0, refused: 0, days: 0, refusals: {} };
  const call = async (method: string, args: unknown): Promise<Record<string, unknown> | null> => {
    out.calls++;
    const r = await host.call(caller, method, args);
    if (!r.ok) {
      out.refused++;
      const why = `${method} ${r.error.code}`;
      out.refusals[why] = (out.refusals[why] ?? 0) + 1;
      return null;
    }
    return r.value as Record<string, unknown>;
  };
  const before = await maxSeq(db);
  if (!(await call('auth.login', { login: teacher.login, password: 'demo' }))) throw new Error(`${teacher.login}: sign-in refused`);
  const slots = await db.knex('timetable_entry as t').join('teaching_assignment as a', 'a.id', 't.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .where('a.teacher_id', teacher.id).select('t.weekday', 't.lesson_no', 'a.id as assignmentId', 'a.class_id as classId', 'a.subgroup_id as subgroupId', 'c.grade')
    .orderBy(['t.weekday', 't.lesson_no']) as { weekday: number; lesson_no: number; assignmentId: string; classId: string; subgroupId: string | null; grade: number }[];
  for (let date = startDate, n = 0; n < 40 && out.entries < target; date = addDays(date, 1), n++) {
    const today = slots.filter((s) => s.weekday === weekday(date));
    if (today.length === 0) continue;
    now = new Date(`${date}T15:00:00`);
    out.days++;
    for (const s of today) {
      const opened = await call('journal.openLesson', { assignmentId: s.assignmentId, date, lessonNo: s.lesson_no });
      if (!opened) continue;
      const lessonId = opened.lessonId as string;
      await call('journal.setLesson', { lessonId, topic: `Тема урока ${date} №${s.lesson_no}`, homework: `§ ${1 + Math.floor(rnd() * 40)}, упр. ${1 + Math.floor(rnd() * 300)}` });
      const [table, column, id] = s.subgroupId ? ['subgroup_member', 'subgroup_id', s.subgroupId] : ['enrolment', 'class_id', s.classId];
      const students = await db.knex(table).where(column, id).where('starts_on', '<=', date)
        .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>', date)).orderBy('student_id').pluck('student_id') as string[];
      for (const studentId of students) {
        const r = rnd();
        if (r < 0.08) await call('journal.setAttendance', { lessonId, studentId, code: r < 0.06 ? 'Н' : 'Б' });
        else if (s.grade > 1 && r < 0.6) await call('journal.setMark', { lessonId, studentId, value: String(3 + Math.floor(rnd() * 3)) });
      }
      out.entries = (await maxSeq(db)) - before;
      if (out.entries >= target) break;
    }
  }
  out.entries = (await maxSeq(db)) - before;
  return out;
}

async function maxSeq(db: JournalDb): Promise<number> {
  const row = await db.knex('change_log').max('seq as seq').first() as { seq: number | null };
  return row.seq ?? 0;
}

// ---- the raw baseline ----------------------------------------------------------------

function rawOpen(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const d = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(d)));
  });
}
const rawRun = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));

interface RawBatch {
  entries: LogEntry[];
  /** The rows as the sync left them, per journal table. */
  rows: Map<JournalTable, Record<string, unknown>[]>;
}

/**
 * The same change_log rows and the same journal rows, batched: multi-row INSERT statements
 * (the journal rows as upserts: some exist before) in one transaction on a plain connection.
 * The statements are built before the clock starts, as a bulk loader would have them.
 */
async function rawBulkInsert(file: string, batch: RawBatch): Promise<number> {
  const statements = [
    ...batchedInserts('change_log', LOG_COLUMNS, batch.entries.map((e) => LOG_COLUMNS.map((c) => e[c]))),
    ...[...batch.rows].flatMap(([table, rows]) => {
      const cols = ['id', ...JOURNAL_FIELDS[table]];
      return batchedInserts(table, cols, rows.map((r) => cols.map((c) => r[c])), true);
    }),
  ];
  const db = await rawOpen(file);
  try {
    for (const p of ['PRAGMA busy_timeout = 5000', 'PRAGMA journal_mode = WAL', 'PRAGMA synchronous = FULL', 'PRAGMA foreign_keys = ON']) await rawRun(db, p);
    const [, took] = await timed(async () => {
      await rawRun(db, 'BEGIN IMMEDIATE');
      for (const st of statements) await rawRun(db, st.sql, st.params);
      await rawRun(db, 'COMMIT');
    });
    return took;
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** The other computers' entries as the measuring computer reads them, and the rows they leave. */
async function rawBatchOf(share: string, self: string, applied: JournalDb): Promise<RawBatch> {
  const entries: LogEntry[] = [];
  for (const node of fs.readdirSync(nodesDir(share))) {
    if (node === self) continue;
    const names = fs.readdirSync(nodeDir(share, node)).filter((n) => segmentSeq(n) !== null).sort();
    // Only the segments published after the snapshot (the day's): the last of each computer.
    const last = names[names.length - 1]!;
    entries.push(...decodeSegment(fs.readFileSync(path.join(nodeDir(share, node), last)), node, segmentSeq(last)!).entries);
  }
  const ids = new Map<JournalTable, Set<string>>();
  for (const e of entries) {
    const t = e.table_name as JournalTable;
    if (!ids.has(t)) ids.set(t, new Set());
    ids.get(t)!.add(e.row_id);
  }
  const rows = new Map<JournalTable, Record<string, unknown>[]>();
  for (const [t, set] of ids) {
    const list = [...set];
    const got: Record<string, unknown>[] = [];
    for (let i = 0; i < list.length; i += 500) got.push(...(await applied.knex(t).whereIn('id', list.slice(i, i + 500)).select('*')));
    rows.set(t, got);
  }
  return { entries, rows };
}

// ---- main ----------------------------------------------------------------------------

interface ApplyRun { cycleMs: number; rawMs: number; ratio: number }

export interface SyncBenchOptions {
  computers?: number;
  /** Change-log entries each computer's teacher makes (about). */
  changes?: number;
  runs?: number;
  /** The school whose snapshot a new computer bootstraps from; default: `school`'s (the share's own). */
  bootstrapSchool?: string;
  /** Keep the working folder (the share, the computers). */
  keep?: boolean;
  /** Where the working folder goes; default: beside `school`. */
  workDir?: string;
  log?: (line: string) => void;
}

/**
 * The sync's figures on the school in `school` (not changed: the first computer starts
 * from a copy of it).
 */
export async function benchSync(school: string, opts: SyncBenchOptions = {}): Promise<{ result: Record<string, unknown>; figures: Figure[] }> {
  const COMPUTERS = opts.computers ?? 40;
  const CHANGES = opts.changes ?? 500;
  const RUNS = opts.runs ?? 5;
  if (opts.log) log = opts.log;
  const dir = fs.mkdtempSync(path.join(opts.workDir ?? path.dirname(path.resolve(school)), 'journal-bench-sync-'));
  const share = path.join(dir, 'share');
  fs.mkdirSync(share);
  const started = Date.now();
  try {
    // 1. The first computer: the school, its history published, a snapshot.
    const pc0 = path.join(dir, 'pc0.sqlite');
    copyDb(school, pc0);
    let db = await openJournal(pc0);
    const STUDENTS = Number(((await db.knex('student').count('id as n').first()) as { n: number }).n);
    const teachers = await giveTeachersPasswords(db);
    const q2 = await db.knex('period').where({ kind: 'quarter', number: 2 }).first('starts_on') as { starts_on: string };
    // The first cycle of a school's first computer publishes its journal so far (as segments,
    // or as a snapshot by itself); new computers start from a snapshot.
    const first = await syncCycle(db, { share });
    if (!first.ok) throw new Error(`the first cycle failed: ${JSON.stringify(first.errors)}`);
    const hasSnapshot = fs.existsSync(snapshotsDir(share)) && fs.readdirSync(snapshotsDir(share)).some((n) => n.endsWith('.json'));
    if (!hasSnapshot) await publishSnapshot(db, new NodeShareFs(), share, () => new Date());
    const firstSnapshot = (await listSnapshots(new NodeShareFs(), share))[0]!;
    log(`first cycle: ${first.published.entries} entries in ${first.published.segments} segments; a snapshot; ${teachers.length} teachers`);

    // 2. Forty computers, a day of changes each, each publishing.
    const perComputer: (Day & { published: number; bootstrapMs: number })[] = [];
    let measuring = '';
    for (let i = 0; i < COMPUTERS; i++) {
      const file = i === 0 ? pc0 : path.join(dir, `pc${i}.sqlite`);
      let bootstrapMs = 0;
      if (i > 0) {
        [, bootstrapMs] = await timed(() => bootstrap(new NodeShareFs(), share, file));
        db = await openJournal(file);
      }
      const teacher = teachers[i % teachers.length]!;
      const start = addDays(q2.starts_on, 7 * Math.floor(i / teachers.length));
      const day = await teachersDay(db, teacher, start, CHANGES, seeded(1000 + i));
      const pub = await publish(db, new NodeShareFs(), share, () => new Date());
      perComputer.push({ ...day, published: pub.entries, bootstrapMs });
      await db.close();
      if (i === COMPUTERS - 1) measuring = file;
      else removeDb(file);
      if (i % 5 === 4 || i === COMPUTERS - 1) log(`${i + 1} computers: last ${teacher.login}, ${day.entries} entries over ${day.days} day(s), ${day.calls} calls (${day.refused} refused)`);
    }

    // 3. The measuring computer pulls the others' day, against a raw bulk insert; then an idle cycle.
    const template = path.join(dir, 'measuring.sqlite');
    copyDb(measuring, template);
    removeDb(measuring);
    const runs: ApplyRun[] = [];
    let applyReport: CycleReport | null = null;
    let idleReport: CycleReport | null = null;
    let batch: RawBatch | null = null;
    for (let r = 0; r < RUNS; r++) {
      const a = path.join(dir, `apply-${r}.sqlite`);
      const b = path.join(dir, `raw-${r}.sqlite`);
      copyDb(template, a);
      copyDb(template, b);
      const adb = await openJournal(a);
      const [report, cycleMs] = await timed(() => syncCycle(adb, { share }));
      if (!report.ok) throw new Error(`the cycle failed: ${JSON.stringify(report.errors)}`);
      if (r === 0) {
        applyReport = report;
        // Every change made through the service is signed and allowed: anything quarantined
        // here is a fault of the sync or the writer, and the figures below would not be of a day applied.
        if ((report.received?.quarantined ?? 0) > 0) {
          log(`WARNING: ${report.received!.quarantined} change sets quarantined (see sync_quarantine); only ${report.received!.entries} entries applied`);
          const codes = await adb.knex('sync_quarantine').where({ status: 'open' }).groupBy('code', 'message').select('code', 'message', adb.knex.raw('count(*) as n')).limit(10);
          log(`  held: ${JSON.stringify(codes)}`);
        }
        idleReport = await syncCycle(adb, { share });
        batch = await rawBatchOf(share, adb.writer.nodeId, adb);
      }
      await adb.close();
      const rawMs = await rawBulkInsert(b, batch!);
      runs.push({ cycleMs, rawMs, ratio: cycleMs / rawMs });
      log(`apply run ${r + 1}: cycle ${cycleMs.toFixed(0)} ms, raw ${rawMs.toFixed(0)} ms → ${(cycleMs / rawMs).toFixed(2)}`);
      removeDb(a);
      removeDb(b);
    }

    // 4. A new computer from a snapshot: of the share's own school, or of the one given.
    let bootShare = share;
    let manifest = firstSnapshot;
    let BIG_STUDENTS = STUDENTS;
    if (opts.bootstrapSchool) {
      bootShare = path.join(dir, 'share-big');
      fs.mkdirSync(bootShare);
      const big = path.join(dir, 'big.sqlite');
      copyDb(opts.bootstrapSchool, big);
      const bigDb = await openJournal(big);
      BIG_STUDENTS = Number(((await bigDb.knex('student').count('id as n').first()) as { n: number }).n);
      manifest = await publishSnapshot(bigDb, new NodeShareFs(), bootShare, () => new Date());
      await bigDb.close();
      removeDb(big);
    }
    const snapFile = path.join(snapshotsDir(bootShare), manifest.file);
    const boot: number[] = [];
    const copy: number[] = [];
    const copySynced: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const target = path.join(dir, `new-${r}.sqlite`);
      const plain = path.join(dir, `copy-${r}.sqlite`);
      boot.push((await timed(() => bootstrap(new NodeShareFs(), bootShare, target)))[1]);
      copy.push((await timed(() => fs.promises.copyFile(snapFile, plain)))[1]);
      // For information: the copy made durable, as a new computer's database must be.
      const synced = path.join(dir, `copy-synced-${r}.sqlite`);
      copySynced.push((await timed(async () => {
        await fs.promises.copyFile(snapFile, synced);
        const fd = await fs.promises.open(synced, 'r+');
        await fd.sync();
        await fd.close();
      }))[1]);
      log(`bootstrap run ${r + 1}: ${boot[r]!.toFixed(0)} ms vs copyFile ${copy[r]!.toFixed(0)} ms (with fsync ${copySynced[r]!.toFixed(0)} ms)`);
      for (const f of [target, plain, synced]) removeDb(f);
    }

    const cycle = summarize(runs.map((x) => x.cycleMs));
    const raw = summarize(runs.map((x) => x.rawMs));
    const applyRatio = median(runs.map((x) => x.ratio));
    const bootS = summarize(boot);
    const copyS = summarize(copy);
    const bootRatio = median(boot.map((b, i) => b / copy[i]!));
    const published = perComputer.map((c) => c.published);
    const refusals: Record<string, number> = {};
    for (const c of perComputer) for (const [why, n] of Object.entries(c.refusals)) refusals[why] = (refusals[why] ?? 0) + n;
    const result = {
      when: new Date().toISOString(),
      machine: machine(),
      school: { students: STUDENTS, computers: COMPUTERS, teachers: teachers.length, changesPerComputer: { target: CHANGES, min: Math.min(...published), max: Math.max(...published), mean: published.reduce((x, y) => x + y, 0) / published.length },
        serviceCalls: perComputer.reduce((n, c) => n + c.calls, 0), refusedCalls: refusals, schoolDaysPerComputer: { min: Math.min(...perComputer.map((c) => c.days)), max: Math.max(...perComputer.map((c) => c.days)) } },
      apply: {
        entries: applyReport!.received!.entries, segments: applyReport!.received!.segments, peers: applyReport!.received!.peers,
        quarantined: applyReport!.received!.quarantined, conflicts: applyReport!.received!.conflicts, rawRows: batch!.entries.length + [...batch!.rows.values()].reduce((n, r) => n + r.length, 0),
        cycleMs: cycle, rawMs: raw, runs, ratioMedian: applyRatio, target: '≤ 5',
      },
      idle: { listings: idleReport!.listings, applyCycleListings: applyReport!.listings, received: idleReport!.received?.entries ?? 0, target: '< 3' },
      bootstrap: { students: BIG_STUDENTS, snapshotBytes: manifest.size, bootstrapMs: bootS, copyFileMs: copyS, ratioMedian: bootRatio,
        copyFileFsyncMs: summarize(copySynced), ratioToDurableCopyMedian: median(boot.map((b, i) => b / copySynced[i]!)), target: '≤ 3' },
      totalSeconds: (Date.now() - started) / 1000,
    };
    const figures = [
      figure({
        id: 'syncApply', what: `one sync cycle applying a school day of ${COMPUTERS} computers (${result.apply.entries} changes of ${COMPUTERS - 1} others: chains, signatures, rights, merge)`,
        baseline: 'a batched bulk insert of the same change-log and journal rows (multi-row INSERTs, one transaction, plain connection)', statistic: 'median of runs',
        ratio: applyRatio, appMs: cycle.p50, baselineMs: raw.p50, goal: 5, extra: { entries: result.apply.entries, quarantined: result.apply.quarantined, rawRows: result.apply.rawRows, idleListings: result.idle.listings },
      }),
      figure({
        id: 'bootstrap', what: `a new computer from a snapshot of the school (${(manifest.size / 2 ** 20).toFixed(0)} MiB)`,
        baseline: 'fs.copyFile of the same snapshot file', statistic: 'median of runs', ratio: bootRatio, appMs: bootS.p50, baselineMs: copyS.p50, goal: 3,
        extra: { snapshotMiB: Math.round(manifest.size / 2 ** 20), ratioToCopyWithFsync: Number(result.bootstrap.ratioToDurableCopyMedian.toFixed(2)) },
      }),
    ];
    return { result, figures };
  } finally {
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      computers: { type: 'string' }, changes: { type: 'string' }, students: { type: 'string' },
      'big-students': { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean' }, db: { type: 'string' },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-sync-schools-'));
  try {
    let school = values.db;
    let bootstrapSchool: string | undefined;
    if (!school) {
      const students = Number(values.students ?? 600);
      const bigStudents = Number(values['big-students'] ?? 1800);
      school = path.join(dir, 'school.sqlite');
      const [, took] = await timed(() => createDemoFile(school!, { seed: 11, students, startYear: YEAR }));
      log(`demo school of ${students} students in ${(took / 1000).toFixed(1)} s`);
      bootstrapSchool = path.join(dir, 'big.sqlite');
      const [, tookBig] = await timed(() => createDemoFile(bootstrapSchool!, { seed: 12, students: bigStudents, startYear: YEAR }));
      log(`demo school of ${bigStudents} students in ${(tookBig / 1000).toFixed(1)} s`);
    }
    const { result } = await benchSync(school, { computers: num(values.computers), changes: num(values.changes), runs: num(values.runs), keep: values.keep, bootstrapSchool, workDir: dir });
    const out = writeResult('sync', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(table(result as unknown as Parameters<typeof table>[0]));
    console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
  } finally {
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  return summarize(xs).p50;
}

function table(r: {
  school: { computers: number; students: number; changesPerComputer: { mean: number } };
  apply: { entries: number; cycleMs: Summary; rawMs: Summary; ratioMedian: number; quarantined: number };
  idle: { listings: number };
  bootstrap: { students: number; snapshotBytes: number; bootstrapMs: Summary; copyFileMs: Summary; ratioMedian: number };
}): string {
  const f = (x: number) => x.toFixed(0);
  return [
    '',
    '| measure | sync | baseline | ratio (median) | target |',
    '|---|---|---|---|---|',
    `| apply a day of ${r.school.computers - 1} computers (${r.apply.entries} entries, ${r.apply.quarantined} quarantined) | cycle p50 ${f(r.apply.cycleMs.p50)} ms | batched raw bulk insert p50 ${f(r.apply.rawMs.p50)} ms | ${r.apply.ratioMedian.toFixed(2)} | ≤ 5 |`,
    `| idle cycle (nothing new) | ${r.idle.listings} listing(s) | — | — | < 3 |`,
    `| bootstrap, a snapshot of ${r.bootstrap.students} students (${(r.bootstrap.snapshotBytes / 2 ** 20).toFixed(0)} MiB) | p50 ${f(r.bootstrap.bootstrapMs.p50)} ms | copyFile p50 ${f(r.bootstrap.copyFileMs.p50)} ms | ${r.bootstrap.ratioMedian.toFixed(2)} | ≤ 3 |`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
