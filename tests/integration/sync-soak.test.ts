// Issue 12, item 5: a long randomised run of the school's sync, then the checks every run
// must pass. Four computers. Teachers mark and record absences on a small pool of cells,
// so the same cells are edited on several computers (an «Н» here, a mark there); the
// class teacher changes the reasons of absences and her password — sometimes on two
// computers before they sync; new teachers are activated with a code issued on another
// computer; deputies and teachers resolve conflicts. Computers go offline, crash (between
// edits, in the middle of publishing, between publishing and reading), see other
// computers' folders late and in any order, find the share full, read-only or gone, and
// the days pass. At the end, all online and settled:
//   1. every computer holds the same journal;
//   2. every change made on any computer is on every computer, or visible in its
//      quarantine with a code and a reason;
//   3. every field given different values concurrently is a conflict (open or resolved),
//      the same set on every computer;
//   4. no cell is in a state the service forbids (a mark for an absent student, more than
//      two marks) unless that is an open conflict;
//   5. nothing an honest user did through the service is refused as forged or forbidden.
// CI runs a fixed seed; `npm run test:soak` runs 600 steps with a random seed, printed
// first. Any run is replayed with
//   SOAK_SEED=<seed> SOAK_STEPS=<steps> node scripts/run-node-tests.mjs tests/integration/sync-soak.test.ts
// (every computer's clock is a virtual one, a minute further each step, so the clocks,
// and with them who wins, are the same in a replay).
//
// The second part reads the folders of four computers' concurrent work in every order
// (all 24) on fresh computers started from the same snapshot, one folder at a time: the
// same journal, the same conflicts and the same history each time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ROW_CREATED } from '../../db/journal-writer';
import { JOURNAL_FIELDS, type JournalTable } from '../../db/schema';
import { syncCycle, type CycleReport } from '../../db/sync/cycle';
import { isNodeId } from '../../db/sync/layout';
import { sawFn } from '../../db/sync/seen';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap } from '../../db/sync/snapshot';
import type { CallResult } from '../../service/api';
import { verifyStored } from '../../service/auth/credentials';
import { FaultyShareFs } from '../helpers/faulty-share';
import { journalDigest, type Computer, type SchoolNetwork } from '../helpers/school-network';
import { assertConverged, faultyNetwork, lastHlc, openConflicts, restart, seeded, segmentsOf, shuffle, type Cell } from '../helpers/sync-kit';
import { tmpDir } from '../helpers/tmp';

const SEED = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : 20261005;
const STEPS = process.env.SOAK_STEPS ? Number(process.env.SOAK_STEPS) : 150;
assert.ok(Number.isSafeInteger(SEED) && Number.isSafeInteger(STEPS) && STEPS > 0, 'SOAK_SEED and SOAK_STEPS are whole numbers');
const REPLAY = `SOAK_SEED=${SEED} SOAK_STEPS=${STEPS} node scripts/run-node-tests.mjs tests/integration/sync-soak.test.ts`;
const DAY = 86_400_000;
/** How far every computer's clock moves in one step. */
const STEP_MS = 60_000;
const SCHOOL_DAY = '2026-10-05';
/** Quarantine codes that call a change forged or broken (db/sync/state.ts): never right for an honest user's change. */
const FORGERY = ['BAD_SIGNATURE', 'UNSIGNED', 'UNVOUCHED_KEY', 'BROKEN_CHAIN', 'BACKDATED', 'HLC_COLLISION'];

type Result = CallResult<Record<string, unknown>>;

// ---- the journal's cells ----------------------------------------------------------------

/** Cells of a teacher's graded lessons on the school day: `students` of each of the first `lessons` lessons. */
async function lessonCells(db: JournalDb, login: string, lessons: number, students: number, classId?: string): Promise<Cell[]> {
  const teacher = (await db.knex('staff').where({ login }).first('id') as { id: string }).id;
  const q = db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id').join('enrolment as e', 'e.class_id', 'c.id')
    .leftJoin('attendance as at', function () {
      this.on('at.lesson_id', 'l.id').andOn('at.student_id', 'e.student_id');
    })
    .where({ 'a.teacher_id': teacher, 's.graded': 1, 'l.date': SCHOOL_DAY }).whereNull('a.subgroup_id').where('c.grade', '>', 1).whereNull('at.code');
  if (classId) q.where('c.id', classId);
  const rows = await q.orderBy(['l.id', 'e.student_id']).select('l.id as lessonId', 'e.student_id as studentId') as Cell[];
  const byLesson = new Map<string, Cell[]>();
  for (const r of rows) byLesson.set(r.lessonId, [...(byLesson.get(r.lessonId) ?? []), r]);
  return [...byLesson.values()].slice(0, lessons).flatMap((cells) => cells.slice(0, students));
}

const cellKey = (c: Cell) => `${c.lessonId}/${c.studentId}`;

// ---- the checks of the end ----------------------------------------------------------------

interface LogRow {
  hlc: string;
  table_name: string;
  row_id: string;
  field: string;
  base_hlc: string | null;
  new_value: string;
}

/**
 * The fields given different values concurrently (README, "Order and conflicts": two
 * entries of one field, neither made after seeing the other), among the fields changed
 * after `since`, from each row's whole history: `table:row:field`, as sync_conflict names them.
 */
