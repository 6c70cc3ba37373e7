// The change log as the deputy and the director read it (R-ROLE-4, R-TIME-3): secrets never
// leave the database — a password change, an activation code issued and used, a signing
// key read as words, never as hashes or keys — tables and fields are Russian words, each
// entry names the class, subject, lesson and student it concerns, and the author filter
// searches the whole log, not only the page loaded. Real SQLite, a small demo school.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import type { HistoryEntry } from '../../db/queries/history';
import { ServiceHost } from '../../service/host';
import { SECRET_FIELDS } from '../../shared/journal-words';
import { makeDemoFile } from '../helpers/demo-db';

let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-10-05T10:00:00');
const at = (date: string, time: string) => {
  now = new Date(`${date}T${time}:00`);
};

const NEW_PASSWORD = 'Весна-2026!';
const TEACHER_PASSWORD = 'Осень-2026?';
const MARKS_AFTER = 14;

/** Facts gathered while the changes are made, for the tests below. */
const made = {
  newcomer: { id: '', login: '' },
  teacherId: '',
  adminId: '',
  lesson: { id: '', date: '', lessonNo: 0, className: '', subject: '' },
  student: { id: '', name: '' },
};

async function signIn(login: string, password = 'demo'): Promise<string> {
  const caller = `t:${login}:${Math.random()}`;
  await ok(caller, 'auth.login', { login, password });
  return caller;
}

async function ok<T = unknown>(caller: string, method: string, args: unknown): Promise<T> {
  const r = await host.call(caller, method, args);
  if (!r.ok) assert.fail(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const staffId = async (login: string) => (await db.knex('staff').where({ login }).first('id')).id as string;

/** Every value a secret field of staff has ever had: the rows now and every entry of their history. */
async function storedSecrets(): Promise<string[]> {
  const secrets = SECRET_FIELDS.staff!;
  const values = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 16) values.add(v);
  };
  const columns = Object.keys(await db.knex('staff').columnInfo()).filter((c) => secrets.includes(c));
  for (const row of await db.knex('staff').select(columns) as Record<string, unknown>[]) for (const c of columns) add(row[c]);
  const entries: { field: string; old_value: string | null; new_value: string }[] = await db.knex('change_log').where({ table_name: 'staff' }).select('field', 'old_value', 'new_value');
  for (const e of entries) {
    if (e.field === '*') {
      const created = JSON.parse(e.new_value) as Record<string, unknown>;
      for (const f of secrets) add(created[f]);
    } else if (secrets.includes(e.field)) {
      add(e.old_value === null ? null : JSON.parse(e.old_value));
      add(JSON.parse(e.new_value));
    }
  }
  return [...values];
}

function assertNoSecrets(json: string, secrets: readonly string[], what: string) {
  assert.ok(!json.includes('scrypt$'), `${what}: no scrypt hash`);
  for (const s of secrets) assert.ok(!json.includes(s), `${what}: a stored secret (${s.slice(0, 12)}…) in the answer`);
}

before(async () => {
  db = await openJournal(await makeDemoFile(60, 7));
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });

  // Cells of the demo teacher's lessons without a mark or an absence: the first for a mark
  // changed 4 → 5, the others filled afterwards to push the earlier changes off the first page.
  made.teacherId = await staffId('teacher');
  made.adminId = await staffId('admin');
  const lessons = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id')
    .where({ 'a.teacher_id': made.teacherId, 's.graded': 1 }).whereNull('a.subgroup_id').where('c.grade', '>', 1).where('l.date', '>=', '2026-10-05')
    .orderBy('l.date').limit(30).select('l.id', 'l.date', 'l.lesson_no', 'a.class_id', 'c.name as className', 's.name as subject');
  const cells: { lessonId: string; date: string; studentId: string }[] = [];
  for (const l of lessons) {
    const free: { student_id: string; last_name: string; first_name: string }[] = await db.knex('enrolment as e').join('student as st', 'st.id', 'e.student_id')
      .where({ 'e.class_id': l.class_id }).whereNull('e.ends_on')
      .whereNotExists(db.knex('mark').whereRaw('mark.student_id = e.student_id').where('mark.lesson_id', l.id))
      .whereNotExists(db.knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', l.id))
      .orderBy('st.last_name').select('e.student_id', 'st.last_name', 'st.first_name');
    if (free.length === 0) continue;
    if (!made.lesson.id) {
      made.lesson = { id: l.id, date: l.date, lessonNo: l.lesson_no, className: l.className, subject: l.subject };
      made.student = { id: free[0]!.student_id, name: `${free[0]!.last_name} ${free[0]!.first_name}` };
      free.shift();
    }
    for (const f of free) cells.push({ lessonId: l.id, date: l.date, studentId: f.student_id });
  }
  assert.ok(made.lesson.id && cells.length >= MARKS_AFTER, 'lessons of the teacher with free cells');
  at(made.lesson.date, '11:00');

  // 1. The administrator issues an activation code; the newcomer activates the account.
  const newcomer: { id: string; login: string } | undefined = await db.knex('staff').whereNull('password_hash').where({ active: 1 }).orderBy('login').first('id', 'login');
  assert.ok(newcomer, 'a staff member without a password');
  made.newcomer = newcomer;
  const issued = await ok<{ code: string }>(await signIn('admin'), 'staff.issueActivation', { staffId: newcomer.id });
  await ok(`t:newcomer:${Math.random()}`, 'auth.activate', { login: newcomer.login, code: issued.code, newPassword: NEW_PASSWORD });

  // 2. The teacher changes the password, then puts a mark and changes it, then fills the column.
  const t = await signIn('teacher');
  await ok(t, 'auth.changePassword', { oldPassword: 'demo', newPassword: TEACHER_PASSWORD });
  await ok(t, 'journal.setMark', { lessonId: made.lesson.id, studentId: made.student.id, value: '4' });
  await ok(t, 'journal.setMark', { lessonId: made.lesson.id, studentId: made.student.id, value: '5' });
  for (const cell of cells.slice(0, MARKS_AFTER)) {
    at(cell.date, '11:00');
    await ok(t, 'journal.setMark', { lessonId: cell.lessonId, studentId: cell.studentId, value: '4' });
  }
});
after(() => db.close());

