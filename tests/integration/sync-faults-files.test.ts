// Faults in the files on the share (issue 4): a truncated, bit-flipped or zero-length
// segment; copies and foreign files in the folders; a missing middle segment; segments
// forged by hand. Readers quarantine what is broken or forged (never half-applied, never
// in the journal), keep working, and recover once the file is back or a snapshot holds
// what they lack; every computer ends with the same journal.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { LogEntry } from '../../db/journal-writer';
import { CHAIN_START, chainNext, decryptPrivateKey, keyIdOf, signChain } from '../../db/signing';
import { nodeDir, nodesDir, segmentName, segmentPath, snapshotsDir } from '../../db/sync/layout';
import { encodeSegment } from '../../db/sync/segment';
import { publishSnapshot } from '../../db/sync/snapshot';
import { formatHlc } from '../../shared/hlc';
import type { SchoolNetwork, Computer } from '../helpers/school-network';
import {
  assertConverged, cellsOf, faultyNetwork, lastHlc, markOf, otherMark, quarantined, segmentCount, segmentsOf, setMark, type Cell,
} from '../helpers/sync-kit';

let net: SchoolNetwork;
let cells: Cell[];
let since: string;
let used = 0;
const a = () => net.computers[0]!;
const b = () => net.computers[1]!;
const c = () => net.computers[2]!;
const cell = () => cells[used++]!;

before(async () => {
  net = await faultyNetwork(3);
  cells = await cellsOf(a(), 'teacher', 20);
  since = await lastHlc(a().db);
});
after(() => net.close());

/** A teacher's mark on computer `pc`, published at once: returns the cell and its segment. */
async function publishedMark(pc: Computer): Promise<{ cell: Cell; seq: number; value: string }> {
  const t = await net.signIn(pc, 'teacher');
  const target = cell();
  const value = await otherMark(pc, target);
  await setMark(net, pc, t, target, value);
  const r = await net.cycle(pc);
  assert.ok(r.ok && r.published.segments === 1, JSON.stringify(r));
  return { cell: target, seq: segmentCount(net.share, pc.db.writer.nodeId), value };
}

async function peerPosition(pc: Computer, node: string): Promise<number> {
  return ((await pc.db.knex('sync_peer').where({ node_id: node }).first('applied_seq')) as { applied_seq: number } | undefined)?.applied_seq ?? 0;
}

