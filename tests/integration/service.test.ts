// The service API as every caller meets it: validation, sign-in, and the permission
// rules of R-ROLE, checked in the service, not in the UI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
const NOW = new Date('2026-11-23T10:00:00');

before(async () => {
  db = await openJournal(await makeDemoFile());
  host = new ServiceHost(db, { now: () => NOW, log: () => undefined });
});
after(() => db.close());

async function signedIn(login: string): Promise<string> {
  const caller = `test:${login}:${Math.random()}`;
  const r = await host.call(caller, 'auth.login', { login, password: 'demo' });
  assert.ok(r.ok, `sign-in of ${login}: ${JSON.stringify(r)}`);
  return caller;
}

async function value<T = unknown>(caller: string, method: string, args: unknown): Promise<T> {
  const r = await host.call(caller, method, args);
  if (!r.ok) assert.fail(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

async function errorCode(caller: string, method: string, args: unknown): Promise<string> {
  const r = await host.call(caller, method, args);
  assert.equal(r.ok, false, `${method} should fail`);
  return r.ok ? '' : r.error.code;
}

describe('service API: the door', () => {
  it('an unknown method, a bad payload and extra fields are refused with a code and a Russian message', async () => {
    const c = await signedIn('teacher');
    assert.equal(await errorCode(c, 'journal.delete', {}), 'UNKNOWN_METHOD');
    assert.equal(await errorCode(c, 'journal.page', { assignmentId: 42 }), 'VALIDATION');
    assert.equal(await errorCode(c, 'journal.page', { assignmentId: 'x', evil: true }), 'VALIDATION');
    assert.equal(await errorCode(c, 'timetable.day', { date: '2026-02-30' }), 'VALIDATION');
    const r = await host.call(c, 'timetable.day', { date: 'завтра' });
    assert.ok(!r.ok && /[а-я]/i.test(r.error.message));
  });

  it('nothing but the sign-in screen works before signing in', async () => {
    assert.equal(await errorCode('anon', 'journal.pages', {}), 'UNAUTHENTICATED');
    assert.equal(await errorCode('anon', 'school.overview', {}), 'UNAUTHENTICATED');
    const info = await value<{ isDemo: boolean; schoolName: string }>('anon', 'app.info', {});
    assert.equal(info.isDemo, true);
    assert.ok(info.schoolName.length > 5);
  });

  it('a wrong password and an unknown login get the same answer and no session', async () => {
    assert.equal(await errorCode('c1', 'auth.login', { login: 'teacher', password: 'wrong' }), 'BAD_CREDENTIALS');
    assert.equal(await errorCode('c1', 'auth.login', { login: 'nobody', password: 'demo' }), 'BAD_CREDENTIALS');
    assert.equal(await value('c1', 'auth.me', {}), null);
  });

  it('signing out ends the session of that caller only', async () => {
    const a = await signedIn('teacher');
    const b = await signedIn('teacher');
    await value(a, 'auth.logout', {});
    assert.equal(await errorCode(a, 'journal.pages', {}), 'UNAUTHENTICATED');
    assert.ok(Array.isArray(await value(b, 'journal.pages', {})));
  });
});

describe('service API: who sees what (R-ROLE)', () => {
  it('a subject teacher lists and opens only their own pages (R-ROLE-2)', async () => {
    const c = await signedIn('teacher');
    const me = await value<{ id: string }>(c, 'auth.me', {});
    const pages = await value<{ id: string; teacherId: string }[]>(c, 'journal.pages', {});
    assert.ok(pages.length >= 3);
    for (const p of pages) assert.equal(p.teacherId, me.id);
    const page = await value<{ students: unknown[]; lessons: unknown[]; marks: unknown[]; canEdit: boolean }>(c, 'journal.page', { assignmentId: pages[0]!.id });
    assert.ok(page.students.length > 5 && page.lessons.length > 10 && page.marks.length > 10);
    assert.equal(page.canEdit, true, 'the teacher of the page may fill it');

    const foreign = await db.knex('teaching_assignment').whereNot({ teacher_id: me.id }).whereNotIn('class_id', db.knex('class').where({ class_teacher_id: me.id }).select('id')).first('id');
    assert.equal(await errorCode(c, 'journal.page', { assignmentId: foreign.id }), 'FORBIDDEN');
  });

  it('a class teacher sees every page of their class (R-ROLE-3)', async () => {
    const c = await signedIn('classteacher');
    const me = await value<{ id: string }>(c, 'auth.me', {});
    const cls = await db.knex('class').where({ class_teacher_id: me.id }).first('id');
    const classPages = await value<{ id: string }[]>(c, 'journal.pages', { classId: cls.id });
    const all = await db.knex('teaching_assignment').where({ class_id: cls.id }).count('* as n').first();
    assert.equal(classPages.length, Number(all?.n));
    for (const p of classPages) await value(c, 'journal.page', { assignmentId: p.id });
  });

  it('the school overview is for the administration only (R-ROLE-4, R-ROLE-5)', async () => {
    for (const login of ['deputy', 'director', 'admin', 'secretary']) {
      const c = await signedIn(login);
      const o = await value<{ classes: unknown[] }>(c, 'school.overview', {});
      const n = await db.knex('class').count('* as n').first();
      assert.equal(o.classes.length, Number(n?.n), login);
    }
    assert.equal(await errorCode(await signedIn('teacher'), 'school.overview', {}), 'FORBIDDEN');
  });

  it('a teacher\'s day lists their timetable lessons for that weekday', async () => {
    const c = await signedIn('teacher');
    const day = await value<{ weekday: number; lessons: { lessonNo: number }[] }>(c, 'timetable.day', { date: '2026-11-23' });
    assert.equal(day.weekday, 1);
    const me = await value<{ id: string }>(c, 'auth.me', {});
    const expected = await db.knex('timetable_entry as e').join('teaching_assignment as a', 'a.id', 'e.assignment_id').where({ 'a.teacher_id': me.id, 'e.weekday': 1 }).count('* as n').first();
    assert.equal(day.lessons.length, Number(expected?.n));
    const sunday = await value<{ lessons: unknown[] }>(c, 'timetable.day', { date: '2026-11-22' });
    assert.equal(sunday.lessons.length, 0);
  });

  it('grade 1 pages take no marks (R-REC-5)', async () => {
    const c = await signedIn('deputy');
    const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where('c.grade', 1).first('a.id');
    const page = await value<{ marksAllowed: boolean; marks: unknown[] }>(c, 'journal.page', { assignmentId: a.id });
    assert.equal(page.marksAllowed, false);
    assert.equal(page.marks.length, 0);
  });

  it('a revoked role stops working at once, without signing out', async () => {
    const c = await signedIn('secretary');
    await value(c, 'school.overview', {});
    const me = await value<{ id: string }>(c, 'auth.me', {});
    const role = await db.knex('staff_role').where({ staff_id: me.id, role: 'secretary' }).first('id');
    await db.writer.write({ userId: null }, [{ table: 'staff_role', id: role.id, set: { revoked: 1 } }], { reason: 'test' });
    assert.equal(await errorCode(c, 'school.overview', {}), 'FORBIDDEN');
    await db.writer.write({ userId: null }, [{ table: 'staff_role', id: role.id, set: { revoked: 0 } }], { reason: 'test' });
  });
});
