// Clocks and offline work (issue 4): one computer's clock a day ahead and another's a
// year behind — the skew against the share is measured and corrected, changes stamped
// far in the future wait in quarantine (CLOCK_AHEAD) until time catches up or the
// administrator releases them; two computers offline for a week editing the same marks —
// the conflicts are recorded on every computer, both values kept, one journal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SchoolNetwork } from '../helpers/school-network';
import {
  assertConverged, cellsOf, faultyNetwork, lastHlc, markOf, otherMark, quarantined, segmentsOf, setMark, shareOf, type Cell,
} from '../helpers/sync-kit';

const DAY = 24 * 3600 * 1000;
const YEAR = 365 * DAY;
let net: SchoolNetwork;
let cells: Cell[];
let since: string;
const a = () => net.computers[0]!;
const b = () => net.computers[1]!;
const c = () => net.computers[2]!;

before(async () => {
  net = await faultyNetwork(3);
  cells = await cellsOf(a(), 'teacher', 16);
  since = await lastHlc(a().db);
});
after(() => net.close());

describe('one computer\'s clock a day ahead, another\'s a year behind', () => {
  it('skews are measured and corrected; far-future changes wait as CLOCK_AHEAD, are released or applied once time catches up; nothing lost', async () => {
    a().clockOffsetMs = DAY;
    b().clockOffsetMs = -YEAR;
    // Both work before their first cycle with the wrong clock.
    const ta = await net.signIn(a(), 'teacher');
    const aValue = await otherMark(a(), cells[0]!);
    await setMark(net, a(), ta, cells[0]!, aValue);
    const tb = await net.signIn(b(), 'classteacher');
    const bCell = (await cellsOf(b(), 'classteacher', 2))[0]!;
    const bValue = await otherMark(b(), bCell);
    await setMark(net, b(), tb, bCell, bValue);

    const ra = await net.cycle(a());
    const rb = await net.cycle(b());
    assert.ok(Math.abs(ra.clockSkewMs! + DAY) < 60_000, `a's skew measured: ${ra.clockSkewMs}`);
    assert.ok(Math.abs(rb.clockSkewMs! - YEAR) < 60_000, `b's skew measured: ${rb.clockSkewMs}`);
    assert.ok(Math.abs(a().db.writer.clockOffsetMs + DAY) < 60_000, 'a\'s writer corrects its clock');
    assert.ok(Math.abs(b().db.writer.clockOffsetMs - YEAR) < 60_000, 'b\'s writer corrects its clock');
    assert.ok(Math.abs(a().db.writer.now() - Date.now()) < 60_000);
    assert.ok(Math.abs(b().db.writer.now() - Date.now()) < 60_000);

    // Changes after the correction carry the share's time (b's), or wait behind the day-ahead stamp (a's).
    const bCell2 = (await cellsOf(b(), 'classteacher', 2))[1]!;
    await setMark(net, b(), tb, bCell2, await otherMark(b(), bCell2));
    assert.ok((await net.cycle(b())).ok);
    const bLast = segmentsOf(net.share, b().db.writer.nodeId).at(-1)!;
    assert.ok(Math.abs(Date.parse(bLast.header.lastHlc.slice(0, 24)) - Date.now()) < DAY, 'b stamps its changes with the corrected clock');

    // c (a right clock) holds a's day-ahead segment; b's are applied.
    const rc = await net.cycle(c());
    assert.ok(rc.ok);
    const aNode = a().db.writer.nodeId;
    const held = (await quarantined(c().db)).filter((q) => q.node_id === aNode);
    assert.deepEqual(held.map((q) => q.code), ['CLOCK_AHEAD']);
    assert.notEqual(await markOf(c(), cells[0]!), aValue);
    assert.equal(await markOf(c(), bCell), bValue, 'the year-behind computer\'s change is applied');

    // The administrator releases it on b: applied there.
    await net.cycle(b());
    const file = (await quarantined(b().db)).find((q) => q.node_id === aNode && q.code === 'CLOCK_AHEAD')?.file;
    assert.ok(file, 'b holds it too');
    await b().db.knex('sync_quarantine').where({ node_id: aNode, file, code: 'CLOCK_AHEAD' }).update({ status: 'released' });
    await net.cycle(b());
    assert.equal(await markOf(b(), cells[0]!), aValue, 'released: applied');

    // Time catches up for everyone (the share's clock and every computer's move a day on).
    for (const pc of net.computers) {
      pc.clockOffsetMs += DAY + 3600_000;
      shareOf(pc).shareClockOffsetMs += DAY + 3600_000;
    }
    const reports = await net.settle();
    assert.ok(reports.every((r) => r.ok), JSON.stringify(reports.map((r) => r.errors)));
    assert.equal(await markOf(c(), cells[0]!), aValue, 'applied once time caught up');
    assert.deepEqual((await quarantined(c().db)).filter((q) => q.code === 'CLOCK_AHEAD'), []);
    await assertConverged(net, since);
  });
});

