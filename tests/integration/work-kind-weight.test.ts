// Weights of the kinds of work (issue 14 point 4, R-REC-2): a school setting on the list of
// kinds of work (default 1, more than 0), set by the administrator; where any kind weighs
// other than 1, the journal page and the day-1 check of the certification (R-PRINT-2) show
// the weighted average beside the plain one. Known answers on a small school built by hand;
// the service's access and validation on the demo school.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { getAssignment } from '../../db/queries/assignments';
import { readJournalPage } from '../../db/queries/journal-page';
import type { PeriodRow } from '../../db/queries/year';
import { checkPeriodMarks } from '../../service/certification/mark-check';
import type { PeriodInfo } from '../../service/certification/state';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { serviceCalls } from '../helpers/service-calls';
import { buildSmallSchool, marks, periodMarks, put, S } from '../helpers/small-school';
import { tmpDir } from '../helpers/tmp';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('weights of the kinds of work on a small school (issue 14 point 4)', () => {
  let db: JournalDb;
  before(async () => {
    db = await openJournal(path.join(tmpDir('weights-'), 'j.sqlite'));
    await buildSmallSchool(db);
    await put(db, 'work_kind', [{ id: S.wkK, weight: 2 }]);
    // 7А mathematics, 2nd quarter: Антонов 5 (oral) and 3 (контрольная, weight 2); Борисова 4 and 4.
    await marks(db, [
      [S.antonov, S.a7aMath, '2026-11-05', '5'], [S.antonov, S.a7aMath, '2026-11-12', '3', S.wkK],
      [S.borisova, S.a7aMath, '2026-11-05', '4'], [S.borisova, S.a7aMath, '2026-11-12', '4', S.wkK],
    ]);
    await periodMarks(db, S.q2, S.c7a, [[S.antonov, S.math, '5'], [S.borisova, S.math, '4']]);
  });
  after(() => db.close());

  const page = async () => {
    const a = await getAssignment(db.knex, S.a7aMath);
    const period: PeriodRow = await db.knex('period').where({ id: S.q2 }).first();
    return readJournalPage(db.knex, a!, period);
  };
  const statOf = (p: Awaited<ReturnType<typeof page>>, id: string) => p.stats.find((s) => s.studentId === id)!;

  it('R-REC-2: where a kind weighs other than 1 the page gives the weighted average beside the plain one', async () => {
    const p = await page();
    assert.equal(p.weighted, true);
    // (5·1 + 3·2) / 3 = 3,67; plain (5 + 3) / 2 = 4.
    assert.deepEqual(statOf(p, S.antonov), { studentId: S.antonov, average: 3.67, plainAverage: 4, count: 2 });
    assert.deepEqual(statOf(p, S.borisova), { studentId: S.borisova, average: 4, plainAverage: 4, count: 2 });
    assert.deepEqual(statOf(p, S.egorov), { studentId: S.egorov, average: null, plainAverage: null, count: 0 });
  });

  it('R-PRINT-2, R-REC-2: the day-1 check shows both averages where weights are set', async () => {
    const a = await getAssignment(db.knex, S.a7aMath);
    const period: PeriodInfo = await db.knex('period as p').join('academic_year as y', 'y.id', 'p.year_id').where('p.id', S.q2)
      .first('p.id', 'p.year_id', 'p.kind', 'p.name', 'p.starts_on', 'p.ends_on', 'p.grade_from', 'p.grade_to', 'y.name as year_name');
    const check = await checkPeriodMarks(db.knex, a!, period, true);
    assert.equal(check.weighted, true);
    const far = check.issues.find((i) => i.studentId === S.antonov && i.kind === 'farFromAverage');
    assert.ok(far, 'a «5» on a weighted 3,67 is doubtful');
    assert.equal(far.average, 3.67);
    assert.equal(far.plainAverage, 4);
    assert.match(far.text, /среднего взвешенного балла 3,67 \(без весов 4,00\)/);
    const missing = check.issues.find((i) => i.studentId === S.vasiliev && i.kind === 'missing');
    assert.ok(missing);
    assert.equal(missing.plainAverage, null);
  });

  it('R-REC-2: with every weight 1 there is one average (the plain one) and the page says so', async () => {
    await put(db, 'work_kind', [{ id: S.wkK, weight: 1 }]);
    try {
      const p = await page();
      assert.equal(p.weighted, false);
      assert.deepEqual(statOf(p, S.antonov), { studentId: S.antonov, average: 4, plainAverage: 4, count: 2 });
    } finally {
      await put(db, 'work_kind', [{ id: S.wkK, weight: 2 }]);
    }
  });

  it('a weight is more than 0: the database refuses 0 or less, through the writer too (migration 015)', async () => {
    await assert.rejects(db.knex('work_kind').where({ id: S.wkK }).update({ weight: 0 }), /CHECK/);
    await assert.rejects(put(db, 'work_kind', [{ id: S.wkU, weight: -1 }]), /CHECK|weight/);
    await assert.rejects(put(db, 'work_kind', [{ id: 'wk-new', code: 'Н0', name: 'Нулевой', written: 0, weight: 0 }]), /CHECK|weight/);
    assert.equal((await db.knex('work_kind').where({ id: S.wkK }).first('weight')).weight, 2, 'unchanged');
  });
});

