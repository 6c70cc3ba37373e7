// The cost of a password guess (issue 10, item 7): production hashes are memory-hard and
// costly; only the test suites lower the cost, by an environment variable they set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { scryptSync } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isAcceptableParams, isWeakerThanCurrent, kdfParamsFor, PRODUCTION_KDF, scryptKey, TEST_KDF } from '../../db/kdf';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OLD_COST = { N: 16384, r: 8, p: 1 };

describe('the password-hashing cost (db/kdf.ts)', () => {
  it('production is at least scrypt N=2^17, r=8, p=1: 128 MiB or more per guess', () => {
    assert.deepEqual(kdfParamsFor(undefined), PRODUCTION_KDF);
    assert.deepEqual(kdfParamsFor(''), PRODUCTION_KDF);
    assert.deepEqual(kdfParamsFor('production'), PRODUCTION_KDF);
    assert.ok(PRODUCTION_KDF.N >= 2 ** 17 && PRODUCTION_KDF.r >= 8 && PRODUCTION_KDF.p >= 1, JSON.stringify(PRODUCTION_KDF));
    assert.ok(128 * PRODUCTION_KDF.N * PRODUCTION_KDF.r >= 128 * 1024 * 1024, 'memory per guess');
    assert.ok(isAcceptableParams(PRODUCTION_KDF));
    assert.equal(isWeakerThanCurrent(OLD_COST, PRODUCTION_KDF), true, 'the old cost is upgraded');
  });

  it('a process started without JOURNAL_KDF_COST hashes at the production cost', () => {
    const env = { ...process.env };
    delete env.JOURNAL_KDF_COST;
    const script = "import('./db/kdf.ts').then((m) => process.stdout.write(JSON.stringify(m.KDF_PARAMS)))";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), PRODUCTION_KDF);
  });

  it('only the exact value "test" lowers the cost', () => {
    assert.deepEqual(kdfParamsFor('test'), TEST_KDF);
    assert.deepEqual(kdfParamsFor('TEST'), PRODUCTION_KDF);
    assert.deepEqual(kdfParamsFor('low'), PRODUCTION_KDF);
  });

  it('"weaker" means less memory or less work, never a downgrade of a stronger record', () => {
    const current = PRODUCTION_KDF;
    assert.equal(isWeakerThanCurrent(current, current), false);
    assert.equal(isWeakerThanCurrent({ N: current.N / 2, r: current.r, p: current.p }, current), true);
    assert.equal(isWeakerThanCurrent({ N: current.N, r: current.r - 1, p: current.p }, current), true);
    assert.equal(isWeakerThanCurrent({ N: current.N * 2, r: current.r, p: current.p }, current), false);
    assert.equal(isWeakerThanCurrent({ N: current.N * 2, r: 8, p: 1 }, { N: 2 ** 17, r: 12, p: 1 }), false, 'more memory and work with a smaller r');
    assert.equal(isWeakerThanCurrent({ N: current.N / 2, r: current.r, p: 4 }, current), true, 'more work spread over p, less memory');
  });

  it('a stored record cannot ask for unbounded memory', async () => {
    for (const params of [{ N: 2 ** 30, r: 8, p: 1 }, { N: 1000, r: 8, p: 1 }, { N: 1024, r: 0, p: 1 }, { N: 1024, r: 8, p: 1000 }, { N: Number.NaN, r: 8, p: 1 }]) {
      assert.equal(isAcceptableParams(params), false, JSON.stringify(params));
      await assert.rejects(scryptKey('x', Buffer.alloc(16), 32, params), RangeError);
    }
  });

  it('the secret is NFC-normalized: the same password typed two ways gives the same key', async () => {
    const salt = Buffer.alloc(16, 1);
    const composed = await scryptKey('Ёлка-2026', salt, 32, TEST_KDF);
    const decomposed = await scryptKey('Ёлка-2026'.normalize('NFD'), salt, 32, TEST_KDF);
    assert.ok(composed.equals(decomposed));
    assert.ok(!composed.equals(await scryptKey('Елка-2026', salt, 32, TEST_KDF)));
  });

  it('runs scrypt a few at a time, the rest waiting their turn, each with its own answer; a failed one does not stop the next', async () => {
    const salt = (n: number) => Buffer.alloc(16, n);
    const keys = [0, 1, 2, 3, 5, 6, 7].map((n) => scryptKey(`пароль ${n}`, salt(n), 32, TEST_KDF));
    const broken = assert.rejects(scryptKey('x', salt(9), -1, TEST_KDF), /keylen/); // scrypt itself refuses the length
    const after = scryptKey('пароль 4', salt(4), 32, TEST_KDF);
    const got = await Promise.all(keys);
    [0, 1, 2, 3, 5, 6, 7].forEach((n, i) => assert.deepEqual(got[i], scryptSync(`пароль ${n}`, salt(n), 32, { ...TEST_KDF, maxmem: 64 * 1024 * 1024 })));
    await broken;
    assert.deepEqual(await after, scryptSync('пароль 4', salt(4), 32, { ...TEST_KDF, maxmem: 64 * 1024 * 1024 }));
  });
});