describe('two computers offline for a week editing the same marks', () => {
  it('record the conflicts on every computer, keep both values, and end with one journal', async () => {
    const same = cells.slice(4, 9);
    const ta = await net.signIn(a(), 'teacher');
    const tb = await net.signIn(b(), 'teacher');
    for (const pc of [a(), b()]) shareOf(pc).fault = 'gone';
    for (let day = 0; day < 5; day++) {
      for (const pc of net.computers) pc.clockOffsetMs += DAY;
      for (const pc of net.computers) shareOf(pc).shareClockOffsetMs += DAY;
      // Values different from what the cell holds (an unchanged value is not a change).
      const current = await markOf(a(), same[day]!);
      await setMark(net, a(), ta, same[day]!, current === '5' ? '4' : '5');
      await setMark(net, b(), tb, same[day]!, (await markOf(b(), same[day]!)) === '2' ? '3' : '2');
      // Other work meanwhile. (Not a second edit of a contested mark on the same computer:
      // its base clock would pass for having seen the other computer's value — see the report.)
      if (day % 2 === 0) await setMark(net, b(), tb, cells[10 + day]!, await otherMark(b(), cells[10 + day]!));
      assert.equal((await net.cycle(a())).ok, false);
      assert.equal((await net.cycle(b())).ok, false);
      assert.ok((await net.cycle(c())).ok, 'the third computer goes on');
    }
    for (const pc of [a(), b()]) shareOf(pc).fault = 'none';
    const reports = await net.settle();
    assert.ok(reports.every((r) => r.ok), JSON.stringify(reports.map((r) => r.errors)));

    const ids = new Set(await Promise.all(same.map(async (x) => (await a().db.knex('mark').where({ lesson_id: x.lessonId, student_id: x.studentId, slot: 1 }).first('id')).id as string)));
    for (const pc of net.computers) {
      const open = await pc.db.knex('sync_conflict').where({ status: 'open', table_name: 'mark', field: 'value' }).select('row_id', 'hlcs') as { row_id: string; hlcs: string }[];
      const mine = open.filter((o) => ids.has(o.row_id));
      assert.equal(mine.length, same.length, `${pc.name} records a conflict for each of the ${same.length} marks`);
      for (const o of mine) {
        const values = await pc.db.knex('change_log').whereIn('hlc', JSON.parse(o.hlcs) as string[]).pluck('new_value') as string[];
        assert.ok(values.some((v) => v === '"5"' || v === '"4"') && values.some((v) => v === '"2"' || v === '"3"'), `${pc.name} keeps both values: ${values.join(', ')}`);
      }
    }
    await assertConverged(net, since);

    // The teacher settles one on a third computer, after seeing both: settled everywhere.
    const tc = await net.signIn(c(), 'teacher');
    const settled = await otherMark(c(), same[0]!);
    await setMark(net, c(), tc, same[0]!, settled);
    await net.settle();
    const settledId = [...ids][0]!;
    for (const pc of net.computers) {
      assert.equal(await markOf(pc, same[0]!), settled);
      const row = await pc.db.knex('sync_conflict').where({ id: `mark:${(await pc.db.knex('mark').where({ lesson_id: same[0]!.lessonId, student_id: same[0]!.studentId, slot: 1 }).first('id')).id}:value` }).first('status');
      assert.equal(row?.status, 'resolved', `${pc.name}: settled`);
    }
    assert.ok(settledId);
    await assertConverged(net, since);
  });
});
