// The main process's side of the database utility process: starts it, forwards calls,
// and waits for writes in flight on shutdown.
import path from 'node:path';
import { utilityProcess, type UtilityProcess } from 'electron';
import type { CallResult } from '../service/api';
import type { FromWorker, ToWorker } from './protocol';

export class WorkerClient {
  private readonly child: UtilityProcess;
  private nextId = 1;
  private readonly pending = new Map<number, (r: CallResult) => void>();
  private readonly shareAnswers = new Map<number, (share: string | null) => void>();
  readonly ready: Promise<{ created: boolean }>;
  private closed: Promise<void> | null = null;

  constructor(dbFile: string, onFatal: (code: string, message: string) => void) {
    this.child = utilityProcess.fork(path.join(__dirname, 'db-worker.cjs'), [dbFile], { serviceName: 'Журнал: база данных' });
    let resolveReady!: (v: { created: boolean }) => void;
    this.ready = new Promise((r) => (resolveReady = r));
    this.child.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') resolveReady({ created: msg.created });
      else if (msg.type === 'result') {
        this.pending.get(msg.id)?.(msg.result);
        this.pending.delete(msg.id);
      } else if (msg.type === 'share-folder') {
        this.shareAnswers.get(msg.id)?.(msg.share);
        this.shareAnswers.delete(msg.id);
      } else if (msg.type === 'fatal') onFatal(msg.code, msg.message);
    });
    this.child.on('exit', (code) => {
      for (const resolve of this.pending.values()) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: 'Процесс базы данных остановлен. Перезапустите программу.' } });
      }
      this.pending.clear();
      for (const resolve of this.shareAnswers.values()) resolve(null);
      this.shareAnswers.clear();
      if (code !== 0 && !this.closed) onFatal('INTERNAL', `Процесс базы данных завершился с кодом ${code}.`);
    });
  }

  async call(caller: string, method: string, args: unknown): Promise<CallResult> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ type: 'call', id, caller, method, args });
    });
  }

  /** The sync share set for this computer, or null (none set, or the database process is gone). */
  async shareFolder(): Promise<string | null> {
    await this.ready;
    if (this.closed) return null;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.shareAnswers.set(id, resolve);
      this.send({ type: 'share-folder', id });
    });
  }

  endCaller(caller: string): void {
    this.send({ type: 'end-caller', caller });
  }

  /** Asks the worker to finish the writes in flight and close the database. */
  shutdown(timeoutMs = 5000): Promise<void> {
    if (!this.closed) {
      this.closed = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill();
          resolve();
        }, timeoutMs);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        this.send({ type: 'shutdown' });
      });
    }
    return this.closed;
  }

  private send(msg: ToWorker): void {
    this.child.postMessage(msg);
  }
}
