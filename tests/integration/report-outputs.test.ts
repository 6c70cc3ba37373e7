// The reports framework (issue 14): listing and running any report of the registry through
// the service with its access and parameter checks, and turning its result into a workbook,
// a PDF entered in the register of printed documents, and the CLI's files — checked on two
// tiny reports declared here, whose figures the test knows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ReportError } from '../../db/reports/errors';
import { REPORTS } from '../../db/reports/registry';
import { declareReport, type ReportDeclaration } from '../../db/reports/types';
import type { ReportResult } from '../../shared/report-model';
import { rolesOf } from '../../shared/role-sets';
import { ServiceHost } from '../../service/host';
import { addReportForTests } from '../../service/reports/run';
import { renderPdf } from '../../print/pdf/react-pdf';
import { composeReport } from '../../print/reports/compose';
import { sheetNames, xlsxValue } from '../../service/reports/xlsx';
import { makeDemoFile } from '../helpers/demo-db';
import { pdfText, squeeze } from '../helpers/pdf';
import { serviceCalls } from '../helpers/service-calls';
import { journalHere } from '../helpers/cli-here';
import { tmpDir } from '../helpers/tmp';

let db: JournalDb;
let host: ServiceHost;
let demoFile: string;
const now = new Date('2026-11-23T10:00:00');
const calls = serviceCalls(() => host);

interface ClassRow { id: string; name: string; grade: number; class_teacher_id: string | null; students: number }

async function classRows(knex: Knex, yearOf: string, classId?: string): Promise<ClassRow[]> {
  const q = knex('class as c').where('c.year_id', yearOf)
    .leftJoin('enrolment as e', function () {
      this.on('e.class_id', 'c.id').andOn(knex.raw('e.ends_on IS NULL'));
    })
    .groupBy('c.id').orderBy([{ column: 'c.grade' }, { column: 'c.letter' }])
    .select('c.id', 'c.name', 'c.grade', 'c.class_teacher_id', knex.raw('COUNT(e.id) AS students'));
  if (classId) q.where('c.id', classId);
  return q as unknown as Promise<ClassRow[]>;
}

/** A school-wide report for the administration: classes and their students, with a chart, a total and a date. */
export const ROSTER: ReportDeclaration = declareReport({
  name: 'test-roster',
  title: 'Наполняемость классов (тест)',
  description: 'Сколько учеников в каждом классе.',
  params: { periodId: 'required', grade: 'optional' },
  access: 'controllers',
  async build(knex, params): Promise<ReportResult> {
    const period = await knex('period').where({ id: params.periodId }).first('id', 'name', 'year_id', 'ends_on');
    if (!period) throw new ReportError('REPORT_NOT_FOUND', 'Отчётный период не найден.');
    const rows = (await classRows(knex, period.year_id)).filter((c) => params.grade === undefined || c.grade === params.grade);
    const total = rows.reduce((s, r) => s + Number(r.students), 0);
    return {
      name: 'test-roster', title: 'Наполняемость классов (тест)', subtitle: `${period.name} · вся школа`, params,
      notes: ['Доля = учеников в классе / учеников в школе × 100.'],
      parts: [{
        title: '',
        sections: [
          {
            kind: 'table', title: 'Классы', empty: 'Нет классов.',
            columns: [
              { key: 'name', title: 'Класс', kind: 'text', width: 2 },
              { key: 'students', title: 'Учеников', kind: 'int' },
              { key: 'share', title: 'Доля, %', kind: 'percent' },
              { key: 'avg', title: 'Средний балл', kind: 'decimal' },
              { key: 'on', title: 'На дату', kind: 'date' },
            ],
            rows: [
              ...rows.map((r) => ({
                cells: { name: r.name, students: Number(r.students), share: total ? (100 * Number(r.students)) / total : 0, avg: 3.456, on: period.ends_on },
                links: { name: { to: 'class' as const, classId: r.id } },
                mark: Number(r.students) === 0 ? ('risk' as const) : undefined,
              })),
              { cells: { name: 'Итого', students: total, share: total ? 100 : 0, avg: null, on: null }, mark: 'total' as const },
            ],
          },
          { kind: 'chart', title: 'Учеников по классам', chart: { type: 'bars', categories: rows.map((r) => r.name), series: [{ name: 'Учеников', values: rows.map((r) => Number(r.students)) }], unit: 'уч.' } },
          { kind: 'signatures', lines: ['Заместитель директора ________ / ____________ /'] },
        ],
      }],
    };
  },
});

