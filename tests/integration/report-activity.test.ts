// The user-activity report (issue 14 item 2; R-REP-2) on the small school built by hand
// (tests/helpers/report-school.ts): sign-ins through the service (auth.login records them,
// migration 019) and changes through the journal writer at chosen times, counted by hand.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildActivity } from '../../db/reports/activity/build';
import { ReportError } from '../../db/reports/errors';
import type { ReportContext } from '../../db/reports/types';
import type { ReportChart, ReportParams, ReportResult, ReportTable } from '../../shared/report-model';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap, publishSnapshot } from '../../db/sync/snapshot';
import { ServiceHost } from '../../service/host';
import { pdfText, squeeze } from '../helpers/pdf';
import { serviceCalls } from '../helpers/service-calls';
import { fillLesson, PASSWORD, putMark, reportSchool, sheetTable, type ReportSchool } from '../helpers/report-school';
import { SchoolNetwork } from '../helpers/school-network';
import { tmpDir } from '../helpers/tmp';

let s: ReportSchool;
let host: ServiceHost;
let now = new Date('2026-09-07T08:00:00');
const { signIn, ok, refused } = serviceCalls(() => host);
const today = '2026-09-16';
const ctx = (): ReportContext => ({ today, user: { id: 'dep', roles: ['deputy'] } });
const build = (params: ReportParams) => buildActivity(s.db.knex, params, ctx());
const table = (r: ReportResult, title: RegExp) => r.parts[0]!.sections.find((x): x is ReportTable => x.kind === 'table' && title.test(x.title))!;
const cells = (r: ReportResult, title: RegExp) => table(r, title).rows.map((x) => ({ ...x.cells }));
/** Signs in through the service at a local instant. */
const signInAt = async (login: string, instant: string) => {
  now = new Date(`${instant}:00`);
  return signIn(login, PASSWORD);
};

