// The one write path: every change to journal data is recorded with who, which computer,
// when (hybrid logical clock), old → new and why — in the same transaction.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ROW_CREATED } from '../../db/journal-writer';
import { JOURNAL_FIELDS, type JournalTable } from '../../db/schema';
import { compareHlc, parseHlc } from '../../shared/hlc';
import { withFreshDb } from '../helpers/fresh-db';
import { tmpDir } from '../helpers/tmp';

const withDb = withFreshDb;

const subject = (id: string, name: string) => ({ table: 'subject' as const, id, set: { name, short_name: name.slice(0, 3) } });

/** A member of staff with the administrator's role, made by the system: the rule book lets only the administrator change subjects (R-ROLE-6). */
async function administrator(db: JournalDb, id: string): Promise<void> {
  await db.writer.write({ userId: null }, [
    { table: 'staff', id, set: { login: id, last_name: 'Админ', first_name: 'А', middle_name: '', position: '', active: 1 } },
    { table: 'staff_role', id: `${id}-admin`, set: { staff_id: id, role: 'admin', revoked: 0 } },
  ]);
}

describe('journal writer', () => {
  it('records each changed field with author, computer, clock, old and new value and reason', async () => {
    await withDb(async (db) => {
      await administrator(db, 'u-admin');
      await db.writer.write({ userId: null }, [subject('s1', 'Физика')], { reason: 'учебный план' });
      await db.writer.write({ userId: 'u-admin' }, [{ table: 'subject', id: 's1', set: { name: 'Физика и астрономия', short_name: 'Физ' } }], { reason: 'переименование' });
      const log = await db.knex('change_log').where({ row_id: 's1' }).orderBy('seq');
      assert.equal(log.length, 2, 'the row created (one entry), then one field changed; the unchanged short_name is not recorded');
      assert.equal(log[0]!.field, ROW_CREATED);
      assert.deepEqual(JSON.parse(log[0]!.new_value), { name: 'Физика', short_name: 'Физ' });
      const last = log[1]!;
      assert.equal(last.table_name, 'subject');
      assert.equal(last.field, 'name');
      assert.equal(last.old_value, JSON.stringify('Физика'));
      assert.equal(last.new_value, JSON.stringify('Физика и астрономия'));
      assert.equal(last.user_id, 'u-admin');
      assert.equal(last.node_id, db.writer.nodeId);
      assert.equal(last.reason, 'переименование');
      assert.equal(log[0]!.old_value, null, 'a created row has no old value');
    });
  });

  it('is all or nothing: a bad change in a batch leaves the data and the log untouched', async () => {
    await withDb(async (db) => {
      await db.writer.write({ userId: null }, [subject('s1', 'Химия')]);
      const before = await db.knex('change_log').count('* as n');
      await assert.rejects(
        db.writer.write({ userId: null }, [
          { table: 'subject', id: 's1', set: { name: 'Не должно сохраниться' } },
          { table: 'subject', id: 's2', set: { name: 'Без краткого названия' } }, // short_name NOT NULL fails
        ]),
      );
      assert.equal((await db.knex('subject').where({ id: 's1' }).first()).name, 'Химия');
      assert.deepEqual(await db.knex('change_log').count('* as n'), before);
    });
  });

  it('refuses unknown tables and fields before touching SQL', async () => {
    await withDb(async (db) => {
      await assert.rejects(db.writer.write({ userId: null }, [{ table: 'change_log' as JournalTable, id: 'x', set: { field: 'a' } }]), /not a journal table/);
      await assert.rejects(db.writer.write({ userId: null }, [{ table: 'subject', id: 'x', set: { 'name; DROP TABLE subject': 'a' } }]), /not a field/);
    });
  });

  it('never gives two changes the same clock value, even when written concurrently', async () => {
    await withDb(async (db) => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => db.writer.write({ userId: null }, [subject(`s${i}`, `Предмет ${i}`), { table: 'subject', id: `s${i}`, set: { sort_order: i + 1 } }])));
      const hlcs: string[] = (await db.knex('change_log').orderBy('seq').select('hlc')).map((r: { hlc: string }) => r.hlc);
      assert.equal(hlcs.length, 40);
      assert.equal(new Set(hlcs).size, 40);
      for (let i = 1; i < hlcs.length; i++) assert.equal(compareHlc(parseHlc(hlcs[i - 1]!), parseHlc(hlcs[i]!)), -1, 'log order is clock order');
    });
  });

  it('keeps its clock across restarts, even if the wall clock went back', async () => {
    const file = path.join(tmpDir(), 'j.sqlite');
    const db1 = await openJournal(file);
    await db1.writer.write({ userId: null }, [subject('s1', 'Биология')]);
    const last = db1.writer.lastHlc;
    await db1.close();
    const db2 = await openJournal(file, { wall: () => last.millis - 3_600_000 });
    try {
      assert.equal(db2.writer.nodeId, last.node, 'the computer keeps its node id');
      await db2.writer.write({ userId: null }, [subject('s2', 'География')]);
      assert.equal(compareHlc(db2.writer.lastHlc, last), 1);
    } finally {
      await db2.close();
    }
  });

  it('bulk inserts are recorded field by field like any other change', async () => {
    await withDb(async (db) => {
      const rows = Array.from({ length: 1200 }, (_, i) => ({ id: `w${i}`, code: `K${i}`, name: `Работа ${i}`, written: i % 2, weight: 1, sort_order: i, retired: 0 }));
      const r = await db.writer.insertNew({ userId: null }, 'work_kind', rows);
      assert.equal(r.created, 1200);
      assert.equal(r.changed, 1200, 'one entry per created row');
      const entries = await db.knex('change_log').where({ table_name: 'work_kind' }).select('row_id', 'field', 'new_value');
      assert.equal(entries.length, 1200);
      assert.deepEqual(JSON.parse(entries.find((e) => e.row_id === 'w7')!.new_value), { code: 'K7', name: 'Работа 7', written: 1, weight: 1, sort_order: 7, retired: 0 });
    });
  });


  it('a bulk insert of many chunks (handed to SQLite ahead of each other) keeps their order in the table and the log; a chunk that fails late leaves nothing at all', async () => {
    await withDb(async (db) => {
      const rows = Array.from({ length: 5321 }, (_, i) => ({ id: `k${String(i).padStart(5, '0')}`, code: `C${i}`, name: `Вид ${i}`, written: 0, weight: 1, sort_order: i, retired: 0 }));
      await db.writer.insertNew({ userId: null }, 'work_kind', rows);
      const inTable = (await db.knex('work_kind').orderBy('rowid').select('id')).map((r: { id: string }) => r.id);
      const inLog = (await db.knex('change_log').where({ table_name: 'work_kind' }).orderBy('seq').select('row_id', 'seq')) as { row_id: string; seq: number }[];
      assert.deepEqual(inTable, rows.map((r) => r.id), 'rows in the order given');
      assert.deepEqual(inLog.map((e) => e.row_id), rows.map((r) => r.id), 'entries in the order given');
      assert.equal(inLog[inLog.length - 1]!.seq - inLog[0]!.seq, rows.length - 1, 'consecutive seqs');

      // The ninth chunk of 500 clashes with a row already there (code is unique): all or nothing.
      const logBefore = await db.knex('change_log').count({ n: '*' }).first();
      const more = Array.from({ length: 6000 }, (_, i) => ({ id: `m${i}`, code: i === 4321 ? 'C7' : `M${i}`, name: `Ещё ${i}`, written: 0, weight: 1, sort_order: i, retired: 0 }));
      await assert.rejects(db.writer.insertNew({ userId: null }, 'work_kind', more), /UNIQUE/);
      assert.equal((await db.knex('work_kind').where('id', 'like', 'm%').count({ n: '*' }).first())!.n, 0, 'no row of the failed insert');
      assert.deepEqual(await db.knex('change_log').count({ n: '*' }).first(), logBefore, 'no entry of the failed insert');
      // And the writer goes on.
      await db.writer.insertNew({ userId: null }, 'work_kind', more.map((r) => ({ ...r, code: `N${r.sort_order}` })));
      assert.equal((await db.knex('work_kind').where('id', 'like', 'm%').count({ n: '*' }).first())!.n, 6000);
    });
  });
  it('a batch of many changes (its rows read in bulk) records the same old values and versions as changes written one by one; a row changed twice reads its first change', async () => {
    await withDb(async (db) => {
      await administrator(db, 'u-admin');
      const n = 40;
      // Two groups of subjects with the same history: created, then renamed once.
      for (const g of ['a', 'b']) {
        await db.writer.insertNew({ userId: null }, 'subject', Array.from({ length: n }, (_, i) => ({ id: `${g}${i}`, name: `Предмет ${g}${i}`, short_name: `П${i}` })));
        await db.writer.write({ userId: null }, Array.from({ length: n }, (_, i) => ({ table: 'subject' as const, id: `${g}${i}`, set: { name: `Предмет ${g}${i}.` } })));
      }
      const rename = (g: string, i: number) => ({ table: 'subject' as const, id: `${g}${i}`, set: { name: `Новый ${g}${i}`, short_name: `Н${i}` } });
      for (let i = 0; i < n; i++) await db.writer.write({ userId: 'u-admin' }, [rename('a', i)], { reason: 'по одному' });
      const twice = { table: 'subject' as const, id: 'b0', set: { name: 'Ещё раз' } };
      const r = await db.writer.writeBatch({ userId: 'u-admin' }, { inserts: [], changes: [...Array.from({ length: n }, (_, i) => rename('b', i)), twice] }, { reason: 'пакетом' });
      assert.equal(r.changed, 2 * n + 1);
      const log: { row_id: string; field: string; hlc: string; old_value: string | null; base_hlc: string | null; seq: number }[] = await db.knex('change_log').where({ table_name: 'subject' }).orderBy('seq').select('row_id', 'field', 'hlc', 'old_value', 'base_hlc', 'seq');
      const last = (g: string, i: number, field: string) => log.filter((e) => e.row_id === `${g}${i}` && e.field === field).at(-1)!;
      const before = (g: string, i: number, field: string, seq: number) => log.filter((e) => e.row_id === `${g}${i}` && (e.field === field || e.field === ROW_CREATED) && e.seq < seq).at(-1)!;
      for (let i = 1; i < n; i++) {
        for (const g of ['a', 'b']) {
          const name = last(g, i, 'name');
          const short = last(g, i, 'short_name');
          assert.equal(name.old_value, JSON.stringify(`Предмет ${g}${i}.`), `${g}${i}: the old name`);
          assert.equal(short.old_value, JSON.stringify(`П${i}`), `${g}${i}: the old short name`);
          // What the author had seen: the field's previous change (the rename), or the row's creation.
          assert.equal(name.base_hlc, `v:${before(g, i, 'name', name.seq).hlc}`, `${g}${i}: the name's version`);
          assert.equal(short.base_hlc, `v:${before(g, i, 'short_name', short.seq).hlc}`, `${g}${i}: the short name's version`);
        }
      }
      const again = last('b', 0, 'name');
      assert.equal(again.old_value, JSON.stringify('Новый b0'), 'the second change of b0 read its first');
      // Its version is of the log before the batch (the batch's entries are appended at its end), as the first change's.
      assert.equal(again.base_hlc, log.filter((e) => e.row_id === 'b0' && e.field === 'name').at(-2)!.base_hlc);
      assert.equal((await db.knex('subject').where({ id: 'b0' }).first('name')).name, 'Ещё раз');
      assert.equal((await db.knex('subject').where({ id: 'b7' }).first('short_name')).short_name, 'Н7');
    });
  });

  it('replaying the change history from nothing gives the same journal (nothing written around it)', async () => {
    await withDb(async (db) => {
      await administrator(db, 'u1');
      await db.writer.write({ userId: null }, [subject('s1', 'Алгебра'), subject('s2', 'Геометрия')]);
      await db.writer.write({ userId: 'u1' }, [{ table: 'subject', id: 's1', set: { graded: 0, sort_order: 3 } }]);
      await db.writer.write({ userId: 'u1' }, [{ table: 'subject', id: 's1', set: { graded: 1 } }]);
      const replayed = new Map<string, Record<string, unknown>>();
      for (const e of await db.knex('change_log').where({ table_name: 'subject' }).orderBy('hlc')) {
        const row: Record<string, unknown> = replayed.get(e.row_id) ?? { id: e.row_id };
        if (e.field === ROW_CREATED) Object.assign(row, JSON.parse(e.new_value));
        else row[e.field] = JSON.parse(e.new_value);
        replayed.set(e.row_id, row);
      }
      const actual = await db.knex('subject').orderBy('id');
      for (const row of actual) {
        const r = replayed.get(row.id)!;
        for (const f of JOURNAL_FIELDS.subject) if (f in r) assert.equal(row[f], r[f], `subject ${row.id}.${f}`);
      }
      assert.equal(replayed.size, actual.length);
    });
  });
});
