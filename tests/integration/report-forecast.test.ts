// The class teacher's preliminary report (R-TIME-6, R-REP-5) on a small school built by hand:
// each forecast worked out here from the marks written — the weighted mean of the period's
// marks up to the report's day, ,5 rounding up, «мало отметок» under the regulation minimum
// (R-TIME-4) — students at risk highlighted, the rule and the class teacher's signature line
// shown; who may ask for it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { forecastMark, FEW_MARKS } from '../../db/reports/forecast';
import type { ReportError } from '../../db/reports/errors';
import type { ReportContext } from '../../db/reports/types';
import type { ReportParams, ReportResult, ReportRow, ReportTable } from '../../shared/report-model';
import { renderReportPdf } from '../../print/reports/render';
import { runReport } from '../../service/reports/run';
import { reportWorkbook } from '../../service/reports/xlsx';
import { pdfText, squeeze } from '../helpers/pdf';
import { sheetTable } from '../helpers/report-school';
import { buildSmallSchool, marks, periodMarks, put, S } from '../helpers/small-school';
import { tmpDir } from '../helpers/tmp';

let db: JournalDb;
/** Two weeks before the end of the 2nd quarter (27.12.2026). */
const TODAY = '2026-12-13';
const ivanova: ReportContext = { today: TODAY, user: { id: S.ivanova, roles: ['teacher', 'class_teacher'] } };
const run = (params: ReportParams, ctx: ReportContext = ivanova): Promise<ReportResult> => runReport(db.knex, 'forecast', params, ctx);

const [d1, d2, d3, d4] = ['2026-11-05', '2026-11-12', '2026-11-19', '2026-11-26'];
const K = S.wkK; // контрольная работа, weight 2 in this school

before(async () => {
  db = await openJournal(path.join(tmpDir('forecast-'), 'j.sqlite'));
  await buildSmallSchool(db);
  await put(db, 'work_kind', [{ id: S.wkK, weight: 2 }]);
  await marks(db, [
    // Антонов: math 5, 4, К 3 → (5 + 4 + 2·3) / 4 = 3,75 → 4; Russian 5, 5, 4 → 4,67 → 5; physics 4, 4, 4 → 4.
    [S.antonov, S.a7aMath, d1, '5'], [S.antonov, S.a7aMath, d2, '4'], [S.antonov, S.a7aMath, d3, '3', K],
    [S.antonov, S.a7aRus, d1, '5'], [S.antonov, S.a7aRus, d2, '5'], [S.antonov, S.a7aRus, d3, '4'],
    [S.antonov, S.a7aPhys, d1, '4'], [S.antonov, S.a7aPhys, d2, '4'], [S.antonov, S.a7aPhys, d3, '4'],
    // Борисова: math 4, К 3, 4 → 14 / 4 = 3,5 → 4 (,5 goes up); Russian 3, 3, 2 → 2,67 → 3; physics 2, 2, 3 → 2,33 → 2 (risk).
    [S.borisova, S.a7aMath, d1, '4'], [S.borisova, S.a7aMath, d2, '3', K], [S.borisova, S.a7aMath, d3, '4'],
    [S.borisova, S.a7aRus, d1, '3'], [S.borisova, S.a7aRus, d2, '3'], [S.borisova, S.a7aRus, d3, '2'],
    [S.borisova, S.a7aPhys, d1, '2'], [S.borisova, S.a7aPhys, d2, '2'], [S.borisova, S.a7aPhys, d3, '3'],
    // Васильев: math 5, 5 (too few), Russian none (too few), physics 3, 3, 3 → 3.
    [S.vasiliev, S.a7aMath, d1, '5'], [S.vasiliev, S.a7aMath, d2, '5'],
    [S.vasiliev, S.a7aPhys, d1, '3'], [S.vasiliev, S.a7aPhys, d2, '3'], [S.vasiliev, S.a7aPhys, d3, '3'],
    // Григорьева: math К 2, 3, 3 → 10 / 4 = 2,5 → 3; Russian 2, 2, 3 → 2,33 → 2 (risk); physics 5, 5, 5 → 5.
    [S.grigorieva, S.a7aMath, d1, '2', K], [S.grigorieva, S.a7aMath, d2, '3'], [S.grigorieva, S.a7aMath, d3, '3'],
    [S.grigorieva, S.a7aRus, d1, '2'], [S.grigorieva, S.a7aRus, d2, '2'], [S.grigorieva, S.a7aRus, d3, '3'],
    [S.grigorieva, S.a7aPhys, d1, '5'], [S.grigorieva, S.a7aPhys, d2, '5'], [S.grigorieva, S.a7aPhys, d3, '5'],
    // Зайцев: math 4, 4, 5 → 4,33 → 4 (the «2» of 20.12, after the report's day, and the cancelled lesson's «2» do not count);
    // Russian 4, 4, 4 → 4; physics 5, 4, 5 → 4,67 → 5.
    [S.zaitsev, S.a7aMath, d1, '4'], [S.zaitsev, S.a7aMath, d2, '4'], [S.zaitsev, S.a7aMath, d3, '5'],
    [S.zaitsev, S.a7aMath, '2026-12-20', '2'], [S.zaitsev, S.a7aMath, d4, '2'],
    [S.zaitsev, S.a7aRus, d1, '4'], [S.zaitsev, S.a7aRus, d2, '4'], [S.zaitsev, S.a7aRus, d3, '4'],
    [S.zaitsev, S.a7aPhys, d1, '5'], [S.zaitsev, S.a7aPhys, d2, '4'], [S.zaitsev, S.a7aPhys, d3, '5'],
    // Жукова left in October: her marks of the first quarter are not this report's.
    [S.zhukova, S.a7aMath, '2026-10-01', '2'],
  ], { cancelled: [`l-${S.a7aMath}-${d4}`] });
  // Дмитриев is exempt from physics.
  await periodMarks(db, S.q2, S.c7a, [[S.dmitriev, S.phys, 'ОСВ']]);
});
after(() => db.close());

