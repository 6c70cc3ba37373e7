// The demo school as it stands on a day (issue 16): made by `journal demo --today` (the
// CLI's own function), read back from the database. In December the second quarter is
// taught up to the day before in every grade, nothing is dated today or later, and the
// first quarter's certification is done (R-PRINT-2, R-PRINT-3); on 20 June the whole year
// is taught with its year marks (R-REC-4); a large school grows by classes of 25-30; bad
// input is refused with its code and nothing is made.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runDemo, type DemoArgs } from '../../cli/commands/demo';
import { CliError } from '../../cli/output';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { tmpDir } from '../helpers/tmp';

type Row = Record<string, string | number | null>;
const n = (v: unknown) => Number(v);

const demo = (db: string, o: Partial<DemoArgs>) => runDemo({ db, seed: 5, students: 300, year: null, today: null, force: false, ...o });

async function rows<T = Row>(db: JournalDb, sql: string, ...b: (string | number)[]): Promise<T[]> {
  return (await db.knex.raw(sql, b)) as T[];
}

async function refused(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof CliError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, text);
    return true;
  });
}

describe('demo made on 04.12.2026 (R-REC-1, R-REC-4, R-PRINT-2, R-PRINT-3)', () => {
  const TODAY = '2026-12-04';
  let db: JournalDb;
  before(async () => {
    const file = path.join(tmpDir(), 'dec.sqlite');
    const r = await demo(file, { today: TODAY });
    assert.equal(r.year, '2026/2027');
    db = await openJournal(file, { mustExist: true });
  });
  after(async () => db?.close());

  it('the second quarter (H1 in 10-11) is taught in every grade 1-11 up to the day before, with topics, homework, marks and absences (R-REC-1, R-REC-5)', async () => {
    const byGrade = await rows<{ grade: number; lessons: number; first: string; last: string; topics: number; homework: number; marks: number; absences: number }>(db, `
      SELECT c.grade, count(*) AS lessons, min(l.date) AS first, max(l.date) AS last,
        sum(l.topic <> '') AS topics, sum(l.homework <> '') AS homework,
        (SELECT count(*) FROM mark m JOIN lesson l2 ON l2.id = m.lesson_id JOIN teaching_assignment a2 ON a2.id = l2.assignment_id JOIN class c2 ON c2.id = a2.class_id
          WHERE c2.grade = c.grade AND l2.date >= '2026-11-02') AS marks,
        (SELECT count(*) FROM attendance t JOIN lesson l3 ON l3.id = t.lesson_id JOIN teaching_assignment a3 ON a3.id = l3.assignment_id JOIN class c3 ON c3.id = a3.class_id
          WHERE c3.grade = c.grade AND l3.date >= '2026-11-02') AS absences
      FROM lesson l JOIN teaching_assignment a ON a.id = l.assignment_id JOIN class c ON c.id = a.class_id
      WHERE l.date >= '2026-11-02' GROUP BY c.grade ORDER BY c.grade`);
    assert.deepEqual(byGrade.map((g) => g.grade), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const g of byGrade) {
      assert.equal(g.first, '2026-11-02', `grade ${g.grade}: the quarter's first day is taught`);
      assert.equal(g.last, '2026-12-03', `grade ${g.grade}: taught up to the day before`);
      assert.ok(g.lessons >= 50, `grade ${g.grade}: ${g.lessons} lessons`);
      assert.ok(g.topics / g.lessons > 0.85, `grade ${g.grade}: topics`);
      assert.ok(g.absences > 0, `grade ${g.grade}: absences`);
      if (g.grade === 1) {
        assert.equal(n(g.marks), 0, 'grade 1 has no marks (R-REC-5)');
        assert.equal(n(g.homework), 0, 'grade 1 has no homework (R-REC-5)');
      } else {
        assert.ok(g.marks > g.lessons, `grade ${g.grade}: ${g.marks} marks`);
        assert.ok(g.homework / g.lessons > 0.7, `grade ${g.grade}: homework`);
      }
    }
    // No school day of the quarter so far is without lessons in any grade (the bug of issue 16).
    const days = await rows<{ grade: number; days: number }>(db, `
      SELECT c.grade, count(DISTINCT l.date) AS days FROM lesson l JOIN teaching_assignment a ON a.id = l.assignment_id JOIN class c ON c.id = a.class_id
      WHERE l.date BETWEEN '2026-11-02' AND '2026-12-03' GROUP BY c.grade`);
    for (const d of days) assert.equal(n(d.days), 23, `grade ${d.grade}: 24 weekdays from 02.11 to 03.12 less 04.11`);
  });

  it('nothing is dated today or later: lessons, marks, absences, period marks of periods under way, movements (R-REC-1)', async () => {
    const [late] = await rows<Row>(db, `SELECT
      (SELECT count(*) FROM lesson WHERE date >= ?) AS lessons,
      (SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date >= ?) AS marks,
      (SELECT count(*) FROM attendance t JOIN lesson l ON l.id = t.lesson_id WHERE l.date >= ?) AS absences,
      (SELECT count(*) FROM period_mark pm JOIN period p ON p.id = pm.period_id WHERE p.ends_on >= ?) AS period_marks,
      (SELECT count(*) FROM movement WHERE date >= ?) AS movements,
      (SELECT count(*) FROM substitution WHERE starts_on >= ?) AS substitutions,
      (SELECT count(*) FROM print_register WHERE printed_at >= ?) AS prints,
      (SELECT count(*) FROM strict_document_log WHERE entered_at >= ?) AS handed`, TODAY, TODAY, TODAY, TODAY, TODAY, TODAY, TODAY, TODAY);
    assert.deepEqual(Object.values(late!).map(n), [0, 0, 0, 0, 0, 0, 0, 0]);
    const h1 = await rows(db, `SELECT pm.id FROM period_mark pm JOIN period p ON p.id = pm.period_id WHERE p.kind IN ('half_year', 'year')`);
    assert.equal(h1.length, 0, 'grades 10-11: no half-year marks before the half-year ends');
    const q1 = await rows<{ grade: number; n: number }>(db, `SELECT c.grade, count(*) AS n FROM period_mark pm JOIN period p ON p.id = pm.period_id JOIN class c ON c.id = pm.class_id
      WHERE p.kind = 'quarter' AND p.number = 1 GROUP BY c.grade ORDER BY c.grade`);
    assert.deepEqual(q1.map((r) => r.grade), [2, 3, 4, 5, 6, 7, 8, 9], 'Q1 period marks in grades 2-9 (none in grade 1, R-REC-5)');
  });

  it('the current period has gaps for the control: a teacher behind with topics, lessons never filled (R-REP-1)', async () => {
    const [noTopic] = await rows<{ n: number }>(db, `SELECT count(*) AS n FROM lesson WHERE date >= '2026-11-20' AND topic = ''`);
    assert.ok(n(noTopic!.n) > 3, 'lessons given without a topic in the last weeks');
    // The last school day: some timetable lessons have no row at all (never filled).
    const [day] = await rows<{ n: number; teachers: number }>(db, `SELECT count(*) AS n, count(DISTINCT teacher_id) AS teachers FROM lesson WHERE date = '2026-12-03'`);
    const [week] = await rows<{ teachers: number }>(db, `SELECT count(DISTINCT l.teacher_id) AS teachers FROM lesson l WHERE l.date = '2026-11-26'`);
    assert.ok(n(day!.teachers) < n(week!.teachers), 'fewer teachers filled the last day than the same weekday a week before');
  });

  it('Q1 is certified: a campaign with every step done, copies in the register, strict log, backup log and the safe, the folder (R-PRINT-2, R-PRINT-3)', async () => {
    const campaigns = await rows<Row>(db, `SELECT k.*, p.name FROM certification_campaign k JOIN period p ON p.id = k.period_id`);
    assert.equal(campaigns.length, 1);
    const c = campaigns[0]!;
    assert.equal(c.name, '1 четверть');
    assert.ok(String(c.day5_on) < TODAY && String(c.day1_on) > '2026-10-23');
    assert.ok(c.backup_log_id, 'the backup is recorded');
    const backup = await rows<Row>(db, `SELECT * FROM backup_log WHERE id = ?`, String(c.backup_log_id));
    assert.equal(backup[0]?.action, 'backup');
    const media = await rows<Row>(db, `SELECT action FROM backup_medium_use ORDER BY happened_at`);
    assert.deepEqual(media.map((m) => m.action), ['taken', 'returned'], 'the medium is back in the safe');

    const classes = await rows<{ id: string }>(db, `SELECT id FROM class WHERE grade BETWEEN 2 AND 9`);
    const done = await rows<Row>(db, `SELECT * FROM certification_class WHERE campaign_id = ?`, String(c.id));
    assert.equal(done.length, classes.length, 'every class of grades 2-9 has its copy');
    for (const k of done) {
      for (const f of ['print_doc_no', 'printed_at', 'title_certified_at', 'handed_at', 'strict_log_id', 'director_signed_at', 'sealed_at', 'bound_at', 'bound_on']) {
        assert.ok(k[f], `${f} of class ${k.class_id}`);
      }
      assert.ok(String(k.folder).length > 3);
    }
    const [open] = await rows<{ n: number }>(db, `SELECT count(*) AS n FROM certification_subject WHERE campaign_id = ? AND (signed_at IS NULL OR (confirmed_at IS NULL AND subject_id IN (SELECT id FROM subject WHERE graded = 1)))`, String(c.id));
    assert.equal(n(open!.n), 0, 'every teacher confirmed and signed');
    const register = await rows<Row>(db, `SELECT r.* FROM print_register r JOIN certification_class k ON k.print_doc_no = r.doc_no`);
    assert.equal(register.length, classes.length);
    for (const r of register) {
      assert.equal(r.kind, 'class_copy');
      assert.equal(r.status, 'current');
      assert.match(String(r.data_hash), /^[0-9a-f]{64}$/);
      assert.ok(n(r.sheets) > 0 && n(r.pages) >= n(r.sheets));
      assert.ok(r.bound_on && r.folder);
    }
    const log = await rows<Row>(db, `SELECT entry_no, doc_no FROM strict_document_log ORDER BY entry_no`);
    assert.deepEqual(log.map((l) => n(l.entry_no)), classes.map((_, i) => i + 1));
  });

  it('the register copies match the journal as the print checks it (the data hashes of the real print)', async () => {
    const { checkPrint } = await import('../../print/verify/register');
    const r = (await rows<{ doc_no: string }>(db, `SELECT doc_no FROM print_register ORDER BY doc_no LIMIT 3`));
    for (const { doc_no } of r) {
      const check = await checkPrint(db, doc_no);
      assert.equal(check.status, 'current', `${doc_no}: ${JSON.stringify(check)}`);
    }
  });
});

