// Printing from the app through the service (issue 5 item 6): a preview is drawn in the print
// worker and registers nothing; a print job draws classes in its worker thread while the
// service keeps answering, reports classes and pages done, registers each complete file;
// a cancelled job leaves no half-written PDF and the register holds only complete documents;
// bad requests are refused with clear messages.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { closePrintJobs, printFolder, printJobsFor } from '../../print/jobs/manager';
import { ServiceHost } from '../../service/host';
import { makeDemoFile } from '../helpers/demo-db';
import { pdfText, squeeze } from '../helpers/pdf';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const NOW = new Date('2026-11-23T09:00:00');
let db: JournalDb;
let host: ServiceHost;
let q1: string;
let classes: { id: string; name: string }[];

async function call(caller: string, method: string, args: unknown = {}): Promise<Json> {
  const r = await host.call(caller, method, args);
  assert.ok(r.ok, `${method}: ${JSON.stringify(r)}`);
  return r.value;
}

async function refused(caller: string, method: string, args: unknown): Promise<{ code: string; message: string }> {
  const r = await host.call(caller, method, args);
  assert.ok(!r.ok, `${method} should be refused`);
  assert.match(r.error.message, /[а-яё]/i);
  return r.error;
}

const registerCount = async () => Number(((await db.knex('print_register').count('id as n').first()) as { n: number }).n);

