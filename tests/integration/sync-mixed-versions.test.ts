// Mixed versions of the app on one share (issue 15 item 3): during an update the school's
// computers run different versions for days. Two schema versions: the app as built, and a
// newer app simulated by one extra test-only migration (a new journal table, and a new
// field on an existing one, with their rules). The newer computer's changes wait on the
// older one — never quarantined, never dropped — which says «обновите программу» and
// applies them once its database is migrated; the newer one applies the older one's
// changes as usual. Snapshots: an older app does not start from a newer one's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { appliedMigrations, migrateToLatest } from '../../db/migrate';
import { MIGRATIONS, type Migration } from '../../db/migrations/index';
import { RULE_BOOK, type Rule } from '../../db/rules/book';
import { JOURNAL_FIELDS } from '../../db/schema';
import { newId } from '../../db/ids';
import { nodeDir, segmentPath, snapshotsDir } from '../../db/sync/layout';
import { NodeShareFs } from '../../db/sync/share';
import { bootstrap, listSnapshots, publishSnapshot, SnapshotError } from '../../db/sync/snapshot';
import { syncStatus } from '../../db/sync/status';
import { decodeHeader, encodeSegment } from '../../db/sync/segment';
import { formatHlc } from '../../shared/hlc';
import type { LogEntry } from '../../db/journal-writer';
import { randomBytes } from 'node:crypto';
import { APP_VERSION, isNewerSchema, peerVersions } from '../../db/sync/version';
import { openJournal } from '../../db/journal-db';
import { SchoolNetwork, type Computer } from '../helpers/school-network';
import { cellsOf, markOf, otherMark, quarantined, segmentsOf, setMark } from '../helpers/sync-kit';
import { tmpDir } from '../helpers/tmp';

// ---- the newer app: one more migration, with its fields and rules -------------------------

const NEWER: Migration = {
  name: '999_test_newer_app',
  async up(knex: Knex) {
    await knex.raw(`CREATE TABLE test_newer_note (id TEXT PRIMARY KEY, student_id TEXT NOT NULL REFERENCES student(id) DEFERRABLE INITIALLY DEFERRED, text TEXT NOT NULL DEFAULT '')`);
    await knex.raw(`ALTER TABLE student ADD COLUMN test_nickname TEXT NOT NULL DEFAULT ''`);
  },
  async down() {
    throw new Error('not reverted');
  },
};

const fields = JOURNAL_FIELDS as unknown as Record<string, string[]>;
const rules = RULE_BOOK as unknown as Record<string, readonly Rule[]>;
const migrations = MIGRATIONS as Migration[];

/** The code of the newer app: its migration, table, field and rule (R-ROLE-6: the administrator). */
function installNewerApp(): void {
  if (!migrations.includes(NEWER)) migrations.push(NEWER);
  fields.test_newer_note = ['student_id', 'text'];
  if (!fields.student!.includes('test_nickname')) fields.student!.push('test_nickname');
  rules.test_newer_note = [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }];
}

/** Back to the code of the app as built (the older app). */
function removeNewerApp(): void {
  const i = migrations.indexOf(NEWER);
  if (i >= 0) migrations.splice(i, 1);
  delete fields.test_newer_note;
  const f = fields.student!.indexOf('test_nickname');
  if (f >= 0) fields.student!.splice(f, 1);
  delete rules.test_newer_note;
}

const hasTable = (c: Computer, t: string) => c.db.knex.schema.hasTable(t);

let net: SchoolNetwork;
let older: Computer;
let newer: Computer;
let adminId: string;
let studentId: string;
let noteId: string;
let olderSnapshotNode: string;

before(async () => {
  net = await SchoolNetwork.create(2, 60);
  [older, newer] = net.computers as [Computer, Computer];
  olderSnapshotNode = older.db.writer.nodeId;
  adminId = (await newer.db.knex('staff').where({ login: 'admin' }).first('id') as { id: string }).id;
  studentId = (await newer.db.knex('student').orderBy('id').first('id') as { id: string }).id;
});
after(async () => {
  removeNewerApp();
  await net.close();
});

