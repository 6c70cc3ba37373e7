// Issue 12: sync that never loses or hides a change. Computers edit offline, as a school
// does; whatever order the share lists its folders in, every computer ends with the same
// journal, conflicts stay open until a person decides, a decision that arrives before its
// conflict waits for it, and a merged journal obeys the rules each computer enforces alone.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { nodeDir, nodesDir } from '../../db/sync/layout';
import type { Computer, SchoolNetwork } from '../helpers/school-network';
import { assertConverged, cellsOf, faultyNetwork, lastHlc, markOf, openConflicts, quarantined, setMark } from '../helpers/sync-kit';

interface ConflictView {
  id: string;
  status: string;
  current: unknown;
  values: { hlc: string; value: unknown; nodeId: string }[];
  rule: { message: string; labels: Record<string, string> } | null;
}

async function conflictsOn(net: SchoolNetwork, c: Computer, login: string, status: 'open' | 'all' = 'open'): Promise<ConflictView[]> {
  const caller = await net.signIn(c, login);
  return net.call<ConflictView[]>(c, caller, 'sync.conflicts', { status });
}

/**
 * A network of `count` computers for one describe block (its before/after), every computer
 * having seen `login` sign in and synced once; the returned function gives it to the tests.
 */
function networkFor(count: number, seed: number, login: string): () => SchoolNetwork {
  let net: SchoolNetwork;
  before(async () => {
    net = await faultyNetwork(count, seed);
    for (const c of net.computers) await net.signIn(c, login);
    await net.settle();
  });
  after(async () => net.close());
  return () => net;
}

/** Cycles `c` while the folders of `hidden` are out of its reach (a share listing them late). */
async function cycleWithout(net: SchoolNetwork, c: Computer, hidden: Computer[]): Promise<void> {
  const moved: [string, string][] = hidden.map((h) => [nodeDir(net.share, h.db.writer.nodeId), `${nodesDir(net.share)}/hidden-${randomBytes(3).toString('hex')}`]);
  for (const [from, to] of moved) fs.renameSync(from, to);
  try {
    assert.ok((await net.cycle(c)).ok);
  } finally {
    for (const [from, to] of moved) fs.renameSync(to, from);
  }
}

describe('a conflict stays open until a person decides', () => {
  const shared = networkFor(2, 31, 'teacher');

  it('an author\'s later offline edit does not close it; it offers every concurrent value, not the author\'s replaced one', async () => {
    const net = shared();
    const [a, b] = net.computers as [Computer, Computer];
    const since = await lastHlc(a.db);
    const [cell] = await cellsOf(a, 'teacher', 1);
    const ta = await net.signIn(a, 'teacher');
    const tb = await net.signIn(b, 'teacher');
    // B's 3 is clocked before A's first edit; A then changes its own 4 to 5, offline.
    await setMark(net, b, tb, cell!, '3');
    await setMark(net, a, ta, cell!, '4');
    await setMark(net, a, ta, cell!, '5');
    assert.ok((await net.settle()).every((r) => r.ok));
    for (const c of net.computers) {
      const open = await conflictsOn(net, c, 'deputy');
      assert.equal(open.length, 1, `${c.name}: the conflict is open`);
      assert.deepEqual(open[0]!.values.map((v) => v.value).sort(), ['3', '5'], `${c.name}: both concurrent values, not A's replaced 4`);
    }
    // The teacher keeps B's value; every computer settles it.
    const view = (await conflictsOn(net, a, 'teacher'))[0]!;
    const three = view.values.find((v) => v.value === '3')!;
    await net.call(a, ta, 'sync.resolveConflict', { id: view.id, hlc: three.hlc });
    await net.settle();
    for (const c of net.computers) {
      assert.deepEqual(await openConflicts(c.db), [], `${c.name}: resolved`);
      assert.equal(await markOf(c, cell!), '3');
    }
    await assertConverged(net, since);
  });
});

