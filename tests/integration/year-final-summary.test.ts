// The year's summary of final marks follows the archive form (R-PRINT-4, R-REC-4): term,
// year, exam (with its form and the ЕГЭ score) and final marks per student and subject, and
// the promotion decision once the director's order closed the year (blank before); laid out
// on A4 landscape for a class of 35 and 15 subjects, every page with something on it. And a
// closed year's pages are read-only (R-ROLE-6): journal.page and journal.yearSheet offer no
// editing and say why, and the service refuses the edit.
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { composeYearFinal } from '../../print/compose/year-final';
import type { YearFinalSummaryData } from '../../print/data/year-final';
import type { PrintHeading } from '../../print/data/types';
import { renderPdf } from '../../print/pdf/react-pdf';
import { renderDocument } from '../../print/render';
import { makeDemoFile } from '../helpers/demo-db';
import { serviceCalls } from '../helpers/service-calls';
import { pdfPictures, pdfText, pdfWords, squeeze, type Word } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2027-05-24T10:00:00');
const { signIn, ok, refused } = serviceCalls(() => host);
const out = tmpDir('year-final-');
const RULE_ID = /R-[A-Z]+-\d/;
const MM = 72 / 25.4;

before(async () => {
  db = await openJournal(await makeDemoFile(150, 3));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

/** Gives the demo teacher the page of a graded subject in the first class of a grade; its students. */
async function pageOf(grade: number, nth = 0): Promise<{ assignmentId: string; classId: string; subjectName: string; students: Json[]; yearPeriodId: string; terms: Json[] }> {
  const cls = await db.knex('class').where({ grade }).orderBy('letter').first('id');
  const subjects: { id: string; name: string }[] = await db.knex('teaching_assignment as a').join('subject as s', 's.id', 'a.subject_id')
    .where({ 'a.class_id': cls.id, 's.graded': 1 }).whereNull('a.subgroup_id').orderBy('s.sort_order').select('s.id', 's.name');
  const subject = subjects[nth]!;
  await db.knex('teaching_assignment').where({ class_id: cls.id, subject_id: subject.id }).update({ teacher_id: await staffId('teacher') });
  const a = await db.knex('teaching_assignment').where({ class_id: cls.id, subject_id: subject.id }).first('id');
  const t = await signIn('teacher');
  const sheet = await ok<Json>(t, 'journal.yearSheet', { assignmentId: a.id });
  // Students whose surname is theirs alone in the class: their row is found by it on paper.
  const unique = (sheet.students as Json[]).filter((s) => (sheet.students as Json[]).filter((x) => x.lastName === s.lastName).length === 1);
  return { assignmentId: a.id, classId: cls.id, subjectName: subject.name, students: unique, yearPeriodId: sheet.year.id, terms: sheet.terms };
}

/** The teacher sets a term or year mark on its period's last day (inside the period-mark window). */
async function periodMark(assignmentId: string, period: Json, studentId: string, value: string) {
  now = new Date(`${period.endsOn}T10:00:00`);
  await ok(await signIn('teacher'), 'journal.setPeriodMark', { assignmentId, periodId: period.id, studentId, value, confirmFewMarks: true });
}

/** The words of the row whose name cell holds `surname`, by their x centre. */
function rowOf(words: readonly Word[], surname: string): Word[] {
  const w = words.find((x) => x.text === surname);
  assert.ok(w, `${surname} on the page`);
  const cy = (w.y0 + w.y1) / 2;
  return words.filter((x) => Math.abs((x.y0 + x.y1) / 2 - cy) < 1.6 * MM);
}
const cx = (w: Word) => (w.x0 + w.x1) / 2;
/** The text in a row under a heading word (centre within 2.5 mm). */
function under(row: readonly Word[], head: Word): string {
  return row.filter((w) => Math.abs(cx(w) - cx(head)) < 2.5 * MM).map((w) => w.text).join(' ');
}

describe('the year\'s summary of final marks follows the archive form (R-PRINT-4)', () => {
  let ninth: Awaited<ReturnType<typeof pageOf>>;
  let eleventh: Awaited<ReturnType<typeof pageOf>>;
  let pupil: Json;
  let kept: Json;
  let graduate: Json;

  it('term, year, exam (ОГЭ) and final marks entered by the subject teacher appear in the student\'s row under their columns; the decision is blank while the year is open', async () => {
    ninth = await pageOf(9);
    assert.equal(ninth.terms.length, 4, 'grade 9 has quarters');
    [pupil, kept, graduate] = ninth.students as [Json, Json, Json];
    const terms = ['5', '4', '4', '5'];
    for (const [i, term] of ninth.terms.entries()) await periodMark(ninth.assignmentId, term, pupil!.id, terms[i]!);
    await periodMark(ninth.assignmentId, { id: ninth.yearPeriodId, endsOn: ninth.terms[3]!.endsOn }, pupil!.id, '5');
    await periodMark(ninth.assignmentId, { id: ninth.yearPeriodId, endsOn: ninth.terms[3]!.endsOn }, kept!.id, '2');
    const t = await signIn('teacher');
    await ok(t, 'finalMarks.set', { assignmentId: ninth.assignmentId, studentId: pupil!.id, kind: 'exam', examForm: 'ОГЭ', value: '4' });
    await ok(t, 'finalMarks.set', { assignmentId: ninth.assignmentId, studentId: pupil!.id, kind: 'final', value: '5' });
    await ok(t, 'finalMarks.set', { assignmentId: ninth.assignmentId, studentId: kept!.id, kind: 'exam', examForm: 'ГВЭ', value: '2' });
    // Another teacher may not (the service's check, not the screen's).
    assert.equal(await refused(await signIn('classteacher'), 'finalMarks.set', { assignmentId: ninth.assignmentId, studentId: pupil!.id, kind: 'final', value: '4' }), 'FORBIDDEN');

    const r = await renderDocument(db, 'year_final', { classId: ninth.classId, periodId: ninth.yearPeriodId, now, docNo: 'ТЕСТ-1', allowOpenPeriod: true });
    const file = path.join(out, 'open.pdf');
    fs.writeFileSync(file, r.bytes);
    const text = pdfText(file);
    assert.doesNotMatch(text, RULE_ID, 'no rule id on paper');
    assert.match(squeeze(text), /Своднаяведомостьитоговыхотметокзаучебныйгод/i);
    const pages = pdfWords(file);
    // The page of the subject: its group heading and the columns under it.
    const surname = pupil!.lastName as string;
    const pageNo = pages.findIndex((ws) => ws.some((w) => w.text === 'Экз.'));
    assert.ok(pageNo >= 0, 'an exam column where the class sat an exam');
    const ws = pages[pageNo]!;
    const examHead = ws.find((w) => w.text === 'Экз.')!;
    const formHead = ws.find((w) => w.text === 'Форма')!;
    const yearHead = ws.filter((w) => w.text === 'Год' && cx(w) < cx(formHead)).sort((a, b) => cx(b) - cx(a))[0]!;
    const finalHead = ws.filter((w) => w.text === 'Итог.' && cx(w) > cx(examHead)).sort((a, b) => cx(a) - cx(b))[0]!;
    const termHeads = ws.filter((w) => /^(I|II|III|IV)$/.test(w.text) && w.y0 < examHead.y1 + 2 && w.y0 > examHead.y0 - 6 * MM && cx(w) < cx(yearHead))
      .sort((a, b) => cx(b) - cx(a)).slice(0, 4).sort((a, b) => cx(a) - cx(b));
    assert.deepEqual(termHeads.map((w) => w.text), ['I', 'II', 'III', 'IV'], 'the quarters of the subject');
    const row = rowOf(ws, surname);
    assert.deepEqual(termHeads.map((h) => under(row, h)), terms, 'the term marks in the student\'s row');
    assert.equal(under(row, yearHead), '5', 'year mark');
    assert.equal(under(row, formHead), 'ОГЭ', 'exam form');
    assert.equal(under(row, examHead), '4', 'exam mark');
    assert.equal(under(row, finalHead), '5', 'final mark');
    const keptRow = rowOf(ws, kept!.lastName as string);
    assert.equal(under(keptRow, formHead), 'ГВЭ');
    assert.equal(under(keptRow, examHead), '2');
    assert.equal(under(keptRow, yearHead), '2');
    // The subject's name heads its group of columns.
    assert.ok(squeeze(pdfText(file, pageNo + 1)).includes(squeeze(ninth.subjectName)), 'the subject heads its columns');

    // The decisions page: the columns are there, the decisions blank before the order.
    const decisionsPage = pages.findIndex((p) => p.some((w) => w.text === 'Академическая'));
    assert.ok(decisionsPage >= 0);
    const decisionsText = pages.slice(decisionsPage).map((p) => p.map((w) => w.text).join(' ')).join(' ');
    assert.match(decisionsText, /Решение о переводе/);
    assert.doesNotMatch(decisionsText, /переведён\(а\)|оставлен\(а\)|окончил\(а\)/, 'no decision before the year is closed');
    assert.match(squeeze(text), /Решениеопереводевноситсяпослеприказадиректора/);
    assert.match(squeeze(text), /Срокхранения—25лет/);
    // No blank page: each page has ink beyond its frame and a table or the certification.
    for (const [i, p] of pages.entries()) {
      assert.ok(p.some((w) => w.text === surname) || p.some((w) => w.text === 'сверена'), `page ${i + 1} has content`);
    }
    const pictures = pdfPictures(file);
    assert.equal(pictures.length, r.pages);
    for (const pic of pictures) {
      assert.ok(pic.width > pic.height, 'landscape');
      assert.ok(pic.ink > 0.01, `ink ${pic.ink}`);
    }
  });

  it('ЕГЭ in grade 11 prints its test score; half-years are the terms', async () => {
    eleventh = await pageOf(11);
    assert.equal(eleventh.terms.length, 2, 'grade 11 has half-years');
    const s = eleventh.students[0] as Json;
    await ok(await signIn('teacher'), 'finalMarks.set', { assignmentId: eleventh.assignmentId, studentId: s.id, kind: 'exam', examForm: 'ЕГЭ', value: '5', score: 84 });
    const r = await renderDocument(db, 'year_final', { classId: eleventh.classId, periodId: eleventh.yearPeriodId, now, docNo: 'ТЕСТ-2', allowOpenPeriod: true });
    const file = path.join(out, 'eleventh.pdf');
    fs.writeFileSync(file, r.bytes);
    const ws = pdfWords(file).find((p) => p.some((w) => w.text === 'Балл'))!;
    assert.ok(ws, 'a score column');
    const row = rowOf(ws, s.lastName as string);
    assert.equal(under(row, ws.find((w) => w.text === 'Балл')!), '84');
    assert.equal(under(row, ws.find((w) => w.text === 'Форма')!), 'ЕГЭ');
    assert.equal(under(row, ws.find((w) => w.text === 'Экз.')!), '5');
    assert.ok(ws.some((w) => w.text === 'п/г'), 'half-year columns');
  });

  it('once the director\'s order closes the year, each student\'s decision and next year\'s class are printed; the copy is entered in the register and verifies', async () => {
    const admin = await signIn('admin');
    now = new Date('2027-06-01T10:00:00');
    await ok(admin, 'yearClose.prepareNextYear', {});
    now = new Date('2027-06-20T10:00:00');
    const status = await ok<Json>(admin, 'yearClose.status', {});
    await ok(admin, 'yearClose.close', {
      orderNumber: '77-о', orderDate: '2027-06-15', acknowledgeMissing: status.missing.map((m: Json) => m.key),
      decisions: [{ studentId: kept!.id, decision: 'kept' }],
    });
    const secretary = await signIn('secretary');
    const yf = await ok<Json>(secretary, 'print.summary', { classId: ninth.classId, periodId: ninth.yearPeriodId, kind: 'year-final', file: path.join(out, 'closed.pdf') });
    const pages = pdfWords(yf.file);
    const decisionsPage = pages.findIndex((p) => p.some((w) => w.text === 'Академическая'));
    const ws = pages[decisionsPage]!;
    const text = (lastName: string) => rowOf(ws, lastName).map((w) => w.text).join(' ');
    assert.match(text(kept!.lastName), /оставлен\(а\) на повторное обучение/);
    assert.match(text(kept!.lastName), /9/, 'kept back: a class of grade 9 next year');
    assert.match(text(graduate!.lastName), /окончил\(а\) и выбыл\(а\)/);
    assert.match(text(pupil!.lastName), /на «5»|на «4» и «5»|одна «3»|успевает/, 'the year\'s result');
    const all = squeeze(pdfText(yf.file));
    assert.match(all, /Приказдиректора№77-оот15\.06\.2027/);
    assert.doesNotMatch(pdfText(yf.file), RULE_ID);
    const reg = await db.knex('print_register').where({ doc_no: yf.docNo }).first('kind', 'status', 'sheets');
    assert.equal(reg.kind, 'year_final');
    assert.equal(reg.status, 'current');
    assert.equal(reg.sheets, yf.sheets);
    const verified = await ok<Json>(secretary, 'print.verify', { docNo: yf.docNo }).catch(() => null);
    if (verified) assert.equal(verified.status, 'current');
  });
});

describe('a closed year\'s journal is read-only (R-ROLE-6)', () => {
  it('journal.page and journal.yearSheet offer no editing and say the year is closed; an edit is refused and nothing changes', async () => {
    const t = await signIn('teacher');
    const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('academic_year as y', 'y.id', 'c.year_id')
      .where({ 'a.teacher_id': await staffId('teacher'), 'y.status': 'closed', 'c.grade': 9 }).first('a.id', 'a.class_id');
    const page = await ok<Json>(t, 'journal.page', { assignmentId: a.id });
    assert.equal(page.canEdit, false);
    assert.equal(page.canEditReasons, false);
    assert.equal(page.yearClosed, true);
    assert.equal(page.readOnlyNote, 'Учебный год закрыт: журнал только для чтения');
    const sheet = await ok<Json>(t, 'journal.yearSheet', { assignmentId: a.id });
    assert.equal(sheet.canEdit, false);
    assert.equal(sheet.readOnlyNote, 'Учебный год закрыт: журнал только для чтения');
    const before = Number((await db.knex('change_log').count('* as n').first())!.n);
    const student = sheet.students[0].id;
    assert.equal(await refused(t, 'journal.setPeriodMark', { assignmentId: a.id, periodId: sheet.year.id, studentId: student, value: '3', confirmFewMarks: true }), 'CONFLICT');
    const lesson = await db.knex('lesson').where({ assignment_id: a.id }).first('id');
    assert.equal(await refused(t, 'journal.setMark', { lessonId: lesson.id, studentId: student, value: '5' }), 'CONFLICT');
    assert.equal(Number((await db.knex('change_log').count('* as n').first())!.n), before);
    // The class teacher of that class is offered no reasons either.
    const cls = await db.knex('class as c').join('staff as s', 's.id', 'c.class_teacher_id').where('c.id', a.class_id).first('s.login');
    if (cls?.login === 'classteacher') assert.equal((await ok<Json>(await signIn('classteacher'), 'journal.page', { assignmentId: a.id })).canEditReasons, false);
  });

  it('an open year\'s page is editable for its teacher and has no note', async () => {
    const t = await signIn('teacher');
    const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('academic_year as y', 'y.id', 'c.year_id')
      .where({ 'a.teacher_id': await staffId('teacher') }).whereNot('y.status', 'closed').first('a.id');
    if (!a) {
      // Next year has no teaching load yet: an open page is checked on a fresh school instead.
      const fresh = await openJournal(await makeDemoFile(150, 3));
      const h = new ServiceHost(fresh, { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined });
      const calls = serviceCalls(() => h);
      const c = await calls.signIn('teacher');
      const own = (await calls.ok<Json[]>(c, 'journal.pages', {}))[0]!;
      const page = await calls.ok<Json>(c, 'journal.page', { assignmentId: own.id });
      assert.equal(page.canEdit, true);
      assert.equal(page.yearClosed, false);
      assert.equal(page.readOnlyNote, null);
      assert.equal((await calls.ok<Json>(c, 'journal.yearSheet', { assignmentId: own.id })).readOnlyNote, null);
      await fresh.close();
      return;
    }
    const page = await ok<Json>(t, 'journal.page', { assignmentId: a.id });
    assert.equal(page.readOnlyNote, null);
  });
});

describe('the layout holds a class of 35 and 15 subjects (R-PRINT-4)', () => {
  it('subjects go side by side, as many as fit, the whole class on each sheet; the decisions after; no blank page and nothing off the page', async () => {
    const heading = {
      schoolFullName: 'Школа № 1', schoolShortName: 'Школа № 1', classId: 'c9', className: '9А', grade: 9, yearName: '2026/2027',
      period: { id: 'y', kind: 'year', number: 1, name: 'Учебный год', startsOn: '2026-09-01', endsOn: '2027-05-26' }, classTeacher: 'Иванова Ольга Петровна',
    } as PrintHeading;
    const subjectNames = ['Русский язык', 'Литература', 'Родной язык', 'Иностранный язык (английский)', 'Алгебра', 'Геометрия', 'Вероятность и статистика', 'Информатика', 'История', 'Обществознание', 'География', 'Биология', 'Физика', 'Химия', 'Физическая культура'];
    const subjects = subjectNames.map((name, i) => ({ id: `s${String(i).padStart(2, '0')}`, name, shortName: name.slice(0, 4) }));
    const students = Array.from({ length: 35 }, (_, i) => ({ id: `p${String(i).padStart(2, '0')}`, name: `Ученикова${i + 1} Мария Александровна`, from: '2026-09-01', to: null }));
    const terms = ['I', 'II', 'III', 'IV'].map((label, n) => ({ id: `q${n}`, label, name: `${n + 1} четверть` }));
    const v = (i: number, j: number) => String(3 + ((i + j) % 3));
    const data: YearFinalSummaryData = {
      kind: 'year-final', heading, terms, students, subjects,
      termMarks: students.flatMap((s, i) => subjects.flatMap((sub, j) => terms.map((_, t) => ({ studentId: s.id, subjectId: sub.id, term: t, value: v(i, j + t) })))),
      yearMarks: students.flatMap((s, i) => subjects.map((sub, j) => ({ studentId: s.id, subjectId: sub.id, value: v(i, j) }))),
      exams: students.flatMap((s, i) => ['s00', 's04'].map((sub) => ({ studentId: s.id, subjectId: sub, form: i === 3 ? 'ГВЭ' : 'ОГЭ', value: v(i, 1), score: null }))),
      finals: students.flatMap((s, i) => subjects.map((sub, j) => ({ studentId: s.id, subjectId: sub.id, value: v(i, j) }))),
      order: { number: '77-о', date: '2027-06-15' },
      decisions: students.map((s, i) => ({ studentId: s.id, decision: i === 5 ? 'оставлен(а) на повторное обучение' : 'окончил(а) и выбыл(а)', toClass: i === 5 ? '9А' : '', debts: i === 5 ? 'Алгебра' : '' })),
    };
    const doc = composeYearFinal(data, { docNo: 'ТЕСТ-35', printedOn: '2027-06-20', warning: null });
    const file = path.join(out, 'big.pdf');
    fs.writeFileSync(file, await renderPdf(doc));
    const pages = pdfWords(file);
    assert.equal(pages.length, doc.pages.length);
    assert.equal(doc.sheets.length, doc.pages.length, 'a hash for each sheet');
    const marksPages = pages.filter((p) => p.some((w) => w.text === 'Год'));
    assert.ok(marksPages.length >= 2 && marksPages.length <= 4, `15 subjects on ${marksPages.length} sheets`);
    // Every subject heads a group once; every student is on each marks sheet, once.
    const all = squeeze(pdfText(file));
    for (const name of subjectNames) assert.ok(all.includes(squeeze(name)), name);
    for (const p of marksPages) {
      for (const s of students) assert.equal(p.filter((w) => w.text === s.name.split(' ')[0]).length, 1, `${s.name} on every marks sheet`);
    }
    // Nothing off the page (A4 landscape: 842 × 595 pt).
    for (const [i, p] of pages.entries()) {
      for (const w of p) assert.ok(w.x0 >= 0 && w.x1 <= 842 && w.y0 >= 0 && w.y1 <= 595.5, `page ${i + 1}: «${w.text}» within the page`);
    }
    // The decisions follow, with the certification on the last page.
    const last = pdfText(file, pages.length);
    assert.match(squeeze(last), /Копиясверена/);
    assert.match(squeeze(pdfText(file)), /оставлен\(а\)наповторноеобучение/);
    for (const pic of pdfPictures(file)) assert.ok(pic.ink > 0.01, 'no blank page');
  });
});
