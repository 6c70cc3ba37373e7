// `journal` on the command line: JSON out, exit 0 or exit 1 with {"error": {code, message}},
// and bad input changes nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { openDatabase } from '../../db/connection';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// The CLI's JSON answers are read loosely here; their shape is what the tests check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function journal(...args: string[]): { code: number; json: Json } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), ...args], { encoding: 'utf8', env: { ...process.env, JOURNAL_PASSWORD: '' } });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    assert.fail(`not JSON on stdout (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status ?? -1, json };
}

const hashFile = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

let demo: string;
before(async () => {
  demo = await makeDemoFile(120, 5);
});

describe('journal call', () => {
  it('calls a method as a user and prints the JSON result', () => {
    const r = journal('call', 'journal.pages', '--db', demo, '--user', 'teacher', '--password', 'demo');
    assert.equal(r.code, 0);
    assert.ok(Array.isArray(r.json) && r.json.length > 0);
    assert.ok(r.json[0].className && r.json[0].subjectName);
  });

  it('obeys the same permissions as the app', () => {
    const r = journal('call', 'school.overview', '--db', demo, '--user', 'teacher', '--password', 'demo');
    assert.equal(r.code, 1);
    assert.equal(r.json.error.code, 'FORBIDDEN');
  });

  it('a wrong password, a malformed --args, an unknown method and a bad payload: clear errors, nothing changes', () => {
    const before = hashFile(demo);
    const cases: [string[], string][] = [
      [['call', 'journal.page', '--db', demo, '--user', 'teacher', '--password', 'demo', '--args', '{"assignmentId":'], 'BAD_ARGS_JSON'],
      [['call', 'journal.drop', '--db', demo, '--user', 'teacher', '--password', 'demo'], 'UNKNOWN_METHOD'],
      [['call', 'journal.page', '--db', demo, '--user', 'teacher', '--password', 'demo', '--args', '{"assignmentId": 5}'], 'VALIDATION'],
      [['call', 'journal.pages', '--db', path.join(tmpDir(), 'none.sqlite'), '--user', 'teacher', '--password', 'demo'], 'DB_NOT_FOUND'],
      [['call', 'journal.pages', '--db', demo], 'USAGE'],
    ];
    for (const [args, code] of cases) {
      const r = journal(...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.json.error.code, code, args.join(' '));
      assert.match(r.json.error.message, /[А-Яа-я]/, 'a message in Russian');
    }
    assert.equal(hashFile(demo), before);
    // A wrong password changes no journal data, but this computer counts it toward locking
    // the login (the local table login_attempt, R-ROLE-7), so it comes after the fingerprint.
    const wrong = journal('call', 'journal.pages', '--db', demo, '--user', 'teacher', '--password', 'nope');
    assert.equal(wrong.code, 1);
    assert.equal(wrong.json.error.code, 'BAD_CREDENTIALS');
    assert.match(wrong.json.error.message, /[А-Яа-я]/, 'a message in Russian');
  });

  it('--list prints every method with its argument schema', () => {
    const r = journal('call', '--list');
    assert.equal(r.code, 0);
    const names = r.json.map((m: { method: string }) => m.method);
    for (const n of ['auth.login', 'journal.page', 'timetable.day', 'school.overview']) assert.ok(names.includes(n), n);
    const page = r.json.find((m: { method: string }) => m.method === 'journal.page');
    assert.equal(page.args.type, 'object');
    assert.ok(page.args.required.includes('assignmentId'));
  });
});

describe('journal demo and migrate', () => {
  it('refuses to overwrite an existing file without --force, and keeps the old one with it', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'school.sqlite');
    fs.writeFileSync(file, 'не база');
    const r = journal('demo', '--db', file, '--students', '60');
    assert.equal(r.code, 1);
    assert.equal(r.json.error.code, 'DB_EXISTS');
    assert.equal(fs.readFileSync(file, 'utf8'), 'не база');

    const forced = journal('demo', '--db', file, '--students', '60', '--year', '2026', '--force');
    assert.equal(forced.code, 0, JSON.stringify(forced.json));
    assert.ok(forced.json.replacedFileKeptAs);
    assert.equal(fs.readFileSync(forced.json.replacedFileKeptAs, 'utf8'), 'не база');
    assert.ok(forced.json.students >= 50);
  });

  it('refuses a database from a newer version of the app and leaves it as it was', async () => {
    const file = path.join(tmpDir(), 'newer.sqlite');
    fs.copyFileSync(demo, file);
    const knex = openDatabase(file);
    await knex('knex_migrations').insert({ name: '999_future', batch: 9, migration_time: '2030-01-01' });
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    await knex.destroy();
    const before = hashFile(file);
    const m = journal('migrate', '--db', file);
    assert.equal(m.code, 1);
    assert.equal(m.json.error.code, 'DB_NEWER_VERSION');
    const c = journal('call', 'journal.pages', '--db', file, '--user', 'teacher', '--password', 'demo');
    assert.equal(c.json.error.code, 'DB_NEWER_VERSION');
    assert.equal(hashFile(file), before);
  });

  it('migrate on a current database applies nothing', () => {
    const r = journal('migrate', '--db', demo);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json.applied, []);
  });

  it('an unknown command or option is a usage error', () => {
    assert.equal(journal('frobnicate').json.error.code, 'USAGE');
    assert.equal(journal('demo', '--db', 'x', '--students', 'many').json.error.code, 'USAGE');
  });
});

