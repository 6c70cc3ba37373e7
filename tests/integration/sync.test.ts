// Many computers, one journal (issue 4): three computers with their own databases edit
// through one share folder; changes travel as signed segments, apply idempotently,
// conflicts are recorded, and every computer ends with the same journal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syncCycle } from '../../db/sync/cycle';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap, listSnapshots } from '../../db/sync/snapshot';
import { tmpDir } from '../helpers/tmp';
import { journalDigest, SchoolNetwork, type Computer } from '../helpers/school-network';

let net: SchoolNetwork;
let a: Computer;
let b: Computer;
let c: Computer;

before(async () => {
  net = await SchoolNetwork.create(3);
  [a, b, c] = net.computers as [Computer, Computer, Computer];
});
after(() => net.close());

async function teacherLesson(comp: Computer, login: string) {
  const teacher = (await comp.db.knex('staff').where({ login }).first('id')).id as string;
  const row = await comp.db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id').join('enrolment as e', 'e.class_id', 'c.id')
    .leftJoin('attendance as at', function () {
      this.on('at.lesson_id', 'l.id').andOn('at.student_id', 'e.student_id');
    })
    .where({ 'a.teacher_id': teacher, 's.graded': 1 }).whereNull('a.subgroup_id').where('c.grade', '>', 1).where('l.date', '=', '2026-10-05')
    .whereNull('at.code').orderBy(['l.id', 'e.student_id'])
    .first('l.id as lessonId', 'e.student_id as studentId');
  assert.ok(row, 'the teacher has a lesson on 2026-10-05');
  return row as { lessonId: string; studentId: string };
}

describe('three computers through one share', () => {
  it('start as new computers from a snapshot, each with its own node id', async () => {
    const ids = new Set(net.computers.map((x) => x.db.writer.nodeId));
    assert.equal(ids.size, 3);
    assert.deepEqual(await journalDigest(b.db), await journalDigest(a.db));
  });

  it('carry a teacher\'s marks from one computer to the others, signed', async () => {
    const t = await net.signIn(a, 'teacher');
    const l = await teacherLesson(a, 'teacher');
    await net.call(a, t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '4' });
    await net.settle();
    for (const comp of [b, c]) {
      const mark = await comp.db.knex('mark').where({ lesson_id: l.lessonId, student_id: l.studentId, slot: 1 }).first('value');
      assert.equal(mark?.value, '4', `${comp.name} has the mark`);
    }
    const signed = await b.db.knex('change_log').where({ table_name: 'mark' }).whereNotNull('signature').count('* as n').first();
    assert.ok(Number(signed?.n) > 0, 'the change arrived with its signature');
    assert.deepEqual(await journalDigest(c.db), await journalDigest(a.db));
  });

  it('record a conflict when two computers change one mark without seeing each other, and converge', async () => {
    const l = await teacherLesson(a, 'teacher');
    const ta = await net.signIn(a, 'teacher');
    const tb = await net.signIn(b, 'teacher');
    await net.call(a, ta, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '3' });
    await net.call(b, tb, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' });
    await net.settle();
    const digests = await Promise.all(net.computers.map((x) => journalDigest(x.db)));
    assert.deepEqual(digests[1], digests[0]);
    assert.deepEqual(digests[2], digests[0]);
    for (const comp of net.computers) {
      const open = await comp.db.knex('sync_conflict').where({ status: 'open', table_name: 'mark', field: 'value' }).select('hlcs');
      assert.equal(open.length, 1, `${comp.name} records the conflict`);
      assert.equal((JSON.parse(open[0].hlcs) as string[]).length, 2, 'both values kept');
    }
  });

  it('a computer with nothing new lists the share fewer than 3 times', async () => {
    await net.settle();
    const r = await net.cycle(c);
    assert.ok(r.ok, JSON.stringify(r.errors));
    assert.ok(r.listings < 3, `listings: ${r.listings}`);
  });
});

