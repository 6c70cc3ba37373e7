// Closing the year (R-ROLE-6, R-REC-4; issue 13 point 6) on a demo school: the missing year
// marks and the proposal, exam and final marks by the subject teacher, next year prepared
// from this one, the refusals (no order, missing marks not acknowledged, not the
// administrator, closing twice), the promotions and enrolments written, and the old year
// read-only for edits but readable and printable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { serviceCalls } from '../helpers/service-calls';
import { pdfText, squeeze } from '../helpers/pdf';
import { CHECK_COPY_FOOTER } from '../../shared/check-copy';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2027-05-24T10:00:00');
const { signIn, ok, refused } = serviceCalls(() => host);
const logCount = async () => Number((await db.knex('change_log').count('* as n').first())?.n);

before(async () => {
  db = await openJournal(await makeDemoFile(150, 3));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

describe('closing the year (R-ROLE-6)', () => {
  let status: Json;
  let pupil: { id: string; classId: string; assignmentId: string; subjectId: string };
  let ninth: { assignmentId: string; studentId: string; classId: string };

  it('lists the missing year marks and proposes: leavers of 9 and 11 graduate, the others are promoted', async () => {
    const admin = await signIn('admin');
    status = await ok<Json>(admin, 'yearClose.status', {});
    assert.equal(status.year.name, '2026/2027');
    assert.equal(status.year.status, 'open');
    assert.equal(status.nextYear, null);
    assert.ok(status.missing.length > 0, 'the demo has no year marks yet');
    assert.equal(status.totals.missing, status.missing.length);
    for (const c of status.classes as Json[]) {
      for (const s of c.students as Json[]) {
        assert.equal(s.proposed, c.grade === 9 || c.grade === 11 ? 'graduated' : 'promoted', `${c.className} ${s.name}`);
      }
      if (c.grade === 1) assert.ok(c.students.every((s: Json) => s.missing.length === 0), 'grade 1 takes no marks (R-REC-5)');
    }
    const teacher = await signIn('teacher');
    assert.equal(await refused(teacher, 'yearClose.status', {}), 'FORBIDDEN');
  });

  it('a year mark of 2 is an academic debt: the student is proposed for conditional promotion (условный перевод)', async () => {
    const t = await signIn('teacher');
    const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
      .where({ 'a.teacher_id': await staffId('teacher'), 's.graded': 1 }).whereNull('a.subgroup_id').whereBetween('c.grade', [2, 8])
      .orderBy('c.grade').first('a.id', 'a.class_id', 'a.subject_id');
    const sheet = await ok<Json>(t, 'journal.yearSheet', { assignmentId: a.id });
    const student = sheet.students[0];
    await ok(t, 'journal.setPeriodMark', { assignmentId: a.id, periodId: sheet.year.id, studentId: student.id, value: '2', confirmFewMarks: true });
    pupil = { id: student.id, classId: a.class_id, assignmentId: a.id, subjectId: a.subject_id };
    const admin = await signIn('admin');
    status = await ok<Json>(admin, 'yearClose.status', {});
    const s = (status.classes as Json[]).flatMap((c) => c.students).find((x: Json) => x.studentId === pupil.id);
    assert.equal(s.proposed, 'conditional');
    assert.equal(s.debts.length, 1);
    assert.match(s.debts[0], /\(2\)/);
    assert.ok(!status.missing.some((m: Json) => m.key === `${pupil.id}:${pupil.subjectId}`), 'no longer missing');
  });

  it('exam (ОГЭ) and final marks of grade 9 are the subject teacher\'s: another teacher is refused, a failed exam is a debt', async () => {
    // The demo teacher is given a grade-9 page for this test.
    const cls = await db.knex('class').where({ grade: 9 }).orderBy('letter').first('id', 'year_id');
    const subject = await db.knex('subject').where({ graded: 1 }).orderBy('sort_order').first('id');
    await db.knex('teaching_assignment').where({ class_id: cls.id, subject_id: subject.id }).update({ teacher_id: await staffId('teacher') });
    const a = await db.knex('teaching_assignment').where({ class_id: cls.id, subject_id: subject.id }).first('id');
    const t = await signIn('teacher');
    const sheet = await ok<Json>(t, 'finalMarks.sheet', { assignmentId: a.id });
    assert.deepEqual(sheet.examForms, ['ОГЭ', 'ГВЭ']);
    assert.equal(sheet.canEdit, true);
    ninth = { assignmentId: a.id, studentId: sheet.students[0].studentId, classId: cls.id };
    await ok(t, 'finalMarks.set', { assignmentId: a.id, studentId: ninth.studentId, kind: 'exam', examForm: 'ОГЭ', value: '2' });
    assert.equal(await refused(t, 'finalMarks.set', { assignmentId: a.id, studentId: ninth.studentId, kind: 'exam', examForm: 'ЕГЭ', value: '4' }), 'VALIDATION');
    assert.equal(await refused(t, 'finalMarks.set', { assignmentId: a.id, studentId: ninth.studentId, kind: 'final', examForm: 'ОГЭ', value: '4' }), 'VALIDATION');
    const other = await signIn('classteacher');
    assert.equal(await refused(other, 'finalMarks.set', { assignmentId: a.id, studentId: ninth.studentId, kind: 'final', value: '4' }), 'FORBIDDEN');
    const row = await db.knex('final_mark').where({ student_id: ninth.studentId, kind: 'exam' }).first();
    assert.equal(row.exam_form, 'ОГЭ');
    assert.equal(row.value, '2');
    assert.equal(row.entered_by, await staffId('teacher'));
    const admin = await signIn('admin');
    status = await ok<Json>(admin, 'yearClose.status', {});
    const s = (status.classes as Json[]).flatMap((c) => c.students).find((x: Json) => x.studentId === ninth.studentId);
    assert.equal(s.proposed, 'kept', 'a leaver with a debt is not graduated');
    // The final mark settles the subject.
    await ok(t, 'finalMarks.set', { assignmentId: a.id, studentId: ninth.studentId, kind: 'final', value: '3' });
    status = await ok<Json>(admin, 'yearClose.status', {});
    assert.equal((status.classes as Json[]).flatMap((c) => c.students).find((x: Json) => x.studentId === ninth.studentId).proposed, 'graduated');
  });

  it('next year is prepared as a copy of this one: periods, curriculum, classes one grade up with their letters and chosen class teachers', async () => {
    const admin = await signIn('admin');
    const old: Json[] = await db.knex('class').where({ year_id: status.year.id }).select('id', 'grade', 'letter', 'class_teacher_id');
    const keep = old.filter((c) => c.grade === 5).map((c) => c.id as string);
    assert.equal(await refused(await signIn('deputy'), 'yearClose.prepareNextYear', {}), 'FORBIDDEN');
    const r = await ok<Json>(admin, 'yearClose.prepareNextYear', { keepClassTeachers: keep });
    assert.equal(r.name, '2027/2028');
    assert.equal(r.startsOn, '2027-09-01');
    const periods: Json[] = await db.knex('period').where({ year_id: r.yearId }).select('kind');
    assert.equal(periods.filter((p) => p.kind === 'quarter').length, 4);
    assert.equal(periods.filter((p) => p.kind === 'year').length, 1);
    assert.equal(Number((await db.knex('curriculum').where({ year_id: r.yearId }).count('* as n').first())!.n), Number((await db.knex('curriculum').where({ year_id: status.year.id }).count('* as n').first())!.n));
    const next: Json[] = await db.knex('class').where({ year_id: r.yearId }).select('grade', 'letter', 'class_teacher_id');
    assert.ok(!next.some((c) => c.grade === 12));
    for (const c of old.filter((x) => x.grade < 11)) {
      const n = next.find((x) => x.grade === c.grade + 1 && x.letter === c.letter);
      assert.ok(n, `${c.grade + 1}${c.letter} made`);
      assert.equal(n.class_teacher_id, c.grade === 5 ? c.class_teacher_id : null, 'class teachers carried over where chosen');
    }
    assert.equal(await refused(admin, 'yearClose.prepareNextYear', {}), 'CONFLICT', 'prepared once');
    status = await ok<Json>(admin, 'yearClose.status', {});
    assert.equal(status.nextYear.name, '2027/2028');
  });

  it('closing is refused without the order, before the last school day, and with missing year marks not acknowledged — nothing changes', async () => {
    const admin = await signIn('admin');
    const before = await logCount();
    now = new Date('2027-05-24T10:00:00');
    assert.equal(await refused(admin, 'yearClose.close', { orderNumber: '112-о', orderDate: '2027-05-24' }), 'CONFLICT', 'before the last day');
    now = new Date('2027-06-20T10:00:00');
    assert.equal(await refused(admin, 'yearClose.close', { orderDate: '2027-06-15' }), 'VALIDATION', 'no order number');
    assert.equal(await refused(admin, 'yearClose.close', { orderNumber: '112-о' }), 'VALIDATION', 'no order date');
    assert.equal(await refused(admin, 'yearClose.close', { orderNumber: '112-о', orderDate: '2027-06-25' }), 'VALIDATION', 'an order of the future');
    assert.equal(await refused(admin, 'yearClose.close', { orderNumber: '112-о', orderDate: '2027-06-15' }), 'NEEDS_CONFIRMATION', 'missing year marks');
    const some = (status.missing as Json[]).slice(1).map((m) => m.key);
    assert.equal(await refused(admin, 'yearClose.close', { orderNumber: '112-о', orderDate: '2027-06-15', acknowledgeMissing: some }), 'NEEDS_CONFIRMATION', 'each one acknowledged');
    assert.equal(await refused(await signIn('director'), 'yearClose.close', { orderNumber: '112-о', orderDate: '2027-06-15', acknowledgeMissing: status.missing.map((m: Json) => m.key) }), 'FORBIDDEN');
    assert.equal(await logCount(), before);
  });

  it('closes: promotions by the order, enrolments ended at the year\'s end and begun in next year\'s classes, kept back in the same grade, none for leavers', async () => {
    const admin = await signIn('admin');
    const all = (status.classes as Json[]).flatMap((c) => c.students.map((s: Json) => ({ ...s, grade: c.grade, classId: c.classId })));
    const kept = all.find((s) => s.grade === 6)!;
    const r = await ok<Json>(admin, 'yearClose.close', {
      orderNumber: '112-о', orderDate: '2027-06-15', acknowledgeMissing: status.missing.map((m: Json) => m.key),
      decisions: [{ studentId: kept.studentId, decision: 'kept' }],
    });
    assert.equal(r.students, all.length);
    assert.equal(r.counts.kept, 1);
    assert.equal(r.counts.conditional, 1);
    const promos: Json[] = await db.knex('promotion').where({ year_id: status.year.id }).select('*');
    assert.equal(promos.length, all.length);
    assert.ok(promos.every((p) => p.order_number === '112-о' && p.order_date === '2027-06-15'));
    const yearRow = await db.knex('academic_year').where({ id: status.year.id }).first();
    assert.equal(yearRow.status, 'closed');
    assert.equal(yearRow.closed_order_no, '112-о');
    assert.equal((await db.knex('academic_year').where({ id: status.nextYear.id }).first()).status, 'open');
    const nextClass = async (studentId: string) => db.knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').where({ 'e.student_id': studentId, 'c.year_id': status.nextYear.id }).first('c.grade', 'c.letter', 'e.starts_on');
    const cond = promos.find((p) => p.student_id === pupil.id)!;
    assert.equal(cond.decision, 'conditional');
    assert.ok(cond.debts.length > 0);
    const oldClass = await db.knex('class').where({ id: pupil.classId }).first('grade', 'letter');
    assert.deepEqual({ ...(await nextClass(pupil.id)) }, { grade: oldClass.grade + 1, letter: oldClass.letter, starts_on: '2027-09-01' });
    assert.equal((await nextClass(kept.studentId)).grade, 6, 'kept back: the same grade');
    const leaver = all.find((s) => s.grade === 11)!;
    assert.equal(promos.find((p) => p.student_id === leaver.studentId)!.decision, 'graduated');
    assert.equal(await nextClass(leaver.studentId), undefined, 'no class for a leaver');
    const open = await db.knex('enrolment as e').join('class as c', 'c.id', 'e.class_id').where('c.year_id', status.year.id).whereNull('e.ends_on').count('* as n').first();
    assert.equal(Number(open!.n), 0, 'every enrolment of the old year ends');
    assert.equal(await refused(admin, 'yearClose.close', { orderNumber: '113-о', orderDate: '2027-06-16' }), 'CONFLICT', 'closing twice');
  });

  it('the closed year is read-only for every edit, yet readable and printable; the list of promoted students is printed', async () => {
    const t = await signIn('teacher');
    const sheet = await ok<Json>(t, 'journal.yearSheet', { assignmentId: pupil.assignmentId });
    const before = await logCount();
    const r = await host.call(t, 'journal.setPeriodMark', { assignmentId: pupil.assignmentId, periodId: sheet.year.id, studentId: pupil.id, value: '3', confirmFewMarks: true });
    assert.ok(!r.ok && r.error.code === 'CONFLICT' && /закрыт/.test(r.error.message), JSON.stringify(r));
    const lesson = await db.knex('lesson').where({ assignment_id: pupil.assignmentId }).first('id');
    const m = await host.call(t, 'journal.setMark', { lessonId: lesson.id, studentId: pupil.id, value: '5' });
    assert.ok(!m.ok && m.error.code === 'CONFLICT' && /закрыт/.test(m.error.message), JSON.stringify(m));
    assert.equal(await refused(t, 'journal.setLesson', { lessonId: lesson.id, topic: 'Новая тема' }), 'CONFLICT');
    assert.equal(await refused(t, 'finalMarks.set', { assignmentId: ninth.assignmentId, studentId: ninth.studentId, kind: 'final', value: '5' }), 'CONFLICT');
    assert.equal(await logCount(), before);
    const page = await ok<Json>(t, 'journal.page', { assignmentId: pupil.assignmentId });
    assert.ok(page.students.length > 0, 'still viewable');
    const secretary = await signIn('secretary');
    const yf = await ok<Json>(secretary, 'print.summary', { classId: pupil.classId, periodId: sheet.year.id, kind: 'year-final', file: path.join(tmpDir(), 'year-final.pdf') });
    assert.match(pdfText(yf.file), /итоговых отметок/, 'the closed year is printed');
    assert.equal(await refused(await signIn('teacher'), 'yearClose.printList', { classId: pupil.classId }), 'FORBIDDEN');
    const list = await ok<Json>(secretary, 'yearClose.printList', { classId: pupil.classId });
    const text = pdfText(list.file);
    assert.match(text, /Список/);
    assert.match(text, /112-о/);
    assert.match(text, /условно/);
    assert.doesNotMatch(text, /R-[A-Z]+-\d/);
    // Like every printed document (paper-rules.test.ts): the footer names where a copy is checked.
    assert.ok(squeeze(text).includes(squeeze(CHECK_COPY_FOOTER)));
  });
});