describe('a damaged segment', () => {
  const damages: { name: string; code: string; damage: (bytes: Buffer) => Buffer }[] = [
    { name: 'truncated', code: 'TRUNCATED', damage: (x) => x.subarray(0, Math.floor(x.length * 0.7)) },
    {
      name: 'bit-flipped', code: 'CORRUPT', damage: (x) => {
        const y = Buffer.from(x);
        const at = y.indexOf('"4"', y.indexOf(0x0a)) >= 0 ? y.indexOf('"4"', y.indexOf(0x0a)) + 1 : y.length - 10;
        y[at] = y[at]! ^ 0x01; // "4" becomes "5": valid JSON, wrong hash
        return y;
      },
    },
    { name: 'zero-length', code: 'EMPTY', damage: () => Buffer.alloc(0) },
  ];
  for (const d of damages) {
    it(`${d.name}: readers quarantine it (${d.code}), apply nothing of it or after it, keep working, and catch up from a newer snapshot`, async () => {
      const author = a();
      const node = author.db.writer.nodeId;
      const first = await publishedMark(author);
      const file = segmentPath(net.share, node, first.seq);
      fs.writeFileSync(file, d.damage(fs.readFileSync(file)));
      const second = await publishedMark(author);
      const stuckAt = first.seq - 1;

      for (const reader of [b(), c()]) {
        const r = await net.cycle(reader);
        assert.ok(r.ok, JSON.stringify(r.errors));
        const q = (await quarantined(reader.db)).filter((x) => x.node_id === node && x.file === segmentName(first.seq));
        assert.deepEqual(q.map((x) => x.code), [d.code], `${reader.name} quarantines the ${d.name} segment`);
        assert.equal(await peerPosition(reader, node), stuckAt, 'the later segment waits');
        assert.notEqual(await markOf(reader, first.cell), first.value, 'nothing of the damaged segment is applied');
        assert.notEqual(await markOf(reader, second.cell), second.value, 'nor of the one after it');
      }
      // The readers keep working: the class teacher's mark on one reaches the others.
      const ct = await net.signIn(b(), 'classteacher');
      const own = (await cellsOf(b(), 'classteacher', 3))[damages.indexOf(d)]!;
      const ownValue = await otherMark(b(), own);
      await setMark(net, b(), ct, own, ownValue);
      await net.settle();
      for (const pc of net.computers) assert.equal(await markOf(pc, own), ownValue, `${pc.name} has the class teacher's mark`);

      // Recovery: the author publishes a snapshot (the daily one, or on demand).
      await publishSnapshot(author.db, author.fs, net.share, () => new Date());
      await net.settle();
      for (const reader of [b(), c()]) {
        assert.equal(await markOf(reader, first.cell), first.value, `${reader.name} has the damaged segment's change from the snapshot`);
        assert.equal(await markOf(reader, second.cell), second.value, `${reader.name} went on past it`);
        const q = await reader.db.knex('sync_quarantine').where({ node_id: node, file: segmentName(first.seq), code: d.code }).first('status', 'message');
        assert.equal(q?.status, 'cleared', 'the quarantine record stays, marked recovered');
        assert.match(String(q?.message), /снимка/);
      }
      await assertConverged(net, since);
    });
  }

  it('a snapshot of another computer that read the segment before the damage lets the others catch up too', async () => {
    const author = a();
    const node = author.db.writer.nodeId;
    const first = await publishedMark(author);
    assert.ok((await net.cycle(c())).ok); // c reads it while it is whole
    const file = segmentPath(net.share, node, first.seq);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 50));
    await net.cycle(b());
    assert.notEqual(await markOf(b(), first.cell), first.value);
    await publishSnapshot(c().db, c().fs, net.share, () => new Date());
    await net.settle();
    assert.equal(await markOf(b(), first.cell), first.value);
    await assertConverged(net, since);
  });
});

describe('copies and foreign files in the share', () => {
  it('are ignored: "… - Copy", desktop.ini, sync-tool conflict copies, someone else\'s temporary files', async () => {
    const node = a().db.writer.nodeId;
    const dir = nodeDir(net.share, node);
    const segs = fs.readdirSync(dir).filter((n) => n.endsWith('.seg')).sort();
    const lastSeg = segs[segs.length - 1]!;
    const bytes = fs.readFileSync(`${dir}/${lastSeg}`);
    const next = segmentName(segs.length + 1).replace('.seg', '');
    const strays: [string, Buffer | string][] = [
      [`${dir}/${lastSeg.replace('.seg', ' - Copy.seg')}`, bytes],
      [`${dir}/${next} - Copy.seg`, bytes],
      [`${dir}/${next} (conflicted copy 2026-10-05).seg`, bytes],
      [`${dir}/${next}.sync-conflict-20261005-101010-ABCDEF7.seg`, bytes],
      [`${dir}/${lastSeg}.bak`, bytes],
      [`${dir}/desktop.ini`, '[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\imageres.dll,-3\r\n'],
      [`${dir}/.tmp-9999-someone-else`, bytes.subarray(0, 40)],
      [`${nodesDir(net.share)}/desktop.ini`, '[.ShellClassInfo]\r\n'],
      [`${nodesDir(net.share)}/Thumbs.db`, 'x'],
      [`${snapshotsDir(net.share)}/desktop.ini`, '[.ShellClassInfo]\r\n'],
      [`${snapshotsDir(net.share)}/.tmp-1-someone-else`, 'partial'],
    ];
    for (const [f, content] of strays) fs.writeFileSync(f, content);
    // A copy of a whole computer folder, as someone dragging folders around makes.
    fs.cpSync(dir, `${nodesDir(net.share)}/${node} - Copy`, { recursive: true });

    const m = await publishedMark(a());
    const t = await net.signIn(b(), 'classteacher');
    const own = (await cellsOf(b(), 'classteacher', 4))[3]!;
    const ownValue = await otherMark(b(), own);
    await setMark(net, b(), t, own, ownValue);
    const reports = await net.settle();
    assert.ok(reports.every((r) => r.ok && r.identityChanged === null), JSON.stringify(reports));
    for (const pc of net.computers) {
      assert.deepEqual((await quarantined(pc.db)).map((q) => `${q.code} ${q.file}`), [], `${pc.name} quarantines nothing`);
      assert.equal(await markOf(pc, m.cell), m.value);
      assert.equal(await markOf(pc, own), ownValue);
    }
    for (const [f] of strays) assert.ok(fs.existsSync(f), `${f} is left alone: not ours`);
    await assertConverged(net, since);
  });
});

