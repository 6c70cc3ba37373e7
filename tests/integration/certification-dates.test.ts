// The certification's dates and the period-mark rules around it, through the service as
// every caller meets them (issue 17, points 2, 3 and 15):
// - R-PRINT-2: a period not started is refused; one not ended opens only from the profile's
//   number of days before its end; a campaign opened by mistake is cancelled with a reason
//   while no step is taken, its row kept; the five days fall on working days of the
//   school's calendar (Russia's holidays by default), never on 1 January; each task names
//   its period and a person's list has no identical lines.
// - R-TIME-5 before R-TIME-4: the window is checked before "too few marks" asks to confirm;
//   a correction request still asks, and its approval applies the confirmed mark.
// - R-TIME-4 (revised): 3 marks a quarter whatever the hours; 3/5 by weekly hours for a
//   half-year or trimester — the period-mark confirmation, the day-1 check and the control
//   report alike.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { keyId } from '../../db/ids';
import { DEFAULT_PROFILE, minMarksFor } from '../../db/regulation/profile';
import { russianHolidays } from '../../db/regulation/calendar';
import { orderTasks, type Task } from '../../service/certification/tasks';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-11-23T10:00:00');
const at = (date: string, time = '10:00') => (now = new Date(`${date}T${time}:00`));

before(async () => {
  db = await openJournal(await makeDemoFile(150, 5));
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
const logSize = async () => Number((await db.knex('change_log').count('* as n').first())?.n);
/** A refused call: its code, a Russian message, and no change to the journal. */
async function refused(login: string, m: string, a: unknown, code: string): Promise<string> {
  const caller = await as(login);
  const before = await logSize();
  const r = await host.call(caller, m, a);
  if (r.ok) assert.fail(`${login} ${m} should be refused with ${code}`);
  assert.equal(r.error.code, code, r.error.message);
  assert.match(r.error.message, /[А-Яа-я]/, 'a message in Russian');
  assert.doesNotMatch(r.error.message, /R-[A-Z]+-\d/, 'no rule ids in what a person reads');
  assert.equal(await logSize(), before, `${m}: a refused call changes nothing`);
  return r.error.message;
}
const period = async (kind: string, number: number) => db.knex('period').where({ kind, number }).first('id', 'name', 'starts_on', 'ends_on');

describe('certification dates (R-PRINT-2)', () => {
  it('a period that has not started is refused, with when it can be opened', async () => {
    at('2026-11-23');
    const q3 = await period('quarter', 3);
    assert.ok(q3.starts_on > '2026-11-23');
    const message = await refused('deputy', 'campaign.open', { periodId: q3.id, days: ['2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26'] }, 'OUT_OF_WINDOW');
    assert.match(message, /ещё не начался/);
  });

  it('a period not ended opens only from campaignOpensDaysBeforeEnd (default 7) days before its end; the deputy is told from when', async () => {
    assert.equal(DEFAULT_PROFILE.campaignOpensDaysBeforeEnd, 7);
    const q2 = await period('quarter', 2);
    assert.equal(q2.ends_on, '2026-12-25');
    const days = ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-11'];
    at('2026-11-23');
    const message = await refused('deputy', 'campaign.open', { periodId: q2.id, days }, 'OUT_OF_WINDOW');
    assert.match(message, /закончится 25\.12\.2026/);
    assert.match(message, /за 7 дней до конца периода — с 18\.12\.2026/);
    at('2026-12-17');
    await refused('deputy', 'campaign.open', { periodId: q2.id, days }, 'OUT_OF_WINDOW');
    // The administrator may give the deputies more time ahead.
    await ok('admin', 'regulation.update', { changes: { campaignOpensDaysBeforeEnd: 10 }, reason: 'приказ директора № 41' });
    const periods: Json[] = await ok('deputy', 'campaign.periods', {});
    assert.equal(periods.find((p) => p.id === q2.id).opensOn, '2026-12-15');
    const { campaignId } = await ok('deputy', 'campaign.open', { periodId: q2.id, days });
    await ok('admin', 'regulation.update', { changes: { campaignOpensDaysBeforeEnd: 7 }, reason: 'приказ директора № 42' });
    // Opened in error (too early for this school's practice): cancelled, nothing done yet.
    await ok('deputy', 'campaign.cancel', { campaignId, reason: 'открыта раньше срока, даты будут уточнены' });
  });

  it('the five days proposed skip weekends and the school calendar of non-working days (Russia\'s holidays by default), never 1 January', async () => {
    at('2026-12-28');
    const q2 = await period('quarter', 2);
    const proposed = async () => ((await ok('deputy', 'campaign.periods', {})) as Json[]).find((p) => p.id === q2.id).suggestedDays;
    // 28–31 December, then 1–8 January are holidays and 9–10 January a weekend.
    assert.deepEqual(await proposed(), ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-11']);
    // The school's own day off: 31 December moved from a Saturday.
    await refused('teacher', 'calendar.add', { date: '2026-12-31', name: 'перенос выходного с субботы' }, 'FORBIDDEN');
    await refused('deputy', 'calendar.add', { date: '2026-12-31', name: '' }, 'VALIDATION');
    await ok('admin', 'calendar.add', { date: '2026-12-31', name: 'перенос выходного с субботы 2 января' });
    await refused('deputy', 'calendar.add', { date: '2026-12-31', name: 'ещё раз' }, 'CONFLICT');
    assert.deepEqual(await proposed(), ['2026-12-28', '2026-12-29', '2026-12-30', '2027-01-11', '2027-01-12']);
    // Taken off the calendar, 4 January becomes a working day; 1 January is never proposed.
    await ok('deputy', 'calendar.remove', { date: '2027-01-01', reason: 'проверка: 1 января не предлагается' });
    await ok('deputy', 'calendar.remove', { date: '2027-01-04', reason: 'рабочий день по приказу' });
    assert.deepEqual(await proposed(), ['2026-12-28', '2026-12-29', '2026-12-30', '2027-01-04', '2027-01-11']);
    // A removed day keeps its row and its history.
    const row = await db.knex('non_working_day').where({ date: '2027-01-04' }).first();
    assert.equal(row.removed, 1);
    const history = await db.knex('change_log').where({ table_name: 'non_working_day', row_id: row.id }).orderBy('hlc').select('field', 'new_value', 'reason');
    assert.deepEqual(history.map((h: Json) => h.field), ['*', 'removed']);
    assert.match(history[1].reason, /рабочий день по приказу/);
    await refused('deputy', 'calendar.remove', { date: '2027-01-04', reason: 'ещё раз убрать' }, 'NOT_FOUND');
    await ok('admin', 'calendar.add', { date: '2027-01-04', name: 'Новогодние каникулы' });
    await ok('admin', 'calendar.add', { date: '2027-01-01', name: 'Новогодние каникулы' });
  });

  it('a year with no entries has Russia\'s holidays; the first entry to it keeps them', async () => {
    const y2030 = await ok('teacher', 'calendar.list', { year: 2030 });
    assert.equal(y2030.isDefault, true);
    assert.deepEqual(y2030.days, russianHolidays(2030));
    assert.deepEqual(russianHolidays(2030).map((d) => d.date.slice(5)),
      ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04']);
    const demo = await ok('deputy', 'calendar.list', { year: 2027 });
    assert.equal(demo.isDefault, false, 'a new (demo) school has its holidays entered');
    await ok('deputy', 'calendar.add', { date: '2030-05-10', name: 'перенос выходного с 5 января' });
    const after = await ok('deputy', 'calendar.list', { year: 2030 });
    assert.equal(after.isDefault, false);
    assert.equal(after.days.length, 15);
    assert.ok(after.days.some((d: Json) => d.date === '2030-01-07' && d.name === 'Рождество Христово'));
  });

  it('a campaign opened by mistake is cancelled with a reason while no step is taken; its record and reason stay; the period opens again', async () => {
    at('2026-10-26');
    const q1 = await period('quarter', 1);
    const days = ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30'];
    const { campaignId } = await ok('deputy', 'campaign.open', { periodId: q1.id, days });
    await refused('teacher', 'campaign.cancel', { campaignId, reason: 'по ошибке' }, 'FORBIDDEN');
    await refused('deputy', 'campaign.cancel', { campaignId, reason: 'нет' }, 'VALIDATION');
    await ok('deputy', 'campaign.cancel', { campaignId, reason: 'открыта с неверными датами' });
    await refused('deputy', 'campaign.cancel', { campaignId, reason: 'открыта с неверными датами' }, 'CONFLICT');
    const row = await db.knex('certification_campaign').where({ id: campaignId }).first();
    assert.equal(row.status, 'closed');
    assert.equal(row.cancel_reason, 'открыта с неверными датами');
    assert.equal(row.cancelled_by, (await db.knex('staff').where({ login: 'deputy' }).first('id')).id);
    const listed: Json[] = await ok('deputy', 'campaign.list', {});
    const cancelled = listed.find((c) => c.id === campaignId);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.cancelled.reason, 'открыта с неверными датами');
    // Nothing more happens in it, and nobody has its tasks.
    assert.deepEqual((await ok('teacher', 'campaign.myTasks', {})).tasks.filter((t: Json) => t.campaignId === campaignId), []);
    const page = await db.knex('teaching_assignment as a').join('staff as s', 's.id', 'a.teacher_id').join('class as c', 'c.id', 'a.class_id')
      .where({ 's.login': 'teacher' }).whereBetween('c.grade', [2, 9]).first('a.id');
    await refused('teacher', 'campaign.confirmMarks', { campaignId, assignmentId: page.id, acceptDoubts: true }, 'CONFLICT');

    // The period is opened again: a campaign of its own, the cancelled one kept beside it.
    const again = await ok('deputy', 'campaign.open', { periodId: q1.id, days });
    assert.notEqual(again.campaignId, campaignId);
    assert.equal(((await ok('deputy', 'campaign.periods', {})) as Json[]).find((p) => p.id === q1.id).campaignId, again.campaignId);
    assert.equal((await db.knex('certification_campaign').where({ period_id: q1.id }).count('* as n').first())?.n, 2);
    await refused('deputy', 'campaign.open', { periodId: q1.id, days }, 'CONFLICT');

    // Once a step is taken (day 2: the backup recorded), it is no longer cancelled.
    at('2026-10-27');
    await ok('deputy', 'backup.make', { destinations: [tmpDir()], note: 'аттестация' });
    await ok('deputy', 'campaign.recordBackup', { campaignId: again.campaignId });
    const message = await refused('deputy', 'campaign.cancel', { campaignId: again.campaignId, reason: 'передумали' }, 'CONFLICT');
    assert.match(message, /уже сделаны шаги/);
  });

  it('each task names its period, and a person\'s list holds no identical lines', async () => {
    // The second quarter (2–9) and the first half-year (10–11) end together: two campaigns open.
    at('2026-12-28');
    const q2 = await period('quarter', 2);
    const h1 = await period('half_year', 1);
    const days = ['2026-12-28', '2026-12-29', '2026-12-30', '2027-01-11', '2027-01-12'];
    await ok('deputy', 'campaign.open', { periodId: q2.id, days });
    await ok('deputy', 'campaign.open', { periodId: h1.id, days });
    for (const login of ['deputy', 'teacher', 'classteacher']) {
      const tasks: Json[] = (await ok(login, 'campaign.myTasks', {})).tasks;
      assert.ok(tasks.length > 0, `${login} has tasks`);
      const lines = tasks.map((t) => `${t.day}|${t.dueOn}|${t.text}`);
      assert.equal(new Set(lines).size, lines.length, `${login}: no identical lines`);
      for (const t of tasks) assert.ok(t.text.includes(t.periodName.replace(/^Учебный/, 'учебный')), `${login}: «${t.text}» names ${t.periodName}`);
    }
    const backups = (await ok('deputy', 'campaign.myTasks', {})).tasks.filter((t: Json) => t.kind === 'recordBackup').map((t: Json) => t.text);
    assert.deepEqual(backups.sort(), ['Сделать и записать резервную копию журнала для аттестации за 1 полугодие', 'Сделать и записать резервную копию журнала для аттестации за 2 четверть']);
    // Identical lines (say, one assignment listed twice) are shown once.
    const t = { campaignId: 'c', periodName: '2 четверть', kind: 'confirmMarks', step: 'marks', day: 1, dueOn: '2026-12-28', late: false, role: 'teacher', classId: 'k', className: '8Б', assignmentId: 'a', subjectName: 'Математика', text: 'Проверить и подтвердить отметки за 2 четверть: 8Б, Математика' } as Task;
    assert.equal(orderTasks([t, { ...t, assignmentId: 'b' }, { ...t, text: `${t.text} (1 группа)` }]).length, 2);
  });
});

// ---- period marks ---------------------------------------------------------------------------

const used = new Set<string>();
/** A teacher's page in grades 2–9 and a student there (each test its own) left with exactly `n` marks in the period. */
async function studentWithMarks(login: string, p: { id: string; starts_on: string; ends_on: string }, n: number, grades: [number, number] = [2, 9]) {
  const a = await db.knex('teaching_assignment as a').join('staff as s', 's.id', 'a.teacher_id').join('class as c', 'c.id', 'a.class_id')
    .where({ 's.login': login }).whereBetween('c.grade', grades).whereNull('a.subgroup_id').orderBy('a.hours_per_week', 'desc')
    .first('a.id', 'a.class_id', 'a.subject_id', 'a.hours_per_week');
  const counts: { student_id: string; n: number }[] = await db.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id')
    .where({ 'l.assignment_id': a.id, 'l.cancelled': 0 }).whereNotNull('m.value').whereBetween('l.date', [p.starts_on, p.ends_on])
    .groupBy('m.student_id').orderBy([{ column: 'n', order: 'desc' }, { column: 'm.student_id' }]).select('m.student_id', db.knex.raw('count(*) as n'));
  const s = counts.find((c) => Number(c.n) >= n && !used.has(c.student_id));
  assert.ok(s, `a student with at least ${n} marks`);
  used.add(s.student_id);
  const marks = await db.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id')
    .where({ 'l.assignment_id': a.id, 'm.student_id': s.student_id, 'l.cancelled': 0 }).whereNotNull('m.value')
    .whereBetween('l.date', [p.starts_on, p.ends_on]).orderBy('l.date').select('m.id');
  const clear = marks.slice(n).map((m: { id: string }) => ({ table: 'mark' as const, id: m.id, set: { value: null } }));
  if (clear.length) await db.writer.write({ userId: null }, clear, { reason: 'test setup' });
  return { assignmentId: a.id as string, classId: a.class_id as string, subjectId: a.subject_id as string, hours: Number(a.hours_per_week), studentId: s.student_id };
}

describe('period marks: the window before the confirmation (R-TIME-5, R-TIME-4, R-TIME-3)', () => {
  it('after the window a period mark on too few marks is refused as late, not asked to be confirmed; the correction request asks, and its approval applies it', async () => {
    const q1 = await period('quarter', 1);
    const s = await studentWithMarks('teacher', q1, 2);
    at('2026-11-20'); // the window closed on 30.10.2026
    const args = { assignmentId: s.assignmentId, periodId: q1.id, studentId: s.studentId, value: '4' };
    const late = await refused('teacher', 'journal.setPeriodMark', args, 'OUT_OF_WINDOW');
    assert.match(late, /Срок выставления отметок за период/);
    // The request plans the same change with the window off: there the minimum still asks.
    const reason = 'отметка не выставлена вовремя по болезни учителя';
    const ask = await refused('teacher', 'correction.request', { method: 'journal.setPeriodMark', args, reason }, 'NEEDS_CONFIRMATION');
    assert.match(ask, /нужно не меньше 3/);
    const { requestId } = await ok('teacher', 'correction.request', { method: 'journal.setPeriodMark', args: { ...args, confirmFewMarks: true }, reason });
    await ok('deputy', 'correction.decide', { requestId, approve: true });
    assert.equal((await db.knex('period_mark').where({ id: keyId('period_mark', q1.id, s.studentId, s.subjectId) }).first('value')).value, '4');
  });
});

describe('the minimum of marks follows the regulations (R-TIME-4, revised)', () => {
  it('the profile: 3 a quarter whatever the hours; 3 / 5 by weekly hours for a half-year or trimester', () => {
    const p = DEFAULT_PROFILE;
    assert.deepEqual([p.minMarksQuarter, p.minMarksOneHour, p.minMarksMoreHours], [3, 3, 5]);
    assert.deepEqual([minMarksFor(p, 'quarter', 1), minMarksFor(p, 'quarter', 5)], [3, 3]);
    assert.deepEqual([minMarksFor(p, 'half_year', 1), minMarksFor(p, 'half_year', 2), minMarksFor(p, 'trimester', 1), minMarksFor(p, 'trimester', 4)], [3, 5, 3, 5]);
  });

  it('a quarter mark of a subject of several hours a week needs 3 marks, not 5: confirmation, day-1 check and control report agree', async () => {
    const q1 = await period('quarter', 1);
    at('2026-10-23');
    const three = await studentWithMarks('teacher', q1, 3);
    assert.ok(three.hours >= 2, 'a subject of two or more hours a week');
    await ok('teacher', 'journal.setPeriodMark', { assignmentId: three.assignmentId, periodId: q1.id, studentId: three.studentId, value: '4' });
    const two = await studentWithMarks('teacher', q1, 2);
    const message = await refused('teacher', 'journal.setPeriodMark', { assignmentId: two.assignmentId, periodId: q1.id, studentId: two.studentId, value: '4' }, 'NEEDS_CONFIRMATION');
    assert.match(message, /2 отм\. за период, а нужно не меньше 3/);
    await ok('teacher', 'journal.setPeriodMark', { assignmentId: two.assignmentId, periodId: q1.id, studentId: two.studentId, value: '4', confirmFewMarks: true });
    const flagged: Json[] = await ok('deputy', 'control.fewMarkPeriodMarks', { periodId: q1.id, classId: three.classId });
    assert.ok(!flagged.some((f) => f.studentId === three.studentId), 'three marks in a quarter are enough');
    assert.deepEqual(flagged.filter((f) => f.studentId === two.studentId).map((f) => [f.marks, f.need]), [[2, 3]]);
    // The day-1 check asks for the same 3.
    const live = ((await ok('deputy', 'campaign.periods', {})) as Json[]).find((p) => p.id === q1.id).campaignId;
    const check = await ok('deputy', 'campaign.checkMarks', { campaignId: live, assignmentId: three.assignmentId });
    assert.equal(check.minMarks, 3);
    assert.ok(!check.issues.some((i: Json) => i.studentId === three.studentId && i.kind === 'fewMarks'));
  });

  it('a half-year mark needs 5 marks for a subject of two or more hours a week: the day-1 check and the control report', async () => {
    const h1 = await period('half_year', 1);
    const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where('c.grade', '>=', 10)
      .where('a.hours_per_week', '>=', 2).whereNull('a.subgroup_id').first('a.id', 'a.class_id', 'a.subject_id');
    const student = await db.knex('enrolment').where({ class_id: a.class_id }).first('student_id');
    // Four marks in the half-year, and a period mark on them.
    const lessons = await db.knex('lesson').where({ assignment_id: a.id, cancelled: 0 }).whereBetween('date', [h1.starts_on, h1.ends_on]).orderBy('date').select('id');
    const marks = await db.knex('mark').whereIn('lesson_id', lessons.map((l: Json) => l.id)).where({ student_id: student.student_id }).whereNotNull('value').select('id');
    const changes: Json[] = marks.slice(4).map((m: Json) => ({ table: 'mark', id: m.id, set: { value: null } }));
    await db.writer.write({ userId: null }, [...changes, { table: 'period_mark', id: keyId('period_mark', h1.id, student.student_id, a.subject_id), set: { period_id: h1.id, student_id: student.student_id, subject_id: a.subject_id, class_id: a.class_id, value: '4', reason: '' } }], { reason: 'test setup' });
    assert.equal(Math.min(marks.length, 4), 4, 'the student had at least four marks');
    const flagged: Json[] = await ok('deputy', 'control.fewMarkPeriodMarks', { periodId: h1.id, classId: a.class_id });
    assert.deepEqual(flagged.filter((f) => f.studentId === student.student_id).map((f) => [f.marks, f.need]), [[4, 5]]);
    const live = ((await ok('deputy', 'campaign.periods', {})) as Json[]).find((p) => p.id === h1.id).campaignId;
    const check = await ok('deputy', 'campaign.checkMarks', { campaignId: live, assignmentId: a.id });
    assert.equal(check.minMarks, 5);
    assert.ok(check.issues.some((i: Json) => i.studentId === student.student_id && i.kind === 'fewMarks'));
  });
});
