// The daily journal under the regulation rules: who may change what (R-ROLE-2…5), the
// entry windows (R-TIME-1, R-TIME-2), correction requests (R-TIME-3), the minimum marks
// for a period mark (R-TIME-4), and every change on record.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { hashSecret } from '../../db/passwords';
import { addDays } from '../../shared/dates';
import { keyId } from '../../db/ids';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-10-05T10:00:00');

before(async () => {
  db = await openJournal(await makeDemoFile(150, 9));
  // The clock jumps across days here; the idle lock has its own tests (sign-in.test.ts).
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const at = (date: string, time = '10:00') => {
  now = new Date(`${date}T${time}:00`);
};

async function signIn(login: string): Promise<string> {
  const caller = `t:${login}:${Math.random()}`;
  const r = await host.call(caller, 'auth.login', { login, password: 'demo' });
  assert.ok(r.ok, JSON.stringify(r));
  return caller;
}

async function ok<T = Record<string, unknown>>(caller: string, method: string, args: unknown): Promise<T> {
  const r = await host.call(caller, method, args);
  if (!r.ok) assert.fail(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function refused(caller: string, method: string, args: unknown, code: string): Promise<string> {
  const before = await logCount();
  const r = await host.call(caller, method, args);
  assert.equal(r.ok, false, `${method} should be refused`);
  if (r.ok) return '';
  assert.equal(r.error.code, code, r.error.message);
  assert.match(r.error.message, /[А-Яа-яЁё]/, 'a Russian message');
  assert.equal(await logCount(), before, 'nothing changed');
  return r.error.message;
}

const logCount = async () => Number((await db.knex('change_log').count('* as n').first())?.n);
const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

/** A lesson of `login` (grade 2+) on `date` or the first after, with a present student without a mark. */
async function lessonOf(login: string, onOrAfter = '2026-10-05') {
  const teacher = await staffId(login);
  const lessons = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id')
    .where({ 'a.teacher_id': teacher, 's.graded': 1 }).whereNull('a.subgroup_id').where('c.grade', '>', 1).where('l.date', '>=', onOrAfter)
    .orderBy('l.date').limit(20).select('l.id', 'l.date', 'a.class_id', 'a.id as assignment_id');
  for (const lesson of lessons) {
    const student = await db.knex('enrolment as e').where({ class_id: lesson.class_id }).whereNull('e.ends_on')
      .whereNotExists(db.knex('mark').whereRaw('mark.student_id = e.student_id').where('mark.lesson_id', lesson.id))
      .whereNotExists(db.knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', lesson.id))
      .first('student_id');
    if (student) {
      return { lessonId: lesson.id as string, date: lesson.date as string, classId: lesson.class_id as string, assignmentId: lesson.assignment_id as string, studentId: student.student_id as string };
    }
  }
  throw new Error(`no free cell in the lessons of ${login} from ${onOrAfter}`);
}

describe('a teacher fills their lesson (R-ROLE-2, R-REC-1…3)', () => {
  it('puts a mark with its kind of work on the day of the lesson, and the change is on record', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher');
    at(l.date, '12:00');
    const written = await db.knex('work_kind').where({ code: 'С/Р' }).first('id');
    await ok(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '4', workKindId: written.id });
    const mark = await db.knex('mark').where({ id: keyId('mark', l.lessonId, l.studentId, '1') }).first();
    assert.equal(mark.value, '4');
    const history = await ok<{ author: string; newValue: Record<string, unknown> }[]>(t, 'journal.history', { lessonId: l.lessonId, studentId: l.studentId });
    assert.equal(history.length, 1);
    assert.match(history[0]!.author, /\./);
    assert.equal(history[0]!.newValue.value, '4');
  });

  it('two quick edits of one cell never lose the second', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-10-06');
    at(l.date, '11:00');
    await Promise.all([
      host.call(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '3' }),
      host.call(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' }),
    ]);
    const mark = await db.knex('mark').where({ id: keyId('mark', l.lessonId, l.studentId, '1') }).first();
    assert.equal(mark.value, '5');
    const entries = await db.knex('change_log').where({ row_id: mark.id }).orderBy('hlc');
    assert.equal(entries.length, 2, 'both edits are in the history');
    assert.equal(entries[1].old_value, '"3"');
  });

  it('records an absence, the topic and homework, and a second mark in the same cell', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-10-07');
    at(l.date, '15:00');
    const other = await db.knex('enrolment').where({ class_id: l.classId }).whereNot({ student_id: l.studentId }).whereNull('ends_on')
      .whereNotExists(db.knex('mark').whereRaw('mark.student_id = enrolment.student_id').where('mark.lesson_id', l.lessonId)).first('student_id');
    await ok(t, 'journal.setAttendance', { lessonId: l.lessonId, studentId: other.student_id, code: 'Н' });
    await ok(t, 'journal.setLesson', { lessonId: l.lessonId, topic: 'Решение задач на движение', homework: '§ 14, № 301, 305' });
    await ok(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' });
    await ok(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, slot: 2, value: '4' });
    const lesson = await db.knex('lesson').where({ id: l.lessonId }).first();
    assert.equal(lesson.homework, '§ 14, № 301, 305');
    // An absent student cannot get a mark for that lesson.
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: other.student_id, value: '5' }, 'VALIDATION');
  });

  it('refuses bad input with a Russian message and changes nothing', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-10-08');
    at(l.date);
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '1' }, 'VALIDATION'); // not on the school's scale
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '6' }, 'VALIDATION');
    await refused(t, 'journal.setAttendance', { lessonId: l.lessonId, studentId: l.studentId, code: 'X' }, 'VALIDATION');
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: '00000000-0000-7000-8000-000000000000', value: '5' }, 'NOT_FOUND');
    await refused(t, 'journal.setMark', { lessonId: '00000000-0000-7000-8000-000000000000', studentId: l.studentId, value: '5' }, 'NOT_FOUND');
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, slot: 2, value: '5' }, 'VALIDATION'); // second before first
    const foreignStudent = await db.knex('enrolment').whereNot({ class_id: l.classId }).first('student_id');
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: foreignStudent.student_id, value: '5' }, 'NOT_FOUND');
  });

  it('a mark on a lesson that has not taken place yet is refused', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-10-12');
    at(addDays(l.date, -1));
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' }, 'OUT_OF_WINDOW');
  });
});