/** A class's report: its class teacher sees their own class only (R-ROLE-3); one part per student. */
export const CLASS_LIST: ReportDeclaration = declareReport({
  name: 'test-class',
  title: 'Список класса (тест)',
  description: 'Ученики класса, каждый на своей странице.',
  params: { classId: 'required' },
  access: 'classDeskReaders',
  async refuse(knex, params, ctx) {
    if (ctx.user.roles.some((r) => r === 'deputy' || r === 'director' || r === 'admin')) return null;
    const c = await knex('class').where({ id: params.classId }).first('class_teacher_id');
    return c && c.class_teacher_id === ctx.user.id ? null : 'Классный руководитель видит отчёты только своего класса.';
  },
  async build(knex, params): Promise<ReportResult> {
    const c = await knex('class').where({ id: params.classId }).first('id', 'name');
    if (!c) throw new ReportError('REPORT_NOT_FOUND', 'Класс не найден.');
    const students: { id: string; last_name: string; first_name: string }[] = await knex('enrolment as e').join('student as s', 's.id', 'e.student_id')
      .where('e.class_id', c.id).whereNull('e.ends_on').orderBy(['s.last_name', 's.first_name']).limit(3).select('s.id', 's.last_name', 's.first_name');
    return {
      name: 'test-class', title: 'Список класса (тест)', subtitle: `${c.name} класс`, params, notes: [],
      parts: students.map((s) => ({
        title: `${s.last_name} ${s.first_name}, ${c.name}`,
        sections: [
          { kind: 'text', title: 'Ученик', lines: [`${s.last_name} ${s.first_name}`] },
          { kind: 'table', title: 'Отметки', empty: 'Отметок нет.', columns: [{ key: 'subject', title: 'Предмет', kind: 'text' }, { key: 'mark', title: 'Отметка', kind: 'int' }], rows: [] },
          { kind: 'signatures', lines: ['Классный руководитель ________'] },
        ],
      })),
    };
  },
});

const removals: (() => void)[] = [];
let q1: string;
let classOfCt: string;
let otherClass: string;