describe('journal call obeys the journal rules exactly as the app does', () => {
  it('refuses a late mark, a mark by the director, a mark by the class teacher and a mark off the scale — and changes nothing', async () => {
    const knex = openDatabase(demo);
    let lesson: { id: string; student: string };
    try {
      const teacher = await knex('staff').where({ login: 'teacher' }).first('id');
      const l = await knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').where('a.teacher_id', teacher.id).whereNull('a.subgroup_id').orderBy('l.date').first('l.id', 'a.class_id');
      const s = await knex('enrolment as e').where({ class_id: l.class_id })
        .whereNotExists(knex('attendance').whereRaw('attendance.student_id = e.student_id').where('attendance.lesson_id', l.id)).first('student_id');
      lesson = { id: l.id, student: s.student_id };
    } finally {
      await knex.destroy();
    }
    const journalState = async () => {
      const k = openDatabase(demo);
      try {
        const log = await k('change_log').count('* as n').first();
        const marks = await k('mark').where({ lesson_id: lesson.id }).orderBy('id').select('id', 'value');
        return JSON.stringify([log, marks]);
      } finally {
        await k.destroy();
      }
    };
    // A user's first sign-in records their signing key (issue 4); sign everyone in once first.
    // Signing in touches this computer's lockout counter, not the journal: compare the journal.
    for (const login of ['teacher', 'director', 'deputy', 'classteacher']) {
      assert.equal(journal('call', 'auth.me', '--db', demo, '--user', login, '--password', 'demo').code, 0);
    }
    const before = await journalState();
    const args = (value: string) => JSON.stringify({ lessonId: lesson.id, studentId: lesson.student, value });
    const cases: [string, string, string][] = [
      ['teacher', args('5'), 'OUT_OF_WINDOW'], // a first-quarter lesson, weeks ago (R-TIME-2, R-TIME-3)
      ['teacher', args('7'), 'VALIDATION'],
      ['director', args('5'), 'FORBIDDEN'], // R-ROLE-5
      ['deputy', args('5'), 'FORBIDDEN'], // R-ROLE-4: approves corrections, does not enter marks
      ['classteacher', args('5'), 'FORBIDDEN'], // R-ROLE-3 (not their lesson)
    ];
    for (const [user, a, code] of cases) {
      const r = journal('call', 'journal.setMark', '--db', demo, '--user', user, '--password', 'demo', '--args', a);
      assert.equal(r.code, 1, `${user} ${a}`);
      assert.equal(r.json.error.code, code, `${user}: ${r.json.error.message}`);
      assert.match(r.json.error.message, /[А-Яа-я]/);
    }
    assert.equal(await journalState(), before);
  });
});

describe('journal verify and restore take the medium given to journal backup --to (R-KEEP-1, R-KEEP-4)', () => {
  it('verify names the copies on the medium; restore takes the newest that verifies and refuses a copy of a newer version, changing nothing', () => {
    const medium = tmpDir();
    const made = journal('backup', '--db', demo, '--to', medium);
    assert.equal(made.code, 0, JSON.stringify(made.json));
    const copy: string = made.json.copies[0].folder;

    const v = journal('verify', medium);
    assert.equal(v.code, 0, JSON.stringify(v.json));
    assert.equal(v.json.medium, true);
    assert.deepEqual(v.json.copies.map((c: { folder: string }) => c.folder), [copy]);
    assert.equal(v.json.newestVerified, copy);

    // A copy made by a newer version of the program (its manifest names a migration this one does not know).
    const target = path.join(tmpDir(), 'school.sqlite');
    fs.copyFileSync(demo, target);
    const before = hashFile(target);
    const manifestFile = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, schema: [...manifest.schema, '999_future'] }));
    const newer = journal('restore', '--db', target, '--from', medium);
    assert.equal(newer.code, 1);
    assert.equal(newer.json.error.code, 'BACKUP_INVALID');
    assert.match(newer.json.error.message, /более новой версией программы/);
    assert.equal(hashFile(target), before, 'nothing changed');
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ['school.sqlite']);

    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const restored = journal('restore', '--db', target, '--from', medium);
    assert.equal(restored.code, 0, JSON.stringify(restored.json));
    assert.equal(restored.json.restoredFrom, copy);
  });

  it('a folder that holds no copy: one JSON error in Russian, never a raw ENOENT', () => {
    const r = journal('verify', tmpDir());
    assert.equal(r.code, 1);
    assert.deepEqual(Object.keys(r.json), ['error']);
    assert.equal(r.json.error.code, 'BACKUP_NOT_FOUND');
    assert.match(r.json.error.message, /нет резервных копий журнала/);
    assert.doesNotMatch(r.json.error.message, /ENOENT|manifest\.json …/);
  });
});
