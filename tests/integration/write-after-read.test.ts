// A keystroke reads its cell with its checks and hands the row to the writer
// (WriteOptions.readAt), which then writes it in one script without reading it again.
// Whatever happened between that read and the write, nothing is lost and the history
// says exactly what changed: old → new, with the clock the author had seen.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { JournalDb } from '../../db/journal-db';
import { readRows } from '../../db/connection';
import { READ_FOR_WRITE, readRow, rowKey, type ReadAt } from '../../db/journal-writer';
import { openJournal } from '../../db/journal-db';
import { CHAIN_START, chainNext, verifyChain } from '../../db/signing';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { withFreshDb } from '../helpers/fresh-db';

const subject = (id: string, name: string) => ({ table: 'subject' as const, id, set: { name, short_name: name.slice(0, 3) } });
const rename = (id: string, name: string) => ({ table: 'subject' as const, id, set: { name } });

/** What the service's planMark reads, for a subject row: the row, its clocks and the log's end. */
async function readForWrite(db: JournalDb, id: string): Promise<ReadAt> {
  const [r] = await readRows<{ row: string | null; clocks: string; logEnd: number }>(db.knex,
    `SELECT ${READ_FOR_WRITE.row('subject')} AS row, ${READ_FOR_WRITE.clocks('subject')} AS clocks, ${READ_FOR_WRITE.logEnd} AS logEnd`,
    [id, 'subject', id]);
  return { logEnd: r!.logEnd, rows: new Map([[rowKey('subject', id), readRow(r!.row, r!.clocks)]]) };
}

async function history(db: JournalDb, id: string) {
  return db.knex('change_log').where({ row_id: id }).orderBy('seq').select('seq', 'field', 'old_value', 'new_value', 'base_hlc', 'hlc');
}

