// Issue 17, points 4–7, as rules of the service (every caller meets them): the deputy's
// overview of one period with the lessons never filled (R-REP-1), the class teacher's
// reasons for a lesson or a whole day (R-ROLE-3, R-TIME-6), a teacher's own correction
// requests withdrawn while pending (R-TIME-3), substitutions of single lessons with a
// warning when the substitute is busy (R-ROLE-2, R-ROLE-4). Bad input changes nothing and
// is answered in Russian with what to do instead.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { keyId } from '../../db/ids';
import { ServiceHost } from '../../service/host';
import { addDays } from '../../shared/dates';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-10-20T10:00:00');

before(async () => {
  db = await openJournal(await makeDemoFile(150, 5));
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
/** A refused call: its code and Russian message, and that it wrote nothing. */
async function refused(c: string, m: string, a: unknown): Promise<{ code: string; message: string }> {
  const before = await logLength();
  const r = await host.call(c, m, a);
  assert.equal(r.ok, false, `${m} should be refused`);
  assert.equal(await logLength(), before, `${m}: a refused call writes nothing`);
  if (r.ok) return { code: '', message: '' };
  assert.match(r.error.message, /[а-яё]/i, 'the message is in Russian');
  assert.doesNotMatch(r.error.message, /R-[A-Z]+-\d/, 'no rule ids in what a user reads');
  return { code: r.error.code, message: r.error.message };
}
const logLength = async () => Number((await db.knex('change_log').count({ n: '*' }).first())?.n ?? 0);
const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

// ---- point 5: the class teacher's week --------------------------------------------------------

describe('the class teacher sets absence reasons in «Пропуски за неделю» (R-ROLE-3, R-TIME-6)', () => {
  /** A student of the class teacher's class absent from at least two lessons on one day. */
  async function absentDay() {
    const ct = await staffId('classteacher');
    const cls = await db.knex('class').where({ class_teacher_id: ct }).first('id', 'name');
    const day = await db.knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as x', 'x.id', 'l.assignment_id')
      .where('x.class_id', cls.id).whereIn('t.code', ['Н', 'У', 'Б']).where('l.date', '<', '2026-10-10')
      .groupBy('t.student_id', 'l.date').havingRaw('count(*) >= 2').orderBy('l.date')
      .first('t.student_id as studentId', 'l.date as date');
    assert.ok(day, 'the demo has a student absent from two lessons of a day');
    const lessons: { lessonId: string; teacherId: string; code: string }[] = await db.knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id')
      .join('teaching_assignment as x', 'x.id', 'l.assignment_id')
      .where({ 'x.class_id': cls.id, 't.student_id': day.studentId, 'l.date': day.date }).whereIn('t.code', ['Н', 'У', 'Б'])
      .select('l.id as lessonId', 'x.teacher_id as teacherId', 't.code');
    return { classId: cls.id as string, className: cls.name as string, studentId: day.studentId as string, date: day.date as string, lessons };
  }
  const codesOf = async (studentId: string, lessonIds: string[]) =>
    (await db.knex('attendance').where({ student_id: studentId }).whereIn('lesson_id', lessonIds).orderBy('lesson_id').select('lesson_id', 'code', 'reason'))
      .map((r: { lesson_id: string; code: string; reason: string }) => [r.lesson_id, r.code, r.reason]);

  it('one call sets the code and its grounds on every absence of the student that day, written through the journal writer', async () => {
    const d = await absentDay();
    const ct = await signIn('classteacher');
    now = new Date(`${addDays(d.date, 12)}T10:00:00`); // long after the teachers' entry window
    const r = await ok<{ changed: number; lessons: { lessonId: string }[] }>(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, code: 'Б', reason: 'справка из поликлиники № 3' });
    assert.equal(r.lessons.length, d.lessons.length);
    const ids = d.lessons.map((l) => l.lessonId).sort();
    assert.deepEqual(await codesOf(d.studentId, ids), ids.map((id) => [id, 'Б', 'справка из поликлиники № 3']));
    const entries = await db.knex('change_log').where({ table_name: 'attendance', user_id: await staffId('classteacher') })
      .whereIn('row_id', ids.map((id) => keyId('attendance', id, d.studentId))).select('reason', 'change_set_id');
    assert.ok(entries.length >= ids.length, 'every row on record, authored by the class teacher');
    assert.equal(new Set(entries.map((e: { change_set_id: string }) => e.change_set_id)).size, 1, 'the whole day is one change');
    assert.match(entries[0].reason, /справка из поликлиники/);
  });

  it('one lesson only: the other absences of the day keep their reason', async () => {
    const d = await absentDay();
    const ct = await signIn('classteacher');
    const [one, ...rest] = d.lessons;
    const before = await codesOf(d.studentId, rest.map((l) => l.lessonId));
    await ok(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, lessonId: one!.lessonId, code: 'У', reason: 'заявление родителей' });
    assert.deepEqual(await codesOf(d.studentId, [one!.lessonId]), [[one!.lessonId, 'У', 'заявление родителей']]);
    assert.deepEqual(await codesOf(d.studentId, rest.map((l) => l.lessonId)), before);
  });

  it('the class teacher\'s reasons have no entry window, also on a lesson they teach themselves; the grid keeps the teacher\'s window', async () => {
    const ctId = await staffId('classteacher');
    const cls = await db.knex('class').where({ class_teacher_id: ctId }).first('id');
    const own = await db.knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as x', 'x.id', 'l.assignment_id')
      .where({ 'x.class_id': cls.id, 'x.teacher_id': ctId }).whereIn('t.code', ['Н', 'У', 'Б']).first('l.id as lessonId', 'l.date', 't.student_id as studentId');
    assert.ok(own, 'an absence on a lesson the class teacher gives');
    now = new Date(`${addDays(own.date, 20)}T10:00:00`);
    const ct = await signIn('classteacher');
    // As the lesson's teacher, after the entry window: a correction request (R-TIME-1, R-TIME-3).
    assert.equal((await refused(ct, 'journal.setAttendance', { lessonId: own.lessonId, studentId: own.studentId, code: 'У', reason: 'справка' })).code, 'OUT_OF_WINDOW');
    // As the class teacher, the reason of the absence (R-TIME-6: checked weekly, from the parents' papers).
    await ok(ct, 'classDesk.setReasons', { classId: cls.id, studentId: own.studentId, date: own.date, lessonId: own.lessonId, code: 'У', reason: 'справка' });
    assert.equal((await db.knex('attendance').where({ lesson_id: own.lessonId, student_id: own.studentId }).first('code')).code, 'У');
  });

  it('refuses, in Russian, what is not the class teacher\'s to set, and writes nothing', async () => {
    const d = await absentDay();
    const ct = await signIn('classteacher');
    const noGrounds = await refused(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, code: 'У', reason: '' });
    assert.equal(noGrounds.code, 'VALIDATION');
    assert.match(noGrounds.message, /укажите основание.*справка/i);
    const quiet = await refused(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: '2026-10-11', code: 'Б', reason: 'справка' });
    assert.match(quiet.message, /нет пропусков за 11\.10\.2026/);
    // A late arrival (О) is the teacher's, not a reason to set.
    const lesson = await db.knex('lesson as l').join('teaching_assignment as x', 'x.id', 'l.assignment_id').where({ 'x.class_id': d.classId, 'l.date': d.date })
      .whereNotIn('l.id', d.lessons.map((l) => l.lessonId)).first('l.id', 'x.teacher_id');
    if (lesson) {
      await db.writer.write({ userId: lesson.teacher_id }, [{ table: 'attendance', id: keyId('attendance', lesson.id, d.studentId), set: { lesson_id: lesson.id, student_id: d.studentId, code: 'О', reason: '' } }]);
      const late = await refused(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, lessonId: lesson.id, code: 'У', reason: 'справка' });
      assert.match(late.message, /опоздавший/);
      // The whole day leaves the late arrival as it is.
      const r = await ok<{ late: number }>(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, code: 'Н', reason: '' });
      assert.equal(r.late, 1);
      assert.equal((await db.knex('attendance').where({ id: keyId('attendance', lesson.id, d.studentId) }).first('code')).code, 'О');
    }
    // Another class, a subject teacher, a deputy: not theirs (R-ROLE-3).
    const other = await db.knex('class').whereNot({ id: d.classId }).first('id', 'name');
    const foreign = await refused(ct, 'classDesk.setReasons', { classId: other.id, studentId: d.studentId, date: d.date, code: 'У', reason: 'справка' });
    assert.equal(foreign.code, 'FORBIDDEN');
    assert.match(foreign.message, new RegExp(`${other.name} классе указывает его классный руководитель`));
    assert.equal((await refused(await signIn('teacher'), 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, code: 'У', reason: 'справка' })).code, 'FORBIDDEN');
    assert.equal((await refused(await signIn('deputy'), 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, code: 'У', reason: 'справка' })).code, 'FORBIDDEN');
    assert.equal((await refused(ct, 'classDesk.setReasons', { classId: d.classId, studentId: d.studentId, date: d.date, code: 'О', reason: 'справка' })).code, 'VALIDATION');
  });
});

