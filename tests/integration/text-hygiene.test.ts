// Text hygiene (issue 10, item 6): whoever calls — the app, the CLI, the preview bridge —
// the service refuses control characters in any text field with a clear message, and line
// breaks where a field holds one line; a refused call changes nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import type { ErrorPayload } from '../../service/errors';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

let file: string;
let db: JournalDb;
let host: ServiceHost;
let now = new Date('2026-10-05T10:00:00');
let lesson: { id: string; date: string };

before(async () => {
  file = await makeDemoFile(60, 13);
  db = await openJournal(file);
  host = new ServiceHost(db, { now: () => now, log: () => undefined, idleLockMs: 365 * 24 * 3600 * 1000 });
  // A lesson of the demo teacher in a grade above the first (which has homework), taught on its day.
  lesson = await db.knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
    .join('staff as s', 's.id', 'a.teacher_id').where({ 's.login': 'teacher' }).whereNull('a.subgroup_id').where('c.grade', '>', 1)
    .where('l.date', '>=', '2026-10-05').orderBy('l.date').first('l.id', 'l.date');
  now = new Date(`${lesson.date}T15:00:00`);
});
after(() => db.close());

let callers = 0;
async function signIn(login: string): Promise<string> {
  const caller = `hygiene:${login}:${++callers}`;
  const r = await host.call(caller, 'auth.login', { login, password: 'demo' });
  assert.ok(r.ok, JSON.stringify(r));
  return caller;
}

const logCount = async () => Number((await db.knex('change_log').count('* as n').first())?.n);
const lessonRow = () => db.knex('lesson').where({ id: lesson.id }).first('topic', 'homework', 'lesson_type');

async function refused(caller: string, method: string, args: unknown): Promise<ErrorPayload> {
  const before = { log: await logCount(), lesson: await lessonRow() };
  const r = await host.call(caller, method, args);
  if (r.ok) assert.fail(`${method} should be refused, got ${JSON.stringify(r.value)}`);
  assert.equal(r.error.code, 'VALIDATION', r.error.message);
  assert.deepEqual({ log: await logCount(), lesson: await lessonRow() }, before, 'nothing changed');
  return r.error;
}

describe('control characters and line breaks in text fields (issue 10, item 6)', () => {
  it('a lesson topic holding a NUL byte is refused, naming the field, and nothing is stored', async () => {
    const t = await signIn('teacher');
    const err = await refused(t, 'journal.setLesson', { lessonId: lesson.id, topic: 'Дроби\u0000 и доли' });
    assert.match(err.message, /^Поле «Тема урока» содержит недопустимые управляющие символы/);
    assert.ok(!err.message.includes('\u0000'));
    for (const bad of ['\u0000', 'a\u0007b', 'esc\u001b[31m', 'del\u007f', 'c1\u0085', 'bidi\u202eкат', 'tab\there', 'half\ud800']) {
      await refused(t, 'journal.setLesson', { lessonId: lesson.id, topic: `Тема ${bad}` });
    }
    // The same in homework, where line breaks are allowed.
    await refused(t, 'journal.setLesson', { lessonId: lesson.id, homework: '№ 5\u0000' });
  });

  it('a topic is one line: a line break is refused; homework may hold several lines', async () => {
    const t = await signIn('teacher');
    for (const topic of ['Дроби\nи доли', 'Дроби\r\nи доли', 'Дроби\rи доли', 'Дроби\u2028и доли']) {
      const err = await refused(t, 'journal.setLesson', { lessonId: lesson.id, topic });
      assert.match(err.message, /^Поле «Тема урока» должно быть в одну строку/, JSON.stringify(topic));
    }
    const homework = '§ 14, № 301, 305\nповторить таблицу умножения\r\n\tна 7 и 8 📚';
    const r = await host.call(t, 'journal.setLesson', { lessonId: lesson.id, topic: 'Решение задач на движение', homework });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(await lessonRow().then((l) => [l.topic, l.homework]), ['Решение задач на движение', homework]);
  });

  it('a control character in the login at sign-in is refused, and is no wrong guess', async () => {
    for (let i = 0; i < 6; i++) {
      const r = await host.call(`hygiene:x:${++callers}`, 'auth.login', { login: 'teacher\u0000', password: 'demo' });
      assert.equal(r.ok ? 'ok' : r.error.code, 'VALIDATION');
      if (!r.ok) assert.match(r.error.message, /^Поле «Логин» содержит недопустимые управляющие символы/);
    }
    const pw = await host.call(`hygiene:x:${++callers}`, 'auth.login', { login: 'teacher', password: 'demo\u0000' });
    assert.equal(pw.ok ? 'ok' : pw.error.code, 'VALIDATION');
    // Six refusals did not lock the login (five wrong passwords would, R-ROLE-7).
    await signIn('teacher');
  });

  it('the same through `journal call`: the JSON error code is VALIDATION, nothing changed', async () => {
    const before = { log: await logCount(), lesson: await lessonRow() };
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), 'call', 'journal.setLesson', '--db', file,
      '--user', 'teacher', '--password', 'demo', '--args', JSON.stringify({ lessonId: lesson.id, topic: 'Дроби\u0000' })], { encoding: 'utf8', env: { ...process.env, JOURNAL_PASSWORD: '' } });
    assert.equal(r.status, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    assert.equal(json.error.code, 'VALIDATION');
    assert.match(json.error.message, /«Тема урока»/);
    assert.deepEqual({ log: await logCount(), lesson: await lessonRow() }, before);
  });
});
