// `journal print …` and `journal verify-print` through the built command (bin/journal.cjs
// running the CommonJS bundle, where the ESM-only react-pdf is loaded by a real import()),
// and the service methods with their permissions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { openJournal } from '../../db/journal-db';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { pdfText, squeeze } from '../helpers/pdf';
import { tmpDir } from '../helpers/tmp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function journal(...args: string[]): { code: number; json: Json; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'journal.cjs'), ...args], { encoding: 'utf8' });
  let json: unknown = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    assert.fail(`not JSON on stdout (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status ?? -1, json, stderr: r.stderr };
}

let demo: string;
let q1: string;
before(async () => {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli', 'journal.cjs')), 'the bundle is what runs');
  demo = await makeDemoFile(150, 4);
  const db = await openJournal(demo);
  q1 = ((await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id')) as { id: string }).id;
  await db.close();
});

const registerRows = async () => {
  const db = await openJournal(demo);
  try {
    return Number(((await db.knex('print_register').count('id as n').first()) as { n: number }).n);
  } finally {
    await db.close();
  }
};

describe('journal print and journal verify-print (the built command)', () => {
  it('prints a class copy, registers it, and verify-print says current, then stale after a change', async () => {
    const out = path.join(tmpDir(), '5А.pdf');
    const r = journal('print', 'class-copy', '--db', demo, '--class', '5а', '--period', q1, '--out', out, '--date', '2026-10-27');
    assert.equal(r.code, 0, JSON.stringify(r.json));
    assert.equal(r.json.className, '5А');
    assert.ok(r.json.pages >= 20 && r.json.pages === r.json.sheets * 2);
    assert.equal(r.json.registered.status, 'current');
    assert.ok(fs.existsSync(out));
    assert.ok(squeeze(pdfText(out, 1)).includes(squeeze(`Документ № ${r.json.docNo} от 27.10.2026`)));

    const ok = journal('verify-print', '--db', demo, r.json.docNo);
    assert.equal(ok.code, 0);
    assert.equal(ok.json.status, 'current');

    const db = await openJournal(demo);
    const mark: { id: string; value: string } = await db.knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id')
      .join('teaching_assignment as a', 'a.id', 'l.assignment_id').join('class as c', 'c.id', 'a.class_id')
      .where('c.name', '5А').where('l.date', '<=', '2026-10-23').whereNotNull('m.value').first('m.id', 'm.value');
    await db.writer.write({ userId: null }, [{ table: 'mark', id: mark.id, set: { value: mark.value === '5' ? '3' : '5' } }]);
    await db.close();

    const stale = journal('verify-print', '--db', demo, r.json.docNo);
    assert.equal(stale.code, 0);
    assert.equal(stale.json.status, 'stale');
    assert.equal(stale.json.registered, 'current');
    assert.equal(stale.json.staleSheets.length, 1);
    assert.match(stale.json.message, /Перепечатать листы/);
    assert.equal(journal('verify-print', '--db', demo, r.json.docNo).json.registered, 'stale', 'the register now says stale');
  });

  it('prints each kind of summary sheet', () => {
    for (const kind of ['marks', 'attendance', 'movement', 'year-final']) {
      const out = path.join(tmpDir(), `${kind}.pdf`);
      const r = journal('print', 'summary', '--db', demo, '--class', '5А', '--period', q1, '--kind', kind, '--out', out, '--date', '2027-06-28');
      assert.equal(r.code, 0, JSON.stringify(r.json));
      assert.ok(fs.existsSync(out) && r.json.pages >= 1 && r.json.doubleSided === false);
    }
  });

  it('prints every kind of the registry under its command: the year title page of a class', async () => {
    const out = path.join(tmpDir(), '5А-титул.pdf');
    const r = journal('print', 'year-title', '--db', demo, '--class', '5А', '--period', q1, '--out', out, '--date', '2026-10-27');
    assert.equal(r.code, 0, JSON.stringify(r.json));
    assert.equal(r.json.kind, 'year_title');
    assert.equal(r.json.registered.status, 'current');
    assert.ok(r.json.totalSheets >= 1);
    assert.ok(squeeze(pdfText(out)).includes(squeeze('КЛАССНЫЙ ЖУРНАЛ 5А КЛАССА')));
    assert.equal(journal('verify-print', '--db', demo, r.json.docNo).json.status, 'current');
    const usage = journal('print', 'poster', '--db', demo);
    assert.equal(usage.json.error.code, 'USAGE');
    assert.match(usage.json.error.message, /class-copy \| summary \| year-title \| substitutions \| promotions \| school \| printers/);
  });

  it('prints the log of substitutions of a class for its substitutes\' signatures (issue 17 item 16), or says there were none', async () => {
    const classOf = (sql: string) => spawnSync('sqlite3', [demo, sql], { encoding: 'utf8' }).stdout.trim();
    const withSubs = classOf(`SELECT c.name FROM lesson l JOIN teaching_assignment t ON t.id = l.assignment_id JOIN class c ON c.id = t.class_id
      JOIN period p ON p.id = '${q1}' WHERE l.substitute_teacher_id IS NOT NULL AND l.cancelled = 0 AND l.date BETWEEN p.starts_on AND p.ends_on
      AND c.grade BETWEEN p.grade_from AND p.grade_to ORDER BY c.grade, c.letter LIMIT 1`);
    assert.ok(withSubs, 'the demo school records substitutions');
    const out = path.join(tmpDir(), 'замены.pdf');
    const r = journal('print', 'substitutions', '--db', demo, '--class', withSubs, '--period', q1, '--out', out, '--date', '2026-10-27');
    assert.equal(r.code, 0, JSON.stringify(r.json));
    assert.equal(r.json.kind, 'substitution_log');
    assert.ok(squeeze(pdfText(out)).includes('Подписьзаменявшегоучителя'));
    assert.equal(journal('verify-print', '--db', demo, r.json.docNo).json.status, 'current');
    const none = classOf(`SELECT c.name FROM class c JOIN period p ON p.id = '${q1}' AND c.year_id = p.year_id AND c.grade BETWEEN p.grade_from AND p.grade_to
      WHERE NOT EXISTS (SELECT 1 FROM lesson l JOIN teaching_assignment t ON t.id = l.assignment_id WHERE t.class_id = c.id AND l.substitute_teacher_id IS NOT NULL)
      ORDER BY c.grade, c.letter LIMIT 1`);
    const empty = journal('print', 'substitutions', '--db', demo, '--class', none, '--period', q1, '--out', path.join(tmpDir(), 'нет.pdf'), '--date', '2026-10-27');
    assert.equal(empty.code, 1);
    assert.equal(empty.json.error.code, 'PRINT_NO_LESSONS');
    assert.match(empty.json.error.message, /замен не было/);
  });

  it('prints every class of the period into a folder, with progress on stderr', async () => {
    const dir = path.join(tmpDir(), 'q1');
    const r = journal('print', 'school', '--db', demo, '--period', q1, '--out-dir', dir, '--date', '2026-10-27');
    assert.equal(r.code, 0, JSON.stringify(r.json));
    const db = await openJournal(demo);
    const classes = Number(((await db.knex('class').whereBetween('grade', [1, 9]).count('id as n').first()) as { n: number }).n);
    await db.close();
    assert.equal(r.json.printed.length + r.json.skipped.length, classes);
    assert.ok(r.json.printed.length >= classes - 1);
    assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).length, r.json.printed.length);
    assert.equal((r.stderr.match(/^\[\d+\/\d+\] /gm) ?? []).length, classes);
  });

  it('bad input: a clear error, exit 1, no file, nothing registered', async () => {
    const before = await registerRows();
    const out = path.join(tmpDir(), 'x.pdf');
    const q2 = (() => {
      const r = spawnSync('sqlite3', [demo, "SELECT id FROM period WHERE kind = 'quarter' AND number = 2"], { encoding: 'utf8' });
      return r.stdout.trim();
    })();
    const cases: [string[], string][] = [
      [['print', 'class-copy', '--db', demo, '--class', '5А', '--period', q2, '--out', out, '--date', '2026-11-20'], 'PRINT_PERIOD_NOT_ENDED'],
      [['print', 'class-copy', '--db', demo, '--class', '5Ы', '--period', q1, '--out', out], 'PRINT_UNKNOWN_CLASS'],
      [['print', 'class-copy', '--db', demo, '--class', '5А', '--period', 'nope', '--out', out], 'PRINT_UNKNOWN_PERIOD'],
      [['print', 'class-copy', '--db', demo, '--class', '5А', '--period', q1], 'USAGE'],
      [['print', 'summary', '--db', demo, '--class', '5А', '--period', q1, '--kind', 'grades', '--out', out, '--date', '2026-10-27'], 'USAGE'],
      [['verify-print', '--db', demo, '2026-0000-0001'], 'PRINT_UNKNOWN_DOCUMENT'],
    ];
    for (const [args, code] of cases) {
      const r = journal(...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.equal(r.json.error.code, code);
      assert.match(r.json.error.message, /[а-яё]/i);
    }
    assert.equal(fs.existsSync(out), false);
    assert.equal(await registerRows(), before);
  });
});

describe('print service methods', () => {
  it('a deputy prints and reads the register; a teacher may not; the director checks without writing', async () => {
    const db = await openJournal(demo);
    try {
      const host = new ServiceHost(db, { now: () => new Date('2026-10-28T10:00:00') });
      const cls: { id: string } = await db.knex('class').where({ name: '6А' }).first('id');
      const file = path.join(tmpDir(), '6А.pdf');
      assert.ok((await host.call('t', 'auth.login', { login: 'teacher', password: 'demo' })).ok);
      const denied = await host.call('t', 'print.classCopy', { classId: cls.id, periodId: q1, file });
      assert.equal(!denied.ok && denied.error.code, 'FORBIDDEN');
      assert.ok((await host.call('d', 'auth.login', { login: 'deputy', password: 'demo' })).ok);
      const printed = await host.call('d', 'print.classCopy', { classId: cls.id, periodId: q1, file });
      assert.ok(printed.ok, JSON.stringify(printed));
      const docNo = (printed.value as { docNo: string }).docNo;
      const early = await host.call('d', 'print.classCopy', { classId: cls.id, periodId: q1, file: path.join(tmpDir(), 'y.pdf'), docNo });
      assert.equal(!early.ok && early.error.code, 'CONFLICT');
      const list = await host.call('d', 'print.register', { classId: cls.id });
      assert.ok(list.ok && (list.value as { docNo: string }[]).some((e) => e.docNo === docNo));
      assert.ok((await host.call('x', 'auth.login', { login: 'director', password: 'demo' })).ok);
      const seq = async () => Number(((await db.knex('change_log').max('seq as s').first()) as { s: number }).s);
      const before = await seq();
      const check = await host.call('x', 'print.verify', { docNo });
      assert.ok(check.ok && (check.value as { status: string }).status === 'current');
      assert.equal(await seq(), before, 'the director changes nothing');
    } finally {
      await db.close();
    }
  });
});