// ---- point 6: the teacher's own requests ------------------------------------------------------

describe('«Мои заявки»: a teacher\'s correction requests, withdrawn while pending (R-TIME-3)', () => {
  async function fileRequest(teacher: string, value: string, reason: string): Promise<string> {
    const teacherId = await staffId('teacher');
    const l = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .join('subject as s', 's.id', 'a.subject_id').where({ 'a.teacher_id': teacherId, 's.graded': 1 }).whereNull('a.subgroup_id').where('c.grade', '>', 1)
      .where('l.date', '<', '2026-10-01').orderBy('l.date').first('l.id', 'a.class_id');
    const student = await db.knex('enrolment as e').where({ class_id: l.class_id }).whereNull('e.ends_on')
      .whereNotExists(db.knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', l.id).whereNotNull('code'))
      .first('e.student_id');
    now = new Date('2026-10-20T10:00:00');
    const r = await ok<{ requestId: string }>(teacher, 'correction.request', { method: 'journal.setMark', args: { lessonId: l.id, studentId: student.student_id, value }, reason });
    return r.requestId;
  }

  it('lists the teacher\'s own requests with their status; the deputy\'s menu counts those waiting', async () => {
    const t = await signIn('teacher');
    const deputy = await signIn('deputy');
    const start = (await ok<{ pending: number }>(deputy, 'correction.pendingCount', {})).pending;
    const a = await fileRequest(t, '4', 'работа переписана после болезни');
    const b = await fileRequest(t, '5', 'ошибка при вводе отметки');
    assert.equal((await ok<{ pending: number }>(deputy, 'correction.pendingCount', {})).pending, start + 2);
    await ok(deputy, 'correction.decide', { requestId: b, approve: false, note: 'отметка верна, см. тетрадь' });
    assert.equal((await ok<{ pending: number }>(deputy, 'correction.pendingCount', {})).pending, start + 1);
    const mine = await ok<{ id: string; status: string; decisionNote: string; assignmentId: string | null }[]>(t, 'correction.list', { mine: true });
    assert.deepEqual(mine.filter((r) => r.id === a || r.id === b).map((r) => [r.id, r.status]).sort(), [[a, 'pending'], [b, 'rejected']].sort());
    assert.equal(mine.find((r) => r.id === b)!.decisionNote, 'отметка верна, см. тетрадь');
    assert.ok(mine.every((r) => r.assignmentId), 'each request opens its journal page');
    // Only deputies read the count (the menu badge is theirs).
    assert.equal((await refused(t, 'correction.pendingCount', {})).code, 'FORBIDDEN');
  });

  it('the author withdraws a pending request; a decided or withdrawn one, or someone else\'s, is refused with what to do instead', async () => {
    const t = await signIn('teacher');
    const deputy = await signIn('deputy');
    const a = await fileRequest(t, '3', 'не та отметка');
    const b = await fileRequest(t, '2', 'не тот ученик');
    const other = await refused(await signIn('classteacher'), 'correction.withdraw', { requestId: a });
    assert.equal(other.code, 'FORBIDDEN');
    assert.match(other.message, /только её автор/);
    assert.equal((await ok<{ status: string }>(t, 'correction.withdraw', { requestId: a })).status, 'withdrawn');
    const entry = await db.knex('change_log').where({ table_name: 'correction_request', row_id: a, field: 'status' }).orderBy('seq', 'desc').first('user_id', 'new_value');
    assert.deepEqual([entry.user_id, JSON.parse(entry.new_value)], [await staffId('teacher'), 'withdrawn'], 'written by the author, on record');
    assert.match((await refused(t, 'correction.withdraw', { requestId: a })).message, /уже отозвана/);
    assert.equal((await refused(deputy, 'correction.decide', { requestId: a, approve: true })).code, 'CONFLICT', 'a withdrawn request is not decided');
    await ok(deputy, 'correction.decide', { requestId: b, approve: true });
    const late = await refused(t, 'correction.withdraw', { requestId: b });
    assert.equal(late.code, 'CONFLICT');
    assert.match(late.message, /согласована.*подайте новую заявку/);
  });
});

// ---- point 7: substitutions per lesson --------------------------------------------------------

describe('substitutions of single lessons, warned when the substitute is busy (R-ROLE-2, R-ROLE-4)', () => {
  interface Offered { assignmentId: string; date: string; lessonNo: number; lessonId: string | null; className: string; subject: string; busy: string | null; substitute: string | null }
  const week = { from: '2026-11-24', to: '2026-12-11' };

  async function offered(deputy: string) {
    now = new Date('2026-11-23T10:00:00');
    const absent = await staffId('classteacher');
    const sub = await staffId('teacher');
    const { lessons } = await ok<{ lessons: Offered[] }>(deputy, 'substitution.lessons', { absentTeacherId: absent, ...week, substituteTeacherId: sub });
    return { absent, sub, lessons };
  }

  it('lists the absent teacher\'s lessons by the timetable, marking where the substitute has a lesson of their own', async () => {
    const deputy = await signIn('deputy');
    const { absent, sub, lessons } = await offered(deputy);
    assert.ok(lessons.length > 5);
    for (const l of lessons) {
      assert.ok(l.date >= week.from && l.date <= week.to);
      const a = await db.knex('teaching_assignment').where({ id: l.assignmentId }).first('teacher_id');
      assert.equal(a.teacher_id, absent, 'only the absent teacher\'s pages');
      // The substitute's own timetable at that hour is the warning (R-ROLE-2).
      const wd = new Date(`${l.date}T12:00:00Z`).getUTCDay() || 7;
      const own = await db.knex('timetable_entry as e').join('teaching_assignment as a', 'a.id', 'e.assignment_id')
        .where({ 'a.teacher_id': sub, 'e.weekday': wd, 'e.lesson_no': l.lessonNo }).where('e.valid_from', '<=', l.date)
        .where((w) => w.whereNull('e.valid_to').orWhere('e.valid_to', '>=', l.date)).first('e.id');
      assert.equal(!!l.busy, !!own, `${l.date} ${l.lessonNo}: busy exactly when the substitute teaches then`);
    }
    assert.ok(lessons.some((l) => l.busy) && lessons.some((l) => !l.busy), 'the demo has both');
    // Holidays and non-working days have no lessons: 4 November is a public holiday.
    const holiday = await ok<{ lessons: Offered[] }>(deputy, 'substitution.lessons', { absentTeacherId: absent, from: '2026-11-04', to: '2026-11-04' });
    assert.deepEqual(holiday.lessons, []);
    assert.equal((await refused(deputy, 'substitution.lessons', { absentTeacherId: absent, from: '2026-11-01', to: '2026-12-31' })).code, 'VALIDATION');
  });

  it('a single lesson not opened yet: its record is made with the substitute, who fills it; the other lessons of the day are untouched', async () => {
    const deputy = await signIn('deputy');
    const { absent, sub, lessons } = await offered(deputy);
    const free = lessons.find((l) => !l.busy && !l.lessonId && !l.substitute)!;
    assert.ok(free, 'a free lesson not opened yet');
    const r = await ok<{ lessons: number; created: number; substitutionIds: string[] }>(deputy, 'substitution.record', {
      absentTeacherId: absent, substituteTeacherId: sub, lessons: [{ assignmentId: free.assignmentId, date: free.date, lessonNo: free.lessonNo }], reason: 'болезнь',
    });
    assert.deepEqual([r.lessons, r.created, r.substitutionIds.length], [1, 1, 1]);
    const lessonId = keyId('lesson', free.assignmentId, free.date, String(free.lessonNo));
    const row = await db.knex('lesson').where({ id: lessonId }).first();
    assert.deepEqual([row.teacher_id, row.substitute_teacher_id, row.topic], [absent, sub, ''], 'both names, nothing entered');
    const subst = await db.knex('substitution').where({ id: r.substitutionIds[0] }).first();
    assert.deepEqual([subst.lesson_id, subst.starts_on, subst.ends_on], [lessonId, free.date, free.date]);
    // The substitute fills it (R-ROLE-2); the absent teacher's other lessons of the day are not theirs.
    now = new Date(`${free.date}T15:00:00`);
    const t = await signIn('teacher');
    await ok(t, 'journal.setLesson', { lessonId, topic: 'Повторение (замена)' });
    const other = lessons.find((l) => l.date === free.date && l.lessonNo !== free.lessonNo);
    if (other) {
      const otherId = keyId('lesson', other.assignmentId, other.date, String(other.lessonNo));
      const opened = await host.call(t, 'journal.openLesson', { assignmentId: other.assignmentId, date: other.date, lessonNo: other.lessonNo });
      assert.equal(opened.ok, false, 'another lesson of the day is not the substitute\'s');
      assert.equal(await db.knex('lesson').where({ id: otherId }).whereNotNull('substitute_teacher_id').first('id'), undefined);
    }
  });

  it('a lesson at an hour when the substitute teaches: a Russian warning, nothing written, then recorded when the deputy confirms', async () => {
    const deputy = await signIn('deputy');
    const { absent, sub, lessons } = await offered(deputy);
    const clash = lessons.find((l) => l.busy && !l.substitute)!;
    const args = { absentTeacherId: absent, substituteTeacherId: sub, lessons: [{ assignmentId: clash.assignmentId, date: clash.date, lessonNo: clash.lessonNo }], reason: 'курсы повышения квалификации' };
    const warned = await refused(deputy, 'substitution.record', args);
    assert.equal(warned.code, 'NEEDS_CONFIRMATION');
    assert.ok(warned.message.includes(`${clash.lessonNo}-й урок — ${clash.busy}`), warned.message);
    assert.match(warned.message, /Выберите другого учителя или подтвердите/);
    const r = await ok<{ lessons: number; busy: unknown[] }>(deputy, 'substitution.record', { ...args, confirmBusy: true });
    assert.deepEqual([r.lessons, r.busy.length], [1, 1]);
    // A date range warns too.
    const range = await refused(deputy, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: sub, startsOn: clash.date, endsOn: clash.date, reason: 'болезнь' });
    assert.equal(range.code, 'NEEDS_CONFIRMATION');
  });

  it('refuses lessons outside the absent teacher\'s timetable and muddled input, in Russian', async () => {
    const deputy = await signIn('deputy');
    const { absent, sub, lessons } = await offered(deputy);
    const l = lessons[0]!;
    const notThere = await refused(deputy, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: sub, lessons: [{ assignmentId: l.assignmentId, date: l.date, lessonNo: 11 }], reason: 'болезнь' });
    assert.equal(notThere.code, 'VALIDATION');
    assert.match(notThere.message, /нет в расписании отсутствующего учителя/);
    const someoneElses = await db.knex('teaching_assignment').whereNot({ teacher_id: absent }).first('id');
    assert.equal((await refused(deputy, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: sub, lessons: [{ assignmentId: someoneElses.id, date: l.date, lessonNo: l.lessonNo }], reason: 'болезнь' })).code, 'VALIDATION');
    const both = await refused(deputy, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: sub, startsOn: l.date, endsOn: l.date, lessons: [{ assignmentId: l.assignmentId, date: l.date, lessonNo: l.lessonNo }], reason: 'болезнь' });
    assert.match(both.message, /либо период дат, либо отдельные уроки/);
    assert.match((await refused(deputy, 'substitution.record', { absentTeacherId: absent, substituteTeacherId: sub, reason: 'болезнь' })).message, /Укажите даты замены/);
    assert.equal((await refused(await signIn('teacher'), 'substitution.lessons', { absentTeacherId: absent, ...week })).code, 'FORBIDDEN');
  });
});

