// The whole-school journal-control report (issue 14 "Speed"), measured side by side against
// its honest limit:
//   app  the `control` report's builder (db/reports/control) for the whole school over the
//        school year up to the demo's day: what reports.run and `journal report control` run
//   raw  ONE hand-written SQL statement on a plain sqlite3 connection (bench/raw-sqlite.ts,
//        the app's pragmas) computing the same figures per journal page: the lessons due by
//        the timetable (a recursive CTE over the days, the grade's term periods, holidays and
//        non-working days), never recorded, without topic or homework; the roll and each
//        student's marks (none, one, below the norm); lessons entered late from the change
//        history; the plan's coverage; open remarks and pending requests; the teachers who
//        worked in the journal.
// Runs interleaved (app, raw, app, raw…), reports the medians, their ratio (goal: at most
// 3x) and the peak resident memory of the process while the report runs alone, its first
// run, before the baseline has run in this process (goal: under 300 MB). The totals of both
// are compared first, so the baseline computes the same thing.
//   npm run bench:reports -- [--db FILE] [--today 2027-06-20] [--students 3000] [--runs 5]
// Without --db the largest demo is made first, in a child process (so its memory is not
// counted): `journal demo --today 2027-06-20 --students 3000`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openJournal } from '../db/journal-db';
import { buildControl } from '../db/reports/control/build';
import { pastUntil } from '../db/reports/control/range';
import { weeksIn } from '../db/reports/control/accumulation';
import { nonWorkingDates } from '../db/regulation/calendar';
import { loadProfile } from '../db/regulation/profile';
import { yearOn } from '../db/queries/year';
import { addDays } from '../shared/dates';
import type { ReportResult, ReportTable } from '../shared/report-model';
import { RawDb } from './raw-sqlite';
import { sideBySide, summarize } from './stats';

export interface ControlBenchOptions {
  /** An existing demo file (not changed); without it the largest demo is made. */
  readonly db?: string;
  readonly today?: string;
  readonly students?: number;
  readonly runs?: number;
  readonly log?: (line: string) => void;
}

