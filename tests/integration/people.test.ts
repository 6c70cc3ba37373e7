// People of a real school (issue 13): students added with guardians and consent (R-ROLE-6,
// R-REC-10), the search box for the roles that may see them, and student movement by order
// (R-REC-9) as every journal page and printed copy reads it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { loadClassCopy } from '../../print/data/class-copy';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { serviceCalls } from '../helpers/service-calls';
import { addDays } from '../../shared/dates';

let db: JournalDb;
let host: ServiceHost;
const { signIn, ok, refused } = serviceCalls(() => host);

before(async () => {
  db = await openJournal(await makeDemoFile(300, 6));
  host = new ServiceHost(db, { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());


const anyClass = async (grade: number, nth = 0) => (await db.knex('class').where({ grade }).orderBy('letter').select('id', 'name'))[nth] as { id: string; name: string };
const count = async (table: string) => Number((await db.knex(table).count({ n: '*' }))[0]!.n);

describe('students (R-ROLE-6, R-REC-10)', () => {
  const pupil = {
    lastName: 'Ёлкина', firstName: 'Дарья', middleName: 'Сергеевна', birthDate: '2014-03-08', gender: 'ж',
    guardians: [{ lastName: 'Ёлкина', firstName: 'Ольга', middleName: 'Петровна', phone: '+7 (912) 345-67-89', relation: 'мать' }],
    consent: { guardian: 0, signedOn: '2026-09-01', documentNo: '15' },
  };

  it('the administrator adds a student with a guardian and the consent in one change; a duplicate or a second class is refused', async () => {
    const admin = await signIn('admin');
    const c = await anyClass(6);
    const before = await count('change_log');
    const r = await ok<{ studentId: string; enrolledOn: string }>(admin, 'students.add', { ...pupil, classId: c.id, enrolledOn: '2026-09-01' });
    const student = await db.knex('student').where({ id: r.studentId }).first();
    assert.equal(student.last_name, 'Ёлкина');
    assert.deepEqual(await db.knex('enrolment').where({ student_id: r.studentId }).select('class_id', 'starts_on', 'ends_on'), [{ class_id: c.id, starts_on: '2026-09-01', ends_on: null }]);
    const g = await db.knex('student_guardian as sg').join('guardian as g', 'g.id', 'sg.guardian_id').where('sg.student_id', r.studentId).first('g.phone', 'sg.relation');
    assert.deepEqual(g, { phone: '+7 (912) 345-67-89', relation: 'мать' });
    assert.equal((await db.knex('consent').where({ student_id: r.studentId })).length, 1);
    const sets = await db.knex('change_log').where('seq', '>', before).distinct('change_set_id');
    assert.equal(sets.length, 1, 'one change set: the student, the class, the guardian and the consent together');

    // The same name and birth date (ё or е, any case) is the same person: refused, nothing written.
    const after1 = await count('change_log');
    assert.equal(await refused(admin, 'students.add', { ...pupil, lastName: 'елкина', classId: (await anyClass(6, 1)).id, enrolledOn: '2026-09-01' }), 'CONFLICT');
    assert.equal(await count('change_log'), after1);
  });

  it('bad input is refused with a Russian message and changes nothing', async () => {
    const admin = await signIn('admin');
    const c = await anyClass(7);
    const n = await count('change_log');
    const base = { ...pupil, lastName: 'Новикова', birthDate: '2013-05-05', classId: c.id };
    for (const bad of [
      { ...base, lastName: 'Нов1кова' },
      { ...base, lastName: '' },
      { ...base, birthDate: '2024-01-01' },
      { ...base, birthDate: '05.05.2013' },
      { ...base, gender: 'x' },
      { ...base, enrolledOn: '2026-11-16' }, // after the year's start: an order of arrival is needed
      { ...base, enrolledOn: '2027-07-01' },
      { ...base, consent: { guardian: 3, signedOn: '2026-09-01' } },
      { ...base, guardians: [{ ...pupil.guardians[0], phone: 'звонить вечером' }] },
    ]) {
      const r = await host.call(admin, 'students.add', bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      if (!r.ok) assert.match(r.error.message, /[А-Яа-я]/, 'the message is in Russian');
    }
    assert.equal(await count('change_log'), n);
    assert.equal(await refused(await signIn('teacher'), 'students.add', base), 'FORBIDDEN');
    assert.equal(await refused(await signIn('deputy'), 'students.add', base), 'FORBIDDEN');
    // With the order of arrival, a mid-year student is enrolled and the arrival recorded.
    const late = await ok<{ studentId: string }>(admin, 'students.add', { ...base, enrolledOn: '2026-11-16', arrival: { orderNumber: '112-у', orderDate: '2026-11-13', note: 'из МБОУ СОШ № 3' } });
    const m = await db.knex('movement').where({ student_id: late.studentId }).first('kind', 'date', 'to_class_id', 'order_number');
    assert.deepEqual(m, { kind: 'arrival', date: '2026-11-16', to_class_id: c.id, order_number: '112-у' });
  });

  it('the search box finds a student by any part of the name in any case; a teacher finds only the students of their classes', async () => {
    const deputy = await signIn('deputy');
    const found = await ok<{ name: string; className: string }[]>(deputy, 'students.search', { query: 'елкина дар' });
    assert.deepEqual(found.map((f) => f.name), ['Ёлкина Дарья Сергеевна']);
    const teacher = await signIn('teacher');
    const teacherId = (await db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
    const theirs = new Set((await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where('a.teacher_id', teacherId).select('c.name')).map((r: { name: string }) => r.name));
    // The first letters of a surname common enough to be in several classes.
    const surnames: { last_name: string }[] = await db.knex('student').select('last_name');
    const prefixes = new Map<string, number>();
    for (const s of surnames) prefixes.set(s.last_name.slice(0, 2), (prefixes.get(s.last_name.slice(0, 2)) ?? 0) + 1);
    const common = [...prefixes].sort((a, b) => b[1] - a[1])[0]![0];
    let t = performance.now();
    const all = await ok<{ className: string }[]>(deputy, 'students.search', { query: common.toLocaleLowerCase('ru'), limit: 50 });
    assert.ok(performance.now() - t < 2000, `a search answers at once (${performance.now() - t} ms)`);
    t = performance.now();
    const some = await ok<{ className: string }[]>(teacher, 'students.search', { query: common, limit: 50 });
    assert.ok(performance.now() - t < 2000, `a teacher's search answers at once (${performance.now() - t} ms)`);
    assert.ok(all.length > some.length, 'the administration sees more than one teacher');
    assert.ok(some.length > 0);
    assert.ok(some.every((s) => theirs.has(s.className)), 'only students of the teacher\'s classes');
    assert.equal(await refused(teacher, 'students.search', { query: 'x' }), 'VALIDATION');
  });
});

describe('student movement (R-REC-9)', () => {
  it('a transfer on 15.10: the old class until 14.10, the new from 15.10, on both pages and both printed copies; the marks stay with their lessons', async () => {
    const admin = await signIn('admin');
    const from = await anyClass(8, 0);
    const to = await anyClass(8, 1);
    const student: { student_id: string; last_name: string } = await db.knex('enrolment as e').join('student as s', 's.id', 'e.student_id')
      .where({ 'e.class_id': from.id }).whereNull('e.ends_on').orderBy('s.last_name').first('e.student_id', 's.last_name');
    const marksBefore = await db.knex('mark').where({ student_id: student.student_id }).select('id', 'lesson_id', 'value');
    const r = await ok<{ movementId: string }>(admin, 'movement.record', {
      studentId: student.student_id, kind: 'transfer', date: '2026-10-15', toClassId: to.id, orderNumber: '95-у', orderDate: '2026-10-14',
    });
    const spans = await db.knex('enrolment').where({ student_id: student.student_id }).orderBy('starts_on').select('class_id', 'starts_on', 'ends_on');
    assert.deepEqual(spans.map((s: { class_id: string; ends_on: string | null }) => [s.class_id, s.ends_on]), [[from.id, '2026-10-14'], [to.id, null]]);
    assert.equal(spans[1].starts_on, '2026-10-15');
    assert.deepEqual(await db.knex('mark').where({ student_id: student.student_id }).select('id', 'lesson_id', 'value'), marksBefore, 'each mark stays with its lesson');

    // Both classes' pages of the first quarter list the student with the dates.
    const deputy = await signIn('deputy');
    for (const [cls, fromDate, toDate] of [[from, null, '2026-10-14'], [to, '2026-10-15', null]] as const) {
      const page = (await db.knex('teaching_assignment').where({ class_id: cls.id }).whereNull('subgroup_id').first('id')).id as string;
      const q1 = (await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id')).id as string;
      const p = await ok<{ students: { id: string; from: string; to: string | null }[] }>(deputy, 'journal.page', { assignmentId: page, periodId: q1 });
      const row = p.students.find((s) => s.id === student.student_id);
      assert.ok(row, `${cls.name} lists the student in the first quarter`);
      if (toDate) assert.equal(row.to, toDate);
      if (fromDate) assert.equal(row.from, fromDate);
      const copy = await loadClassCopy(db.knex, cls.id, q1);
      const listed = JSON.stringify(copy);
      assert.ok(listed.includes(student.last_name), `the printed copy of ${cls.name} lists the student`);
    }
    // The movement list (and so the movement summary) has the order.
    const moves = await ok<{ kindName: string; orderNumber: string; fromClass: string; toClass: string }[]>(deputy, 'movement.list', {});
    assert.ok(moves.some((m) => m.orderNumber === '95-у' && m.fromClass === from.name && m.toClass === to.name && m.kindName === 'перевод'));
    assert.ok(r.movementId);
  });

  it('departure and a return; refusals for what cannot be', async () => {
    const admin = await signIn('admin');
    const cls = await anyClass(9, 0);
    const s: { student_id: string } = await db.knex('enrolment').where({ class_id: cls.id }).whereNull('ends_on').first('student_id');
    const n = await count('change_log');
    // An arrival for a student who is in a class; a transfer into the same class; a date outside the year; an order from the future.
    assert.equal(await refused(admin, 'movement.record', { studentId: s.student_id, kind: 'arrival', date: '2026-11-20', toClassId: cls.id, orderNumber: '1', orderDate: '2026-11-19' }), 'CONFLICT');
    assert.equal(await refused(admin, 'movement.record', { studentId: s.student_id, kind: 'transfer', date: '2026-11-20', toClassId: cls.id, orderNumber: '1', orderDate: '2026-11-19' }), 'VALIDATION');
    assert.equal(await refused(admin, 'movement.record', { studentId: s.student_id, kind: 'departure', date: '2027-08-20', orderNumber: '1', orderDate: '2026-11-19' }), 'VALIDATION');
    assert.equal(await refused(admin, 'movement.record', { studentId: s.student_id, kind: 'departure', date: '2026-11-20', orderNumber: '1', orderDate: '2026-12-19' }), 'VALIDATION');
    assert.equal(await refused(admin, 'movement.record', { studentId: s.student_id, kind: 'departure', date: '2026-11-20', orderNumber: '', orderDate: '2026-11-19' }), 'VALIDATION');
    assert.equal(await refused(await signIn('deputy'), 'movement.record', { studentId: s.student_id, kind: 'departure', date: '2026-11-20', orderNumber: '1', orderDate: '2026-11-19' }), 'FORBIDDEN');
    assert.equal(await count('change_log'), n, 'nothing written');

    await ok(admin, 'movement.record', { studentId: s.student_id, kind: 'departure', date: '2026-11-20', orderNumber: '120-у', orderDate: '2026-11-19', note: 'в г. Пермь' });
    assert.equal((await db.knex('enrolment').where({ student_id: s.student_id }).whereNull('ends_on')).length, 0, 'no class after the departure');
    assert.equal(await refused(admin, 'movement.record', { studentId: s.student_id, kind: 'departure', date: '2026-11-21', orderNumber: '121-у', orderDate: '2026-11-19' }), 'CONFLICT');
    await ok(admin, 'movement.record', { studentId: s.student_id, kind: 'arrival', date: '2026-11-23', toClassId: cls.id, orderNumber: '122-у', orderDate: '2026-11-23' });
    const spans = await db.knex('enrolment').where({ student_id: s.student_id }).orderBy('starts_on').select('starts_on', 'ends_on');
    assert.deepEqual(spans.slice(-2).map((x: { starts_on: string; ends_on: string | null }) => x.ends_on), ['2026-11-19', null]);
  });
});

describe('staff (R-ROLE-6)', () => {
  it('the administrator adds a teacher with two roles, issues a code, the teacher activates and signs in; a role is revoked with a reason; dismissal keeps the records', async () => {
    const admin = await signIn('admin');
    const r = await ok<{ staffId: string; roles: string[] }>(admin, 'staff.add', {
      lastName: 'Соколова', firstName: 'Анна', middleName: 'Игоревна', position: 'учитель математики', login: 'sokolova', roles: ['teacher', 'class_teacher'], reason: 'приказ № 45-к от 28.08.2026',
    });
    assert.deepEqual(r.roles.sort(), ['class_teacher', 'teacher']);
    assert.equal(await refused(admin, 'staff.add', { lastName: 'Соколов', firstName: 'Иван', login: 'SOKOLOVA', roles: ['teacher'], reason: 'приказ № 46-к' }), 'CONFLICT', 'a login is unique in any case');
    assert.equal(await refused(admin, 'staff.add', { lastName: 'Соколов', firstName: 'Иван', login: 'соколов', roles: ['teacher'], reason: 'приказ № 46-к' }), 'VALIDATION');
    assert.equal(await refused(admin, 'staff.add', { lastName: 'Соколов', firstName: 'Иван', login: 'sokolov', roles: [], reason: 'приказ № 46-к' }), 'VALIDATION');
    assert.equal(await refused(await signIn('deputy'), 'staff.add', { lastName: 'Соколов', firstName: 'Иван', login: 'sokolov', roles: ['teacher'], reason: 'приказ № 46-к' }), 'FORBIDDEN');

    const { code } = await ok<{ code: string }>(admin, 'staff.issueActivation', { staffId: r.staffId });
    const act = await host.call('t:new', 'auth.activate', { login: 'sokolova', code, newPassword: 'Kvadrat-2026-uravnenie' });
    assert.ok(act.ok, act.ok ? '' : act.error.message);
    const me = await signIn('sokolova', 'Kvadrat-2026-uravnenie');
    assert.ok(me);

    await ok(admin, 'staff.revokeRole', { staffId: r.staffId, role: 'class_teacher', reason: 'приказ № 50-к от 01.10.2026' });
    const log = await db.knex('change_log').where({ table_name: 'staff_role', field: 'revoked' }).orderBy('seq', 'desc').first('reason');
    assert.equal(log.reason, 'приказ № 50-к от 01.10.2026', 'the reason is on record');
    assert.equal(await refused(admin, 'staff.revokeRole', { staffId: r.staffId, role: 'class_teacher', reason: 'ещё раз' }), 'CONFLICT');
    await ok(admin, 'staff.grantRole', { staffId: r.staffId, role: 'class_teacher', reason: 'приказ № 51-к' });
    assert.equal((await db.knex('staff_role').where({ staff_id: r.staffId, role: 'class_teacher' })).length, 1, 'granted again: the same row');
    await ok(admin, 'staff.update', { staffId: r.staffId, lastName: 'Соколова-Ильина', reason: 'смена фамилии, свидетельство о браке' });

    const teacherId = (await db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
    const d = await ok<{ pagesToHandOver: string[] }>(admin, 'staff.dismiss', { staffId: teacherId, reason: 'приказ № 60-к от 20.11.2026' });
    assert.ok(d.pagesToHandOver.length > 0, 'the pages still to hand over are listed');
    assert.equal((await db.knex('staff').where({ id: teacherId }).first('active')).active, 0);
    assert.ok((await db.knex('lesson').where({ teacher_id: teacherId })).length > 0, 'their lessons stay');
    const login = await host.call('t:x', 'auth.login', { login: 'teacher', password: 'demo' });
    assert.equal(login.ok, false, 'a dismissed teacher cannot sign in');
    const adminId = (await db.knex('staff').where({ login: 'admin' }).first('id')).id as string;
    assert.equal(await refused(admin, 'staff.dismiss', { staffId: adminId, reason: 'приказ № 61-к' }), 'CONFLICT', 'not oneself');
    assert.equal(await refused(admin, 'staff.revokeRole', { staffId: adminId, role: 'admin', reason: 'приказ № 61-к' }), 'CONFLICT', 'not the only administrator');
  });
});

describe('subgroups (R-ROLE-3, R-ROLE-8)', () => {
  it('the administrator splits a class; a student moves between groups only from the first day of a period', async () => {
    const admin = await signIn('admin');
    const cls = await anyClass(7, 1);
    const subject: { id: string } = await db.knex('subject').where({ name: 'Информатика' }).first('id') ?? await db.knex('subject').first('id');
    const g1 = (await ok<{ subgroupId: string }>(admin, 'subgroups.save', { classId: cls.id, subjectId: subject.id, name: '1 группа (тест)' })).subgroupId;
    const g2 = (await ok<{ subgroupId: string }>(admin, 'subgroups.save', { classId: cls.id, subjectId: subject.id, name: '2 группа (тест)' })).subgroupId;
    assert.equal(await refused(admin, 'subgroups.save', { classId: cls.id, subjectId: subject.id, name: '1 группа (тест)' }), 'CONFLICT');
    const students = (await db.knex('enrolment').where({ class_id: cls.id }).whereNull('ends_on').where('starts_on', '<=', '2026-11-09').orderBy('student_id').select('student_id')).map((r: { student_id: string }) => r.student_id);
    const q2: { starts_on: string } = await db.knex('period').where({ kind: 'quarter', number: 2 }).first('starts_on');
    const q3: { starts_on: string } = await db.knex('period').where({ kind: 'quarter', number: 3 }).first('starts_on');
    const half = Math.floor(students.length / 2);
    await ok(admin, 'subgroups.setMembers', { subgroupId: g1, from: q2.starts_on, studentIds: students.slice(0, half) });
    await ok(admin, 'subgroups.setMembers', { subgroupId: g2, from: q2.starts_on, studentIds: students.slice(half) });
    // In the middle of a period: refused, with the date it can be done from.
    const mid = await host.call(admin, 'subgroups.setMembers', { subgroupId: g2, from: '2026-11-25', studentIds: students });
    assert.equal(mid.ok, false);
    if (!mid.ok) assert.match(mid.error.message, /только по окончании периода/);
    assert.equal(await refused(await signIn('deputy'), 'subgroups.setMembers', { subgroupId: g2, from: q3.starts_on, studentIds: students }), 'FORBIDDEN');
    const outsider: { student_id: string } = await db.knex('enrolment').whereNot({ class_id: cls.id }).first('student_id');
    assert.equal(await refused(admin, 'subgroups.setMembers', { subgroupId: g2, from: q3.starts_on, studentIds: [outsider.student_id] }), 'VALIDATION');
    // The first student moves to group 2 from the third quarter: group 1 ends the day before.
    await ok(admin, 'subgroups.setMembers', { subgroupId: g2, from: q3.starts_on, studentIds: [students[0]!, ...students.slice(half)] });
    const spans = await db.knex('subgroup_member').where({ student_id: students[0] }).whereIn('subgroup_id', [g1, g2]).orderBy('starts_on').select('subgroup_id', 'starts_on', 'ends_on');
    assert.deepEqual(spans.map((s: { subgroup_id: string; ends_on: string | null }) => [s.subgroup_id, s.ends_on]), [[g1, addDays(q3.starts_on, -1)], [g2, null]]);
    const listed = await ok<{ id: string; students: unknown[] }[]>(admin, 'subgroups.list', { classId: cls.id, date: q3.starts_on });
    assert.equal(listed.find((g) => g.id === g2)!.students.length, students.length - half + 1);
  });
});

describe('staff.update keeps what it is not given', () => {
  it('correcting only the position leaves the name, patronymic included', async () => {
    const admin = await signIn('admin');
    const s: { id: string; middle_name: string } = await db.knex('staff').where({ login: 'deputy' }).first('id', 'middle_name');
    assert.notEqual(s.middle_name, '');
    await ok(admin, 'staff.update', { staffId: s.id, position: 'заместитель директора по УР', reason: 'приказ № 70-к' });
    const after = await db.knex('staff').where({ id: s.id }).first('middle_name', 'position');
    assert.deepEqual(after, { middle_name: s.middle_name, position: 'заместитель директора по УР' });
    const listed = (await ok<{ id: string; lastName: string; middleName: string }[]>(admin, 'staff.list', {})).find((x) => x.id === s.id)!;
    assert.equal(listed.middleName, s.middle_name, 'the list gives the name\'s parts');
  });
});

describe('a deputy\'s parallels (R-ROLE-4)', () => {
  it('the overview opens on the deputy\'s own classes, and shows the whole school on request', async () => {
    const admin = await signIn('admin');
    const deputyId = (await db.knex('staff').where({ login: 'deputy' }).first('id')).id as string;
    await ok(admin, 'setup.setDeputyGrades', { staffId: deputyId, grades: [5, 6] });
    const deputy = await signIn('deputy');
    const mine = await ok<{ scope: string; myGrades: number[]; classes: { grade: number }[] }>(deputy, 'school.overview', {});
    assert.equal(mine.scope, 'mine');
    assert.deepEqual(mine.myGrades, [5, 6]);
    assert.deepEqual([...new Set(mine.classes.map((c) => c.grade))].sort(), [5, 6]);
    const all = await ok<{ scope: string; classes: { grade: number }[] }>(deputy, 'school.overview', { scope: 'all' });
    assert.equal(all.scope, 'all');
    assert.equal(new Set(all.classes.map((c) => c.grade)).size, 11);
    // The certification opens on the same classes.
    const q1: { id: string } = await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id');
    const periods = await ok<{ id: string; suggestedDays: string[] }[]>(deputy, 'campaign.periods', {});
    const days = periods.find((p) => p.id === q1.id)!.suggestedDays;
    const { campaignId } = await ok<{ campaignId: string }>(deputy, 'campaign.open', { periodId: q1.id, days });
    const dash = await ok<{ scope: string; classes: { grade: number }[] }>(deputy, 'campaign.dashboard', { campaignId });
    assert.equal(dash.scope, 'mine');
    assert.deepEqual([...new Set(dash.classes.map((c) => c.grade))].sort(), [5, 6]);
    const whole = await ok<{ classes: { grade: number }[] }>(deputy, 'campaign.dashboard', { campaignId, scope: 'all' });
    assert.ok(whole.classes.length > dash.classes.length);
    // The director has no parallels: the whole school.
    assert.equal((await ok<{ scope: string }>(await signIn('director'), 'school.overview', {})).scope, 'all');
    await ok(admin, 'setup.setDeputyGrades', { staffId: deputyId, grades: [] });
    assert.equal((await ok<{ scope: string }>(await signIn('deputy'), 'school.overview', {})).scope, 'all', 'parallels taken back');
  });
});
