// Scheduled checks of the backup copies (issue 15 item 4): each copy this computer made is
// checked on its medium bit for bit against its manifest (R-KEEP-2), every check entered in
// the backup log, the administrator told about a copy gone bad or out of reach with what
// to do; and the year-end copy on two media due by 30 June (R-KEEP-1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COPY, makeBackup } from '../../db/backup';
import { BackupCheckSchedule, checkBackups, lastCheck, yearEndCopy, type BackupCheckRun } from '../../db/backup-check';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SYSTEM = { userId: null };

async function freshDb(): Promise<{ db: JournalDb; file: string }> {
  const file = path.join(tmpDir(), 'journal.sqlite');
  fs.copyFileSync(await makeDemoFile(60, 8), file);
  return { db: await openJournal(file), file };
}

interface LogRow { location: string; ok: number; note: string; action: string; staff_id: string | null }
const verifications = (db: JournalDb, location: string): Promise<LogRow[]> =>
  db.knex('backup_log').where({ action: 'verify', location }).orderBy('at').select('location', 'ok', 'note', 'action', 'staff_id');

const stateOf = (run: BackupCheckRun, location: string) => run.copies.find((c) => c.location === location);

describe('the scheduled check of backup copies (R-KEEP-2)', () => {
  let db: JournalDb;
  let file: string;
  let roomA: string;
  let roomB: string;
  let copyA: string;
  let copyB: string;

  before(async () => {
    ({ db, file } = await freshDb());
    roomA = path.join(tmpDir(), 'E-flash');
    roomB = path.join(tmpDir(), 'F-disk');
    const made = await makeBackup(db, [roomA, roomB], SYSTEM, 'конец четверти', new Date('2026-11-02T15:00:00Z'));
    [copyA, copyB] = made.copies.map((c) => c.folder) as [string, string];
  });
  after(() => db.close());

  it('a good copy on each medium passes bit for bit and each check is entered in the backup log', async () => {
    const run = await checkBackups(db, SYSTEM, { now: new Date('2026-11-03T08:00:00Z') });
    assert.equal(run.copies.length, 2);
    for (const copy of [copyA, copyB]) {
      const c = stateOf(run, copy)!;
      assert.equal(c.state, 'ok', JSON.stringify(c));
      assert.equal(c.message, null);
      assert.equal(c.medium, path.dirname(copy));
      const log = await verifications(db, copy);
      assert.equal(log.length, 1);
      assert.equal(log[0]!.ok, 1);
      assert.match(log[0]!.note, /плановая проверка/);
    }
    assert.deepEqual(run.notices, []);
    assert.deepEqual((await lastCheck(db.knex))?.copies.map((c) => c.state), ['ok', 'ok'], 'kept for the backups screen');
  });

  it('a flipped byte in a copy: damaged, with what to do, entered in the log as failed', async () => {
    const f = path.join(copyA, COPY);
    const bytes = fs.readFileSync(f);
    const original = bytes[5000]!;
    bytes[5000] = original ^ 0x01;
    fs.writeFileSync(f, bytes);
    try {
      const run = await checkBackups(db, SYSTEM, { now: new Date('2026-11-04T08:00:00Z') });
      const c = stateOf(run, copyA)!;
      assert.equal(c.state, 'damaged');
      assert.match(c.problems.join(' '), /SHA-256/);
      assert.match(c.message!, /^Копия на носителе .+ повреждена/);
      assert.match(c.message!, /сделайте новую копию/);
      assert.ok(c.message!.includes(path.dirname(copyA)), 'names the medium');
      assert.equal(stateOf(run, copyB)!.state, 'ok', 'the other medium is fine');
      assert.ok(run.notices.some((n) => n.includes('повреждена')));
      const log = await verifications(db, copyA);
      assert.equal(log.at(-1)!.ok, 0);
      assert.match(log.at(-1)!.note, /SHA-256/);
    } finally {
      bytes[5000] = original;
      fs.writeFileSync(f, bytes);
    }
  });

  it('a truncated copy: damaged (its size differs from the manifest)', async () => {
    const f = path.join(copyB, COPY);
    const whole = fs.readFileSync(f);
    fs.writeFileSync(f, whole.subarray(0, Math.floor(whole.length / 2)));
    try {
      const run = await checkBackups(db, SYSTEM, { now: new Date('2026-11-05T08:00:00Z') });
      const c = stateOf(run, copyB)!;
      assert.equal(c.state, 'damaged');
      assert.match(c.problems.join(' '), /размер файла/);
      assert.match(c.message!, /повреждена/);
      assert.equal(stateOf(run, copyA)!.state, 'ok', 'the first copy is whole again');
    } finally {
      fs.writeFileSync(f, whole);
    }
  });

  it('a manifest replaced together with its copy does not pass: the log\'s hash from the day it was made is compared too', async () => {
    const manifestFile = path.join(copyA, 'manifest.json');
    const dbFile = path.join(copyA, COPY);
    const keepManifest = fs.readFileSync(manifestFile);
    const keepCopy = fs.readFileSync(dbFile);
    // Another database under the same name, with a manifest that matches it.
    const other = await freshDb();
    try {
      const fake = await makeBackup(other.db, [tmpDir()], SYSTEM);
      fs.copyFileSync(path.join(fake.copies[0]!.folder, COPY), dbFile);
      fs.copyFileSync(path.join(fake.copies[0]!.folder, 'manifest.json'), manifestFile);
      const run = await checkBackups(db, SYSTEM, { now: new Date('2026-11-05T09:00:00Z') });
      assert.equal(stateOf(run, copyA)!.state, 'damaged');
      assert.match(stateOf(run, copyA)!.problems.join(' '), /журнале копий/);
    } finally {
      await other.db.close();
      fs.writeFileSync(manifestFile, keepManifest);
      fs.writeFileSync(dbFile, keepCopy);
    }
  });

  it('a missing medium: unreachable, named with what to do; entered in the log once, not every day', async () => {
    const away = `${roomB}-away`;
    fs.renameSync(roomB, away);
    try {
      const before = (await verifications(db, copyB)).length;
      const run = await checkBackups(db, SYSTEM, { now: new Date('2026-11-06T08:00:00Z') });
      const c = stateOf(run, copyB)!;
      assert.equal(c.state, 'unreachable');
      assert.match(c.message!, /Носитель .+ недоступен/);
      assert.match(c.message!, /Подключите носитель/);
      assert.ok(run.notices.some((n) => n.includes(roomB) && n.includes('недоступен')));
      const log = await verifications(db, copyB);
      assert.equal(log.length, before + 1);
      assert.equal(log.at(-1)!.ok, 0);
      assert.match(log.at(-1)!.note, /носитель недоступен/);
      const again = await checkBackups(db, SYSTEM, { now: new Date('2026-11-07T08:00:00Z') });
      assert.equal(stateOf(again, copyB)!.state, 'unreachable');
      assert.equal(stateOf(again, copyB)!.since, c.since, 'unreachable since the first check that found it so');
      assert.equal((await verifications(db, copyB)).length, before + 1, 'a medium in a cupboard is not entered every day');
      assert.equal(stateOf(again, copyA)!.state, 'ok', 'the medium at hand is still checked');
    } finally {
      fs.renameSync(away, roomB);
    }
    const back = await checkBackups(db, SYSTEM, { now: new Date('2026-11-08T08:00:00Z') });
    assert.equal(stateOf(back, copyB)!.state, 'ok', 'checked again once the medium is back');
  });

  it('a copy gone from a medium that is there: missing, with what to do', async () => {
    const away = `${copyA}-moved`;
    fs.renameSync(copyA, away);
    try {
      const run = await checkBackups(db, SYSTEM, { now: new Date('2026-11-09T08:00:00Z') });
      const c = stateOf(run, copyA)!;
      assert.equal(c.state, 'missing');
      assert.match(c.message!, /нет на носителе/);
      assert.equal((await verifications(db, copyA)).at(-1)!.ok, 0);
    } finally {
      fs.renameSync(away, copyA);
    }
  });

  it('runs on a schedule: at the start, then once a day', async () => {
    let now = new Date('2026-11-20T07:00:00Z');
    const schedule = new BackupCheckSchedule(db, () => undefined, { now: () => now });
    const first = await schedule.runIfDue();
    assert.ok(first, 'the last run was days ago: due at the start');
    assert.equal(first.at, now.toISOString());
    now = new Date('2026-11-20T12:00:00Z');
    assert.equal(await schedule.runIfDue(), null, 'not twice a day');
    now = new Date('2026-11-21T07:00:01Z');
    assert.ok(await schedule.runIfDue(), 'a day later');
    // The timer form: started, it runs soon after, and stops cleanly.
    now = new Date('2026-11-23T07:00:00Z');
    const timed = new BackupCheckSchedule(db, () => undefined, { now: () => now, firstAfterMs: 10, everyMs: 50 });
    timed.start();
    for (let i = 0; i < 200 && (await lastCheck(db.knex))?.at !== now.toISOString(); i++) await new Promise((r) => setTimeout(r, 20));
    await timed.stop();
    assert.equal((await lastCheck(db.knex))?.at, now.toISOString());
  });

  it('checks only the copies this computer made, unless asked for all', async () => {
    // A copy another computer entered in the (synced) log: on its own removable medium.
    await db.writer.write(SYSTEM, [{
      table: 'backup_log', id: 'elsewhere-1',
      set: { action: 'backup', at: '2026-11-10T10:00:00.000Z', staff_id: null, computer: 'ffffffffffffffff (КАБИНЕТ-12)', location: path.join(tmpDir(), 'G', 'journal-backup-x'), sha256: 'a'.repeat(64), size: 10, ok: 1, note: '' },
    }]);
    const mine = await checkBackups(db, SYSTEM, { now: new Date('2026-11-24T08:00:00Z') });
    assert.equal(mine.copies.length, 2);
    const all = await checkBackups(db, SYSTEM, { now: new Date('2026-11-24T08:01:00Z'), all: true });
    assert.equal(all.copies.length, 3);
  });

  it('journal backup check --db FILE (the Task Scheduler): a good run exits 0; a damaged copy exits 1 with what to do', async () => {
    await db.close();
    try {
      const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), ...args], { encoding: 'utf8' });
      const good = cli('backup', 'check', '--db', file);
      assert.equal(good.status, 0, good.stdout + good.stderr);
      const out = JSON.parse(good.stdout) as { ok: boolean; copies: { state: string }[]; yearEnd: { state: string } };
      assert.ok(out.ok);
      assert.deepEqual(out.copies.map((c) => c.state), ['ok', 'ok']);
      assert.ok(out.yearEnd.state);
      // A medium not connected: reported (ok false), not a failure of the scheduled task.
      const away = `${roomB}-away`;
      fs.renameSync(roomB, away);
      try {
        const r = cli('backup', 'check', '--db', file);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        const missing = JSON.parse(r.stdout) as { ok: boolean; copies: { location: string; state: string }[]; notices: string[] };
        assert.equal(missing.ok, false);
        assert.equal(missing.copies.find((c) => c.location === copyB)!.state, 'unreachable');
        assert.ok(missing.notices.some((n) => n.includes('недоступен')));
      } finally {
        fs.renameSync(away, roomB);
      }
      const f = path.join(copyB, COPY);
      const bytes = fs.readFileSync(f);
      bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
      fs.writeFileSync(f, bytes);
      const bad = cli('backup', 'check', '--db', file);
      assert.equal(bad.status, 1);
      const err = JSON.parse(bad.stdout) as { error: { code: string; message: string } };
      assert.equal(err.error.code, 'BACKUP_CHECK_FAILED');
      assert.match(err.error.message, /Копия на носителе .+ повреждена: сделайте новую копию/);
      const reopened = await openJournal(file);
      try {
        assert.equal((await verifications(reopened, copyB)).at(-1)!.ok, 0, 'the command line enters its checks in the log too');
      } finally {
        await reopened.close();
      }
    } finally {
      db = await openJournal(file);
    }
  });
});

