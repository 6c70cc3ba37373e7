// Backup copies (R-KEEP-1, R-KEEP-2, R-KEEP-4, R-PRINT-2 day 2, R-PRINT-3): a consistent
// copy on two media, verified bit for bit, restored only after it verifies, every backup,
// verification and restore entered in the backup log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { COPY, MANIFEST, makeBackup, restoreBackup, sha256File, verifyBackup } from '../../db/backup';
import { openJournal } from '../../db/journal-db';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let demo: string;

before(async () => {
  demo = await makeDemoFile(60, 8);
});

function journal(...args: string[]): { code: number; json: { error?: { code: string; message: string } } & Record<string, unknown> } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, json: JSON.parse(r.stdout) };
}

describe('backups', () => {
  it('writes a consistent copy with a manifest to two folders (two media, two rooms), each verified and logged', async () => {
    const db = await openJournal(demo);
    const roomA = tmpDir();
    const roomB = tmpDir();
    try {
      const r = await makeBackup(db, [roomA, roomB], { userId: null }, 'конец года');
      assert.equal(r.copies.length, 2);
      for (const c of r.copies) {
        assert.equal(c.ok, true);
        assert.equal(await sha256File(path.join(c.folder, COPY)), r.sha256);
        const manifest = JSON.parse(fs.readFileSync(path.join(c.folder, MANIFEST), 'utf8'));
        assert.equal(manifest.sha256, r.sha256);
        assert.ok(manifest.rows.mark > 100, 'the manifest counts the rows');
        assert.ok((await verifyBackup(c.folder)).ok);
      }
      const log = await db.knex('backup_log').where({ action: 'backup' }).select('location', 'sha256', 'ok', 'computer');
      assert.equal(log.length, 2);
      assert.ok(log.every((l) => l.sha256 === r.sha256 && l.ok === 1 && l.computer.includes(db.writer.nodeId)));
      assert.ok(await db.knex('change_log').where({ table_name: 'backup_log' }).first(), 'the backup log is journal data, with history');
    } finally {
      await db.close();
    }
  });

  it('a changed byte, a truncated copy or a missing manifest fails verification, and such a copy is never restored', async () => {
    const db = await openJournal(demo);
    const room = tmpDir();
    let folder: string;
    try {
      folder = (await makeBackup(db, [room], { userId: null })).copies[0]!.folder;
    } finally {
      await db.close();
    }
    const copy = path.join(folder, COPY);
    const original = fs.readFileSync(copy);
    const flipped = Buffer.from(original);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    fs.writeFileSync(copy, flipped);
    const bad = await verifyBackup(folder);
    assert.equal(bad.ok, false);
    assert.match(bad.problems.join(' '), /SHA-256/);

    const target = path.join(tmpDir(), 'restored.sqlite');
    fs.writeFileSync(target, 'текущая база');
    await assert.rejects(restoreBackup(folder, target, { userId: null }), /не прошла проверку/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'текущая база', 'nothing changed');

    fs.writeFileSync(copy, original.subarray(0, original.length - 4096));
    assert.match((await verifyBackup(folder)).problems.join(' '), /размер/);
    fs.writeFileSync(copy, original);
    fs.rmSync(path.join(folder, MANIFEST));
    assert.match((await verifyBackup(folder)).problems.join(' '), /манифест/);
  });

  it('restores a verified copy, keeps the database it replaces, and the computer gets a new node id', async () => {
    const db = await openJournal(demo);
    const room = tmpDir();
    let folder: string;
    let oldNode: string;
    try {
      folder = (await makeBackup(db, [room], { userId: null })).copies[0]!.folder;
      oldNode = db.writer.nodeId;
    } finally {
      await db.close();
    }
    const target = path.join(tmpDir(), 'journal.sqlite');
    fs.copyFileSync(demo, target);
    const r = await restoreBackup(folder, target, { userId: null });
    assert.ok(r.keptAs && fs.existsSync(r.keptAs), 'the replaced database is kept');
    assert.notEqual(r.nodeId, oldNode, 'a restored copy never reuses the node id of the original');
    const restored = await openJournal(target, { mustExist: true });
    try {
      assert.equal(restored.writer.nodeId, r.nodeId);
      const entry = await restored.knex('backup_log').where({ action: 'restore' }).first();
      assert.equal(entry.ok, 1);
      assert.ok(Number((await restored.knex('mark').count('* as n').first())?.n) > 100);
    } finally {
      await restored.close();
    }
  });

  it('journal backup / verify / restore on the command line, with JSON errors', () => {
    const room = tmpDir();
    const b = journal('backup', '--db', demo, '--to', room, '--to', tmpDir());
    assert.equal(b.code, 0, JSON.stringify(b.json));
    const folder = (b.json.copies as { folder: string }[])[0]!.folder;
    const v = journal('verify', folder, '--db', demo);
    assert.equal(v.code, 0);
    assert.equal(v.json.ok, true);
    fs.appendFileSync(path.join(folder, COPY), 'x');
    const bad = journal('verify', folder);
    assert.equal(bad.code, 1);
    assert.equal(bad.json.error!.code, 'BACKUP_INVALID');
    assert.equal(journal('backup', '--db', demo).json.error!.code, 'USAGE');
    assert.equal(journal('restore', '--db', path.join(tmpDir(), 'x.sqlite'), '--from', folder).json.error!.code, 'BACKUP_INVALID');
  });
});

