// Benchmarks, each a ratio against a baseline run side by side on the same machine
// (never a timed unit test). Usage:
//   npm run bench -- [--students N] [--rounds N] [--db FILE]
// Default: a school the size of the demo ×3 (1800 students); --db FILE measures a copy of
// that school instead. Results are printed and written to bench/results/journal-<time>.json.
// bench/all.ts calls benchJournal on the full-year demo ×5.
//   page-open   the service's journal.page of a 35 students × 80 lessons page (validation,
//               session, permission, queries) vs the raw SQL reads of the same rows on a
//               plain sqlite3 connection
//   mark-write  one mark through the journal writer (row + change log, one transaction,
//               synchronous=FULL) vs a raw single-row sqlite3 INSERT, p95
//   keystroke   a teacher's journal.setMark through the whole service (validation,
//               session, permissions, regulation checks, write), typed down the lesson's
//               column student after student, vs the same raw INSERT, p95; also reported:
//               one cell retyped thousands of times (a stress figure)
// The baselines run on their own copy of the database (VACUUM INTO, same rows): a commit by
// another connection on the same file makes SQLite drop this connection's page cache at its
// next read, which the app — one process owns the file — never pays. For comparison the
// keystroke is also reported against the raw insert interleaved on the same file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoFile } from '../db/demo-file';
import { openJournal } from '../db/journal-db';
import { ServiceHost } from '../service/host';
import { keyId } from '../db/ids';
import { growPage } from './big-page';
import { RawDb } from './raw-sqlite';
import { sideBySide, summarize, type Summary } from './stats';
import { copyDb, figure, isMain, machine, writeResult, type Figure } from './common';

/**
 * Calls before each measured series, on both sides: V8 optimizes a function only after
 * some hundreds of calls, and the app's keystroke path runs warm all day.
 */
const WARM_UP = 300;

export interface JournalBenchOptions {
  /** Page-open samples; the write series take 30 times as many. */
  rounds?: number;
}

/**
 * The daily journal's figures on the school in `file` (which it changes: a page is grown,
 * marks are typed — give it a copy). The baselines run on a copy of their own beside it.
 */