describe('the year-end copy on two media by 30 June (R-KEEP-1)', () => {
  it('a reminder in June, a warning after 30 June, nothing once two media hold a good copy', async () => {
    const { db } = await freshDb();
    try {
      assert.equal((await yearEndCopy(db.knex, '2027-03-10')).state, 'none', 'not in March');
      const june = await yearEndCopy(db.knex, '2027-06-10');
      assert.equal(june.state, 'reminder');
      assert.equal(june.deadline, '2027-06-30');
      assert.match(june.message!, /До 30 июня 2027 г\. сделайте резервную копию конца учебного года на двух носителях/);
      const july = await yearEndCopy(db.knex, '2027-07-01');
      assert.equal(july.state, 'overdue');
      assert.match(july.message!, /Срок прошёл/);
      assert.equal((await yearEndCopy(db.knex, '2027-06-30')).state, 'reminder', '30 June is still in time');

      // A copy made in the autumn does not count as the year-end one.
      await makeBackup(db, [tmpDir(), tmpDir()], SYSTEM, '', new Date('2026-11-02T10:00:00Z'));
      assert.equal((await yearEndCopy(db.knex, '2027-06-10')).state, 'reminder');

      // One medium in June: still a reminder, saying so.
      const roomA = tmpDir();
      await makeBackup(db, [roomA], SYSTEM, 'конец года', new Date('2027-06-05T10:00:00Z'));
      const one = await yearEndCopy(db.knex, '2027-06-10');
      assert.equal(one.state, 'reminder');
      assert.equal(one.media.length, 1);
      assert.match(one.message!, /только на одном/);

      // A second medium: done, in June and after.
      const roomB = tmpDir();
      const second = await makeBackup(db, [roomB], SYSTEM, 'конец года', new Date('2027-06-06T10:00:00Z'));
      const done = await yearEndCopy(db.knex, '2027-06-10');
      assert.equal(done.state, 'done');
      assert.equal(done.message, null);
      assert.deepEqual(done.media, [roomA, roomB].sort());
      assert.equal((await yearEndCopy(db.knex, '2027-07-15')).state, 'done');

      // The second copy found damaged by the check: it no longer counts, the warning comes back.
      fs.appendFileSync(path.join(second.copies[0]!.folder, COPY), Buffer.from('x'));
      const run = await checkBackups(db, SYSTEM, { now: new Date('2027-07-02T08:00:00Z') });
      assert.equal(run.copies.find((c) => c.location === second.copies[0]!.folder)!.state, 'damaged');
      const after = await yearEndCopy(db.knex, '2027-07-02', run);
      assert.equal(after.state, 'overdue');
    } finally {
      await db.close();
    }
  });

  it('the backups screen and its notice: backup.status says what the last check found and what is due; backup.check runs it for the administrator, not for a teacher', async () => {
    const { db } = await freshDb();
    let now = new Date('2027-06-10T10:00:00');
    const host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
    try {
      const sign = async (login: string) => {
        const c = `bc:${login}:${Math.random()}`;
        assert.ok((await host.call(c, 'auth.login', { login, password: 'demo' })).ok);
        return c;
      };
      const admin = await sign('admin');
      const teacher = await sign('teacher');
      const june = await host.call(admin, 'backup.status', {});
      assert.ok(june.ok);
      const s = june.value as { yearEndDue: boolean; attention: boolean; yearEnd: { state: string; message: string | null }; notices: string[] };
      assert.equal(s.yearEnd.state, 'reminder');
      assert.ok(s.yearEndDue && s.attention, 'the navigation shows the notice');

      const medium = tmpDir();
      const made = await host.call(admin, 'backup.make', { destinations: [medium] });
      assert.ok(made.ok, JSON.stringify(made));
      const folder = (made.value as { copies: { folder: string }[] }).copies[0]!.folder;
      fs.rmSync(path.join(folder, COPY));
      const forbidden = await host.call(teacher, 'backup.check', {});
      assert.ok(!forbidden.ok && forbidden.error.code === 'FORBIDDEN');
      const checked = await host.call(admin, 'backup.check', {});
      assert.ok(checked.ok, JSON.stringify(checked));
      const log = await db.knex('backup_log').where({ action: 'verify', location: folder }).first('ok', 'staff_id');
      assert.equal(log.ok, 0);
      assert.ok(log.staff_id, 'entered under the administrator who asked');
      now = new Date('2027-07-03T10:00:00');
      const july = await host.call(admin, 'backup.status', {});
      assert.ok(july.ok);
      const v = july.value as { attention: boolean; notices: string[]; yearEnd: { state: string; message: string } };
      assert.ok(v.attention);
      assert.ok(v.notices.some((n) => /повреждена: сделайте новую копию/.test(n)), JSON.stringify(v.notices));
      assert.equal(v.yearEnd.state, 'overdue');
      for (const text of [...v.notices, v.yearEnd.message]) assert.doesNotMatch(text, /R-[A-Z]+-\d/, 'no rule ids in what the administrator reads');
    } finally {
      await db.close();
    }
  });
});