before(async () => {
  demoFile = await makeDemoFile(120, 5);
  db = await openJournal(demoFile);
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  removals.push(addReportForTests(ROSTER), addReportForTests(CLASS_LIST));
  q1 = ((await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id')) as { id: string }).id;
  const ct = (await db.knex('staff').where({ login: 'classteacher' }).first('id')).id as string;
  classOfCt = (await db.knex('class').where({ class_teacher_id: ct }).first('id')).id as string;
  otherClass = (await db.knex('class').whereNot({ id: classOfCt }).first('id')).id as string;
});
after(async () => {
  for (const r of removals) r();
  await db.close();
});

describe('reports.list and reports.run (the service, every caller)', () => {
  it('lists only the reports a user may ask for, with their parameters in Russian', async () => {
    const deputy = await calls.signIn('deputy');
    const teacher = await calls.signIn('teacher');
    const listed = await calls.ok<{ reports: { name: string; params: { name: string; required: boolean; title: string }[] }[]; periods: unknown[]; classes: unknown[] }>(deputy, 'reports.list', {});
    const roster = listed.reports.find((r) => r.name === 'test-roster');
    assert.ok(roster, 'the deputy is offered the school report');
    assert.deepEqual(roster.params.map((p) => [p.name, p.required]), [['periodId', true], ['grade', false]]);
    assert.ok(listed.periods.length > 0 && listed.classes.length > 0);
    const forTeacher = await calls.ok<{ reports: { name: string }[] }>(teacher, 'reports.list', {});
    assert.ok(!forTeacher.reports.some((r) => r.name === 'test-roster' || r.name === 'test-class'), 'a subject teacher is offered neither');
  });

  it('runs a report with the figures of its builder', async () => {
    const deputy = await calls.signIn('deputy');
    const r = await calls.ok<ReportResult>(deputy, 'reports.run', { name: 'test-roster', params: { periodId: q1 } });
    const expected = await classRows(db.knex, (await db.knex('period').where({ id: q1 }).first('year_id')).year_id);
    const table = r.parts[0]!.sections[0]!;
    assert.equal(table.kind, 'table');
    if (table.kind !== 'table') return;
    assert.equal(table.rows.length, expected.length + 1);
    assert.equal(table.rows.at(-1)!.cells.students, expected.reduce((s, c) => s + Number(c.students), 0));
  });

  it('R-ROLE-4: a teacher is refused a deputy\'s report; nothing is built', async () => {
    const teacher = await calls.signIn('teacher');
    const res = await host.call(teacher, 'reports.run', { name: 'test-roster', params: { periodId: q1 } });
    assert.equal(res.ok, false);
    if (res.ok) return;
    assert.equal(res.error.code, 'FORBIDDEN');
    assert.deepEqual(res.error.details, { reportCode: 'REPORT_FORBIDDEN' });
  });

  it('R-ROLE-3: a class teacher gets their own class and is refused another class', async () => {
    const ct = await calls.signIn('classteacher');
    const own = await calls.ok<ReportResult>(ct, 'reports.run', { name: 'test-class', params: { classId: classOfCt } });
    assert.ok(own.parts.length > 0);
    const res = await host.call(ct, 'reports.run', { name: 'test-class', params: { classId: otherClass } });
    assert.equal(res.ok, false);
    if (!res.ok) {
      assert.equal(res.error.code, 'FORBIDDEN');
      assert.match(res.error.message, /только своего класса/);
    }
  });

  it('a parameter the report does not take, a missing one, an unknown report and bad dates are refused in Russian', async () => {
    const deputy = await calls.signIn('deputy');
    const extraParam = await host.call(deputy, 'reports.run', { name: 'test-roster', params: { periodId: q1, classId: otherClass } });
    assert.ok(!extraParam.ok && extraParam.error.code === 'VALIDATION' && /не принимает параметр «класс»/.test(extraParam.error.message), JSON.stringify(extraParam));
    const missing = await host.call(deputy, 'reports.run', { name: 'test-roster', params: {} });
    assert.ok(!missing.ok && missing.error.code === 'VALIDATION' && /укажите отчётный период/.test(missing.error.message), JSON.stringify(missing));
    assert.equal(await calls.refused(deputy, 'reports.run', { name: 'no-such-report', params: {} }), 'NOT_FOUND');
    assert.equal(await calls.refused(deputy, 'reports.run', { name: 'test-roster', params: { periodId: q1, foo: 1 } }), 'VALIDATION');
    assert.equal(await calls.refused(deputy, 'reports.run', { name: 'test-roster', params: { periodId: q1, grade: 12 } }), 'VALIDATION');
    const unknownPeriod = await host.call(deputy, 'reports.run', { name: 'test-roster', params: { periodId: 'nope' } });
    assert.ok(!unknownPeriod.ok && unknownPeriod.error.code === 'NOT_FOUND');
    assert.deepEqual(!unknownPeriod.ok && unknownPeriod.error.details, { reportCode: 'REPORT_NOT_FOUND' });
  });
});

const pdfFile = (base64: string, name: string): string => {
  const f = path.join(tmpDir(), name);
  fs.writeFileSync(f, Buffer.from(base64, 'base64'));
  return f;
};

describe('a report as XLSX (read back with exceljs)', () => {
  it('holds the same numbers as numbers, dates as dates, Russian headers, a frozen header row and A4 print setup', async () => {
    const deputy = await calls.signIn('deputy');
    const r = await calls.ok<ReportResult>(deputy, 'reports.run', { name: 'test-roster', params: { periodId: q1 } });
    const x = await calls.ok<{ fileName: string; base64: string; docNo: string | null }>(deputy, 'reports.exportFile', { name: 'test-roster', params: { periodId: q1 }, format: 'xlsx' });
    assert.match(x.fileName, /^test-roster-.*\.xlsx$/);
    assert.equal(x.docNo, null, 'a workbook is not a paper copy');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((s) => s.name), ['Наполняемость классов (тест)', 'Диаграмма 1']);
    const sheet = wb.worksheets[0]!;
    assert.equal(sheet.getCell('A1').value, 'Наполняемость классов (тест)');
    assert.equal(sheet.getCell('A2').value, r.subtitle);
    let headerRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'Класс' && row.getCell(2).value === 'Учеников') headerRow = n;
    });
    assert.ok(headerRow > 2, 'the header row under the title and the rules');
    assert.deepEqual((sheet.getRow(headerRow).values as unknown[]).slice(1), ['Класс', 'Учеников', 'Доля, %', 'Средний балл', 'На дату']);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, headerRow);
    assert.equal(sheet.pageSetup.paperSize, 9);
    assert.equal(sheet.pageSetup.fitToWidth, 1);
    const table = r.parts[0]!.sections[0]! as Extract<ReportResult['parts'][0]['sections'][0], { kind: 'table' }>;
    table.rows.forEach((row, i) => {
      const x = sheet.getRow(headerRow + 1 + i);
      assert.equal(x.getCell(1).value, row.cells.name);
      assert.equal(x.getCell(2).value, row.cells.students, 'a count as a number');
      assert.equal(typeof x.getCell(3).value, 'number');
      assert.ok(Math.abs((x.getCell(3).value as number) - (row.cells.share as number)) < 1e-9, 'a percentage as a number');
      assert.equal(x.getCell(3).numFmt, '0.0');
      if (row.cells.avg !== null) {
        assert.equal(x.getCell(4).value, 3.456);
        assert.equal(x.getCell(4).numFmt, '0.00');
      }
      if (row.cells.on !== null) {
        const d = x.getCell(5).value;
        assert.ok(d instanceof Date, 'a date as a date');
        assert.equal(d.toISOString().slice(0, 10), row.cells.on);
        assert.equal(x.getCell(5).numFmt, 'dd.mm.yyyy');
      }
    });
    assert.equal(sheet.getRow(headerRow + table.rows.length).font?.bold, true, 'the totals row bold');
    const chart = wb.worksheets[1]!;
    const values: unknown[] = [];
    chart.eachRow((row) => {
      if (typeof row.getCell(2).value === 'number') values.push(row.getCell(2).value);
    });
    assert.deepEqual(values, table.rows.filter((x) => x.mark !== 'total').map((x) => x.cells.students), 'the chart\'s figures on their sheet');
  });

  it('a report of many parts: one sheet per part, names unique and at most 31 characters', async () => {
    const names = sheetNames(['Константинопольский Александр Владимирович, 10А', 'Константинопольский Александр Владимирович, 10А', 'a/b:c']);
    assert.equal(names[0], 'Константинопольский Александр В');
    assert.match(names[1]!, /^Константинопольский Алекс\S* \(2\)$/);
    assert.equal(names[2], 'a b c');
    for (const n of names) assert.ok(n.length <= 31, n);
    const ct = await calls.signIn('classteacher');
    const x = await calls.ok<{ base64: string }>(ct, 'reports.exportFile', { name: 'test-class', params: { classId: classOfCt }, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    assert.equal(wb.worksheets.length, 3);
    for (const s of wb.worksheets) assert.ok(s.name.length <= 31);
  });
});