describe('sync in the service and on the command line', () => {
  it('a teacher resolves the conflict in their lesson; every computer settles it', async () => {
    const t = await net.signIn(b, 'teacher');
    const list = await net.call<{ id: string; values: { hlc: string; value: unknown }[] }[]>(b, t, 'sync.conflicts', {});
    assert.equal(list.length, 1);
    const pick = list[0]!.values.find((v) => v.value === '3')!;
    await net.call(b, t, 'sync.resolveConflict', { id: list[0]!.id, hlc: pick.hlc });
    await net.settle();
    for (const comp of net.computers) {
      const open = await comp.db.knex('sync_conflict').where({ status: 'open' }).count('* as n').first();
      assert.equal(Number(open?.n), 0, `${comp.name}: the conflict is settled`);
    }
    const digests = await Promise.all(net.computers.map((x) => journalDigest(x.db)));
    assert.deepEqual(digests[2], digests[0]);
  });

  it('shows the status to the administrator and refuses settings to a teacher', async () => {
    const admin = await net.signIn(a, 'admin');
    await net.call(a, admin, 'sync.configure', { share: net.share });
    const st = await net.call<{ health: string; peers: { nodeId: string }[]; outbox: number }>(a, admin, 'sync.status', {});
    assert.ok(st.peers.some((p) => p.nodeId === b.db.writer.nodeId), 'the computer that published is known with its position');
    assert.ok(['ok', 'warning'].includes(st.health), st.health);
    const t = await net.signIn(a, 'teacher');
    const r = await a.host.call(t, 'sync.configure', { share: '' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'FORBIDDEN');
    const bad = await a.host.call(admin, 'sync.configure', { share: path.join(net.dir, 'no-such-folder') });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.error.message, /Папка не найдена/);
    const ind = await net.call<{ health: string }>(a, t, 'sync.indicator', {});
    assert.ok(ind.health);
  });

  it('journal sync runs a cycle, reports status, and gives a JSON error for a missing share', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'cli/journal.ts'), ...args], { encoding: 'utf8' });
      return { code: r.status, json: JSON.parse(r.stdout) as Record<string, unknown> };
    };
    await c.db.close();
    try {
      const ok = run('sync', '--db', c.file, '--share', net.share);
      assert.equal(ok.code, 0, JSON.stringify(ok.json));
      assert.equal(ok.json.ok, true);
      const st = run('sync', '--db', c.file, '--share', net.share, '--status');
      assert.equal(st.code, 0);
      assert.equal((st.json.peers as unknown[]).length, 2);
      const gone = run('sync', '--db', c.file, '--share', path.join(tmpDir(), 'gone'));
      assert.equal(gone.code, 1);
      assert.equal((gone.json.error as { code: string }).code, 'SHARE_UNAVAILABLE');
      const joined = path.join(tmpDir(), 'new-pc.sqlite');
      // The school's key fingerprint, as the administrator reads it on a computer already set up.
      const anchor = (st.json.anchor as { fingerprint: string } | null)?.fingerprint;
      assert.ok(anchor, 'the status shows the school key');
      const wrong = path.join(tmpDir(), 'wrong-pc.sqlite');
      const refused = run('sync', '--db', wrong, '--share', net.share, '--join', '--anchor', '0000 1111 2222 3333');
      assert.equal(refused.code, 1);
      assert.equal((refused.json.error as { code: string }).code, 'ANCHOR_MISMATCH');
      assert.equal(fs.existsSync(wrong), false, 'a computer that cannot trust the snapshot is not joined');
      const j = run('sync', '--db', joined, '--share', net.share, '--join', '--anchor', anchor);
      assert.equal(j.code, 0, JSON.stringify(j.json));
      assert.equal(j.json.joined, true);
      assert.equal(j.json.anchor, anchor);
    } finally {
      c = await net.reopen(c);
    }
  });
});

describe('a computer moved to a new share folder', () => {
  it('writes a snapshot into the empty folder at its first cycle there, so a new computer can start from it', async () => {
    const moved = path.join(tmpDir('sync-moved-'), 'share');
    fs.mkdirSync(moved);
    assert.ok((await syncCycle(a.db, { share: moved })).ok);
    assert.equal((await listSnapshots(new NodeShareFs(), moved)).length, 1);
    const target = path.join(tmpDir('sync-moved-pc-'), 'new.sqlite');
    const started = await bootstrap(new NodeShareFs(), moved, target);
    assert.equal(started.from.node, a.db.writer.nodeId);
    // A second cycle there writes no other snapshot: the folder has one.
    assert.ok((await syncCycle(a.db, { share: moved })).ok);
    assert.equal((await listSnapshots(new NodeShareFs(), moved)).length, 1);
  });
});