describe('who may not change what (R-ROLE-2…5)', () => {
  it('a teacher cannot touch a lesson of another teacher', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('classteacher');
    at(l.date);
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' }, 'FORBIDDEN');
    await refused(t, 'journal.setLesson', { lessonId: l.lessonId, topic: 'Чужая тема' }, 'FORBIDDEN');
  });

  it('the director sees everything and changes nothing (R-ROLE-5)', async () => {
    const d = await signIn('director');
    const l = await lessonOf('teacher');
    at(l.date);
    await ok(d, 'journal.page', { assignmentId: l.assignmentId });
    await refused(d, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' }, 'FORBIDDEN');
    await refused(d, 'journal.setAttendance', { lessonId: l.lessonId, studentId: l.studentId, code: 'Н' }, 'FORBIDDEN');
    await refused(d, 'journal.setLesson', { lessonId: l.lessonId, topic: 'x' }, 'FORBIDDEN');
  });

  it('a class teacher sets the reason of an absence but cannot change a mark or mark an absence (R-ROLE-3)', async () => {
    const ct = await signIn('classteacher');
    const me = await staffId('classteacher');
    const cls = await db.knex('class').where({ class_teacher_id: me }).first('id');
    const absence = await db.knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where({ 'a.class_id': cls.id, 't.code': 'Н' }).whereNot('a.teacher_id', me).first('t.lesson_id', 't.student_id', 'l.date');
    at(addDays(absence.date, 20)); // parents' note comes weeks later: no window for reasons
    await ok(ct, 'journal.setAttendance', { lessonId: absence.lesson_id, studentId: absence.student_id, code: 'У', reason: 'справка от родителей' });
    assert.equal((await db.knex('attendance').where({ id: keyId('attendance', absence.lesson_id, absence.student_id) }).first()).code, 'У');
    await refused(ct, 'journal.setAttendance', { lessonId: absence.lesson_id, studentId: absence.student_id, code: null }, 'FORBIDDEN');
    const mark = await db.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
      .where({ 'a.class_id': cls.id }).whereNot('a.teacher_id', me).whereNotNull('m.value').first('m.lesson_id', 'm.student_id', 'l.date');
    at(mark.date);
    await refused(ct, 'journal.setMark', { lessonId: mark.lesson_id, studentId: mark.student_id, value: '2' }, 'FORBIDDEN');
  });
});