// ---- point 4: the deputy's overview -----------------------------------------------------------

describe('the deputy\'s overview: one period at a time, with the lessons never filled (R-REP-1)', () => {
  interface Row { id: string; name: string; grade: number; periodId: string; periodName: string; due: number; lessons: number; missing: number; empty: number; lessonsWithTopic: number }
  interface Overview { countedUntil: string; periods: { id: string; name: string }[]; chosen: { id: string } | null; shown: { id: string; name: string }[]; classes: Row[]; teachers: { id: string; due: number; missing: number; empty: number }[]; totals: { due: number; missing: number; empty: number } }
  interface Unfilled { kind: 'missing' | 'empty'; assignmentId: string; lessonId: string | null; date: string; lessonNo: number; classId: string; teacherId: string }

  it('by default every class is in its period under way, even when one class already has lessons of it and the others not', async () => {
    now = new Date('2026-11-23T10:00:00');
    // One class's lesson of the second quarter recorded (as the teacher's day opens it).
    const teacher = await staffId('teacher');
    const t = await signIn('teacher');
    const slot = await db.knex('timetable_entry as e').join('teaching_assignment as a', 'a.id', 'e.assignment_id').where({ 'a.teacher_id': teacher, 'e.weekday': 5 }).first('a.id', 'e.lesson_no');
    await ok(t, 'journal.openLesson', { assignmentId: slot.id, date: '2026-11-20', lessonNo: slot.lesson_no });
    const o = await ok<Overview>(await signIn('deputy'), 'school.overview', {});
    assert.equal(o.countedUntil, '2026-11-22');
    assert.equal(o.chosen, null);
    assert.deepEqual(o.shown.map((p) => p.name).sort(), ['1 полугодие', '2 четверть']);
    for (const c of o.classes) assert.equal(c.periodName, c.grade <= 9 ? '2 четверть' : '1 полугодие', `${c.name}: the period under way, never the last one with lessons`);
    assert.equal(o.totals.due, o.classes.reduce((s, c) => s + c.due, 0));
    assert.equal(o.totals.missing + o.totals.empty, o.teachers.reduce((s, x) => s + x.missing + x.empty, 0), 'the same unfilled lessons per teacher');
  });

  it('counts the timetable\'s lessons on past days, skipping holidays and non-working days; missing and empty apart', async () => {
    now = new Date('2026-11-23T10:00:00');
    const deputy = await signIn('deputy');
    const o = await ok<Overview>(deputy, 'school.overview', {});
    const c = o.classes.find((x) => x.grade === 5)!;
    // An independent count: each day of the period up to yesterday, every timetable entry of the class on its weekday.
    const period = await db.knex('period').where({ id: c.periodId }).first('starts_on', 'ends_on');
    const holidays: { starts_on: string; ends_on: string }[] = await db.knex('holiday').where('grade_from', '<=', 5).where('grade_to', '>=', 5).select('starts_on', 'ends_on');
    const entries: { weekday: number; valid_from: string; valid_to: string | null }[] = await db.knex('timetable_entry as e').join('teaching_assignment as a', 'a.id', 'e.assignment_id')
      .where('a.class_id', c.id).select('e.weekday', 'e.valid_from', 'e.valid_to');
    let expected = 0;
    for (let d = period.starts_on; d <= '2026-11-22'; d = addDays(d, 1)) {
      const wd = new Date(`${d}T12:00:00Z`).getUTCDay() || 7;
      if (wd === 7 || d === '2026-11-04' || holidays.some((h) => h.starts_on <= d && d <= h.ends_on)) continue;
      expected += entries.filter((e) => e.weekday === wd && e.valid_from <= d && (!e.valid_to || e.valid_to >= d)).length;
    }
    assert.equal(c.due, expected);
    const recorded = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').where('a.class_id', c.id).where('l.cancelled', 0)
      .whereBetween('l.date', [period.starts_on, '2026-11-22']).select('l.topic');
    assert.equal(c.missing, c.due - recorded.length, 'no record of the lesson');
    assert.equal(c.empty, recorded.filter((l: { topic: string }) => l.topic === '').length, 'a record without a topic');

    // The list behind the counts: each lesson once, and the counts move as lessons are filled.
    const list = await ok<Unfilled[]>(deputy, 'control.unfilledLessons', { classId: c.id });
    assert.deepEqual([list.filter((u) => u.kind === 'missing').length, list.filter((u) => u.kind === 'empty').length], [c.missing, c.empty]);
    const first = list.find((u) => u.kind === 'missing')!;
    assert.ok(first.date >= period.starts_on && first.date <= '2026-11-22');
    const owner = (await db.knex('staff').where({ id: first.teacherId }).first('id')).id as string;
    await db.writer.write({ userId: owner }, [{ table: 'lesson', id: keyId('lesson', first.assignmentId, first.date, String(first.lessonNo)), set: {
      assignment_id: first.assignmentId, date: first.date, lesson_no: first.lessonNo, teacher_id: owner, substitute_teacher_id: null, plan_item_id: null,
      topic: '', lesson_type: '', homework: '', cancelled: 0 } }]);
    const after = (await ok<Overview>(deputy, 'school.overview', {})).classes.find((x) => x.id === c.id)!;
    assert.deepEqual([after.missing, after.empty, after.due], [c.missing - 1, c.empty + 1, c.due], 'opened but empty: from «no record» to «no topic»');
    const byTeacher = await ok<Unfilled[]>(deputy, 'control.unfilledLessons', { teacherId: owner });
    assert.ok(byTeacher.every((u) => u.teacherId === owner) && byTeacher.some((u) => u.date === first.date && u.kind === 'empty'));
  });

  it('a chosen period shows only the classes it covers, in that period; the first quarter\'s gaps are lessons without a topic', async () => {
    now = new Date('2026-11-23T10:00:00');
    const deputy = await signIn('deputy');
    const base = await ok<Overview>(deputy, 'school.overview', {});
    const q1 = base.periods.find((p) => p.name === '1 четверть')!;
    const o = await ok<Overview>(deputy, 'school.overview', { periodId: q1.id });
    assert.equal(o.chosen?.id, q1.id);
    assert.ok(o.classes.length > 0 && o.classes.every((c) => c.grade <= 9 && c.periodId === q1.id));
    assert.ok(o.totals.empty > 0, 'the demo\'s teacher two weeks behind with topics');
    const bad = await refused(deputy, 'school.overview', { periodId: keyId('period', 'нет такого') });
    assert.equal(bad.code, 'NOT_FOUND');
    assert.match(bad.message, /выберите четверть или полугодие/);
    assert.equal((await refused(await signIn('teacher'), 'control.unfilledLessons', {})).code, 'FORBIDDEN');
  });

  it('a deputy opening a class\'s page lands on the period under way; the page\'s teacher on the one still being checked', async () => {
    now = new Date('2026-11-23T10:00:00');
    const teacher = await staffId('teacher');
    // A page of grade 5–9 with no lesson in the second quarter yet.
    const page = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where('a.teacher_id', teacher).where('c.grade', '<=', 9)
      .whereNotExists(db.knex('lesson as l').whereRaw('l.assignment_id = a.id').where('l.date', '>=', '2026-11-01')).first('a.id');
    assert.ok(page);
    const seen = await ok<{ period: { name: string } }>(await signIn('deputy'), 'journal.page', { assignmentId: page.id });
    assert.equal(seen.period.name, '2 четверть');
    const own = await ok<{ period: { name: string } }>(await signIn('teacher'), 'journal.page', { assignmentId: page.id });
    assert.equal(own.period.name, '1 четверть');
    const onDate = await ok<{ period: { name: string } }>(await signIn('teacher'), 'journal.page', { assignmentId: page.id, date: '2026-11-16' });
    assert.equal(onDate.period.name, '2 четверть', 'a lesson\'s date opens its period');
  });
});