describe('a missing middle segment', () => {
  it('is detected from the other computers\' headers, later segments wait, and when it reappears everything applies', async () => {
    const author = a();
    const node = author.db.writer.nodeId;
    const first = await publishedMark(author);
    const second = await publishedMark(author);
    // b reads both and publishes a change of its own: its header says it had seen them.
    assert.ok((await net.cycle(b())).ok);
    const t = await net.signIn(b(), 'classteacher');
    const own = (await cellsOf(b(), 'classteacher', 5))[4]!;
    const ownValue = await otherMark(b(), own);
    await setMark(net, b(), t, own, ownValue);
    assert.ok((await net.cycle(b())).ok);

    const file = segmentPath(net.share, node, first.seq);
    const away = `${net.dir}/moved-away.seg`;
    fs.renameSync(file, away);
    await net.cycle(c());
    await net.cycle(c()); // the positions in b's header are known from the first cycle on
    const q = (await quarantined(c().db)).filter((x) => x.node_id === node);
    assert.deepEqual(q.map((x) => `${x.code} ${x.file}`), [`MISSING_SEGMENT ${segmentName(first.seq)}`]);
    assert.equal(await peerPosition(c(), node), first.seq - 1, 'the later segment waits');
    assert.notEqual(await markOf(c(), second.cell), second.value);
    assert.equal(await markOf(c(), own), ownValue, 'the rest goes on');

    fs.renameSync(away, file);
    const r = await net.cycle(c());
    assert.ok(r.ok);
    assert.equal(await markOf(c(), first.cell), first.value);
    assert.equal(await markOf(c(), second.cell), second.value);
    assert.deepEqual((await quarantined(c().db)).filter((x) => x.node_id === node), [], 'the quarantine clears');
    await net.settle();
    await assertConverged(net, since);
  });
});

