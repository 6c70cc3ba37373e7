// The year's setup, measured side by side against its honest limit (issue 13). Usage:
//   npm run bench:setup -- [--students N] [--rounds N]
//   lessons  setup.generateLessons of a whole year through the service (the timetable
//            read, the school days computed, the rule book, the change log, signatures)
//            vs a batched raw bulk insert of the same lesson rows (multi-row INSERTs of
//            500, one transaction) on a copy of the same database without its lessons.
// Each round starts from fresh copies; the ratio is of the medians.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDemoFile } from '../db/demo-file';
import { openJournal } from '../db/journal-db';
import { ServiceHost } from '../service/host';
import { RawDb } from './raw-sqlite';
import { summarize } from './stats';

const { values } = parseArgs({ options: { students: { type: 'string' }, rounds: { type: 'string' } } });
const students = Number(values.students ?? 1000);
const rounds = Number(values.rounds ?? 3);
const CHUNK = 500;
const LESSON_COLUMNS = ['id', 'assignment_id', 'date', 'lesson_no', 'teacher_id', 'substitute_teacher_id', 'plan_item_id', 'topic', 'lesson_type', 'homework', 'cancelled'];

/** A copy of the school with no lessons and nothing hanging from them: a year before its first lesson. */
async function yearWithoutLessons(source: string, target: string): Promise<void> {
  fs.rmSync(target, { force: true });
  const raw = await RawDb.open(source);
  await raw.run('VACUUM INTO ?', [target]);
  await raw.close();
  const copy = await RawDb.open(target);
  await copy.run('PRAGMA foreign_keys = OFF');
  for (const t of ['mark', 'attendance', 'student_note', 'substitution', 'lesson']) await copy.run(`DELETE FROM ${t}`);
  await copy.run('VACUUM');
  await copy.close();
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-setup-'));
  const demo = path.join(dir, 'demo.sqlite');
  let t = Date.now();
  await createDemoFile(demo, { seed: 13, students, startYear: 2026 });
  console.error(`demo school of ${students} students made in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const empty = path.join(dir, 'empty.sqlite');
  await yearWithoutLessons(demo, empty);

  const app: number[] = [];
  const base: number[] = [];
  let lessons = 0;
  for (let r = 0; r < rounds; r++) {
    // The app: the administrator generates the year's lessons.
    const appFile = path.join(dir, `app-${r}.sqlite`);
    fs.copyFileSync(empty, appFile);
    const db = await openJournal(appFile);
    const host = new ServiceHost(db, { now: () => new Date('2026-08-25T10:00:00') });
    const login = await host.call('bench', 'auth.login', { login: 'admin', password: 'demo' });
    if (!login.ok) throw new Error(login.error.message);
    const yearId = (await db.knex('academic_year').first('id')).id as string;
    t = performance.now();
    const res = await host.call('bench', 'setup.generateLessons', { yearId });
    app.push(performance.now() - t);
    if (!res.ok) throw new Error(res.error.message);
    const rows: unknown[][] = (await db.knex('lesson').select(LESSON_COLUMNS)).map((l: Record<string, unknown>) => LESSON_COLUMNS.map((c) => l[c]));
    lessons = rows.length;
    await db.close();

    // The baseline: the same rows, batched, one transaction, on a copy of the same file.
    const baseFile = path.join(dir, `base-${r}.sqlite`);
    fs.copyFileSync(empty, baseFile);
    const raw = await RawDb.open(baseFile);
    const one = `(${LESSON_COLUMNS.map(() => '?').join(', ')})`;
    t = performance.now();
    await raw.run('BEGIN IMMEDIATE');
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await raw.run(`INSERT INTO lesson (${LESSON_COLUMNS.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, chunk.flat());
    }
    await raw.run('COMMIT');
    base.push(performance.now() - t);
    await raw.close();
    fs.rmSync(appFile, { force: true });
    fs.rmSync(baseFile, { force: true });
  }
  const a = summarize(app);
  const b = summarize(base);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    students,
    rounds,
    lessonsGenerated: lessons,
    generateLessons: { appMs: Math.round(a.p50), baselineMs: Math.round(b.p50), ratio: Number((a.p50 / b.p50).toFixed(2)), goal: 5 },
  };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', `setup-${result.date.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
