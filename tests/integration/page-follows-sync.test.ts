// A journal page follows the sync (issue 17, point 10): the window asks journal.changes
// where this computer's change log ends and whether changes made on other computers
// arrived since; it reads the page again only then. A late sync change to a cell a teacher
// is typing into keeps what the teacher typed and becomes the sync's usual conflict,
// which the lesson's teacher or a deputy settles (R-TIME-3 windows aside, the rule of
// README "Order and conflicts").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cellsOf, markOf, openConflicts, setMark, type Cell } from '../helpers/sync-kit';
import { SchoolNetwork, type Computer } from '../helpers/school-network';

interface Changes {
  version: number;
  fromOthers: boolean;
}

describe('journal.changes: what a window polls to follow the sync', () => {
  let net: SchoolNetwork;
  let a: Computer;
  let b: Computer;
  let cells: Cell[];
  before(async () => {
    net = await SchoolNetwork.create(2, 60, 7);
    [a, b] = net.computers as [Computer, Computer];
    cells = await cellsOf(a, 'teacher', 4);
  });
  after(() => net.close());

  it('grows with this computer\'s own edits without calling them changes from other computers', async () => {
    const teacher = await net.signIn(a, 'teacher');
    const first = await net.call<Changes>(a, teacher, 'journal.changes', {});
    assert.equal(first.fromOthers, false, 'nothing to compare with on the first ask');
    await setMark(net, a, teacher, cells[0]!, '4');
    const next = await net.call<Changes>(a, teacher, 'journal.changes', { since: first.version });
    assert.ok(next.version > first.version, 'the change log grew');
    assert.equal(next.fromOthers, false, 'the teacher\'s own mark is not news from another computer');
    const same = await net.call<Changes>(a, teacher, 'journal.changes', { since: next.version });
    assert.deepEqual(same, { version: next.version, fromOthers: false });
  });

  it('says so once a sync cycle applied another computer\'s changes, and only for entries after `since`', async () => {
    const onA = await net.signIn(a, 'teacher');
    const before = await net.call<Changes>(a, onA, 'journal.changes', {});
    await setMark(net, b, await net.signIn(b, 'teacher'), cells[1]!, '5');
    assert.ok((await net.cycle(b)).ok);
    assert.deepEqual(await net.call<Changes>(a, onA, 'journal.changes', { since: before.version }), { version: before.version, fromOthers: false },
      'published but not yet applied here: nothing new on this computer');
    assert.ok((await net.cycle(a)).ok);
    const after = await net.call<Changes>(a, onA, 'journal.changes', { since: before.version });
    assert.ok(after.version > before.version);
    assert.equal(after.fromOthers, true, 'the mark made on the other computer arrived');
    assert.equal(await markOf(a, cells[1]!), '5');
    // Asked again from where it stands now: nothing more.
    assert.equal((await net.call<Changes>(a, onA, 'journal.changes', { since: after.version })).fromOthers, false);
  });

  it('a database replaced under the window (its log shorter than `since`) counts as changed', async () => {
    const caller = await net.signIn(a, 'teacher');
    const now = await net.call<Changes>(a, caller, 'journal.changes', {});
    assert.equal((await net.call<Changes>(a, caller, 'journal.changes', { since: now.version + 1000 })).fromOthers, true);
  });

  it('bad input is refused and changes nothing; no one signed in gets no answer', async () => {
    const caller = await net.signIn(a, 'teacher');
    for (const since of [-1, 1.5, '3']) {
      const r = await a.host.call(caller, 'journal.changes', { since });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'VALIDATION', String(since));
    }
    const r = await a.host.call('nobody', 'journal.changes', {});
    assert.equal(!r.ok && r.error.code, 'UNAUTHENTICATED');
  });
});

describe('a late sync change to the cell being typed into becomes the usual conflict; the typing is kept', () => {
  let net: SchoolNetwork;
  let a: Computer;
  let b: Computer;
  let cells: Cell[];
  before(async () => {
    net = await SchoolNetwork.create(2, 60, 8);
    [a, b] = net.computers as [Computer, Computer];
    cells = await cellsOf(a, 'teacher', 4);
  });
  after(() => net.close());

  const conflictOn = async (c: Computer, cell: Cell) => {
    const deputy = await net.signIn(c, 'deputy');
    const list = await net.call<{ id: string; table: string; field: string; current: unknown; values: { value: unknown; hlc: string }[] }[]>(c, deputy, 'sync.conflicts', {});
    const rowId = await c.db.knex('mark').where({ lesson_id: cell.lessonId, student_id: cell.studentId, slot: 1 }).first('id') as { id: string };
    return list.find((x) => x.table === 'mark' && x.field === 'value' && x.id.includes(rowId.id));
  };

  it('made elsewhere before the teacher typed, arriving after: the teacher\'s mark stays, both values are in the conflict', async () => {
    const cell = cells[0]!;
    // The other computer, not having seen anything of this cell, sets 5 …
    await setMark(net, b, await net.signIn(b, 'teacher'), cell, '5');
    // … while the teacher, here, types 3 and then a second mark 4 into the same cell.
    const here = await net.signIn(a, 'teacher');
    const since = (await net.call<Changes>(a, here, 'journal.changes', {})).version;
    await setMark(net, a, here, cell, '3');
    await net.call(a, here, 'journal.setMark', { lessonId: cell.lessonId, studentId: cell.studentId, slot: 2, value: '4' });
    assert.ok((await net.cycle(b)).ok);
    assert.ok((await net.cycle(a)).ok); // the 5 arrives late
    assert.equal((await net.call<Changes>(a, here, 'journal.changes', { since })).fromOthers, true, 'the window is told, and reads the page again');

    assert.equal(await markOf(a, cell), '3', 'the newer typing is not overwritten by the older change that came late');
    const slot2 = await a.db.knex('mark').where({ lesson_id: cell.lessonId, student_id: cell.studentId, slot: 2 }).first('value');
    assert.deepEqual(slot2, { value: '4' }, 'the second mark typed after it stays');
    const conflict = await conflictOn(a, cell);
    assert.ok(conflict, `a conflict is recorded: ${JSON.stringify(await openConflicts(a.db))}`);
    assert.deepEqual(conflict.values.map((v) => v.value).sort(), ['3', '5']);
    assert.equal(conflict.current, '3');
  });

  it('made elsewhere after the teacher typed, without seeing it: the newer value shows, the teacher\'s stays in the conflict until someone keeps one', async () => {
    const cell = cells[1]!;
    const here = await net.signIn(a, 'teacher');
    await setMark(net, a, here, cell, '2');
    await setMark(net, b, await net.signIn(b, 'teacher'), cell, '4');
    assert.ok((await net.cycle(b)).ok);
    assert.ok((await net.cycle(a)).ok);
    const conflict = await conflictOn(a, cell);
    assert.ok(conflict, 'a conflict, not a silent overwrite');
    assert.deepEqual(conflict.values.map((v) => v.value).sort(), ['2', '4']);
    assert.equal(await markOf(a, cell), '4', 'until then the newest value is the journal\'s');
    // The lesson's teacher keeps the value typed here; every computer follows.
    const kept = conflict.values.find((v) => v.value === '2')!;
    await net.call(a, here, 'sync.resolveConflict', { id: conflict.id, hlc: kept.hlc });
    assert.equal(await markOf(a, cell), '2');
    await net.settle();
    assert.equal(await markOf(b, cell), '2');
    assert.equal(await conflictOn(b, cell), undefined, 'settled on the other computer too');
  });
});