describe('a report as PDF, entered in the register of printed documents', () => {
  it('prints the title, the figures, the rules, the chart\'s labels and the document number; the register lists it by number and title', async () => {
    const deputy = await calls.signIn('deputy');
    const before = Number((await db.knex('print_register').count('id as n').first())!.n);
    const r = await calls.ok<ReportResult>(deputy, 'reports.run', { name: 'test-roster', params: { periodId: q1 } });
    const x = await calls.ok<{ fileName: string; base64: string; docNo: string; pages: number; file: string }>(deputy, 'reports.exportFile', { name: 'test-roster', params: { periodId: q1 }, format: 'pdf' });
    assert.ok(x.docNo && x.pages >= 1);
    const text = pdfText(pdfFile(x.base64, 'roster.pdf'));
    assert.match(text, /НАПОЛНЯЕМОСТЬ КЛАССОВ \(ТЕСТ\)/);
    assert.ok(text.includes(r.subtitle), 'what it covers');
    assert.ok(text.includes('Доля = учеников в классе / учеников в школе × 100.'), 'the rule shown');
    assert.ok(squeeze(text).includes(squeeze(`Документ № ${x.docNo}`)), 'the number in the footer');
    const table = r.parts[0]!.sections[0]! as Extract<ReportResult['parts'][0]['sections'][0], { kind: 'table' }>;
    for (const row of table.rows) assert.ok(text.includes(String(row.cells.name)), `${row.cells.name}`);
    assert.ok(text.includes('3,46'), 'a decimal with two digits and a comma');
    assert.ok(text.includes('Учеников по классам'), 'the chart\'s title');
    assert.ok(squeeze(text).includes('уч.'), 'the chart\'s axis, drawn from its SVG, as text in the PDF');
    assert.ok(text.includes('Заместитель директора'), 'the signature line');
    const entry = (await db.knex('print_register').where({ doc_no: x.docNo }).first())!;
    assert.equal(Number((await db.knex('print_register').count('id as n').first())!.n), before + 1);
    assert.equal(entry.kind, 'report');
    assert.equal(entry.report_name, 'test-roster');
    assert.deepEqual(JSON.parse(entry.report_params), { periodId: q1 });
    assert.equal(entry.class_id, null);
    assert.equal(entry.period_id, q1);
    assert.equal(entry.pages, x.pages);
    assert.ok(fs.existsSync(x.file), 'the file in the print folder');
    // The secretary sees it in the register: by number and title.
    const secretary = await calls.signIn('secretary');
    const reg = await calls.ok<{ docNo: string; kindTitle: string; title: string }[]>(secretary, 'print.register', {});
    const listed = reg.find((e) => e.docNo === x.docNo);
    assert.ok(listed, 'listed in the register');
    assert.match(listed.title, /^Наполняемость классов \(тест\)/);
    assert.equal(listed.kindTitle, 'Отчёт «Наполняемость классов (тест)»');
    const printed = await calls.ok<{ docNo: string }[]>(secretary, 'reports.register', {});
    assert.ok(printed.some((e) => e.docNo === x.docNo));
  });

  it('a class teacher prints their class\'s report (one part a page) and it is registered; another class is refused and nothing is written', async () => {
    const ct = await calls.signIn('classteacher');
    const count = async () => Number((await db.knex('print_register').count('id as n').first())!.n);
    const before = await count();
    const p = await calls.ok<{ docNo: string; pages: number; file: string }>(ct, 'reports.print', { name: 'test-class', params: { classId: classOfCt } });
    assert.equal(p.pages, 3, 'one student a page');
    const first = pdfText(p.file, 1);
    const second = pdfText(p.file, 2);
    const names: { last_name: string }[] = await db.knex('enrolment as e').join('student as s', 's.id', 'e.student_id').where('e.class_id', classOfCt).whereNull('e.ends_on')
      .orderBy(['s.last_name', 's.first_name']).limit(2).select('s.last_name');
    assert.ok(first.includes(names[0]!.last_name) && !first.includes(names[1]!.last_name), 'only that child on the page');
    assert.ok(second.includes(names[1]!.last_name));
    assert.ok(first.includes('Отметок нет.'), 'an empty table says so');
    assert.equal(await count(), before + 1);
    assert.equal(await calls.refused(ct, 'reports.print', { name: 'test-class', params: { classId: otherClass } }), 'FORBIDDEN');
    assert.equal(await calls.refused(ct, 'reports.exportFile', { name: 'test-class', params: { classId: otherClass }, format: 'pdf' }), 'FORBIDDEN');
    assert.equal(await count(), before + 1, 'nothing written on refusal');
  });

  it('a long table breaks across pages with its header row repeated', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ cells: { n: i + 1, name: `Строка ${i + 1}` } }));
    const long: ReportResult = {
      name: 'long', title: 'Длинный отчёт', subtitle: 'проверка переноса', params: {}, notes: [],
      parts: [{ title: '', sections: [{ kind: 'table', title: 'Строки', empty: '', columns: [{ key: 'n', title: 'Номер строки', kind: 'int' }, { key: 'name', title: 'Название', kind: 'text' }], rows }] }],
    };
    const doc = composeReport(long, { docNo: 'T-1', printedOn: '2026-11-23', schoolName: 'Школа' }, () => '');
    assert.ok(doc.pages.length >= 3);
    const f = path.join(tmpDir(), 'long.pdf');
    fs.writeFileSync(f, await renderPdf(doc));
    for (let pg = 1; pg <= doc.pages.length; pg++) assert.ok(pdfText(f, pg).includes('Номер строки'), `the header on page ${pg}`);
    assert.ok(pdfText(f, 2).includes('Строки (продолжение)'));
    const all = pdfText(f);
    for (const r of [1, 60, 120]) assert.ok(all.includes(`Строка ${r}`), `row ${r}`);
    assert.equal(doc.sheets.length, doc.pages.length);
  });
});

