// Importing the class lists of a 1,000-student school with guardians (issue 13, point 5).
// Usage: npm run bench:import -- [--students N] [--rounds N]
//   preview  exchange.preview of the whole file through the service (read, columns, every
//            row checked against the journal), XLSX and CSV (Windows-1251): absolute time,
//            goal under 3 s;
//   commit   exchange.commit (the file planned again, the rule book, the change log,
//            signatures, one transaction) vs a batched raw insert of the same rows
//            (student, guardian, enrolment, student_guardian; multi-row INSERTs of 500, one
//            transaction) on a copy of the same database.
// The school: a demo school's classes and staff with none of its students; each round
// starts from fresh copies; times are medians.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createDemoFile } from '../db/demo-file';
import { openJournal } from '../db/journal-db';
import { ServiceHost } from '../service/host';
import { RawDb } from './raw-sqlite';
import { summarize } from './stats';

const { values } = parseArgs({ options: { students: { type: 'string' }, rounds: { type: 'string' } } });
const students = Number(values.students ?? 1000);
const rounds = Number(values.rounds ?? 3);
const CHUNK = 500;
const TABLES = { student: ['id', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'personal_file', 'address'], guardian: ['id', 'last_name', 'first_name', 'middle_name', 'phone', 'email'], enrolment: ['id', 'student_id', 'class_id', 'starts_on', 'ends_on'], student_guardian: ['id', 'student_id', 'guardian_id', 'relation', 'removed'] } as const;

const LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов'];
const FIRST_M = ['Александр', 'Максим', 'Иван', 'Артём', 'Дмитрий', 'Никита', 'Михаил', 'Егор'];
const FIRST_F = ['Анна', 'Мария', 'Елена', 'Дарья', 'Алина', 'Ирина', 'Екатерина', 'Полина'];
const MID = ['Александров', 'Сергеев', 'Игорев', 'Олегов', 'Андреев', 'Павлов'];

/** The class lists as a school keeps them: a student a row, two guardians each. */
function listRows(classes: { name: string; grade: number }[], startYear: number): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < students; i++) {
    const c = classes[i % classes.length]!;
    const f = i % 2 === 1;
    const last = LAST[i % LAST.length]! + (f ? 'а' : '');
    const first = (f ? FIRST_F : FIRST_M)[Math.floor(i / 7) % 8]!;
    const mid = MID[Math.floor(i / 3) % MID.length]!;
    const born = `${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}.${startYear - 6 - c.grade - (Math.floor(i / 336) % 2)}`;
    const father = `${LAST[i % LAST.length]} ${mid.slice(0, -2)} ${MID[(i + 1) % MID.length]}ич`;
    const mother = `${LAST[i % LAST.length]}а ${FIRST_F[i % 8]} ${MID[(i + 2) % MID.length]}на`;
    rows.push([c.name, last, first, `${mid}${f ? 'на' : 'ич'}`, born, f ? 'ж' : 'м', `${c.grade}-${i}`, `ул. Школьная, д. ${1 + (i % 90)}, кв. ${1 + (i % 120)}`,
      '', mother, 'мать', `+7 900 ${String(1000000 + i).slice(1, 4)}-${String(i % 100).padStart(2, '0')}-${String((i * 7) % 100).padStart(2, '0')}`, '', father, 'отец', '', '']);
  }
  return rows;
}

const HEAD = ['Класс', 'Фамилия', 'Имя', 'Отчество', 'Дата рождения', 'Пол', '№ личного дела', 'Адрес', 'Дата зачисления', 'Представитель 1: ФИО', 'Кем приходится 1', 'Телефон 1', 'Эл. почта 1', 'Представитель 2: ФИО', 'Кем приходится 2', 'Телефон 2', 'Эл. почта 2'];

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Списки');
  sheet.addRow(HEAD);
  for (const r of rows) {
    const [d, m, y] = r[4]!.split('.');
    sheet.addRow([...r.slice(0, 4), new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))), ...r.slice(5)]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvOf = (rows: string[][]) => iconv.encode([HEAD, ...rows].map((r) => r.join(';')).join('\r\n'), 'win1251');

