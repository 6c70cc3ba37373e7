import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ID_PATTERN, keyId, newId } from '../../db/ids';
import { SeededRandom } from '../../shared/random';

describe('row ids', () => {
  it('two computers create ids independently without clashing', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(newId(1_700_000_000_000));
    assert.equal(seen.size, 20_000);
    for (const id of seen) assert.match(id, ID_PATTERN);
  });

  it('ids made later sort later (time-ordered)', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    assert.ok(a < b);
    assert.match(newId(0x0123_4567_89ab), /^01234567-89ab-7/, '48 bits of milliseconds, then the version');
  });

  it('a seeded source gives the same ids (the demo school is deterministic)', () => {
    const r1 = new SeededRandom(7);
    const r2 = new SeededRandom(7);
    assert.equal(newId(5, (n) => r1.bytes(n)), newId(5, (n) => r2.bytes(n)));
  });

  it('a journal cell has the same id on every computer and a different id for another cell', () => {
    assert.equal(keyId('mark', 'L1', 'S1', '1'), keyId('mark', 'L1', 'S1', '1'));
    assert.notEqual(keyId('mark', 'L1', 'S1', '1'), keyId('mark', 'L1', 'S1', '2'));
    assert.notEqual(keyId('mark', 'L1', 'S11'), keyId('mark', 'L11', 'S1'));
    assert.match(keyId('attendance', 'x', 'y'), ID_PATTERN);
  });
});
