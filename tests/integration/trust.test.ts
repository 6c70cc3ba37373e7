// Issue 10: signatures that prove something. Someone who can write a file on the share
// forges segments — each change set properly signed with a real user's key (so the
// signature checks pass), but outside that user's rights; or signed with a key the writer
// just made and "introduced" in the same segment. Every other computer refuses each one
// by the rule book (db/rules/book.ts) and the trust anchor (db/sync/trust.ts), shows it to
// the administrator, and changes nothing. Activations prove themselves to every computer.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { LogEntry } from '../../db/journal-writer';
import { CHAIN_START, chainNext, decryptPrivateKey, keyIdOf, signChain } from '../../db/signing';
import { nodeDir, nodesDir, segmentPath } from '../../db/sync/layout';
import { encodeSegment } from '../../db/sync/segment';
import { formatHlc } from '../../shared/hlc';
import type { Computer, SchoolNetwork } from '../helpers/school-network';
import { cellsOf, faultyNetwork, lastHlc, markOf, otherMark, quarantined, setMark } from '../helpers/sync-kit';

let net: SchoolNetwork;
const a = () => net.computers[0]!;
const b = () => net.computers[1]!;
let clock = Date.now();

interface Signer { id: string; key: KeyObject; keyId: string }

/** A change_log entry written by hand; `field` '*' creates the row with `value` (an object). */
function entry(node: string, user: string, table: string, rowId: string, field: string, value: unknown, at = clock++): LogEntry {
  return {
    hlc: formatHlc({ millis: at, counter: 0, node }), change_set_id: `forged-${randomBytes(4).toString('hex')}`, node_id: node, user_id: user,
    table_name: table, row_id: rowId, field, old_value: null, new_value: JSON.stringify(value), base_hlc: null, reason: '', recorded_at: new Date().toISOString(),
    chain_hash: null, signature: null,
  };
}

/** Change sets signed as a chain by `signer` (one change set id per set), written as one segment of a new folder. */
function forge(sets: LogEntry[][], signer: { key: KeyObject; keyId: string }): { node: string; hlcs: string[] } {
  const node = sets[0]![0]!.node_id;
  let chain = CHAIN_START;
  for (const set of sets) {
    const id = set[0]!.change_set_id;
    for (const e of set) e.change_set_id = id;
    const last = set[set.length - 1]!;
    chain = chainNext(chain, set);
    last.chain_hash = chain;
    last.signature = signChain(signer.key, chain, signer.keyId);
  }
  const entries = sets.flat();
  const { bytes } = encodeSegment({ node, formerly: [], seq: 1, prev: null, writtenAt: new Date().toISOString(), computerName: 'ROGUE', seen: {} }, entries);
  fs.mkdirSync(nodeDir(net.share, node), { recursive: true });
  fs.writeFileSync(segmentPath(net.share, node, 1), bytes);
  return { node, hlcs: entries.map((e) => e.hlc) };
}

const rogue = () => randomBytes(8).toString('hex');

async function signer(login: string): Promise<Signer> {
  const s = await a().db.knex('staff').where({ login }).first('id', 'private_key_enc', 'public_key') as { id: string; private_key_enc: string; public_key: string };
  const key = await decryptPrivateKey(s.private_key_enc, 'demo');
  assert.ok(key, `${login} has a key the demo password opens`);
  return { id: s.id, key, keyId: keyIdOf(s.public_key) };
}

async function codesOf(c: Computer, node: string): Promise<string[]> {
  return (await quarantined(c.db)).filter((q) => q.node_id === node).map((q) => q.code);
}

async function assertRefused(node: string, hlcs: string[], code: string): Promise<void> {
  const reports = await net.settle();
  assert.ok(reports.every((r) => r.ok), JSON.stringify(reports.map((r) => r.errors)));
  for (const c of net.computers) {
    const codes = await codesOf(c, node);
    assert.ok(codes.length > 0 && codes.every((x) => x === code), `${c.name}: quarantined as ${code}, got ${codes.join(', ')}`);
    for (const h of hlcs) assert.equal(await c.db.knex('change_log').where({ hlc: h }).first('hlc'), undefined, `${c.name}: never in the change history`);
  }
}