async function contestedFields(db: JournalDb, since: string): Promise<string[]> {
  const rows = await db.knex('change_log').where('hlc', '>', since).distinct('table_name', 'row_id') as { table_name: string; row_id: string }[];
  const out: string[] = [];
  for (const { table_name: table, row_id: rowId } of rows) {
    const fields = JOURNAL_FIELDS[table as JournalTable] as readonly string[] | undefined;
    if (!fields) continue;
    const history = await db.knex('change_log').where({ table_name: table, row_id: rowId }).orderBy('hlc').select('hlc', 'field', 'base_hlc', 'new_value') as LogRow[];
    const values = new Map<string, { hlc: string; saw: (h: string) => boolean; value: string }[]>();
    const changed = new Set<string>();
    for (const h of history) {
      const v: unknown = JSON.parse(h.new_value);
      // A row's creation gives each of its fields a value, made without seeing anything.
      const set = h.field === ROW_CREATED ? Object.entries(v as Record<string, unknown>) : [[h.field, v] as const];
      const saw = h.field === ROW_CREATED ? () => false : sawFn(h.base_hlc);
      for (const [f, fv] of set) {
        if (!fields.includes(f)) continue;
        values.set(f, [...(values.get(f) ?? []), { hlc: h.hlc, saw, value: JSON.stringify(fv) }]);
        if (h.hlc > since) changed.add(f);
      }
    }
    for (const f of changed) {
      const list = values.get(f) ?? [];
      const contested = list.some((x, i) => list.slice(i + 1).some((y) => x.value !== y.value && !x.saw(y.hlc) && !y.saw(x.hlc)));
      if (contested) out.push(`${table}:${rowId}:${f}`);
    }
  }
  return out.sort();
}

/** The conflicts a computer records, all of them: id, the competing clocks, status. */
async function allConflicts(db: JournalDb): Promise<string[]> {
  const rows = await db.knex('sync_conflict').orderBy('id').select('id', 'hlcs', 'status') as { id: string; hlcs: string; status: string }[];
  return rows.map((r) => `${r.id} ${r.hlcs} ${r.status}`);
}

/** Cells in a state the service never allows, and that are not an open conflict. */
async function forbiddenCells(db: JournalDb): Promise<string[]> {
  const out: string[] = [];
  const absentWithMark = await db.knex('mark as m').join('attendance as a', function () {
    this.on('a.lesson_id', 'm.lesson_id').andOn('a.student_id', 'm.student_id');
  }).whereNotNull('m.value').whereIn('a.code', ['Н', 'У', 'Б']).select('m.id', 'm.value', 'a.code') as { id: string; value: string; code: string }[];
  const open = new Set((await db.knex('sync_conflict').where({ status: 'open' }).pluck('id')) as string[]);
  for (const m of absentWithMark) {
    if (!open.has(`rule:absent-mark:${m.id}`)) out.push(`mark ${m.id} = ${m.value} for a student marked «${m.code}», no open conflict`);
  }
  const crowded = await db.knex('mark').whereNotNull('value').groupBy('lesson_id', 'student_id').havingRaw('count(*) > 2').select('lesson_id', 'student_id');
  for (const c of crowded as { lesson_id: string; student_id: string }[]) out.push(`more than two marks in the cell ${c.lesson_id}/${c.student_id}`);
  const slots = await db.knex('mark').whereNotIn('slot', [1, 2]).pluck('id') as string[];
  for (const id of slots) out.push(`mark ${id} in a slot other than 1 or 2`);
  return out;
}

interface QuarantineRow {
  node_id: string;
  file: string;
  code: string;
  message: string;
  status: string;
  payload: string | null;
}

async function quarantineOf(db: JournalDb): Promise<QuarantineRow[]> {
  return db.knex('sync_quarantine').orderBy('id').select('node_id', 'file', 'code', 'message', 'status', 'payload');
}

/** Clocks of the changes a quarantine row holds (a held change set). */
function heldHlcs(q: QuarantineRow): string[] {
  if (!q.payload) return [];
  try {
    return (JSON.parse(q.payload) as { hlc: string }[]).map((e) => e.hlc);
  } catch {
    return [];
  }
}

// ---- the randomised run ---------------------------------------------------------------------

interface Newcomer {
  readonly id: string;
  readonly login: string;
  readonly cells: Cell[];
  code: string | null;
  issuedOn: number | null;
  activations: number;
  /** Failed activations per computer (five in a row would lock the login there). */
  readonly failures: number[];
}

class Soak {
  readonly rnd: () => number;
  step = 0;
  readonly trace: string[] = [];
  /** Every change made through the service during the run: clock → what made it. */
  readonly made = new Map<string, string>();
  readonly counts = new Map<string, number>();
  readonly cells = new Map<string, Cell[]>();
  reasonCells: Cell[] = [];
  readonly newcomers: Newcomer[] = [];
  since = '';
  private readonly offlineUntil: number[];
  /** `i>p`: computer i does not see computer p's folder until that step (a slow share). */
  private readonly lag = new Map<string, number>();
  private virtualMs = 0;
  /** Every password a login has had (the newest first). */
  private readonly passwords = new Map<string, string[]>();
  private callers = 0;
  private passwordsMade = 0;

  constructor(readonly net: SchoolNetwork, readonly seed: number) {
    this.rnd = seeded(seed);
    this.offlineUntil = net.computers.map(() => 0);
  }