describe('late changes go through a deputy (R-TIME-1…3)', () => {
  it('after the window an edit is refused and explained; a correction request approved by a deputy applies it', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-09-14');
    at(addDays(l.date, 12));
    const message = await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '5' }, 'OUT_OF_WINDOW');
    assert.match(message, /заявк/);

    const { requestId } = await ok<{ requestId: string }>(t, 'correction.request', {
      method: 'journal.setMark', args: { lessonId: l.lessonId, studentId: l.studentId, value: '5' }, reason: 'Ученик сдал работу после болезни',
    });
    assert.equal(await db.knex('mark').where({ id: keyId('mark', l.lessonId, l.studentId, '1') }).first(), undefined, 'a pending request changes nothing');
    await refused(t, 'correction.decide', { requestId, approve: true }, 'FORBIDDEN');

    const d = await signIn('deputy');
    const pending = await ok<{ id: string }[]>(d, 'correction.list', { status: 'pending' });
    assert.ok(pending.some((p) => p.id === requestId));
    await ok(d, 'correction.decide', { requestId, approve: true, note: 'Согласовано' });
    const mark = await db.knex('mark').where({ id: keyId('mark', l.lessonId, l.studentId, '1') }).first();
    assert.equal(mark.value, '5');
    const entry = await db.knex('change_log').where({ row_id: mark.id }).first();
    assert.match(entry.reason, /заявке/);
    assert.equal(entry.user_id, await staffId('deputy'), 'the approving deputy made the change');
    await refused(d, 'correction.decide', { requestId, approve: false, note: 'поздно' }, 'CONFLICT');
  });

  it('a request for a change still inside its window is not needed', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-10-09');
    at(l.date);
    await refused(t, 'correction.request', { method: 'journal.setMark', args: { lessonId: l.lessonId, studentId: l.studentId, value: '4' }, reason: 'просто так' }, 'CONFLICT');
  });

  it('a rejected request needs a reason and changes nothing in the journal', async () => {
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-09-21');
    at(addDays(l.date, 30));
    const { requestId } = await ok<{ requestId: string }>(t, 'correction.request', { method: 'journal.setLesson', args: { lessonId: l.lessonId, topic: 'Исправленная тема' }, reason: 'опечатка в теме' });
    const d = await signIn('deputy');
    await refused(d, 'correction.decide', { requestId, approve: false }, 'VALIDATION');
    const before = (await db.knex('lesson').where({ id: l.lessonId }).first()).topic;
    await ok(d, 'correction.decide', { requestId, approve: false, note: 'Тема соответствует КТП' });
    assert.equal((await db.knex('lesson').where({ id: l.lessonId }).first()).topic, before);
  });

  it('the administrator changes a window in the regulation profile, with a reason, and it applies at once', async () => {
    const admin = await signIn('admin');
    const t = await signIn('teacher');
    const l = await lessonOf('teacher', '2026-10-13');
    at(addDays(l.date, 3));
    await refused(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '4' }, 'OUT_OF_WINDOW');
    await refused(t, 'regulation.update', { changes: { oralMarkDays: 5 }, reason: 'приказ № 12' }, 'FORBIDDEN');
    await refused(admin, 'regulation.update', { changes: { oralMarkDays: -1 }, reason: 'приказ № 12' }, 'VALIDATION');
    await ok(admin, 'regulation.update', { changes: { oralMarkDays: 5 }, reason: 'приказ № 12 от 01.10.2026' });
    await ok(t, 'journal.setMark', { lessonId: l.lessonId, studentId: l.studentId, value: '4' });
    await ok(admin, 'regulation.update', { changes: { oralMarkDays: 1 }, reason: 'приказ № 13' });
  });
});