const tableOf = (r: ReportResult, title: RegExp): ReportTable => {
  const t = r.parts[0]!.sections.find((s): s is ReportTable => s.kind === 'table' && title.test(s.title));
  assert.ok(t, `a table ${title}`);
  return t;
};
const byName = (t: ReportTable, name: string): ReportRow => {
  const row = t.rows.find((x) => x.cells.name === name);
  assert.ok(row, name);
  return row;
};
const forecasts = (row: ReportRow) => [row.cells[S.math], row.cells[S.rus], row.cells[S.phys]];

describe('the class teacher\'s preliminary report: forecasts (R-REP-5, R-TIME-6)', () => {
  it('R-REP-5: the weighted mean rounds to a whole mark with ,5 going up', () => {
    assert.equal(forecastMark(3.5), 4);
    assert.equal(forecastMark(3.49), 3);
    assert.equal(forecastMark(2.5), 3);
    assert.equal(forecastMark(14 / 4), 4);
    assert.equal(forecastMark(7 / 3), 2);
  });

  it('R-REP-5, R-TIME-4: each student × subject forecast from the period\'s marks so far, weights of the kinds of work, «мало отметок» under the minimum', async () => {
    const r = await run({ classId: S.c7a, periodId: S.q2 });
    const t = tableOf(r, /Прогноз отметок за период/);
    assert.deepEqual(t.columns.map((c) => c.title), ['№', 'Ученик', 'Мат', 'Рус', 'Физ', 'Группа риска']);
    assert.deepEqual(t.rows.map((x) => x.cells.name), ['Антонов Илья', 'Борисова Вера', 'Васильев Глеб', 'Григорьева Дарья', 'Дмитриев Егор', 'Егоров Жан', 'Зайцев Иван'], 'the roll today: not Жукова, who left');
    assert.deepEqual(forecasts(byName(t, 'Антонов Илья')), [4, 5, 4]);
    assert.deepEqual(forecasts(byName(t, 'Борисова Вера')), [4, 3, 2]);
    assert.deepEqual(forecasts(byName(t, 'Васильев Глеб')), [FEW_MARKS, FEW_MARKS, 3]);
    assert.deepEqual(forecasts(byName(t, 'Григорьева Дарья')), [3, 2, 5]);
    assert.deepEqual(forecasts(byName(t, 'Дмитриев Егор')), [FEW_MARKS, FEW_MARKS, 'ОСВ']);
    assert.deepEqual(forecasts(byName(t, 'Егоров Жан')), [FEW_MARKS, FEW_MARKS, FEW_MARKS]);
    assert.deepEqual(forecasts(byName(t, 'Зайцев Иван')), [4, 4, 5]);
  });

  it('R-REP-5: students at risk (a forecast of «2» or too few marks) are highlighted and listed with the reason', async () => {
    const r = await run({ classId: S.c7a, periodId: S.q2 });
    const t = tableOf(r, /Прогноз отметок за период/);
    assert.deepEqual(t.rows.filter((x) => x.mark === 'risk').map((x) => x.cells.name), ['Борисова Вера', 'Васильев Глеб', 'Григорьева Дарья', 'Дмитриев Егор', 'Егоров Жан']);
    assert.equal(byName(t, 'Антонов Илья').mark, undefined);
    assert.equal(byName(t, 'Борисова Вера').cells.risk, 'да');
    const risk = tableOf(r, /группы риска/);
    const bor = risk.rows.filter((x) => x.cells.name === 'Борисова Вера').map((x) => x.cells);
    assert.deepEqual(bor, [{ name: 'Борисова Вера', subject: 'Физика', n: 3, min: 3, mean: 2.33, forecast: 2, why: 'прогноз «2»' }]);
    const vas = risk.rows.filter((x) => x.cells.name === 'Васильев Глеб').map((x) => [x.cells.subject, x.cells.n, x.cells.why]);
    assert.deepEqual(vas, [['Математика', 2, 'отметок 2 при минимуме 3'], ['Русский язык', 0, 'отметок 0 при минимуме 3']]);
    assert.ok(risk.rows.every((x) => x.mark === 'risk'));
  });

  it('R-REP-5: the rule is shown (which marks, which weights, how it rounds), and the class teacher\'s signature line for the parents\' meeting', async () => {
    const r = await run({ classId: S.c7a, periodId: S.q2 });
    const notes = r.notes.join('\n');
    assert.match(notes, /с 03\.11\.2026 по 13\.12\.2026/);
    assert.match(notes, /Веса видов работ: К — 2; остальные отметки — вес 1/);
    assert.match(notes, /от ,5 и выше — вверх/);
    assert.match(notes, /мало отметок/);
    assert.match(r.subtitle, /^7А класс · 2 четверть 2026\/2027/);
    const sig = r.parts[0]!.sections.find((s) => s.kind === 'signatures');
    assert.ok(sig && sig.kind === 'signatures');
    assert.match(sig.lines[0]!, /^Классный руководитель _+ \/ Иванова А\. С\. \/$/);
    assert.doesNotMatch(JSON.stringify(r), /R-[A-Z]+-\d/, 'no rule ids in what people read');
  });

  it('R-REP-5: the class\'s forecast results — each student by the lowest forecast, too few marks as Н/А', async () => {
    const r = await run({ classId: S.c7a, periodId: S.q2 });
    const row = tableOf(r, /Прогноз результатов класса/).rows[0]!;
    // Антонов 4 (n4), Борисова 2 (n2), Васильев few (Н/А), Григорьева 2 (n2), Дмитриев few, Егоров few, Зайцев 4 (n4): N = 7.
    assert.equal(row.cells.n, 7);
    assert.equal(row.cells.success, Math.round(1000 * 2 / 7) / 10);
    assert.equal(row.cells.quality, Math.round(1000 * 2 / 7) / 10);
    assert.equal(row.cells.sou, Math.round(100 * (64 * 2 + 16 * 2 + 7 * 3) / 7) / 100);
  });

  it('R-REP-5: as XLSX read back with exceljs (forecasts as numbers) and as PDF for the parents\' meeting (pdftotext: forecasts, the rule, the signature line; no rule ids)', async () => {
    const r = await run({ classId: S.c7a, periodId: S.q2 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await reportWorkbook(r) as unknown as ArrayBuffer);
    const rows = sheetTable(wb.worksheets[0]!, tableOf(r, /Прогноз отметок за период/).title);
    const row = (name: string) => rows.find((x) => x['Ученик'] === name)!;
    assert.deepEqual([row('Антонов Илья')['Мат'], row('Антонов Илья')['Рус'], row('Антонов Илья')['Физ']], [4, 5, 4]);
    assert.deepEqual([row('Васильев Глеб')['Мат'], row('Васильев Глеб')['Физ'], row('Васильев Глеб')['Группа риска']], [FEW_MARKS, 3, 'да']);

    const pdf = await renderReportPdf(db.knex, r, { docNo: 'ТЕСТ-2', now: new Date(`${TODAY}T10:00:00`) });
    const file = path.join(tmpDir(), 'forecast.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const raw = pdfText(file);
    assert.doesNotMatch(raw, /R-[A-Z]+-\d/, 'no rule ids on paper');
    const text = squeeze(raw);
    for (const words of ['7А класс · 2 четверть 2026/2027', 'Борисова Вера', 'Ученики группы риска', 'от ,5 и выше — вверх', 'Классный руководитель', 'Иванова А. С.']) {
      assert.ok(text.includes(squeeze(words)), words);
    }
  });

  it('R-REP-5, R-ROLE-3: the class teacher of that class, deputies and the director; not another class teacher, a subject teacher or the administrator', async () => {
    await run({ classId: S.c7a, periodId: S.q2 }, { today: TODAY, user: { id: S.deputy, roles: ['deputy'] } });
    await run({ classId: S.c7a, periodId: S.q2 }, { today: TODAY, user: { id: S.director, roles: ['director'] } });
    const forbidden = (e: ReportError) => e.code === 'REPORT_FORBIDDEN';
    await assert.rejects(run({ classId: S.c7a, periodId: S.q2 }, { today: TODAY, user: { id: S.other, roles: ['class_teacher'] } }), forbidden);
    await assert.rejects(run({ classId: S.c8a, periodId: S.q2 }), forbidden);
    await assert.rejects(run({ classId: S.c7a, periodId: S.q2 }, { today: TODAY, user: { id: S.petrov, roles: ['teacher'] } }), forbidden);
    await assert.rejects(run({ classId: S.c7a, periodId: S.q2 }, { today: TODAY, user: { id: 'st-admin', roles: ['admin'] } }), forbidden);
    await assert.rejects(run({ classId: S.c7a }), (e: ReportError) => e.code === 'REPORT_BAD_PARAMS');
    await assert.rejects(run({ classId: S.c7a, periodId: S.h1 }), (e: ReportError) => e.code === 'REPORT_BAD_PARAMS');
  });

  it('R-REP-5: a class with no students renders an empty list and zeros', async () => {
    const r = await run({ classId: S.c7b, periodId: S.q2 }, { today: TODAY, user: { id: S.deputy, roles: ['deputy'] } });
    assert.deepEqual(tableOf(r, /Прогноз отметок за период/).rows, []);
    assert.deepEqual(tableOf(r, /Прогноз результатов класса/).rows[0]!.cells, { n: 0, success: 0, quality: 0, sou: 0, average: '—' });
  });
});