/** `journal …` in this process (so the reports declared here are known): its JSON and exit code. */
async function journalJson(...argv: string[]): Promise<{ code: number; json: Json }> {
  const { code, out } = await journalHere(...argv);
  return { code, json: JSON.parse(out) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('journal report (the command line)', () => {
  const registerRows = async () => Number((await db.knex('print_register').count('id as n').first())!.n);

  it('--list names every report with its options', async () => {
    const r = await journalJson('report', '--list');
    assert.equal(r.code, 0);
    const roster = r.json.reports.find((x: Json) => x.name === 'test-roster');
    assert.deepEqual(roster.options.map((o: Json) => [o.option, o.required]), [['--period', true], ['--grade', false]]);
    for (const d of REPORTS) assert.ok(r.json.reports.some((x: Json) => x.name === d.name), d.name);
  });

  it('json, xlsx and pdf of a report, as the system; the PDF in the register', async () => {
    const dir = tmpDir();
    const json = await journalJson('report', 'test-roster', '--db', demoFile, '--period', q1, '--grade', '5', '--format', 'json', '--out', path.join(dir, 'r.json'));
    assert.equal(json.code, 0, JSON.stringify(json.json));
    const r = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')) as ReportResult;
    assert.deepEqual(r.params, { periodId: q1, grade: 5 });
    const table = r.parts[0]!.sections[0] as Extract<ReportResult['parts'][0]['sections'][0], { kind: 'table' }>;
    const fives = (await db.knex('class').where({ grade: 5 }).select('name')).map((c: { name: string }) => c.name).sort();
    assert.deepEqual(table.rows.filter((x) => x.mark !== 'total').map((x) => x.cells.name).sort(), fives, 'the slice asked for');

    const xlsx = await journalJson('report', 'test-roster', '--db', demoFile, '--period', q1, '--format', 'xlsx', '--out', path.join(dir, 'r.xlsx'));
    assert.equal(xlsx.code, 0, JSON.stringify(xlsx.json));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'r.xlsx'));
    assert.equal(wb.worksheets[0]!.getCell('A1').value, 'Наполняемость классов (тест)');

    const before = await registerRows();
    const pdf = await journalJson('report', 'test-roster', '--db', demoFile, '--period', q1, '--format', 'pdf', '--out', path.join(dir, 'r.pdf'), '--date', '2026-11-23');
    assert.equal(pdf.code, 0, JSON.stringify(pdf.json));
    assert.ok(pdf.json.docNo);
    assert.equal(pdf.json.registered.status, 'current');
    assert.equal(await registerRows(), before + 1);
    const entry = await db.knex('print_register').where({ doc_no: pdf.json.docNo }).first();
    assert.equal(entry.printed_by, null, 'the command line prints as the system');
    assert.ok(squeeze(pdfText(path.join(dir, 'r.pdf'))).includes(squeeze(`Документ № ${pdf.json.docNo} от 23.11.2026`)));
  });

  it('with --user it has that user\'s access: a class teacher gets a class by its name and is refused another', async () => {
    const dir = tmpDir();
    const own = (await db.knex('class').where({ id: classOfCt }).first('name')).name as string;
    const other = (await db.knex('class').where({ id: otherClass }).first('name')).name as string;
    const ok = await journalJson('report', 'test-class', '--db', demoFile, '--class', own, '--format', 'json', '--user', 'classteacher', '--password', 'demo');
    assert.equal(ok.code, 0, JSON.stringify(ok.json));
    assert.equal(ok.json.params.classId, classOfCt);
    const refused = await journalJson('report', 'test-class', '--db', demoFile, '--class', other, '--format', 'pdf', '--out', path.join(dir, 'x.pdf'), '--user', 'classteacher', '--password', 'demo');
    assert.equal(refused.code, 1);
    assert.equal(refused.json.error.code, 'FORBIDDEN');
    assert.ok(!fs.existsSync(path.join(dir, 'x.pdf')));
  });

  it('errors as JSON with a code, and nothing written', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'no.pdf');
    const before = await registerRows();
    const cases: [string[], string][] = [
      [['report', 'no-such', '--db', demoFile, '--format', 'json'], 'REPORT_UNKNOWN'],
      [['report', 'test-roster', '--db', demoFile, '--format', 'pdf', '--out', out], 'REPORT_BAD_PARAMS'],
      [['report', 'test-roster', '--db', demoFile, '--period', q1, '--class', '5А', '--format', 'pdf', '--out', out], 'REPORT_BAD_PARAMS'],
      [['report', 'test-roster', '--db', demoFile, '--period', 'nope', '--format', 'pdf', '--out', out], 'REPORT_NOT_FOUND'],
      [['report', 'test-roster', '--db', demoFile, '--period', q1, '--format', 'doc', '--out', out], 'USAGE'],
      [['report', 'test-roster', '--db', demoFile, '--period', q1, '--format', 'pdf'], 'USAGE'],
      [['report', 'test-roster', '--db', demoFile, '--period', q1, '--format', 'pdf', '--out', path.join(dir, 'a.xlsx')], 'USAGE'],
      [['report', 'test-roster', '--db', demoFile, '--period', q1, '--from', '01.11.2026', '--format', 'json'], 'USAGE'],
      [['report', 'test-roster', '--db', path.join(dir, 'none.sqlite'), '--period', q1, '--format', 'json'], 'DB_NOT_FOUND'],
    ];
    for (const [argv, code] of cases) {
      const r = await journalJson(...argv);
      assert.equal(r.code, 1, argv.join(' '));
      assert.equal(r.json.error.code, code, `${argv.join(' ')}: ${JSON.stringify(r.json)}`);
      assert.match(r.json.error.message, /[А-Яа-яЁё]/, 'in Russian');
    }
    assert.ok(!fs.existsSync(out), 'no file');
    assert.equal(await registerRows(), before, 'nothing in the register');
  });
});

