// Long print jobs off the service's thread (issue 5 item 6): a job draws documents of one
// kind of the registry (print/registry.ts: class copies, summary sheets, year title pages)
// for many classes (the whole school's term copy is ~1,800 pages) in a worker thread with
// its own read-only connection, one class at a time, and reports progress — classes and
// pages done. Only here, beside the service, is anything written: each file
// complete on disk is entered in the register of printed documents through the journal
// writer (the one write path), so the register only ever holds complete documents.
//
// Cancel: the job's worker is told through a shared flag that its render checks after every
// page; the class being drawn is abandoned before its file is written (the worker writes a
// file only after the whole PDF is drawn, under a temporary name it renames into place), so
// a cancelled job leaves no half-written PDF. Classes finished before the cancel stay saved
// and registered: each is a complete, verifiable document.
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { JournalDb } from '../../db/journal-db';
import type { Actor } from '../../db/journal-writer';
import { newId } from '../../db/ids';
import { formatRuDate, toIsoDate } from '../../shared/dates';
import { PrintError } from '../errors';
import { documentFileName, documentName, documentOf, type DocumentKind } from '../registry';
import { nextDocNo, registerPrint } from '../verify/register';
import type { Drawn, DrawnDocument, FromPrintWorker, PrintTask, PrintWorkerData } from './protocol';
import { spawnPrintWorker } from './spawn';

/** A task the worker refused (a PrintError's code and message) or could not do. */
export class TaskFailed extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The worker was stopped (cancel, shutdown) before the task was done. */
export class WorkerStopped extends Error {}

export type SpawnWorker = (data: PrintWorkerData) => Worker;

interface Pending {
  resolve(d: Drawn): void;
  reject(e: Error): void;
  onPage?: (done: number, total: number) => void;
}

/** One worker thread and the tasks sent to it, answered in order. */
export class PrintWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private stopped = false;

  constructor(dbFile: string, spawn: SpawnWorker = spawnPrintWorker) {
    this.worker = spawn({ dbFile, cancel: this.cancelFlag.buffer as SharedArrayBuffer });
    // A job in progress does not keep a CLI run or a test alive on its own.
    this.worker.unref();
    this.worker.on('message', (m: FromPrintWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'page') p.onPage?.(m.done, m.total);
      else {
        this.pending.delete(m.id);
        if (m.type === 'done') p.resolve(m.result);
        else p.reject(m.error.code === 'CANCELLED' ? new WorkerStopped(m.error.message) : new TaskFailed(m.error.code, m.error.message));
      }
    });
    const fail = (err: Error) => {
      this.stopped = true;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(new TaskFailed('INTERNAL', `Сбой потока печати: ${err.message}`)));
    this.worker.on('exit', () => fail(new WorkerStopped('Поток печати остановлен.')));
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  run(task: PrintTask, onPage?: (done: number, total: number) => void): Promise<Drawn> {
    if (this.stopped) return Promise.reject(new WorkerStopped('Поток печати остановлен.'));
    const id = this.nextId++;
    return new Promise<Drawn>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onPage });
      this.worker.postMessage({ type: 'task', id, task });
    });
  }

  /** Asks the task being drawn to stop at its next page (and every later one not to start). */
  cancel(): void {
    Atomics.store(this.cancelFlag, 0, 1);
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobSpec {
  kind: DocumentKind;
  periodId: string;
  /** The classes to print; null: every class the period applies to (the whole school). */
  classIds: string[] | null;
  allowOpenPeriod: boolean;
}

export interface JobStatus {
  id: string;
  kind: DocumentKind;
  title: string;
  periodId: string;
  periodName: string;
  state: JobState;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  outDir: string;
  classesTotal: number;
  classesDone: number;
  /** Pages of the finished documents and of the one being drawn. */
  pagesDone: number;
  current: { className: string; pagesDone: number; pagesTotal: number } | null;
  printed: { docNo: string; className: string; file: string; pages: number; sheets: number; shortHash: string }[];
  skipped: { className: string; code: string; message: string }[];
  /** Why the job stopped, when it failed. */
  error: string | null;
  message: string;
}

interface Job {
  status: JobStatus;
  worker: PrintWorker | null;
  cancelRequested: boolean;
  done: Promise<void>;
}

export interface JobsOptions {
  spawn?: SpawnWorker;
  /** Where files go; by default the folder «Печать» beside the journal database. */
  outDir?: string;
  /** Jobs running at once (the machine's cores are shared with the service). */
  maxRunning?: number;
  /** Finished jobs kept for their status. */
  keepFinished?: number;
  /** The preview worker stops after this long without a task. */
  previewIdleMs?: number;
}

/** The print folder of a journal database: «Печать» beside the file (as the certification's day 2 uses). */
export function printFolder(db: Pick<JournalDb, 'file'>): string {
  return path.join(path.dirname(path.resolve(db.file)), 'Печать');
}

function removeIfThere(file: string): void {
  for (const f of [`${file}.part`, file]) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // Nothing more can be done here; the next print of the class uses a new number.
    }
  }
}

