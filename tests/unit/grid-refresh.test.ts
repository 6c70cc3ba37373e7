// What a journal page read again after a sync does to the grid (issue 17, point 10):
// cells changed elsewhere are shown, the cell being typed into and cells with edits in
// flight keep what was typed, and a read that may predate an edit is read again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EditQueues, planRefresh, type PendingEdit } from '../../renderer/src/components/edit-queue';

const same = (a: string, b: string) => a === b;

function queues(initial: Record<string, string>) {
  const shown = new Map<string, string>();
  const q = new EditQueues<string, PendingEdit<string>>((k) => initial[k] ?? '', (k, v) => shown.set(k, v), () => undefined);
  return { q, shown };
}

/** An edit whose service call is answered when the test says so. */
function held(value: string): { edit: PendingEdit<string>; answer(): void } {
  let answer = () => undefined as void;
  const done = new Promise<void>((r) => (answer = r));
  return { edit: { apply: () => value, send: () => done }, answer };
}

describe('a page read again after a sync (issue 17, point 10)', () => {
  it('cells changed elsewhere are updated; unchanged ones are left alone', () => {
    const { q } = queues({ a: '5', b: '4', c: '' });
    const fresh: Record<string, string> = { a: '5', b: '3', c: 'Н' };
    const plan = planRefresh(q, ['a', 'b', 'c'], (k) => fresh[k]!, same, q.tick(), null);
    assert.deepEqual([...plan.update], [['b', '3'], ['c', 'Н']]);
    assert.equal(plan.held.size, 0);
    assert.equal(plan.again, false);
    q.rebase('b', '3');
    assert.equal(q.current('b'), '3');
  });

  it('the cell being typed into is never replaced: the value read is only held beside it', async () => {
    const { q } = queues({ a: '' });
    await q.push('a', { apply: () => '4', send: async () => undefined });
    const plan = planRefresh(q, ['a'], () => '5', same, q.tick(), 'a');
    assert.equal(plan.update.size, 0);
    assert.deepEqual([...plan.held], [['a', '5']]);
    assert.equal(q.current('a'), '4', 'what the teacher typed stays');
  });

  it('a cell with an edit in flight keeps it; a value its own edit explains is no news, another value is held and read again', async () => {
    const { q } = queues({ a: '', b: '' });
    const tick = q.tick();
    const ea = held('4');
    const eb = held('3');
    void q.push('a', ea.edit);
    void q.push('b', eb.edit);
    // The read saw the teacher's own 4 already committed in a, and someone else's 5 in b.
    const plan = planRefresh(q, ['a', 'b'], (k) => (k === 'a' ? '4' : '5'), same, tick, null);
    assert.equal(plan.update.size, 0, 'nothing replaced under edits in flight');
    assert.deepEqual([...plan.held], [['b', '5']]);
    assert.equal(plan.again, true, 'read again once the edits are answered');
    assert.equal(q.current('b'), '3');
    ea.answer();
    eb.answer();
    await q.settled();
  });

  it('a read begun before an edit that is answered meanwhile may predate it: not shown, read again', async () => {
    const { q } = queues({ a: '' });
    const tick = q.tick();
    await q.push('a', { apply: () => '2', send: async () => undefined });
    const plan = planRefresh(q, ['a'], () => '', same, tick, null);
    assert.equal(plan.update.size, 0);
    assert.equal(plan.again, true);
    assert.equal(q.current('a'), '2');
    // Read again after the edit: the journal has it, nothing to do.
    const again = planRefresh(q, ['a'], () => '2', same, q.tick(), null);
    assert.deepEqual([again.update.size, again.held.size, again.again], [0, 0, false]);
  });
});