before(async () => {
  s = await reportSchool();
  host = new ServiceHost(s.db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  // The week before: not in the report.
  await signInAt('ivanova', '2026-09-07T09:55');
  s.at('2026-09-07T10:00');
  await fillLesson(s, 't1', 'a1', '2026-09-07', 1, 'Натуральные числа', '№ 1');
  // Monday 14.09: Иванова signs in twice, opens the lesson with its topic and puts two marks (3 changes).
  await signInAt('ivanova', '2026-09-14T10:00');
  s.at('2026-09-14T10:30');
  const l = await fillLesson(s, 't1', 'a1', '2026-09-14', 1, 'Сравнение чисел', '№ 5');
  s.at('2026-09-14T10:40');
  await putMark(s, 't1', l, 's1', '5');
  await putMark(s, 't1', l, 's2', '4');
  await signInAt('ivanova', '2026-09-14T14:00');
  // Tuesday: Петров signs in at 8:00 and fills his lesson at 9:00.
  await signInAt('petrov', '2026-09-15T08:00');
  s.at('2026-09-15T09:00');
  await fillLesson(s, 't2', 'a2', '2026-09-15', 3, 'Падежи', 'упр. 9');
  // Wednesday: the deputy signs in and changes nothing. Сидорова never signs in.
  await signInAt('deputy', '2026-09-16T09:00');
});
after(() => s.db.close());

describe('user activity (R-REP-2)', () => {
  it('R-REP-2: sign-ins and changes per person per day, with the first and last action; a week\'s totals per person, also for those who did nothing', async () => {
    const r = await build({ from: '2026-09-14', to: '2026-09-20' });
    assert.equal(r.name, 'activity');
    assert.equal(r.subtitle, '14.09.2026–20.09.2026');
    assert.deepEqual(cells(r, /^По дням$/), [
      { date: '2026-09-14', person: 'Иванова А. С.', signIns: 2, changes: 3, first: '10:00', last: '14:00' },
      { date: '2026-09-15', person: 'Петров О. И.', signIns: 1, changes: 1, first: '08:00', last: '09:00' },
      { date: '2026-09-16', person: 'Кузнецова И. О.', signIns: 1, changes: 0, first: '09:00', last: '09:00' },
    ]);
    const totals = cells(r, /^Итого по сотрудникам$/);
    assert.deepEqual(totals.map((x) => [x.person, x.days, x.signIns, x.changes, x.lastDay]), [
      ['Иванова А. С.', 1, 2, 3, '2026-09-14'],
      ['Кузнецова И. О.', 1, 1, 0, '2026-09-16'],
      ['Петров О. И.', 1, 1, 1, '2026-09-15'],
      ['Сидорова М. П.', 0, 0, 0, null],
      ['Итого', 3, 4, 4, null],
    ]);
    assert.equal(totals[1]!.roles, 'заместитель директора');
    assert.equal(table(r, /^Итого по сотрудникам$/).rows[3]!.mark, 'risk', 'nobody saw Сидорова in the journal');
    const chart = r.parts[0]!.sections.find((x): x is ReportChart => x.kind === 'chart')!.chart;
    assert.ok(chart.type === 'bars');
    if (chart.type === 'bars') {
      assert.deepEqual(chart.categories, ['14.09', '15.09', '16.09', '17.09', '18.09', '19.09', '20.09']);
      assert.deepEqual(chart.series.map((x) => [x.name, x.values]), [['Изменения', [3, 1, 0, 0, 0, 0, 0]], ['Входы', [2, 1, 1, 0, 0, 0, 0]]]);
    }
  });

  it('R-REP-2: the teachers who have not filled today\'s lessons, each lesson to open on its page', async () => {
    const r = await build({ from: '2026-09-14', to: '2026-09-20' });
    const t = table(r, /^Не заполнили уроки сегодня \(16\.09\.2026\)$/);
    // Wednesday: Иванова's maths in 5А (lesson 2) is due and not recorded; Петров teaches nothing on Wednesdays.
    assert.deepEqual(t.rows.map((x) => ({ ...x.cells })), [{ person: 'Иванова А. С.', due: 1, unfilled: 1 }]);
    const link = t.rows[0]!.links?.unfilled;
    assert.ok(link?.to === 'lessons');
    if (link?.to === 'lessons') assert.deepEqual(link.lessons.map((x) => [x.assignmentId, x.lessonId, x.date]), [['a1', s.lessonId('a1', '2026-09-16', 2), '2026-09-16']]);
    s.at('2026-09-16T11:00');
    await fillLesson(s, 't1', 'a1', '2026-09-16', 2, 'Округление', '№ 9');
    const after = await build({ from: '2026-09-14', to: '2026-09-20' });
    assert.equal(table(after, /^Не заполнили уроки сегодня/).rows.length, 0);
    assert.equal(table(after, /^Не заполнили уроки сегодня/).empty, 'Все сегодняшние уроки заполнены.');
  });

  it('one person\'s activity; bad input: dates outside the year, missing dates, an unknown person; an empty week gives zeros', async () => {
    const one = await build({ from: '2026-09-14', to: '2026-09-20', teacherId: 't2' });
    assert.deepEqual(cells(one, /^По дням$/).map((x) => [x.date, x.person, x.changes]), [['2026-09-15', 'Петров О. И.', 1]]);
    assert.match(one.subtitle, /^Петров О\. И\. · /);
    const quiet = await build({ from: '2026-09-21', to: '2026-09-27' });
    assert.equal(cells(quiet, /^По дням$/).length, 0);
    assert.deepEqual(cells(quiet, /^Итого по сотрудникам$/).at(-1), { person: 'Итого', roles: '', days: 0, signIns: 0, changes: 0, lastDay: null });
    const code = async (p: ReportParams) => { try { await build(p); return 'built'; } catch (e) { assert.ok(e instanceof ReportError); return e.code; } };
    assert.equal(await code({ from: '2026-08-24', to: '2026-08-30' }), 'REPORT_OUTSIDE_YEAR');
    assert.equal(await code({ from: '2026-09-14' }), 'REPORT_BAD_PARAMS');
    assert.equal(await code({ from: '2026-09-14', to: '2026-09-20', teacherId: 'nobody' }), 'REPORT_NOT_FOUND');
  });

  it('through reports.run: the deputy gets it, a teacher is refused; a sign-in changes nothing in the journal\'s history', async () => {
    const log = async () => Number((await s.db.knex('change_log').count('* as n').first())?.n);
    const before = await log();
    const deputy = await signInAt('deputy', '2026-09-16T12:00');
    assert.equal(await log(), before, 'the sign-in is recorded apart from the journal');
    const r = await ok<ReportResult>(deputy, 'reports.run', { name: 'activity', params: { from: '2026-09-14', to: '2026-09-20' } });
    assert.deepEqual(cells(r, /^По дням$/).find((x) => x.person === 'Кузнецова И. О.')?.signIns, 2);
    assert.equal(await refused(await signInAt('petrov', '2026-09-16T12:05'), 'reports.run', { name: 'activity', params: { from: '2026-09-14', to: '2026-09-20' } }), 'FORBIDDEN');
  });

  it('as XLSX read back with exceljs (counts as numbers, days as dates) and as PDF (pdftotext)', async () => {
    const deputy = await signInAt('deputy', '2026-09-16T12:10');
    const params = { from: '2026-09-14', to: '2026-09-20' };
    const r = await ok<ReportResult>(deputy, 'reports.run', { name: 'activity', params });
    const x = await ok<{ base64: string }>(deputy, 'reports.exportFile', { name: 'activity', params, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const days = sheetTable(wb.worksheets[0]!, 'По дням');
    assert.deepEqual(days.map((d) => [(d['Дата'] as Date).toISOString().slice(0, 10), d['Сотрудник'], d['Входов'], d['Изменений']]),
      cells(r, /^По дням$/).map((d) => [d.date, d.person, d.signIns, d.changes]));
    assert.deepEqual(sheetTable(wb.worksheets[0]!, 'Итого по сотрудникам').map((d) => d['Изменений']), [4, 0, 1, 0, 5], 'with today\'s lesson Иванова filled above');
    const p = await ok<{ base64: string }>(deputy, 'reports.exportFile', { name: 'activity', params, format: 'pdf' });
    const file = path.join(tmpDir(), 'activity.pdf');
    fs.writeFileSync(file, Buffer.from(p.base64, 'base64'));
    const text = squeeze(pdfText(file));
    for (const words of ['АКТИВНОСТЬ ПОЛЬЗОВАТЕЛЕЙ', '14.09.2026–20.09.2026', 'Иванова А. С.', 'Сидорова М. П.', 'Не заполнили уроки сегодня (16.09.2026)', 'Входы — успешные входы в программу на этом компьютере.']) {
      assert.ok(text.includes(squeeze(words)), words);
    }
  });

  it('a new computer started from another\'s snapshot does not take over its sign-ins (they were made there)', async () => {
    const net = await SchoolNetwork.create(1);
    try {
      const [pc0] = net.computers;
      const r = await pc0!.host.call(`t:${Math.random()}`, 'auth.login', { login: 'deputy', password: 'demo' });
      assert.ok(r.ok);
      assert.equal(Number((await pc0!.db.knex('sign_in_log').count('* as n').first())!.n), 1);
      await net.cycle(pc0!);
      await publishSnapshot(pc0!.db, pc0!.fs, net.share, () => new Date());
      const file = path.join(net.dir, 'pc1.sqlite');
      await bootstrap(new NodeShareFs(), net.share, file);
      const pc1 = await net.open('pc1', file);
      assert.equal(Number((await pc1.db.knex('sign_in_log').count('* as n').first())!.n), 0);
    } finally {
      for (const c of net.computers) await c.db.close();
    }
  });
});

