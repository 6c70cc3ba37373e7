// The print worker thread: reads the journal through its own read-only connection (the
// service's connection stays free, and only the service writes: R-PRINT-3's register is
// written by the job's owner after a file is complete), draws one task at a time and
// reports each page drawn. Runs under Electron's database utility process, the preview
// server and plain Node alike (print/jobs/spawn.ts starts it).
import crypto from 'node:crypto';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import knexFactory, { type Knex } from 'knex';
import { BUSY_TIMEOUT_MS } from '../../db/connection';
import { PrintError } from '../errors';
import { renderBook, renderDocument, writePdfFile } from '../render';
import type { FromPrintWorker, PrintTask, PrintWorkerData, ToPrintWorker, Drawn } from './protocol';

interface RawConnection {
  run(sql: string, cb: (err: Error | null) => void): void;
}

function openReadOnly(file: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: path.resolve(file) },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: RawConnection, done: (err: Error | null, conn: RawConnection) => void) {
        const run = (sql: string) => new Promise<void>((resolve, reject) => conn.run(sql, (err) => (err ? reject(err) : resolve())));
        // query_only: this connection can never write, whatever a bug asks of it.
        run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`).then(() => run('PRAGMA query_only = ON')).then(() => done(null, conn), (err: Error) => done(err, conn));
      },
    },
  });
}

const port = parentPort;
if (!port) throw new Error('print/jobs/worker.ts runs as a worker thread');
const data = workerData as PrintWorkerData;
const knex = openReadOnly(data.dbFile);
const db = { knex };
const cancelFlag = new Int32Array(data.cancel);

class Cancelled extends Error {}

function checkCancel(): void {
  if (Atomics.load(cancelFlag, 0) === 1) throw new Cancelled('Печать отменена.');
}

function send(m: FromPrintWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

function saved(bytes: Buffer, file: string | undefined): { file: string | null; fileSha256: string; pdf: Uint8Array | null } {
  checkCancel();
  const fileSha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (file) return { file: writePdfFile(file, bytes), fileSha256, pdf: null };
  // A copy of its own, so that its buffer can be transferred (a Buffer may share a pool).
  return { file: null, fileSha256, pdf: new Uint8Array(bytes) };
}

async function draw(id: number, task: PrintTask): Promise<Drawn> {
  const now = new Date(task.now);
  let lastSent = 0;
  checkCancel();
  const onPage = (done: number, total: number) => {
    checkCancel();
    // At most a message every 100 ms, and the last page.
    const t = Date.now();
    if (done === total || t - lastSent >= 100) {
      lastSent = t;
      send({ type: 'page', id, done, total });
    }
  };
  if (task.type === 'book') {
    const { bytes, ...r } = await renderBook(db, { book: task.book, now, onPage });
    return { type: 'book', ...r, ...saved(bytes, task.file) };
  }
  // Any kind of the registry (print/registry.ts), the year title page as well as the class copy.
  const r = await renderDocument(db, task.kind, { classId: task.classId, periodId: task.periodId, now, docNo: task.docNo, allowOpenPeriod: task.allowOpenPeriod, onPage });
  const { bytes, ms: _ms, ...rest } = r;
  return { type: 'document', ...rest, ...saved(bytes, task.file) };
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (m: ToPrintWorker) => {
  queue = queue.then(async () => {
    try {
      const result = await draw(m.id, m.task);
      send({ type: 'done', id: m.id, result }, result.pdf ? [result.pdf.buffer as ArrayBuffer] : []);
    } catch (err) {
      const error = err instanceof Cancelled ? { code: 'CANCELLED', message: err.message } : err instanceof PrintError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: String((err as Error)?.stack ?? err) };
      send({ type: 'failed', id: m.id, error });
    }
  });
});