async function withoutStudents(source: string, target: string): Promise<void> {
  fs.rmSync(target, { force: true });
  const raw = await RawDb.open(source);
  await raw.run('VACUUM INTO ?', [target]);
  await raw.close();
  const copy = await RawDb.open(target);
  await copy.run('PRAGMA foreign_keys = OFF');
  for (const t of ['mark', 'attendance', 'student_note', 'period_mark', 'consent', 'student_guardian', 'guardian', 'subgroup_member', 'movement', 'enrolment', 'student']) await copy.run(`DELETE FROM ${t}`);
  await copy.run('VACUUM');
  await copy.close();
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-import-'));
  const demo = path.join(dir, 'demo.sqlite');
  await createDemoFile(demo, { seed: 17, students: 200, startYear: 2026 });
  const empty = path.join(dir, 'empty.sqlite');
  await withoutStudents(demo, empty);
  const probe = await openJournal(empty);
  const classes: { name: string; grade: number }[] = await probe.knex('class').orderBy(['grade', 'letter']).select('name', 'grade');
  await probe.close();
  const rows = listRows(classes, 2026);
  const files = { xlsx: (await xlsxOf(rows)).toString('base64'), csv: csvOf(rows).toString('base64') };

  const preview: Record<'xlsx' | 'csv', number[]> = { xlsx: [], csv: [] };
  const commit: number[] = [];
  const base: number[] = [];
  let written = 0;
  for (let r = 0; r < rounds; r++) {
    const appFile = path.join(dir, `app-${r}.sqlite`);
    fs.copyFileSync(empty, appFile);
    const db = await openJournal(appFile);
    const host = new ServiceHost(db, { now: () => new Date('2026-08-25T10:00:00') });
    const login = await host.call('bench', 'auth.login', { login: 'admin', password: 'demo' });
    if (!login.ok) throw new Error(login.error.message);
    for (const format of ['xlsx', 'csv'] as const) {
      const t = performance.now();
      const p = await host.call('bench', 'exchange.preview', { kind: 'students', fileBase64: files[format] });
      preview[format].push(performance.now() - t);
      if (!p.ok) throw new Error(p.error.message);
      const s = (p.value as { summary: { new: number; error: number } }).summary;
      if (s.new !== students || s.error !== 0) throw new Error(`preview ${format}: ${JSON.stringify(s)}`);
    }
    let t = performance.now();
    const c = await host.call('bench', 'exchange.commit', { kind: 'students', fileBase64: files.csv });
    commit.push(performance.now() - t);
    if (!c.ok) throw new Error(c.error.message);
    // The same rows the import wrote, for the baseline.
    const data: Record<string, unknown[][]> = {};
    written = 0;
    for (const [table, cols] of Object.entries(TABLES)) {
      data[table] = (await db.knex(table).select(cols)).map((x: Record<string, unknown>) => cols.map((k) => x[k]));
      written += data[table]!.length;
    }
    await db.close();

    const baseFile = path.join(dir, `base-${r}.sqlite`);
    fs.copyFileSync(empty, baseFile);
    const raw = await RawDb.open(baseFile);
    t = performance.now();
    await raw.run('BEGIN IMMEDIATE');
    for (const [table, cols] of Object.entries(TABLES)) {
      const all = data[table]!;
      const one = `(${cols.map(() => '?').join(', ')})`;
      for (let i = 0; i < all.length; i += CHUNK) {
        const chunk = all.slice(i, i + CHUNK);
        await raw.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, chunk.flat() as never[]);
      }
    }
    await raw.run('COMMIT');
    base.push(performance.now() - t);
    await raw.close();
    fs.rmSync(appFile, { force: true });
    fs.rmSync(baseFile, { force: true });
  }
  const px = summarize(preview.xlsx);
  const pc = summarize(preview.csv);
  const a = summarize(commit);
  const b = summarize(base);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    students,
    rounds,
    rowsWritten: written,
    preview: { xlsxMs: Math.round(px.p50), csvMs: Math.round(pc.p50), goalMs: 3000 },
    commit: { appMs: Math.round(a.p50), baselineMs: Math.round(b.p50), ratio: Number((a.p50 / b.p50).toFixed(2)), oneTransaction: true },
  };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', `import-${result.date.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
