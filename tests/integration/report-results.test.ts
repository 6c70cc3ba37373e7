// The results report (R-REP-4) on a small school built by hand, its answers worked out here
// by hand from the marks written: успеваемость, качество, СОУ and средний балл per class,
// parallel, school, subject and teacher; who is counted in N (a student who left before the
// period's end is not, nor the exempt, nor one without a period mark; Н/А is); the lists by
// name; the previous period and the same period a year earlier; a class with no students, a
// period with no marks and a period of only Н/А never divide by zero.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { type ReportError } from '../../db/reports/errors';
import type { ReportContext } from '../../db/reports/types';
import type { ReportParams, ReportResult, ReportRow, ReportTable } from '../../shared/report-model';
import { renderReportPdf } from '../../print/reports/render';
import { runReport } from '../../service/reports/run';
import { reportWorkbook } from '../../service/reports/xlsx';
import { pdfText, squeeze } from '../helpers/pdf';
import { sheetTable } from '../helpers/report-school';
import { buildSmallSchool, periodMarks, put, S } from '../helpers/small-school';
import { journalHere as journal } from '../helpers/cli-here';
import { tmpDir } from '../helpers/tmp';

let db: JournalDb;
let file: string;
const deputy: ReportContext = { today: '2026-11-23', user: { id: S.deputy, roles: ['deputy'] } };
const run = (params: ReportParams, ctx: ReportContext = deputy): Promise<ReportResult> => runReport(db.knex, 'results', params, ctx);

before(async () => {
  file = path.join(tmpDir('results-'), 'j.sqlite');
  db = await openJournal(file);
  await buildSmallSchool(db);
  // 1 четверть 2026/2027, 7А. Жукова left on 10.10 (her «2» is not counted); Дмитриев is
  // exempt in everything; Егоров has no period mark.
  await periodMarks(db, S.q1, S.c7a, [
    [S.antonov, S.math, '5'], [S.antonov, S.rus, '5'], [S.antonov, S.phys, '5'],
    [S.borisova, S.math, '4'], [S.borisova, S.rus, '5'], [S.borisova, S.phys, '4'],
    [S.vasiliev, S.math, '3'], [S.vasiliev, S.rus, '4'], [S.vasiliev, S.phys, '4'],
    [S.grigorieva, S.math, '2'], [S.grigorieva, S.rus, '3'], [S.grigorieva, S.phys, 'Н/А'],
    [S.dmitriev, S.math, 'ОСВ'], [S.dmitriev, S.rus, 'ОСВ'], [S.dmitriev, S.phys, 'ОСВ'],
    [S.zhukova, S.math, '2'],
    [S.zaitsev, S.math, '4'], [S.zaitsev, S.rus, 'ОСВ'], [S.zaitsev, S.phys, '3'],
  ]);
  await periodMarks(db, S.q1, S.c8a, [
    [S.ivanov, S.math, 'Н/А'], [S.ivanov, S.rus, 'Н/А'],
    [S.kovaleva, S.math, '5'], [S.kovaleva, S.rus, '4'],
  ]);
  // 2 четверть: 7А has no period marks yet; 8А only Н/А.
  await periodMarks(db, S.q2, S.c8a, [
    [S.ivanov, S.math, 'Н/А'], [S.ivanov, S.rus, 'Н/А'], [S.kovaleva, S.math, 'Н/А'], [S.kovaleva, S.rus, 'Н/А'],
  ]);
  // A year earlier: 6А (now 7А), 1 четверть 2025/2026.
  await periodMarks(db, S.q1last, S.c6a, [[S.antonov, S.math, '4'], [S.borisova, S.math, '3']]);
});
after(() => db.close());

const tableOf = (r: ReportResult, title: RegExp): ReportTable => {
  const t = r.parts[0]!.sections.find((s): s is ReportTable => s.kind === 'table' && title.test(s.title));
  assert.ok(t, `a table ${title}`);
  return t;
};
const rowOf = (t: ReportTable, name: string): ReportRow => {
  const row = t.rows.find((r) => r.cells.name === name || r.cells.what === name);
  assert.ok(row, `a row «${name}» in «${t.title}»`);
  return row;
};
const pick = (row: ReportRow, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, row.cells[k]]));
const FIG = ['n', 'n5', 'n4', 'n3', 'n2', 'nNa', 'success', 'quality', 'sou', 'average'] as const;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
/** The figures from counts, by the formulas of R-REP-4 with the default weights 100/64/36/16/7. */
function expected(n5: number, n4: number, n3: number, n2: number, nNa: number, marks: readonly number[], w = [100, 64, 36, 16, 7]) {
  const n = n5 + n4 + n3 + n2 + nNa;
  return {
    n, n5, n4, n3, n2, nNa,
    success: n ? r1((100 * (n5 + n4 + n3)) / n) : 0,
    quality: n ? r1((100 * (n5 + n4)) / n) : 0,
    sou: n ? r2((w[0]! * n5 + w[1]! * n4 + w[2]! * n3 + w[3]! * n2 + w[4]! * nNa) / n) : 0,
    average: marks.length ? r2(marks.reduce((a, b) => a + b, 0) / marks.length) : '—',
  };
}

