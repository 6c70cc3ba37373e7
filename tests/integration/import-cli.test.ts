// `journal import` and `journal export` for scripts (R-ROLE-6): the same service methods as
// the window, signed in as the administrator; a dry run writes nothing, a bad row refuses
// the file naming its row and column, --skip leaves rows out, export writes an XLSX that
// reads back as duplicates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { openDatabase } from '../../db/connection';
import { makeDemoFile } from '../helpers/demo-db';
import { tmpDir } from '../helpers/tmp';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function journal(...args: string[]): { code: number; json: Json } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/journal.ts'), ...args], { encoding: 'utf8', env: { ...process.env, JOURNAL_PASSWORD: '' } });
  try {
    return { code: r.status ?? -1, json: JSON.parse(r.stdout) };
  } catch {
    return assert.fail(`not JSON on stdout (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
}

let demo: string;
let dir: string;
before(async () => {
  demo = await makeDemoFile(60, 6);
  dir = tmpDir();
});

/** Students, or those in a class now (an open enrolment). */
const students = async (inClass = false) => {
  const knex = openDatabase(demo);
  try {
    return Number((await (inClass ? knex('enrolment').whereNull('ends_on') : knex('student')).count({ n: '*' }))[0]!.n);
  } finally {
    await knex.destroy();
  }
};

describe('journal import / export', () => {
  it('export writes an XLSX of the class lists; importing it back is all duplicates', async () => {
    const out = path.join(dir, 'lists.xlsx');
    const e = journal('export', 'students', '--db', demo, '--out', out, '--user', 'admin', '--password', 'demo');
    assert.equal(e.code, 0, JSON.stringify(e.json));
    assert.equal(e.json.rows, await students(true), 'every student in a class now');
    assert.ok(fs.statSync(out).size > 1000);
    const back = journal('import', 'students', '--db', demo, '--file', out, '--dry-run', '--user', 'admin', '--password', 'demo');
    assert.equal(back.code, 0, JSON.stringify(back.json));
    assert.equal(back.json.summary.duplicate, e.json.rows);
    assert.equal(back.json.summary.error, 0);
  });

  it('a Windows-1251 CSV: a dry run writes nothing; a bad row refuses the file with its row and column; --skip imports the rest', async () => {
    const file = path.join(dir, 'new.csv');
    fs.writeFileSync(file, iconv.encode([
      'Класс;Фамилия;Имя;Отчество;Дата рождения;Пол;Представитель 1: ФИО;Телефон 1',
      '5А;Яковлев;Тимур;Русланович;14.06.2015;м;Яковлева Алия Ринатовна;+7 917 000-00-00',
      '5А;Юдина;Ева;;31.02.2015;ж;;',
    ].join('\r\n'), 'win1251'));
    const count = await students();
    const dry = journal('import', 'students', '--db', demo, '--file', file, '--dry-run', '--user', 'admin', '--password', 'demo');
    assert.equal(dry.code, 0);
    assert.equal(dry.json.encoding, 'windows-1251');
    assert.deepEqual(dry.json.rows.map((r: Json) => r.fate), ['new', 'error']);
    assert.equal(await students(), count, 'a dry run writes nothing');
    const refused = journal('import', 'students', '--db', demo, '--file', file, '--user', 'admin', '--password', 'demo');
    assert.equal(refused.code, 1);
    assert.equal(refused.json.error.code, 'VALIDATION');
    assert.match(refused.json.error.message, /^Строка 3, столбец «Дата рождения»/);
    assert.equal(await students(), count);
    const done = journal('import', 'students', '--db', demo, '--file', file, '--skip', '3', '--user', 'admin', '--password', 'demo');
    assert.equal(done.code, 0, JSON.stringify(done.json));
    assert.deepEqual([done.json.created, done.json.skipped], [1, 1]);
    assert.equal(await students(), count + 1);
  });

  it('a teacher is refused; a missing file and an unknown kind are usage errors', () => {
    const file = path.join(dir, 'new.csv');
    const t = journal('import', 'students', '--db', demo, '--file', file, '--dry-run', '--user', 'teacher', '--password', 'demo');
    assert.deepEqual([t.code, t.json.error.code], [1, 'FORBIDDEN']);
    assert.equal(journal('import', 'students', '--db', demo, '--file', path.join(dir, 'none.csv'), '--user', 'admin', '--password', 'demo').json.error.code, 'FILE_NOT_FOUND');
    assert.equal(journal('import', 'pupils', '--db', demo, '--file', file, '--user', 'admin', '--password', 'demo').json.error.code, 'USAGE');
  });
});
