// Two databases under one computer id (issue 4): an old copy of a computer's database
// put back (its sequence numbers must never be reused), and a cloned disk image opened as
// another computer. Each is noticed from a segment in its own folder that it did not
// write; that database takes a new id and nothing is lost.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sha256 } from '../../db/sync/segment';
import { nodeDir } from '../../db/sync/layout';
import type { SchoolNetwork } from '../helpers/school-network';
import {
  assertConverged, assertPublishedOnce, cellsOf, faultyNetwork, lastHlc, markOf, otherMark, setMark, shareOf, type Cell,
} from '../helpers/sync-kit';
import { FaultyShareFs } from '../helpers/faulty-share';

let net: SchoolNetwork;
let cells: Cell[];
let since: string;
let used = 0;
const a = () => net.computers[0]!;
const b = () => net.computers[1]!;
const cell = () => cells[used++]!;

before(async () => {
  net = await faultyNetwork(3);
  cells = await cellsOf(a(), 'teacher', 20);
  since = await lastHlc(a().db);
});
after(() => net.close());

/** The files of a computer's folder with their hashes (to show none is ever rewritten). */
function folder(node: string): Map<string, string> {
  const dir = nodeDir(net.share, node);
  return new Map(fs.readdirSync(dir).filter((n) => n.endsWith('.seg')).map((n) => [n, sha256(fs.readFileSync(path.join(dir, n)))]));
}

describe('a restored old copy of a computer\'s database', () => {
  it('takes a new id, never reuses a sequence number, and its lost changes come back from its old folder', async () => {
    let pc = b();
    const oldNode = pc.db.writer.nodeId;
    const t = await net.signIn(pc, 'teacher');
    const first = cell();
    await setMark(net, pc, t, first, await otherMark(pc, first));
    assert.ok((await net.cycle(pc)).ok);
    const copy = path.join(net.dir, 'pc1-old-copy.sqlite');
    await pc.db.knex.raw('VACUUM INTO ?', [copy]);

    // After the copy: changes made, published, read by the others — then the disk fails.
    const lost = [cell(), cell(), cell()];
    const lostValues: string[] = [];
    for (const x of lost) {
      lostValues.push(await otherMark(pc, x));
      await setMark(net, pc, t, x, lostValues.at(-1)!);
      assert.ok((await net.cycle(pc)).ok);
    }
    await net.settle();
    const before = folder(oldNode);
    await pc.db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(pc.file + suffix, { force: true });
    fs.copyFileSync(copy, pc.file);
    const share = pc.fs;
    pc = await net.open(pc.name, pc.file, pc.clockOffsetMs);
    pc.fs = share;
    assert.equal(pc.db.writer.nodeId, oldNode, 'the copy starts under its old id');

    // The teacher works on the restored computer before it syncs.
    const t2 = await net.signIn(pc, 'teacher');
    const after = cell();
    const afterValue = await otherMark(pc, after);
    await setMark(net, pc, t2, after, afterValue);
    const r = await net.cycle(pc);
    assert.ok(r.identityChanged, JSON.stringify(r.errors));
    assert.deepEqual(r.errors.map((e) => e.code), ['IDENTITY_CHANGED']);
    assert.equal(r.identityChanged.from, oldNode);
    assert.notEqual(pc.db.writer.nodeId, oldNode);

    await net.settle();
    for (const [i, x] of lost.entries()) assert.equal(await markOf(pc, x), lostValues[i], 'a lost change came back');
    for (const other of net.computers) assert.equal(await markOf(other, after), afterValue, `${other.name} has the change made after the restore`);
    const now = folder(oldNode);
    for (const [name, hash] of before) assert.equal(now.get(name), hash, `${name} never rewritten`);
    assert.equal(now.size, before.size, 'nothing new under the old id');
    assertPublishedOnce(net.share, pc.db.writer.nodeId);
    for (const other of net.computers) assert.deepEqual(await other.db.knex('sync_quarantine').where({ status: 'open' }).select('code', 'file'), [], `${other.name} quarantines nothing`);
    await assertConverged(net, since);
  });
});

describe('two computers with the same id (a cloned disk image)', () => {
  it('the clone is detected, one takes a new id, and both computers\' changes reach everyone', async () => {
    const original = a();
    const node = original.db.writer.nodeId;
    const file = path.join(net.dir, 'pc3-clone.sqlite');
    await original.db.knex.raw('VACUUM INTO ?', [file]);
    const clone = await net.open('pc3', file);
    clone.fs = new FaultyShareFs();
    assert.equal(clone.db.writer.nodeId, node);

    // The same teacher works on both.
    const t1 = await net.signIn(original, 'teacher');
    const t2 = await net.signIn(clone, 'teacher');
    const x = cell();
    const y = cell();
    const xv = await otherMark(original, x);
    const yv = await otherMark(clone, y);
    await setMark(net, original, t1, x, xv);
    await setMark(net, clone, t2, y, yv);
    const ro = await net.cycle(original);
    assert.ok(ro.ok && ro.published.segments === 1, JSON.stringify(ro));
    const r = await net.cycle(clone);
    assert.ok(r.identityChanged, `the clone finds a segment it did not write: ${JSON.stringify(r)}`);
    assert.notEqual(clone.db.writer.nodeId, node);
    assert.equal(original.db.writer.nodeId, node, 'the original keeps its id');

    const reports = await net.settle();
    assert.ok(reports.every((rep) => rep.ok), JSON.stringify(reports.map((rep) => rep.errors)));
    for (const pc of net.computers) {
      assert.equal(await markOf(pc, x), xv, `${pc.name} has the original's change`);
      assert.equal(await markOf(pc, y), yv, `${pc.name} has the clone's change`);
      assert.deepEqual(await pc.db.knex('sync_quarantine').where({ status: 'open' }).select('code', 'file'), [], `${pc.name} quarantines nothing`);
    }
    await assertConverged(net, since);
  });

  it('a clone with nothing to send notices too, and receives the original\'s changes', async () => {
    const original = a();
    const file = path.join(net.dir, 'pc4-clone.sqlite');
    await original.db.knex.raw('VACUUM INTO ?', [file]);
    const clone = await net.open('pc4', file);
    clone.fs = new FaultyShareFs();
    const t = await net.signIn(original, 'teacher');
    const x = cell();
    const xv = await otherMark(original, x);
    await setMark(net, original, t, x, xv);
    assert.ok((await net.cycle(original)).ok);
    // Signing in writes nothing once the key exists: the clone has nothing to publish.
    const r = await net.cycle(clone);
    assert.ok(r.identityChanged, JSON.stringify(r));
    assert.equal(r.published.entries, 0);
    await net.settle();
    assert.equal(await markOf(clone, x), xv);
    assert.equal(shareOf(clone).refused, 0);
    await assertConverged(net, since);
  });
});
