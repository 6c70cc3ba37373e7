import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ClockDriftError, compareHlc, formatHlc, HybridClock, MAX_COUNTER, nextLocal, nextOnReceive, parseHlc, type Hlc,
} from '../../shared/hlc';

const h = (millis: number, counter: number, node = 'aa'): Hlc => ({ millis, counter, node });

describe('hybrid logical clock', () => {
  it('formats to a string that sorts like the clock and parses back', () => {
    const values = [h(1000, 0), h(1000, 1), h(1000, 1, 'bb'), h(2000, 0), h(Date.UTC(2026, 10, 22), 0xffff)];
    for (const v of values) assert.deepEqual(parseHlc(formatHlc(v)), v);
    const strings = values.map(formatHlc);
    assert.deepEqual([...strings].sort(), strings);
    for (let i = 1; i < values.length; i++) assert.equal(compareHlc(values[i - 1]!, values[i]!), -1);
  });

  it('refuses strings that are not clock values', () => {
    assert.throws(() => parseHlc('2026-11-22'));
    assert.throws(() => parseHlc('2026-13-45T00:00:00.000Z-00000000-aa'));
  });

  it('moves forward even when the wall clock goes back', () => {
    const last = h(5000, 3);
    const next = nextLocal(last, 1000);
    assert.equal(compareHlc(next, last), 1);
    assert.deepEqual(next, h(5000, 4));
  });

  it('carries more than 65 536 events in one millisecond (a 32-bit counter)', () => {
    let c = h(1000, 0);
    for (let i = 0; i < 70_000; i++) c = nextLocal(c, 1000);
    assert.deepEqual(c, h(1000, 70_000));
  });

  it('rolls into the next millisecond when the counter is exhausted', () => {
    assert.deepEqual(nextLocal(h(1000, MAX_COUNTER), 1000), h(1001, 0));
  });

  it('after receiving a remote clock, the next local value is later than both', () => {
    const local = h(1000, 5, 'aa');
    const remote = h(3000, 7, 'bb');
    const next = nextOnReceive(local, remote, 2000);
    assert.equal(next.node, 'aa');
    assert.ok(compareHlc(next, remote) > 0 && compareHlc(next, local) > 0);
  });

  it('quarantines a remote clock far in the future instead of adopting it', () => {
    const day = 24 * 3600 * 1000;
    assert.throws(() => nextOnReceive(h(1000, 0), h(1000 + 2 * day, 0, 'bb'), 1000), ClockDriftError);
  });

  it('does not advance until a value is committed', () => {
    let wall = 1000;
    const clock = new HybridClock('aa', null, () => wall);
    const [a, b] = clock.peekNext(2);
    assert.equal(compareHlc(a!, b!), -1);
    assert.deepEqual(clock.peekNext(1)[0], a, 'peeking again gives the same value: nothing moved');
    clock.commit(b!);
    wall = 900; // the computer's clock was set back
    assert.equal(compareHlc(clock.peekNext(1)[0]!, b!), 1);
  });
});
