// Every rule of db/sync/merge-rules.ts, each on a journal that breaks it the way a merge of
// two computers' changes can: the violation becomes an open conflict with a way out for
// each change involved; taking one settles it (issue 12). The two-computer case of the
// first rule runs end to end in sync-convergence.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withConnection } from '../../db/connection';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { listConflicts } from '../../db/sync/conflicts';
import { checkMergeRules, MERGE_RULES } from '../../db/sync/merge-rules';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
const system = { userId: null };

before(async () => {
  db = await openJournal(await makeDemoFile(60, 41));
  host = new ServiceHost(db, { now: () => new Date('2026-10-05T12:00:00'), log: () => undefined });
});
after(() => db.close());

async function check(table: string, ids: string[]): Promise<number> {
  return withConnection(db.knex, (conn) => checkMergeRules(conn, new Map([[table, ids]]), new Date().toISOString()));
}

async function deputy(): Promise<string> {
  const caller = `dep:${Math.random()}`;
  const r = await host.call(caller, 'auth.login', { login: 'deputy', password: 'demo' });
  assert.ok(r.ok);
  return caller;
}

/** A graded lesson of grade 2–11 with a student and no marks or attendance for them. */
async function freeCell(): Promise<{ lessonId: string; studentId: string }> {
  const row = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id').join('enrolment as e', 'e.class_id', 'c.id').where('c.grade', '>', 1).where('s.graded', 1).whereNull('a.subgroup_id')
    .whereNotExists(db.knex('mark as m').whereRaw('m.lesson_id = l.id AND m.student_id = e.student_id'))
    .whereNotExists(db.knex('attendance as t').whereRaw('t.lesson_id = l.id AND t.student_id = e.student_id'))
    .first('l.id as lessonId', 'e.student_id as studentId') as { lessonId: string; studentId: string };
  assert.ok(row);
  return row;
}

describe('merge rules', () => {
  it('are listed in one place, each with a description', () => {
    assert.deepEqual(MERGE_RULES.map((r) => r.id), ['absent-mark', 'period-mark-period']);
    for (const r of MERGE_RULES) assert.ok(r.description.length > 10);
  });

  it('absent-mark: a mark for a student absent from the lesson is a conflict; keeping the mark takes the absence off', async () => {
    const cell = await freeCell();
    await db.writer.write(system, [
      { table: 'attendance', id: `att-${cell.lessonId}-${cell.studentId}`, set: { lesson_id: cell.lessonId, student_id: cell.studentId, code: 'Б', reason: '' } },
      { table: 'mark', id: `mk-${cell.lessonId}-${cell.studentId}`, set: { lesson_id: cell.lessonId, student_id: cell.studentId, slot: 1, value: '4', work_kind_id: null, comment: '' } },
    ]);
    assert.equal(await check('mark', [`mk-${cell.lessonId}-${cell.studentId}`]), 1);
    const [c] = (await listConflicts(db)).filter((x) => x.id === `rule:absent-mark:mk-${cell.lessonId}-${cell.studentId}`);
    assert.ok(c?.rule, 'an open rule conflict');
    const keepMark = c.values.find((v) => v.value === '4')!;
    const r = await host.call(await deputy(), 'sync.resolveConflict', { id: c.id, hlc: keepMark.hlc });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal((await db.knex('attendance').where({ id: `att-${cell.lessonId}-${cell.studentId}` }).first('code')).code, null);
    assert.equal((await db.knex('sync_conflict').where({ id: c.id }).first('status')).status, 'resolved');
  });

  it('period-mark-period: a period mark under a period of other grades is a conflict; taking it off settles it', async () => {
    const cls = await db.knex('class').where('grade', 5).first('id', 'year_id') as { id: string; year_id: string };
    const senior = await db.knex('period').where('grade_from', '>=', 10).first('id') as { id: string };
    const student = await db.knex('enrolment').where({ class_id: cls.id }).first('student_id') as { student_id: string };
    const subject = await db.knex('subject').where({ graded: 1 }).first('id') as { id: string };
    const id = `pm-wrong-${student.student_id}`;
    await db.writer.write(system, [{ table: 'period_mark', id, set: { period_id: senior.id, student_id: student.student_id, subject_id: subject.id, class_id: cls.id, value: '5', reason: '' } }]);
    assert.equal(await check('period_mark', [id]), 1);
    const [c] = (await listConflicts(db)).filter((x) => x.id === `rule:period-mark-period:${id}`);
    assert.ok(c?.rule);
    const r = await host.call(await deputy(), 'sync.resolveConflict', { id: c.id, hlc: c.values[0]!.hlc });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal((await db.knex('period_mark').where({ id }).first('value')).value, null);
    assert.equal((await db.knex('sync_conflict').where({ id: c.id }).first('status')).status, 'resolved');
  });

  it('two marks a cell at most is held by the schema: a third mark under another row id cannot be written', async () => {
    const cell = await freeCell();
    const mk = (id: string, slot: number, value: string) => ({ table: 'mark' as const, id, set: { lesson_id: cell.lessonId, student_id: cell.studentId, slot, value, work_kind_id: null, comment: '' } });
    await db.writer.write(system, [mk(`a-${cell.studentId}`, 1, '3'), mk(`b-${cell.studentId}`, 2, '4')]);
    await assert.rejects(db.writer.write(system, [mk(`c-${cell.studentId}`, 2, '5')]), /UNIQUE/);
    await assert.rejects(db.writer.write(system, [mk(`d-${cell.studentId}`, 3, '5')]), /CHECK/);
  });

  it('a journal that keeps every rule gives no conflict', async () => {
    const some = await db.knex('mark').whereNotNull('value').limit(200).pluck('id') as string[];
    assert.equal(await check('mark', some), 0);
  });
});