describe('backups from the app', () => {
  it('the administrator or a deputy makes a copy; a teacher cannot; the year-end reminder stays until two media are written', async () => {
    const { ServiceHost } = await import('../../service/host');
    const db = await openJournal(demo);
    let now = new Date('2027-05-25T10:00:00');
    const host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
    try {
      const sign = async (login: string) => {
        const c = `b:${login}:${Math.random()}`;
        assert.ok((await host.call(c, 'auth.login', { login, password: 'demo' })).ok);
        return c;
      };
      const deputy = await sign('deputy');
      const teacher = await sign('teacher');
      const forbidden = await host.call(teacher, 'backup.make', { destinations: [tmpDir()] });
      assert.ok(!forbidden.ok && forbidden.error.code === 'FORBIDDEN');

      now = new Date('2026-11-23T10:00:00');
      const early = await host.call(deputy, 'backup.status', {});
      assert.ok(early.ok && (early.value as { yearEndDue: boolean }).yearEndDue === false, 'not due in November');
      now = new Date('2027-05-25T10:00:00');
      const due = await host.call(deputy, 'backup.status', {});
      assert.ok(due.ok && (due.value as { yearEndDue: boolean }).yearEndDue === true, 'due two weeks before the year ends');
      const made = await host.call(deputy, 'backup.make', { destinations: [tmpDir(), tmpDir()], note: 'конец года' });
      assert.ok(made.ok, JSON.stringify(made));
      const after = await host.call(deputy, 'backup.status', {});
      assert.ok(after.ok && (after.value as { yearEndDue: boolean }).yearEndDue === false, 'two media written: no longer due');
      const log = await host.call(await sign('secretary'), 'backup.log', {});
      assert.ok(log.ok && (log.value as { action: string; staffName: string }[]).some((l) => l.action === 'backup' && l.staffName));
    } finally {
      await db.close();
    }
  });
});