export class PrintJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly reserved = new Set<string>();
  private readonly spawn: SpawnWorker | undefined;
  private previewWorker: PrintWorker | null = null;
  private previewTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly db: JournalDb, private readonly opts: JobsOptions = {}) {
    this.spawn = opts.spawn;
  }

  get outDir(): string {
    return this.opts.outDir ?? printFolder(this.db);
  }

  /** Draws one document or book extract in the preview worker (nothing written, nothing registered). */
  async preview(task: PrintTask): Promise<Drawn> {
    if (this.closed) throw new WorkerStopped('Печать остановлена.');
    if (this.previewTimer) clearTimeout(this.previewTimer);
    const worker = (this.previewWorker ??= new PrintWorker(this.db.file, this.spawn));
    try {
      return await worker.run(task);
    } catch (err) {
      if (err instanceof WorkerStopped || (err instanceof TaskFailed && err.code === 'INTERNAL')) this.previewWorker = null;
      throw err;
    } finally {
      if (this.previewWorker && !this.previewWorker.busy) {
        this.previewTimer = setTimeout(() => void this.stopPreview(), this.opts.previewIdleMs ?? 60_000);
        this.previewTimer.unref();
      }
    }
  }

  private async stopPreview(): Promise<void> {
    const w = this.previewWorker;
    this.previewWorker = null;
    await w?.terminate();
  }

  /** Starts a job; it runs on after this returns (see status()). */
  async start(actor: Actor & { name: string }, spec: JobSpec, now: Date): Promise<JobStatus> {
    if (this.closed) throw new PrintError('PRINTER_FAILED', 'Печать остановлена: программа завершает работу.');
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running').length;
    if (running >= (this.opts.maxRunning ?? 2)) {
      throw new PrintError('PRINTER_FAILED', `Уже идут задания печати (${running}): дождитесь окончания одного из них или отмените его.`);
    }
    const declared = documentOf(spec.kind);
    const period: { name: string; kind: string; year_id: string; grade_from: number; grade_to: number; ends_on: string } | undefined =
      await this.db.knex('period').where({ id: spec.periodId }).first('name', 'kind', 'year_id', 'grade_from', 'grade_to', 'ends_on');
    if (!period) throw new PrintError('PRINT_UNKNOWN_PERIOD', 'Отчётный период не найден в журнале.');
    if (declared.scope === 'year' && period.kind !== 'year') {
      throw new PrintError('PRINT_PERIOD_NOT_FOR_CLASS', `${declared.title} печатают за учебный год: выберите период «учебный год», а не «${period.name}».`);
    }
    // Refused before the job starts, as print/render.ts would at its first class (R-PRINT-2).
    if (declared.afterPeriodEnds && toIsoDate(now) <= period.ends_on && !spec.allowOpenPeriod) {
      throw new PrintError('PRINT_PERIOD_NOT_ENDED', `Период «${period.name}» ещё не закончился (последний день — ${formatRuDate(period.ends_on)}): бумажную копию печатают после окончания периода.`);
    }
    const q = this.db.knex('class').where({ year_id: period.year_id }).whereBetween('grade', [period.grade_from, period.grade_to]);
    if (spec.classIds) q.whereIn('id', spec.classIds);
    const classes: { id: string; name: string }[] = await q.orderBy([{ column: 'grade' }, { column: 'letter' }]).select('id', 'name');
    if (spec.classIds && classes.length !== new Set(spec.classIds).size) {
      throw new PrintError('PRINT_PERIOD_NOT_FOR_CLASS', `Не все выбранные классы относятся к периоду «${period.name}».`);
    }
    if (classes.length === 0) throw new PrintError('PRINT_NO_LESSONS', `Период «${period.name}» не относится ни к одному классу.`);
    const status: JobStatus = {
      id: newId(), kind: spec.kind,
      title: `${documentName(spec.kind)}: ${spec.classIds === null ? 'все классы' : classes.map((c) => c.name).join(', ')}, ${period.name}`,
      periodId: spec.periodId, periodName: period.name, state: 'running', startedAt: now.toISOString(), finishedAt: null, startedBy: actor.name,
      outDir: this.outDir, classesTotal: classes.length, classesDone: 0, pagesDone: 0, current: null, printed: [], skipped: [], error: null,
      message: 'Печать начата.',
    };
    const job: Job = { status, worker: null, cancelRequested: false, done: Promise.resolve() };
    this.jobs.set(status.id, job);
    this.forgetOld();
    job.done = this.run(job, actor, spec, classes, now).catch((err: unknown) => {
      job.status.state = 'failed';
      job.status.error = err instanceof Error ? err.message : String(err);
    });
    return this.snapshot(job);
  }

  status(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    return job ? this.snapshot(job) : undefined;
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => this.snapshot(j)).reverse();
  }

  /** Stops a running job at the next page; resolves when it has stopped. */
  async cancel(id: string): Promise<JobStatus | undefined> {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (job.status.state === 'running') {
      job.cancelRequested = true;
      job.worker?.cancel();
      // A worker that does not answer the flag (stuck in a query) is stopped outright.
      const timer = setTimeout(() => void job.worker?.terminate(), 5000);
      await job.done;
      clearTimeout(timer);
    }
    return this.snapshot(job);
  }

  /** Waits for a job to end (tests, shutdown). */
  async settled(id: string): Promise<JobStatus | undefined> {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    await job.done;
    return this.snapshot(job);
  }

  /** Cancels every job and stops every worker (the database is about to close). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.previewTimer) clearTimeout(this.previewTimer);
    await Promise.all([...this.jobs.keys()].map((id) => this.cancel(id)));
    await this.stopPreview();
  }

  private snapshot(job: Job): JobStatus {
    return structuredClone(job.status);
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - (this.opts.keepFinished ?? 20)))) this.jobs.delete(j.status.id);
  }

  /** The next document number of this computer, not given to another job meanwhile. */
  private async reserveDocNo(printedOn: string): Promise<string> {
    let docNo = await nextDocNo(this.db, printedOn);
    const prefix = docNo.slice(0, docNo.lastIndexOf('-') + 1);
    let n = Number(docNo.slice(prefix.length));
    while (this.reserved.has(docNo)) docNo = `${prefix}${String(++n).padStart(4, '0')}`;
    this.reserved.add(docNo);
    return docNo;
  }

  private async run(job: Job, actor: Actor, spec: JobSpec, classes: { id: string; name: string }[], now: Date): Promise<void> {
    const s = job.status;
    const worker = new PrintWorker(this.db.file, this.spawn);
    job.worker = worker;
    const printedOn = toIsoDate(now);
    try {
      for (const c of classes) {
        if (job.cancelRequested) break;
        s.current = { className: c.name, pagesDone: 0, pagesTotal: 0 };
        const docNo = await this.reserveDocNo(printedOn);
        const file = path.join(s.outDir, documentFileName(spec.kind, c.name, s.periodName, docNo));
        try {
          const r = (await worker.run(
            { type: 'document', kind: spec.kind, classId: c.id, periodId: spec.periodId, now: now.toISOString(), docNo, allowOpenPeriod: spec.allowOpenPeriod, file },
            (done, total) => {
              if (s.current) s.current = { className: c.name, pagesDone: done, pagesTotal: total };
            },
          )) as DrawnDocument;
          try {
            await registerPrint(this.db, actor, {
              doc: { kind: r.kind, docNo: r.docNo, title: r.title, hash: r.hash, sheets: r.sheetHashes, parts: r.parts, sheetCount: r.sheets },
              classId: r.classId, periodId: r.periodId, pages: r.pages, filePath: r.file!, fileSha256: r.fileSha256, printedAt: now,
              note: r.draft ? 'предварительная распечатка до окончания периода' : '',
            });
          } catch (err) {
            // Not in the register: the file must not stay either.
            removeIfThere(file);
            throw err;
          }
          s.printed.push({ docNo: r.docNo, className: c.name, file: r.file!, pages: r.pages, sheets: r.sheets, shortHash: r.shortHash });
          s.pagesDone += r.pages;
        } catch (err) {
          if (err instanceof WorkerStopped) {
            removeIfThere(file);
            if (job.cancelRequested) break;
            throw err;
          }
          const code = err instanceof TaskFailed || err instanceof PrintError ? err.code : 'INTERNAL';
          const message = err instanceof Error ? err.message : String(err);
          // A period not ended refuses the whole job at its first class, before any file.
          if (code === 'PRINT_PERIOD_NOT_ENDED' || code === 'INTERNAL') {
            s.state = 'failed';
            s.error = message;
            break;
          }
          s.skipped.push({ className: c.name, code, message });
        } finally {
          this.reserved.delete(docNo);
        }
        s.classesDone++;
      }
    } finally {
      s.current = null;
      await worker.terminate();
      if (s.state === 'running') s.state = job.cancelRequested ? 'cancelled' : 'done';
      s.finishedAt = new Date().toISOString();
      s.message = messageOf(s);
    }
  }
}