describe('who is offered «Отчёты»', () => {
  it('reportReaders is every role some report of the registry admits, no more and no less', () => {
    const admitted = new Set(REPORTS.flatMap((d) => [...rolesOf(d.access)]));
    assert.deepEqual([...rolesOf('reportReaders')].sort(), [...admitted].sort());
  });
});

describe('every report of the registry through the outputs', () => {
  /** The parameters a report takes, for the class teacher's class and its period (or the dates of it). */
  async function paramsFor(d: (typeof REPORTS)[number]): Promise<Record<string, unknown>> {
    const cls = await db.knex('class').where({ id: classOfCt }).first('grade', 'year_id');
    const periods: { id: string; starts_on: string; ends_on: string }[] = await db.knex('period').where({ year_id: cls.year_id }).whereNot({ kind: 'year' })
      .where('grade_from', '<=', cls.grade).where('grade_to', '>=', cls.grade).orderBy('starts_on').select('id', 'starts_on', 'ends_on');
    const period = periods.find((p) => p.starts_on <= '2026-11-23' && '2026-11-23' <= p.ends_on) ?? periods[0]!;
    const p: Record<string, unknown> = {};
    if (d.params.classId) p.classId = classOfCt;
    if (d.params.periodId) p.periodId = period.id;
    else if (d.params.from) {
      p.from = period.starts_on;
      p.to = '2026-11-22';
    }
    if (d.params.from === 'required' && p.from === undefined) {
      p.from = '2026-11-16';
      p.to = '2026-11-22';
    }
    return p;
  }

  it('R-REP-1…7: each report\'s workbook holds the same values as its result, its PDF has its title and number, and a check of the copy says it matches', async (t) => {
    const deputy = await calls.signIn('deputy');
    for (const d of REPORTS) {
      await t.test(d.name, async () => {
        const params = await paramsFor(d);
        const r = await calls.ok<ReportResult>(deputy, 'reports.run', { name: d.name, params });
        const x = await calls.ok<{ base64: string }>(deputy, 'reports.exportFile', { name: d.name, params, format: 'xlsx' });
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
        const parts = r.parts.length || 1;
        assert.ok(wb.worksheets.length >= parts, `${d.name}: a sheet per part`);
        r.parts.forEach((part, pi) => {
          const sheet = wb.worksheets[pi]!;
          let at = 1;
          for (const s of part.sections) {
            if (s.kind !== 'table' || s.rows.length === 0) continue;
            // The header row of this table, after the previous one.
            const heads = s.columns.map((c) => c.title);
            while (at <= sheet.rowCount && JSON.stringify((sheet.getRow(at).values as unknown[]).slice(1, heads.length + 1)) !== JSON.stringify(heads)) at++;
            assert.ok(at <= sheet.rowCount, `${d.name}: the table «${s.title}» on sheet ${sheet.name}`);
            s.rows.forEach((row, ri) => {
              const xr = sheet.getRow(at + 1 + ri);
              s.columns.forEach((c, ci) => {
                const want = xlsxValue(c.kind, row.cells[c.key] ?? null);
                const got = xr.getCell(ci + 1).value;
                if (want instanceof Date) assert.equal((got as Date).toISOString(), want.toISOString(), `${d.name}/${s.title}: ${c.title}`);
                else assert.equal(got ?? null, want, `${d.name}/${s.title} row ${ri + 1}: ${c.title}`);
              });
            });
            at += 1 + s.rows.length;
          }
        });
        const pdf = await calls.ok<{ base64: string; docNo: string; pages: number }>(deputy, 'reports.exportFile', { name: d.name, params, format: 'pdf' });
        assert.ok(pdf.pages >= parts, `${d.name}: a part a page at least`);
        const text = squeeze(pdfText(pdfFile(pdf.base64, `${d.name}.pdf`)));
        assert.ok(text.includes(squeeze(r.title.toLocaleUpperCase('ru'))), `${d.name}: its title`);
        assert.ok(text.includes(squeeze(`Документ № ${pdf.docNo}`)), `${d.name}: its number`);
        for (const part of r.parts) if (part.title) assert.ok(text.includes(squeeze(part.title)), `${d.name}: ${part.title}`);
        const check = await calls.ok<{ status: string }>(deputy, 'print.verify', { docNo: pdf.docNo });
        assert.equal(check.status, 'current', `${d.name}: the copy matches the journal`);
      });
    }
  });
});