describe('a write of rows read before it', () => {
  it('writes like any write: same entries, consecutive seqs, the base clock of each field', async () => {
    await withFreshDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      const read = await readForWrite(db, 's1');
      const r = await db.writer.write({ userId: 'u1' }, [{ table: 'subject', id: 's1', set: { name: 'Физика', short_name: 'Физ' } }], { reason: 'r', readAt: read });
      assert.equal(r.changed, 2);
      const log = await history(db, 's1');
      assert.deepEqual(log.map((e) => [e.field, e.old_value, e.new_value]), [['*', null, JSON.stringify({ name: 'Химия', short_name: 'Хим' })], ['name', '"Химия"', '"Физика"'], ['short_name', '"Хим"', '"Физ"']]);
      assert.deepEqual(log.map((e) => e.seq), [read.logEnd, read.logEnd + 1, read.logEnd + 2]);
      assert.equal(log[1]!.base_hlc, `v:${log[0]!.hlc}`, 'what the author saw (a version vector, db/sync/seen.ts): the row\'s creation');
      assert.equal((await db.knex('subject').where({ id: 's1' }).first()).name, 'Физика');
    });
  });

  it('a signed author\'s change set carries the chain hash and signature on its last entry, chained to the one before', async () => {
    await withFreshDb(async (db) => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      db.writer.setSigningKey('u1', privateKey);
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      await db.writer.write({ userId: 'u1' }, [rename('s1', 'Физика')], { readAt: await readForWrite(db, 's1') });
      await db.writer.write({ userId: 'u1' }, [{ table: 'subject', id: 's1', set: { name: 'Биология', short_name: 'Био' } }], { readAt: await readForWrite(db, 's1') });
      const sets = await db.knex('change_log').where({ user_id: 'u1' }).orderBy('seq');
      assert.equal(sets.length, 3);
      const first = chainNext(CHAIN_START, sets.slice(0, 1));
      assert.equal(sets[0]!.chain_hash, first);
      assert.ok(verifyChain(publicKey, first, sets[0]!.signature));
      assert.equal(sets[1]!.signature, null, 'only the last entry of a change set is signed');
      const second = chainNext(first, sets.slice(1));
      assert.equal(sets[2]!.chain_hash, second);
      assert.ok(verifyChain(publicKey, second, sets[2]!.signature));
    });
  });

  it('a row that does not exist yet is created, its creation recorded as one entry', async () => {
    await withFreshDb(async (db) => {
      const read = await readForWrite(db, 's2');
      assert.equal(read.rows.get(rowKey('subject', 's2'))!.row, null);
      const r = await db.writer.write({ userId: null }, [subject('s2', 'Музыка')], { readAt: read });
      assert.equal(r.created, 1);
      assert.deepEqual((await history(db, 's2')).map((e) => e.field), ['*']);
    });
  });

  it('two quick edits of one cell read before either is written: the second is not lost, and its old value is the first', async () => {
    await withFreshDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      const [first, second] = [await readForWrite(db, 's1'), await readForWrite(db, 's1')];
      await Promise.all([
        db.writer.write({ userId: null }, [rename('s1', 'Физика')], { readAt: first }),
        db.writer.write({ userId: null }, [rename('s1', 'Биология')], { readAt: second }),
      ]);
      assert.equal((await db.knex('subject').where({ id: 's1' }).first()).name, 'Биология');
      const log = await history(db, 's1');
      assert.deepEqual(log.slice(1).map((e) => [e.old_value, e.new_value]), [['"Химия"', '"Физика"'], ['"Физика"', '"Биология"']]);
      assert.equal(log[2]!.base_hlc, `v:${log[1]!.hlc}`, 'the second edit is based on the first');
    });
  });

  it('a change by another process between the read and the write is seen, and noticed as another writer\'s', async () => {
    await withFreshDb(async (db, file) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      const read = await readForWrite(db, 's1');
      const versionBefore = db.writer.version('staff');
      const other = await openJournal(file); // the journal CLI while the app runs
      try {
        await other.writer.write({ userId: null }, [rename('s1', 'Астрономия')]);
      } finally {
        await other.close();
      }
      await db.writer.write({ userId: null }, [rename('s1', 'Физика')], { readAt: read });
      const log = await history(db, 's1');
      assert.deepEqual(log.slice(1).map((e) => [e.old_value, e.new_value]), [['"Химия"', '"Астрономия"'], ['"Астрономия"', '"Физика"']]);
      assert.notEqual(db.writer.version('staff'), versionBefore, 'caches of every table are dropped: another process wrote');
    });
  });

  it('setting the value it had when read, after it changed meanwhile, still sets it', async () => {
    await withFreshDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      const read = await readForWrite(db, 's1');
      await db.writer.write({ userId: null }, [rename('s1', 'Физика')]);
      const r = await db.writer.write({ userId: null }, [rename('s1', 'Химия')], { readAt: read });
      assert.equal(r.changed, 1);
      assert.equal((await db.knex('subject').where({ id: 's1' }).first()).name, 'Химия');
    });
  });

  it('one row changed twice in a change set: the second change sees the first', async () => {
    await withFreshDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      await db.writer.write({ userId: null }, [rename('s1', 'Физика'), rename('s1', 'Биология')], { readAt: await readForWrite(db, 's1') });
      const log = await history(db, 's1');
      assert.deepEqual(log.slice(1).map((e) => [e.old_value, e.new_value]), [['"Химия"', '"Физика"'], ['"Физика"', '"Биология"']]);
    });
  });

  it('text with quotes, semicolons, SQL and NUL is stored as given', async () => {
    await withFreshDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      for (const name of ["О'Генри; DROP TABLE subject; --", 'строка\u0000с нулём', '?', "''", 'эмодзи 😀 и \\ обратная черта']) {
        await db.writer.write({ userId: null }, [rename('s1', name)], { readAt: await readForWrite(db, 's1') });
        assert.equal((await db.knex('subject').where({ id: 's1' }).first()).name, name);
        const last = (await history(db, 's1')).at(-1)!;
        assert.equal(last.new_value, JSON.stringify(name));
      }
    });
  });

  it('a failed write leaves nothing behind and the writer goes on', async () => {
    await withFreshDb(async (db) => {
      const read = await readForWrite(db, 's3');
      const before = await db.knex('change_log').count('* as n').first();
      // short_name is NOT NULL: the row cannot be created.
      await assert.rejects(db.writer.write({ userId: null }, [{ table: 'subject', id: 's3', set: { name: 'Без краткого' } }], { readAt: read }));
      assert.deepEqual(await db.knex('change_log').count('* as n').first(), before);
      assert.equal(await db.knex('subject').where({ id: 's3' }).first(), undefined);
      await db.writer.write({ userId: null }, [subject('s3', 'Труд')], { readAt: await readForWrite(db, 's3') });
      assert.equal((await db.knex('subject').where({ id: 's3' }).first()).name, 'Труд');
    });
  });
});

