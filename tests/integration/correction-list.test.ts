// The deputy decides correction requests (R-TIME-3) from the list: each request names the
// teacher, the class, the subject, the lesson, the student and the change, old → new — in
// Russian words, never as row ids.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { addDays } from '../../shared/dates';
import { keyId } from '../../db/ids';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-10-05T10:00:00');

before(async () => {
  db = await openJournal(await makeDemoFile(150, 9));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

async function signIn(login: string): Promise<string> {
  const caller = `t:${login}:${Math.random()}`;
  assert.ok((await host.call(caller, 'auth.login', { login, password: 'demo' })).ok);
  return caller;
}

async function ok<T>(caller: string, method: string, args: unknown): Promise<T> {
  const r = await host.call(caller, method, args);
  if (!r.ok) assert.fail(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

interface Listed {
  id: string;
  status: string;
  requestedBy: string;
  context: { teacher: string; className: string; subject: string; lessonDate: string | null; lessonNo: number | null; period: string | null; student: string | null; values: { field: string; from: string; to: string }[] };
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

describe('the list of correction requests', () => {
  it('names the page, the lesson, the student and the change old → new; after approval, the value it replaced', async () => {
    const teacherId = (await db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
    const l = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .join('subject as s', 's.id', 'a.subject_id')
      .where({ 'a.teacher_id': teacherId, 's.graded': 1 }).whereNull('a.subgroup_id').where('c.grade', '>', 1).where('l.date', '>=', '2026-09-14')
      .orderBy('l.date').first('l.id', 'l.date', 'l.lesson_no', 'l.topic', 'l.homework', 'a.class_id', 'c.name as className', 's.name as subject');
    const student = await db.knex('enrolment as e').join('student as st', 'st.id', 'e.student_id').where({ class_id: l.class_id }).whereNull('e.ends_on')
      .whereNotExists(db.knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', l.id))
      .first('st.id', 'st.last_name', 'st.first_name', 'st.middle_name');
    // A mark of 3 already in the journal, to be corrected to 5.
    const markId = keyId('mark', l.id, student.id, '1');
    await db.writer.write({ userId: teacherId }, [{ table: 'mark', id: markId, set: { lesson_id: l.id, student_id: student.id, slot: 1, value: '3', work_kind_id: null, comment: '' } }]);

    const t = await signIn('teacher');
    now = new Date(`${addDays(l.date, 20)}T10:00:00`);
    const mark = await ok<{ requestId: string }>(t, 'correction.request', { method: 'journal.setMark', args: { lessonId: l.id, studentId: student.id, value: '5' }, reason: 'Работа переписана после болезни' });
    const topic = await ok<{ requestId: string }>(t, 'correction.request', { method: 'journal.setLesson', args: { lessonId: l.id, topic: 'Дроби (исправлено)', homework: '№ 12' }, reason: 'опечатка в теме урока' });

    const d = await signIn('deputy');
    const pending = await ok<Listed[]>(d, 'correction.list', { status: 'pending' });
    const m = pending.find((p) => p.id === mark.requestId)!;
    assert.equal(m.requestedBy, m.context.teacher, 'the requester is the page\'s teacher');
    assert.match(m.requestedBy, /^[А-ЯЁ][а-яё-]+ [А-ЯЁ]\. [А-ЯЁ]\.$/);
    assert.equal(m.context.className, l.className);
    assert.equal(m.context.subject, l.subject);
    assert.equal(m.context.lessonDate, l.date);
    assert.equal(m.context.lessonNo, l.lesson_no);
    assert.equal(m.context.student, [student.last_name, student.first_name, student.middle_name].filter(Boolean).join(' '));
    assert.deepEqual(m.context.values, [{ field: 'отметка', from: '3', to: '5' }]);
    const tp = pending.find((p) => p.id === topic.requestId)!;
    assert.equal(tp.context.student, null);
    assert.deepEqual(tp.context.values, [
      { field: 'тема', from: l.topic ? `«${l.topic}»` : '—', to: '«Дроби (исправлено)»' },
      { field: 'домашнее задание', from: l.homework ? `«${l.homework}»` : '—', to: '«№ 12»' },
    ]);
    for (const p of [m, tp]) assert.doesNotMatch(JSON.stringify(p.context), ID, 'names, not ids');

    await ok(d, 'correction.decide', { requestId: mark.requestId, approve: true, note: '' });
    const approved = (await ok<Listed[]>(d, 'correction.list', { status: 'approved' })).find((p) => p.id === mark.requestId)!;
    assert.deepEqual(approved.context.values, [{ field: 'отметка', from: '3', to: '5' }], 'the value the approval replaced, not today\'s');
    const mine = await ok<Listed[]>(t, 'correction.list', {});
    assert.ok(mine.some((p) => p.id === topic.requestId), 'the teacher sees their own requests with the same names');
  });
});
