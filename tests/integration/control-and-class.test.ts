// Deputy control (remarks, R-ROLE-4), substitutions (R-ROLE-2) and the class teacher's
// desk (R-ROLE-3, R-REC-8, R-REC-10) through the service, as every caller meets them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
const now = new Date('2026-10-05T10:00:00');

before(async () => {
  db = await openJournal(await makeDemoFile(150, 4));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

async function signIn(login: string): Promise<string> {
  const c = `t:${login}:${Math.random()}`;
  const r = await host.call(c, 'auth.login', { login, password: 'demo' });
  assert.ok(r.ok);
  return c;
}
async function ok<T = Record<string, unknown>>(c: string, m: string, a: unknown): Promise<T> {
  const r = await host.call(c, m, a);
  if (!r.ok) assert.fail(`${m}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
async function code(c: string, m: string, a: unknown): Promise<string> {
  const r = await host.call(c, m, a);
  assert.equal(r.ok, false, `${m} should be refused`);
  return r.ok ? '' : r.error.code;
}
const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

describe('deputy control of a journal page (R-ROLE-4)', () => {
  it('the deputy writes a remark; the teacher fixes it; the deputy reopens, then accepts', async () => {
    const deputy = await signIn('deputy');
    const teacher = await signIn('teacher');
    const page = await db.knex('teaching_assignment').where({ teacher_id: await staffId('teacher') }).first('id');
    const { remarkId } = await ok<{ remarkId: string }>(deputy, 'remark.create', { assignmentId: page.id, text: 'Не записаны темы уроков за 20–23 октября' });
    assert.equal(await code(teacher, 'remark.create', { assignmentId: page.id, text: 'сам себе замечание' }), 'FORBIDDEN');
    const mine = await ok<{ id: string; status: string }[]>(teacher, 'remark.list', { openOnly: true });
    assert.ok(mine.some((r) => r.id === remarkId));
    assert.equal(await code(deputy, 'remark.review', { remarkId, accept: true }), 'CONFLICT'); // not fixed yet
    assert.equal(await code(await signIn('classteacher'), 'remark.markFixed', { remarkId, answer: 'готово' }), 'FORBIDDEN');
    await ok(teacher, 'remark.markFixed', { remarkId, answer: 'Темы записаны' });
    assert.equal(await code(deputy, 'remark.review', { remarkId, accept: false }), 'VALIDATION'); // a reopen needs a note
    await ok(deputy, 'remark.review', { remarkId, accept: false, note: 'Нет темы за 23.10' });
    const returned = await ok<{ id: string; status: string; reviewNote: string }[]>(teacher, 'remark.list', { openOnly: true });
    assert.deepEqual(returned.filter((r) => r.id === remarkId).map((r) => [r.status, r.reviewNote]), [['reopened', 'Нет темы за 23.10']], 'the teacher sees why it came back');
    await ok(teacher, 'remark.markFixed', { remarkId, answer: 'Добавлена тема за 23.10' });
    await ok(deputy, 'remark.review', { remarkId, accept: true });
    const history = await db.knex('change_log').where({ row_id: remarkId }).orderBy('hlc');
    assert.equal(history.length, 8, 'every step is on record: created, fixed (status, answer), reopened (status, note), fixed again (status, answer), accepted');
  });
});

describe('substitutions (R-ROLE-2)', () => {
  it('after the deputy records a substitution, the substitute fills the lesson and it keeps both names', async () => {
    const deputy = await signIn('deputy');
    const absent = await staffId('classteacher');
    const lesson = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .where({ 'a.teacher_id': absent, 'l.date': '2026-10-05' }).whereNull('l.substitute_teacher_id').where('c.grade', '>', 1).first('l.id');
    const sub = await signIn('teacher');
    assert.equal(await code(sub, 'journal.setLesson', { lessonId: lesson.id, topic: 'Тема' }), 'FORBIDDEN');
    assert.equal(await code(sub, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: await staffId('teacher'), startsOn: '2026-10-05', endsOn: '2026-10-05', reason: 'болезнь' }), 'FORBIDDEN');
    const r = await ok<{ lessons: number }>(deputy, 'substitution.record', {
      absentTeacherId: absent, substituteTeacherId: await staffId('teacher'), startsOn: '2026-10-05', endsOn: '2026-10-06', reason: 'курсы повышения квалификации',
      // The substitute teaches at some of those hours: the deputy confirms the warning.
      confirmBusy: true,
    });
    assert.ok(r.lessons >= 1);
    const teachers = await ok<{ id: string; teaches: string }[]>(deputy, 'staff.teachers', {});
    assert.match(teachers.find((x) => x.id === absent)!.teaches, /\d[А-Я]/, 'each teacher with subjects and classes');
    await ok(sub, 'journal.setLesson', { lessonId: lesson.id, topic: 'Повторение (замена)' });
    const row = await db.knex('lesson').where({ id: lesson.id }).first();
    assert.equal(row.teacher_id, absent);
    assert.equal(row.substitute_teacher_id, await staffId('teacher'));
    // The absent teacher no longer fills it: the substitute does.
    assert.equal(await code(await signIn('classteacher'), 'journal.setLesson', { lessonId: lesson.id, topic: 'x' }), 'FORBIDDEN');
    assert.equal(await code(deputy, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: absent, startsOn: '2026-10-05', endsOn: '2026-10-05', reason: 'x y z' }), 'VALIDATION');
  });
});

describe('the class teacher\'s desk (R-ROLE-3, R-REC-8, R-REC-10)', () => {
  it('lists the class with cards, guardians and the consent on file; other classes are closed to them', async () => {
    const ct = await signIn('classteacher');
    const me = await staffId('classteacher');
    const cls = await db.knex('class').where({ class_teacher_id: me }).first('id');
    const list = await ok<{ id: string; guardians: unknown[]; consent: unknown }[]>(ct, 'classDesk.students', { classId: cls.id });
    assert.ok(list.length > 10);
    assert.ok(list.every((s) => s.guardians.length >= 1));
    const other = await db.knex('class').whereNot({ id: cls.id }).first('id');
    assert.equal(await code(ct, 'classDesk.students', { classId: other.id }), 'FORBIDDEN');
    assert.equal(await code(await signIn('teacher'), 'classDesk.students', { classId: cls.id }), 'FORBIDDEN');
    await ok(await signIn('deputy'), 'classDesk.students', { classId: cls.id });
  });

  it('shows the week\'s absences with the lessons missed', async () => {
    const ct = await signIn('classteacher');
    const cls = await db.knex('class').where({ class_teacher_id: await staffId('classteacher') }).first('id');
    const week = await ok<{ from: string; to: string; absences: { date: string; subject: string; code: string }[] }>(ct, 'classDesk.absences', { classId: cls.id, weekOf: '2026-10-07' });
    assert.equal(week.from, '2026-10-05');
    assert.equal(week.to, '2026-10-11');
    for (const a of week.absences) assert.ok(a.date >= week.from && a.date <= week.to && a.subject && ['Н', 'У', 'Б', 'О'].includes(a.code));
  });

  it('corrects a student\'s data with a reason, records consent, writes a praise; each on record', async () => {
    const ct = await signIn('classteacher');
    const cls = await db.knex('class').where({ class_teacher_id: await staffId('classteacher') }).first('id');
    const [student] = await ok<{ id: string; guardians: { id: string }[] }[]>(ct, 'classDesk.students', { classId: cls.id });
    await ok(ct, 'classDesk.updateStudent', { studentId: student!.id, changes: { address: 'ул. Ленина, д. 5, кв. 12' }, reason: 'заявление родителей' });
    assert.equal(await code(ct, 'classDesk.updateStudent', { studentId: student!.id, changes: { birthDate: '2014-02-30' }, reason: 'ошибка' }), 'VALIDATION');
    await ok(ct, 'classDesk.recordConsent', { studentId: student!.id, guardianId: student!.guardians[0]!.id, signedOn: '2026-09-01', documentNo: '17' });
    await ok(ct, 'classDesk.addNote', { studentId: student!.id, kind: 'praise', text: 'Победитель школьной олимпиады по математике' });
    const notes = await ok<{ kind: string; text: string }[]>(ct, 'classDesk.notes', { studentId: student!.id });
    assert.deepEqual(notes.map((n) => [n.kind, n.text]), [['praise', 'Победитель школьной олимпиады по математике']]);
    const entry = await db.knex('change_log').where({ row_id: student!.id, field: 'address' }).first();
    assert.equal(entry.reason, 'заявление родителей');
    const foreign = await db.knex('enrolment').whereNot({ class_id: cls.id }).first('student_id');
    assert.equal(await code(ct, 'classDesk.updateStudent', { studentId: foreign.student_id, changes: { address: 'x' }, reason: 'чужой ученик' }), 'FORBIDDEN');
    assert.equal(await code(await signIn('director'), 'classDesk.addNote', { studentId: student!.id, kind: 'remark', text: 'директор не пишет' }), 'FORBIDDEN');
  });
});

describe('the school\'s list of kinds of work (R-REC-2)', () => {
  it('the administrator adds a kind and retires it; codes stay unique; others may only read', async () => {
    const admin = await signIn('admin');
    const teacher = await signIn('teacher');
    assert.equal(await code(teacher, 'workKind.save', { code: 'ЗП', name: 'Проект', written: true, weight: 2 }), 'FORBIDDEN');
    assert.equal(await code(admin, 'workKind.save', { code: 'К', name: 'Ещё одна контрольная', written: true, weight: 2 }), 'CONFLICT');
    const { id } = await ok<{ id: string }>(admin, 'workKind.save', { code: 'ЗП', name: 'Защита проекта', written: true, weight: 2 });
    const listed = await ok<{ id: string; code: string; retired: boolean }[]>(teacher, 'workKind.list', {});
    assert.deepEqual(listed.filter((k) => k.id === id).map((k) => [k.code, k.retired]), [['ЗП', false]]);
    await ok(admin, 'workKind.save', { id, code: 'ЗП', name: 'Защита проекта', written: true, weight: 2, retired: true });
    assert.equal((await db.knex('work_kind').where({ id }).first()).retired, 1, 'retired, not deleted');
  });
});