describe('a medium holding several copies (R-KEEP-1, R-KEEP-4)', () => {
  /** Two copies on one medium, a day apart; the newest last. */
  async function mediumWithTwoCopies(): Promise<{ medium: string; older: string; newer: string }> {
    const db = await openJournal(demo);
    const medium = tmpDir();
    try {
      const older = (await makeBackup(db, [medium], { userId: null }, '', new Date('2026-11-20T10:00:00Z'))).copies[0]!.folder;
      const newer = (await makeBackup(db, [medium], { userId: null }, '', new Date('2026-11-21T10:00:00Z'))).copies[0]!.folder;
      return { medium, older, newer };
    } finally {
      await db.close();
    }
  }

  it('journal verify on the medium names every copy there and verifies each, the newest first', async () => {
    const { medium, older, newer } = await mediumWithTwoCopies();
    fs.mkdirSync(path.join(medium, 'Новая папка')); // anything else on the medium is not a copy
    const v = journal('verify', medium);
    assert.equal(v.code, 0, JSON.stringify(v.json));
    assert.equal(v.json.medium, true);
    const copies = v.json.copies as { folder: string; ok: boolean }[];
    assert.deepEqual(copies.map((c) => c.folder), [newer, older]);
    assert.ok(copies.every((c) => c.ok));
    assert.equal(v.json.newestVerified, newer);
  });

  it('a damaged copy on the medium fails verify with its name; restore --from the medium takes the newest copy that verifies', async () => {
    const { medium, older, newer } = await mediumWithTwoCopies();
    fs.appendFileSync(path.join(newer, COPY), 'x');
    const v = journal('verify', medium);
    assert.equal(v.code, 1);
    assert.equal(v.json.error!.code, 'BACKUP_INVALID');
    assert.match(v.json.error!.message, new RegExp(path.basename(newer)));
    assert.match(v.json.error!.message, /восстановить можно копию/);

    const target = path.join(tmpDir(), 'journal.sqlite');
    fs.copyFileSync(demo, target);
    const r = journal('restore', '--db', target, '--from', medium);
    assert.equal(r.code, 0, JSON.stringify(r.json));
    assert.equal(r.json.restoredFrom, older);
    assert.ok(fs.existsSync(r.json.keptAs as string), 'the replaced database is kept');
    assert.deepEqual((r.json.copies as { ok: boolean }[]).map((c) => c.ok), [false, true]);
  });

  it('a folder without copies, a missing folder, a medium where no copy verifies: a Russian JSON error and nothing changes', async () => {
    const target = path.join(tmpDir(), 'journal.sqlite');
    fs.copyFileSync(demo, target);
    const before = await sha256File(target);
    const empty = tmpDir();
    for (const args of [['verify', empty], ['restore', '--db', target, '--from', empty], ['verify', path.join(empty, 'нет такой')]]) {
      const r = journal(...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.json.error!.code, 'BACKUP_NOT_FOUND', args.join(' '));
      assert.match(r.json.error!.message, /[А-Яа-я]/);
      assert.doesNotMatch(r.json.error!.message, /ENOENT/);
    }
    assert.match(journal('verify', empty).json.error!.message, /нет резервных копий журнала/);
    const { medium, older, newer } = await mediumWithTwoCopies();
    for (const f of [older, newer]) fs.appendFileSync(path.join(f, COPY), 'x');
    const r = journal('restore', '--db', target, '--from', medium);
    assert.equal(r.json.error!.code, 'BACKUP_INVALID');
    assert.match(r.json.error!.message, /Ни одна из копий/);
    assert.equal(await sha256File(target), before, 'the database is as it was');
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ['journal.sqlite'], 'no file left beside it');
  });
});