function messageOf(s: JobStatus): string {
  const printed = `Готово документов: ${s.printed.length} из ${s.classesTotal}, страниц: ${s.pagesDone}`;
  const skipped = s.skipped.length ? `; пропущено: ${s.skipped.map((k) => `${k.className} (${k.message})`).join('; ')}` : '';
  switch (s.state) {
    case 'cancelled': return `Печать отменена. ${printed}: они сохранены и внесены в реестр; незаконченный документ не сохранён${skipped}.`;
    case 'failed': return `Печать остановлена: ${s.error ?? 'ошибка'}. ${printed}${skipped}.`;
    default: return `Печать закончена. ${printed}. Файлы: ${s.outDir}${skipped}.`;
  }
}

const registry = new WeakMap<JournalDb, PrintJobs>();

/** The print jobs of a journal database (one per open database: the service's and the tests'). */
export function printJobsFor(db: JournalDb, opts?: JobsOptions): PrintJobs {
  let jobs = registry.get(db);
  if (!jobs) {
    jobs = new PrintJobs(db, opts);
    registry.set(db, jobs);
  }
  return jobs;
}

/** Cancels the jobs of a database about to close (the preview server, the utility process, tests). */
export async function closePrintJobs(db: JournalDb): Promise<void> {
  const jobs = registry.get(db);
  registry.delete(db);
  await jobs?.close();
}
