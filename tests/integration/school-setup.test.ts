// A real school from scratch (issue 13): the first start on an empty journal, then the
// administrator's setup of the year (R-ROLE-6) through the service, as the window and the
// CLI meet it: school details, the year and its periods, bells, staff, classes, subjects,
// curriculum, load, a timetable checked for double bookings, and the lessons it gives.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { trustAnchor } from '../../db/sync/trust';
import { ServiceHost } from '../../service/host';
import { serviceCalls } from '../helpers/service-calls';
import { tmpDir } from '../helpers/tmp';

let db: JournalDb;
let host: ServiceHost;
const { signIn, ok, refused } = serviceCalls(() => host);
const PASSWORD = 'Snezhnyj-Bars-2027';

before(async () => {
  db = await openJournal(path.join(tmpDir(), 'new-school.sqlite'));
  host = new ServiceHost(db, { now: () => new Date('2027-08-20T10:00:00'), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => host.db.close());

const school = {
  fullName: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»',
  shortName: 'МБОУ СОШ № 7', address: 'г. Березники, ул. Школьная, 7',
  admin: { lastName: 'Кузнецова', firstName: 'Ирина', middleName: 'Павловна', login: 'kuznetsova', password: PASSWORD, passwordRepeat: PASSWORD },
};

describe('the first start (issue 13)', () => {
  it('an empty journal asks for its school; a weak or mistyped password is refused; the school is made with its administrator as the trust anchor, once', async () => {
    assert.deepEqual(await ok(`anon:${Math.random()}`, 'firstStart.state', {}), { needsSetup: true });
    assert.equal((await ok<{ needsSetup: boolean }>('anon', 'app.info', {})).needsSetup, true);
    assert.equal(await refused('anon', 'firstStart.createSchool', { ...school, admin: { ...school.admin, password: '12345678', passwordRepeat: '12345678' } }), 'VALIDATION');
    assert.equal(await refused('anon', 'firstStart.createSchool', { ...school, admin: { ...school.admin, passwordRepeat: 'другой' } }), 'VALIDATION');
    assert.equal(await db.knex('school').first('id'), undefined, 'nothing written');
    const r = await ok<{ schoolKeyFingerprint: string }>('anon', 'firstStart.createSchool', school);
    const anchor = await trustAnchor(db.knex);
    const admin = await db.knex('staff').where({ login: 'kuznetsova' }).first('id');
    assert.equal(anchor?.staffId, admin.id);
    assert.equal(anchor?.fingerprint, r.schoolKeyFingerprint);
    assert.equal((await db.knex('school').first('is_demo')).is_demo, 0);
    // Once the school exists, the first start's choices are closed to everyone.
    assert.equal(await refused('anon', 'firstStart.createSchool', school), 'CONFLICT');
    assert.equal(await refused('anon', 'firstStart.openDemo', {}), 'CONFLICT');
    assert.equal(await refused('anon', 'firstStart.join', { share: tmpDir() }), 'CONFLICT');
    assert.deepEqual(await ok('anon', 'firstStart.state', {}), { needsSetup: false });
  });
});

describe('the year\'s setup (R-ROLE-6)', () => {
  let admin: string;
  let yearId: string;
  const ids: Record<string, string> = {};

  it('school details with the titles printed on paper; the year from the proposal, checked per grade', async () => {
    admin = await signIn('kuznetsova', PASSWORD);
    await ok(admin, 'setup.saveSchool', { fullName: school.fullName, shortName: school.shortName, address: school.address, certifierTitle: 'Заместитель директора по УР' });
    assert.equal((await ok<{ certifierTitle: string }>(admin, 'setup.schoolDetails', {})).certifierTitle, 'Заместитель директора по УР');
    const plan = await ok<{ name: string; startsOn: string; endsOn: string; periods: { kind: string; name: string; startsOn: string; endsOn: string; gradeFrom: number; gradeTo: number; number: number }[]; holidays: unknown[] }>(admin, 'setup.proposeYear', { startYear: 2027 });
    assert.equal(plan.name, '2027/2028');
    assert.deepEqual([...new Set(plan.periods.map((p) => p.kind))].sort(), ['half_year', 'quarter', 'year']);
    const tri = await ok<{ periods: { kind: string }[] }>(admin, 'setup.proposeYear', { startYear: 2027, scheme: 'trimesters' });
    assert.equal(tri.periods.filter((p) => p.kind === 'trimester').length, 3);
    // Overlapping quarters, a period outside the year, a grade without periods: refused.
    const q = plan.periods.findIndex((p) => p.kind === 'quarter' && p.number === 2);
    const overlapping = plan.periods.map((p, i) => (i === q ? { ...p, startsOn: plan.periods[0]!.endsOn } : p));
    assert.equal(await refused(admin, 'setup.createYear', { ...plan, periods: overlapping }), 'VALIDATION');
    assert.equal(await refused(admin, 'setup.createYear', { ...plan, periods: plan.periods.filter((p) => p.kind !== 'half_year') }), 'VALIDATION');
    assert.equal(await refused(admin, 'setup.createYear', { ...plan, endsOn: '2028-04-30' }), 'VALIDATION');
    ({ yearId } = await ok<{ yearId: string }>(admin, 'setup.createYear', plan));
    assert.equal((await db.knex('period').where({ year_id: yearId })).length, plan.periods.length);
    assert.equal(await refused(admin, 'setup.createYear', plan), 'CONFLICT', 'the same year twice');
    assert.equal(await refused(await signIn('kuznetsova', PASSWORD), 'setup.saveBells', { bells: [{ lessonNo: 1, startsAt: '08:30', endsAt: '08:10' }] }), 'VALIDATION');
    await ok(admin, 'setup.saveBells', { bells: [1, 2, 3, 4, 5, 6].map((n) => ({ lessonNo: n, startsAt: `${String(7 + n).padStart(2, '0')}:30`, endsAt: `${String(8 + n).padStart(2, '0')}:10` })) });
  });

  it('staff, classes with class teachers, subjects, curriculum and load; bad input refused', async () => {
    for (const [key, last, first] of [['math', 'Орлова', 'Нина'], ['rus', 'Белов', 'Пётр'], ['dep', 'Фомина', 'Ольга']] as const) {
      ids[key] = (await ok<{ staffId: string }>(admin, 'staff.add', { lastName: last, firstName: first, login: `${key}teacher`, roles: key === 'dep' ? ['deputy'] : ['teacher'], reason: 'приказ № 12-к от 25.08.2027' })).staffId;
    }
    ids['5А'] = (await ok<{ classId: string }>(admin, 'setup.saveClass', { yearId, grade: 5, letter: 'А', classTeacherId: ids.math, room: '21' })).classId;
    ids['5Б'] = (await ok<{ classId: string }>(admin, 'setup.saveClass', { yearId, grade: 5, letter: 'Б', classTeacherId: ids.rus, room: '22' })).classId;
    assert.equal(await refused(admin, 'setup.saveClass', { yearId, grade: 5, letter: 'А' }), 'CONFLICT', 'one 5А a year');
    assert.equal(await refused(admin, 'setup.saveClass', { yearId, grade: 5, letter: 'a' }), 'VALIDATION');
    assert.equal(await refused(admin, 'setup.saveClass', { yearId, grade: 6, letter: 'А', classTeacherId: ids.math }), 'CONFLICT', 'one class per class teacher');
    assert.ok(await db.knex('staff_role').where({ staff_id: ids.math, role: 'class_teacher', revoked: 0 }).first('id'), 'the class teacher got the role');
    await ok(admin, 'setup.setDeputyGrades', { staffId: ids.dep, grades: [5, 6, 7] });
    assert.equal(await refused(admin, 'setup.setDeputyGrades', { staffId: ids.math, grades: [5] }), 'VALIDATION', 'parallels go to a deputy');

    ids.mathSubject = (await ok<{ subjectId: string }>(admin, 'curriculum.saveSubject', { name: 'Математика', shortName: 'Мат' })).subjectId;
    ids.rusSubject = (await ok<{ subjectId: string }>(admin, 'curriculum.saveSubject', { name: 'Русский язык', shortName: 'Рус' })).subjectId;
    assert.equal(await refused(admin, 'curriculum.saveSubject', { name: 'Математика', shortName: 'М' }), 'CONFLICT');
    assert.equal(await refused(admin, 'curriculum.savePlan', { yearId, grade: 5, lines: [{ subjectId: ids.mathSubject, hoursPerWeek: 10 }, { subjectId: ids.rusSubject, hoursPerWeek: 10 }, { subjectId: ids.mathSubject, hoursPerWeek: 1 }] }), 'VALIDATION', 'a subject twice');
    // 6 bells × 6 days = 36 lessons a week at most.
    const many = await host.call(admin, 'curriculum.savePlan', { yearId, grade: 5, lines: [{ subjectId: ids.mathSubject, hoursPerWeek: 10 }, { subjectId: ids.rusSubject, hoursPerWeek: 10 }] });
    assert.equal(many.ok, true, 'twenty hours fit');
    await ok(admin, 'curriculum.savePlan', { yearId, grade: 5, lines: [{ subjectId: ids.mathSubject, hoursPerWeek: 5 }, { subjectId: ids.rusSubject, hoursPerWeek: 5 }] });
    for (const cls of ['5А', '5Б']) {
      ids[`${cls}math`] = (await ok<{ assignmentId: string }>(admin, 'curriculum.saveAssignment', { yearId, classId: ids[cls], subjectId: ids.mathSubject, teacherId: ids.math, hoursPerWeek: 5 })).assignmentId;
      ids[`${cls}rus`] = (await ok<{ assignmentId: string }>(admin, 'curriculum.saveAssignment', { yearId, classId: ids[cls], subjectId: ids.rusSubject, teacherId: ids.rus, hoursPerWeek: 5 })).assignmentId;
    }
    assert.equal(await refused(admin, 'curriculum.saveAssignment', { yearId, classId: ids['5А'], subjectId: ids.mathSubject, teacherId: ids.rus, hoursPerWeek: 5 }), 'CONFLICT', 'one teacher for a subject in a class');
    assert.equal(await refused(admin, 'curriculum.saveAssignment', { yearId, classId: ids['5А'], subjectId: ids.mathSubject, teacherId: ids.dep, hoursPerWeek: 5 }), 'VALIDATION', 'a deputy without the teacher role gets no load');
  });

  it('a timetable: teacher, room and class double bookings are refused; saved, it gives the year\'s lessons; the checklist follows', async () => {
    const from = '2027-09-01';
    const week = (math: string, rus: string, first = 1) => [1, 2, 3, 4, 5].flatMap((d) => [
      { assignmentId: math, weekday: d, lessonNo: first, room: '21' },
      { assignmentId: rus, weekday: d, lessonNo: first + 1, room: '22' },
    ]);
    await ok(admin, 'timetable.save', { classId: ids['5А'], from, slots: week(ids['5Аmath']!, ids['5Аrus']!) });
    // 5Б with the same teachers at the same hours: the teacher is in 5А then.
    const clash = await host.call(admin, 'timetable.save', { classId: ids['5Б'], from, slots: week(ids['5Бmath']!, ids['5Бrus']!) });
    assert.equal(clash.ok, false);
    if (!clash.ok) assert.match(clash.error.message, /Орлова в это время ведёт урок в 5А/);
    const roomClash = await host.call(admin, 'timetable.save', { classId: ids['5Б'], from, slots: [{ assignmentId: ids['5Бmath']!, weekday: 1, lessonNo: 3, room: '22' }, { assignmentId: ids['5Бrus']!, weekday: 1, lessonNo: 2, room: '23' }].concat([{ assignmentId: ids['5Бmath']!, weekday: 1, lessonNo: 4, room: '21' }]) });
    assert.equal(roomClash.ok, false, 'Белов is in 5А at the 2nd lesson on Monday');
    const twoAtOnce = await host.call(admin, 'timetable.save', { classId: ids['5Б'], from, slots: [{ assignmentId: ids['5Бmath']!, weekday: 1, lessonNo: 4, room: '' }, { assignmentId: ids['5Бrus']!, weekday: 1, lessonNo: 4, room: '' }] });
    assert.equal(twoAtOnce.ok, false, 'a class has one lesson at a time');
    const noBell = await host.call(admin, 'timetable.save', { classId: ids['5Б'], from, slots: [{ assignmentId: ids['5Бmath']!, weekday: 1, lessonNo: 9, room: '' }] });
    assert.equal(noBell.ok, false, 'no bell for the 9th lesson');
    const r = await ok<{ warnings: string[]; lessons: { created: number } }>(admin, 'timetable.save', { classId: ids['5Б'], from, slots: week(ids['5Бmath']!, ids['5Бrus']!, 3) });
    assert.deepEqual(r.warnings, []);
    assert.ok(r.lessons.created > 300, `a year of 5Б's lessons: ${r.lessons.created}`);

    const check = await ok<{ ready: boolean; items: { key: string; done: boolean; missing: string[] }[] }>(admin, 'setup.checklist', { yearId });
    const item = (k: string) => check.items.find((i) => i.key === k)!;
    for (const k of ['school', 'year', 'periods', 'bells', 'classes', 'curriculum', 'load', 'timetable']) assert.equal(item(k).done, true, `${k}: ${item(k).missing.join('; ')}`);
    assert.equal(item('director').done, false, 'no director yet');
    assert.deepEqual(item('students').missing.sort(), ['5А: нет учеников', '5Б: нет учеников']);
    assert.equal(check.ready, false);

    // A class or subject with lessons is not deleted: refused, then retired on request.
    assert.equal(await refused(admin, 'setup.removeClass', { classId: ids['5Б'], reason: 'ошибка' }), 'CONFLICT');
    assert.equal(await refused(admin, 'curriculum.removeSubject', { subjectId: ids.rusSubject, reason: 'ошибка' }), 'CONFLICT');
    const empty = (await ok<{ classId: string }>(admin, 'setup.saveClass', { yearId, grade: 6, letter: 'В' })).classId;
    await ok(admin, 'setup.removeClass', { classId: empty, reason: 'создан по ошибке' });
    assert.equal((await db.knex('class').where({ id: empty }).first('retired')).retired, 1, 'kept, retired');

    // Every change is the administrator's, signed with the key the school's anchor vouches for.
    // (a change set's last entry carries the signature over its chain)
    const unsigned = await db.knex('change_log').whereNotNull('user_id').groupBy('change_set_id').havingRaw('MAX(signature) IS NULL').select('change_set_id');
    assert.deepEqual(unsigned, []);
    assert.ok((await db.knex('change_log').whereNotNull('signature').where('signature', 'like', 'k1.%').first('hlc')), 'signatures name their key');
    assert.equal(await refused('anon:x', 'setup.saveClass', { yearId, grade: 7, letter: 'А' }), 'UNAUTHENTICATED');
    assert.equal(await refused('anon:x', 'timetable.save', { classId: ids['5А'], from, slots: [] }), 'UNAUTHENTICATED');
  });
});

describe('the first start\'s other choices: the demo, and joining the school\'s share', () => {
  it('the demo opens in place of the empty journal; joining takes the share\'s snapshot, and a wrong school key leaves the journal empty', async () => {
    const { makeDemoFile } = await import('../helpers/demo-db');
    const { NodeShareFs } = await import('../../db/sync/share');
    const { publishSnapshot } = await import('../../db/sync/snapshot');
    const demoHost = new ServiceHost(await openJournal(path.join(tmpDir(), 'fresh-demo.sqlite')), { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined });
    try {
      const r = await demoHost.call('anon', 'firstStart.openDemo', {});
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const info = await demoHost.call('anon', 'app.info', {});
      assert.ok(info.ok && (info.value as { isDemo: boolean; needsSetup: boolean }).isDemo && !(info.value as { needsSetup: boolean }).needsSetup, 'the demo, marked as such');
    } finally {
      await demoHost.db.close();
    }

    // A school already set up publishes its snapshot on the share.
    const share = tmpDir();
    const source = await openJournal(await makeDemoFile(60, 9));
    await publishSnapshot(source, new NodeShareFs(), share, () => new Date('2026-11-23T10:00:00'));
    const anchor = (await trustAnchor(source.knex))!;
    await source.close();

    const joinHost = new ServiceHost(await openJournal(path.join(tmpDir(), 'fresh-join.sqlite')), { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined });
    try {
      const wrong = await joinHost.call('anon', 'firstStart.join', { share, anchor: '0000 1111 2222 3333' });
      assert.equal(wrong.ok, false);
      if (!wrong.ok) assert.match(wrong.error.message, /не совпадает/);
      assert.equal(await joinHost.db.knex('school').first('id'), undefined, 'still the empty journal');
      const empty = await joinHost.call('anon', 'firstStart.join', { share: tmpDir() });
      assert.equal(empty.ok, false, 'a folder without a snapshot');
      const r = await joinHost.call('anon', 'firstStart.join', { share, anchor: anchor.fingerprint });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal((await trustAnchor(joinHost.db.knex))?.keyId, anchor.keyId, 'the school\'s key came with the snapshot');
      assert.ok(await joinHost.db.knex('school').first('id'));
    } finally {
      await joinHost.db.close();
    }
  });
});