export async function benchJournal(file: string, opts: JournalBenchOptions = {}): Promise<{ result: Record<string, unknown>; figures: Figure[] }> {
  const rounds = opts.rounds ?? 60;
  /** Samples of each write series (the p95 of a few hundred moves with every hiccup of a shared machine). */
  const WRITES = rounds * 30;
  const dir = fs.mkdtempSync(path.join(path.dirname(path.resolve(file)), 'journal-bench-'));
  const db = await openJournal(file);
  let raw: RawDb | undefined;
  let rawSameFile: RawDb | undefined;
  const host = new ServiceHost(db, { now: () => new Date('2026-11-23T10:00:00') });
  try {
    // The biggest page: most students × lessons in the first period.
    const biggest: { id: string; lessons: number } = (await db.knex.raw(`
      SELECT a.id, count(l.id) AS lessons FROM teaching_assignment a JOIN lesson l ON l.assignment_id = a.id
      JOIN class c ON c.id = a.class_id WHERE c.grade > 1 AND a.subgroup_id IS NULL
      GROUP BY a.id ORDER BY lessons DESC LIMIT 1`))[0];
    // The page: 35 students × 80 lessons (the demo's biggest page, grown).
    const big = await growPage(db, biggest.id, 35, 80);
    const periodRow = await db.knex('period').where({ id: big.periodId }).first('starts_on', 'ends_on');
    const period = { from: periodRow.starts_on as string, to: periodRow.ends_on as string };
    const a = await db.knex('teaching_assignment').where({ id: biggest.id }).first();
    await host.call('bench', 'auth.login', { login: 'deputy', password: 'demo' });
    const rawFile = path.join(dir, 'baseline.sqlite');
    fs.rmSync(rawFile, { force: true });
    await db.knex.raw('VACUUM INTO ?', [rawFile]);
    const baseline = (raw = await RawDb.open(rawFile));

    const rawPage = async () => {
      const lessons = await baseline.all('SELECT * FROM lesson WHERE assignment_id = ? AND date BETWEEN ? AND ? ORDER BY date, lesson_no', [a.id, period.from, period.to]);
      const ids = lessons.map((l) => l.id as string);
      const marks = await baseline.all(`SELECT * FROM mark WHERE lesson_id IN (${ids.map(() => '?').join(',')})`, ids);
      const att = await baseline.all(`SELECT * FROM attendance WHERE lesson_id IN (${ids.map(() => '?').join(',')})`, ids);
      const studs = await baseline.all('SELECT s.* FROM enrolment e JOIN student s ON s.id = e.student_id WHERE e.class_id = ? AND e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)', [a.class_id, period.to, period.from]);
      const pm = await baseline.all('SELECT * FROM period_mark WHERE class_id = ? AND subject_id = ?', [a.class_id, a.subject_id]);
      return lessons.length + marks.length + att.length + studs.length + pm.length;
    };
    const servicePage = async () => {
      const r = await host.call('bench', 'journal.page', { assignmentId: a.id, periodId: big.periodId });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    };
    for (let i = 0; i < WARM_UP / 10; i++) { await rawPage(); await servicePage(); }
    const [pageService, pageRaw] = await sideBySide(rounds, servicePage, rawPage);

    // One mark: the writer vs a raw insert into a scratch table of the same shape.
    await baseline.run('CREATE TABLE IF NOT EXISTS bench_mark AS SELECT * FROM mark WHERE 0');
    const lesson = await db.knex('lesson').where({ assignment_id: a.id }).first('id');
    const student = await db.knex('enrolment').where({ class_id: a.class_id }).first('student_id');
    const values5 = ['2', '3', '4', '5'];
    const writeMark = (i: number) => db.writer.write({ userId: null }, [{ table: 'mark', id: keyId('mark', lesson.id, student.student_id, '2'), set: { lesson_id: lesson.id, student_id: student.student_id, slot: 2, value: values5[i % 4]!, work_kind_id: null, comment: '' } }], { reason: 'bench' });
    /** The baseline: one row into a scratch table of the mark's shape, through `to`. */
    const insertInto = (to: RawDb) => (i: number) =>
      to.run('INSERT INTO bench_mark (id, lesson_id, student_id, slot, value, work_kind_id, comment) VALUES (?, ?, ?, 2, ?, NULL, \'\')', [`b${i}-${Date.now()}`, lesson.id, student.student_id, values5[i % 4]]);
    const rawInsert = insertInto(baseline);
    for (let i = 0; i < WARM_UP; i++) { await writeMark(i); await rawInsert(i); }
    const [markWriter, markRaw] = await sideBySide(WRITES, writeMark, rawInsert);
    await baseline.run('DROP TABLE bench_mark');

    // A keystroke: the teacher's journal.setMark through the service (validation, session,
    // permission and regulation checks, the write with its history) on today's lesson.
    const teacher = await db.knex('staff').where({ id: a.teacher_id }).first('login');
    await db.writer.write({ userId: null }, [{ table: 'staff', id: a.teacher_id, set: { password_hash: (await db.knex('staff').where({ login: 'teacher' }).first('password_hash')).password_hash } }]);
    const lessonRow = await db.knex('lesson').where({ id: lesson.id }).first('date');
    const keyHost = new ServiceHost(db, { now: () => new Date(`${lessonRow.date}T12:00:00`) });
    const signedIn = await keyHost.call('bench-teacher', 'auth.login', { login: teacher.login, password: 'demo' });
    if (!signedIn.ok) throw new Error(JSON.stringify(signedIn.error));
    // The teacher types down the lesson's column, student after student, as a lesson is
    // filled in (each cell's history then grows by one entry per pass, as in use; a cell's
    // clocks read is index work that grows with that cell's own history — see the one-cell
    // figure below).
    const present = (await db.knex('enrolment as e').where({ class_id: a.class_id })
      .whereNotExists(db.knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', lesson.id))
      .orderBy('student_id').pluck('student_id')) as string[];
    const typeInto = (students: readonly string[]) => async (i: number) => {
      const r = await keyHost.call('bench-teacher', 'journal.setMark', { lessonId: lesson.id, studentId: students[i % students.length]!, value: values5[(i / students.length | 0) % 4]! });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    };
    const keystroke = typeInto(present);
    await baseline.run('CREATE TABLE IF NOT EXISTS bench_mark AS SELECT * FROM mark WHERE 0');
    for (let i = 0; i < WARM_UP; i++) { await keystroke(i); await rawInsert(i); }
    const [keyService, keyRaw] = await sideBySide(WRITES, keystroke, rawInsert);
    await baseline.run('DROP TABLE bench_mark');
    // The same, with the raw insert on the journal's own file (see above).
    const same = (rawSameFile = await RawDb.open(file));
    await same.run('CREATE TABLE IF NOT EXISTS bench_mark AS SELECT * FROM mark WHERE 0');
    const rawInsertSame = insertInto(same);
    for (let i = 0; i < WARM_UP / 10; i++) await rawInsertSame(i);
    const [keyServiceSame, keyRawSame] = await sideBySide(WRITES, keystroke, rawInsertSame);
    await same.run('DROP TABLE bench_mark');
    // A stress figure: one cell retyped over and over (its history thousands of entries long).
    await baseline.run('CREATE TABLE IF NOT EXISTS bench_mark AS SELECT * FROM mark WHERE 0');
    const oneCell = typeInto(present.slice(0, 1));
    const [keyOneCell, keyOneCellRaw] = await sideBySide(WRITES, oneCell, rawInsert);
    await baseline.run('DROP TABLE bench_mark');
    const oneCellHistory = Number(((await db.knex('change_log').where({ table_name: 'mark', row_id: keyId('mark', lesson.id, present[0]!, '1') }).count('* as n').first()) as { n: number }).n);

    const ps = summarize(pageService), pr = summarize(pageRaw), mw = summarize(markWriter), mr = summarize(markRaw);
    const ks = summarize(keyService), kr = summarize(keyRaw);
    const kss = summarize(keyServiceSame), krs = summarize(keyRawSame);
    const k1 = summarize(keyOneCell), k1r = summarize(keyOneCellRaw);
    const students = Number(((await db.knex('student').count('id as n').first()) as { n: number }).n);
    const result = {
      when: new Date().toISOString(),
      machine: machine(),
      school: { students, page: { assignment: a.id, students: big.students, lessons: big.lessons } },
      pageOpen: { service: ps, raw: pr, ratioP50: ps.p50 / pr.p50, target: '≤ 3 (issue 3)' },
      markWrite: { writer: mw, raw: mr, ratioP95: mw.p95 / mr.p95 },
      keystroke: { service: ks, raw: kr, ratioP95: ks.p95 / kr.p95, target: '≤ 3 (issue 3)' },
      keystrokeRawOnSameFile: { service: kss, raw: krs, ratioP95: kss.p95 / krs.p95 },
      keystrokeOneCell: { service: k1, raw: k1r, ratioP95: k1.p95 / k1r.p95, cellHistoryAtEnd: oneCellHistory },
    };
    const figures = [
      figure({
        id: 'pageOpen', what: `journal.page through the service, a page of ${big.students} students × ${big.lessons} lessons`,
        baseline: 'the raw SQL reads of the same rows on a plain sqlite3 connection', statistic: 'p50', appMs: ps.p50, baselineMs: pr.p50, goal: 3,
      }),
      figure({
        id: 'keystroke', what: 'a teacher\'s journal.setMark through the whole service, typed down a lesson\'s column',
        baseline: 'a raw single-row INSERT on a plain sqlite3 connection', statistic: 'p95', appMs: ks.p95, baselineMs: kr.p95, goal: 3,
        extra: { appP50Ms: Number(ks.p50.toFixed(3)), baselineP50Ms: Number(kr.p50.toFixed(3)), samples: ks.n },
      }),
    ];
    return { result, figures };
  } finally {
    await raw?.close();
    await rawSameFile?.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true }); // the baseline copies
  }
}

