// The report for parents without electronic access (issue 14 point 7; R-TIME-6, 003 §4.3.5):
// for a whole class one part per student (a page each on paper) holding only that child's
// marks by subject with dates, absences, remarks and praise, and the signature lines; for a
// student alone, one part. On a small school built by hand (tests/helpers/class-reports-school.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderReportPdf } from '../../print/reports/render';
import { pdfText } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';
import { ReportError } from '../../db/reports/errors';
import type { ReportContext } from '../../db/reports/types';
import { runReport } from '../../service/reports/run';
import type { ReportParams, ReportPart, ReportResult, ReportSignatures, ReportTable } from '../../shared/report-model';
import { buildClassReportsSchool, type ClassReportsSchool } from '../helpers/class-reports-school';

let school: ClassReportsSchool;
before(async () => { school = await buildClassReportsSchool(); });
after(() => school.db.close());

const ctxOf = (who: 'ivanova' | 'petrov' | 'deputy'): ReportContext => ({
  today: '2026-11-23',
  user: { id: school.staff[who], roles: who === 'deputy' ? ['deputy'] : ['teacher', 'class_teacher'] },
});
const run = (params: ReportParams, who: 'ivanova' | 'petrov' | 'deputy' = 'ivanova') => runReport(school.db.knex, 'parents', params, ctxOf(who));

const tableOf = (p: ReportPart, title: string) => {
  const t = p.sections.find((s): s is ReportTable => s.kind === 'table' && s.title === title);
  assert.ok(t, title);
  return t;
};
const SURNAMES = ['Антонов', 'Борисова', 'Волков', 'Громова', 'Дмитриев'];