async function waitFor(jobId: string, until: (s: Json) => boolean, ms = 120_000): Promise<Json> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await call('d', 'print.jobStatus', { jobId });
    if (until(s)) return s;
    if (Date.now() > end) assert.fail(`job did not get there: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  db = await openJournal(await makeDemoFile(150, 4));
  host = new ServiceHost(db, { now: () => NOW });
  q1 = ((await db.knex('period').where({ kind: 'quarter', number: 1 }).first('id')) as { id: string }).id;
  const period = (await db.knex('period').where({ id: q1 }).first('year_id', 'grade_from', 'grade_to')) as { year_id: string; grade_from: number; grade_to: number };
  classes = await db.knex('class').where({ year_id: period.year_id }).whereBetween('grade', [period.grade_from, period.grade_to]).orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name');
  for (const [caller, login] of [['d', 'deputy'], ['s', 'secretary'], ['t', 'teacher'], ['x', 'director']]) {
    await call(caller!, 'auth.login', { login, password: 'demo' });
  }
});

after(async () => {
  await closePrintJobs(db);
  await db.close();
});

describe('print preview', () => {
  it('draws a class copy as a PDF in base64, numbered as a sample, and registers nothing', async () => {
    const before = await registerCount();
    const cls = classes.find((c) => c.name === '5А')!;
    const r = await call('d', 'print.preview', { document: 'class_copy', classId: cls.id, periodId: q1 });
    const bytes = Buffer.from(r.pdfBase64, 'base64');
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(r.pages >= 10, `pages: ${r.pages}`);
    assert.equal(r.docNo, 'ОБРАЗЕЦ');
    assert.equal(r.className, '5А');
    assert.equal(r.file, null);
    assert.equal(await registerCount(), before);
  });

  it('draws each summary sheet and each book extract', async () => {
    for (const document of ['summary_marks', 'summary_attendance', 'summary_movement']) {
      const r = await call('s', 'print.preview', { document, classId: classes[0]!.id, periodId: q1 });
      assert.ok(r.pages >= 1 && r.pdfBase64.length > 1000, document);
    }
    for (const book of ['paper-copies', 'strict-log', 'backup-log']) {
      const r = await call('s', 'print.preview', { document: 'book', book });
      assert.ok(r.pages >= 1, book);
      assert.match(r.docNo, /^КУ-/);
    }
  });

  it('is refused to a teacher, for a period not ended, and for a class outside the period', async () => {
    assert.equal((await refused('t', 'print.preview', { document: 'class_copy', classId: classes[0]!.id, periodId: q1 })).code, 'FORBIDDEN');
    const q2 = ((await db.knex('period').where({ kind: 'quarter', number: 2 }).first('id')) as { id: string }).id;
    assert.equal((await refused('d', 'print.preview', { document: 'class_copy', classId: classes[0]!.id, periodId: q2 })).code, 'OUT_OF_WINDOW');
    const senior: { id: string } = await db.knex('class').where({ grade: 10 }).first('id');
    if (senior) assert.equal((await refused('d', 'print.preview', { document: 'class_copy', classId: senior.id, periodId: q1 })).code, 'CONFLICT');
  });
});

describe('print jobs', () => {
  it('prints chosen classes in the worker with progress, registers each file, and the service answers meanwhile', async () => {
    const before = await registerCount();
    const picked = classes.slice(0, 2);
    const started = await call('d', 'print.startJob', { document: 'class_copy', periodId: q1, classIds: picked.map((c) => c.id) });
    assert.equal(started.state, 'running');
    assert.equal(started.classesTotal, 2);
    // The service is not held up by the drawing: a quick call answers while the job runs.
    const t = performance.now();
    await call('d', 'auth.me');
    assert.ok(performance.now() - t < 1000);
    const seen: number[] = [];
    const done = await waitFor(started.id, (s) => {
      seen.push(s.pagesDone + (s.current?.pagesDone ?? 0));
      return s.state !== 'running';
    });
    assert.equal(done.state, 'done', done.message);
    assert.equal(done.classesDone, 2);
    assert.deepEqual(done.printed.map((p: Json) => p.className), picked.map((c) => c.name));
    assert.ok(seen.some((n) => n > 0 && n < done.pagesDone), 'progress seen between the start and the end');
    assert.equal(await registerCount(), before + 2);
    for (const p of done.printed) {
      const e: { file_path: string; file_sha256: string; status: string } = await db.knex('print_register').where({ doc_no: p.docNo }).first('file_path', 'file_sha256', 'status');
      assert.equal(e.file_path, p.file);
      assert.equal(e.status, 'current');
      assert.equal(crypto.createHash('sha256').update(fs.readFileSync(p.file)).digest('hex'), e.file_sha256);
      assert.equal(path.dirname(p.file), printFolder(db));
      assert.ok(squeeze(pdfText(p.file, 1)).includes(squeeze(`№ ${p.docNo}`)));
    }
    const list = await call('d', 'print.jobs');
    assert.ok(list.some((j: Json) => j.id === started.id));
  });

  it('a cancelled whole-school job leaves no half-written PDF and the register holds only complete documents', async () => {
    const before = await registerCount();
    const started = await call('d', 'print.startJob', { document: 'class_copy', periodId: q1 });
    assert.equal(started.classesTotal, classes.length);
    await waitFor(started.id, (s) => s.classesDone >= 1 && (s.current?.pagesDone ?? 0) > 0);
    const cancelled = await call('d', 'print.cancelJob', { jobId: started.id });
    assert.equal(cancelled.state, 'cancelled');
    assert.ok(cancelled.printed.length >= 1 && cancelled.printed.length < classes.length);
    assert.match(cancelled.message, /отменена/);
    assert.equal(await registerCount(), before + cancelled.printed.length);
    const files = fs.readdirSync(printFolder(db));
    assert.deepEqual(files.filter((f) => !f.endsWith('.pdf')), [], 'no temporary files');
    const registered = new Set((await db.knex('print_register').select('file_path') as { file_path: string }[]).map((r) => path.basename(r.file_path)));
    assert.deepEqual(files.filter((f) => !registered.has(f)), [], 'every file is a registered document');
    // Cancelling again, or a finished job, changes nothing.
    assert.equal((await call('d', 'print.cancelJob', { jobId: started.id })).state, 'cancelled');
  });

  it('prints summary sheets of a class as a job too', async () => {
    const started = await call('s', 'print.startJob', { document: 'summary_marks', periodId: q1, classIds: [classes[1]!.id] });
    const done = await waitFor(started.id, (s) => s.state !== 'running');
    assert.equal(done.state, 'done', done.message);
    assert.match(path.basename(done.printed[0].file), /сводная-ведомость-успеваемости/);
  });

  it('refuses bad jobs: roles, unknown period, period not ended, classes outside the period, unknown job', async () => {
    const before = await registerCount();
    assert.equal((await refused('t', 'print.startJob', { document: 'class_copy', periodId: q1 })).code, 'FORBIDDEN');
    // (the director prints too, R-ROLE-5: tests/integration/director-prints.test.ts)
    assert.equal((await refused('d', 'print.startJob', { document: 'class_copy', periodId: 'no-such-period' })).code, 'NOT_FOUND');
    const q2 = ((await db.knex('period').where({ kind: 'quarter', number: 2 }).first('id')) as { id: string }).id;
    const early = await refused('d', 'print.startJob', { document: 'class_copy', periodId: q2 });
    assert.equal(early.code, 'OUT_OF_WINDOW');
    assert.match(early.message, /ещё не закончился/);
    const senior: { id: string } | undefined = await db.knex('class').where({ grade: 10 }).first('id');
    if (senior) assert.equal((await refused('d', 'print.startJob', { document: 'class_copy', periodId: q1, classIds: [senior.id] })).code, 'CONFLICT');
    assert.equal((await refused('d', 'print.startJob', { document: 'class_copy', periodId: q1, classIds: [] })).code, 'VALIDATION');
    assert.equal((await refused('d', 'print.jobStatus', { jobId: 'nope' })).code, 'NOT_FOUND');
    assert.equal((await refused('d', 'print.cancelJob', { jobId: 'nope' })).code, 'NOT_FOUND');
    assert.equal(await registerCount(), before);
  });
});

describe('a year title page as a print job', () => {
  it('the worker draws the title page of a class for the year, any time in the year, and the register holds it', async () => {
    const cls = classes[0]!;
    const year = (await db.knex('period').where({ kind: 'year' }).first('id')) as { id: string };
    const deputy = (await db.knex('staff').where({ login: 'deputy' }).first('id', 'last_name')) as { id: string; last_name: string };
    const before = await registerCount();
    // The year has not ended on NOW: a title page lists what the register holds and is printed at any time.
    const jobs = printJobsFor(db);
    const started = await jobs.start({ userId: deputy.id, name: deputy.last_name }, { kind: 'year_title', periodId: year.id, classIds: [cls.id], allowOpenPeriod: false }, NOW);
    const done = (await jobs.settled(started.id))!;
    assert.equal(done.state, 'done', done.message);
    assert.deepEqual(done.skipped, []);
    assert.equal(done.printed.length, 1);
    assert.equal(await registerCount(), before + 1);
    const p = done.printed[0]!;
    const e: { kind: string; class_id: string; period_id: string; status: string } = await db.knex('print_register').where({ doc_no: p.docNo }).first('kind', 'class_id', 'period_id', 'status');
    assert.deepEqual(e, { kind: 'year_title', class_id: cls.id, period_id: year.id, status: 'current' });
    assert.match(path.basename(p.file), /титульный-лист/);
    const text = squeeze(pdfText(p.file));
    assert.ok(text.includes(squeeze(`КЛАССНЫЙ ЖУРНАЛ ${cls.name} КЛАССА`)));
    assert.ok(text.includes(squeeze(`№ ${p.docNo}`)));
    assert.equal((await call('d', 'print.verify', { docNo: p.docNo })).status, 'current', 'verifiable like every document');
  });

  it('is refused for a period that is not the year', async () => {
    const err = await printJobsFor(db).start({ userId: null, name: 'x' }, { kind: 'year_title', periodId: q1, classIds: null, allowOpenPeriod: false }, NOW).then(() => null, (e: unknown) => e as { code: string; message: string });
    assert.equal(err?.code, 'PRINT_PERIOD_NOT_FOR_CLASS');
    assert.match(err!.message, /учебный год/i);
  });
});

describe('book extracts', () => {
  it('saves an extract in the print folder, and only files there are sent to a printer', async () => {
    const r = await call('s', 'print.saveBook', { book: 'backup-log' });
    assert.ok(fs.existsSync(r.file));
    assert.equal(path.dirname(r.file), printFolder(db));
    assert.match(pdfText(r.file), /Журнал пользования резервными копиями/);
    const outside = await refused('s', 'print.toPrinter', { file: '../elsewhere.pdf' });
    assert.equal(outside.code, 'FORBIDDEN');
    assert.equal((await refused('s', 'print.toPrinter', {})).code, 'VALIDATION');
  });
});