describe('a decision that arrives before its conflict waits for it', () => {
  const shared = networkFor(4, 32, 'teacher');

  it('a deputy\'s resolution read before the conflicting changes waits, then settles the conflict on that computer too', async () => {
    const net = shared();
    const [a, b, c, d] = net.computers as [Computer, Computer, Computer, Computer];
    const since = await lastHlc(a.db);
    const [cell] = await cellsOf(a, 'teacher', 1);
    await setMark(net, a, await net.signIn(a, 'teacher'), cell!, '4');
    await setMark(net, b, await net.signIn(b, 'teacher'), cell!, '2');
    assert.ok((await net.cycle(a)).ok);
    assert.ok((await net.cycle(b)).ok);
    assert.ok((await net.cycle(c)).ok);
    const [conflict] = await conflictsOn(net, c, 'deputy');
    assert.ok(conflict, 'C sees the conflict');
    // The administrator reads a mark's conflict but does not settle it: marks are not theirs (R-ROLE-6).
    const admin = await net.signIn(c, 'admin');
    const [seen] = await net.call<{ id: string; canResolve: boolean }[]>(c, admin, 'sync.conflicts', {});
    assert.deepEqual([seen?.id, seen?.canResolve], [conflict.id, false]);
    const byAdmin = await c.host.call(admin, 'sync.resolveConflict', { id: conflict.id, hlc: conflict.values[0]!.hlc });
    assert.equal(byAdmin.ok ? '' : byAdmin.error.code, 'FORBIDDEN');
    const dep = await net.signIn(c, 'deputy');
    await net.call(c, dep, 'sync.resolveConflict', { id: conflict.id, hlc: conflict.values.find((v) => v.value === '4')!.hlc });
    assert.ok((await net.cycle(c)).ok);

    // D reads C's folder while A's and B's are out of its reach.
    await cycleWithout(net, d, [a, b]);
    const waiting = (await quarantined(d.db)).filter((q) => q.node_id === c.db.writer.nodeId);
    assert.deepEqual(waiting.map((q) => q.code), ['WAITING'], 'the resolution waits, it is not refused');
    assert.ok((await net.settle()).every((r) => r.ok));
    for (const pc of net.computers) {
      assert.deepEqual(await openConflicts(pc.db), [], `${pc.name}: no open conflict`);
      assert.equal(await markOf(pc, cell!), '4', `${pc.name}: the deputy's choice`);
      assert.deepEqual((await quarantined(pc.db)).map((q) => q.code), [], `${pc.name}: nothing left waiting`);
    }
    await assertConverged(net, since);
  });
});

describe('a merged journal obeys the journal\'s own rules (merge rules)', () => {
  const shared = networkFor(2, 33, 'teacher');

  it('absent (Н) on one computer and a 5 on another become a conflict with a one-click way out, settled everywhere', async () => {
    const net = shared();
    const [a, b] = net.computers as [Computer, Computer];
    const since = await lastHlc(a.db);
    const [cell] = await cellsOf(a, 'teacher', 1);
    const ta = await net.signIn(a, 'teacher');
    const tb = await net.signIn(b, 'teacher');
    if ((await markOf(a, cell!)) !== null) {
      await setMark(net, a, ta, cell!, null);
      await net.settle();
    }
    await net.call(a, ta, 'journal.setAttendance', { lessonId: cell!.lessonId, studentId: cell!.studentId, code: 'Н' });
    await setMark(net, b, tb, cell!, '5');
    assert.ok((await net.settle()).every((r) => r.ok));
    for (const c of net.computers) {
      const open = (await conflictsOn(net, c, 'teacher')).filter((x) => x.rule);
      assert.equal(open.length, 1, `${c.name}: the merged state is a conflict, not a silent forbidden state`);
      assert.match(open[0]!.rule!.message, /отсутствовавш/);
      assert.deepEqual(open[0]!.values.map((v) => v.value).sort(), ['5', 'Н']);
    }
    // The teacher keeps the absence: the mark is taken off, on every computer.
    const view = (await conflictsOn(net, b, 'teacher')).find((x) => x.rule)!;
    const keepAbsent = view.values.find((v) => v.value === 'Н')!;
    assert.match(view.rule!.labels[keepAbsent.hlc]!, /оставить «Н»/);
    await net.call(b, tb, 'sync.resolveConflict', { id: view.id, hlc: keepAbsent.hlc });
    assert.ok((await net.settle()).every((r) => r.ok));
    for (const c of net.computers) {
      assert.deepEqual(await openConflicts(c.db), [], `${c.name}: settled`);
      assert.equal(await markOf(c, cell!), null, `${c.name}: no mark for an absent student`);
      const att = await c.db.knex('attendance').where({ lesson_id: cell!.lessonId, student_id: cell!.studentId }).first('code') as { code: string };
      assert.equal(att.code, 'Н');
    }
    // The cell is usable again: the teacher clears the absence and marks the student.
    await net.call(a, ta, 'journal.setAttendance', { lessonId: cell!.lessonId, studentId: cell!.studentId, code: null });
    await setMark(net, a, ta, cell!, '4');
    await net.settle();
    await assertConverged(net, since);
  });
});