describe('weights through the service on the demo school (issue 14 point 4)', () => {
  let db: JournalDb;
  let host: ServiceHost;
  const { signIn, ok, refused } = serviceCalls(() => host);
  before(async () => {
    db = await openJournal(await makeDemoFile(120, 3));
    host = new ServiceHost(db, { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  });
  after(() => db.close());

  it('R-ROLE-6: only the administrator sets a weight, from 0,5 to 5; the list shows it', async () => {
    const admin = await signIn('admin');
    const kinds = await ok<Json[]>(admin, 'workKind.list', {});
    const oral = kinds.find((k) => k.code === 'У')!;
    assert.equal(await refused(await signIn('teacher'), 'workKind.save', { ...oral, weight: 2 }), 'FORBIDDEN');
    assert.equal(await refused(admin, 'workKind.save', { id: oral.id, code: oral.code, name: oral.name, written: oral.written, weight: 0, retired: false }), 'VALIDATION');
    assert.equal(await refused(admin, 'workKind.save', { id: oral.id, code: oral.code, name: oral.name, written: oral.written, weight: -1, retired: false }), 'VALIDATION');
    await ok(admin, 'workKind.save', { id: oral.id, code: oral.code, name: oral.name, written: oral.written, weight: 1.5, retired: false });
    assert.equal((await ok<Json[]>(admin, 'workKind.list', {})).find((k) => k.id === oral.id)!.weight, 1.5);
    await ok(admin, 'workKind.save', { id: oral.id, code: oral.code, name: oral.name, written: oral.written, weight: 1, retired: false });
  });

  it('R-REP-4: the СОУ weights are school settings of the regulation profile: the administrator changes them with a reason, nobody else; 0–100 whole numbers', async () => {
    const admin = await signIn('admin');
    const before = await ok<Json>(admin, 'regulation.get', {});
    assert.deepEqual(
      [before.defaults.souWeight5, before.defaults.souWeight4, before.defaults.souWeight3, before.defaults.souWeight2, before.defaults.souWeightNa],
      [100, 64, 36, 16, 7],
    );
    assert.equal(await refused(await signIn('deputy'), 'regulation.update', { changes: { souWeight3: 40 }, reason: 'приказ № 5' }), 'FORBIDDEN');
    assert.equal(await refused(admin, 'regulation.update', { changes: { souWeight3: 140 }, reason: 'приказ № 5' }), 'VALIDATION');
    assert.equal(await refused(admin, 'regulation.update', { changes: { souWeight3: 36.5 }, reason: 'приказ № 5' }), 'VALIDATION');
    const after = await ok<Json>(admin, 'regulation.update', { changes: { souWeight3: 40 }, reason: 'приказ № 5' });
    assert.equal(after.profile.souWeight3, 40);
    assert.equal((await ok<Json>(await signIn('deputy'), 'regulation.get', {})).profile.souWeight3, 40);
    await ok(admin, 'regulation.update', { changes: { souWeight3: 36 }, reason: 'приказ № 6' });
  });

  it('R-REC-2: the teacher\'s page carries both averages, each computed here from the page\'s own marks and the kinds\' weights', async () => {
    const t = await signIn('teacher');
    const pages = await ok<Json[]>(t, 'journal.pages', {});
    const graded = pages.find((p) => p.grade > 1)!;
    const p = await ok<Json>(t, 'journal.page', { assignmentId: graded.id });
    assert.equal(p.weighted, true, 'the demo school weighs контрольные 2');
    const weights = new Map((await ok<Json[]>(t, 'workKind.list', {})).map((k) => [k.code as string, k.weight as number]));
    let checked = 0;
    for (const s of p.stats as Json[]) {
      const own = (p.marks as Json[]).filter((m) => m.studentId === s.studentId);
      if (own.length === 0) continue;
      const w = own.map((m) => (m.workKind ? weights.get(m.workKind) ?? 1 : 1));
      const weighted = own.reduce((a, m, i) => a + Number(m.value) * w[i]!, 0) / w.reduce((a, b) => a + b, 0);
      const plain = own.reduce((a, m) => a + Number(m.value), 0) / own.length;
      assert.equal(s.average, Math.round(weighted * 100) / 100);
      assert.equal(s.plainAverage, Math.round(plain * 100) / 100);
      checked++;
    }
    assert.ok(checked > 5, 'students with marks on the page');
  });
});
