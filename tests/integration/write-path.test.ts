// The hot write path (issue 3): the writer on the pooled connection, and the caches that
// follow the writer's table versions (the regulation profile, the signed-in staff).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openJournal } from '../../db/journal-db';
import { loadProfile, settingId } from '../../service/regulation/profile';
import { loadSessionUser } from '../../service/session';
import { withFreshDb } from '../helpers/fresh-db';

const withDb = withFreshDb;

const subject = (id: string, name: string) => ({ table: 'subject' as const, id, set: { name, short_name: name.slice(0, 3) } });
const staff = (id: string, login: string) => ({ table: 'staff' as const, id, set: { login, last_name: 'Иванова', first_name: 'Анна', middle_name: '', position: '', active: 1 } });

describe('the hot write path', () => {
  it('a failed write leaves no partial rows, keeps the clock, and the connection stays usable', async () => {
    await withDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      const clock = db.writer.lastHlc;
      const logBefore = await db.knex('change_log').count('* as n');
      // The second row breaks a deferred foreign key: the error comes at COMMIT.
      await assert.rejects(db.writer.write({ userId: null }, [
        subject('s2', 'Физика'),
        { table: 'mark', id: 'm1', set: { lesson_id: 'no-such-lesson', student_id: 'no-such-student', slot: 1, value: '5', work_kind_id: null, comment: '' } },
      ]), /FOREIGN KEY/);
      assert.equal(await db.knex('subject').where({ id: 's2' }).first(), undefined);
      assert.equal(await db.knex('mark').where({ id: 'm1' }).first(), undefined);
      assert.deepEqual(await db.knex('change_log').count('* as n'), logBefore);
      assert.deepEqual(db.writer.lastHlc, clock, 'the clock moves only after a commit');
      // A failure inside the batch (a NOT NULL column) rolls back the rows before it.
      await assert.rejects(db.writer.write({ userId: null }, [subject('s3', 'Биология'), { table: 'subject', id: 's4', set: { name: 'Без краткого' } }]));
      assert.equal(await db.knex('subject').where({ id: 's3' }).first(), undefined);
      // The connection is usable by both the writer and knex afterwards.
      await db.writer.write({ userId: null }, [subject('s5', 'География')]);
      assert.equal((await db.knex('subject').where({ id: 's5' }).first()).name, 'География');
    });
  });

  it('knex queries issued while writes are in flight wait for the connection; nothing deadlocks or is lost', async () => {
    await withDb(async (db) => {
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < 20; i++) {
        jobs.push(db.writer.write({ userId: null }, [subject(`s${i}`, `Предмет ${i}`)]));
        jobs.push(db.knex('subject').count('* as n').first());
        jobs.push(db.knex.transaction((trx) => trx('subject').where({ id: `s${i}` }).first()));
      }
      await Promise.all(jobs);
      assert.equal(Number((await db.knex('subject').count('* as n').first())!.n), 20);
      assert.equal(Number((await db.knex('change_log').where({ table_name: 'subject' }).count('* as n').first())!.n), 20);
    });
  });

  it('a cached regulation profile is refreshed after a change to its settings', async () => {
    await withDb(async (db) => {
      const first = await loadProfile(db.knex);
      assert.equal(first.idleLockMinutes, 10);
      assert.equal(await loadProfile(db.knex), first, 'kept while nothing changes');
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      assert.equal(await loadProfile(db.knex), first, 'other tables do not matter');
      await db.writer.write({ userId: null }, [{ table: 'setting', id: settingId('idleLockMinutes'), set: { value: '25' } }], { reason: 'приказ' });
      assert.equal((await loadProfile(db.knex)).idleLockMinutes, 25);
      assert.throws(() => { (first.markScale as string[]).push('1'); }, 'a shared profile cannot be changed by a caller');
    });
  });

  it('a cached session user follows changes made here and by another process on the same file', async () => {
    await withDb(async (db, file) => {
      await db.writer.write({ userId: null }, [staff('u1', 'ivanova'), { table: 'staff_role', id: 'r1', set: { staff_id: 'u1', role: 'teacher', revoked: 0 } }]);
      assert.deepEqual((await loadSessionUser(db.knex, 'u1'))?.roles, ['teacher']);
      await db.writer.write({ userId: null }, [{ table: 'staff_role', id: 'r1', set: { revoked: 1 } }]);
      assert.deepEqual((await loadSessionUser(db.knex, 'u1'))?.roles, [], 'a revoked role takes effect at once');

      const other = await openJournal(file); // e.g. the journal CLI while the app runs
      try {
        await other.writer.write({ userId: null }, [{ table: 'staff_role', id: 'r1', set: { revoked: 0 } }]);
        await db.writer.noticeOtherWriters(); // the service host does this at every call
        assert.deepEqual((await loadSessionUser(db.knex, 'u1'))?.roles, ['teacher']);
        // Another process's commit followed by one of ours is noticed too (a gap in the log).
        await other.writer.write({ userId: null }, [{ table: 'staff', id: 'u1', set: { active: 0 } }]);
        await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
        await db.writer.noticeOtherWriters();
        assert.equal(await loadSessionUser(db.knex, 'u1'), null, 'deactivated elsewhere');
      } finally {
        await other.close();
      }
    });
  });
});
