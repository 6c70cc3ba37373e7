// The school results report (issue 14 "Speed", R-REP-4), measured side by side against its
// honest limit:
//   app  the `results` report's builder (db/reports/results.ts) for the whole school and the
//        last term period of grades 2–9 that has ended by the demo's day: what reports.run and
//        `journal report results` run — the classes' figures with the lists by name, the
//        subjects', the teachers', the leavers, and the earlier periods of the year for the
//        comparison and the chart
//   raw  ONE hand-written SQL statement on a plain sqlite3 connection (bench/raw-sqlite.ts,
//        the app's pragmas) computing the same figures: per class and period (every period of
//        the chart) the students by their lowest period mark, ОСВ, without a mark and the
//        sum of marks; per subject and per teacher the period marks of the period; the leavers
// Runs interleaved (app, raw, app, raw…), reports the medians, their ratio (goal: at most 3x)
// and the peak resident memory while the report runs (goal: under 300 MB). The school's
// totals of both are compared first, so the baseline computes the same thing.
//   npm run bench:reports -- --only results [--db FILE] [--today 2027-06-20] [--students 3000] [--runs 5]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openJournal } from '../db/journal-db';
import { buildResults } from '../db/reports/results';
import type { ReportResult, ReportTable } from '../shared/report-model';
import { reportBenchFile } from './report-control';
import { RawDb } from './raw-sqlite';
import { sideBySide, summarize } from './stats';

export interface ResultsBenchOptions {
  /** An existing demo file (not changed); without it the largest demo is made. */
  readonly db?: string;
  readonly today?: string;
  readonly students?: number;
  readonly runs?: number;
  readonly log?: (line: string) => void;
}