describe('demo made on 20.06.2027: the whole year (R-REC-4)', () => {
  let db: JournalDb;
  before(async () => {
    const file = path.join(tmpDir(), 'june.sqlite');
    await demo(file, { today: '2027-06-20', students: 120 });
    db = await openJournal(file, { mustExist: true });
  });
  after(async () => db?.close());

  it('every period is taught and certified, and every student at the year end has a year mark in every graded subject', async () => {
    const [last] = await rows<{ d: string }>(db, `SELECT max(date) AS d FROM lesson`);
    assert.ok(last!.d >= '2027-05-20' && last!.d <= '2027-05-25');
    const marks = await rows<{ name: string; n: number }>(db, `SELECT p.name, count(*) AS n FROM period_mark pm JOIN period p ON p.id = pm.period_id GROUP BY p.name ORDER BY p.name`);
    assert.deepEqual(marks.map((m) => m.name).sort(), ['1 полугодие', '1 четверть', '2 полугодие', '2 четверть', '3 четверть', '4 четверть', 'Учебный год'].sort());
    const [missing] = await rows<{ n: number }>(db, `
      SELECT count(*) AS n FROM enrolment e JOIN class c ON c.id = e.class_id JOIN teaching_assignment a ON a.class_id = c.id JOIN subject s ON s.id = a.subject_id AND s.graded = 1
      WHERE c.grade >= 2 AND e.ends_on IS NULL
        AND (a.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm WHERE sm.subgroup_id = a.subgroup_id AND sm.student_id = e.student_id))
        AND NOT EXISTS (SELECT 1 FROM period_mark pm JOIN period p ON p.id = pm.period_id
          WHERE p.kind = 'year' AND pm.student_id = e.student_id AND pm.subject_id = a.subject_id)`);
    assert.equal(n(missing!.n), 0, 'no year mark missing: the year is ready to close');
    const campaigns = await rows<Row>(db, `SELECT p.name FROM certification_campaign k JOIN period p ON p.id = k.period_id`);
    assert.equal(campaigns.length, 6, 'Q1-Q4 and both half-years are certified');
  });
});