describe('the parents\' report: a page per student with only that child\'s data (R-TIME-6)', () => {
  let r: ReportResult;
  before(async () => { r = await run({ classId: school.classes.a7, from: '2026-11-09', to: '2026-11-20' }); });

  it('one part per student on the roll in those days, the one who left and the one who came included, none of another class', () => {
    assert.deepEqual(r.parts.map((p) => p.title), [
      'Антонов Иван Петрович, 7А класс', 'Борисова Мария Андреевна, 7А класс', 'Волков Пётр Сергеевич, 7А класс', 'Громова Анна Игоревна, 7А класс',
    ]);
  });

  it('R-TIME-6: no other child\'s name, marks, absences or notes appear in a part', () => {
    for (const part of r.parts) {
      const own = SURNAMES.find((s) => part.title.startsWith(s))!;
      const text = JSON.stringify(part);
      for (const other of SURNAMES.filter((s) => s !== own)) assert.ok(!text.includes(other), `${other} in the part of ${own}`);
    }
    const antonov = JSON.stringify(r.parts[0]);
    const borisova = JSON.stringify(r.parts[1]);
    assert.ok(!antonov.includes('Отличный ответ у доски') && borisova.includes('Отличный ответ у доски'), 'praise only on its child\'s page');
    assert.ok(antonov.includes('Не выполнил домашнее задание') && !borisova.includes('Не выполнил'), 'a remark only on its child\'s page');
    assert.ok(!antonov.includes('Записано по ошибке'), 'a withdrawn remark is not shown');
  });

  it('marks by subject with their dates, counted and averaged', () => {
    const rows = (i: number) => tableOf(r.parts[i]!, 'Отметки').rows.map((x) => [x.cells.subject, x.cells.marks, x.cells.count, x.cells.average]);
    assert.deepEqual(rows(0), [['Математика', '2 (10.11), 2 (12.11)', 2, 2], ['Русский язык', '3 (12.11)', 1, 3]]);
    assert.deepEqual(rows(1), [['Математика', '5 (10.11), 4 (12.11)', 2, 4.5]]);
    assert.deepEqual(rows(2), [['Математика', '4 (10.11)', 1, 4]]);
    assert.deepEqual(rows(3), [['Математика', '5 (17.11)', 1, 5]]);
  });

  it('absences and lateness lesson by lesson, with their sum by reason; a cancelled lesson and a day after leaving are left out', () => {
    const abs = (i: number) => tableOf(r.parts[i]!, 'Пропуски и опоздания').rows.map((x) => [x.cells.date, x.cells.subject, String(x.cells.code).charAt(0)]);
    assert.deepEqual(abs(0), [
      ['2026-11-09', 'Математика', 'Н'], ['2026-11-09', 'Русский язык', 'Н'], ['2026-11-09', 'Английский язык', 'Н'],
      ['2026-11-10', 'Математика', 'О'],
      ['2026-11-17', 'Математика', 'У'], ['2026-11-17', 'Русский язык', 'У'], ['2026-11-17', 'Английский язык', 'Б'],
      ['2026-11-18', 'Математика', 'Н'],
    ]);
    assert.match(JSON.stringify(r.parts[0]), /Пропущено уроков: 7 \(по болезни — 1, по уважительной причине — 2, без уважительной причины — 4\); опозданий: 1\./);
    assert.deepEqual(abs(2), [['2026-11-10', 'Математика', 'Н'], ['2026-11-10', 'Русский язык', 'Н']], 'Волков: not the Н of 17.11, after he left');
    assert.deepEqual(abs(3), [['2026-11-18', 'Математика', 'Б']]);
  });

  it('each page ends with the class teacher\'s signature line and the parent\'s', () => {
    for (const part of r.parts) {
      const sig = part.sections.find((s): s is ReportSignatures => s.kind === 'signatures');
      assert.ok(sig && /Классный руководитель _+ \/ Иванова А\. С\. \//.test(sig.lines[0]!) && /родитель/.test(sig.lines[1]!));
    }
  });

  it('for one student: one part; with no dates, the week up to today; a week with nothing says so', async () => {
    const one = await run({ studentId: school.students.borisova, from: '2026-11-09', to: '2026-11-20' });
    assert.equal(one.parts.length, 1);
    assert.deepEqual(JSON.stringify(one.parts[0]), JSON.stringify(r.parts[1]), 'the same page as in the class\'s report');
    const week = await run({ studentId: school.students.borisova });
    assert.match(week.subtitle, /17\.11\.2026–23\.11\.2026/);
    assert.equal(tableOf(week.parts[0]!, 'Отметки').rows.length, 0);
    assert.match(tableOf(week.parts[0]!, 'Отметки').empty, /Отметок за эти дни нет/);
  });

  it('another class\'s teacher is refused, for the class and for one of its students; deputies may; bad and missing parameters are refused', async () => {
    await assert.rejects(run({ classId: school.classes.a7, from: '2026-11-09', to: '2026-11-20' }, 'petrov'), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_FORBIDDEN');
    await assert.rejects(run({ studentId: school.students.antonov }, 'petrov'), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_FORBIDDEN');
    assert.equal((await run({ studentId: school.students.dmitriev, from: '2026-11-09', to: '2026-11-20' }, 'petrov')).parts.length, 1);
    assert.equal((await run({ classId: school.classes.a7, from: '2026-11-09', to: '2026-11-20' }, 'deputy')).parts.length, 4);
    await assert.rejects(run({ from: '2026-11-09', to: '2026-11-20' }, 'deputy'), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_BAD_PARAMS' && /укажите класс или ученика/.test(e.message));
    await assert.rejects(run({ classId: school.classes.a7, from: '2027-08-01', to: '2027-08-07' }), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_OUTSIDE_YEAR');
  });

  it('on paper: a page per student, each page with that child\'s name and marks and no other child\'s; letters a page each; no rule ids', async () => {
    const pdf = await renderReportPdf(school.db.knex, r, { docNo: 'ТЕСТ-Р1', now: new Date('2026-11-23T10:00:00') });
    const file = path.join(tmpDir('parents-pdf-'), 'parents.pdf');
    fs.writeFileSync(file, pdf.bytes);
    assert.equal(pdf.doc.pages.length, 4, 'one page per student');
    for (let page = 1; page <= 4; page++) {
      const text = pdfText(file, page);
      const own = SURNAMES[page - 1]!;
      assert.ok(text.includes(own), `page ${page}: ${own}`);
      for (const other of SURNAMES.filter((x) => x !== own)) assert.ok(!text.includes(other), `page ${page}: no ${other}`);
      assert.doesNotMatch(text, /R-[A-Z]+-\d/);
      assert.match(text, /Классный руководитель/);
    }
    assert.match(pdfText(file, 1), /2 \(10\.11\), 2 \(12\.11\)/);
    assert.match(pdfText(file, 2), /5 \(10\.11\), 4 \(12\.11\)/);
  });

  it('a class with no students: one page saying so', async () => {
    const empty = await run({ classId: school.classes.a8, from: '2026-11-09', to: '2026-11-20' }, 'deputy');
    assert.equal(empty.parts.length, 1);
    assert.match(JSON.stringify(empty.parts[0]), /нет учеников/);
  });
});