export interface ResultsBenchResult {
  readonly id: 'report:results';
  readonly what: string;
  readonly baseline: string;
  readonly statistic: 'p50';
  readonly appMs: number;
  readonly baselineMs: number;
  /** appMs / baselineMs (goal: at most 3). */
  readonly ratio: number;
  readonly goal: 3;
  /** The process's peak resident memory while the report ran, MB (goal: under 300). */
  readonly peakMemoryMB: number;
  readonly memoryGoalMB: 300;
  readonly met: boolean;
  readonly extra: { readonly period: string; readonly classes: number; readonly students: number; readonly periodMarks: number; readonly file: string };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The baseline: every figure of the school's results in one statement. :targets holds the
 * classes of each period of the chart ({p, e, c}: period, its last day, class); :period is
 * the period asked for, :starts its first day.
 */
const BASELINE_SQL = `
WITH target AS (
  SELECT json_extract(value, '$.p') AS period_id, json_extract(value, '$.e') AS ends_on, json_extract(value, '$.c') AS class_id FROM json_each(:targets)),
roll AS (
  SELECT t.period_id, t.ends_on, t.class_id, e.student_id FROM target t
  CROSS JOIN enrolment e ON e.class_id = t.class_id AND e.starts_on <= t.ends_on AND (e.ends_on IS NULL OR e.ends_on >= t.ends_on)),
per_student AS (
  SELECT r.period_id, r.class_id, r.student_id,
    coalesce(sum(m.value = '5'), 0) AS n5, coalesce(sum(m.value = '4'), 0) AS n4, coalesce(sum(m.value = '3'), 0) AS n3,
    coalesce(sum(m.value IN ('1', '2')), 0) AS n2, coalesce(sum(m.value = 'Н/А'), 0) AS nna, coalesce(sum(m.value = 'ОСВ'), 0) AS nosv,
    coalesce(sum(CASE WHEN m.value IN ('1', '2', '3', '4', '5') THEN CAST(m.value AS INTEGER) END), 0) AS msum,
    coalesce(sum(m.value IN ('1', '2', '3', '4', '5')), 0) AS mcount
  FROM roll r LEFT JOIN period_mark m ON m.period_id = r.period_id AND m.student_id = r.student_id AND m.value IS NOT NULL
  GROUP BY r.period_id, r.class_id, r.student_id),
marks AS (
  SELECT r.class_id, r.ends_on, r.student_id, m.subject_id, m.value FROM roll r
  CROSS JOIN period_mark m ON m.period_id = r.period_id AND m.student_id = r.student_id AND m.value IS NOT NULL
  WHERE r.period_id = :period)
SELECT 'class' AS what, period_id AS id, class_id AS sub, count(*) AS roll,
  sum(nna > 0) AS nNa, sum(nna = 0 AND n2 > 0) AS n2, sum(nna = 0 AND n2 = 0 AND n3 > 0) AS n3,
  sum(nna = 0 AND n2 = 0 AND n3 = 0 AND n4 > 0) AS n4, sum(nna = 0 AND n2 = 0 AND n3 = 0 AND n4 = 0 AND n5 > 0) AS n5,
  sum(n5 + n4 + n3 + n2 + nna = 0 AND nosv > 0) AS exempt,
  sum(CASE WHEN n5 + n4 + n3 + n2 + nna > 0 THEN msum ELSE 0 END) AS msum, sum(CASE WHEN n5 + n4 + n3 + n2 + nna > 0 THEN mcount ELSE 0 END) AS mcount
FROM per_student GROUP BY period_id, class_id
UNION ALL
SELECT 'subject', subject_id, NULL, count(*), sum(value = 'Н/А'), sum(value IN ('1', '2')), sum(value = '3'), sum(value = '4'), sum(value = '5'), sum(value = 'ОСВ'),
  coalesce(sum(CASE WHEN value IN ('1', '2', '3', '4', '5') THEN CAST(value AS INTEGER) END), 0), sum(value IN ('1', '2', '3', '4', '5'))
FROM marks GROUP BY subject_id
UNION ALL
SELECT 'teacher', a.teacher_id, NULL, count(*), sum(x.value = 'Н/А'), sum(x.value IN ('1', '2')), sum(x.value = '3'), sum(x.value = '4'), sum(x.value = '5'), sum(x.value = 'ОСВ'),
  coalesce(sum(CASE WHEN x.value IN ('1', '2', '3', '4', '5') THEN CAST(x.value AS INTEGER) END), 0), sum(x.value IN ('1', '2', '3', '4', '5'))
FROM marks x JOIN teaching_assignment a ON a.class_id = x.class_id AND a.subject_id = x.subject_id
  AND a.starts_on <= x.ends_on AND (a.ends_on IS NULL OR a.ends_on >= x.ends_on)
  AND (a.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g WHERE g.subgroup_id = a.subgroup_id AND g.student_id = x.student_id
    AND g.starts_on <= x.ends_on AND (g.ends_on IS NULL OR g.ends_on >= x.ends_on)))
GROUP BY a.teacher_id
UNION ALL
SELECT 'left', t.class_id, NULL, count(DISTINCT e.student_id), 0, 0, 0, 0, 0, 0, 0, 0 FROM target t
CROSS JOIN enrolment e ON e.class_id = t.class_id AND e.ends_on IS NOT NULL AND e.ends_on >= :starts AND e.ends_on < t.ends_on AND e.starts_on <= t.ends_on
WHERE t.period_id = :period AND NOT EXISTS (SELECT 1 FROM enrolment x WHERE x.student_id = e.student_id AND x.class_id = t.class_id
  AND x.starts_on <= t.ends_on AND (x.ends_on IS NULL OR x.ends_on >= t.ends_on))
GROUP BY t.class_id`;

interface BaselineRow { what: string; id: string; sub: string | null; roll: number; nNa: number; n2: number; n3: number; n4: number; n5: number; exempt: number; msum: number; mcount: number }

const table = (r: ReportResult, title: RegExp): ReportTable => r.parts[0]!.sections.find((s): s is ReportTable => s.kind === 'table' && title.test(s.title))!;

export async function benchResults(opts: ResultsBenchOptions = {}): Promise<ResultsBenchResult> {
  const log = opts.log ?? (() => undefined);
  const today = opts.today ?? '2027-06-20';
  const students = opts.students ?? 3000;
  const runs = opts.runs ?? 5;
  const file = reportBenchFile(opts.db, today, students, log);
  const db = await openJournal(file, { mustExist: true });
  const raw = await RawDb.open(file);
  try {
    // The last quarter (grades 2–9) that has ended by the day, the school's whole results.
    const period = await db.knex('period').where({ kind: 'quarter' }).where('ends_on', '<', today).orderBy('ends_on', 'desc')
      .first('id', 'year_id', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to');
    if (!period) throw new Error('the demo has no ended quarter');
    const chart: { id: string; ends_on: string; grade_from: number; grade_to: number }[] = await db.knex('period')
      .where({ year_id: period.year_id, kind: 'quarter' }).where('number', '<=', period.number).select('id', 'ends_on', 'grade_from', 'grade_to');
    const targets: { p: string; e: string; c: string }[] = [];
    for (const p of chart) {
      const classes: { id: string }[] = await db.knex('class').where({ year_id: period.year_id }).whereBetween('grade', [Math.max(2, p.grade_from), p.grade_to]).select('id');
      for (const c of classes) targets.push({ p: p.id, e: p.ends_on, c: c.id });
    }
    const params = { periodId: period.id as string };
    const ctx = { today, user: { id: 'bench', roles: ['deputy' as const] } };
    const app = () => buildResults(db.knex, params, ctx);
    const bindings = { ':targets': JSON.stringify(targets), ':period': period.id, ':starts': period.starts_on };
    const baseline = () => raw.all<BaselineRow>(BASELINE_SQL, bindings as unknown as unknown[]);

    // The same figures: the school's totals and the subjects' counts of both.
    const [report, rows] = [await app(), await baseline()];
    const school = table(report, /По классам/).rows.find((x) => x.cells.name === 'Всего по школе')!.cells;
    const own = rows.filter((r) => r.what === 'class' && r.id === period.id);
    const sum = (xs: BaselineRow[], k: keyof BaselineRow) => xs.reduce((s, r) => s + Number(r[k]), 0);
    const same: Record<string, [unknown, number]> = {
      n5: [school.n5, sum(own, 'n5')], n4: [school.n4, sum(own, 'n4')], n3: [school.n3, sum(own, 'n3')], n2: [school.n2, sum(own, 'n2')], nNa: [school.nNa, sum(own, 'nNa')],
      roll: [school.roll, sum(own, 'roll')], left: [school.left, sum(rows.filter((r) => r.what === 'left'), 'roll')],
      subjectMarks: [table(report, /По предметам/).rows.reduce((s, r) => s + Number(r.cells.n) + Number(r.cells.exempt), 0), sum(rows.filter((r) => r.what === 'subject'), 'roll')],
      teacherMarks: [table(report, /По учителям/).rows.reduce((s, r) => s + Number(r.cells.n) + Number(r.cells.exempt), 0), sum(rows.filter((r) => r.what === 'teacher'), 'roll')],
    };
    for (const [k, [a, b]] of Object.entries(same)) if (a !== b) throw new Error(`the baseline counts ${k} ${b}, the report ${String(a)}: not the same figures`);
    log(`same totals: ${JSON.stringify(same)}; targets ${targets.length}`);

    let peak = process.memoryUsage.rss();
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
    const [appTimes, rawTimes] = await sideBySide(runs, async () => { await app(); peak = Math.max(peak, process.memoryUsage.rss()); }, baseline);
    clearInterval(timer);
    const appMs = summarize(appTimes).p50;
    const baselineMs = summarize(rawTimes).p50;
    const ratio = appMs / baselineMs;
    const peakMemoryMB = peak / 2 ** 20;
    const counts = await db.knex.raw(`SELECT (SELECT count(*) FROM period_mark) AS pm, (SELECT count(*) FROM student) AS st`) as { pm: number; st: number }[];
    return {
      id: 'report:results',
      what: `the school results report for ${period.name} ${period.starts_on}…${period.ends_on} (reports.run's builder)`,
      baseline: 'one hand-written SQL statement computing the same figures (classes over the chart\'s periods, subjects, teachers, leavers) on a plain sqlite3 connection',
      statistic: 'p50', appMs: round(appMs), baselineMs: round(baselineMs), ratio: round(ratio), goal: 3,
      peakMemoryMB: round(peakMemoryMB, 1), memoryGoalMB: 300, met: ratio <= 3 && peakMemoryMB < 300,
      extra: { period: period.id, classes: own.length, students: counts[0]!.st, periodMarks: counts[0]!.pm, file },
    };
  } finally {
    await raw.close();
    await db.close();
  }
}

const started = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (started === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, today: { type: 'string' }, students: { type: 'string' }, runs: { type: 'string' } } });
  const r = await benchResults({ db: values.db, today: values.today, students: values.students ? Number(values.students) : undefined, runs: values.runs ? Number(values.runs) : undefined, log: (l) => console.log(l) });
  console.log(JSON.stringify(r, null, 2));
}
