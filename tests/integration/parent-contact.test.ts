// Contact with parents (issue 14 point 7; R-REP-7, R-TIME-6): the class teacher records
// notices to the parents of a student failing or absent without a valid reason, with the
// date, the way and the answer; withdraws one made by mistake with its history kept; marks
// the families informed on paper. Another class's teacher is refused by the service and by
// the rule book; deputies and the director read. The notices print as letters, one part
// each, and the risk list shows what was done. On a small school built by hand.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderReportPdf } from '../../print/reports/render';
import { pdfText } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';
import { newId } from '../../db/ids';
import { ServiceHost } from '../../service/host';
import { runReport } from '../../service/reports/run';
import type { ReportResult, ReportTable } from '../../shared/report-model';
import type { ParentNotice } from '../../shared/parent-contact';
import { buildClassReportsSchool, type ClassReportsSchool } from '../helpers/class-reports-school';
import { serviceCalls } from '../helpers/service-calls';

let school: ClassReportsSchool;
let host: ServiceHost;
const now = new Date('2026-11-23T10:00:00');
const { signIn, ok, refused } = serviceCalls(() => host);

before(async () => {
  school = await buildClassReportsSchool();
  host = new ServiceHost(school.db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => school.db.close());

const notices = () => school.db.knex('parent_contact').select('*');
const historyOf = (rowId: string, field: string) =>
  school.db.knex('change_log').where({ table_name: 'parent_contact', row_id: rowId, field }).orderBy('hlc').pluck('new_value') as Promise<string[]>;

describe('contact with parents: the class teacher records notices and answers (R-REP-7)', () => {
  let noticeId: string;

  it('the class teacher records a notice to the parents of a student of their class: the student\'s class, the recorder and the time are kept', async () => {
    const ivanova = await signIn('ivanova');
    const r = await ok<{ noticeId: string }>(ivanova, 'parentContact.record', {
      studentId: school.students.antonov, date: '2026-11-20', reason: 'failing', way: 'letter', text: 'По математике две отметки «2» подряд.\nПросим проверить домашние задания.',
    });
    noticeId = r.noticeId;
    const row = await school.db.knex('parent_contact').where({ id: noticeId }).first();
    assert.equal(row.class_id, school.classes.a7);
    assert.equal(row.recorded_by, school.staff.ivanova);
    assert.equal(row.reason, 'failing');
    assert.equal(row.way, 'letter');
    assert.equal(row.answer, '');
    assert.equal(row.answered_on, null);
    assert.equal(row.withdrawn, 0);
  });

  it('R-REP-7: another class\'s teacher is refused by the service, and the rule book refuses the same write made directly; nothing is written', async () => {
    const before = (await notices()).length;
    const petrov = await signIn('petrov');
    assert.equal(await refused(petrov, 'parentContact.record', { studentId: school.students.antonov, date: '2026-11-20', reason: 'absence', way: 'phone', text: 'Пропуски без причины' }), 'FORBIDDEN');
    assert.equal(await refused(petrov, 'parentContact.answer', { noticeId, answer: 'Ответ', answeredOn: '2026-11-21' }), 'FORBIDDEN');
    assert.equal(await refused(petrov, 'parentContact.withdraw', { noticeId, reason: 'не мой ученик' }), 'FORBIDDEN');
    assert.equal(await refused(petrov, 'parentContact.setPaperFamily', { studentId: school.students.antonov, paper: true }), 'FORBIDDEN');
    await assert.rejects(school.db.writer.write({ userId: school.staff.petrov }, [{
      table: 'parent_contact', id: newId(),
      set: { student_id: school.students.antonov, class_id: school.classes.a7, date: '2026-11-20', reason: 'absence', way: 'phone', text: 'Пропуски', answer: '', answered_on: null, recorded_by: school.staff.petrov, recorded_at: now.toISOString(), withdrawn: 0 },
    }]), (e: unknown) => (e as { code?: string }).code === 'FORBIDDEN');
    await assert.rejects(school.db.writer.write({ userId: school.staff.petrov }, [{ table: 'parent_contact', id: noticeId, set: { answer: 'подделка' } }]),
      (e: unknown) => (e as { code?: string }).code === 'FORBIDDEN');
    // A deputy reads but does not record; a subject teacher neither.
    assert.equal(await refused(await signIn('deputy'), 'parentContact.record', { studentId: school.students.antonov, date: '2026-11-20', reason: 'failing', way: 'letter', text: 'Текст' }), 'FORBIDDEN');
    await assert.rejects(school.db.writer.write({ userId: school.staff.deputy }, [{ table: 'parent_contact', id: noticeId, set: { answer: 'подделка' } }]),
      (e: unknown) => (e as { code?: string }).code === 'FORBIDDEN');
    assert.equal((await notices()).length, before);
    assert.equal((await school.db.knex('parent_contact').where({ id: noticeId }).first()).answer, '');
    // His own class's student: allowed.
    await ok(petrov, 'parentContact.record', { studentId: school.students.dmitriev, date: '2026-11-19', reason: 'failing', way: 'phone', text: 'Отметка «2» за четверть по математике' });
  });

  it('bad input changes nothing: a date to come, an answer before the notice, an unknown student, a reason it does not know', async () => {
    const ivanova = await signIn('ivanova');
    const count = (await notices()).length;
    assert.equal(await refused(ivanova, 'parentContact.record', { studentId: school.students.antonov, date: '2026-11-30', reason: 'failing', way: 'letter', text: 'Текст' }), 'VALIDATION');
    assert.equal(await refused(ivanova, 'parentContact.record', { studentId: school.students.antonov, date: '2026-11-20', reason: 'late', way: 'letter', text: 'Текст' }), 'VALIDATION');
    assert.equal(await refused(ivanova, 'parentContact.record', { studentId: newId(), date: '2026-11-20', reason: 'failing', way: 'letter', text: 'Текст' }), 'NOT_FOUND');
    assert.equal(await refused(ivanova, 'parentContact.answer', { noticeId, answer: 'Придём', answeredOn: '2026-11-19' }), 'VALIDATION');
    assert.equal((await notices()).length, count);
  });

  it('the answer and its date are recorded; a second answer replaces it on screen, and the history keeps both', async () => {
    const ivanova = await signIn('ivanova');
    await ok(ivanova, 'parentContact.answer', { noticeId, answer: 'Мама позвонила, придёт на консультацию', answeredOn: '2026-11-21' });
    await ok(ivanova, 'parentContact.answer', { noticeId, answer: 'Мама пришла на консультацию 23.11', answeredOn: '2026-11-23' });
    const row = await school.db.knex('parent_contact').where({ id: noticeId }).first();
    assert.equal(row.answer, 'Мама пришла на консультацию 23.11');
    assert.equal(row.answered_on, '2026-11-23');
    assert.deepEqual((await historyOf(noticeId, 'answer')).map((v) => JSON.parse(v)), ['Мама позвонила, придёт на консультацию', 'Мама пришла на консультацию 23.11']);
  });

  it('deputies and the director read a class\'s notices; another class\'s teacher and a subject teacher may not', async () => {
    for (const who of ['deputy', 'director', 'ivanova']) {
      const r = await ok<{ notices: ParentNotice[] }>(await signIn(who), 'parentContact.list', { classId: school.classes.a7 });
      assert.deepEqual(r.notices.map((n) => [n.studentName, n.reason, n.way, n.answeredOn]), [['Антонов Иван', 'failing', 'letter', '2026-11-23']], who);
    }
    assert.equal(await refused(await signIn('petrov'), 'parentContact.list', { classId: school.classes.a7 }), 'FORBIDDEN');
    assert.equal(await refused(await signIn('sidorova'), 'parentContact.list', { classId: school.classes.a7 }), 'FORBIDDEN');
  });

  it('a notice recorded by mistake is withdrawn: its row and history stay, the list and the letters leave it out', async () => {
    const ivanova = await signIn('ivanova');
    const wrong = await ok<{ noticeId: string }>(ivanova, 'parentContact.record', { studentId: school.students.borisova, date: '2026-11-22', reason: 'absence', way: 'phone', text: 'Ошибочная запись' });
    await ok(ivanova, 'parentContact.withdraw', { noticeId: wrong.noticeId, reason: 'записано не тому ученику' });
    const row = await school.db.knex('parent_contact').where({ id: wrong.noticeId }).first();
    assert.equal(row.withdrawn, 1);
    assert.equal(row.text, 'Ошибочная запись');
    assert.deepEqual(await historyOf(wrong.noticeId, 'withdrawn'), ['1']);
    const shown = await ok<{ notices: ParentNotice[] }>(ivanova, 'parentContact.list', { classId: school.classes.a7 });
    assert.ok(!shown.notices.some((n) => n.id === wrong.noticeId));
    const all = await ok<{ notices: ParentNotice[] }>(ivanova, 'parentContact.list', { classId: school.classes.a7, withdrawn: true });
    assert.ok(all.notices.some((n) => n.id === wrong.noticeId && n.withdrawn));
  });

  it('R-TIME-6: the class teacher marks a family informed on paper; the list shows it and the change log keeps it', async () => {
    const ivanova = await signIn('ivanova');
    await ok(ivanova, 'parentContact.setPaperFamily', { studentId: school.students.antonov, paper: true });
    assert.equal((await school.db.knex('student').where({ id: school.students.antonov }).first('paper_family')).paper_family, 1);
    const r = await ok<{ students: { id: string; paperFamily: boolean }[] }>(ivanova, 'parentContact.list', { classId: school.classes.a7 });
    assert.deepEqual(r.students.filter((s) => s.paperFamily).map((s) => s.id), [school.students.antonov]);
    const log = await school.db.knex('change_log').where({ table_name: 'student', row_id: school.students.antonov, field: 'paper_family' }).first('user_id', 'new_value');
    assert.deepEqual([log.user_id, log.new_value], [school.staff.ivanova, '1']);
  });
});

describe('the notices print as letters, and the risk list shows what was done (R-REP-7, R-REP-1)', () => {
  const ctx = (who: 'ivanova' | 'deputy') => ({ today: '2026-11-23', user: { id: school.staff[who], roles: who === 'ivanova' ? ['teacher', 'class_teacher'] as const : ['deputy'] as const } });

  it('a letter per notice, each with the school, the parents of that student, the text and the class teacher\'s signature; a withdrawn notice is not printed', async () => {
    const r: ReportResult = await runReport(school.db.knex, 'parent-letters', { classId: school.classes.a7, from: '2026-11-01', to: '2026-11-23' }, ctx('ivanova'));
    assert.equal(r.parts.length, 1);
    const text = JSON.stringify(r.parts[0]);
    assert.match(text, /Средняя общеобразовательная школа № 3/);
    assert.match(text, /Антонов Иван Петрович/);
    assert.match(text, /Антонова Ольга Ивановна \(мать\)/);
    assert.match(text, /две отметки «2» подряд/);
    assert.match(text, /Классный руководитель _+ \/ Иванова А\. С\. \//);
    assert.doesNotMatch(text, /Ошибочная запись|Борисова/);
    await assert.rejects(runReport(school.db.knex, 'parent-letters', { classId: school.classes.b7 }, ctx('ivanova')), /классному руководителю этого класса/);
  });

  it('on paper each letter is a page of its own, with only its student; no rule ids', async () => {
    await ok(await signIn('ivanova'), 'parentContact.record', { studentId: school.students.borisova, date: '2026-11-21', reason: 'absence', way: 'phone', text: 'Пропуск английского языка 09.11 без уважительной причины' });
    const r = await runReport(school.db.knex, 'parent-letters', { classId: school.classes.a7, from: '2026-11-01', to: '2026-11-23' }, ctx('deputy'));
    assert.deepEqual(r.parts.map((p) => p.title), ['Антонов Иван, 7А класс · 20.11.2026', 'Борисова Мария, 7А класс · 21.11.2026']);
    const pdf = await renderReportPdf(school.db.knex, r, { docNo: 'ТЕСТ-П2', now });
    const file = path.join(tmpDir('letters-'), 'letters.pdf');
    fs.writeFileSync(file, pdf.bytes);
    assert.equal(pdf.doc.pages.length, 2);
    const first = pdfText(file, 1);
    const second = pdfText(file, 2);
    assert.ok(first.includes('Антонов Иван Петрович') && !first.includes('Борисова'));
    assert.ok(second.includes('Борисова Мария Андреевна') && !second.includes('Антонов'));
    assert.match(second, /пропуски без уважительной причины/);
    for (const t of [first, second]) {
      assert.doesNotMatch(t, /R-[A-Z]+-\d/);
      assert.match(t, /Классный руководитель/);
    }
  });

  it('the risk list: Антонов (math mean 2,00, a «2» forecast) with the letter and the answer; the deputy sees the whole school, 7Б\'s failing student too', async () => {
    const r = await runReport(school.db.knex, 'risk', { classId: school.classes.a7, from: '2026-11-01', to: '2026-11-23' }, ctx('ivanova'));
    const t = r.parts[0]!.sections[0] as ReportTable;
    assert.deepEqual(t.rows.map((x) => x.cells.student), ['Антонов Иван']);
    const row = t.rows[0]!;
    assert.match(String(row.cells.failing), /Математика: средний балл 2,00/);
    assert.equal(row.cells.notices, 1);
    assert.match(String(row.cells.done), /20\.11\.2026 письмо \(неуспеваемость\) — ответ 23\.11\.2026/);
    assert.equal(row.mark, 'risk');
    const q1 = await runReport(school.db.knex, 'risk', { periodId: school.q1 }, ctx('deputy'));
    const all = (q1.parts[0]!.sections[0] as ReportTable).rows.map((x) => [x.cells.student, x.cells.className]);
    assert.deepEqual(all, [['Антонов Иван', '7А'], ['Дмитриев Олег', '7Б']], 'a «2» for the first quarter');
    await assert.rejects(runReport(school.db.knex, 'risk', {}, ctx('ivanova')), /укажите класс/);
  });
});