describe('a password changed on two computers before they synced', () => {
  const shared = networkFor(2, 34, 'classteacher');

  it('ends with one password on every computer, under which the same trusted key opens; both changes in the history', async () => {
    const net = shared();
    const [a, b] = net.computers as [Computer, Computer];
    const since = await lastHlc(a.db);
    const key = (await a.db.knex('staff').where({ login: 'classteacher' }).first('public_key')).public_key as string;
    const ca = await net.signIn(a, 'classteacher');
    const cb = await net.signIn(b, 'classteacher');
    await net.call(a, ca, 'auth.changePassword', { oldPassword: 'demo', newPassword: 'Сирень-у-окна-17' });
    await net.call(b, cb, 'auth.changePassword', { oldPassword: 'demo', newPassword: 'Каштан-во-дворе-23' });
    assert.ok((await net.settle()).every((r) => r.ok));
    const winners: string[] = [];
    for (const c of net.computers) {
      assert.equal((await c.db.knex('staff').where({ login: 'classteacher' }).first('public_key')).public_key, key, `${c.name}: the key stays the same`);
      const ok = [];
      for (const pw of ['Сирень-у-окна-17', 'Каштан-во-дворе-23']) {
        const r = await c.host.call(`try:${c.name}:${pw}`, 'auth.login', { login: 'classteacher', password: pw });
        if (r.ok) ok.push(pw);
      }
      assert.equal(ok.length, 1, `${c.name}: exactly one of the two passwords works`);
      winners.push(ok[0]!);
    }
    assert.equal(winners[0], winners[1], 'the same password on every computer');
    // Signed in with it, the user's changes are signed with the trusted key and taken everywhere.
    const t = await net.signIn(a, 'classteacher').catch(() => null);
    assert.equal(t, null, 'the old password no longer works');
    const caller = `again:${Math.random()}`;
    assert.ok((await a.host.call(caller, 'auth.login', { login: 'classteacher', password: winners[0] })).ok);
    const [cell] = await cellsOf(a, 'classteacher', 1);
    await setMark(net, a, caller, cell!, (await markOf(a, cell!)) === '5' ? '4' : '5');
    assert.ok((await net.settle()).every((r) => r.ok));
    for (const c of net.computers) assert.deepEqual((await quarantined(c.db)).map((q) => q.code), [], `${c.name}: nothing refused or waiting`);
    await assertConverged(net, since);
  });
});

describe('numbers that must be unique stay unique', () => {
  const shared = networkFor(2, 35, 'deputy');

  it('two offices write the log of strict-accountability documents offline: the book numbers every entry once, the same everywhere, the number on paper beside', async () => {
    const net = shared();
    const [a, b] = net.computers as [Computer, Computer];
    const since = await lastHlc(a.db);
    const deputy = (await a.db.knex('staff').where({ login: 'deputy' }).first('id')).id as string;
    const secretary = (await a.db.knex('staff').where({ login: 'secretary' }).first('id')).id as string;
    const cls = await a.db.knex('class').orderBy('name').limit(4).pluck('id') as string[];
    const period = (await a.db.knex('period').where({ kind: 'quarter', number: 1 }).first('id')).id as string;
    // Each computer numbers from what it has, as the handover does (service/methods/campaign.ts).
    const handOver = async (c: Computer, classId: string, at: string) => {
      const last = await c.db.knex('strict_document_log').max('entry_no as n').first() as { n: number | null };
      await c.db.writer.write({ userId: deputy }, [{
        table: 'strict_document_log', id: `log-${c.name}-${classId}`, set: {
          entry_no: Number(last.n ?? 0) + 1, entered_at: at, document: `Бумажная копия журнала (${c.name})`, doc_no: `${c.name}-${classId.slice(0, 4)}`,
          class_id: classId, period_id: period, sheets: 10, handed_by: deputy, received_by: secretary, note: '',
        },
      }]);
    };
    await handOver(a, cls[0]!, '2026-11-09T09:00:00.000Z');
    await handOver(b, cls[1]!, '2026-11-09T09:30:00.000Z');
    await handOver(a, cls[2]!, '2026-11-09T10:00:00.000Z');
    await handOver(b, cls[3]!, '2026-11-09T10:30:00.000Z');
    assert.ok((await net.settle()).every((r) => r.ok));
    type Entry = { entryNo: number; paperNo: number; entryLabel: string; docNo: string };
    const books: Entry[][] = [];
    for (const c of net.computers) books.push(await net.call<Entry[]>(c, await net.signIn(c, 'deputy'), 'books.strictLog', {}));
    assert.deepEqual(books[0], books[1], 'the same book on both computers');
    const mine = books[0]!.filter((e) => e.docNo.startsWith('pc'));
    assert.equal(mine.length, 4);
    const numbers = books[0]!.map((e) => e.entryNo);
    assert.equal(new Set(numbers).size, numbers.length, 'every number once');
    assert.deepEqual(mine.map((e) => e.paperNo), [1, 1, 2, 2], 'the numbers written on paper are kept');
    assert.deepEqual(mine.map((e) => e.entryLabel), ['1', '2 (на бумаге № 1)', '3 (на бумаге № 2)', '4 (на бумаге № 2)']);
    await assertConverged(net, since);
  });
});