describe('a report of dates in the register', () => {
  it('is listed under each period its dates meet, and under no other', async () => {
    const remove = addReportForTests(declareReport({
      name: 'test-dates', title: 'Отчёт за даты (тест)', description: 'Даты.', params: { from: 'required', to: 'required' }, access: 'controllers',
      async build(_k, params) {
        return { name: 'test-dates', title: 'Отчёт за даты (тест)', subtitle: `${params.from}–${params.to}`, params, notes: [], parts: [{ title: '', sections: [{ kind: 'text', lines: ['Строка.'] }] }] };
      },
    }));
    try {
      const periods: { id: string; starts_on: string; ends_on: string }[] = await db.knex('period').where({ kind: 'quarter' }).where('grade_to', '<=', 9).orderBy('starts_on').select('id', 'starts_on', 'ends_on');
      const [first, second] = periods;
      const deputy = await calls.signIn('deputy');
      const p = await calls.ok<{ docNo: string }>(deputy, 'reports.print', { name: 'test-dates', params: { from: first!.starts_on, to: first!.ends_on } });
      const under = async (periodId: string) => (await calls.ok<{ docNo: string; kindTitle: string }[]>(deputy, 'print.register', { periodId })).filter((e) => e.docNo === p.docNo);
      assert.equal((await under(first!.id)).length, 1);
      assert.equal((await under(first!.id))[0]!.kindTitle, 'Отчёт «Отчёт за даты (тест)»');
      assert.equal((await under(second!.id)).length, 0);
      const entry = await db.knex('print_register').where({ doc_no: p.docNo }).first('class_id', 'period_id');
      assert.deepEqual(entry, { class_id: null, period_id: null });
    } finally {
      remove();
    }
  });
});