describe('the change log keeps secrets in the database', () => {
  it('no stored hash or key appears anywhere in journal.log, for the deputy or the director', async () => {
    const secrets = await storedSecrets();
    assert.ok(secrets.length >= 4, 'the activation, the password change and the demo accounts left secrets to look for');
    for (const login of ['deputy', 'director']) {
      const c = await signIn(login);
      // The whole log, page by page (the demo's created staff rows are at its very start).
      let before: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await ok<HistoryEntry[]>(c, 'journal.log', { limit: 1000, ...(before ? { before } : {}) });
        assertNoSecrets(JSON.stringify(page), secrets, `${login}, page ${pages + 1}`);
        pages++;
        if (page.length < 1000) break;
        before = page[page.length - 1]!.hlc;
      }
      assert.ok(pages > 1, 'the whole log was read');
      for (const authorId of [made.newcomer.id, made.teacherId, made.adminId]) {
        assertNoSecrets(JSON.stringify(await ok(c, 'journal.log', { authorId, limit: 50 })), secrets, `${login}, by author`);
      }
      assertNoSecrets(JSON.stringify(await ok(c, 'journal.logAuthors', {})), secrets, `${login}, authors`);
    }
    // The teacher's own cell history carries no secrets either.
    const t = await signIn('teacher', TEACHER_PASSWORD);
    assertNoSecrets(JSON.stringify(await ok(t, 'journal.history', { lessonId: made.lesson.id, studentId: made.student.id })), secrets, 'cell history');
  });

  it('says what happened to them in words', async () => {
    const d = await signIn('deputy');
    const words = async (authorId: string) => (await ok<HistoryEntry[]>(d, 'journal.log', { authorId, limit: 100 })).filter((e) => e.table === 'staff');

    const admin = await words(made.adminId);
    const issued = admin.find((e) => e.rowId === made.newcomer.id && e.field === 'activation_hash');
    assert.ok(issued, 'the code issued is in the log');
    assert.equal(issued.secret, 'код активации выдан');
    assert.equal(issued.tableName, 'Сотрудник');
    assert.equal(issued.fieldName, 'Код активации');
    assert.equal(issued.oldValue, null);
    assert.equal(issued.newValue, null);
    assert.equal(issued.about.staff !== null && issued.about.staff.length > 0, true, 'names whose account');

    const newcomer = (await words(made.newcomer.id)).filter((e) => e.rowId === made.newcomer.id);
    const said = newcomer.map((e) => e.secret);
    assert.ok(said.includes('пароль задан') || said.includes('пароль изменён'), `the activation's password: ${said.join('; ')}`);
    assert.ok(said.some((s) => s && /^ключ подписи (создан|обновлён)/.test(s)), `the activation's key: ${said.join('; ')}`);
    assert.ok(said.includes('код активации использован') || admin.some((e) => e.secret === 'код активации использован'), `the code used: ${said.join('; ')}`);

    const teacher = (await words(made.teacherId)).filter((e) => e.rowId === made.teacherId);
    assert.ok(teacher.some((e) => e.field === 'password_hash' && e.secret === 'пароль изменён'), 'the password change');
    assert.ok(teacher.some((e) => e.secret === 'ключ подписи обновлён'), 'the key opened by the new password');
    for (const e of [...admin, ...newcomer, ...teacher]) {
      if (e.field !== null && SECRET_FIELDS.staff!.includes(e.field)) assert.ok(e.secret && e.oldValue === null && e.newValue === null, `${e.field}: words only`);
    }
  });

  it('a created staff row comes without its secret fields', async () => {
    const d = await signIn('director');
    const entries: HistoryEntry[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await ok<HistoryEntry[]>(d, 'journal.log', { limit: 1000, ...(before ? { before } : {}) });
      entries.push(...page.filter((e) => e.table === 'staff' && e.field === null));
      if (page.length < 1000) break;
      before = page[page.length - 1]!.hlc;
    }
    assert.ok(entries.length > 5, 'the demo school created its staff');
    for (const e of entries) {
      const fields = Object.keys(e.newValue as Record<string, unknown>);
      for (const f of SECRET_FIELDS.staff!) assert.ok(!fields.includes(f), `${f} removed from the created row`);
      assert.ok(fields.includes('last_name'), 'the other fields stay');
    }
    const teacherRow = entries.find((e) => e.rowId === made.teacherId);
    assert.match(teacherRow?.secret ?? '', /^пароль задан(,|$)/, 'the demo account was created with a password');
  });
});

