// Attendance by month (issue 14 point 6; R-REP-4, 002 §5.2.8) and the class teacher's period
// report, on a small school built by hand (tests/helpers/class-reports-school.ts) whose
// figures are counted here from its lists: lessons and full days missed by reason (Б, У, Н),
// lateness, a student who left mid-month and one who came, a cancelled lesson, a group
// lesson, another class's absences, a class with no students, dates outside the year.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { renderReportPdf } from '../../print/reports/render';
import { reportWorkbook } from '../../service/reports/xlsx';
import { pdfText, squeeze } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';
import type { ReportChart, ReportResult, ReportRow, ReportTable } from '../../shared/report-model';
import { ReportError } from '../../db/reports/errors';
import { REPORTS } from '../../db/reports/registry';
import type { ReportContext } from '../../db/reports/types';
import { loadAttendanceSummary } from '../../print/data/summary';
import { summaryHashes } from '../../print/compose/summary';
import { runReport } from '../../service/reports/run';
import type { ReportParams } from '../../shared/report-model';
import { buildClassReportsSchool, type ClassReportsSchool } from '../helpers/class-reports-school';

let school: ClassReportsSchool;
before(async () => { school = await buildClassReportsSchool(); });
after(() => school.db.close());

const ctxOf = (who: 'ivanova' | 'petrov' | 'deputy' | 'director' | 'sidorova' | 'admin'): ReportContext => {
  const roles = { ivanova: ['teacher', 'class_teacher'], petrov: ['teacher', 'class_teacher'], deputy: ['deputy'], director: ['director'], sidorova: ['teacher'], admin: ['admin'] } as const;
  return { today: '2026-11-23', user: { id: school.staff[who], roles: roles[who] } };
};
const run = (name: string, params: ReportParams, who: Parameters<typeof ctxOf>[0] = 'ivanova') => runReport(school.db.knex, name, params, ctxOf(who));

function table(r: ReportResult, title: string): ReportTable {
  const t = r.parts.flatMap((p) => p.sections).find((s): s is ReportTable => s.kind === 'table' && s.title === title);
  assert.ok(t, `table «${title}»`);
  return t;
}
const counts = (row: ReportRow | undefined) => {
  assert.ok(row, 'row');
  const c = row.cells;
  return [c.lessons, c.lessonsB, c.lessonsU, c.lessonsN, c.days, c.daysB, c.daysU, c.daysN, c.late];
};
const rowOf = (t: ReportTable, student: string, month: string) => t.rows.find((r) => r.cells.student === student && r.cells.month === month);