describe('period marks (R-REC-4, R-TIME-4, R-TIME-5)', () => {
  it('a period mark with fewer marks than the minimum needs a confirmation', async () => {
    const t = await signIn('teacher');
    const me = await staffId('teacher');
    const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where({ 'a.teacher_id': me }).where('c.grade', '<', 10).first('a.id', 'a.class_id', 'a.subject_id');
    const period = await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id', 'ends_on');
    const student = await db.knex('enrolment').where({ class_id: a.class_id }).first('student_id');
    at(period.ends_on, '14:00');
    // This student has only two marks left in the quarter (the others cleared, with history).
    const marks = await db.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id')
      .where({ 'l.assignment_id': a.id, 'm.student_id': student.student_id }).whereNotNull('m.value').select('m.id');
    await db.writer.write({ userId: null }, marks.slice(2).map((m: { id: string }) => ({ table: 'mark' as const, id: m.id, set: { value: null } })), { reason: 'test setup' });
    const target = student.student_id as string;
    const args = { assignmentId: a.id, periodId: period.id, studentId: target, value: '3' };
    const message = await refused(t, 'journal.setPeriodMark', args, 'NEEDS_CONFIRMATION');
    assert.match(message, /2 отм/);
    await ok(t, 'journal.setPeriodMark', { ...args, confirmFewMarks: true });
    assert.equal((await db.knex('period_mark').where({ id: keyId('period_mark', period.id, target, a.subject_id) }).first()).value, '3');
    // Confirmed, it is flagged for the deputy (R-TIME-4).
    const flagged = await ok<{ studentId: string; marks: number }[]>(await signIn('deputy'), 'control.fewMarkPeriodMarks', { periodId: period.id, classId: a.class_id });
    assert.deepEqual(flagged.filter((f) => f.studentId === target).map((f) => f.marks), [2]);
    await refused(t, 'journal.setPeriodMark', { ...args, value: 'Н/А' }, 'VALIDATION'); // Н/А needs a reason
    at(addDays(period.ends_on, 30));
    await refused(t, 'journal.setPeriodMark', { ...args, value: '4', confirmFewMarks: true }, 'OUT_OF_WINDOW');
  });
});

describe('the deputy reads the log (R-ROLE-4)', () => {
  it('filters the change log by class and by author', async () => {
    const d = await signIn('deputy');
    const l = await lessonOf('teacher');
    const byClass = await ok<{ table: string }[]>(d, 'journal.log', { classId: l.classId, limit: 500 });
    assert.ok(byClass.length > 0);
    const teacher = await staffId('teacher');
    const byAuthor = await ok<{ author: string }[]>(d, 'journal.log', { authorId: teacher });
    assert.ok(byAuthor.length > 0);
    await refused(await signIn('teacher'), 'journal.log', {}, 'FORBIDDEN');
  });
});

describe('today\'s lesson from the timetable (R-REC-1, R-REC-5)', () => {
  it('the teacher opens today\'s lesson once; its id follows from the slot; another teacher cannot', async () => {
    at('2026-11-23', '09:00');
    const t = await signIn('teacher');
    const day = await ok<{ lessons: { assignmentId: string; lessonNo: number; lessonId: string | null }[] }>(t, 'timetable.day', {});
    const first = day.lessons[0]!;
    assert.equal(first.lessonId, null, 'not recorded yet');
    const opened = await ok<{ lessonId: string; created: boolean }>(t, 'journal.openLesson', { assignmentId: first.assignmentId, date: '2026-11-23', lessonNo: first.lessonNo });
    assert.equal(opened.created, true);
    assert.equal(opened.lessonId, keyId('lesson', first.assignmentId, '2026-11-23', String(first.lessonNo)));
    const again = await ok<{ created: boolean }>(t, 'journal.openLesson', { assignmentId: first.assignmentId, date: '2026-11-23', lessonNo: first.lessonNo });
    assert.equal(again.created, false);
    await refused(t, 'journal.openLesson', { assignmentId: first.assignmentId, date: '2026-11-22', lessonNo: first.lessonNo }, 'VALIDATION'); // Sunday
    await refused(await signIn('classteacher'), 'journal.openLesson', { assignmentId: first.assignmentId, date: '2026-11-23', lessonNo: first.lessonNo }, 'FORBIDDEN');
  });

  it('grade 1 takes no marks and no homework, but attendance (R-REC-5)', async () => {
    const first = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .join('staff as s', 's.id', 'a.teacher_id').where('c.grade', 1).first('l.id', 'l.date', 'a.class_id', 's.login', 's.id as staff_id');
    // A primary teacher of the demo school gets the demo password for this test.
    await db.writer.write({ userId: null }, [{ table: 'staff', id: first.staff_id, set: { password_hash: await hashSecret('demo') } }], { reason: 'test' });
    const t = await signIn(first.login);
    const student = await db.knex('enrolment').where({ class_id: first.class_id }).first('student_id');
    at(first.date);
    await refused(t, 'journal.setMark', { lessonId: first.id, studentId: student.student_id, value: '5' }, 'VALIDATION');
    await refused(t, 'journal.setLesson', { lessonId: first.id, homework: 'с. 12' }, 'VALIDATION');
  });
});
