// Year marks (R-REC-4): the teacher of a page sets each student's year mark on the year
// period, from the term marks shown on the year sheet; the entry window of period marks
// (R-TIME-5) applies to the year's end; missing term marks need a confirmation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { keyId } from '../../db/ids';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2027-05-20T10:00:00');

before(async () => {
  db = await openJournal(await makeDemoFile(150, 9));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
});
after(() => db.close());

async function signIn(login: string): Promise<string> {
  const caller = `y:${login}:${Math.random()}`;
  const r = await host.call(caller, 'auth.login', { login, password: 'demo' });
  assert.ok(r.ok, JSON.stringify(r));
  return caller;
}

const logCount = async () => Number((await db.knex('change_log').count('* as n').first())?.n);

async function call(caller: string, method: string, args: unknown) {
  return host.call(caller, method, args);
}

async function refused(caller: string, method: string, args: unknown, code: string): Promise<string> {
  const before = await logCount();
  const r = await call(caller, method, args);
  assert.equal(r.ok ? 'ok' : r.error.code, code, r.ok ? '' : r.error.message);
  assert.equal(await logCount(), before, 'nothing changed');
  return r.ok ? '' : r.error.message;
}

interface Sheet {
  year: { id: string; name: string; endsOn: string };
  terms: { id: string; name: string }[];
  students: { id: string; lastName: string }[];
  termMarks: { periodId: string; studentId: string; value: string }[];
  yearMarks: { studentId: string; value: string }[];
  means: { studentId: string; mean: number | null }[];
  canEdit: boolean;
}

/** The teacher's graded page of grade 5 (quarters) and its year sheet. */
async function page(caller: string) {
  const teacher = (await db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
  const a = await db.knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as s', 's.id', 'a.subject_id')
    .where({ 'a.teacher_id': teacher, 's.graded': 1 }).whereNull('a.subgroup_id').whereBetween('c.grade', [2, 9])
    .orderBy('c.grade').first('a.id', 'a.class_id', 'a.subject_id');
  const r = await call(caller, 'journal.yearSheet', { assignmentId: a.id });
  assert.ok(r.ok, JSON.stringify(r));
  return { assignmentId: a.id as string, classId: a.class_id as string, subjectId: a.subject_id as string, sheet: r.value as Sheet };
}

describe('year marks (R-REC-4)', () => {
  it('the year sheet lists the terms, each student\'s term marks and their mean; the teacher may edit it', async () => {
    const t = await signIn('teacher');
    const { sheet } = await page(t);
    assert.equal(sheet.terms.length, 4, 'grades 2–9: four quarters');
    assert.deepEqual(sheet.terms.map((x) => x.name), ['1 четверть', '2 четверть', '3 четверть', '4 четверть']);
    assert.equal(sheet.year.name, 'Учебный год');
    assert.ok(sheet.students.length > 10);
    assert.equal(sheet.canEdit, true);
    for (const m of sheet.means) {
      const own = sheet.termMarks.filter((x) => x.studentId === m.studentId && /^\d$/.test(x.value)).map((x) => Number(x.value));
      assert.equal(m.mean, own.length ? Math.round((own.reduce((s, v) => s + v, 0) / own.length) * 100) / 100 : null);
    }
    const director = await signIn('director');
    const seen = await call(director, 'journal.yearSheet', { assignmentId: (await page(t)).assignmentId });
    assert.ok(seen.ok && !(seen.value as Sheet).canEdit, 'the director sees it and edits nothing');
  });

  it('a year mark without every term mark needs a confirmation; with them all it is set; the history keeps both', async () => {
    const t = await signIn('teacher');
    const { assignmentId, classId, subjectId, sheet } = await page(t);
    const student = sheet.students[0]!.id;
    const termsWithMark = sheet.termMarks.filter((m) => m.studentId === student).length;
    assert.ok(termsWithMark < 4, 'the demo school has not finished the year');
    const args = { assignmentId, periodId: sheet.year.id, studentId: student, value: '4' };
    const message = await refused(t, 'journal.setPeriodMark', args, 'NEEDS_CONFIRMATION');
    assert.match(message, new RegExp(`только за ${termsWithMark} из 4 периодов`));
    const confirmed = await call(t, 'journal.setPeriodMark', { ...args, confirmFewMarks: true });
    assert.ok(confirmed.ok, JSON.stringify(confirmed));

    // The other terms' marks (written here as the teacher would have at each term's end).
    const other = sheet.students[1]!.id;
    for (const term of sheet.terms) {
      await db.writer.write({ userId: null }, [{ table: 'period_mark', id: keyId('period_mark', term.id, other, subjectId), set: { period_id: term.id, student_id: other, subject_id: subjectId, class_id: classId, value: '5', reason: '' } }]);
    }
    const direct = await call(t, 'journal.setPeriodMark', { assignmentId, periodId: sheet.year.id, studentId: other, value: '5' });
    assert.ok(direct.ok, JSON.stringify(direct));
    const after = (await page(t)).sheet;
    assert.deepEqual(after.yearMarks.filter((m) => m.studentId === student || m.studentId === other).sort((x, y) => x.studentId.localeCompare(y.studentId)),
      [{ studentId: student, value: '4' }, { studentId: other, value: '5' }].sort((x, y) => x.studentId.localeCompare(y.studentId)));
    assert.equal(after.means.find((m) => m.studentId === other)!.mean, 5);
    const changed = await call(t, 'journal.setPeriodMark', { ...args, value: '3', confirmFewMarks: true });
    assert.ok(changed.ok);
    const id = keyId('period_mark', sheet.year.id, student, subjectId);
    const history = await db.knex('change_log').where({ table_name: 'period_mark', row_id: id }).orderBy('seq').select('field', 'old_value', 'new_value');
    assert.deepEqual(history.filter((h) => h.field === 'value').map((h) => [h.old_value, h.new_value]), [['"4"', '"3"']]);
  });

  it('outside the window of the year\'s end, by another teacher, or in grade 1 it is refused and nothing changes', async () => {
    const t = await signIn('teacher');
    const { assignmentId, sheet } = await page(t);
    const args = { assignmentId, periodId: sheet.year.id, studentId: sheet.students[2]!.id, value: '4', confirmFewMarks: true };
    now = new Date('2026-11-23T10:00:00');
    try {
      assert.match(await refused(t, 'journal.setPeriodMark', args, 'OUT_OF_WINDOW'), /выставляются с 11\.05\.2027/);
    } finally {
      now = new Date('2027-05-20T10:00:00');
    }
    const ct = await signIn('classteacher');
    await refused(ct, 'journal.setPeriodMark', args, 'FORBIDDEN');
    await refused(t, 'journal.setPeriodMark', { ...args, periodId: 'f0000000-0000-8000-8000-000000000000' }, 'NOT_FOUND');
    await refused(t, 'journal.setPeriodMark', { ...args, value: 'Н/А', confirmFewMarks: undefined }, 'VALIDATION');
  });
});