describe('the change log reads in Russian and names what each change concerns', () => {
  it('a mark change names the class, subject, lesson date and student', async () => {
    for (const login of ['deputy', 'director']) {
      const c = await signIn(login);
      const log = await ok<HistoryEntry[]>(c, 'journal.log', { authorId: made.teacherId, limit: 100 });
      const change = log.find((e) => e.table === 'mark' && e.field === 'value' && e.newValue === '5');
      assert.ok(change, 'the 4 → 5 change is in the log');
      assert.equal(change.tableName, 'Отметка');
      assert.equal(change.fieldName, 'Отметка');
      assert.equal(change.oldValue, '4');
      assert.deepEqual(change.about, {
        className: made.lesson.className, subject: made.lesson.subject, lessonDate: made.lesson.date, lessonNo: made.lesson.lessonNo,
        student: made.student.name, staff: null, period: null,
      });
      const created = log.find((e) => e.table === 'mark' && e.field === null && e.rowId === change.rowId);
      assert.equal(created?.about.student, made.student.name, 'the created mark too');
      // The teacher's name is the author's, with initials.
      assert.match(change.author ?? '', /^\S+ \S\. \S\.$/);
    }
  });

  it('names every table and field of the entries in Russian', async () => {
    const c = await signIn('deputy');
    const page = await ok<HistoryEntry[]>(c, 'journal.log', { limit: 1000 });
    for (const e of page) {
      assert.match(e.tableName, /^[^a-z_]+$/, `${e.table}: ${e.tableName}`);
      if (e.field !== null) assert.match(e.fieldName ?? '', /^[^a-z_]+$/, `${e.table}.${e.field}: ${e.fieldName}`);
    }
    const lessons = (await ok<HistoryEntry[]>(c, 'journal.log', { limit: 1000, before: page[page.length - 1]!.hlc })).concat(page).filter((e) => e.table === 'lesson');
    for (const e of lessons) assert.ok(e.about.className && e.about.subject && e.about.lessonDate, 'a lesson names its class, subject and date');
  });
});

describe('the author filter searches the whole log', () => {
  it('finds an author\'s change that is beyond the first page', async () => {
    const d = await signIn('deputy');
    const firstPage = await ok<HistoryEntry[]>(d, 'journal.log', { limit: 10 });
    assert.ok(firstPage.every((e) => e.rowId !== made.newcomer.id), 'the activation is not on the first page');
    const byNewcomer = await ok<HistoryEntry[]>(d, 'journal.log', { authorId: made.newcomer.id, limit: 10 });
    assert.ok(byNewcomer.length > 0 && byNewcomer.every((e) => e.rowId === made.newcomer.id), 'the newcomer\'s activation, found');
    const byAdmin = await ok<HistoryEntry[]>(d, 'journal.log', { authorId: made.adminId, limit: 10 });
    assert.ok(byAdmin.some((e) => e.field === 'activation_hash' && e.rowId === made.newcomer.id), 'the code issued, found');

    // Pages of one author: each older than the last, none repeated.
    const one = await ok<HistoryEntry[]>(d, 'journal.log', { authorId: made.teacherId, limit: 5 });
    const two = await ok<HistoryEntry[]>(d, 'journal.log', { authorId: made.teacherId, limit: 5, before: one[4]!.hlc });
    assert.equal(one.length, 5);
    assert.ok(two.length > 0);
    assert.ok(two.every((e) => e.hlc < one[4]!.hlc));
    const authors = await ok<{ id: string; name: string }[]>(d, 'journal.logAuthors', {});
    for (const id of [made.teacherId, made.newcomer.id, made.adminId]) assert.ok(authors.some((a) => a.id === id), 'offered as an author');
    assert.equal((await host.call(await signIn('teacher', TEACHER_PASSWORD), 'journal.logAuthors', {})).ok, false, 'not for teachers');
  });
});