describe('two versions of the app on one share (R-SYNC mixed versions)', () => {
  it('every segment carries the schema version and the app version of the app that wrote it', async () => {
    const t = await net.signIn(older, 'teacher');
    const [cell] = await cellsOf(older, 'teacher', 1);
    await setMark(net, older, t, cell!, await otherMark(older, cell!));
    assert.ok((await net.cycle(older)).ok);
    const segs = segmentsOf(net.share, older.db.writer.nodeId);
    const last = segs[segs.length - 1]!;
    const applied = await appliedMigrations(older.db.knex);
    assert.equal(last.header.schema, applied[applied.length - 1], 'the last migration applied, from the migration list');
    assert.equal(last.header.schemaCount, applied.length);
    assert.equal(last.header.appVersion, APP_VERSION);
    assert.equal(applied.length, MIGRATIONS.length, 'derived from the list, whatever its length');
    assert.ok((await net.cycle(newer)).ok);
    assert.equal(await markOf(newer, cell!), await markOf(older, cell!));
  });

  it('the newer app (one more migration) writes a new table and a new field, stamped with its newer schema', async () => {
    installNewerApp();
    await migrateToLatest(newer.db.knex);
    assert.ok(await hasTable(newer, 'test_newer_note'));
    await net.signIn(newer, 'admin'); // opens the administrator's signing key on this computer
    noteId = newId();
    await newer.db.writer.write({ userId: adminId }, [
      { table: 'test_newer_note' as never, id: noteId, set: { student_id: studentId, text: 'новая таблица' } as never },
      { table: 'student', id: studentId, set: { test_nickname: 'новое поле' } as never },
    ], { reason: 'версия новее' });
    assert.ok((await net.cycle(newer)).ok);
    const segs = segmentsOf(net.share, newer.db.writer.nodeId);
    const header = segs[segs.length - 1]!.header;
    assert.equal(header.schema, NEWER.name);
    assert.equal(header.schemaCount, MIGRATIONS.length);
    assert.ok(isNewerSchema(header, await appliedMigrations(older.db.knex)), 'newer than the older computer\'s database');
    assert.ok(!isNewerSchema(header, await appliedMigrations(newer.db.knex)));
  });

  let waitingCell: { lessonId: string; studentId: string };
  let waitingMark: string;

  it('the older app keeps them waiting: not quarantined, not dropped, its position unmoved; it says «обновите программу»', async () => {
    // A journal change of the newer computer, after the new table's: it waits behind it.
    const t = await net.signIn(newer, 'teacher');
    [waitingCell] = (await cellsOf(newer, 'teacher', 2)).slice(1) as [typeof waitingCell];
    waitingMark = await otherMark(newer, waitingCell);
    await setMark(net, newer, t, waitingCell, waitingMark);
    assert.ok((await net.cycle(newer)).ok);
    const before = await older.db.knex('sync_peer').where({ node_id: newer.db.writer.nodeId }).first('applied_seq') as { applied_seq: number } | undefined;

    for (let i = 0; i < 2; i++) {
      const report = await net.cycle(older);
      assert.ok(report.ok, JSON.stringify(report));
    }
    assert.deepEqual(await quarantined(older.db), [], 'nothing quarantined as forged or damaged');
    assert.ok(!(await hasTable(older, 'test_newer_note')));
    assert.notEqual(await markOf(older, waitingCell), waitingMark, 'the newer computer\'s later change waits too');
    const peer = await older.db.knex('sync_peer').where({ node_id: newer.db.writer.nodeId }).first('applied_seq') as { applied_seq: number };
    assert.equal(peer.applied_seq, before?.applied_seq ?? 0, 'its position stays before the waiting segment');
    // The segments stay on the share, untouched.
    assert.ok(segmentsOf(net.share, newer.db.writer.nodeId).length > peer.applied_seq);

    const s = await syncStatus(older.db);
    assert.equal(s.health, 'warning');
    assert.match(s.summary, /обновите программу/);
    assert.ok(s.updateNeeded);
    const p = s.peers.find((x) => x.nodeId === newer.db.writer.nodeId)!;
    assert.ok(p.waitsForUpdate);
    assert.equal(p.appVersion, APP_VERSION, 'the computer\'s app version, from its segment');
    assert.ok(s.waiting >= 1, 'counted as waiting');
    assert.equal(s.quarantine.length, 0, 'not as quarantine');

    // The indicator (everyone) and the sync screen (the administrator) say so through the service.
    const admin = await net.signIn(older, 'admin');
    const ind = await net.call<{ summary: string; updateNeeded: boolean; quarantined: number }>(older, admin, 'sync.indicator', {});
    assert.match(ind.summary, /обновите программу/);
    assert.ok(ind.updateNeeded);
    assert.equal(ind.quarantined, 0);
    const screen = await net.call<{ peers: { nodeId: string; appVersion: string | null; waitsForUpdate: boolean }[]; appVersion: string }>(older, admin, 'sync.status', {});
    assert.equal(screen.appVersion, APP_VERSION);
    assert.ok(screen.peers.some((x) => x.nodeId === newer.db.writer.nodeId && x.appVersion === APP_VERSION && x.waitsForUpdate));
    assert.ok((await peerVersions(older.db.knex))[newer.db.writer.nodeId]?.waitingSince);
  });

  it('the newer app applies the older app\'s changes as usual', async () => {
    const t = await net.signIn(older, 'teacher');
    const [, , cell] = await cellsOf(older, 'teacher', 3);
    const value = await otherMark(older, cell!);
    await setMark(net, older, t, cell!, value);
    assert.ok((await net.cycle(older)).ok);
    assert.ok((await net.cycle(newer)).ok);
    assert.equal(await markOf(newer, cell!), value);
    assert.deepEqual(await quarantined(newer.db), []);
    assert.ok(!(await syncStatus(newer.db)).updateNeeded);
  });

  it('an older app does not start from a newer app\'s snapshot: it takes an older one, or says to update; a newer app starts from an older one', async () => {
    await publishSnapshot(newer.db, newer.fs, net.share, () => new Date());
    const newest = (await listSnapshots(new NodeShareFs(), net.share))[0]!;
    assert.equal(newest.node, newer.db.writer.nodeId);
    assert.equal(newest.schema, NEWER.name);
    assert.equal(newest.appVersion, APP_VERSION);

    removeNewerApp(); // a new computer with the older app
    try {
      const dir = tmpDir('journal-mixed-');
      const joined = await bootstrap(new NodeShareFs(), net.share, path.join(dir, 'old.sqlite'));
      assert.equal(joined.from.node, olderSnapshotNode, 'the older computer\'s snapshot, not the newer one');

      // A share holding only the newer app's snapshot: a clear message, nothing created.
      const onlyNewer = path.join(dir, 'share2');
      fs.mkdirSync(snapshotsDir(onlyNewer), { recursive: true });
      for (const f of [newest.file, newest.file.replace(/\.snap$/, '.json')]) fs.copyFileSync(path.join(snapshotsDir(net.share), f), path.join(snapshotsDir(onlyNewer), f));
      const target = path.join(dir, 'old2.sqlite');
      await assert.rejects(bootstrap(new NodeShareFs(), onlyNewer, target), (err: unknown) => {
        assert.ok(err instanceof SnapshotError);
        assert.equal(err.code, 'SNAPSHOT_NEWER');
        assert.match(err.message, /более новой версией программы/);
        assert.match(err.message, /обновите программу/);
        return true;
      });
      assert.ok(!fs.existsSync(target));
      assert.deepEqual(fs.readdirSync(dir).filter((n) => n.startsWith('old2')), []);

      // The newer app starts from the older computer's snapshot and brings it to its schema.
      installNewerApp();
      const onlyOlder = path.join(dir, 'share3');
      fs.mkdirSync(snapshotsDir(onlyOlder), { recursive: true });
      const olderSnap = (await listSnapshots(new NodeShareFs(), net.share)).find((m) => m.node === olderSnapshotNode)!;
      for (const f of [olderSnap.file, olderSnap.file.replace(/\.snap$/, '.json')]) fs.copyFileSync(path.join(snapshotsDir(net.share), f), path.join(snapshotsDir(onlyOlder), f));
      const fresh = path.join(dir, 'new.sqlite');
      await bootstrap(new NodeShareFs(), onlyOlder, fresh);
      const db = await openJournal(fresh, { mustExist: true });
      try {
        assert.ok(await db.knex.schema.hasTable('test_newer_note'));
      } finally {
        await db.close();
      }
    } finally {
      installNewerApp();
    }
  });

  it('once the older computer is updated (its database migrated), the waiting changes apply', async () => {
    installNewerApp();
    await migrateToLatest(older.db.knex);
    const report = await net.cycle(older);
    assert.ok(report.ok, JSON.stringify(report));
    assert.deepEqual(await quarantined(older.db), []);
    const note = await older.db.knex('test_newer_note').where({ id: noteId }).first('text', 'student_id') as { text: string; student_id: string } | undefined;
    assert.deepEqual(note, { text: 'новая таблица', student_id: studentId });
    const st = await older.db.knex('student').where({ id: studentId }).first('test_nickname') as { test_nickname: string };
    assert.equal(st.test_nickname, 'новое поле');
    assert.equal(await markOf(older, waitingCell), waitingMark);
    const s = await syncStatus(older.db);
    assert.ok(!s.updateNeeded);
    assert.doesNotMatch(s.summary, /обновите программу/);
    assert.ok(!s.peers.find((x) => x.nodeId === newer.db.writer.nodeId)!.waitsForUpdate);
    // Both computers hold the same newer rows and the same marks.
    assert.ok((await net.cycle(newer)).ok);
    assert.deepEqual(await older.db.knex('test_newer_note').select('*'), await newer.db.knex('test_newer_note').select('*'));
  });

  it('the updated computer writes its own segments at the newer schema', async () => {
    const t = await net.signIn(older, 'teacher');
    const [cell] = await cellsOf(older, 'teacher', 1);
    await setMark(net, older, t, cell!, await otherMark(older, cell!));
    assert.ok((await net.cycle(older)).ok);
    const segs = segmentsOf(net.share, older.db.writer.nodeId);
    const bytes = fs.readFileSync(path.join(net.share, 'journal-sync', 'v1', 'nodes', older.db.writer.nodeId, `${String(segs.length).padStart(10, '0')}.seg`));
    const { header } = decodeHeader(bytes, older.db.writer.nodeId, segs.length);
    assert.equal(header.schema, NEWER.name, 'the updated computer now writes at the newer schema');
  });

  it('an intact segment naming a table or field this app does not know waits for the update too, whatever its header says', async () => {
    // Written by hand, as an app that records no schema would: a table no migration here knows.
    const node = randomBytes(8).toString('hex');
    const e: LogEntry = {
      hlc: formatHlc({ millis: Date.now(), counter: 0, node }), change_set_id: `future-${randomBytes(4).toString('hex')}`, node_id: node, user_id: adminId,
      table_name: 'test_future_table', row_id: newId(), field: '*', old_value: null, new_value: JSON.stringify({ text: 'из будущего' }), base_hlc: null, reason: '',
      recorded_at: new Date().toISOString(), chain_hash: null, signature: null,
    };
    const { bytes } = encodeSegment({ node, formerly: [], seq: 1, prev: null, writtenAt: new Date().toISOString(), computerName: 'FUTURE', seen: {} }, [e]);
    fs.mkdirSync(nodeDir(net.share, node), { recursive: true });
    fs.writeFileSync(segmentPath(net.share, node, 1), bytes);
    assert.ok((await net.cycle(older)).ok);
    assert.deepEqual(await quarantined(older.db), [], 'not quarantined as damaged');
    const s = await syncStatus(older.db);
    assert.ok(s.updateNeeded);
    assert.match(s.summary, /обновите программу/);
    assert.match(s.summary, /FUTURE/);
    assert.ok(s.peers.find((x) => x.nodeId === node)!.waitsForUpdate);
    assert.equal(s.peers.find((x) => x.nodeId === node)!.appliedSeq, 0);
  });
});
