// A password hash made at the old, cheaper cost (scrypt N=16384) is made again at the
// current cost when its owner next signs in (issue 10, item 7): a copy of the share then
// costs an attacker the current price per guess. At the production cost, as installed.
import '../helpers/production-kdf';
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KDF_PARAMS, PRODUCTION_KDF } from '../../db/kdf';
import { decryptPrivateKey, encryptPrivateKey } from '../../db/signing';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { REHASH_REASON } from '../../service/auth/rehash';
import { ServiceHost } from '../../service/host';
import { needsRehash } from '../../db/passwords';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let callers = 0;

before(async () => {
  db = await openJournal(await makeDemoFile(60, 11));
  host = new ServiceHost(db, { log: () => undefined });
});
after(() => db.close());

/** A hash as the app stored it before issue 10: scrypt N=16384, r=8, p=1. */
function oldHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

async function login(login: string, password: string) {
  return host.call(`test:upgrade:${++callers}`, 'auth.login', { login, password });
}

const hashOf = async (id: string) => ((await db.knex('staff').where({ id }).first('password_hash')) as { password_hash: string }).password_hash;
const rehashEntries = (id: string) => db.knex('change_log').where({ table_name: 'staff', row_id: id, field: 'password_hash', reason: REHASH_REASON })
  .select('user_id', 'new_value', 'signature') as Promise<{ user_id: string; new_value: string; signature: string | null }[]>;

describe('password hashes are upgraded at sign-in', () => {
  it('runs at the production cost', () => {
    assert.deepEqual(KDF_PARAMS, PRODUCTION_KDF);
  });

  it('a hash of the old cost is made again at the current one; the password still works', async () => {
    const PASSWORD = 'Старый-пароль-2019';
    const staff = (await db.knex('staff').where({ login: 'classteacher' }).first('id', 'private_key_enc')) as { id: string; private_key_enc: string };
    const old = oldHash(PASSWORD);
    // The old hash as an earlier version wrote it (through the writer, like every change),
    // with the user's signing key under the same password.
    const key = await decryptPrivateKey(staff.private_key_enc, 'demo');
    assert.ok(key);
    await db.writer.write({ userId: null }, [{ table: 'staff', id: staff.id, set: { password_hash: old, private_key_enc: await encryptPrivateKey(key, PASSWORD) } }], { reason: 'test: hash of an earlier version' });
    assert.equal(needsRehash(old), true);

    const first = await login('classteacher', PASSWORD);
    assert.ok(first.ok, JSON.stringify(first));
    const upgraded = await hashOf(staff.id);
    assert.notEqual(upgraded, old);
    const [, n, r, p] = upgraded.split('$');
    assert.deepEqual({ N: Number(n), r: Number(r), p: Number(p) }, PRODUCTION_KDF);
    assert.equal(needsRehash(upgraded), false);

    // Recorded in the history as the user's own change, signed with their key (it travels to the other computers).
    const entries = await rehashEntries(staff.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.user_id, staff.id);
    assert.equal(JSON.parse(entries[0]!.new_value), upgraded);
    assert.ok(entries[0]!.signature, 'signed by the user');

    // No secret in the answer: neither the password nor either hash nor its salt.
    const text = JSON.stringify(first);
    for (const secret of [PASSWORD, old, upgraded, upgraded.split('$')[4]!, 'scrypt$', 'password_hash', 'private_key']) {
      assert.ok(!text.includes(secret), `the answer holds ${secret}`);
    }

    // The same password again: accepted, and nothing more to upgrade.
    const second = await login('classteacher', PASSWORD);
    assert.ok(second.ok, JSON.stringify(second));
    assert.equal(await hashOf(staff.id), upgraded);
    assert.equal((await rehashEntries(staff.id)).length, 1);

    // A wrong password neither signs in nor changes the hash.
    const wrong = await login('classteacher', 'Старый-пароль-2018');
    assert.equal(wrong.ok ? 'ok' : wrong.error.code, 'BAD_CREDENTIALS');
    assert.equal(await hashOf(staff.id), upgraded);
  });

  it('a wrong password against an old hash changes nothing', async () => {
    const staff = (await db.knex('staff').where({ login: 'secretary' }).first('id')) as { id: string };
    const old = oldHash('Секретарь-2019');
    await db.writer.write({ userId: null }, [{ table: 'staff', id: staff.id, set: { password_hash: old } }], { reason: 'test: hash of an earlier version' });
    const r = await login('secretary', 'Секретарь-2018');
    assert.equal(r.ok ? 'ok' : r.error.code, 'BAD_CREDENTIALS');
    assert.equal(await hashOf(staff.id), old);
    assert.equal((await rehashEntries(staff.id)).length, 0);
  });

  it('a hash already at the current cost is left alone', async () => {
    const staff = (await db.knex('staff').where({ login: 'teacher' }).first('id')) as { id: string };
    const before = await hashOf(staff.id);
    assert.equal(needsRehash(before), false, 'the demo school is made at the current cost');
    const r = await login('teacher', 'demo');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(await hashOf(staff.id), before);
    assert.equal((await rehashEntries(staff.id)).length, 0);
  });
});
