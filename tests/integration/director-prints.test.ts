// The director prints (R-ROLE-5: sees everything without editing, prints, signs): the print
// methods take the director's calls and enter each document in the register as it is made;
// the register's keeping — marking copies stale, binding — stays with the secretary, the
// deputies and the administrator, in the service and in the rule book alike.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { newId } from '../../db/ids';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

const AFTER_Q1 = new Date('2026-10-26T10:00:00');
let demo: string;

before(async () => {
  demo = await makeDemoFile(60, 8);
});

async function school(): Promise<{ db: JournalDb; host: ServiceHost; sign(login: string): Promise<string> }> {
  const file = path.join(tmpDir(), 'school.sqlite');
  fs.copyFileSync(demo, file);
  const db = await openJournal(file, { mustExist: true });
  const host = new ServiceHost(db, { now: () => AFTER_Q1, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  const sign = async (login: string) => {
    const caller = `p:${login}`;
    const r = await host.call(caller, 'auth.login', { login, password: 'demo' });
    assert.ok(r.ok, JSON.stringify(r));
    return caller;
  };
  return { db, host, sign };
}

async function classAndQuarter(db: JournalDb): Promise<{ classId: string; periodId: string }> {
  const q1: { id: string } = await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id');
  const cls: { id: string } = await db.knex('class').where('grade', 5).orderBy('letter').first('id');
  return { classId: cls.id, periodId: q1.id };
}

describe('the director prints (R-ROLE-5)', () => {
  it('previews and prints a class copy and a summary sheet, each entered in the register under the director', async () => {
    const { db, host, sign } = await school();
    try {
      const director = await sign('director');
      const t = await classAndQuarter(db);
      const choices = await host.call(director, 'print.choices', {});
      assert.ok(choices.ok, JSON.stringify(choices));
      const preview = await host.call(director, 'print.preview', { document: 'class_copy', ...t });
      assert.ok(preview.ok, JSON.stringify(preview).slice(0, 300));
      const file = path.join(tmpDir(), 'copy.pdf');
      const printed = await host.call(director, 'print.classCopy', { ...t, file });
      assert.ok(printed.ok, JSON.stringify(printed));
      assert.ok(fs.statSync(file).size > 1000, 'the PDF is written');
      const summary = await host.call(director, 'print.summary', { ...t, kind: 'marks', file: path.join(tmpDir(), 'marks.pdf') });
      assert.ok(summary.ok, JSON.stringify(summary));
      const directorId: string = (await db.knex('staff').where({ login: 'director' }).first('id')).id;
      const entries: { printed_by: string; status: string }[] = await db.knex('print_register').select('printed_by', 'status');
      assert.equal(entries.length, 2);
      assert.ok(entries.every((e) => e.printed_by === directorId && e.status === 'current'));
      assert.ok((await host.call(director, 'print.jobs', {})).ok);
    } finally {
      await db.close();
    }
  });

  it('marking copies stale and binding stay with the register\'s keepers: refused in Russian, nothing written', async () => {
    const { db, host, sign } = await school();
    try {
      const director = await sign('director');
      const t = await classAndQuarter(db);
      const printed = await host.call(director, 'print.classCopy', { ...t, file: path.join(tmpDir(), 'copy.pdf') });
      assert.ok(printed.ok);
      const docNo = (printed.value as { docNo: string }).docNo;
      const before = await db.knex('change_log').count('* as n').first();
      for (const [method, args] of [['print.markStale', { classId: t.classId }], ['print.bind', { docNo, boundOn: '2026-10-27', folder: 'Дело 1' }]] as const) {
        const r = await host.call(director, method, args);
        assert.ok(!r.ok && r.error.code === 'FORBIDDEN', method);
        assert.match(r.error.message, /[А-Яа-я]/);
      }
      assert.deepEqual(await db.knex('change_log').count('* as n').first(), before, 'nothing changed');
      // The teacher still does not print.
      const teacher = await sign('teacher');
      const r = await host.call(teacher, 'print.classCopy', { ...t, file: path.join(tmpDir(), 'x.pdf') });
      assert.ok(!r.ok && r.error.code === 'FORBIDDEN');
    } finally {
      await db.close();
    }
  });

  it('the rule book lets the director create a current register entry, and change none: a forged change of an entry is refused', async () => {
    const { db, host, sign } = await school();
    try {
      const director = await sign('director');
      const t = await classAndQuarter(db);
      const printed = await host.call(director, 'print.classCopy', { ...t, file: path.join(tmpDir(), 'copy.pdf') });
      assert.ok(printed.ok);
      const directorId: string = (await db.knex('staff').where({ login: 'director' }).first('id')).id;
      const entry: { id: string } = await db.knex('print_register').first('id');
      const actor = { userId: directorId };
      await assert.rejects(db.writer.write(actor, [{ table: 'print_register', id: entry.id, set: { status: 'stale' } }], { reason: 'подделка' }), /нет правила/);
      await assert.rejects(db.writer.write(actor, [{ table: 'print_register', id: entry.id, set: { title: 'другой документ' } }], { reason: 'подделка' }), /нет правила/);
      await assert.rejects(db.writer.write(actor, [{ table: 'print_register', id: newId(), set: { doc_no: 'X-1', kind: 'class_copy', status: 'stale', title: 'x', printed_by: directorId } }], { reason: 'подделка' }));
      assert.equal((await db.knex('print_register').where({ id: entry.id }).first('status')).status, 'current');
    } finally {
      await db.close();
    }
  });
});