describe('a segment that opens a lesson and then fills it', () => {
  const shared = networkFor(2, 36, 'teacher');

  it('is applied whole on the other computer: the later change sets find the lesson the earlier one created', async () => {
    const net = shared();
    const [a] = net.computers as [Computer, Computer];
    const since = await lastHlc(a.db);
    const t = await net.signIn(a, 'teacher');
    const teacherId = (await a.db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
    // A timetable slot of the teacher's with no lesson yet (the second quarter is not taught).
    let opened: { lessonId: string } | null = null;
    for (let d = 0; d < 30 && !opened; d++) {
      const date = new Date(Date.parse('2026-11-10T12:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
      const wd = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
      const slots = await a.db.knex('timetable_entry as e').join('teaching_assignment as ta', 'ta.id', 'e.assignment_id')
        .where({ 'ta.teacher_id': teacherId, 'e.weekday': wd }).whereNull('ta.subgroup_id').select('ta.id as assignmentId', 'e.lesson_no as lessonNo') as { assignmentId: string; lessonNo: number }[];
      for (const slot of slots) {
        if (opened) break;
        if (await a.db.knex('lesson').where({ assignment_id: slot.assignmentId, date, lesson_no: slot.lessonNo }).first('id')) continue; // a new lesson only
        net.serviceNow = new Date(`${date}T12:00:00`);
        const r = await a.host.call(t, 'journal.openLesson', { assignmentId: slot.assignmentId, date, lessonNo: slot.lessonNo });
        if (r.ok) opened = r.value as { lessonId: string };
      }
    }
    assert.ok(opened, 'a lesson opened');
    await net.call(a, t, 'journal.setLesson', { lessonId: opened.lessonId, topic: 'Дроби', homework: '§ 12, № 5' });
    // Marks and an absence: change sets that name the lesson only by its id.
    const students = await a.db.knex('lesson as l').join('teaching_assignment as ta', 'ta.id', 'l.assignment_id').join('enrolment as e', 'e.class_id', 'ta.class_id')
      .where('l.id', opened.lessonId).orderBy('e.student_id').limit(3).pluck('e.student_id') as string[];
    await net.call(a, t, 'journal.setMark', { lessonId: opened.lessonId, studentId: students[0], value: '5' });
    await net.call(a, t, 'journal.setMark', { lessonId: opened.lessonId, studentId: students[1], value: '4' });
    await net.call(a, t, 'journal.setAttendance', { lessonId: opened.lessonId, studentId: students[2], code: 'Н' });
    assert.ok((await net.settle()).every((r) => r.ok));
    for (const c of net.computers) {
      assert.deepEqual((await quarantined(c.db)).map((q) => q.code), [], `${c.name}: nothing held`);
      assert.deepEqual((await quarantined(c.db, 'cleared')).map((q) => q.code), [], `${c.name}: not even for a while`);
      assert.equal((await c.db.knex('lesson').where({ id: opened.lessonId }).first('topic'))?.topic, 'Дроби', `${c.name}: the lesson with its topic`);
      assert.equal((await c.db.knex('mark').where({ lesson_id: opened.lessonId }).whereNotNull('value').count('* as n').first() as { n: number }).n, 2, `${c.name}: its marks`);
    }
    await assertConverged(net, since);
  });
});
