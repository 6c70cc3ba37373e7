// Signing in as the regulations ask: the administrator issues a login and a one-time
// activation code (R-ROLE-6); each user answers for their credentials, and teachers work
// on shared computers, so wrong passwords lock a login and an idle session locks itself
// (R-ROLE-7). Real SQLite files, a small demo school, a clock the tests move.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { ROW_CREATED } from '../../db/journal-writer';
import type { ErrorPayload } from '../../service/errors';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let clock = new Date('2026-11-23T10:00:00').getTime();
const now = () => new Date(clock);
const later = (minutes: number) => {
  clock += minutes * 60_000;
};
let callers = 0;

before(async () => {
  db = await openJournal(await makeDemoFile(60, 7));
  host = new ServiceHost(db, { now, log: () => undefined });
});
after(() => db.close());

const newCaller = (name: string) => `test:${name}:${++callers}`;

async function value<T = unknown>(caller: string, method: string, args: unknown, on: ServiceHost = host): Promise<T> {
  const r = await on.call(caller, method, args);
  if (!r.ok) assert.fail(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

async function failure(caller: string, method: string, args: unknown, on: ServiceHost = host): Promise<ErrorPayload> {
  const r = await on.call(caller, method, args);
  if (r.ok) assert.fail(`${method} should fail, got ${JSON.stringify(r.value)}`);
  return r.error;
}

async function signedIn(login: string, password = 'demo', on: ServiceHost = host): Promise<string> {
  const caller = newCaller(login);
  await value(caller, 'auth.login', { login, password }, on);
  return caller;
}

interface Issued { staffId: string; login: string; code: string }
interface Person { id: string; login: string }

/** A staff member of the demo school who has never had a password, a different one each time. */
async function newcomer(): Promise<Person> {
  const used = newcomer.used;
  const row: Person | undefined = await db.knex('staff').whereNull('password_hash').where({ active: 1 })
    .whereNotIn('id', [...used]).orderBy('login').first('id', 'login');
  assert.ok(row, 'the demo school has staff without a password');
  used.add(row.id);
  return row;
}
newcomer.used = new Set<string>();

async function issueCode(person: Person): Promise<Issued> {
  return value<Issued>(await signedIn('admin'), 'staff.issueActivation', { staffId: person.id });
}

const staffRow = (id: string) => db.knex('staff').where({ id }).first();
const historySize = async () => Number((await db.knex('change_log').count('* as n').first())?.n);
const GOOD_PASSWORD = 'Весна-2026!';

describe('activation codes (R-ROLE-6)', () => {
  it('an activation code works once', async () => {
    const person = await newcomer();
    assert.equal((await failure(newCaller('x'), 'auth.login', { login: person.login, password: 'anything1' })).code, 'BAD_CREDENTIALS',
      'no password before activation');
    const issued = await issueCode(person);
    assert.equal(issued.login, person.login);
    assert.match(issued.code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);

    const c = newCaller('newcomer');
    const user = await value<{ id: string }>(c, 'auth.activate', { login: person.login, code: issued.code, newPassword: GOOD_PASSWORD });
    assert.equal(user.id, person.id);
    assert.equal((await value<{ id: string }>(c, 'auth.me', {})).id, person.id, 'activation signs the caller in');
    await signedIn(person.login, GOOD_PASSWORD);

    const again = await failure(newCaller('y'), 'auth.activate', { login: person.login, code: issued.code, newPassword: 'Другой-пароль-1' });
    assert.equal(again.code, 'BAD_CREDENTIALS');
    assert.match(again.message, /код/);
    await signedIn(person.login, GOOD_PASSWORD); // the used code changed nothing
  });

  it('a wrong code is refused like a wrong password, and a code is read as people type it', async () => {
    const person = await newcomer();
    const { code } = await issueCode(person);
    const wrong = await failure(newCaller('x'), 'auth.activate', { login: person.login, code: 'AAAA-AAAA', newPassword: GOOD_PASSWORD });
    assert.equal(wrong.code, 'BAD_CREDENTIALS');
    const unknown = await failure(newCaller('x'), 'auth.activate', { login: 'no-such-login', code, newPassword: GOOD_PASSWORD });
    assert.deepEqual(unknown, wrong, 'the same answer for an unknown login');
    // lower case, without the dash, with spaces around
    await value(newCaller('x'), 'auth.activate', { login: person.login, code: ` ${code.replace('-', '').toLowerCase()} `, newPassword: GOOD_PASSWORD });
    await signedIn(person.login, GOOD_PASSWORD);
  });

  it('the administrator alone issues activation codes', async () => {
    const person = await newcomer();
    for (const login of ['director', 'deputy', 'secretary', 'classteacher', 'teacher']) {
      const c = await signedIn(login);
      for (const method of ['staff.issueActivation', 'staff.unlock']) {
        assert.equal((await failure(c, method, { staffId: person.id })).code, 'FORBIDDEN', `${login} ${method}`);
      }
      assert.equal((await failure(c, 'staff.list', {})).code, 'FORBIDDEN', `${login} staff.list`);
    }
    assert.equal((await failure(newCaller('anon'), 'staff.issueActivation', { staffId: person.id })).code, 'UNAUTHENTICATED');
    assert.equal((await staffRow(person.id)).activation_hash, null);
  });

  it('a weak new password is refused with a Russian message and changes nothing', async () => {
    const person = await newcomer();
    const { code } = await issueCode(person);
    const rowBefore = await staffRow(person.id);
    const historyBefore = await historySize();
    const weak: [string, RegExp][] = [
      ['кот2026', /не меньше 8 символов/],
      ['1234567890', /из одних цифр/],
    ];
    for (const [password, message] of weak) {
      const c = newCaller('weak');
      const err = await failure(c, 'auth.activate', { login: person.login, code, newPassword: password });
      assert.equal(err.code, 'VALIDATION', password);
      assert.match(err.message, message, password);
      assert.equal(await value(c, 'auth.me', {}), null);
    }
    assert.deepEqual(await staffRow(person.id), rowBefore);

    const c = await signedIn('classteacher');
    const ownRow = await db.knex('staff').where({ login: 'classteacher' }).first();
    const refused: [string, RegExp][] = [['ClassTeacher', /не должен совпадать с логином/], ['20262027', /из одних цифр/], ['demo', /не меньше 8 символов/]];
    for (const [password, message] of refused) {
      const err = await failure(c, 'auth.changePassword', { oldPassword: 'demo', newPassword: password });
      assert.equal(err.code, 'VALIDATION', password);
      assert.match(err.message, message, password);
    }
    // A wrong current password is refused too, and changes nothing.
    assert.equal((await failure(c, 'auth.changePassword', { oldPassword: 'не тот', newPassword: GOOD_PASSWORD })).code, 'BAD_CREDENTIALS');
    assert.deepEqual(await db.knex('staff').where({ login: 'classteacher' }).first(), ownRow);
    assert.equal(await historySize(), historyBefore);

    // 8 characters are enough.
    await value(newCaller('ok'), 'auth.activate', { login: person.login, code, newPassword: 'Кот-2026' });
    await signedIn(person.login, 'Кот-2026');
  });

  it('a user changes their own password with the current one', async () => {
    const person = await newcomer();
    const { code } = await issueCode(person);
    const c = newCaller('x');
    await value(c, 'auth.activate', { login: person.login, code, newPassword: GOOD_PASSWORD });
    await value(c, 'auth.changePassword', { oldPassword: GOOD_PASSWORD, newPassword: 'Осень-2027?' });
    assert.equal((await failure(newCaller('x'), 'auth.login', { login: person.login, password: GOOD_PASSWORD })).code, 'BAD_CREDENTIALS');
    await signedIn(person.login, 'Осень-2027?');
    const last = await db.knex('change_log').where({ table_name: 'staff', row_id: person.id, field: 'password_hash' }).orderBy('seq', 'desc').first('user_id', 'field', 'reason');
    assert.deepEqual(last, { user_id: person.id, field: 'password_hash', reason: 'смена пароля' });
  });
});

describe('locking a login after wrong passwords (R-ROLE-7)', () => {
  const lockMessage = /^Вход заблокирован до \d\d:\d\d после 5 неверных попыток\. Обратитесь к администратору/;
  const hhmm = (ms: number) => new Date(ms).toTimeString().slice(0, 5);

  it('five wrong passwords lock the login for 15 minutes, also for an unknown login', async () => {
    const answers: ErrorPayload[] = [];
    for (const login of ['deputy', 'nikto-takoi']) {
      for (let i = 1; i <= 4; i++) {
        assert.equal((await failure(newCaller(login), 'auth.login', { login, password: `wrong-${i}` })).code, 'BAD_CREDENTIALS', `${login} #${i}`);
      }
      const fifth = await failure(newCaller(login), 'auth.login', { login, password: 'wrong-5' });
      assert.equal(fifth.code, 'LOCKED');
      assert.match(fifth.message, lockMessage);
      assert.ok(fifth.message.includes(`до ${hhmm(clock + 15 * 60_000)}`), fifth.message);
      answers.push(await failure(newCaller(login), 'auth.login', { login, password: 'demo' }));
    }
    assert.equal(answers[0]!.code, 'LOCKED', 'even the right password is refused while locked');
    assert.deepEqual(answers[1], answers[0], 'an unknown login gets the very same answer');
    assert.equal((await failure(newCaller('x'), 'auth.login', { login: 'DEPUTY', password: 'demo' })).code, 'LOCKED', 'any letter case');

    later(14);
    assert.equal((await failure(newCaller('x'), 'auth.login', { login: 'deputy', password: 'demo' })).code, 'LOCKED');
    later(1);
    await signedIn('deputy');
    // The lock has run out: the count starts again.
    assert.equal((await failure(newCaller('x'), 'auth.login', { login: 'nikto-takoi', password: 'x' })).code, 'BAD_CREDENTIALS');
  });

  it('a correct password before the limit resets the count', async () => {
    for (let i = 0; i < 4; i++) await failure(newCaller('x'), 'auth.login', { login: 'director', password: 'wrong' });
    await signedIn('director');
    for (let i = 0; i < 4; i++) {
      assert.equal((await failure(newCaller('x'), 'auth.login', { login: 'director', password: 'wrong' })).code, 'BAD_CREDENTIALS');
    }
    await signedIn('director');
  });

  it('the administrator unlocks a login', async () => {
    for (let i = 0; i < 5; i++) await failure(newCaller('x'), 'auth.login', { login: 'secretary', password: 'wrong' });
    assert.equal((await failure(newCaller('x'), 'auth.login', { login: 'secretary', password: 'demo' })).code, 'LOCKED');

    const admin = await signedIn('admin');
    type Listed = { id: string; login: string; lockedUntil: string | null };
    const secretary = (await value<Listed[]>(admin, 'staff.list', {})).find((s) => s.login === 'secretary')!;
    assert.equal(secretary.lockedUntil, new Date(clock + 15 * 60_000).toISOString());
    assert.deepEqual(await value(admin, 'staff.unlock', { staffId: secretary.id }), { login: 'secretary', cleared: true });
    await signedIn('secretary');
    assert.equal((await value<Listed[]>(admin, 'staff.list', {})).find((s) => s.login === 'secretary')!.lockedUntil, null);
  });

  it('wrong activation codes count toward the lock too', async () => {
    const person = await newcomer();
    const { code } = await issueCode(person);
    for (let i = 0; i < 5; i++) await failure(newCaller('x'), 'auth.activate', { login: person.login, code: 'ZZZZ-ZZZZ', newPassword: GOOD_PASSWORD });
    const locked = await failure(newCaller('x'), 'auth.activate', { login: person.login, code, newPassword: GOOD_PASSWORD });
    assert.equal(locked.code, 'LOCKED');
    await value(await signedIn('admin'), 'staff.unlock', { staffId: person.id });
    await value(newCaller('x'), 'auth.activate', { login: person.login, code, newPassword: GOOD_PASSWORD });
  });

  it('the count is this computer\'s own: it is never in the change history', async () => {
    const rows = await db.knex('change_log').where({ table_name: 'login_attempt' }).count('* as n').first();
    assert.equal(Number(rows?.n), 0);
  });
});

describe('idle sessions lock themselves (R-ROLE-7)', () => {
  it('an idle session locks itself after the idle time; activity keeps it alive', async () => {
    const lab = new ServiceHost(db, { now, log: () => undefined }); // the default: 10 minutes
    const busy = await signedIn('teacher', 'demo', lab);
    const idle = await signedIn('teacher', 'demo', lab);
    for (let i = 0; i < 3; i++) {
      later(9);
      await value(busy, 'journal.pages', {}, lab);
    }
    const err = await failure(idle, 'journal.pages', {}, lab);
    assert.equal(err.code, 'UNAUTHENTICATED');
    assert.equal(err.message, 'Сеанс завершён после 10 минут бездействия. Войдите снова.');
    assert.equal(await value(idle, 'auth.me', {}, lab), null, 'the session is dropped');
    assert.notEqual(await value(busy, 'auth.me', {}, lab), null, 'the busy one is still signed in');

    later(10);
    assert.equal(await value(busy, 'auth.me', {}, lab), null, 'auth.me after the idle time: signed out');
    assert.equal((await failure(busy, 'journal.pages', {}, lab)).code, 'UNAUTHENTICATED');
  });

  it('the idle time is the regulation profile\'s setting, changed by the administrator', async () => {
    const admin = await signedIn('admin', 'demo');
    await value(admin, 'regulation.update', { changes: { idleLockMinutes: 3 }, reason: 'приказ о работе в компьютерном классе' });
    const c = await signedIn('teacher', 'demo');
    later(2);
    assert.ok(Array.isArray(await value(c, 'journal.pages', {})), 'still signed in after 2 minutes');
    later(3);
    assert.equal((await failure(c, 'journal.pages', {})).message, 'Сеанс завершён после 3 минут бездействия. Войдите снова.');
    const admin2 = await signedIn('admin', 'demo');
    await value(admin2, 'regulation.update', { changes: { idleLockMinutes: 10 }, reason: 'возврат к умолчанию' });
  });

  it('a host may fix the idle time (tests, kiosks)', async () => {
    const short = new ServiceHost(db, { now, idleLockMs: 60_000, log: () => undefined });
    const c = await signedIn('teacher', 'demo', short);
    later(1);
    assert.equal((await failure(c, 'journal.pages', {}, short)).message, 'Сеанс завершён после 1 минуты бездействия. Войдите снова.');
  });
});

describe('secrets stay secret', () => {
  it('no method ever returns a password or activation hash', async () => {
    const person = await newcomer();
    const admin = newCaller('admin');
    const answers: unknown[] = [
      await value(admin, 'auth.login', { login: 'admin', password: 'demo' }),
      await value(admin, 'auth.me', {}),
      await value(admin, 'staff.list', {}),
      await value(admin, 'staff.issueActivation', { staffId: person.id }),
      await failure(newCaller('x'), 'auth.login', { login: 'admin', password: 'wrong' }),
      await failure(newCaller('x'), 'auth.activate', { login: person.login, code: 'AAAA-AAAA', newPassword: GOOD_PASSWORD }),
    ];
    const { code } = answers[3] as Issued;
    answers.push(await value(newCaller('x'), 'auth.activate', { login: person.login, code, newPassword: GOOD_PASSWORD }));
    const text = JSON.stringify(answers);
    assert.ok(!text.includes('scrypt$'), 'no hash in any answer');
    assert.ok(!/password_hash|activation_hash|passwordHash|activationHash/.test(text));
    assert.ok((answers[2] as unknown[]).length > 10);
  });

  it('the activation code itself is stored nowhere, only its hash', async () => {
    const person = await newcomer();
    const { code } = await issueCode(person);
    const row = await staffRow(person.id);
    assert.match(row.activation_hash, /^scrypt\$/);
    const bare = code.replace('-', '');
    const hits = await db.knex('change_log').where('new_value', 'like', `%${bare}%`).orWhere('new_value', 'like', `%${code}%`).count('* as n').first();
    assert.equal(Number(hits?.n), 0);
  });
});

describe('history', () => {
  it('issuing a code and activating are in the change history (change_log rows with reason)', async () => {
    const person = await newcomer();
    const admin = await signedIn('admin');
    const adminId = (await value<{ id: string }>(admin, 'auth.me', {})).id;
    const { code } = await value<Issued>(admin, 'staff.issueActivation', { staffId: person.id });
    await value(newCaller('x'), 'auth.activate', { login: person.login, code, newPassword: GOOD_PASSWORD });

    const log: { user_id: string; field: string; reason: string; new_value: string }[] = await db.knex('change_log')
      .where({ table_name: 'staff', row_id: person.id }).whereNot({ field: ROW_CREATED }).orderBy('seq').select('user_id', 'field', 'reason', 'new_value');
    assert.deepEqual(log.map((e) => [e.user_id, e.field, e.reason]), [
      // The code's hash, and the public half of the code's key (issue 10: the activation's voucher).
      [adminId, 'activation_hash', 'выдан код активации'],
      [adminId, 'activation_key', 'выдан код активации'],
      // One change signed with the new key: the key, its proof, the code cleared, the password.
      [person.id, 'public_key', 'активация учётной записи'],
      [person.id, 'private_key_enc', 'активация учётной записи'],
      [person.id, 'key_proof', 'активация учётной записи'],
      [person.id, 'activation_hash', 'активация учётной записи'],
      [person.id, 'activation_key', 'активация учётной записи'],
      [person.id, 'password_hash', 'активация учётной записи'],
    ]);
    assert.equal(log[5]!.new_value, 'null', 'the code is cleared: it works once');
    const signed = await db.knex('change_log').where({ table_name: 'staff', row_id: person.id, field: 'password_hash', user_id: person.id }).first('signature'); // the set's last entry
    assert.ok(signed?.signature, 'the activation is signed by the user');
  });
});