describe('demo scaled by classes (issue 16)', () => {
  it('--students 3000 makes classes of 25-30 students, more letters, more teachers and rooms', async () => {
    const file = path.join(tmpDir(), 'big.sqlite');
    // Early in September: the school's size is what is checked, not its lessons.
    const r = await demo(file, { today: '2026-09-02', students: 3000 });
    assert.equal(r.students, 3000);
    const db = await openJournal(file, { mustExist: true });
    try {
      const sizes = await rows<{ name: string; grade: number; n: number }>(db, `SELECT c.name, c.grade, count(*) AS n FROM enrolment e JOIN class c ON c.id = e.class_id GROUP BY c.id`);
      for (const s of sizes) assert.ok(s.n >= 25 && s.n <= 30, `${s.name}: ${s.n} students`);
      assert.ok(sizes.length >= 100, `${sizes.length} classes`);
      const rooms = await rows<{ room: string; n: number }>(db, `SELECT room, count(*) AS n FROM class GROUP BY room HAVING n > 1`);
      assert.deepEqual(rooms, [], 'no two classes share a home room');
      assert.ok(r.teachers > 150, `${r.teachers} teachers`);
    } finally {
      await db.close();
    }
  });
});

describe('demo: bad input is refused and nothing is made', () => {
  it('--today before the year starts or after it ends: OUT_OF_YEAR with the range', async () => {
    const file = path.join(tmpDir(), 'bad.sqlite');
    await refused(demo(file, { today: '2026-08-15', year: 2026 }), 'OUT_OF_YEAR', /раньше начала учебного года 2026\/2027.*с 01\.09\.2026 по 31\.08\.2027/);
    await refused(demo(file, { today: '2027-09-01', year: 2026 }), 'OUT_OF_YEAR', /позже окончания учебного года 2026\/2027/);
    await refused(demo(file, { today: '2026-13-01' }), 'USAGE', /не дата/);
    assert.equal(fs.existsSync(file), false);
  });

  it('--students below 50 or above 10 000: refused with the range (CLI)', async () => {
    const { spawnSync } = await import('node:child_process');
    const file = path.join(tmpDir(), 'few.sqlite');
    for (const students of ['49', '10001']) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', 'cli/journal.ts', 'demo', '--db', file, '--students', students], { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '..', '..') });
      assert.notEqual(out.status, 0);
      assert.match(out.stdout + out.stderr, /USAGE/);
      assert.match(out.stdout + out.stderr, /от 50 до 10000/);
    }
    assert.equal(fs.existsSync(file), false);
  });

  it('into an existing file without --force: DB_EXISTS, the file kept', async () => {
    const file = path.join(tmpDir(), 'exists.sqlite');
    fs.writeFileSync(file, 'mine');
    await refused(demo(file, { today: '2026-12-04', students: 60 }), 'DB_EXISTS', /--force/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
  });
});