function print(result: Record<string, unknown>): void {
  const r = result as { school: { page: { students: number; lessons: number } } } & Record<'pageOpen' | 'keystroke' | 'keystrokeRawOnSameFile' | 'keystrokeOneCell' | 'markWrite', { ratioP50?: number; ratioP95?: number } & Record<string, Summary>>;
  const [ps, pr] = [r.pageOpen.service!, r.pageOpen.raw!];
  const [ks, kr] = [r.keystroke.service!, r.keystroke.raw!];
  const [kss, krs] = [r.keystrokeRawOnSameFile.service!, r.keystrokeRawOnSameFile.raw!];
  const [k1, k1r] = [r.keystrokeOneCell.service!, r.keystrokeOneCell.raw!];
  const [mw, mr] = [r.markWrite.writer!, r.markWrite.raw!];
  console.log(`page open (${r.school.page.students} students × ${r.school.page.lessons} lessons): service p50 ${ps.p50.toFixed(2)} ms vs raw ${pr.p50.toFixed(2)} ms → ratio ${r.pageOpen.ratioP50!.toFixed(2)}`);
  console.log(`keystroke (journal.setMark through the service): p95 ${ks.p95.toFixed(2)} ms (p50 ${ks.p50.toFixed(2)}) vs raw insert p95 ${kr.p95.toFixed(2)} ms → ratio ${r.keystroke.ratioP95!.toFixed(2)}`);
  console.log(`  (raw insert on the journal's own file: service p95 ${kss.p95.toFixed(2)} ms vs raw p95 ${krs.p95.toFixed(2)} ms → ratio ${r.keystrokeRawOnSameFile.ratioP95!.toFixed(2)})`);
  console.log(`  (one cell retyped: service p95 ${k1.p95.toFixed(2)} ms vs raw p95 ${k1r.p95.toFixed(2)} ms → ratio ${r.keystrokeOneCell.ratioP95!.toFixed(2)})`);
  console.log(`mark write: writer p95 ${mw.p95.toFixed(2)} ms (p50 ${mw.p50.toFixed(2)}) vs raw insert p95 ${mr.p95.toFixed(2)} ms (p50 ${mr.p50.toFixed(2)}) → ratio ${r.markWrite.ratioP95!.toFixed(2)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { students: { type: 'string' }, rounds: { type: 'string' }, db: { type: 'string' } } });
  const students = Number(values.students ?? 1800);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-'));
  try {
    const file = path.join(dir, 'bench.sqlite');
    if (values.db) {
      // The given school is left as it was: the bench writes into a copy.
      copyDb(values.db, file);
    } else {
      const t = Date.now();
      await createDemoFile(file, { seed: 11, students, startYear: 2026 });
      console.error(`demo school of ${students} students made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const { result } = await benchJournal(file, { rounds: values.rounds === undefined ? undefined : Number(values.rounds) });
    writeResult('journal', result);
    print(result);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