describe('attendance by month: lessons and full days missed by reason, and lateness (R-REP-4)', () => {
  let r: ReportResult;
  before(async () => { r = await run('attendance', { classId: school.classes.a7, from: '2026-10-01', to: '2026-12-25' }); });

  it('is in the registry under its name, for the class teacher, deputies and the director', () => {
    assert.ok(REPORTS.some((d) => d.name === 'attendance'));
    assert.equal(r.name, 'attendance');
    assert.match(r.subtitle, /7А/);
  });

  it('R-REP-4: the class by month — lessons missed Б, У, Н in separate columns, full days by reason, lateness; a cancelled lesson and another class do not count', () => {
    const t = table(r, 'Класс по месяцам');
    //                                         lessons Б  У  Н  days Б  У  Н  late
    assert.deepEqual(counts(t.rows.find((x) => x.cells.month === 'Октябрь 2026')), [2, 2, 0, 0, 1, 1, 0, 0, 0]);
    assert.deepEqual(counts(t.rows.find((x) => x.cells.month === 'Ноябрь 2026')), [13, 4, 2, 7, 6, 2, 1, 3, 1]);
    assert.deepEqual(counts(t.rows.find((x) => x.cells.month === 'Декабрь 2026')), [1, 0, 0, 1, 0, 0, 0, 0, 1]);
    const total = t.rows.find((x) => x.mark === 'total');
    assert.deepEqual(counts(total), [16, 6, 2, 8, 7, 3, 1, 3, 2]);
  });

  it('a full day is every lesson of the student\'s day missed (its reason the most of its lessons); a late arrival is not an absence; a group lesson counts for its group', () => {
    const t = table(r, 'Ученики по месяцам');
    // Антонов, November: 09.11 three Н (a full day Н, English his group's lesson), 10.11 late,
    // 17.11 У, У, Б (a full day У), 18.11 Н at his only lesson (Russian cancelled).
    assert.deepEqual(counts(rowOf(t, 'Антонов Иван', 'Ноябрь 2026')), [7, 1, 2, 4, 3, 0, 1, 2, 1]);
    assert.deepEqual(counts(rowOf(t, 'Антонов Иван', 'Октябрь 2026')), [2, 2, 0, 0, 1, 1, 0, 0, 0]);
    // Борисова: 09.11 only English Н (not a full day); 12.11 ill all day; 01.12 late and one Н.
    assert.deepEqual(counts(rowOf(t, 'Борисова Мария', 'Ноябрь 2026')), [3, 2, 0, 1, 1, 1, 0, 0, 0]);
    assert.deepEqual(counts(rowOf(t, 'Борисова Мария', 'Декабрь 2026')), [1, 0, 0, 1, 0, 0, 0, 0, 1]);
    assert.deepEqual(counts(t.rows.find((x) => x.cells.student === 'Борисова Мария' && x.mark === 'total')), [4, 2, 0, 2, 1, 1, 0, 0, 1]);
  });

  it('a student who left mid-month counts only to the day they left, and one who came only from the day they came; each says so', () => {
    const t = table(r, 'Ученики по месяцам');
    assert.deepEqual(counts(rowOf(t, 'Волков Пётр', 'Ноябрь 2026')), [2, 0, 0, 2, 1, 0, 0, 1, 0], 'the Н of 17.11, after he left, is not counted');
    assert.equal(rowOf(t, 'Волков Пётр', 'Декабрь 2026'), undefined, 'no month after he left');
    assert.match(String(rowOf(t, 'Волков Пётр', 'Ноябрь 2026')!.cells.note), /выбыл\(а\) 13\.11\.2026/);
    assert.equal(rowOf(t, 'Громова Анна', 'Октябрь 2026'), undefined, 'no month before she came');
    assert.deepEqual(counts(rowOf(t, 'Громова Анна', 'Ноябрь 2026')), [1, 1, 0, 0, 1, 1, 0, 0, 0]);
    assert.match(String(rowOf(t, 'Громова Анна', 'Ноябрь 2026')!.cells.note), /прибыл\(а\) 16\.11\.2026/);
    assert.ok(!t.rows.some((x) => x.cells.student === 'Дмитриев Олег'), 'another class\'s student is not listed');
  });

  it('draws the months as bars, one series per reason, from the same figures', () => {
    const chart = r.parts[0]!.sections.find((s): s is ReportChart => s.kind === 'chart');
    assert.ok(chart && chart.chart.type === 'bars');
    if (chart.chart.type !== 'bars') return;
    assert.deepEqual(chart.chart.categories, ['Октябрь 2026', 'Ноябрь 2026', 'Декабрь 2026']);
    assert.deepEqual(chart.chart.series.map((s) => s.values), [[2, 4, 0], [0, 2, 0], [0, 7, 1]]);
  });

  it('the workbook read back holds the same numbers, as numbers; the PDF holds the figures, the chart and no rule ids', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await reportWorkbook(r) as unknown as ArrayBuffer);
    const cells: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    const november = cells.find((c) => c[0] === 'Ноябрь 2026');
    assert.deepEqual(november, ['Ноябрь 2026', 13, 4, 2, 7, 6, 2, 1, 3, 1]);
    const antonov = cells.find((c) => c[0] === 'Антонов Иван' && c[1] === 'Ноябрь 2026');
    assert.deepEqual(antonov?.slice(2, 11), [7, 1, 2, 4, 3, 0, 1, 2, 1]);
    const pdf = await renderReportPdf(school.db.knex, r, { docNo: 'ТЕСТ-П1', now: new Date('2026-11-23T10:00:00') });
    const file = path.join(tmpDir('attendance-pdf-'), 'attendance.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const text = pdfText(file);
    assert.doesNotMatch(text, /R-[A-Z]+-\d/);
    assert.ok(squeeze(text).includes(squeeze('Посещаемость по месяцам')));
    assert.ok(squeeze(text).includes(squeeze('Пропущено уроков по месяцам')), 'the chart\'s title');
    assert.ok(squeeze(text).includes('Ноябрь2026'));
  });

  it('for one student of the class: their months only', async () => {
    const one = await run('attendance', { classId: school.classes.a7, studentId: school.students.volkov, from: '2026-10-01', to: '2026-12-25' });
    assert.match(one.subtitle, /^Волков Пётр · 7А класс/);
    const t = table(one, 'Ученики по месяцам');
    assert.deepEqual(t.rows.map((x) => x.cells.month), ['Октябрь 2026', 'Ноябрь 2026', 'Всего']);
    assert.deepEqual(counts(t.rows.at(-1)), [2, 0, 0, 2, 1, 0, 0, 1, 0]);
    await assert.rejects(run('attendance', { classId: school.classes.a7, studentId: school.students.dmitriev }), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_NOT_FOUND');
  });

  it('a period asked by its id covers its dates', async () => {
    const q2 = await run('attendance', { classId: school.classes.a7, periodId: school.q2 });
    const t = table(q2, 'Класс по месяцам');
    assert.deepEqual(t.rows.map((x) => x.cells.month), ['Ноябрь 2026', 'Декабрь 2026', 'Всего']);
    assert.deepEqual(counts(t.rows.find((x) => x.mark === 'total')), [14, 4, 2, 8, 6, 2, 1, 3, 2]);
  });

  it('a class with no students: the right zeros, empty tables saying so, no division by zero', async () => {
    const empty = await run('attendance', { classId: school.classes.a8, from: '2026-11-01', to: '2026-11-30' }, 'deputy');
    const t = table(empty, 'Ученики по месяцам');
    assert.equal(t.rows.length, 0);
    assert.match(t.empty, /нет учеников/);
    assert.equal(table(empty, 'Класс по месяцам').rows.length, 0);
    const chart = empty.parts[0]!.sections.find((s): s is ReportChart => s.kind === 'chart')!;
    assert.ok(chart.chart.type === 'bars' && chart.chart.series.every((s) => s.values.every((v) => v === 0)));
  });

  it('dates outside the school year are refused with REPORT_OUTSIDE_YEAR, and an unknown class with REPORT_NOT_FOUND', async () => {
    await assert.rejects(run('attendance', { classId: school.classes.a7, from: '2026-08-20', to: '2026-09-10' }), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_OUTSIDE_YEAR' && /учебный год/.test(e.message));
    await assert.rejects(run('attendance', { classId: school.classes.a7, from: '2027-05-01', to: '2027-06-30' }), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_OUTSIDE_YEAR');
    await assert.rejects(run('attendance', { classId: '0190aa00-0000-7000-8000-000000000000', from: '2026-11-01', to: '2026-11-30' }, 'deputy'), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_NOT_FOUND');
  });

  it('R-ROLE-3: a class teacher gets their own class only; deputies and the director any; a subject teacher none', async () => {
    await assert.rejects(run('attendance', { classId: school.classes.b7, from: '2026-11-01', to: '2026-11-30' }, 'ivanova'), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_FORBIDDEN');
    await run('attendance', { classId: school.classes.b7, from: '2026-11-01', to: '2026-11-30' }, 'petrov');
    await run('attendance', { classId: school.classes.a7, from: '2026-11-01', to: '2026-11-30' }, 'director');
    await assert.rejects(run('attendance', { classId: school.classes.a7, from: '2026-11-01', to: '2026-11-30' }, 'sidorova'), (e: unknown) => e instanceof ReportError && e.code === 'REPORT_FORBIDDEN');
  });
});

describe('the attendance summary sheet shows Б, У and Н each in its own column (R-REP-4)', () => {
  it('per student: missed, Б, У, Н, lateness — as the journal has them for the period', async () => {
    const d = await loadAttendanceSummary(school.db.knex, school.classes.a7, school.q2);
    const borisova = d.cells.filter((c) => c.studentId === school.students.borisova);
    const sum = (k: 'ill' | 'valid' | 'unexcused' | 'late' | 'missed' | 'excused') => borisova.reduce((a, c) => a + c[k], 0);
    assert.deepEqual([sum('missed'), sum('ill'), sum('valid'), sum('unexcused'), sum('late'), sum('excused')], [4, 2, 0, 2, 1, 2]);
    const { layout } = summaryHashes(d);
    const heads = layout.spec.columns.map((c) => c.head);
    for (const h of ['Б — по болезни', 'У — по уважит. причине', 'Н — без уважит. причины', 'Опозданий']) assert.ok(heads.includes(h), h);
    const row = layout.body.find((b) => b.cells[1] === 'Борисова Мария Андреевна')!;
    const at = (h: string) => row.cells[heads.indexOf(h)];
    assert.deepEqual([at('Всего пропущено уроков'), at('Б — по болезни'), at('У — по уважит. причине'), at('Н — без уважит. причины'), at('Опозданий')], ['4', '2', '', '2', '1']);
  });
});

describe('the class teacher\'s period report: results, attendance, movement (R-REP-4)', () => {
  it('the first quarter: one отличница, one хорошист, one неуспевающий of three; успеваемость and качество 66,7 %', async () => {
    const r = await run('class-period', { classId: school.classes.a7, periodId: school.q1 });
    const results = table(r, 'Итоги успеваемости').rows[0]!.cells;
    assert.deepEqual(
      [results.onRoll, results.counted, results.excellent, results.good, results.oneThree, results.failing, results.passPercent, results.qualityPercent],
      [3, 3, 1, 1, 0, 1, 66.7, 66.7],
    );
    const text = r.parts[0]!.sections.filter((s) => s.kind === 'text').flatMap((s) => s.kind === 'text' ? s.lines : []).join('\n');
    assert.match(text, /Отличники: Борисова Мария\./);
    assert.match(text, /Хорошисты: Волков Пётр\./);
    assert.match(text, /Неуспевающие: Антонов Иван\./);
    assert.ok(r.notes.some((n) => /выбывшие до конца периода не считаются/.test(n)), 'the rule of N is shown');
    assert.deepEqual(counts(table(r, 'Посещаемость').rows.find((x) => x.mark === 'total')), [2, 2, 0, 0, 1, 1, 0, 0, 0]);
    assert.deepEqual(table(r, 'Движение учащихся').rows[0]!.cells, { atStart: 3, arrived: 0, left: 0, atEnd: 3 });
    assert.equal(table(r, 'Прибывшие и выбывшие').rows.length, 0);
  });

  it('the second quarter: the one who left and the one who came in the movement; no period marks yet — N = 0 and no percentages, not a division by zero', async () => {
    const r = await run('class-period', { classId: school.classes.a7, periodId: school.q2 });
    const results = table(r, 'Итоги успеваемости').rows[0]!.cells;
    assert.deepEqual([results.onRoll, results.counted, results.passPercent, results.qualityPercent], [3, 0, null, null]);
    assert.deepEqual(table(r, 'Движение учащихся').rows[0]!.cells, { atStart: 3, arrived: 1, left: 1, atEnd: 3 });
    const moves = table(r, 'Прибывшие и выбывшие').rows.map((x) => [x.cells.date, x.cells.student, x.cells.kind]);
    assert.deepEqual(moves, [['2026-11-13', 'Волков Пётр', 'выбыл(а)'], ['2026-11-16', 'Громова Анна', 'прибыл(а)']]);
  });

  it('a class with no students: zeros everywhere', async () => {
    const r = await run('class-period', { classId: school.classes.a8, periodId: school.q1 }, 'deputy');
    const results = table(r, 'Итоги успеваемости').rows[0]!.cells;
    assert.deepEqual([results.onRoll, results.counted, results.passPercent], [0, 0, null]);
    assert.equal(table(r, 'Посещаемость').rows.length, 0);
  });
});
