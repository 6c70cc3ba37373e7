// The five days of the term-end certification (R-PRINT-2, 004 §4) through the service, as
// every caller meets them: the roles, the order of the days, the refusals (which change
// nothing), the lock of confirmed period marks, the deputy's override, and a correction
// after printing that makes the paper copy stale.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { keyId } from '../../db/ids';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

// Loosely read service answers; the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let db: JournalDb;
let host: ServiceHost;
// Q1 of the demo year 2026/2027 ends on Friday 23.10.2026; the autumn holidays follow.
const DAYS = ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30'];
let now = new Date('2026-10-26T09:00:00');
const at = (date: string, time = '10:00') => (now = new Date(`${date}T${time}:00`));

before(async () => {
  db = await openJournal(await makeDemoFile(150, 3));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const sessions = new Map<string, string>();
async function as(login: string): Promise<string> {
  const known = sessions.get(login);
  if (known) return known;
  const c = `t:${login}`;
  const r = await host.call(c, 'auth.login', { login, password: 'demo' });
  assert.ok(r.ok, `sign-in of ${login}`);
  sessions.set(login, c);
  return c;
}
async function ok(login: string, m: string, a: unknown): Promise<Json> {
  const r = await host.call(await as(login), m, a);
  if (!r.ok) assert.fail(`${login} ${m}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
/** A refused call: its code, a Russian message, and no change to the journal. */
async function refused(login: string, m: string, a: unknown): Promise<{ code: string; message: string }> {
  const caller = await as(login); // signing in is not part of the call
  const before = await logSize();
  const r = await host.call(caller, m, a);
  assert.equal(r.ok, false, `${login} ${m} should be refused`);
  if (r.ok) throw new Error('unreachable');
  assert.match(r.error.message, /[А-Яа-я]/, 'a message in Russian');
  assert.equal(await logSize(), before, `${m}: a refused call changes nothing`);
  return r.error;
}
const logSize = async () => Number((await db.knex('change_log').count('* as n').first())?.n);
const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

let campaignId: string;
let periodId: string;
let cls: Json; // the demo class teacher's class, where the demo teacher teaches mathematics
let math: Json; // the demo teacher's subject there
let own: Json; // the class teacher's own subject there

describe('the certification campaign of a period (R-PRINT-2)', () => {
  it('a deputy opens it with five dates after the period; others may not, and bad dates are refused', async () => {
    const periods: Json[] = await ok('deputy', 'campaign.periods', {});
    const q1 = periods.find((p) => p.kind === 'quarter' && p.endsOn === '2026-10-23');
    assert.ok(q1, 'the first quarter is offered');
    assert.deepEqual(q1.suggestedDays, DAYS, 'the first five weekdays of the holidays');
    periodId = q1.id;
    assert.equal((await refused('teacher', 'campaign.open', { periodId, days: DAYS })).code, 'FORBIDDEN');
    assert.equal((await refused('director', 'campaign.open', { periodId, days: DAYS })).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'campaign.open', { periodId, days: DAYS.slice(0, 4) })).code, 'VALIDATION');
    assert.equal((await refused('deputy', 'campaign.open', { periodId, days: [DAYS[1], DAYS[0], DAYS[2], DAYS[3], DAYS[4]] })).code, 'VALIDATION');
    const early = await refused('deputy', 'campaign.open', { periodId, days: ['2026-10-23', ...DAYS.slice(1)] });
    assert.equal(early.code, 'VALIDATION');
    assert.match(early.message, /после окончания периода/);
    assert.equal((await refused('deputy', 'campaign.open', { periodId, days: ['2026-10-26', '2026-10-27', '2026-10-2', '2026-10-29', '2026-10-30'] })).code, 'VALIDATION');
    ({ campaignId } = await ok('deputy', 'campaign.open', { periodId, days: DAYS, note: 'осенние каникулы' }));
    assert.equal((await refused('deputy', 'campaign.open', { periodId, days: DAYS })).code, 'CONFLICT');
    const entry = await db.knex('change_log').where({ table_name: 'certification_campaign', row_id: campaignId }).first();
    assert.equal(entry.user_id, await staffId('deputy'), 'the opening is on record with its author');
  });

  it('the dashboard shows grades 2–9 of the quarter, every class waiting for day 1', async () => {
    const dash = await ok('deputy', 'campaign.dashboard', { campaignId });
    assert.ok(dash.classes.length > 3);
    assert.ok(dash.classes.every((c: Json) => c.grade >= 2 && c.grade <= 9), 'no grade 1, no grades 10–11');
    assert.ok(dash.classes.every((c: Json) => c.current === 'marks' && c.blockers.length > 0));
    const me = await staffId('classteacher');
    cls = dash.classes.find((c: Json) => c.classTeacherId === me);
    math = cls.subjects.find((s: Json) => s.subjectName === 'Математика');
    assert.equal(math?.teacherId, await staffId('teacher'), 'the demo teacher teaches mathematics in the demo class');
    own = cls.subjects.find((s: Json) => s.teacherId === me);
    assert.ok(own, 'the class teacher teaches a subject of the class');
    await ok('director', 'campaign.dashboard', { campaignId });
    await ok('secretary', 'campaign.dashboard', { campaignId });
    assert.equal((await refused('teacher', 'campaign.dashboard', { campaignId })).code, 'FORBIDDEN');
  });

  it('each person sees their own to-do list for the day', async () => {
    const teacher = await ok('teacher', 'campaign.myTasks', {});
    assert.ok(teacher.tasks.length >= 3 && teacher.tasks.every((t: Json) => t.kind === 'confirmMarks' && t.day === 1 && !t.late));
    assert.ok(teacher.tasks.some((t: Json) => t.assignmentId === math.assignmentId));
    const deputy = await ok('deputy', 'campaign.myTasks', {});
    assert.deepEqual(deputy.tasks.map((t: Json) => t.kind), ['recordBackup']);
    assert.deepEqual((await ok('secretary', 'campaign.myTasks', {})).tasks, []);
  });
});

describe('day 1: the teacher checks and confirms the period marks', () => {
  it('missing period marks come first and block the confirmation', async () => {
    // The demo leaves two students without any mark in one subject: no period mark.
    const dash = await ok('deputy', 'campaign.dashboard', { campaignId });
    let blocked: Json = null;
    for (const c of dash.classes) for (const s of c.subjects) {
      const check = await ok('deputy', 'campaign.checkMarks', { campaignId, assignmentId: s.assignmentId });
      if (check.blocking > 0) blocked = { s, check };
    }
    assert.ok(blocked, 'the demo has a subject with a missing period mark');
    assert.equal(blocked.check.issues[0].kind, 'missing');
    assert.equal(blocked.check.issues[0].severity, 'block');
    const teacherLogin = (await db.knex('staff').where({ id: blocked.s.teacherId }).first('login')).login;
    if (teacherLogin === 'teacher') {
      const r = await refused('teacher', 'campaign.confirmMarks', { campaignId, assignmentId: blocked.s.assignmentId });
      assert.equal(r.code, 'CONFLICT');
      assert.match(r.message, /без отметки за период/);
    }
  });

  it('a doubtful period mark (far from the average) asks for confirmation; only the subject teacher confirms', async () => {
    const check = await ok('teacher', 'campaign.checkMarks', { campaignId, assignmentId: math.assignmentId });
    assert.equal(check.blocking, 0);
    assert.equal(check.canConfirm, true);
    // A period mark of 5 for a student whose marks average well below it.
    const low = await db.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id')
      .where({ 'l.assignment_id': math.assignmentId }).whereBetween('l.date', ['2026-09-01', '2026-10-23']).whereNotNull('m.value')
      .groupBy('m.student_id').havingRaw('avg(cast(m.value as real)) < 3.8').first('m.student_id as id');
    assert.ok(low, 'a student with a low average');
    const pmId = keyId('period_mark', periodId, low.id, math.subjectId);
    await db.writer.write({ userId: null }, [{ table: 'period_mark', id: pmId, set: { value: '5' } }], { reason: 'test: a doubtful period mark' });
    const doubtful = await ok('classteacher', 'campaign.checkMarks', { campaignId, assignmentId: math.assignmentId });
    const issue = doubtful.issues.find((i: Json) => i.studentId === low.id);
    assert.equal(issue.kind, 'farFromAverage');
    assert.equal(issue.severity, 'doubt');
    assert.equal(doubtful.canConfirm, false, 'the class teacher sees it but does not confirm for the teacher');
    assert.equal((await refused('classteacher', 'campaign.confirmMarks', { campaignId, assignmentId: math.assignmentId })).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'campaign.confirmMarks', { campaignId, assignmentId: math.assignmentId })).code, 'FORBIDDEN');
    assert.equal((await refused('teacher', 'campaign.confirmMarks', { campaignId, assignmentId: math.assignmentId })).code, 'NEEDS_CONFIRMATION');
    const r = await ok('teacher', 'campaign.confirmMarks', { campaignId, assignmentId: math.assignmentId, acceptDoubts: true });
    assert.equal(r.doubtful, 1);
    assert.equal((await refused('teacher', 'campaign.confirmMarks', { campaignId, assignmentId: math.assignmentId, acceptDoubts: true })).code, 'CONFLICT');
    const row = await db.knex('certification_subject').where({ assignment_id: math.assignmentId }).first();
    assert.equal(row.confirmed_by, await staffId('teacher'));
    assert.match(row.confirm_note, /сомнительн/);
  });

  it('a confirmed period mark is locked: a direct change is refused, a correction request is the way (R-TIME-3)', async () => {
    const student = await db.knex('period_mark').where({ period_id: periodId, subject_id: math.subjectId, class_id: cls.classId, value: '4' }).first('student_id');
    const args = { assignmentId: math.assignmentId, periodId, studentId: student.student_id, value: '5' };
    const r = await refused('teacher', 'journal.setPeriodMark', args);
    assert.equal(r.code, 'OUT_OF_WINDOW');
    assert.match(r.message, /подтверждены/);
    // An unconfirmed subject of the same class still takes changes in its window (until 30.10).
    const other = await db.knex('period_mark').where({ period_id: periodId, subject_id: own.subjectId, class_id: cls.classId }).whereIn('value', ['3', '4']).first('student_id', 'value');
    await ok('classteacher', 'journal.setPeriodMark', { assignmentId: own.assignmentId, periodId, studentId: other.student_id, value: other.value === '4' ? '3' : '4', confirmFewMarks: true });
    const req = await ok('teacher', 'correction.request', { method: 'journal.setPeriodMark', args, reason: 'пересдача контрольной работы' });
    assert.equal(req.status, 'pending');
    pendingCorrection = { requestId: req.requestId, studentId: student.student_id };
  });

  it('the class teacher confirms their own subject; the dashboard counts the confirmations', async () => {
    await ok('classteacher', 'campaign.confirmMarks', { campaignId, assignmentId: own.assignmentId, acceptDoubts: true });
    const detail = await ok('classteacher', 'campaign.get', { campaignId, classId: cls.classId });
    const graded = detail.cls.subjects.filter((s: Json) => s.graded).length;
    assert.equal(detail.cls.steps.marks.done, 2);
    assert.equal(detail.cls.steps.marks.total, graded);
    assert.equal(detail.cls.steps.marks.status, 'open');
    const other = await db.knex('class').whereNot({ id: cls.classId }).where('grade', '>=', 2).first('id');
    const myClasses = new Set((await db.knex('teaching_assignment').where({ teacher_id: await staffId('classteacher') }).select('class_id')).map((r) => r.class_id));
    if (!myClasses.has(other.id)) assert.equal((await refused('classteacher', 'campaign.get', { campaignId, classId: other.id })).code, 'FORBIDDEN');
  });
});

let pendingCorrection: { requestId: string; studentId: string };
let docNo1: string;
let docNo2: string;

describe('day 2: the backup and the class copy', () => {
  it('after day 1 the unconfirmed teachers are late on the dashboard', async () => {
    at(DAYS[1]!);
    const dash = await ok('deputy', 'campaign.dashboard', { campaignId });
    const late = dash.late.filter((l: Json) => l.classId === cls.classId && l.step === 'marks');
    assert.equal(late.length, 1);
    assert.ok(late[0].who.length === cls.subjects.filter((s: Json) => s.graded).length - 2, 'every teacher who has not confirmed is named');
    const teacher = await ok('teacher', 'campaign.myTasks', {});
    assert.ok(teacher.tasks.length > 0 && teacher.tasks.every((t: Json) => t.late), 'the teacher\'s remaining confirmations are late');
  });

  it('printing needs the backup of day 2 first', async () => {
    const r = await refused('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: 'ЖК-1', overrideReason: 'учителя на курсах' });
    assert.equal(r.code, 'CONFLICT');
    assert.match(r.message, /резервную копию/);
    assert.equal((await refused('deputy', 'campaign.recordBackup', { campaignId })).code, 'CONFLICT', 'no backup yet');
    await ok('deputy', 'backup.make', { destinations: [path.join(tmpDir(), 'media1')], note: 'I четверть' });
    assert.equal((await refused('secretary', 'campaign.recordBackup', { campaignId })).code, 'FORBIDDEN');
    const b = await ok('deputy', 'campaign.recordBackup', { campaignId });
    const campaign = await db.knex('certification_campaign').where({ id: campaignId }).first();
    assert.equal(campaign.backup_log_id, b.backupLogId);
    assert.equal((await db.knex('backup_log').where({ id: b.backupLogId }).first()).action, 'backup');
  });

  it('a class whose teachers have not all confirmed is printed only with the deputy\'s reason', async () => {
    assert.equal((await refused('teacher', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: 'ЖК-1' })).code, 'FORBIDDEN');
    const r = await refused('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: 'ЖК-1' });
    assert.equal(r.code, 'CONFLICT');
    assert.match(r.message, /Не все учителя подтвердили/);
    assert.equal((await refused('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: '' })).code, 'VALIDATION');
    assert.equal((await refused('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: 'ЖК-404', overrideReason: 'учителя на курсах' })).code, 'NOT_FOUND', 'a copy is one entered in the register of printed documents');
    // Signatures and the title page wait for the print.
    assert.equal((await refused('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [math.assignmentId] })).code, 'CONFLICT');
    assert.equal((await refused('classteacher', 'campaign.certifyTitle', { campaignId, classId: cls.classId })).code, 'CONFLICT');
    const printed = await ok('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, overrideReason: 'учителя на курсах повышения квалификации, отметки проверены завучем' });
    assert.ok(printed.sheets > cls.subjects.length, 'the class copy is printed: a title page and the sheets of every subject');
    assert.ok(fs.statSync(printed.file).size > 10_000, 'the PDF is saved');
    docNo1 = printed.docNo;
    const entry = await db.knex('print_register').where({ doc_no: docNo1 }).first();
    assert.equal(entry.class_id, cls.classId);
    assert.equal(entry.status, 'current');
    const detail = await ok('deputy', 'campaign.get', { campaignId, classId: cls.classId });
    assert.equal(detail.cls.steps.print.status, 'done');
    assert.equal(detail.cls.current, 'signatures', 'the override lets the class go on to day 3');
    assert.match(detail.cls.steps.marks.note, /по решению заместителя директора/);
    assert.equal((await refused('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: docNo1, overrideReason: 'ещё раз напечатать' })).code, 'CONFLICT', 'a current copy is not printed again');
  });
});

describe('day 3: the signatures of the sheets', () => {
  it('a teacher signs only their own subject; the deputy records the sheets collected', async () => {
    at(DAYS[2]!);
    const tasks = await ok('teacher', 'campaign.myTasks', {});
    assert.ok(tasks.tasks.some((t: Json) => t.kind === 'sign' && t.assignmentId === math.assignmentId));
    assert.equal((await refused('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [own.assignmentId] })).code, 'FORBIDDEN');
    assert.equal((await refused('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [math.assignmentId], signedOn: '2026-11-30' })).code, 'VALIDATION');
    await ok('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [math.assignmentId] });
    assert.equal((await refused('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [math.assignmentId] })).code, 'CONFLICT');
    assert.equal((await refused('classteacher', 'campaign.certifyTitle', { campaignId, classId: cls.classId })).code, 'CONFLICT', 'not every sheet is signed yet');
    const rest = cls.subjects.filter((s: Json) => s.assignmentId !== math.assignmentId).map((s: Json) => s.assignmentId);
    assert.equal((await refused('director', 'campaign.recordSignature', { campaignId, assignmentIds: rest })).code, 'FORBIDDEN');
    const r = await ok('deputy', 'campaign.recordSignature', { campaignId, assignmentIds: rest, signedOn: DAYS[2] });
    assert.equal(r.signed, rest.length);
    const row = await db.knex('certification_subject').where({ assignment_id: own.assignmentId }).first();
    assert.equal(row.signed_by, await staffId('deputy'));
    assert.match(row.sign_note, /заместителем директора/);
    const detail = await ok('deputy', 'campaign.get', { campaignId, classId: cls.classId });
    assert.equal(detail.cls.steps.signatures.status, 'done');
  });

  it('an approved correction after printing makes the copy stale and withdraws the subject\'s signature', async () => {
    const decided = await ok('deputy', 'correction.decide', { requestId: pendingCorrection.requestId, approve: true });
    assert.equal(decided.status, 'approved');
    assert.deepEqual(decided.staleCopies, [docNo1]);
    assert.equal((await db.knex('print_register').where({ doc_no: docNo1 }).first()).status, 'stale', 'the register marks the copy stale too');
    const pm = await db.knex('period_mark').where({ id: keyId('period_mark', periodId, pendingCorrection.studentId, math.subjectId) }).first();
    assert.equal(pm.value, '5', 'the correction is applied');
    const detail = await ok('deputy', 'campaign.get', { campaignId, classId: cls.classId });
    assert.equal(detail.cls.steps.print.status, 'stale');
    assert.match(detail.cls.steps.print.note, /Математика/);
    assert.equal(detail.cls.current, 'print');
    assert.ok(detail.cls.blockers.some((b: Json) => /устарела/.test(b)));
    const sig = await db.knex('certification_subject').where({ assignment_id: math.assignmentId }).first();
    assert.equal(sig.signed_at, null, 'the reprinted sheets are signed again');
    const history = await db.knex('change_log').where({ table_name: 'certification_class', field: 'print_stale_at' }).first();
    assert.match(history.reason, /Исправление по заявке/, 'in the same change as the correction, with its reason');
    assert.equal((await refused('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [math.assignmentId] })).code, 'CONFLICT');
    const tasks = await ok('deputy', 'campaign.myTasks', {});
    assert.ok(tasks.tasks.some((t: Json) => t.kind === 'reprint' && t.classId === cls.classId));
    // The deputy reprints (a new document number) and the teacher signs the new sheets.
    assert.equal((await refused('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, docNo: docNo1, overrideReason: 'учителя на курсах' })).code, 'CONFLICT', 'the stale copy is not recorded again');
    docNo2 = (await ok('deputy', 'campaign.recordPrint', { campaignId, classId: cls.classId, overrideReason: 'учителя на курсах повышения квалификации' })).docNo;
    assert.notEqual(docNo2, docNo1);
    await ok('teacher', 'campaign.recordSignature', { campaignId, assignmentIds: [math.assignmentId] });
  });
});

describe('day 4 and day 5: the title page, the handover, the director, the seal, the folder', () => {
  it('only the class teacher certifies the title page of their class', async () => {
    at(DAYS[3]!);
    assert.equal((await refused('teacher', 'campaign.certifyTitle', { campaignId, classId: cls.classId })).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'campaign.certifyTitle', { campaignId, classId: cls.classId })).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'campaign.handOver', { campaignId, classId: cls.classId })).code, 'CONFLICT', 'day 5 waits for day 4');
    const tasks = await ok('classteacher', 'campaign.myTasks', {});
    assert.ok(tasks.tasks.some((t: Json) => t.kind === 'certifyTitle' && t.classId === cls.classId));
    await ok('classteacher', 'campaign.certifyTitle', { campaignId, classId: cls.classId });
    assert.equal((await refused('classteacher', 'campaign.certifyTitle', { campaignId, classId: cls.classId })).code, 'CONFLICT');
  });

  it('the deputy hands the copy to the secretary: an entry in the log of strict-accountability documents', async () => {
    at(DAYS[4]!);
    assert.equal((await refused('secretary', 'campaign.directorSign', { campaignId, classId: cls.classId })).code, 'CONFLICT', 'not handed over yet');
    assert.equal((await refused('director', 'campaign.handOver', { campaignId, classId: cls.classId })).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'campaign.handOver', { campaignId, classId: cls.classId, secretaryId: await staffId('teacher') })).code, 'VALIDATION');
    const r = await ok('deputy', 'campaign.handOver', { campaignId, classId: cls.classId });
    assert.equal(r.entryNo, 1);
    const log = await ok('secretary', 'books.strictLog', {});
    assert.equal(log.length, 1);
    assert.equal(log[0].docNo, docNo2);
    assert.ok(log[0].sheets > 0, 'with the sheet count of the register');
    assert.match(log[0].document, new RegExp(cls.className));
    assert.equal((await refused('teacher', 'books.strictLog', {})).code, 'FORBIDDEN');
    assert.equal((await refused('deputy', 'campaign.handOver', { campaignId, classId: cls.classId })).code, 'CONFLICT');
  });

  it('the director signs, then the secretary seals and files the copy; the register of paper copies shows it', async () => {
    assert.equal((await refused('secretary', 'campaign.seal', { campaignId, classId: cls.classId })).code, 'CONFLICT', 'the seal comes after the director\'s signature');
    assert.ok((await ok('director', 'campaign.myTasks', {})).tasks.some((t: Json) => t.kind === 'directorSign'));
    assert.equal((await refused('deputy', 'campaign.directorSign', { campaignId, classId: cls.classId })).code, 'FORBIDDEN');
    await ok('director', 'campaign.directorSign', { campaignId, classId: cls.classId });
    assert.equal((await refused('director', 'campaign.seal', { campaignId, classId: cls.classId })).code, 'FORBIDDEN');
    assert.equal((await refused('secretary', 'campaign.bind', { campaignId, classId: cls.classId, folder: 'Папка I четверти' })).code, 'CONFLICT');
    await ok('secretary', 'campaign.seal', { campaignId, classId: cls.classId });
    assert.equal((await refused('secretary', 'campaign.bind', { campaignId, classId: cls.classId, folder: '' })).code, 'VALIDATION');
    await ok('secretary', 'campaign.bind', { campaignId, classId: cls.classId, folder: 'Классные журналы, I четверть 2026/2027' });
    const detail = await ok('deputy', 'campaign.get', { campaignId, classId: cls.classId });
    assert.equal(detail.cls.current, null, 'every step of the class is done');
    assert.equal(detail.cls.steps.handover.status, 'done');
    assert.equal(detail.cls.steps.handover.done, 4);
    const register = await ok('secretary', 'books.paperCopies', {});
    const copy = register.find((r: Json) => r.className === cls.className);
    assert.equal(copy.docNo, docNo2);
    const entry = await db.knex('print_register').where({ doc_no: docNo2 }).first();
    assert.equal(entry.folder, copy.folder, 'the binding is in the register of printed documents too');
    assert.equal(copy.folder, 'Классные журналы, I четверть 2026/2027');
    assert.equal(copy.boundOn, DAYS[4]);
    const list = await ok('teacher', 'campaign.list', {});
    assert.equal(list[0].totals.handover.done, 1);
  });

  it('every step is kept in the history with its author', async () => {
    const rows = await db.knex('change_log').where({ table_name: 'certification_class', row_id: keyId('certification_class', campaignId, cls.classId) }).select('field', 'user_id');
    const fields = new Set(rows.map((r) => r.field));
    for (const f of ['print_doc_no', 'print_stale_at', 'title_certified_by', 'handed_at', 'director_signed_at', 'sealed_at', 'folder']) assert.ok(fields.has(f) || fields.has('*'), f);
    const authors = new Set(rows.map((r) => r.user_id));
    for (const login of ['deputy', 'classteacher', 'director', 'secretary']) assert.ok(authors.has(await staffId(login)), login);
  });
});