describe('restoring from the app (R-KEEP-4)', () => {
  it('only the administrator restores; a copy that does not verify changes nothing; a verified one replaces the open journal, keeps the old one, takes a new node id and signs everyone out', async () => {
    const { ServiceHost } = await import('../../service/host');
    const file = path.join(tmpDir(), 'journal.sqlite');
    fs.copyFileSync(demo, file);
    const medium = tmpDir();
    const db = await openJournal(file, { mustExist: true });
    const reopened: string[] = [];
    let closedBefore = 0;
    const host = new ServiceHost(db, {
      now: () => new Date('2026-11-23T10:00:00'), log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000,
      beforeDatabaseClose: async () => {
        closedBefore++;
      },
      afterDatabaseOpen: (d) => reopened.push(d.writer.nodeId),
    });
    try {
      const sign = async (login: string) => {
        const c = `r:${login}`;
        assert.ok((await host.call(c, 'auth.login', { login, password: 'demo' })).ok);
        return c;
      };
      const admin = await sign('admin');
      const deputy = await sign('deputy');
      const made = await host.call(admin, 'backup.make', { destinations: [medium] });
      assert.ok(made.ok, JSON.stringify(made));
      const oldNode = host.db.writer.nodeId;
      // After the copy: a change that the restore takes back.
      await host.db.knex('local_state').insert({ key: 'after-backup', value: '1' });

      const forbidden = await host.call(deputy, 'backup.restore', { folder: medium });
      assert.ok(!forbidden.ok && forbidden.error.code === 'FORBIDDEN');

      // A damaged copy: refused with the reason, the journal stays open and nobody is signed out.
      const copyFolder = (made.ok ? (made.value as { copies: { folder: string }[] }).copies[0]!.folder : '');
      const original = fs.readFileSync(path.join(copyFolder, COPY));
      fs.appendFileSync(path.join(copyFolder, COPY), 'x');
      const bad = await host.call(admin, 'backup.restore', { folder: medium });
      assert.ok(!bad.ok && bad.error.code === 'CONFLICT', JSON.stringify(bad));
      assert.match(bad.error.message, /не прошла проверку|Ни одна из копий/);
      assert.equal(closedBefore, 0, 'the database was not closed');
      assert.equal(host.db.writer.nodeId, oldNode);
      assert.ok((await host.call(deputy, 'backup.log', {})).ok, 'still signed in');
      const missing = await host.call(admin, 'backup.restore', { folder: path.join(medium, 'нет') });
      assert.ok(!missing.ok && missing.error.code === 'NOT_FOUND' && /не найдена/.test(missing.error.message));
      fs.writeFileSync(path.join(copyFolder, COPY), original);

      const listed = await host.call(admin, 'backup.inspect', { folder: medium });
      assert.ok(listed.ok && (listed.value as { kind: string; copies: { ok: boolean }[] }).kind === 'medium');
      assert.deepEqual((listed.ok ? (listed.value as { copies: { ok: boolean }[] }).copies : []).map((c) => c.ok), [true]);

      const r = await host.call(admin, 'backup.restore', { folder: medium });
      assert.ok(r.ok, JSON.stringify(r));
      const value = r.value as { restoredFrom: string; keptAs: string; nodeId: string };
      assert.equal(value.restoredFrom, copyFolder);
      assert.ok(fs.existsSync(value.keptAs), 'the replaced database is kept beside it');
      assert.notEqual(value.nodeId, oldNode, 'a new node id');
      assert.equal(host.db.writer.nodeId, value.nodeId, 'the host works on the restored journal');
      assert.deepEqual(reopened, [value.nodeId]);
      assert.equal(await host.db.knex('local_state').where({ key: 'after-backup' }).first(), undefined, 'the journal is the copy');
      const entry = await host.db.knex('backup_log').where({ action: 'restore' }).first();
      assert.equal(entry.location, copyFolder);
      assert.equal(entry.staff_id, (await host.db.knex('staff').where({ login: 'admin' }).first('id')).id, 'entered as the administrator');
      // Everyone signs in again, told why.
      for (const c of [admin, deputy]) {
        const after = await host.call(c, 'backup.log', {});
        assert.ok(!after.ok && after.error.code === 'UNAUTHENTICATED');
        assert.match(after.error.message, /восстановлен из резервной копии/);
      }
      assert.ok((await host.call(admin, 'auth.login', { login: 'admin', password: 'demo' })).ok);
      assert.ok((await host.call(admin, 'backup.log', {})).ok);
    } finally {
      await host.db.close();
    }
  });
});
