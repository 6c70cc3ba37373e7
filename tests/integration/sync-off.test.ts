// Sync switched off (no share folder set for this computer): the service says so plainly and
// how to turn it on; "sync now" is refused with that message and writes nothing; nothing is
// reported as waiting to be sent until a share is set.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { openJournal } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

let demo: string;
before(async () => {
  demo = await makeDemoFile(60, 8);
});

describe('sync switched off', () => {
  it('the indicator says off with nothing waiting; sync now is refused with how to turn it on, and nothing changes', async () => {
    const file = path.join(tmpDir(), 'school.sqlite');
    fs.copyFileSync(demo, file);
    const db = await openJournal(file, { mustExist: true });
    const host = new ServiceHost(db, { now: () => new Date('2026-11-23T10:00:00'), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
    try {
      const sign = async (login: string) => {
        assert.ok((await host.call(login, 'auth.login', { login, password: 'demo' })).ok);
        return login;
      };
      const admin = await sign('admin');
      const teacher = await sign('teacher');
      for (const who of [admin, teacher]) {
        const ind = await host.call(who, 'sync.indicator', {});
        assert.ok(ind.ok);
        const v = ind.value as { health: string; outbox: number | null; summary: string };
        assert.equal(v.health, 'off');
        assert.equal(v.outbox, null, 'nothing is said to wait for sending');
        assert.match(v.summary, /не настроена/);
      }
      const before = await db.knex('change_log').count('* as n').first();
      for (const who of [admin, teacher]) {
        const r = await host.call(who, 'sync.now', {});
        assert.ok(!r.ok && r.error.code === 'CONFLICT');
        assert.match(r.error.message, /Синхронизация выключена/);
        assert.match(r.error.message, /сетевую папку/);
        assert.match(r.error.message, /«Сохранить»/);
      }
      assert.deepEqual(await db.knex('change_log').count('* as n').first(), before, 'nothing changed');

      // Turned on: what waits to be sent is counted again.
      const share = tmpDir();
      assert.ok((await host.call(admin, 'sync.configure', { share })).ok);
      const on = await host.call(admin, 'sync.indicator', {});
      assert.ok(on.ok && typeof (on.value as { outbox: number | null }).outbox === 'number' && (on.value as { health: string }).health !== 'off');
    } finally {
      await db.close();
    }
  });
});