export interface ControlBenchResult {
  readonly id: 'report:control';
  readonly what: string;
  readonly baseline: string;
  readonly statistic: 'p50';
  readonly appMs: number;
  readonly baselineMs: number;
  /** appMs / baselineMs (goal: at most 3). */
  readonly ratio: number;
  readonly goal: 3;
  /** The process's peak resident memory while the report ran alone (its first run), MB (goal: under 300). */
  readonly peakMemoryMB: number;
  readonly memoryGoalMB: 300;
  readonly met: boolean;
  readonly extra: { readonly pages: number; readonly due: number; readonly missing: number; readonly marks: number; readonly lessons: number; readonly file: string; readonly range: string };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The baseline: every figure of the control report per page, in one statement. */
const BASELINE_SQL = `
WITH RECURSIVE
days(d) AS (SELECT :from UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < :until),
pages AS (
  SELECT a.id, a.class_id, a.subgroup_id, a.subject_id, a.teacher_id, a.year_id, a.hours_per_week, a.starts_on, a.ends_on, c.grade
  FROM teaching_assignment a JOIN class c ON c.id = a.class_id
  WHERE a.year_id = :year AND a.starts_on <= :to AND (a.ends_on IS NULL OR a.ends_on >= :from)),
school_days AS (
  SELECT g.grade, days.d FROM (SELECT DISTINCT grade FROM pages) g, days
  WHERE strftime('%w', days.d) <> '0'
    AND EXISTS (SELECT 1 FROM period p WHERE p.year_id = :year AND p.kind <> 'year' AND p.grade_from <= g.grade AND g.grade <= p.grade_to AND days.d BETWEEN p.starts_on AND p.ends_on)
    AND NOT EXISTS (SELECT 1 FROM holiday h WHERE h.year_id = :year AND h.removed = 0 AND h.grade_from <= g.grade AND g.grade <= h.grade_to AND days.d BETWEEN h.starts_on AND h.ends_on)
    AND days.d NOT IN (SELECT value FROM json_each(:nonWorking))),
slots AS MATERIALIZED (
  SELECT p.id AS assignment_id, s.d AS date, te.lesson_no
  FROM pages p JOIN school_days s ON s.grade = p.grade JOIN timetable_entry te ON te.assignment_id = p.id
  WHERE te.weekday = ((CAST(strftime('%w', s.d) AS INTEGER) + 6) % 7) + 1 AND te.valid_from <= s.d AND (te.valid_to IS NULL OR te.valid_to >= s.d)
    AND p.starts_on <= s.d AND (p.ends_on IS NULL OR p.ends_on >= s.d)),
due AS (
  SELECT s.assignment_id, l.id AS lesson_id, l.topic, l.homework
  FROM slots s LEFT JOIN lesson l ON l.assignment_id = s.assignment_id AND l.date = s.date AND l.lesson_no = s.lesson_no
  WHERE l.id IS NULL OR l.cancelled = 0
  UNION ALL
  SELECT l.assignment_id, l.id, l.topic, l.homework FROM lesson l JOIN pages p ON p.id = l.assignment_id
  WHERE l.date BETWEEN :from AND :until AND l.cancelled = 0
    AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.assignment_id = l.assignment_id AND s.date = l.date AND s.lesson_no = l.lesson_no)),
due_agg AS (
  SELECT d.assignment_id, count(*) AS due, sum(d.lesson_id IS NULL) AS missing,
    sum(d.lesson_id IS NOT NULL AND trim(d.topic) = '') AS no_topic,
    sum(d.lesson_id IS NOT NULL AND trim(d.homework) = '' AND p.grade > 1) AS no_homework
  FROM due d JOIN pages p ON p.id = d.assignment_id GROUP BY d.assignment_id),
norms AS (
  SELECT p.id, max(:step, coalesce((SELECT sum(CASE WHEN t.kind = 'quarter' THEN :minQuarter WHEN p.hours_per_week >= 2 THEN :minMore ELSE :minOne END)
    FROM period t WHERE t.year_id = :year AND t.kind <> 'year' AND t.grade_from <= p.grade AND p.grade <= t.grade_to AND t.starts_on >= :from AND t.ends_on <= :until), 0)) AS v
  FROM pages p),
roll AS (
  SELECT p.id AS assignment_id, e.student_id FROM pages p JOIN enrolment e ON e.class_id = p.class_id
  WHERE e.starts_on <= :roll AND (e.ends_on IS NULL OR e.ends_on >= :roll)
    AND (p.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g WHERE g.subgroup_id = p.subgroup_id AND g.student_id = e.student_id
         AND g.starts_on <= :roll AND (g.ends_on IS NULL OR g.ends_on >= :roll)))),
counted AS (
  SELECT l.assignment_id, m.student_id, count(*) AS n
  FROM pages p JOIN lesson l ON l.assignment_id = p.id JOIN mark m ON m.lesson_id = l.id
  WHERE l.date BETWEEN :from AND :to AND l.cancelled = 0 AND m.value IS NOT NULL
  GROUP BY l.assignment_id, m.student_id),
mark_agg AS (
  SELECT r.assignment_id, count(*) AS students, sum(coalesce(k.n, 0) = 0) AS none, sum(coalesce(k.n, 0) = 1) AS one,
    sum(coalesce(k.n, 0) < n.v) AS below, sum(coalesce(k.n, 0)) AS marks
  FROM roll r JOIN norms n ON n.id = r.assignment_id LEFT JOIN counted k ON k.assignment_id = r.assignment_id AND k.student_id = r.student_id
  GROUP BY r.assignment_id),
first_topic AS (
  SELECT l.id, l.assignment_id, l.date,
    (SELECT x.user_id || '|' || x.recorded_at FROM change_log x WHERE x.table_name = 'lesson' AND x.row_id = l.id AND (
        (x.field = 'topic' AND x.new_value IS NOT NULL AND x.new_value <> '""') OR (x.field = '*' AND coalesce(json_extract(x.new_value, '$.topic'), '') <> ''))
      ORDER BY x.hlc LIMIT 1) AS entry,
    EXISTS (SELECT 1 FROM sync_late_arrival s WHERE s.table_name = 'lesson' AND s.row_id = l.id) AS arrived_late
  FROM lesson l JOIN pages p ON p.id = l.assignment_id WHERE l.date BETWEEN :from AND :to AND l.cancelled = 0),
late_agg AS (
  SELECT assignment_id, count(*) AS late FROM first_topic
  WHERE arrived_late = 1 OR (entry IS NOT NULL AND julianday(substr(entry, instr(entry, '|') + 1)) > julianday(date || ' ' || :entryUntil, '+1 day', 'utc'))
  GROUP BY assignment_id),
requests AS (
  SELECT coalesce((SELECT l.assignment_id FROM lesson l WHERE l.id = json_extract(r.payload, '$.args.lessonId')), json_extract(r.payload, '$.args.assignmentId')) AS assignment_id, count(*) AS n
  FROM correction_request r WHERE r.status = 'pending' AND json_valid(r.payload) GROUP BY 1)
SELECT p.id,
  coalesce(d.due, 0) AS due, coalesce(d.missing, 0) AS missing, coalesce(d.no_topic, 0) AS no_topic, coalesce(d.no_homework, 0) AS no_homework,
  coalesce(m.students, 0) AS students, coalesce(m.none, 0) AS none, coalesce(m.one, 0) AS one, coalesce(m.below, 0) AS below, coalesce(m.marks, 0) AS marks,
  coalesce(lt.late, 0) AS late,
  (SELECT k.hours_per_week FROM curriculum k WHERE k.year_id = p.year_id AND k.grade = p.grade AND k.subject_id = p.subject_id AND k.removed = 0 LIMIT 1) AS curriculum_hpw,
  (SELECT coalesce(sum(i.hours), 0) FROM plan_item i WHERE i.assignment_id = p.id) AS plan_hours,
  (SELECT coalesce(sum(i.hours), 0) FROM plan_item i WHERE i.assignment_id = p.id AND i.planned_on <= :until) AS planned,
  (SELECT count(*) FROM lesson l WHERE l.assignment_id = p.id AND l.cancelled = 0 AND trim(l.topic) <> '' AND l.date <= :until) AS given,
  (SELECT count(*) FROM control_remark r WHERE r.assignment_id = p.id AND r.status IN ('open', 'reopened')) AS remarks,
  coalesce(q.n, 0) AS requests,
  (SELECT count(DISTINCT x.user_id) FROM change_log x WHERE x.user_id IN (SELECT teacher_id FROM pages) AND x.hlc >= :start AND x.hlc < :end) AS teachers_working
FROM pages p LEFT JOIN due_agg d ON d.assignment_id = p.id LEFT JOIN mark_agg m ON m.assignment_id = p.id
  LEFT JOIN late_agg lt ON lt.assignment_id = p.id LEFT JOIN requests q ON q.assignment_id = p.id`;

interface BaselineRow { due: number; missing: number; no_topic: number; late: number; students: number; none: number }

const totalRow = (r: ReportResult, title: string) => {
  const t = r.parts[0]!.sections.find((s): s is ReportTable => s.kind === 'table' && s.title === title)!;
  return t.rows.find((x) => x.mark === 'total' && String(x.cells.className).startsWith('Итого по школе'))!.cells;
};

/** Makes the largest demo in a child process (its memory is not this process's). */
function makeDemo(file: string, today: string, students: number, log: (line: string) => void): void {
  log(`demo: --today ${today} --students ${students} → ${file} …`);
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--make-demo', file, '--today', today, '--students', String(students)], { stdio: 'inherit' });
}

/** The reports benchmarks' school: the file given, or the demo of that day and size, made once and kept in the temp folder. */
export function reportBenchFile(db: string | undefined, today: string, students: number, log: (line: string) => void): string {
  if (db) return db;
  const file = path.join(os.tmpdir(), `journal-bench-control-${students}-${today}.sqlite`);
  if (!fs.existsSync(file)) makeDemo(file, today, students, log);
  else log(`demo: ${file} (kept from an earlier run)`);
  return file;
}

export async function benchControl(opts: ControlBenchOptions = {}): Promise<ControlBenchResult> {
  const log = opts.log ?? (() => undefined);
  const today = opts.today ?? '2027-06-20';
  const students = opts.students ?? 3000;
  const runs = opts.runs ?? 5;
  const file = reportBenchFile(opts.db, today, students, log);
  const db = await openJournal(file, { mustExist: true });
  const raw = await RawDb.open(file);
  try {
    const year = await yearOn(db.knex, today);
    if (!year) throw new Error('the demo has no school year');
    const to = today < year.ends_on ? today : year.ends_on;
    const params = { from: year.starts_on, to };
    const ctx = { today, user: { id: 'bench', roles: ['deputy' as const] } };
    const profile = await loadProfile(db.knex);
    const until = pastUntil({ to }, today);
    const weeks = weeksIn(params.from, until);
    const rollDate = today < params.from ? params.from : today < to ? today : to;
    const bindings = {
      ':year': year.id, ':from': params.from, ':to': to, ':until': until, ':roll': rollDate,
      ':nonWorking': JSON.stringify([...(await nonWorkingDates(db.knex, params.from, until))]),
      ':step': weeks >= profile.secondMarkAfterWeeks ? 2 : weeks >= profile.firstMarkAfterWeeks ? 1 : 0,
      ':minQuarter': profile.minMarksQuarter, ':minOne': profile.minMarksOneHour, ':minMore': profile.minMarksMoreHours,
      ':entryUntil': profile.lessonEntryUntilNextDay,
      ':start': new Date(`${params.from}T00:00:00`).toISOString(), ':end': new Date(`${addDays(to, 1)}T00:00:00`).toISOString(),
    };
    const app = () => buildControl(db.knex, params, ctx);
    const baseline = () => raw.all<BaselineRow>(BASELINE_SQL, bindings as unknown as unknown[]);

    // Peak memory of the report alone, measured first (the baseline's SQLite caches, in the
    // same process, are not the report's), then the same figures: the school's totals of both.
    let peak = process.memoryUsage.rss();
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
    const report = await app();
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    const rows = await baseline();
    const lessons = totalRow(report, 'Заполнение уроков');
    const sum = (k: keyof BaselineRow) => rows.reduce((s, r) => s + Number(r[k]), 0);
    const same = { due: [lessons.due, sum('due')], missing: [lessons.missing, sum('missing')], noTopic: [lessons.noTopic, sum('no_topic')], late: [lessons.late, sum('late')] };
    for (const [k, [a, b]] of Object.entries(same)) if (a !== b) throw new Error(`the baseline counts ${k} ${b}, the report ${a}: not the same figures`);
    log(`same totals: ${JSON.stringify(same)}; pages ${rows.length}`);

    const [appTimes, rawTimes] = await sideBySide(runs, app, baseline);
    const appMs = summarize(appTimes).p50;
    const baselineMs = summarize(rawTimes).p50;
    const ratio = appMs / baselineMs;
    const peakMemoryMB = peak / 2 ** 20;
    const counts = await db.knex.raw(`SELECT (SELECT count(*) FROM mark) AS marks, (SELECT count(*) FROM lesson) AS lessons`) as { marks: number; lessons: number }[];
    return {
      id: 'report:control',
      what: `the whole-school journal-control report ${params.from}…${to} (reports.run's builder)`,
      baseline: 'one hand-written SQL statement computing the same figures per page on a plain sqlite3 connection',
      statistic: 'p50', appMs: round(appMs), baselineMs: round(baselineMs), ratio: round(ratio), goal: 3,
      peakMemoryMB: round(peakMemoryMB, 1), memoryGoalMB: 300, met: ratio <= 3 && peakMemoryMB < 300,
      extra: { pages: rows.length, due: sum('due'), missing: sum('missing'), marks: counts[0]!.marks, lessons: counts[0]!.lessons, file, range: `${params.from}…${to}` },
    };
  } finally {
    await raw.close();
    await db.close();
  }
}

const started = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (started === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'make-demo': { type: 'string' }, db: { type: 'string' }, today: { type: 'string' }, students: { type: 'string' }, runs: { type: 'string' } } });
  if (values['make-demo']) {
    const { createDemoFile } = await import('../db/demo-file');
    const { demoClassCopyFacts } = await import('../print/demo-copies');
    const today = values.today ?? '2027-06-20';
    const r = await createDemoFile(values['make-demo'], {
      seed: 11, students: Number(values.students ?? 3000), startYear: Number(today.slice(0, 4)) - (today.slice(5) >= '09-01' ? 0 : 1), today, copies: demoClassCopyFacts, replace: true,
    });
    console.log(`demo made in ${r.seconds.toFixed(1)} s`);
  } else {
    const r = await benchControl({ db: values.db, today: values.today, students: values.students ? Number(values.students) : undefined, runs: values.runs ? Number(values.runs) : undefined, log: (l) => console.log(l) });
    console.log(JSON.stringify(r, null, 2));
  }
}