describe('forged segments', () => {
  interface Forged { node: string; code: string; hlcs: string[] }
  const forged: Forged[] = [];
  let markRow: { id: string; value: string | null; lesson_id: string };
  let foreignMark: { id: string; value: string | null };
  let clock = Date.now();

  function entry(node: string, user: string | null, row: { id: string; value: string | null }, value: string): LogEntry {
    const hlc = formatHlc({ millis: clock++, counter: 0, node });
    return {
      hlc, change_set_id: `forged-${randomBytes(4).toString('hex')}`, node_id: node, user_id: user, table_name: 'mark', row_id: row.id, field: 'value',
      old_value: JSON.stringify(row.value), new_value: JSON.stringify(value), base_hlc: null, reason: '', recorded_at: new Date().toISOString(), chain_hash: null, signature: null,
    };
  }

  function sign(set: LogEntry[], key: KeyObject, keyId: string, prev = CHAIN_START): void {
    const last = set[set.length - 1]!;
    last.chain_hash = chainNext(prev, set);
    last.signature = signChain(key, last.chain_hash, keyId);
  }

  /** Writes a segment by hand, valid in format with recomputed hashes, into `node`'s folder. */
  function writeSegment(node: string, seq: number, entries: LogEntry[], prev: string | null, formerly: string[] = []): void {
    const { bytes } = encodeSegment({ node, formerly, seq, prev, writtenAt: new Date().toISOString(), computerName: 'ROGUE', seen: {} }, entries);
    fs.mkdirSync(nodeDir(net.share, node), { recursive: true });
    fs.writeFileSync(segmentPath(net.share, node, seq), bytes);
  }

  async function userKey(login: string): Promise<{ id: string; key: KeyObject; keyId: string }> {
    const pc = a();
    await net.signIn(pc, login);
    const s = await pc.db.knex('staff').where({ login }).first('id', 'private_key_enc', 'public_key') as { id: string; private_key_enc: string; public_key: string };
    const key = await decryptPrivateKey(s.private_key_enc, 'demo');
    assert.ok(key);
    return { id: s.id, key, keyId: keyIdOf(s.public_key) };
  }

  before(async () => {
    const [own] = await cellsOf(a(), 'teacher', 20).then((x) => x.slice(19));
    const t = await net.signIn(a(), 'teacher');
    await setMark(net, a(), t, own!, await otherMark(a(), own!));
    const ctCell = (await cellsOf(a(), 'classteacher', 6))[5]!;
    const ct = await net.signIn(a(), 'classteacher');
    await setMark(net, a(), ct, ctCell, await otherMark(a(), ctCell));
    await net.settle();
    markRow = await a().db.knex('mark').where({ lesson_id: own!.lessonId, student_id: own!.studentId, slot: 1 }).first('id', 'value', 'lesson_id');
    foreignMark = await a().db.knex('mark').where({ lesson_id: ctCell.lessonId, student_id: ctCell.studentId, slot: 1 }).first('id', 'value');
    const teacher = await userKey('teacher');
    const director = await userKey('director');
    await userKey('classteacher');
    await net.settle();
    const rogue = () => randomBytes(8).toString('hex');

    // Not signed at all.
    let n = rogue();
    let set = [entry(n, teacher.id, markRow, '2')];
    writeSegment(n, 1, set, null);
    forged.push({ node: n, code: 'UNSIGNED', hlcs: set.map((e) => e.hlc) });
    // Signed in the name of the teacher's key, but with another key.
    n = rogue();
    set = [entry(n, teacher.id, markRow, '2')];
    sign(set, generateKeyPairSync('ed25519').privateKey, teacher.keyId);
    writeSegment(n, 1, set, null);
    forged.push({ node: n, code: 'BAD_SIGNATURE', hlcs: set.map((e) => e.hlc) });
    // Signed with a key nobody has vouched for, never introduced: it waits for a voucher
    // that never comes, and is shown as waiting (issue 12: never refused only for order).
    n = rogue();
    set = [entry(n, teacher.id, markRow, '2')];
    sign(set, generateKeyPairSync('ed25519').privateKey, 'abcdef0123456789');
    writeSegment(n, 1, set, null);
    forged.push({ node: n, code: 'UNKNOWN_KEY', hlcs: set.map((e) => e.hlc) });
    // A real signed change of a's, its value altered, passed off as a's former folder.
    const real = segmentsOf(net.share, a().db.writer.nodeId, true).flatMap((s) => s.entries).filter((e) => e.user_id === teacher.id && e.table_name === 'mark' && e.field === 'value' && e.signature);
    const altered = { ...real[real.length - 1]!, new_value: '"2"' };
    n = rogue();
    writeSegment(n, 1, [altered], null, [a().db.writer.nodeId]);
    forged.push({ node: n, code: 'BROKEN_CHAIN', hlcs: [] });
    // Properly signed by the teacher's own key, but another teacher's mark (R-ROLE-2).
    n = rogue();
    set = [entry(n, teacher.id, foreignMark, '2')];
    sign(set, teacher.key, teacher.keyId);
    writeSegment(n, 1, set, null);
    forged.push({ node: n, code: 'FORBIDDEN', hlcs: set.map((e) => e.hlc) });
    // Signed by the director, who changes nothing (R-ROLE-5).
    n = rogue();
    set = [entry(n, director.id, markRow, '2')];
    sign(set, director.key, director.keyId);
    writeSegment(n, 1, set, null);
    forged.push({ node: n, code: 'FORBIDDEN', hlcs: set.map((e) => e.hlc) });
    // A segment that does not continue its folder's chain.
    n = rogue();
    set = [entry(n, teacher.id, markRow, '2')];
    sign(set, teacher.key, teacher.keyId);
    writeSegment(n, 1, set, 'f'.repeat(64));
    forged.push({ node: n, code: 'BROKEN_CHAIN', hlcs: set.map((e) => e.hlc) });
  });

  it('are quarantined with the right code on every computer, never reach the journal, and are shown to the administrator', async () => {
    const reports = await net.settle();
    assert.ok(reports.every((r) => r.ok), JSON.stringify(reports.map((r) => r.errors)));
    for (const pc of net.computers) {
      const q = await quarantined(pc.db);
      for (const f of forged) {
        assert.deepEqual(q.filter((x) => x.node_id === f.node).map((x) => x.code), [f.code], `${pc.name}: the forgery in ${f.node} is ${f.code}`);
        for (const h of f.hlcs) assert.equal(await pc.db.knex('change_log').where({ hlc: h }).first('hlc'), undefined, 'never in the change history');
      }
      assert.equal((await pc.db.knex('mark').where({ id: markRow.id }).first('value')).value, markRow.value, 'the teacher\'s mark unchanged');
      assert.equal((await pc.db.knex('mark').where({ id: foreignMark.id }).first('value')).value, foreignMark.value, 'the other teacher\'s mark unchanged');
    }
    // What the administrator sees (the sync status reads this table): every forged folder.
    const seen = new Set((await quarantined(a().db)).map((x) => x.node_id));
    for (const f of forged) assert.ok(seen.has(f.node));
    await assertConverged(net, since);
  });

  it('a forged segment written into a real computer\'s folder is quarantined; that computer takes a new id and loses nothing', async () => {
    const victim = c();
    const node = victim.db.writer.nodeId;
    const segs = segmentsOf(net.share, node);
    const seq = segs.length + 1;
    const teacherId = (await victim.db.knex('staff').where({ login: 'teacher' }).first('id')).id as string;
    const e = entry(node, teacherId, markRow, '2');
    writeSegment(node, seq, [e], segs[segs.length - 1]?.hash ?? null);
    const t = await net.signIn(victim, 'classteacher');
    const own = (await cellsOf(victim, 'classteacher', 6))[4]!;
    const ownValue = await otherMark(victim, own);
    await setMark(net, victim, t, own, ownValue);
    const r = await net.cycle(victim);
    assert.ok(r.identityChanged, 'the segment it did not write makes it take a new id');
    assert.ok(r.errors.some((x) => x.code === 'IDENTITY_CHANGED'));
    await net.settle();
    for (const pc of net.computers) {
      assert.deepEqual((await quarantined(pc.db)).filter((x) => x.node_id === node).map((x) => x.code), ['UNSIGNED'], `${pc.name}`);
      assert.equal(await markOf(pc, own), ownValue, `${pc.name} has the victim's own change`);
      assert.equal((await pc.db.knex('mark').where({ id: markRow.id }).first('value')).value, markRow.value);
    }
    await assertConverged(net, since);
  });
});
