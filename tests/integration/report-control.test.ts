// The journal-control report (issue 14 item 1; R-REP-1, R-REP-3, R-TIME-4, R-REC-6) on a
// small school built by hand (tests/helpers/report-school.ts), every figure counted by hand:
// 5А has Пётр and Анна (Игорь left on 10.09), 5Б nobody; Иванова teaches 5А maths on Mon 1
// and Wed 2, Петров 5А Russian on Tue 3 and 5Б maths on Thu 1, Сидорова nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildControl } from '../../db/reports/control/build';
import { ReportError } from '../../db/reports/errors';
import type { ReportContext } from '../../db/reports/types';
import type { ReportChart, ReportParams, ReportResult, ReportTable } from '../../shared/report-model';
import { ServiceHost } from '../../service/host';
import { pdfText, squeeze } from '../helpers/pdf';
import { serviceCalls } from '../helpers/service-calls';
import { fillLesson, PASSWORD, putMark, reportSchool, sheetTable, type ReportSchool } from '../helpers/report-school';
import { journalHere as journal } from '../helpers/cli-here';
import { tmpDir } from '../helpers/tmp';

let s: ReportSchool;
let host: ServiceHost;
let today = '2026-09-19';
const { signIn, ok, refused } = serviceCalls(() => host);
const ctx = (): ReportContext => ({ today, user: { id: 'dep', roles: ['deputy'] } });
const build = (params: ReportParams) => buildControl(s.db.knex, params, ctx());
const table = (r: ReportResult, title: string) => r.parts[0]!.sections.find((x): x is ReportTable => x.kind === 'table' && x.title === title)!;
const rowsOf = (r: ReportResult, title: string) => table(r, title).rows.map((x) => ({ ...x.cells }));
const pick = <T extends Record<string, unknown>>(o: T, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

before(async () => {
  s = await reportSchool();
  host = new ServiceHost(s.db, { now: () => new Date(`${today}T10:00:00`), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  // Maths 5А: 07.09 with topic and homework, marks Пётр 5, Анна 3, Игорь 4 (who leaves);
  // 09.09 with topic, no homework, Пётр 4; 14.09 opened with nothing in it; 16.09 never.
  s.at('2026-09-07T10:00');
  const m1 = await fillLesson(s, 't1', 'a1', '2026-09-07', 1, 'Натуральные числа', '№ 1, 2');
  await putMark(s, 't1', m1, 's1', '5');
  await putMark(s, 't1', m1, 's2', '3');
  await putMark(s, 't1', m1, 's3', '4');
  s.at('2026-09-09T11:00');
  const m2 = await fillLesson(s, 't1', 'a1', '2026-09-09', 2, 'Сложение натуральных чисел', '');
  await putMark(s, 't1', m2, 's1', '4');
  // Russian 5А: the lesson of 08.09 written on 10.09 at 15:00, after its window (09.09 12:00).
  s.at('2026-09-10T15:00');
  await fillLesson(s, 't2', 'a2', '2026-09-08', 3, 'Имя существительное', 'упр. 5');
  s.at('2026-09-14T10:30');
  await fillLesson(s, 't1', 'a1', '2026-09-14', 1, '', '');
  s.at('2026-09-15T12:00');
  await fillLesson(s, 't2', 'a2', '2026-09-15', 3, 'Падежи', 'упр. 9');
  // The plan of maths 5А: six hours, four of them on days up to 18.09.
  await s.add('plan_item', ['2026-09-07', '2026-09-09', '2026-09-14', '2026-09-16', '2026-09-21', '2026-09-23']
    .map((d, i) => ({ id: `p${i + 1}`, assignment_id: 'a1', position: i + 1, section: 'Натуральные числа', topic: `Тема ${i + 1}`, hours: 1, planned_on: d })));
  await s.add('control_remark', [
    { id: 'rm1', assignment_id: 'a1', author_id: 'dep', text: 'Нет темы урока 14.09', created_on: '2026-09-15', status: 'open', answer: '', review_note: '' },
    { id: 'rm2', assignment_id: 'a2', author_id: 'dep', text: 'Нет д/з', created_on: '2026-09-09', status: 'accepted', answer: 'исправлено', review_note: '' },
  ]);
  await s.add('correction_request', [{
    id: 'cr1', requested_by: 't1', requested_at: '2026-09-16T10:00:00.000Z', target_table: 'mark', target_id: 'x',
    payload: JSON.stringify({ method: 'journal.setMark', args: { lessonId: m1, studentId: 's2', value: '4' } }), reason: 'пересдача', status: 'pending',
    decided_by: null, decided_at: null, decision_note: '',
  }]);
});
after(() => s.db.close());

describe('journal control for a deputy (R-REP-1, R-REP-3)', () => {
  it('R-REP-1: % of students without marks and with one mark, per page, per class and for the school; the roll on the range\'s last day', async () => {
    const r = await build({ from: '2026-09-07', to: '2026-09-18' });
    assert.equal(r.name, 'control');
    assert.match(r.subtitle, /Вся школа · 07\.09\.2026–18\.09\.2026/);
    const keys = ['className', 'subject', 'teacher', 'students', 'noMarks', 'oneMark', 'norm', 'belowNorm', 'perStudent'];
    assert.deepEqual(rowsOf(r, 'Отметки и накопляемость').map((x) => pick(x, keys)), [
      // Игорь's mark is not counted: he left before the range ended.
      { className: '5А', subject: 'Математика', teacher: 'Иванова А. С.', students: 2, noMarks: 0, oneMark: 50, norm: 0, belowNorm: 0, perStudent: 1.5 },
      { className: '5А', subject: 'Русский язык', teacher: 'Петров О. И.', students: 2, noMarks: 100, oneMark: 0, norm: 0, belowNorm: 0, perStudent: 0 },
      { className: 'Итого 5А', subject: '', teacher: '', students: 4, noMarks: 50, oneMark: 25, norm: null, belowNorm: 0, perStudent: 0.75 },
      // A class with no students: zeros, never a division by zero.
      { className: '5Б', subject: 'Математика', teacher: 'Петров О. И.', students: 0, noMarks: 0, oneMark: 0, norm: 0, belowNorm: 0, perStudent: 0 },
      { className: 'Итого по школе', subject: '', teacher: '', students: 4, noMarks: 50, oneMark: 25, norm: null, belowNorm: 0, perStudent: 0.75 },
    ]);
    assert.ok(r.notes.some((n) => /Процент от 0 учеников показывается как 0/.test(n)));
    const first = table(r, 'Отметки и накопляемость').rows[0]!;
    assert.deepEqual(first.links?.noMarks, { to: 'page', assignmentId: 'a1' }, 'a class × subject figure opens its page');
  });

  it('R-REP-1: lessons due by the timetable never filled, without topic or homework, entered late (from the change history), open remarks and requests', async () => {
    const r = await build({ from: '2026-09-07', to: '2026-09-18' });
    const keys = ['className', 'subject', 'due', 'missing', 'noTopic', 'noHomework', 'late', 'remarks', 'requests'];
    assert.deepEqual(rowsOf(r, 'Заполнение уроков').map((x) => pick(x, keys)), [
      { className: '5А', subject: 'Математика', due: 4, missing: 1, noTopic: 1, noHomework: 2, late: 0, remarks: 1, requests: 1 },
      { className: '5А', subject: 'Русский язык', due: 2, missing: 0, noTopic: 0, noHomework: 0, late: 1, remarks: 0, requests: 0 },
      { className: 'Итого 5А', subject: '', due: 6, missing: 1, noTopic: 1, noHomework: 2, late: 1, remarks: 1, requests: 1 },
      { className: '5Б', subject: 'Математика', due: 2, missing: 2, noTopic: 0, noHomework: 0, late: 0, remarks: 0, requests: 0 },
      { className: 'Итого по школе', subject: '', due: 8, missing: 3, noTopic: 1, noHomework: 2, late: 1, remarks: 1, requests: 1 },
    ]);
    const [maths, russian, , maths5b, school] = table(r, 'Заполнение уроков').rows;
    const missing = maths!.links?.missing;
    assert.equal(missing?.to, 'lessons');
    if (missing?.to === 'lessons') {
      assert.deepEqual(missing.lessons.map((l) => [l.assignmentId, l.lessonId, l.date]), [['a1', s.lessonId('a1', '2026-09-16', 2), '2026-09-16']], 'the lesson never opened, with its slot\'s id');
    }
    const late = russian!.links?.late;
    assert.ok(late?.to === 'lessons' && late.lessons.length === 1 && late.lessons[0]!.lessonId === s.lessonId('a2', '2026-09-08', 3) && /внесено 10\.09 \(урок 08\.09\)/.test(late.lessons[0]!.note ?? ''));
    const noTopic = maths!.links?.noTopic;
    assert.ok(noTopic?.to === 'lessons' && noTopic.lessons[0]!.date === '2026-09-14');
    assert.ok(maths5b!.links?.missing?.to === 'lessons');
    const all = school!.links?.missing;
    assert.ok(all?.to === 'lessons' && all.lessons.length === 3, 'the school total opens all three');
    assert.equal(maths!.links?.late, undefined, 'nothing to open behind a zero');
  });

  it('R-REP-1: in short: the share of teachers working in the journal, and the school\'s figures in words', async () => {
    const r = await build({ from: '2026-09-07', to: '2026-09-18' });
    const summary = r.parts[0]!.sections[0]!;
    assert.ok(summary.kind === 'text');
    assert.deepEqual(summary.lines, [
      'Страниц журнала: 3; учителей: 2, из них работали в журнале в эти дни: 2 (100 %).',
      'Учеников без отметок: 50 %, с одной отметкой: 25 %, ниже нормы накопляемости: 0 %.',
      'Уроков по расписанию: 8; не заполнено: 3, без темы: 1, без домашнего задания: 2, внесено поздно: 1.',
      'Открытых замечаний: 1; заявок на исправление ждут решения: 1.',
    ]);
    const later = await build({ from: '2026-09-16', to: '2026-09-18' });
    const s2 = later.parts[0]!.sections[0]!;
    assert.ok(s2.kind === 'text' && s2.lines[0] === 'Страниц журнала: 3; учителей: 2, из них работали в журнале в эти дни: 0 (0 %).', 'nobody wrote anything from 16.09');
  });

  it('R-REC-6: thematic-plan coverage: the plan\'s hours against the curriculum, planned by the date against lessons given', async () => {
    const r = await build({ from: '2026-09-07', to: '2026-09-18' });
    const keys = ['className', 'subject', 'curriculumHours', 'planHours', 'plannedToDate', 'given', 'difference', 'state'];
    assert.deepEqual(rowsOf(r, 'Выполнение программы (КТП)').map((x) => pick(x, keys)).filter((x) => !String(x.className).startsWith('Итого')), [
      { className: '5А', subject: 'Математика', curriculumHours: 68, planHours: 6, plannedToDate: 4, given: 2, difference: -2, state: 'отставание' },
      { className: '5А', subject: 'Русский язык', curriculumHours: 34, planHours: 0, plannedToDate: 0, given: 2, difference: 2, state: 'нет КТП' },
      { className: '5Б', subject: 'Математика', curriculumHours: 68, planHours: 0, plannedToDate: 0, given: 0, difference: 0, state: 'нет КТП' },
    ]);
  });

  it('the heat map of classes × subjects: % of students without marks, high is bad; nothing to measure is null', async () => {
    const r = await build({ from: '2026-09-07', to: '2026-09-18' });
    const chart = r.parts[0]!.sections.find((x): x is ReportChart => x.kind === 'chart')!;
    assert.deepEqual(chart.chart, { type: 'heatmap', rows: ['5А', '5Б'], columns: ['Математика', 'Русский язык'], values: [[0, 100], [null, null]], unit: '%', min: 0, max: 100, highIsBad: true });
  });

  it('per teacher: Иванова and Петров with their figures; the row opens the report of that teacher', async () => {
    const r = await build({ from: '2026-09-07', to: '2026-09-18' });
    assert.deepEqual(rowsOf(r, 'По учителям').map((x) => pick(x, ['teacher', 'pages', 'students', 'noMarks', 'due', 'missing', 'late', 'difference', 'remarks'])), [
      { teacher: 'Иванова А. С.', pages: 1, students: 2, noMarks: 0, due: 4, missing: 1, late: 0, difference: -2, remarks: 1 },
      { teacher: 'Петров О. И.', pages: 2, students: 2, noMarks: 100, due: 4, missing: 2, late: 1, difference: 2, remarks: 0 },
    ]);
    const link = table(r, 'По учителям').rows[1]!.links?.teacher;
    assert.deepEqual(link, { to: 'report', report: 'control', params: { from: '2026-09-07', to: '2026-09-18', teacherId: 't2' } });
  });

  it('R-TIME-4: accumulation against the profile: 2 marks after 4 weeks, the quarter\'s minimum once it has ended; the numbers are the school\'s settings', async () => {
    today = '2026-10-05';
    const fourWeeks = await build({ from: '2026-09-01', to: '2026-10-02', classId: 'c5a', subjectId: 'math' });
    assert.deepEqual(rowsOf(fourWeeks, 'Отметки и накопляемость').slice(0, 1).map((x) => pick(x, ['norm', 'belowNorm'])), [{ norm: 2, belowNorm: 50 }], 'Анна has one mark');
    s.at('2026-10-05T09:00');
    await s.add('setting', [{ id: 'regulation.secondMarkAfterWeeks', value: '5' }]);
    const changed = await build({ from: '2026-09-01', to: '2026-10-02', classId: 'c5a', subjectId: 'math' });
    assert.deepEqual(rowsOf(changed, 'Отметки и накопляемость').slice(0, 1).map((x) => pick(x, ['norm', 'belowNorm'])), [{ norm: 1, belowNorm: 0 }]);
    today = '2026-11-01';
    const quarter = await build({ periodId: 'q1', classId: 'c5a', subjectId: 'math' });
    assert.deepEqual(rowsOf(quarter, 'Отметки и накопляемость').slice(0, 1).map((x) => pick(x, ['norm', 'belowNorm'])), [{ norm: 3, belowNorm: 100 }], 'a quarter asks 3');
    assert.match(quarter.subtitle, /5А класс, предмет «Математика» · 1 четверть \(01\.09\.2026–25\.10\.2026\)/);
    today = '2026-09-19';
  });

  it('R-REC-5: grade 1 takes no marks: its page and its class total show no mark figures (null), its lessons still count; a grade slice keeps to its parallel', async () => {
    const g = await reportSchool();
    try {
      await g.add('class', [{ id: 'c1a', year_id: 'y', grade: 1, letter: 'А', name: '1А', class_teacher_id: null, room: '', retired: 0 }]);
      await g.add('student', [{ id: 's9', last_name: 'Григорьев', first_name: 'Лев', middle_name: '', birth_date: '2019-02-01', gender: 'м', personal_file: '', address: '' }]);
      await g.add('enrolment', [{ id: 'e9', student_id: 's9', class_id: 'c1a', starts_on: '2026-09-01', ends_on: null }]);
      await g.add('teaching_assignment', [{ id: 'a9', year_id: 'y', teacher_id: 't3', class_id: 'c1a', subgroup_id: null, subject_id: 'math', hours_per_week: 4, starts_on: '2026-09-01', ends_on: null }]);
      await g.add('timetable_entry', [{ id: 'tt9', assignment_id: 'a9', weekday: 5, lesson_no: 1, room: '', valid_from: '2026-09-01', valid_to: null }]);
      g.at('2026-09-11T10:00');
      await fillLesson(g, 't3', 'a9', '2026-09-11', 1, 'Счёт до 10', '');
      const r = await buildControl(g.db.knex, { from: '2026-09-07', to: '2026-09-18', grade: 1 }, ctx());
      assert.match(r.subtitle, /^1 классы · /);
      const keys = ['className', 'subject', 'students', 'noMarks', 'oneMark', 'norm', 'belowNorm', 'perStudent'];
      assert.deepEqual(rowsOf(r, 'Отметки и накопляемость').map((x) => pick(x, keys)), [
        { className: '1А', subject: 'Математика', students: null, noMarks: null, oneMark: null, norm: null, belowNorm: null, perStudent: null },
        { className: 'Итого', subject: '', students: null, noMarks: null, oneMark: null, norm: null, belowNorm: null, perStudent: null },
      ]);
      // Fridays 11.09 (filled, no homework asked in grade 1) and 18.09 (never filled).
      assert.deepEqual(rowsOf(r, 'Заполнение уроков').map((x) => pick(x, ['className', 'due', 'missing', 'noTopic', 'noHomework'])), [
        { className: '1А', due: 2, missing: 1, noTopic: 0, noHomework: 0 },
        { className: 'Итого', due: 2, missing: 1, noTopic: 0, noHomework: 0 },
      ]);
      assert.equal(r.parts[0]!.sections.some((x) => x.kind === 'chart'), false, 'no heat map without marks to measure');
      assert.deepEqual(rowsOf(r, 'По учителям').map((x) => pick(x, ['teacher', 'students', 'noMarks', 'due'])), [{ teacher: 'Сидорова М. П.', students: null, noMarks: null, due: 2 }]);
      // A quarter is of grades 1–9 here: a 10th grade's page is not in its report, and asking the quarter for a 10th grade is refused.
      await g.add('period', [{ id: 'h1', year_id: 'y', kind: 'half_year', number: 1, name: '1 полугодие', starts_on: '2026-09-01', ends_on: '2026-12-28', grade_from: 10, grade_to: 11 }]);
      await g.add('class', [{ id: 'c10', year_id: 'y', grade: 10, letter: 'А', name: '10А', class_teacher_id: null, room: '', retired: 0 }]);
      await g.add('teaching_assignment', [{ id: 'a10', year_id: 'y', teacher_id: 't3', class_id: 'c10', subgroup_id: null, subject_id: 'math', hours_per_week: 4, starts_on: '2026-09-01', ends_on: null }]);
      const classesOf = async (p: ReportParams) => [...new Set(rowsOf(await buildControl(g.db.knex, p, ctx()), 'Заполнение уроков').map((x) => x.className))];
      assert.deepEqual(await classesOf({ periodId: 'q1' }), ['1А', '5А', 'Итого 5А', '5Б', 'Итого по школе']);
      assert.deepEqual(await classesOf({ periodId: 'h1' }), ['10А', 'Итого по школе']);
      assert.deepEqual(await classesOf({ from: '2026-09-07', to: '2026-09-18' }), ['1А', '5А', 'Итого 5А', '5Б', '10А', 'Итого по школе'], 'dates: every grade');
      await assert.rejects(buildControl(g.db.knex, { periodId: 'q1', classId: 'c10' }, ctx()), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_BAD_PARAMS' && /не для 10 класса/.test(e.message));
      await assert.rejects(buildControl(g.db.knex, { periodId: 'h1', grade: 5 }, ctx()), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_BAD_PARAMS');
    } finally {
      await g.db.close();
    }
  });

  it('bad input: an empty range, a teacher with no lessons, dates outside the year, unknown ids', async () => {
    today = '2026-09-21';
    const weekend = await build({ from: '2026-09-19', to: '2026-09-20' });
    const lessons = rowsOf(weekend, 'Заполнение уроков');
    assert.deepEqual(lessons.map((x) => x.due), [0, 0, 0, 0, 0]);
    for (const section of weekend.parts[0]!.sections) {
      if (section.kind !== 'table') continue;
      for (const row of section.rows) for (const v of Object.values(row.cells)) assert.ok(typeof v !== 'number' || Number.isFinite(v), `${section.title}: ${v}`);
    }
    today = '2026-09-19';
    const nobody = await build({ from: '2026-09-07', to: '2026-09-18', teacherId: 't3' });
    assert.match(nobody.subtitle, /^Учитель Сидорова М\. П\./);
    assert.deepEqual(nobody.parts[0]!.sections.map((x) => (x.kind === 'table' ? x.rows.length : x.kind)), ['text', 0, 0, 0, 0], 'empty tables, no chart');
    const summary = nobody.parts[0]!.sections[0]!;
    assert.ok(summary.kind === 'text' && summary.lines[0] === 'Страниц журнала: 0; учителей: 0, из них работали в журнале в эти дни: 0 (0 %).', 'zeros, never a division by zero');
    const code = async (p: ReportParams) => { try { await build(p); return 'built'; } catch (e) { assert.ok(e instanceof ReportError); assert.match(e.message, /[А-Яа-я]/); return e.code; } };
    assert.equal(await code({ from: '2026-08-25', to: '2026-09-05' }), 'REPORT_OUTSIDE_YEAR');
    assert.equal(await code({ from: '2027-05-20', to: '2027-06-10' }), 'REPORT_OUTSIDE_YEAR');
    assert.equal(await code({ from: '2026-09-18', to: '2026-09-07' }), 'REPORT_BAD_PARAMS');
    assert.equal(await code({ periodId: 'q1', from: '2026-09-07' }), 'REPORT_BAD_PARAMS');
    assert.equal(await code({ periodId: 'q1', from: '2026-09-07', to: '2026-11-02' }), 'REPORT_BAD_PARAMS', 'dates beyond the period');
    const narrowed = await build({ periodId: 'q1', from: '2026-09-07', to: '2026-09-18' });
    assert.match(narrowed.subtitle, /· 1 четверть \(07\.09\.2026–18\.09\.2026\)$/, 'a period narrowed to dates within it');
    assert.deepEqual(rowsOf(narrowed, 'Заполнение уроков').at(-1)!.missing, 3);
    assert.equal(await code({}), 'REPORT_BAD_PARAMS');
    assert.equal(await code({ from: '2026-09-07', to: '2026-09-18', classId: 'nope' }), 'REPORT_NOT_FOUND');
    assert.equal(await code({ periodId: 'nope' }), 'REPORT_NOT_FOUND');
  });

  it('through reports.run: the deputy gets the same figures; a teacher is refused', async () => {
    const deputy = await signIn('deputy', PASSWORD);
    const r = await ok<ReportResult>(deputy, 'reports.run', { name: 'control', params: { from: '2026-09-07', to: '2026-09-18' } });
    assert.deepEqual(rowsOf(r, 'Заполнение уроков').at(-1)!.missing, 3);
    assert.equal(await refused(await signIn('ivanova', PASSWORD), 'reports.run', { name: 'control', params: { from: '2026-09-07', to: '2026-09-18' } }), 'FORBIDDEN');
    assert.notEqual(await refused(deputy, 'reports.run', { name: 'control', params: { from: '2026-08-01', to: '2026-08-31' } }), '');
  });

  it('as XLSX read back with exceljs: the same numbers as numbers; as PDF (pdftotext): the title, the figures and the rules, no rule ids', async () => {
    const deputy = await signIn('deputy', PASSWORD);
    const params = { from: '2026-09-07', to: '2026-09-18' };
    const r = await ok<ReportResult>(deputy, 'reports.run', { name: 'control', params });
    const x = await ok<{ base64: string }>(deputy, 'reports.exportFile', { name: 'control', params, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    assert.equal(sheet.getCell('A1').value, 'Контроль ведения журнала');
    for (const title of ['Отметки и накопляемость', 'Заполнение уроков', 'Выполнение программы (КТП)', 'По учителям']) {
      const t = table(r, title);
      const back = sheetTable(sheet, title);
      assert.equal(back.length, t.rows.length, title);
      t.rows.forEach((row, i) => {
        for (const c of t.columns) {
          const v = row.cells[c.key] ?? null;
          if (typeof v === 'number') assert.equal(back[i]![c.title], v, `${title}: ${c.title}, row ${i + 1}`);
        }
      });
    }
    assert.deepEqual(sheetTable(sheet, 'Заполнение уроков').map((row) => row['Не заполнены']), [1, 0, 1, 2, 3]);
    const p = await ok<{ base64: string; docNo: string }>(deputy, 'reports.exportFile', { name: 'control', params, format: 'pdf' });
    const file = path.join(tmpDir(), 'control.pdf');
    fs.writeFileSync(file, Buffer.from(p.base64, 'base64'));
    const text = pdfText(file);
    assert.match(text, /КОНТРОЛЬ ВЕДЕНИЯ ЖУРНАЛА/);
    const flat = squeeze(text);
    for (const words of ['Итого по школе', 'Иванова А. С.', 'Петров О. И.', 'Заполнение уроков', 'Выполнение программы (КТП)', 'отставание', 'Процент от 0 учеников показывается как 0.', `Документ № ${p.docNo}`]) {
      assert.ok(flat.includes(squeeze(words)), words);
    }
    assert.doesNotMatch(text, /R-[A-Z]+-\d/, 'no rule ids on paper');
  });

  it('journal report control on the command line: the same figures as JSON for a teacher\'s slice; dates outside the year refused', async () => {
    const out = path.join(tmpDir(), 'control.json');
    const ok = await journal('report', 'control', '--db', s.db.file, '--from', '2026-09-07', '--to', '2026-09-18', '--teacher', 't2', '--format', 'json', '--out', out, '--date', '2026-09-19');
    assert.equal(ok.code, 0, ok.out);
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as ReportResult;
    assert.deepEqual(rowsOf(r, 'Заполнение уроков').map((x) => [x.className, x.subject, x.due, x.missing, x.late]), [
      ['5А', 'Русский язык', 2, 0, 1], ['5Б', 'Математика', 2, 2, 0], ['Итого', '', 4, 2, 1],
    ]);
    const bad = await journal('report', 'control', '--db', s.db.file, '--from', '2026-08-01', '--to', '2026-08-31', '--format', 'json', '--out', path.join(tmpDir(), 'x.json'));
    assert.notEqual(bad.code, 0);
    assert.match(bad.out, /REPORT_OUTSIDE_YEAR/);
  });
});