describe('a change outside its author\'s rights, properly signed, is refused on every computer (rule book)', () => {
  let teacher: Signer;
  let deputy: Signer;
  let admin: Signer;

  before(async () => {
    net = await faultyNetwork(2, 11);
    for (const login of ['teacher', 'deputy', 'admin', 'director', 'secretary', 'classteacher']) await net.signIn(a(), login);
    await net.settle();
    teacher = await signer('teacher');
    deputy = await signer('deputy');
    admin = await signer('admin');
  });
  after(async () => net.close());

  it('a subject teacher cannot mark a class\'s copy handed over, signed by the director, sealed and bound (R-PRINT-2)', async () => {
    const n = rogue();
    const row = `cert-class-${randomBytes(4).toString('hex')}`;
    const f = forge([[
      entry(n, teacher.id, 'certification_class', row, 'handed_at', new Date().toISOString()),
      entry(n, teacher.id, 'certification_class', row, 'director_signed_at', new Date().toISOString()),
      entry(n, teacher.id, 'certification_class', row, 'sealed_at', new Date().toISOString()),
      entry(n, teacher.id, 'certification_class', row, 'bound_at', new Date().toISOString()),
    ]], teacher);
    await assertRefused(f.node, f.hlcs, 'FORBIDDEN');
  });

  it('a subject teacher cannot close the certification campaign a deputy opened', async () => {
    const period = await a().db.knex('period').where({ kind: 'quarter', number: 1 }).first('id', 'ends_on') as { id: string; ends_on: string };
    const day = (n: number) => new Date(Date.parse(`${period.ends_on}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const dep = await net.signIn(a(), 'deputy');
    // The campaign opens once the quarter is over (R-PRINT-2): the school's clock moves on for it.
    const was = net.serviceNow;
    net.serviceNow = new Date(`${day(1)}T10:00:00`);
    let campaignId: string;
    try {
      ({ campaignId } = await net.call<{ campaignId: string }>(a(), dep, 'campaign.open', { periodId: period.id, days: [1, 2, 3, 4, 5].map(day) }));
    } finally {
      net.serviceNow = was;
    }
    await net.settle();
    const n = rogue();
    const f = forge([[entry(n, teacher.id, 'certification_campaign', campaignId, 'status', 'closed')]], teacher);
    await assertRefused(f.node, f.hlcs, 'FORBIDDEN');
    for (const c of net.computers) assert.equal((await c.db.knex('certification_campaign').where({ id: campaignId }).first('status')).status, 'open');
  });

  it('a subject teacher cannot flip a printed copy in the register back to current, nor write the strict-accountability log or the year archive', async () => {
    const n = rogue();
    const f = forge([
      [entry(n, teacher.id, 'print_register', `reg-${randomBytes(4).toString('hex')}`, 'status', 'current')],
      [entry(n, teacher.id, 'strict_document_log', `log-${randomBytes(4).toString('hex')}`, '*', { entry_no: 99, entered_at: new Date().toISOString(), document: 'копия', doc_no: 'X-1', class_id: null, period_id: null, sheets: 1, handed_by: teacher.id, received_by: teacher.id, note: '' })],
      [entry(n, teacher.id, 'year_archive', `arch-${randomBytes(4).toString('hex')}`, 'folder', 'папка')],
    ], teacher);
    await assertRefused(f.node, f.hlcs, 'FORBIDDEN');
  });

  it('a deputy cannot change a regulation setting, nor grant themself the administrator\'s role (R-ROLE-6)', async () => {
    const n = rogue();
    const f = forge([
      [entry(n, deputy.id, 'setting', 'regulation.oralMarkDays', '*', { value: '30' })],
      [entry(n, deputy.id, 'staff_role', `role-${randomBytes(4).toString('hex')}`, '*', { staff_id: deputy.id, role: 'admin', revoked: 0 })],
    ], deputy);
    await assertRefused(f.node, f.hlcs, 'FORBIDDEN');
    for (const c of net.computers) {
      const roles = (await c.db.knex('staff_role').where({ staff_id: deputy.id, revoked: 0 }).select('role') as { role: string }[]).map((r) => r.role);
      assert.deepEqual(roles, ['deputy'], `${c.name}: the deputy is still only a deputy`);
      const caller = await net.signIn(c, 'deputy');
      const r = await c.host.call(caller, 'regulation.update', { changes: { oralMarkDays: 30 }, reason: 'проверка' });
      assert.equal(r.ok ? 'ok' : r.error.code, 'FORBIDDEN', `${c.name}: the service still treats them as a deputy`);
    }
  });

  it('a teacher cannot make themself the substitute of another teacher\'s lesson, nor create a lesson on another\'s page (R-ROLE-2)', async () => {
    const other = await a().db.knex('lesson as l').join('teaching_assignment as ta', 'ta.id', 'l.assignment_id').whereNot('ta.teacher_id', teacher.id)
      .first('l.id', 'l.assignment_id') as { id: string; assignment_id: string };
    const n = rogue();
    const f = forge([
      [entry(n, teacher.id, 'lesson', other.id, 'substitute_teacher_id', teacher.id)],
      [entry(n, teacher.id, 'lesson', `lesson-${randomBytes(4).toString('hex')}`, '*', { assignment_id: other.assignment_id, date: '2026-10-05', lesson_no: 8, teacher_id: teacher.id, substitute_teacher_id: teacher.id, plan_item_id: null, topic: 'чужой урок', lesson_type: '', homework: '', cancelled: 0 })],
    ], teacher);
    await assertRefused(f.node, f.hlcs, 'FORBIDDEN');
  });

  it('the director changes nothing, not even by signing a mark (R-ROLE-5)', async () => {
    const director = await signer('director');
    const [cell] = await cellsOf(a(), 'teacher', 1);
    const mark = await a().db.knex('mark').where({ lesson_id: cell!.lessonId }).first('id') as { id: string } | undefined;
    const n = rogue();
    const f = forge([[entry(n, director.id, 'mark', mark?.id ?? 'm-1', 'value', '2')]], director);
    await assertRefused(f.node, f.hlcs, 'FORBIDDEN');
  });

  it('the same rules hold for a change made here: the journal writer refuses what the book does not allow, and writes nothing', async () => {
    const before = await lastHlc(a().db);
    await assert.rejects(
      a().db.writer.write({ userId: teacher.id }, [{ table: 'staff_role', id: `role-${randomBytes(4).toString('hex')}`, set: { staff_id: teacher.id, role: 'deputy', revoked: 0 } }]),
      (err: Error & { code?: string }) => err.code === 'FORBIDDEN',
    );
    await assert.rejects(
      a().db.writer.write({ userId: deputy.id }, [{ table: 'setting', id: 'regulation.oralMarkDays', set: { value: '30' } }]),
      (err: Error & { code?: string }) => err.code === 'FORBIDDEN',
    );
    assert.equal(await lastHlc(a().db), before, 'nothing written');
  });

  describe('keys nobody vouched for', () => {
    it('a key the administrator "introduces" for themself is refused with everything it signed: no role is granted', async () => {
      const fresh = generateKeyPairSync('ed25519');
      const spki = fresh.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      const forgedKey = { key: fresh.privateKey, keyId: keyIdOf(spki) };
      const n = rogue();
      const f = forge([
        [entry(n, admin.id, 'staff', admin.id, 'public_key', spki)],
        [entry(n, admin.id, 'staff_role', `role-${randomBytes(4).toString('hex')}`, '*', { staff_id: teacher.id, role: 'deputy', revoked: 0 })],
      ], forgedKey);
      await assertRefused(f.node, f.hlcs, 'UNVOUCHED_KEY');
      for (const c of net.computers) {
        const roles = (await c.db.knex('staff_role').where({ staff_id: teacher.id, revoked: 0 }).select('role') as { role: string }[]).map((r) => r.role);
        assert.ok(!roles.includes('deputy'), `${c.name}: the teacher is not a deputy`);
        assert.equal((await c.db.knex('staff').where({ id: admin.id }).first('public_key')).public_key, (await a().db.knex('staff').where({ id: admin.id }).first('public_key')).public_key);
      }
    });

    it('in an activated teacher\'s name, a made-up key cannot change that teacher\'s mark', async () => {
      const [cell] = await cellsOf(a(), 'teacher', 1);
      const t = await net.signIn(a(), 'teacher');
      await setMark(net, a(), t, cell!, await otherMark(a(), cell!));
      await net.settle();
      const before = await markOf(b(), cell!);
      const mark = await a().db.knex('mark').where({ lesson_id: cell!.lessonId, student_id: cell!.studentId, slot: 1 }).first('id') as { id: string };
      const fresh = generateKeyPairSync('ed25519');
      const spki = fresh.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      const n = rogue();
      const f = forge([
        [entry(n, teacher.id, 'staff', teacher.id, 'public_key', spki)],
        [entry(n, teacher.id, 'mark', mark.id, 'value', before === '2' ? '5' : '2')],
      ], { key: fresh.privateKey, keyId: keyIdOf(spki) });
      await assertRefused(f.node, f.hlcs, 'UNVOUCHED_KEY');
      for (const c of net.computers) assert.equal(await markOf(c, cell!), before, `${c.name}: the mark unchanged`);
    });

    it('a signature claiming a trusted key but made with another is refused as a bad signature', async () => {
      const n = rogue();
      const f = forge([[entry(n, teacher.id, 'lesson', 'l-1', 'topic', 'подделка')]], { key: generateKeyPairSync('ed25519').privateKey, keyId: teacher.keyId });
      await assertRefused(f.node, f.hlcs, 'BAD_SIGNATURE');
    });
  });

  it('a change that would break a uniqueness the schema holds (a third mark in a cell) is quarantined whole; syncing goes on', async () => {
    const [cell] = await cellsOf(a(), 'teacher', 1);
    const t = await net.signIn(a(), 'teacher');
    if ((await markOf(a(), cell!)) === null) await setMark(net, a(), t, cell!, '4');
    await net.settle();
    const n = rogue();
    const f = forge([[entry(n, teacher.id, 'mark', `mark-${randomBytes(6).toString('hex')}`, '*', { lesson_id: cell!.lessonId, student_id: cell!.studentId, slot: 1, value: '2', work_kind_id: null, comment: '' })]], teacher);
    await assertRefused(f.node, f.hlcs, 'CONSTRAINT');
  });

  it('along one author\'s chain the clocks only grow: a change set clocked before the author\'s previous one is refused (R-TIME-3)', async () => {
    const [cell] = await cellsOf(a(), 'teacher', 1);
    const n = rogue();
    const now = Date.now();
    const first = [entry(n, teacher.id, 'lesson', cell!.lessonId, 'homework', 'с. 12, упр. 3', now)];
    const backdated = [entry(n, teacher.id, 'lesson', cell!.lessonId, 'homework', 'с. 1', now - 60 * 86_400_000)];
    const f = forge([first, backdated], teacher);
    const reports = await net.settle();
    assert.ok(reports.every((r) => r.ok));
    for (const c of net.computers) {
      assert.deepEqual(await codesOf(c, f.node), ['BACKDATED'], `${c.name}`);
      assert.ok(await c.db.knex('change_log').where({ hlc: first[0]!.hlc }).first('hlc'), `${c.name}: the first set is applied`);
      assert.equal(await c.db.knex('change_log').where({ hlc: backdated[0]!.hlc }).first('hlc'), undefined, `${c.name}: the back-dated one is not`);
    }
  });
});

describe('a change back-dated into its window that reaches the share late is listed for the deputy (R-TIME-3)', () => {
  before(async () => {
    net = await faultyNetwork(2, 13);
    await net.signIn(a(), 'teacher');
    await net.settle();
  });
  after(async () => net.close());

  it('applied, since its author may have been offline, but listed with both times; the deputy reverts it as a correction, everywhere', async () => {
    const teacher = await signer('teacher');
    const [cell] = await cellsOf(a(), 'teacher', 1);
    const mark = await a().db.knex('mark').where({ lesson_id: cell!.lessonId, student_id: cell!.studentId, slot: 1 }).first('id', 'value') as { id: string; value: string | null } | undefined;
    const lesson = await a().db.knex('lesson').where({ id: cell!.lessonId }).first('date') as { date: string };
    const before = mark?.value ?? null;
    const value = before === '2' ? '5' : '2';
    // Clocked inside the lesson's window (the lesson's day), written to the share two months later.
    const n = rogue();
    const markId = mark?.id ?? `mark-${randomBytes(4).toString('hex')}`;
    const e = mark
      ? entry(n, teacher.id, 'mark', markId, 'value', value, Date.parse(`${lesson.date}T10:30:00`))
      : entry(n, teacher.id, 'mark', markId, '*', { lesson_id: cell!.lessonId, student_id: cell!.studentId, slot: 1, value, work_kind_id: null, comment: '' }, Date.parse(`${lesson.date}T10:30:00`));
    if (mark) e.old_value = JSON.stringify(before);
    forge([[e]], teacher);
    assert.ok((await net.settle()).every((r) => r.ok));
    const dep = await net.signIn(b(), 'deputy');
    type Late = { hlc: string; madeAt: string; deadline: string; appearedAfter: string; entry: { about: { className: string | null; student: string | null } } };
    const listed = await net.call<Late[]>(b(), dep, 'lateArrival.list', {});
    const mine = listed.find((l) => l.hlc === e.hlc);
    assert.ok(mine, 'the late change is listed for the deputy');
    assert.ok(Date.parse(mine.madeAt) <= Date.parse(mine.deadline), 'made inside its window');
    assert.ok(Date.parse(mine.appearedAfter) > Date.parse(mine.deadline) + 3 * 86_400_000, 'but appeared well after it');
    assert.ok(mine.entry.about.className && mine.entry.about.student, 'it names the class and the student');
    for (const c of net.computers) assert.equal(await markOf(c, cell!), value, `${c.name}: applied`);
    // Changes that reach the share at once are not listed.
    assert.equal(listed.length, 1);

    const teacherCaller = await net.signIn(b(), 'teacher');
    const refused = await b().host.call(teacherCaller, 'lateArrival.decide', { hlc: e.hlc, accept: false, reason: 'сам себе' });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'FORBIDDEN', 'only a deputy decides');
    await net.call(b(), dep, 'lateArrival.decide', { hlc: e.hlc, accept: false, reason: 'отметка внесена задним числом без согласования' });
    await net.settle();
    for (const c of net.computers) {
      assert.equal(await markOf(c, cell!), before, `${c.name}: reverted`);
      const d = await net.signIn(c, 'deputy');
      assert.deepEqual((await net.call<Late[]>(c, d, 'lateArrival.list', {})).map((l) => l.hlc), [], `${c.name}: nothing left to decide`);
    }
    const history = await b().db.knex('change_log').where({ table_name: 'mark', row_id: markId }).orderBy('hlc').select('reason', 'user_id');
    assert.ok(history.some((h: { reason: string }) => h.reason.includes('задним числом без согласования')), 'the revert is in the history with its reason');
  });
});

describe('an activation proves itself to every computer (trust anchor)', () => {
  before(async () => {
    net = await faultyNetwork(3, 12);
  });
  after(async () => net.close());

  it('the administrator\'s code vouches for the new key; a computer that sees the activation before the code waits, then applies it (issue 12)', async () => {
    const [pcA, pcB, pcC] = net.computers as [Computer, Computer, Computer];
    // A teacher of the school who has never had an account.
    const person = await pcA.db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id')
      .whereNull('s.password_hash').whereNull('s.public_key').where({ 'r.role': 'teacher' }).first('s.id', 's.login') as { id: string; login: string };
    const adm = await net.signIn(pcA, 'admin');
    const { code } = await net.call<{ code: string }>(pcA, adm, 'staff.issueActivation', { staffId: person.id });
    assert.ok((await net.cycle(pcA)).ok);
    assert.ok((await net.cycle(pcB)).ok);
    const act = await pcB.host.call('newcomer', 'auth.activate', { login: person.login, code, newPassword: 'Зелёный-кит-42' });
    assert.ok(act.ok, JSON.stringify(act));
    assert.ok((await net.cycle(pcB)).ok);
    const newKey = (await pcB.db.knex('staff').where({ id: person.id }).first('public_key')).public_key as string;

    // C reads B's folder while A's (holding the code's key) is out of its reach.
    const aFolder = nodeDir(net.share, pcA.db.writer.nodeId);
    const hidden = `${nodesDir(net.share)}/hidden-${randomBytes(3).toString('hex')}`;
    fs.renameSync(aFolder, hidden);
    try {
      assert.ok((await net.cycle(pcC)).ok);
    } finally {
      fs.renameSync(hidden, aFolder);
    }
    const waiting = (await quarantined(pcC.db)).filter((q) => q.code === 'UNKNOWN_KEY');
    assert.ok(waiting.length > 0, 'the activation waits for its key on C');
    assert.notEqual((await pcC.db.knex('staff').where({ id: person.id }).first('public_key')).public_key, newKey);

    await net.settle();
    for (const c of net.computers) {
      assert.equal((await c.db.knex('staff').where({ id: person.id }).first('public_key')).public_key, newKey, `${c.name} trusts the activated key`);
      assert.deepEqual((await quarantined(c.db)).map((q) => q.code), [], `${c.name}: nothing waits or is refused`);
    }
    // The new user's own changes, signed with that key, are taken everywhere.
    const who = await pcB.host.call('newcomer', 'auth.me', {});
    assert.ok(who.ok && who.value);
  });

  it('an activation whose proof does not match the code the administrator published is refused with everything it signed', async () => {
    const [pcA] = net.computers as [Computer];
    const person = await pcA.db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id')
      .whereNull('s.password_hash').whereNull('s.public_key').where({ 'r.role': 'teacher' }).first('s.id') as { id: string };
    const adm = await net.signIn(pcA, 'admin');
    await net.call(pcA, adm, 'staff.issueActivation', { staffId: person.id });
    await net.settle();
    // A forger who does not know the code signs the proof with a key of their own.
    const fresh = generateKeyPairSync('ed25519');
    const spki = fresh.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const fake = generateKeyPairSync('ed25519');
    const { makeKeyProof } = await import('../../db/sync/trust');
    const proof = makeKeyProof({ privateKey: fake.privateKey, publicKey: fake.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') }, person.id, spki);
    const n = rogue();
    const f = forge([[entry(n, person.id, 'staff', person.id, '*', {})].map((e) => ({ ...e, field: 'public_key', new_value: JSON.stringify(spki) })).concat(
      [entry(n, person.id, 'staff', person.id, 'key_proof', proof), entry(n, person.id, 'staff', person.id, 'password_hash', 'scrypt$1$1$1$AA$AA')],
    )], { key: fresh.privateKey, keyId: keyIdOf(spki) });
    const reports = await net.settle();
    assert.ok(reports.every((r) => r.ok));
    for (const c of net.computers) {
      const codes = await codesOf(c, f.node);
      // Its proof's key is not one the administrator published: it can never vouch, so it waits for good,
      // visible; nothing of it is applied.
      assert.ok(codes.length === 1 && ['UNKNOWN_KEY', 'UNVOUCHED_KEY'].includes(codes[0]!), `${c.name}: ${codes.join(', ')}`);
      assert.equal((await c.db.knex('staff').where({ id: person.id }).first('password_hash')).password_hash, null);
    }
  });

  it('a user with no signing key is warned about on the sync screen: other computers would not take their changes', async () => {
    const [pcA, pcB] = net.computers as [Computer, Computer];
    const person = await pcA.db.knex('staff as s').join('staff_role as r', 'r.staff_id', 's.id')
      .whereNull('s.password_hash').whereNull('s.public_key').where({ 'r.role': 'teacher' }).first('s.id', 's.login') as { id: string; login: string };
    // A password set without an activation (as by a version before keys): no key comes with it.
    const hash = (await pcA.db.knex('staff').where({ login: 'teacher' }).first('password_hash')).password_hash as string;
    await pcA.db.writer.write({ userId: null }, [{ table: 'staff', id: person.id, set: { password_hash: hash } }]);
    const caller = `nokey:${Math.random()}`;
    assert.ok((await pcA.host.call(caller, 'auth.login', { login: person.login, password: 'demo' })).ok);
    await net.call(pcA, caller, 'auth.changePassword', { oldPassword: 'demo', newPassword: 'Берёза-у-школы-58' });
    const { syncStatus } = await import('../../db/sync/status');
    const status = await syncStatus(pcA.db);
    assert.ok(status.unsignedOutbox >= 1);
    assert.match(status.summary, /код активации/);
    assert.ok((await net.cycle(pcA)).ok);
    assert.ok((await net.cycle(pcB)).ok);
    assert.ok((await quarantined(pcB.db)).some((q) => q.code === 'UNSIGNED' && q.node_id === pcA.db.writer.nodeId), 'the other computer does not take it');
  });
});