/** A graded lesson of `login` on or after 5 October in a whole class, with two students present. */
async function lessonOf(db: JournalDb, login: string): Promise<{ id: string; date: string; staffId: string; students: [string, string] }> {
  const staffId = (await db.knex('staff').where({ login }).first('id')).id as string;
  const l = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id')
    .where({ 'a.teacher_id': staffId, 's.graded': 1 }).whereNull('a.subgroup_id').whereNull('l.substitute_teacher_id').where('c.grade', '>', 1)
    .where('l.date', '>=', '2026-10-05').orderBy('l.date').first('l.id', 'l.date', 'a.class_id');
  const present: { student_id: string }[] = await db.knex('enrolment as e').where({ class_id: l.class_id }).whereNull('e.ends_on')
    .whereNotExists(db.knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', l.id)).limit(2).select('student_id');
  return { id: l.id, date: l.date, staffId, students: [present[0]!.student_id, present[1]!.student_id] };
}

describe('the lesson a keystroke checks against (kept between keystrokes)', () => {
  it('a keystroke checks against cached rules and confirms them with its own read: a change of the scale by another process is not missed (R-ROLE-6)', async () => {
    const file = await makeDemoFile(150, 9);
    const db = await openJournal(file);
    let now = new Date('2026-10-05T12:00:00');
    const host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
    try {
      const l = await lessonOf(db, 'teacher');
      const [s1, s2] = l.students;
      now = new Date(`${l.date}T12:00:00`);
      assert.ok((await host.call('t', 'auth.login', { login: 'teacher', password: 'demo' })).ok);
      // The scale of the school (2–5), the lesson and the teacher are cached now.
      assert.equal((await host.call('t', 'journal.setMark', { lessonId: l.id, studentId: s1, value: '1' })).ok, false);
      assert.ok((await host.call('t', 'journal.setMark', { lessonId: l.id, studentId: s1, value: '5' })).ok);

      const cli = await openJournal(file);
      try {
        const cliHost = new ServiceHost(cli, { now: () => now, log: () => undefined });
        assert.ok((await cliHost.call('cli', 'auth.login', { login: 'admin', password: 'demo' })).ok);
        const r = await cliHost.call('cli', 'regulation.update', { changes: { markScale: ['3', '4', '5'] }, reason: 'приказ № 12 (проверка)' });
        assert.ok(r.ok, JSON.stringify(r));
      } finally {
        await cli.close();
      }
      const before = await db.knex('change_log').count('* as n').first();
      const cell = await db.knex('mark').where({ lesson_id: l.id, student_id: s2, slot: 1 }).first();
      const refused = await host.call('t', 'journal.setMark', { lessonId: l.id, studentId: s2, value: '2' });
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'VALIDATION', 'the new scale holds, though the cached one allowed 2');
      assert.match(refused.ok ? '' : refused.error.message, /3, 4, 5/);
      assert.deepEqual(await db.knex('change_log').count('* as n').first(), before, 'nothing written');
      assert.deepEqual(await db.knex('mark').where({ lesson_id: l.id, student_id: s2, slot: 1 }).first(), cell);
      const accepted = await host.call('t', 'journal.setMark', { lessonId: l.id, studentId: s2, value: '4' });
      assert.ok(accepted.ok, JSON.stringify(accepted));
    } finally {
      await db.close();
    }
  });

  it('follows a substitution recorded meanwhile by another process on the same file (R-ROLE-2)', async () => {
    const file = await makeDemoFile(150, 9);
    const db = await openJournal(file);
    let now = new Date('2026-10-05T12:00:00');
    const host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
    try {
      const l = await lessonOf(db, 'classteacher');
      const classteacher = l.staffId;
      const teacher = (await db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
      now = new Date(`${l.date}T12:00:00`);
      assert.ok((await host.call('ct', 'auth.login', { login: 'classteacher', password: 'demo' })).ok);
      const first = await host.call('ct', 'journal.setMark', { lessonId: l.id, studentId: l.students[0], value: '5' });
      assert.ok(first.ok, JSON.stringify(first));

      const cli = await openJournal(file);
      try {
        const cliHost = new ServiceHost(cli, { now: () => now, log: () => undefined });
        assert.ok((await cliHost.call('cli', 'auth.login', { login: 'deputy', password: 'demo' })).ok);
        const r = await cliHost.call('cli', 'substitution.record', { absentTeacherId: classteacher, substituteTeacherId: teacher, startsOn: l.date, endsOn: l.date, lessonId: l.id, reason: 'курсы повышения квалификации', confirmBusy: true });
        assert.ok(r.ok, JSON.stringify(r));
      } finally {
        await cli.close();
      }
      const second = await host.call('ct', 'journal.setMark', { lessonId: l.id, studentId: l.students[1], value: '4' });
      assert.equal(second.ok ? 'ok' : second.error.code, 'FORBIDDEN', 'the substitute fills the lesson now, not the absent teacher');
      assert.ok((await host.call('t', 'auth.login', { login: 'teacher', password: 'demo' })).ok);
      const bySubstitute = await host.call('t', 'journal.setMark', { lessonId: l.id, studentId: l.students[1], value: '4' });
      assert.ok(bySubstitute.ok, JSON.stringify(bySubstitute));
    } finally {
      await db.close();
    }
  });
});
