// The year's lessons from the timetable (R-ROLE-6, R-REC-1): every school day of the term
// periods, no holidays; a timetable change from a date regenerates only later lessons and
// never touches a lesson with a topic, a mark or an absence; the rule book lets the
// administrator make and cancel only empty lessons, on every computer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { newId } from '../../db/ids';
import { lessonIdOf } from '../../db/setup/lesson-slots';
import { ServiceHost } from '../../service/host';
import { weekday } from '../../shared/dates';
import { makeDemoFile } from '../helpers/demo-db';
import { serviceCalls } from '../helpers/service-calls';

let db: JournalDb;
let host: ServiceHost;
const { signIn, ok, refused } = serviceCalls(() => host);
const FROM = '2027-01-11'; // the third quarter: nothing of it exists in the demo school

interface Generated { created: number; cancelled: number; restored: number; keptWithEntries: { id: string }[] }

before(async () => {
  db = await openJournal(await makeDemoFile(120, 5));
  host = new ServiceHost(db, { now: () => new Date('2026-12-01T10:00:00'), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const yearId = async () => (await db.knex('academic_year').first('id')).id as string;
const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;
const lessonsFrom = (date: string) => db.knex('lesson').where('date', '>=', date);

describe('lessons generated from the timetable (R-ROLE-6)', () => {
  it('a dry run writes nothing; the run makes one lesson per slot and school day, none on holidays or Sundays, none outside a term', async () => {
    const admin = await signIn('admin');
    const before = (await db.knex('change_log').count({ n: '*' }))[0]!.n;
    const dry = await ok<Generated>(admin, 'setup.generateLessons', { yearId: await yearId(), from: FROM, dryRun: true });
    assert.ok(dry.created > 1000, `a term of lessons: ${dry.created}`);
    assert.equal((await lessonsFrom(FROM)).length, 0);
    assert.equal((await db.knex('change_log').count({ n: '*' }))[0]!.n, before, 'a dry run changes nothing');

    const run = await ok<Generated>(admin, 'setup.generateLessons', { yearId: await yearId(), from: FROM });
    assert.equal(run.created, dry.created);
    const made: { id: string; date: string; lesson_no: number; assignment_id: string; grade: number; topic: string; cancelled: number }[] = await db.knex('lesson as l')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .where('l.date', '>=', FROM).select('l.id', 'l.date', 'l.lesson_no', 'l.assignment_id', 'c.grade', 'l.topic', 'l.cancelled');
    assert.equal(made.length, run.created);
    const holidays: { starts_on: string; ends_on: string; grade_from: number; grade_to: number }[] = await db.knex('holiday').select();
    const terms: { starts_on: string; ends_on: string; grade_from: number; grade_to: number }[] = await db.knex('period').whereNot({ kind: 'year' }).select();
    for (const l of made) {
      assert.notEqual(weekday(l.date), 7, `${l.date} is a Sunday`);
      assert.ok(!holidays.some((h) => h.grade_from <= l.grade && l.grade <= h.grade_to && h.starts_on <= l.date && l.date <= h.ends_on), `${l.date} is a holiday of grade ${l.grade}`);
      assert.ok(terms.some((t) => t.grade_from <= l.grade && l.grade <= t.grade_to && t.starts_on <= l.date && l.date <= t.ends_on), `${l.date} is outside the terms of grade ${l.grade}`);
      assert.equal(l.id, lessonIdOf(l.assignment_id, l.date, l.lesson_no), 'the id follows from the page and the slot');
      assert.equal(l.topic, '');
      assert.equal(l.cancelled, 0);
    }
    assert.ok(!made.some((l) => l.date === '2027-02-23'), 'Defender of the Fatherland Day is a holiday');
    // Each timetable slot of a page gives exactly one lesson a week in a full week.
    const entries: { assignment_id: string; weekday: number; lesson_no: number }[] = await db.knex('timetable_entry').select();
    const week = made.filter((l) => l.date >= '2027-01-18' && l.date <= '2027-01-23');
    assert.equal(week.length, entries.filter((e) => e.weekday <= 6).length, 'a full week has every slot of the timetable once');
    const attributed: { user_id: string; reason: string }[] = await db.knex('change_log').where({ table_name: 'lesson', field: '*' }).whereIn('row_id', made.slice(0, 5).map((l) => l.id)).select('user_id', 'reason');
    assert.equal(attributed.length, 5);
    const adminId = await staffId('admin');
    assert.ok(attributed.every((e) => e.user_id === adminId && e.reason.startsWith('уроки по расписанию')), 'the change log says who and why');

    const again = await ok<Generated>(admin, 'setup.generateLessons', { yearId: await yearId(), from: FROM });
    assert.deepEqual([again.created, again.cancelled, again.restored], [0, 0, 0], 'generating again changes nothing');
  });

  it('a holiday taken back is no holiday: its days get their lessons, and the timetable of the day has no holiday (R-ROLE-6)', async () => {
    const admin = await signIn('admin');
    const day = '2027-03-03'; // a Wednesday of the third quarter
    const { holidayId } = await ok<{ holidayId: string }>(admin, 'setup.saveHoliday', {
      yearId: await yearId(), holiday: { name: 'День здоровья', startsOn: day, endsOn: day, gradeFrom: 1, gradeTo: 11 }, reason: 'проверка',
    });
    await ok(admin, 'setup.generateLessons', { yearId: await yearId(), from: FROM });
    assert.equal((await db.knex('lesson').where({ date: day, cancelled: 0 }).count({ n: '*' }))[0]!.n, 0, 'no lessons on a holiday');
    await ok(admin, 'setup.removeHoliday', { holidayId, reason: 'отменили день здоровья' });
    assert.equal((await db.knex('holiday').where({ id: holidayId }).first('removed')).removed, 1, 'kept, marked taken back');
    await ok(admin, 'setup.generateLessons', { yearId: await yearId(), from: FROM });
    const slots: { n: number }[] = await db.knex('timetable_entry').where({ weekday: weekday(day) }).count({ n: '*' });
    assert.equal((await db.knex('lesson').where({ date: day, cancelled: 0 }).count({ n: '*' }))[0]!.n, slots[0]!.n, 'every slot of the day has its lesson again');
  });

  it('a timetable change from a date: later empty lessons cancelled (kept in history), filled ones kept, the new slot filled in, earlier lessons untouched', async () => {
    const admin = await signIn('admin');
    const adminId = await staffId('admin');
    const teacherId = await staffId('teacher');
    const entry: { id: string; assignment_id: string; weekday: number; lesson_no: number; valid_from: string } = await db.knex('timetable_entry as t')
      .join('teaching_assignment as a', 'a.id', 't.assignment_id').where({ 'a.teacher_id': teacherId }).first('t.id', 't.assignment_id', 't.weekday', 't.lesson_no', 't.valid_from');
    const CHANGE = '2027-02-01';
    const lessonsOfSlot = async () => (await db.knex('lesson').where({ assignment_id: entry.assignment_id, lesson_no: entry.lesson_no }).where('date', '>=', FROM).select('id', 'date', 'cancelled'))
      .filter((l: { date: string }) => weekday(l.date) === entry.weekday);
    const slot = await lessonsOfSlot();
    const earlier = slot.filter((l: { date: string }) => l.date < CHANGE);
    const later = slot.filter((l: { date: string }) => l.date >= CHANGE);
    assert.ok(earlier.length > 0 && later.length > 2);
    // The teacher has already planned a later lesson (a topic) and marked a student in another.
    const [planned, marked] = later as { id: string }[];
    await db.writer.write({ userId: teacherId }, [{ table: 'lesson', id: planned!.id, set: { topic: 'Повторение' } }]);
    const student: { student_id: string } = await db.knex('enrolment as e').join('teaching_assignment as a', 'a.class_id', 'e.class_id').where({ 'a.id': entry.assignment_id }).first('e.student_id');
    await db.writer.write({ userId: teacherId }, [{ table: 'mark', id: newId(), set: { lesson_id: marked!.id, student_id: student.student_id, slot: 1, value: '5', work_kind_id: null, comment: '' } }]);

    // The slot moves to another lesson number from CHANGE.
    const free = entry.lesson_no === 8 ? 7 : 8;
    const movedSlot = newId();
    await db.writer.write({ userId: adminId }, [
      { table: 'timetable_entry', id: entry.id, set: { valid_to: '2027-01-31' } },
      { table: 'timetable_entry', id: movedSlot, set: { assignment_id: entry.assignment_id, weekday: entry.weekday, lesson_no: free, room: '', valid_from: CHANGE, valid_to: null } },
    ]);
    const r = await ok<Generated>(admin, 'setup.generateLessons', { yearId: await yearId(), from: CHANGE });
    assert.equal(r.cancelled, later.length - 2);
    assert.equal(r.created, later.length, 'the moved slot gets its lessons');
    assert.deepEqual(r.keptWithEntries.map((k) => k.id).sort(), [planned!.id, marked!.id].sort(), 'lessons with entries are kept and listed');
    const after = await lessonsOfSlot();
    for (const l of after as { id: string; date: string; cancelled: number }[]) {
      if (l.date < CHANGE) assert.equal(l.cancelled, 0, 'earlier lessons stay');
      else if (l.id === planned!.id || l.id === marked!.id) assert.equal(l.cancelled, 0, 'a lesson with entries is never touched');
      else assert.equal(l.cancelled, 1, 'a later empty lesson is cancelled, not deleted');
    }
    assert.equal(after.length, slot.length, 'no lesson row is ever deleted');

    // The slot comes back: the cancelled lessons are restored, not made twice.
    await db.writer.write({ userId: adminId }, [
      { table: 'timetable_entry', id: entry.id, set: { valid_to: null } },
      { table: 'timetable_entry', id: movedSlot, set: { valid_to: '2027-01-31' } },
    ]);
    const back = await ok<Generated>(admin, 'setup.generateLessons', { yearId: await yearId(), from: CHANGE });
    assert.equal(back.restored, later.length - 2);
    assert.equal(back.created, 0);
    assert.equal(back.cancelled, later.length, 'the other slot\'s empty lessons go');
  });

  it('only the administrator generates; the rule book lets them make and cancel only empty lessons', async () => {
    const teacher = await signIn('teacher');
    assert.equal(await refused(teacher, 'setup.generateLessons', { yearId: await yearId() }), 'FORBIDDEN');
    assert.equal(await refused(await signIn('deputy'), 'setup.generateLessons', { yearId: await yearId() }), 'FORBIDDEN');
    const admin = await signIn('admin');
    assert.equal(await refused(admin, 'setup.generateLessons', { yearId: await yearId(), from: '2028-01-10' }), 'VALIDATION');

    const adminId = await staffId('admin');
    const withMark: { lesson_id: string } = await db.knex('mark').whereNotNull('value').first('lesson_id');
    await assert.rejects(db.writer.write({ userId: adminId }, [{ table: 'lesson', id: withMark.lesson_id, set: { cancelled: 1 } }]), /FORBIDDEN|нет правила/, 'a lesson with a mark is not the administrator\'s to cancel');
    const a: { id: string; teacher_id: string } = await db.knex('teaching_assignment').first('id', 'teacher_id');
    await assert.rejects(db.writer.insertNew({ userId: adminId }, 'lesson', [{
      id: lessonIdOf(a.id, '2027-05-17', 9), assignment_id: a.id, date: '2027-05-17', lesson_no: 9, teacher_id: a.teacher_id,
      substitute_teacher_id: null, plan_item_id: null, topic: 'Тема от администратора', lesson_type: '', homework: '', cancelled: 0,
    }]), /нет правила/, 'the administrator makes lessons empty: the topic is the teacher\'s');
    await assert.rejects(db.writer.write({ userId: adminId }, [{ table: 'lesson', id: withMark.lesson_id, set: { date: '2027-05-17' } }]), /нет правила/, 'nor moves an existing lesson');
  });
});
