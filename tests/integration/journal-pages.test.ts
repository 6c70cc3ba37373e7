// The journal pages of many assignments read at once (db/queries/journal-page.ts
// readJournalPages: what a class copy prints, R-PRINT-1) are each exactly the page the
// screen reads for that one assignment, and each holds what plain SQL finds for it: its
// students (its subgroup's or its class's), its lessons in date order, its marks and
// absences, the period marks of its students. On the demo school, every class, subgroups too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { listAssignments } from '../../db/queries/assignments';
import { readJournalPage, readJournalPages } from '../../db/queries/journal-page';
import type { PeriodRow } from '../../db/queries/year';
import { makeDemoFile } from '../helpers/demo-db';

/** Rows as comparable text, in a fixed order (SQL gives unordered rows in its own order). */
const sorted = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('journal pages read together (issue 16: the class copies of the demo certification)', () => {
  let db: JournalDb;
  before(async () => {
    db = await openJournal(await makeDemoFile(150, 5, '2026-12-10'));
  });
  after(() => db.close());

  it('R-PRINT-1: each page of a class read at once is the page read alone, and what SQL finds for its assignment', async () => {
    const year = (await db.knex('academic_year').first('id')) as { id: string };
    const periods: PeriodRow[] = await db.knex('period').where('kind', '!=', 'year').where('starts_on', '<=', '2026-12-10');
    const classes: { id: string; grade: number }[] = await db.knex('class').select('id', 'grade');
    let pages = 0;
    let subgroups = 0;
    let withMarks = 0;
    for (const c of classes) {
      const period = periods.find((p) => p.grade_from <= c.grade && p.grade_to >= c.grade && p.number === 1)!;
      const assignments = await listAssignments(db.knex, { yearId: year.id, classId: c.id });
      const together = await readJournalPages(db.knex, assignments, period);
      assert.equal(together.size, assignments.length);
      for (const a of assignments) {
        const page = together.get(a.id)!;
        const alone = await readJournalPage(db.knex, a, period);
        assert.deepEqual({ ...page, marks: sorted(page.marks), attendance: sorted(page.attendance), periodMarks: sorted(page.periodMarks) },
          { ...alone, marks: sorted(alone.marks), attendance: sorted(alone.attendance), periodMarks: sorted(alone.periodMarks) }, `${a.className} ${a.subjectName} ${a.subgroupName ?? ''}`);

        const members = a.subgroupId
          ? await db.knex('subgroup_member').where({ subgroup_id: a.subgroupId }).where('starts_on', '<=', period.ends_on)
            .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', period.starts_on)).pluck('student_id')
          : await db.knex('enrolment').where({ class_id: a.classId }).where('starts_on', '<=', period.ends_on)
            .where((w) => w.whereNull('ends_on').orWhere('ends_on', '>=', period.starts_on)).pluck('student_id');
        assert.deepEqual(page.students.map((s) => s.id).sort(), [...members].sort(), 'the students of its subgroup or class');
        const lessons = await db.knex('lesson').where({ assignment_id: a.id, cancelled: 0 }).whereBetween('date', [period.starts_on, period.ends_on])
          .orderBy([{ column: 'date' }, { column: 'lesson_no' }]).pluck('id');
        assert.deepEqual(page.lessons.map((l) => l.id), lessons, 'its lessons in date order');
        const marks = await db.knex('mark').whereIn('lesson_id', lessons).whereNotNull('value').select('lesson_id as lessonId', 'student_id as studentId', 'slot', 'value');
        assert.deepEqual(sorted(page.marks.map(({ workKind: _k, ...m }) => m)), sorted(marks), 'its marks');
        const absences = await db.knex('attendance').whereIn('lesson_id', lessons).whereNotNull('code').select('lesson_id as lessonId', 'student_id as studentId', 'code');
        assert.deepEqual(sorted(page.attendance), sorted(absences), 'its attendance');
        const periodMarks = await db.knex('period_mark').where({ period_id: period.id, class_id: a.classId, subject_id: a.subjectId })
          .whereIn('student_id', members).whereNotNull('value').select('student_id as studentId', 'value');
        assert.deepEqual(sorted(page.periodMarks), sorted(periodMarks), 'the period marks of its students');
        pages++;
        if (a.subgroupId) subgroups++;
        if (page.marks.length > 0) withMarks++;
      }
    }
    assert.ok(pages > 100 && subgroups > 10 && withMarks > 50, `a school's worth of pages (${pages}, ${subgroups} of subgroups, ${withMarks} with marks)`);
  });
});