  // -- random choices
  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!;
  }

  private between(a: number, b: number): number {
    return a + Math.floor(this.rnd() * (b - a + 1));
  }

  private count(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }

  note(text: string): void {
    this.trace.push(`#${this.step} ${text}`);
  }

  pc(i: number): Computer {
    return this.net.computers[i]!;
  }

  private get indices(): number[] {
    return this.net.computers.map((_, i) => i);
  }

  private online(i: number): boolean {
    return this.offlineUntil[i]! <= this.step;
  }

  private nodeOf(i: number): string {
    return this.pc(i).db.writer.nodeId;
  }

  private share(i: number): FaultyShareFs {
    const s = this.pc(i).fs;
    assert.ok(s instanceof FaultyShareFs);
    return s;
  }

  /** Every computer's clock, and the share's as each sees it, move together (skew stays 0). */
  advance(ms: number): void {
    this.virtualMs += ms;
    for (const i of this.indices) {
      this.pc(i).clockOffsetMs = this.virtualMs;
      this.share(i).shareClockOffsetMs = this.virtualMs;
    }
  }

  // -- setting up
  async prepare(): Promise<void> {
    const db = this.pc(0).db;
    const ct = await db.knex('class as c').join('staff as s', 's.id', 'c.class_teacher_id').where('s.login', 'classteacher').first('c.id') as { id: string };
    this.reasonCells = await lessonCells(db, 'teacher', 1, 2, ct.id);
    assert.equal(this.reasonCells.length, 2, 'the teacher gives a lesson in the class teacher\'s class on the school day');
    const own = await lessonCells(db, 'teacher', 2, 2);
    this.cells.set('teacher', [...new Map([...own, ...this.reasonCells].map((c) => [cellKey(c), c])).values()]);
    this.cells.set('classteacher', await lessonCells(db, 'classteacher', 2, 2));
    // Teachers of the school who have never had an account, with lessons that day.
    const people = await db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id').whereNull('s.password_hash').whereNull('s.public_key')
      .where({ 'r.role': 'teacher', 's.active': 1 }).orderBy('s.login').distinct('s.id', 's.login') as { id: string; login: string }[];
    for (const p of people) {
      if (this.newcomers.length === 2) break;
      const cells = await lessonCells(db, p.login, 1, 2);
      if (cells.length < 2) continue;
      this.newcomers.push({ id: p.id, login: p.login, cells, code: null, issuedOn: null, activations: 0, failures: this.indices.map(() => 0) });
      this.cells.set(p.login, cells);
    }
    assert.equal(this.newcomers.length, 2, 'two teachers without an account teach that day');
    for (const login of ['teacher', 'classteacher', 'deputy', 'admin']) this.passwords.set(login, ['demo']);
    for (const c of this.net.computers) await this.net.signIn(c, 'teacher');
    assert.ok((await this.net.settle()).every((r) => r.ok));
    this.since = await lastHlc(db);
    this.advance(STEP_MS);
  }

  // -- the service, as people use it
  private async call(i: number, caller: string, method: string, args: unknown): Promise<Result> {
    return this.pc(i).host.call(caller, method, args) as Promise<Result>;
  }

  /** Runs `fn` and records the changes it made on computer i as made by `what`. */
  private async tracked<T>(i: number, what: string, fn: () => Promise<T>): Promise<T> {
    const db = this.pc(i).db;
    const before = ((await db.knex('change_log').max('seq as s').first()) as { s: number | null }).s ?? 0;
    try {
      return await fn();
    } finally {
      const rows = await db.knex('change_log').where('seq', '>', before).where({ node_id: db.writer.nodeId }).pluck('hlc') as string[];
      for (const h of rows) this.made.set(h, `#${this.step} ${this.pc(i).name} ${what}`);
    }
  }

  /** The password that opens `login` on computer i now (of all it has had), or null. */
  async passwordOn(i: number, login: string): Promise<string | null> {
    const row = await this.pc(i).db.knex('staff').where({ login }).first('password_hash') as { password_hash: string | null } | undefined;
    for (const p of this.passwords.get(login) ?? []) if (await verifyStored(p, row?.password_hash)) return p;
    return null;
  }

  /** Signs `login` in on computer i with the password that works there (null: no account there yet). */
  async signIn(i: number, login: string): Promise<string | null> {
    const password = await this.passwordOn(i, login);
    if (password === null) return null;
    const caller = `soak:${this.pc(i).name}:${login}:${++this.callers}`;
    const r = await this.tracked(i, `${login} signs in`, () => this.call(i, caller, 'auth.login', { login, password }));
    if (!r.ok) assert.fail(`${this.pc(i).name}: ${login} cannot sign in with the password stored there: ${r.error.code} ${r.error.message}`);
    return caller;
  }

  private freshPassword(): string {
    return `Сосна-${++this.passwordsMade}${this.between(100, 999)}-Ель`;
  }

  /** A call whose refusal (with one of `allowed` codes) is part of the game; anything else fails the run. */
  private async edit(i: number, caller: string, what: string, method: string, args: Record<string, unknown>, allowed: string[]): Promise<boolean> {
    const r = await this.tracked(i, what, () => this.call(i, caller, method, args));
    if (r.ok) {
      this.count(method);
      this.note(`${this.pc(i).name} ${what}`);
      return true;
    }
    if (!allowed.includes(r.error.code)) assert.fail(`${this.pc(i).name} ${what}: ${r.error.code} ${r.error.message}`);
    this.count(`${method} refused`);
    this.note(`${this.pc(i).name} ${what}: refused ${r.error.code}`);
    return false;
  }

  // -- the kinds of step
  async runStep(): Promise<void> {
    this.step++;
    this.advance(STEP_MS);
    const r = this.rnd();
    if (r < 0.36) await this.anEdit();
    else if (r < 0.42) await this.absentHereMarkedThere();
    else if (r < 0.62) await this.sync(this.pick(this.indices));
    else if (r < 0.67) await this.syncAll();
    else if (r < 0.71) this.goOffline();
    else if (r < 0.75) await this.crash();
    else if (r < 0.81) await this.activation();
    else if (r < 0.85) await this.passwordChange();
    else if (r < 0.93) await this.resolve();
    else if (r < 0.97) this.slowFolder();
    else this.daysPass();
  }

  private editors(): string[] {
    return ['teacher', 'teacher', 'classteacher', ...this.newcomers.filter((n) => n.activations > 0).map((n) => n.login)];
  }

  async anEdit(): Promise<void> {
    const i = this.pick(this.indices);
    const login = this.pick(this.editors());
    const caller = await this.signIn(i, login);
    if (!caller) {
      this.note(`${this.pc(i).name} ${login} has no account here yet`);
      return;
    }
    if (login === 'classteacher' && this.chance(0.3)) {
      // R-ROLE-3: the reason of an absence in her class's lesson given by another teacher.
      const cell = this.pick(this.reasonCells);
      const code = this.pick(['Н', 'У', 'Б']);
      await this.edit(i, caller, `classteacher sets the reason ${code} on ${cellKey(cell)}`, 'journal.setAttendance', { ...cell, code }, ['VALIDATION', 'FORBIDDEN']);
      return;
    }
    const cell = this.pick(this.cells.get(login)!);
    const r = this.rnd();
    if (r < 0.42) {
      const value = this.pick(['2', '3', '4', '5']);
      await this.edit(i, caller, `${login} marks ${value} on ${cellKey(cell)}`, 'journal.setMark', { ...cell, value }, ['VALIDATION']);
    } else if (r < 0.52) {
      await this.edit(i, caller, `${login} clears the mark on ${cellKey(cell)}`, 'journal.setMark', { ...cell, value: null }, ['VALIDATION']);
    } else if (r < 0.6) {
      const value = this.pick(['2', '3', '4', '5']);
      await this.edit(i, caller, `${login} marks a second ${value} on ${cellKey(cell)}`, 'journal.setMark', { ...cell, slot: 2, value }, ['VALIDATION']);
    } else if (r < 0.86) {
      const code = this.pick(['Н', 'У', 'Б', 'О', null]);
      await this.edit(i, caller, `${login} sets attendance ${code} on ${cellKey(cell)}`, 'journal.setAttendance', { ...cell, code }, ['VALIDATION']);
    } else {
      const field = this.pick(['topic', 'homework']);
      const text = `${field === 'topic' ? 'Тема' : 'Упражнение'} ${this.between(1, 40)}`;
      await this.edit(i, caller, `${login} writes the ${field} «${text}» of ${cell.lessonId}`, 'journal.setLesson', { lessonId: cell.lessonId, [field]: text }, ['VALIDATION']);
    }
  }

  /** The same student absent on one computer and given a mark on another. */
  async absentHereMarkedThere(): Promise<void> {
    const [x, y] = shuffle(this.indices, this.rnd) as [number, number];
    const cell = this.pick(this.cells.get('teacher')!);
    const value = this.pick(['2', '3', '4', '5']);
    const cx = await this.signIn(x, 'teacher');
    const cy = await this.signIn(y, 'teacher');
    await this.edit(x, cx!, `teacher: Н on ${cellKey(cell)}`, 'journal.setAttendance', { ...cell, code: 'Н' }, ['VALIDATION']);
    await this.edit(y, cy!, `teacher: ${value} on ${cellKey(cell)}`, 'journal.setMark', { ...cell, value }, ['VALIDATION']);
  }

  private lagged(i: number, p: number): boolean {
    return (this.lag.get(`${i}>${p}`) ?? 0) > this.step;
  }

  /**
   * One cycle of computer i: some folders out of its reach (late on the share), the rest
   * listed in a random order; sometimes the share fails or the computer dies in the middle.
   */
  async sync(i: number, hide: readonly number[] = []): Promise<void> {
    if (!this.online(i)) return;
    const fsOf = this.share(i);
    const others = this.indices.filter((p) => p !== i);
    const hidden = new Set(others.filter((p) => hide.includes(p) || this.lagged(i, p) || this.chance(0.25)).map((p) => this.nodeOf(p)));
    const rank = new Map(shuffle(others, this.rnd).map((p, k) => [this.nodeOf(p), k]));
    const listing = (names: string[]) => names.filter((n) => !hidden.has(n)).sort((a, b) => (rank.get(a) ?? 99) - (rank.get(b) ?? 99) || (a < b ? -1 : 1));
    const name = this.pc(i).name;
    const seen = `${others.length - hidden.size}/${others.length} folders`;
    const r = this.rnd();
    try {
      if (r < 0.06) {
        fsOf.fault = this.pick(['full', 'readOnly', 'gone'] as const);
        fsOf.listOrder = listing;
        const report = await this.tracked(i, 'cycle', () => this.net.cycle(this.pc(i)));
        this.count(`cycle, share ${fsOf.fault}`);
        this.note(`${name} cycles, the share ${fsOf.fault}: ${report.errors.map((e) => e.code).join(', ') || 'ok'}`);
      } else if (r < 0.1) {
        // The process dies after one step of publishing (db/sync/publish.ts), then starts again.
        const at = this.pick(['written', 'renamed', 'verified'] as const);
        fsOf.listOrder = listing;
        const c = this.pc(i);
        const outcome = await syncCycle(c.db, {
          share: this.net.share, fs: fsOf, wall: () => Date.now() + c.clockOffsetMs,
          hook: (step) => {
            if (step === at) throw Object.assign(new Error(`the process dies after "${step}"`), { code: 'HOOK_CRASH' });
          },
        }).then(() => 'nothing to publish', (err: Error & { code?: string }) => {
          if (err.code !== 'HOOK_CRASH') throw err;
          return `dies after "${at}"`;
        });
        await restart(this.net, this.pc(i));
        this.count('crash while publishing');
        this.note(`${name} cycles and ${outcome}; restarted`);
      } else if (r < 0.13) {
        // The process dies after publishing, before reading the others.
        fsOf.listOrder = () => {
          throw new Error('the process dies between publishing and reading');
        };
        await assert.rejects(this.tracked(i, 'cycle', () => this.net.cycle(this.pc(i))), /dies between publishing and reading/);
        await restart(this.net, this.pc(i));
        this.count('crash between publish and pull');
        this.note(`${name} publishes and dies before reading; restarted`);
      } else {
        fsOf.listOrder = listing;
        const report = await this.tracked(i, 'cycle', () => this.net.cycle(this.pc(i), this.chance(0.3) ? { maxSegmentsPerPeer: 1 } : {}));
        if (!report.ok) assert.fail(`${name}: a cycle on a working share failed: ${JSON.stringify(report.errors)}`);
        this.count('cycle');
        this.note(`${name} cycles seeing ${seen}: published ${report.published.entries}, received ${report.received?.entries ?? 0}, quarantined ${report.received?.quarantined ?? 0}`);
      }
    } finally {
      const s = this.share(i);
      s.fault = 'none';
      s.listOrder = null;
    }
  }

  async syncAll(): Promise<void> {
    this.note('every computer online cycles');
    for (const i of shuffle(this.indices, this.rnd)) await this.sync(i);
  }

  goOffline(): void {
    const i = this.pick(this.indices);
    this.offlineUntil[i] = this.step + this.between(3, 15);
    this.count('offline');
    this.note(`${this.pc(i).name} offline until #${this.offlineUntil[i]}`);
  }

  async crash(): Promise<void> {
    const i = this.pick(this.indices);
    await restart(this.net, this.pc(i));
    this.count('crash between edits');
    this.note(`${this.pc(i).name} crashes and restarts`);
  }

  /** A folder that computer i sees only much later (a share replicating slowly). */
  slowFolder(i = this.pick(this.indices), p = this.pick(this.indices.filter((x) => x !== i)), steps = this.between(5, 30)): void {
    this.lag.set(`${i}>${p}`, this.step + steps);
    this.count('slow folder');
    this.note(`${this.pc(i).name} will not see ${this.pc(p).name}'s folder until #${this.step + steps}`);
  }

  daysPass(days = this.between(1, 7)): void {
    this.advance(days * DAY);
    this.count('days pass');
    this.note(`${days} day(s) pass`);
  }

  /** The administrator issues a code on one computer; it is used later on another (R-ROLE-6). */
  async activation(): Promise<void> {
    const waiting = this.newcomers.filter((n) => n.code && n.activations === 0);
    const fresh = this.newcomers.filter((n) => !n.code);
    if (waiting.length > 0 && (fresh.length === 0 || this.chance(0.7))) return this.activate(this.pick(waiting));
    if (fresh.length > 0) return this.issue(this.pick(fresh));
    // The same code used on a second computer before the first activation reached it.
    const n = this.pick(this.newcomers);
    for (const i of shuffle(this.indices, this.rnd)) {
      const row = await this.pc(i).db.knex('staff').where({ id: n.id }).first('activation_hash') as { activation_hash: string | null };
      if (row.activation_hash && n.failures[i]! < 3) return this.activate(n, i);
    }
  }

  private async issue(n: Newcomer): Promise<void> {
    const x = this.pick(this.indices);
    const admin = await this.signIn(x, 'admin');
    const r = await this.tracked(x, `admin issues a code for ${n.login}`, () => this.call(x, admin!, 'staff.issueActivation', { staffId: n.id }));
    if (!r.ok) assert.fail(`${this.pc(x).name} staff.issueActivation: ${r.error.code} ${r.error.message}`);
    n.code = (r.value as { code: string }).code;
    n.issuedOn = x;
    this.count('code issued');
    this.note(`${this.pc(x).name} admin issues a code for ${n.login}`);
    // The author's key arrives a week later: a computer that will see the code's folder only then.
    if (this.chance(0.5)) {
      this.slowFolder(this.pick(this.indices.filter((i) => i !== x)), x, this.between(15, 40));
      this.daysPass(7);
    }
  }

  private async activate(n: Newcomer, at?: number): Promise<void> {
    const choices = this.indices.filter((i) => n.failures[i]! < 3);
    if (choices.length === 0) return;
    const y = at ?? this.pick(choices);
    const password = this.freshPassword();
    const r = await this.tracked(y, `${n.login} activates`, () => this.call(y, `act:${n.login}:${++this.callers}`, 'auth.activate', { login: n.login, code: n.code, newPassword: password }));
    if (r.ok) {
      n.activations++;
      this.passwords.set(n.login, [password, ...(this.passwords.get(n.login) ?? [])]);
      this.count(n.activations > 1 ? 'second activation with the same code' : 'activation');
      this.note(`${this.pc(y).name} ${n.login} activates the account (code from ${this.pc(n.issuedOn!).name})`);
      return;
    }
    if (r.error.code !== 'BAD_CREDENTIALS') assert.fail(`${this.pc(y).name} auth.activate ${n.login}: ${r.error.code} ${r.error.message}`);
    n.failures[y]!++;
    this.count('activation before the code arrived');
    this.note(`${this.pc(y).name} ${n.login} tries the code before it arrived there: ${r.error.code}`);
  }

  /** The class teacher changes her password, sometimes on two computers before they sync. */
  async passwordChange(): Promise<void> {
    const places = shuffle(this.indices, this.rnd).slice(0, this.chance(0.5) ? 2 : 1);
    for (const i of places) {
      const old = await this.passwordOn(i, 'classteacher');
      const caller = await this.signIn(i, 'classteacher');
      const password = this.freshPassword();
      const r = await this.tracked(i, 'classteacher changes her password', () => this.call(i, caller!, 'auth.changePassword', { oldPassword: old, newPassword: password }));
      if (!r.ok) assert.fail(`${this.pc(i).name} auth.changePassword: ${r.error.code} ${r.error.message}`);
      this.passwords.set('classteacher', [password, ...this.passwords.get('classteacher')!]);
      this.count(places.length > 1 ? 'password changed on two computers' : 'password changed');
      this.note(`${this.pc(i).name} classteacher changes her password`);
    }
  }

  /**
   * A deputy (or the lesson's teacher, or the administrator for an account's fields)
   * resolves an open conflict; sometimes the decision reaches another computer before the
   * changes it decides between.
   */
  async resolve(): Promise<void> {
    const i = this.pick(this.indices);
    const who = this.pick(['deputy', 'deputy', 'teacher', 'admin']);
    const caller = await this.signIn(i, who);
    const listed = await this.call(i, caller!, 'sync.conflicts', { status: 'open' });
    assert.ok(listed.ok);
    type View = { id: string; table: string; values: { hlc: string; value: unknown; nodeId: string }[] };
    // The administrator keeps accounts; deputies and teachers the journal (db/rules/book.ts).
    const open = (listed.value as unknown as View[]).filter((c) => (who === 'admin') === (c.table === 'staff')).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (open.length === 0) {
      this.note(`${this.pc(i).name} ${who}: no open conflict to resolve`);
      return;
    }
    const conflict = this.pick(open);
    const chosen = this.pick(conflict.values);
    const ok = await this.edit(i, caller!, `${who} resolves ${conflict.id} keeping ${JSON.stringify(chosen.value)}`, 'sync.resolveConflict', { id: conflict.id, hlc: chosen.hlc }, ['CONFLICT']);
    if (ok && this.chance(0.5)) {
      // The decision reaches another computer before the changes it decides between.
      const z = this.pick(this.indices.filter((x) => x !== i));
      const sources = this.indices.filter((p) => p !== i && p !== z && conflict.values.some((v) => v.nodeId === this.nodeOf(p)));
      this.note(`the decision travels first: ${this.pc(i).name} publishes, ${this.pc(z).name} reads it without ${sources.map((p) => this.pc(p).name).join(', ') || 'nothing hidden'}`);
      await this.sync(i);
      await this.sync(z, sources);
    }
  }

  // -- the end
  /** Cycles every computer until nothing moves; every cycle must succeed. */
  async settle(): Promise<void> {
    for (let round = 0; round < 12; round++) {
      this.advance(STEP_MS);
      const reports: CycleReport[] = await this.net.settle(8);
      const failed = reports.filter((r) => !r.ok);
      assert.deepEqual(failed.map((r) => r.errors), [], 'every cycle succeeds once all are online');
      if (reports.every((r) => r.published.entries === 0 && (r.received?.entries ?? 0) === 0)) return;
    }
    assert.fail('the computers do not settle: changes keep moving after 12 rounds');
  }

  async finish(): Promise<void> {
    this.note('all online; the slow folders arrive; the share works');
    this.offlineUntil.fill(0);
    this.lag.clear();
    await this.settle();
    // Everyone signs in everywhere with the password that won: it opens a trusted key.
    const logins = ['teacher', 'classteacher', 'deputy', 'admin', ...this.newcomers.filter((n) => n.activations > 0).map((n) => n.login)];
    for (const login of logins) {
      const winners = new Set<string | null>();
      for (const i of this.indices) {
        winners.add(await this.passwordOn(i, login));
        const caller = await this.signIn(i, login);
        assert.ok(caller, `${this.pc(i).name}: ${login} signs in`);
        const id = (await this.pc(i).db.knex('staff').where({ login }).first('id') as { id: string }).id;
        assert.ok(this.pc(i).db.writer.signingKeyOf(id), `${this.pc(i).name}: ${login}'s password opens a key to sign with`);
      }
      assert.equal(winners.size, 1, `${login}: the same password on every computer`);
    }
    await this.settle();
  }

  /** The five checks of the issue. */
  async check(): Promise<void> {
    const computers = this.net.computers;
    // 5. Nothing an honest user did is refused as forged, nor left refused for want of rights.
    for (const c of computers) {
      const q = await quarantineOf(c.db);
      const forged = q.filter((x) => FORGERY.includes(x.code));
      assert.deepEqual(forged.map((x) => `${x.code} ${x.file}: ${x.message}`), [], `${c.name}: honest changes refused as forged`);
      const forbidden = q.filter((x) => x.code === 'FORBIDDEN' && x.status === 'open');
      assert.deepEqual(forbidden.map((x) => `${x.file}: ${x.message} [${heldHlcs(x).map((h) => this.made.get(h) ?? h).join('; ')}]`), [], `${c.name}: honest changes refused for want of rights`);
      for (const x of q.filter((y) => y.status === 'open')) assert.ok(x.code && x.message, `${c.name}: a held change shows its reason`);
    }
    // 2. Every change made is on every computer, or held there with its reason.
    const logs = await Promise.all(computers.map(async (c) => new Set(await c.db.knex('change_log').where('hlc', '>', this.since).pluck('hlc') as string[])));
    const held = await Promise.all(computers.map(async (c) => {
      const m = new Map<string, string>();
      for (const q of await quarantineOf(c.db)) if (q.status === 'open') for (const h of heldHlcs(q)) m.set(h, `${q.code}: ${q.message}`);
      return m;
    }));
    const lost: string[] = [];
    const waiting: string[] = [];
    for (const [hlc, what] of this.made) {
      computers.forEach((c, k) => {
        if (logs[k]!.has(hlc)) return;
        if (held[k]!.has(hlc)) waiting.push(`${c.name} holds ${what} (${hlc}): ${held[k]!.get(hlc)}`);
        else lost.push(`${c.name} lacks ${what} (${hlc})`);
      });
    }
    assert.deepEqual(lost, [], 'every change made is on every computer or visible in its quarantine');
    assert.deepEqual(waiting, [], 'with every computer online and settled, nothing still waits');
    // 1. The same journal, every change everywhere, the same open conflicts.
    await assertConverged(this.net, this.since);
    // 3. Every contested field is a conflict, the same on every computer.
    const first = computers[0]!;
    const expected = await contestedFields(first.db, this.since);
    const reference = await allConflicts(first.db);
    for (const c of computers) {
      assert.deepEqual(await contestedFields(c.db, this.since), expected, `${c.name}: the same contested fields`);
      const recorded = (await c.db.knex('sync_conflict').whereNot('id', 'like', 'rule:%').pluck('id') as string[]).sort();
      assert.deepEqual(expected.filter((id) => !recorded.includes(id)), [], `${c.name}: every field given different values concurrently is a conflict`);
      assert.deepEqual(recorded.filter((id) => !expected.includes(id)), [], `${c.name}: no conflict where nothing was contested`);
      const fieldConflicts = (list: string[]) => list.filter((x) => !x.startsWith('rule:'));
      assert.deepEqual(fieldConflicts(await allConflicts(c.db)), fieldConflicts(reference), `${c.name}: the same conflicts, open and resolved, as ${first.name}`);
    }
    // 4. No cell in a state the service forbids, unless it is an open conflict.
    for (const c of computers) assert.deepEqual(await forbiddenCells(c.db), [], `${c.name}: cells the service forbids`);
  }

  /** The run's summary, printed with the result. */
  async summary(): Promise<string> {
    const db = this.pc(0).db;
    const conflicts = await db.knex('sync_conflict').select('id', 'status') as { id: string; status: string }[];
    const byKind = (rule: boolean, status: string) => conflicts.filter((c) => c.id.startsWith('rule:') === rule && c.status === status).length;
    const quarantine = (await Promise.all(this.net.computers.map((c) => quarantineOf(c.db)))).flat();
    const codes = new Map<string, number>();
    for (const q of quarantine) codes.set(`${q.code} (${q.status})`, (codes.get(`${q.code} (${q.status})`) ?? 0) + 1);
    return [
      `sync soak: seed ${this.seed}, ${this.step} steps, ${this.made.size} changes made`,
      `  steps: ${[...this.counts].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  conflicts: fields ${byKind(false, 'open')} open / ${byKind(false, 'resolved')} resolved; rules ${byKind(true, 'open')} open / ${byKind(true, 'resolved')} resolved`,
      `  quarantine seen on the way (all computers): ${[...codes].sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    ].join('\n');
  }

  /** A failure with what is needed to replay it. */
  explain(err: unknown): Error {
    const file = path.join(os.tmpdir(), `sync-soak-${this.seed}.log`);
    fs.writeFileSync(file, `${this.trace.join('\n')}\n`);
    const message = (err as Error)?.message ?? String(err);
    return new Error(`sync soak failed — seed ${this.seed}, ${STEPS} steps (at step ${this.step}); replay: ${REPLAY}\n${message}\n`
      + `last steps (the whole run: ${file}):\n${this.trace.slice(-40).join('\n')}`, { cause: err });
  }
}

describe(`a long randomised run of four computers (seed ${SEED}, ${STEPS} steps)`, () => {
  let net: SchoolNetwork;
  before(async () => {
    console.log(`sync soak: seed ${SEED}, ${STEPS} steps — replay: ${REPLAY}`);
    net = await faultyNetwork(4, 7);
  });
  after(async () => net.close());

  it('ends with one journal, every change applied or held with its reason, every contested field a conflict, no forbidden cell', async () => {
    const soak = new Soak(net, SEED);
    try {
      await soak.prepare();
      while (soak.step < STEPS) await soak.runStep();
      await soak.finish();
      await soak.check();
    } catch (err) {
      throw soak.explain(err);
    }
    console.log(await soak.summary());
  });
});

// ---- every order of four folders ------------------------------------------------------------

function permutations<T>(list: readonly T[]): T[][] {
  if (list.length <= 1) return [[...list]];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [x, ...rest]));
}

interface Reading {
  order: string;
  digest: Record<string, string>;
  open: string[];
  conflicts: string[];
  history: string[];
  held: string[];
}

describe('folders read in every order: the same journal, conflicts and history (all 24 orders of four computers)', () => {
  let net: SchoolNetwork;
  let since: string;
  let published: string[];
  let reference: Reading | null = null;
  const names = ['A', 'B', 'C', 'D'];

  before(async () => {
    net = await faultyNetwork(4, 8);
    const [a, b, c, d] = net.computers as [Computer, Computer, Computer, Computer];
    const db = a.db;
    const ct = await db.knex('class as k').join('staff as s', 's.id', 'k.class_teacher_id').where('s.login', 'classteacher').first('k.id') as { id: string };
    const [reason] = await lessonCells(db, 'teacher', 1, 1, ct.id);
    const [c1, c2, c3] = await lessonCells(db, 'teacher', 2, 2);
    const [own] = await lessonCells(db, 'classteacher', 1, 1);
    const person = await db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id').whereNull('s.password_hash').whereNull('s.public_key')
      .where({ 'r.role': 'teacher', 's.active': 1 }).orderBy('s.login').distinct('s.id', 's.login') as { id: string; login: string }[];
    let newcomer: { id: string; login: string; cell: Cell } | null = null;
    for (const p of person) {
      const [cell] = await lessonCells(db, p.login, 1, 1);
      if (cell) {
        newcomer = { ...p, cell };
        break;
      }
    }
    assert.ok(reason && c1 && c2 && c3 && own && newcomer, 'the demo school has the cells and the newcomer this needs');
    const ok = async (pc: Computer, login: string, method: string, args: unknown, password = 'demo') => {
      const caller = `${pc.name}:${login}:${Math.random()}`;
      assert.ok((await pc.host.call(caller, 'auth.login', { login, password })).ok, `${pc.name}: ${login} signs in`);
      return net.call<Record<string, unknown>>(pc, caller, method, args);
    };
    since = await lastHlc(db);

    // Synced: the teacher marks a student absent (A); the administrator issues a code (C).
    await ok(a, 'teacher', 'journal.setAttendance', { ...reason, code: 'Н' });
    const { code } = await ok(c, 'admin', 'staff.issueActivation', { staffId: newcomer.id }) as { code: string };
    assert.ok((await net.settle()).every((r) => r.ok));
    // A conflict (A: 3, B: 5) that a deputy on D resolves.
    await ok(a, 'teacher', 'journal.setMark', { ...c1, value: '3' });
    await ok(b, 'teacher', 'journal.setMark', { ...c1, value: '5' });
    for (const pc of [a, b, d]) assert.ok((await net.cycle(pc)).ok);
    const dep = `d:deputy:${Math.random()}`;
    assert.ok((await d.host.call(dep, 'auth.login', { login: 'deputy', password: 'demo' })).ok);
    const [conflict] = await net.call<{ id: string; values: { hlc: string; value: unknown }[] }[]>(d, dep, 'sync.conflicts', { status: 'open' });
    assert.ok(conflict, 'D sees the conflict');
    await net.call(d, dep, 'sync.resolveConflict', { id: conflict.id, hlc: conflict.values.find((v) => v.value === '5')!.hlc });

    // Offline, all four at once.
    await ok(a, 'teacher', 'journal.setMark', { ...c2, value: '4' });
    await ok(a, 'teacher', 'journal.setAttendance', { ...c3, code: 'Н' });
    await ok(a, 'teacher', 'journal.setAttendance', { ...reason, code: null });
    await ok(a, 'teacher', 'journal.setLesson', { lessonId: c2.lessonId, topic: 'Тема с компьютера A' });
    await ok(b, 'teacher', 'journal.setMark', { ...c2, value: '2' });
    await ok(b, 'classteacher', 'journal.setAttendance', { ...reason, code: 'У' });
    const activated = await b.host.call('newcomer', 'auth.activate', { login: newcomer.login, code, newPassword: 'Берёза-у-реки-31' });
    assert.ok(activated.ok, JSON.stringify(activated));
    await net.call(b, 'newcomer', 'journal.setMark', { ...newcomer.cell, value: '5' });
    await ok(c, 'teacher', 'journal.setMark', { ...c3, value: '5' });
    await ok(c, 'classteacher', 'auth.changePassword', { oldPassword: 'demo', newPassword: 'Липа-во-дворе-12' });
    await ok(c, 'teacher', 'journal.setLesson', { lessonId: c2.lessonId, topic: 'Тема с компьютера C' });
    await ok(d, 'classteacher', 'auth.changePassword', { oldPassword: 'demo', newPassword: 'Клён-у-школы-45' });
    await ok(d, 'teacher', 'journal.setMark', { ...c2, value: '5' });
    await ok(d, 'classteacher', 'journal.setMark', { ...own, value: '4' }, 'Клён-у-школы-45');
    // Each publishes without reading the others.
    for (const pc of net.computers) {
      const s = pc.fs as FaultyShareFs;
      s.listOrder = (list) => list.filter((n) => !isNodeId(n));
      try {
        assert.ok((await net.cycle(pc)).ok);
      } finally {
        s.listOrder = null;
      }
    }
    published = net.computers.flatMap((pc) => segmentsOf(net.share, pc.db.writer.nodeId).flatMap((s) => s.entries.map((e) => e.hlc))).filter((h) => h > since).sort();
  });
  after(async () => net.close());

  /** A new computer started from the school's first snapshot, reading the folders in `order`, one at a time, then all. */
  async function readInOrder(order: number[]): Promise<Reading> {
    const file = path.join(tmpDir(), 'reader.sqlite');
    await bootstrap(new NodeShareFs(), net.share, file);
    const db = await openJournal(file, { wall: () => Date.now() });
    const share = new FaultyShareFs();
    const nodes = net.computers.map((pc) => pc.db.writer.nodeId);
    const cycle = async (visible: readonly string[]) => {
      share.listOrder = (list) => list.filter((n) => !isNodeId(n) || visible.includes(n));
      const r = await syncCycle(db, { share: net.share, fs: share, wall: () => Date.now() });
      assert.ok(r.ok, JSON.stringify(r.errors));
      return r;
    };
    try {
      for (const k of order) await cycle([nodes[k]!]);
      for (let round = 0; round < 6; round++) {
        const r = await cycle(nodes);
        if ((r.received?.entries ?? 0) === 0 && r.published.entries === 0) break;
      }
      const held = (await quarantineOf(db)).filter((q) => q.status === 'open').map((q) => `${q.code} ${q.file}: ${q.message}`);
      return {
        order: order.map((k) => names[k]).join(''),
        digest: await journalDigest(db),
        open: await openConflicts(db),
        conflicts: await allConflicts(db),
        history: (await db.knex('change_log').orderBy('hlc').pluck('hlc')) as string[],
        held,
      };
    } finally {
      await db.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }

  it('the four computers\' folders hold every kind of fault of the issue', () => {
    assert.ok(published.length >= 15, `${published.length} changes published`);
  });

  for (const order of permutations([0, 1, 2, 3])) {
    it(`reads ${order.map((k) => names[k]).join(' → ')}`, async () => {
      const x = await readInOrder(order);
      reference ??= x;
      // Every difference at once: one order's failure shows all that went wrong in it.
      const problems: string[] = [];
      const same = (what: string, a: unknown, b: unknown) => {
        if (!isDeepStrictEqual(a, b)) problems.push(`${what} differs from ${reference!.order}'s`);
      };
      const have = new Set(x.history);
      const missing = published.filter((h) => !have.has(h));
      if (missing.length > 0) problems.push(`${missing.length} published change(s) not applied: ${missing.join(', ')}`);
      for (const h of x.held) problems.push(`left held: ${h}`);
      same('the history', x.history, reference.history);
      same('the journal', x.digest, reference.digest);
      same('the open conflicts', x.open, reference.open);
      same('the conflicts, open and resolved,', x.conflicts, reference.conflicts);
      assert.deepEqual(problems, [], `read in the order ${x.order}`);
    });
  }

  it('the four computers themselves end with the same journal and conflicts as every reader', async () => {
    assert.ok((await net.settle(8)).every((r) => r.ok));
    await assertConverged(net, since);
    if (reference) {
      for (const pc of net.computers) {
        assert.deepEqual(await journalDigest(pc.db), reference.digest, `${pc.name}: the readers' journal`);
        assert.deepEqual(await openConflicts(pc.db), reference.open, `${pc.name}: the readers' open conflicts`);
      }
    }
  });
});