describe('the results report (R-REP-4) on a small school with known answers', () => {
  it('R-REP-4: a class counts each student once by the lowest period mark; N leaves out the exempt, those without a mark and a student who left before the end', async () => {
    const r = await run({ periodId: S.q1 });
    const classes = tableOf(r, /По классам/);
    const c7a = rowOf(classes, '7А');
    // On the roll on 23.10: everyone but Жукова (left 10.10) — 7; Дмитриев ОСВ, Егоров no mark.
    assert.deepEqual(pick(c7a, ['roll', 'left', 'exempt', 'noMark']), { roll: 7, left: 1, exempt: 1, noMark: 1 });
    // Антонов 5s (n5); Борисова 4–5 (n4); Васильев a 3, Зайцев a 3 (n3); Григорьева Н/А (nНА, her 2 too).
    assert.deepEqual(pick(c7a, FIG), expected(1, 1, 2, 0, 1, [5, 5, 5, 4, 5, 4, 3, 4, 4, 2, 3, 4, 3]));
    assert.equal(c7a.cells.sou, 48.6);
    const c8a = rowOf(classes, '8А');
    assert.deepEqual(pick(c8a, FIG), expected(0, 1, 0, 0, 1, [5, 4]));
    // A class with no students: zeros, no average, no division by zero.
    const c7b = rowOf(classes, '7Б');
    assert.deepEqual(pick(c7b, ['roll', 'left', ...FIG]), { roll: 0, left: 0, ...expected(0, 0, 0, 0, 0, []) });
    // The parallel of 7 and the school.
    assert.deepEqual(pick(rowOf(classes, 'Параллель 7'), FIG), expected(1, 1, 2, 0, 1, [5, 5, 5, 4, 5, 4, 3, 4, 4, 2, 3, 4, 3]));
    const school = rowOf(classes, 'Всего по школе');
    assert.equal(school.mark, 'total');
    assert.deepEqual(pick(school, FIG), expected(1, 2, 2, 0, 2, [5, 5, 5, 4, 5, 4, 3, 4, 4, 2, 3, 4, 3, 5, 4]));
    assert.deepEqual(classes.rows.filter((x) => x.links?.name).map((x) => x.links!.name), [
      { to: 'class', classId: S.c7a }, { to: 'class', classId: S.c7b }, { to: 'class', classId: S.c8a },
    ]);
  });

  it('R-REP-4: the rule about leavers and the formulas are shown next to the figures; the student who left is listed apart', async () => {
    const r = await run({ periodId: S.q1 });
    const notes = r.notes.join('\n');
    assert.match(notes, /выбывший из класса до конца периода, не учитывается \(выбыли: 1\)/);
    assert.match(notes, /Успеваемость, % = \(n5 \+ n4 \+ n3\) \/ N/);
    assert.match(notes, /Качество, % = \(n5 \+ n4\) \/ N/);
    assert.match(notes, /СОУ = \(100·n5 \+ 64·n4 \+ 36·n3 \+ 16·n2 \+ 7·nН\/А\) \/ N/);
    assert.match(notes, /23\.10\.2026/);
    const left = tableOf(r, /Выбыли/);
    assert.deepEqual(left.rows.map((x) => x.cells), [{ name: 'Жукова Зоя', cls: '7А', endsOn: '2026-10-10' }]);
    assert.equal(r.subtitle, 'Вся школа · 1 четверть 2026/2027 · 01.09.2026–23.10.2026');
  });

  it('R-REP-4: per subject and per teacher each student\'s period mark in a subject counts once (ОСВ apart)', async () => {
    const r = await run({ periodId: S.q1 });
    const subjects = tableOf(r, /По предметам/);
    // Mathematics: 7А 5, 4, 3, 2, (ОСВ), 4 — Жукова not counted; 8А Н/А, 5.
    assert.deepEqual(pick(rowOf(subjects, 'Математика'), [...FIG, 'exempt']), { ...expected(2, 2, 1, 1, 1, [5, 4, 3, 2, 4, 5]), exempt: 1 });
    assert.deepEqual(subjects.rows.map((x) => x.cells.name), ['Математика', 'Русский язык', 'Физика']);
    const teachers = tableOf(r, /По учителям/);
    // Петров: Russian 7А 5, 5, 4, 3 (ОСВ ×2), physics 7А 5, 4, 4, Н/А, 3 (ОСВ), Russian 8А Н/А, 4.
    assert.deepEqual(pick(rowOf(teachers, 'Петров Олег Ильич'), [...FIG, 'exempt']), { ...expected(3, 4, 2, 0, 2, [5, 5, 4, 3, 5, 4, 4, 3, 4]), exempt: 3 });
    assert.deepEqual(pick(rowOf(teachers, 'Иванова Анна Сергеевна'), FIG), expected(2, 2, 1, 1, 1, [5, 4, 3, 2, 4, 5]));
  });

  it('R-REP-4: slices — a subject, a teacher, a parallel, a class', async () => {
    const math = await run({ periodId: S.q1, subjectId: S.math });
    assert.match(math.subtitle, /^Математика · 1 четверть/);
    // 7А by mathematics alone: 5, 4, 3, 2 and 4 (Дмитриев ОСВ, Егоров no mark).
    assert.deepEqual(pick(rowOf(tableOf(math, /По классам/), '7А'), FIG), expected(1, 2, 1, 1, 0, [5, 4, 3, 2, 4]));
    assert.deepEqual(tableOf(math, /По предметам/).rows.map((x) => x.cells.name), ['Математика']);

    const petrov = await run({ periodId: S.q1, teacherId: S.petrov });
    const classes = tableOf(petrov, /По классам/);
    assert.deepEqual(classes.rows.filter((x) => !x.mark).map((x) => x.cells.name), ['7А', '8А'], 'only the classes the teacher teaches');
    // 7А by Russian and physics: Антонов 5 5, Борисова 5 4, Васильев 4 4, Григорьева 3 Н/А, Зайцев ОСВ 3.
    assert.deepEqual(pick(rowOf(classes, '7А'), FIG), expected(1, 2, 1, 0, 1, [5, 5, 5, 4, 4, 4, 3, 3]));
    assert.deepEqual(tableOf(petrov, /По учителям/).rows.map((x) => x.cells.name), ['Петров Олег Ильич']);

    const seventh = await run({ periodId: S.q1, grade: 7 });
    assert.deepEqual(tableOf(seventh, /По классам/).rows.map((x) => x.cells.name), ['7А', '7Б', 'Параллель 7']);

    const one = await run({ periodId: S.q1, classId: S.c8a });
    assert.deepEqual(tableOf(one, /По классам/).rows.map((x) => x.cells.name), ['8А']);
    assert.match(one.subtitle, /^8А класс · 1 четверть 2026\/2027/);
  });

  it('R-REP-4: отличники, хорошисты, those with a single «3» and the неуспевающие by name', async () => {
    const r = await run({ periodId: S.q1, classId: S.c7a });
    const names = (t: RegExp) => tableOf(r, t).rows.map((x) => x.cells.name);
    assert.deepEqual(names(/Отличники/), ['Антонов Илья']);
    assert.deepEqual(names(/Хорошисты/), ['Борисова Вера']);
    assert.deepEqual(tableOf(r, /одной «3»/).rows.map((x) => [x.cells.name, x.cells.subject]), [['Васильев Глеб', 'Математика'], ['Зайцев Иван', 'Физика']]);
    const failing = tableOf(r, /Неуспевающие/);
    assert.deepEqual(failing.rows.map((x) => [x.cells.name, x.cells.subjects, x.mark]), [['Григорьева Дарья', 'Математика «2», Физика «Н/А»', 'risk']]);
    assert.ok(!failing.rows.some((x) => x.cells.name === 'Жукова Зоя'), 'a student who left is on no list');
  });

  it('R-REP-4: an empty period gives zeros and «—», never a division by zero; a period of only Н/А is 0 % with the Н/А weight', async () => {
    const r = await run({ periodId: S.q2 });
    const classes = tableOf(r, /По классам/);
    assert.deepEqual(pick(rowOf(classes, '7А'), ['roll', 'noMark', ...FIG]), { roll: 7, noMark: 7, ...expected(0, 0, 0, 0, 0, []) });
    // 8А: Н/А in everything.
    assert.deepEqual(pick(rowOf(classes, '8А'), FIG), { n: 2, n5: 0, n4: 0, n3: 0, n2: 0, nNa: 2, success: 0, quality: 0, sou: 7, average: '—' });
    assert.deepEqual(names(tableOf(r, /Неуспевающие/)), ['Иванов Кирилл', 'Ковалёва Лена']);
    for (const s of r.parts[0]!.sections) {
      if (s.kind !== 'table') continue;
      for (const row of s.rows) for (const v of Object.values(row.cells)) assert.ok(typeof v !== 'number' || Number.isFinite(v), `${s.title}: a finite number`);
    }
    const h = await run({ periodId: S.h1 });
    assert.deepEqual(tableOf(h, /По классам/).rows, [], 'no classes of grades 10–11: an empty table');
    assert.equal(tableOf(h, /По классам/).empty, 'Нет классов с отметками за этот период.');
  });

  it('R-REP-4: compared with the previous period and the same period a year earlier (the same students a grade lower)', async () => {
    const r = await run({ periodId: S.q2, classId: S.c8a });
    const cmp = tableOf(r, /Сравнение/);
    assert.deepEqual(pick(rowOf(cmp, 'Этот период'), FIG), { n: 2, n5: 0, n4: 0, n3: 0, n2: 0, nNa: 2, success: 0, quality: 0, sou: 7, average: '—' });
    assert.deepEqual(pick(rowOf(cmp, 'Предыдущий период'), FIG), expected(0, 1, 0, 0, 1, [5, 4]));
    assert.equal(rowOf(cmp, 'Предыдущий период').cells.period, '1 четверть 2026/2027');
    assert.ok(!cmp.rows.some((x) => x.cells.what === 'Тот же период прошлого года'), 'no 7А a year earlier');

    const a = await run({ periodId: S.q1, classId: S.c7a });
    const cmpA = tableOf(a, /Сравнение/);
    // 6А in 1 четверть 2025/2026: Антонов 4, Борисова 3.
    assert.deepEqual(pick(rowOf(cmpA, 'Тот же период прошлого года'), FIG), expected(0, 1, 1, 0, 0, [4, 3]));
    assert.equal(rowOf(cmpA, 'Тот же период прошлого года').cells.period, '1 четверть 2025/2026');
    assert.equal(rowOf(cmpA, 'Предыдущий период').cells.period, '1 четверть 2025/2026', 'before the first quarter: the last of the year before');

    // The chart: the class over the year's quarters so far.
    const chart = r.parts[0]!.sections.find((s) => s.kind === 'chart');
    assert.ok(chart && chart.kind === 'chart' && chart.chart.type === 'bars');
    assert.deepEqual(chart.chart.categories, ['1 четверть', '2 четверть']);
    assert.deepEqual(chart.chart.series.map((x) => [x.name, x.values]), [
      ['Успеваемость, %', [50, 0]], ['Качество, %', [50, 0]], ['СОУ, %', [35.5, 7]],
    ]);
  });

  it('R-REP-4: the СОУ weights are a school setting the administrator changes; the report follows', async () => {
    await put(db, 'setting', [{ id: 'regulation.souWeight3', value: '50' }, { id: 'regulation.souWeightNa', value: '0' }]);
    try {
      const r = await run({ periodId: S.q1, classId: S.c7a });
      assert.deepEqual(pick(rowOf(tableOf(r, /По классам/), '7А'), FIG), expected(1, 1, 2, 0, 1, [5, 5, 5, 4, 5, 4, 3, 4, 4, 2, 3, 4, 3], [100, 64, 50, 16, 0]));
      assert.match(r.notes.join('\n'), /СОУ = \(100·n5 \+ 64·n4 \+ 50·n3 \+ 16·n2 \+ 0·nН\/А\) \/ N/);
    } finally {
      await put(db, 'setting', [{ id: 'regulation.souWeight3', value: '36' }, { id: 'regulation.souWeightNa', value: '7' }]);
    }
  });

  it('R-REP-4: as XLSX read back with exceljs (the same numbers as numbers) and as PDF through pdftotext (figures, formulas, the rule; no rule ids)', async () => {
    const r = await run({ periodId: S.q1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await reportWorkbook(r) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const classes = sheetTable(sheet, tableOf(r, /По классам/).title);
    const c7a = classes.find((x) => x['Класс'] === '7А')!;
    assert.deepEqual([c7a['N'], c7a['«5»'], c7a['«4»'], c7a['«3»'], c7a['Н/А'], c7a['Успеваемость, %'], c7a['Качество, %'], c7a['СОУ, %'], c7a['Средний балл']], [5, 1, 1, 2, 1, 80, 40, 48.6, 3.92]);
    const c7b = classes.find((x) => x['Класс'] === '7Б')!;
    assert.deepEqual([c7b['N'], c7b['Успеваемость, %'], c7b['Средний балл']], [0, 0, '—']);
    const math = sheetTable(sheet, tableOf(r, /По предметам/).title).find((x) => x['Предмет'] === 'Математика')!;
    assert.equal(math['СОУ, %'], 55.29);

    const pdf = await renderReportPdf(db.knex, r, { docNo: 'ТЕСТ-1', now: new Date('2026-11-23T10:00:00') });
    const file = path.join(tmpDir(), 'results.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const raw = pdfText(file);
    assert.doesNotMatch(raw, /R-[A-Z]+-\d/, 'no rule ids on paper');
    const text = squeeze(raw);
    for (const words of ['Успеваемость и качество знаний', 'Вся школа · 1 четверть 2026/2027', 'Жукова Зоя', 'Антонов Илья', 'не учитывается (выбыли: 1)', '48,60', '3,92', '(100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·nН/А) / N']) {
      assert.ok(text.includes(squeeze(words)), words);
    }
  });

  it('R-REP-4: journal report results on the command line — the same figures as JSON for a class, an XLSX file for the school', async () => {
    const out = path.join(tmpDir(), 'results.json');
    const ok = await journal('report', 'results', '--db', file, '--period', S.q1, '--class', '7А', '--format', 'json', '--out', out, '--date', '2026-11-23');
    assert.equal(ok.code, 0, ok.out);
    const r = JSON.parse(fs.readFileSync(out, 'utf8')) as ReportResult;
    assert.deepEqual(pick(rowOf(tableOf(r, /По классам/), '7А'), FIG), expected(1, 1, 2, 0, 1, [5, 5, 5, 4, 5, 4, 3, 4, 4, 2, 3, 4, 3]));
    const xlsx = path.join(tmpDir(), 'results.xlsx');
    assert.equal((await journal('report', 'results', '--db', file, '--period', S.q1, '--format', 'xlsx', '--out', xlsx, '--date', '2026-11-23')).code, 0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const school = sheetTable(wb.worksheets[0]!, tableOf(r, /По классам/).title).find((x) => x['Класс'] === 'Всего по школе')!;
    assert.equal(school['N'], 7);
    const bad = await journal('report', 'results', '--db', file, '--format', 'json', '--out', path.join(tmpDir(), 'x.json'));
    assert.notEqual(bad.code, 0, 'a period is required');
  });

  it('R-REP-4, R-ROLE-3: a class teacher sees their own class only; the controllers any slice; bad parameters are refused', async () => {
    const ivanova: ReportContext = { today: '2026-11-23', user: { id: S.ivanova, roles: ['teacher', 'class_teacher'] } };
    const own = await run({ periodId: S.q1, classId: S.c7a }, ivanova);
    assert.equal(own.name, 'results');
    await assert.rejects(run({ periodId: S.q1, classId: S.c8a }, ivanova), (e: ReportError) => e.code === 'REPORT_FORBIDDEN');
    await assert.rejects(run({ periodId: S.q1 }, ivanova), (e: ReportError) => e.code === 'REPORT_FORBIDDEN');
    await assert.rejects(run({ periodId: S.q1 }, { today: '2026-11-23', user: { id: S.petrov, roles: ['teacher'] } }), (e: ReportError) => e.code === 'REPORT_FORBIDDEN');
    await run({ periodId: S.q1 }, { today: '2026-11-23', user: { id: S.director, roles: ['director'] } });
    await assert.rejects(run({}), (e: ReportError) => e.code === 'REPORT_BAD_PARAMS');
    await assert.rejects(run({ periodId: 'nope' }), (e: ReportError) => e.code === 'REPORT_NOT_FOUND');
    await assert.rejects(run({ periodId: S.h1, classId: S.c7a }), (e: ReportError) => e.code === 'REPORT_BAD_PARAMS', 'a half-year is not 7А\'s period');
  });
});

const names = (t: ReportTable) => t.rows.map((x) => x.cells.name);
