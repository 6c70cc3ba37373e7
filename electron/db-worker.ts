// The database utility process: the only owner of the journal database in the app. It
// hosts the service (validation, sessions, permissions) and answers the main process.
// Runs as plain Node inside Electron's utilityProcess; it imports nothing from 'electron'.
import type { FromWorker, ToWorker } from './protocol';
import { openOrCreateJournal } from '../service/open-or-create';
import { ServiceHost } from '../service/host';
import { closePrintJobs } from '../print/jobs/manager';
import { toErrorPayload } from '../service/errors';
import { BackgroundSync } from '../db/sync/background';
import { BackupCheckSchedule } from '../db/backup-check';
import { getLocal } from '../db/local-state';

interface ParentPort {
  on(event: 'message', listener: (e: { data: ToWorker }) => void): void;
  postMessage(message: FromWorker): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
const dbFile = process.argv[2];

async function start(): Promise<void> {
  if (!dbFile) throw Object.assign(new Error('no database file given'), { code: 'DB_NOT_FOUND' });
  const { db, created } = await openOrCreateJournal(dbFile);
  // Sync through the share every few seconds once the administrator has set the folder.
  let sync = new BackgroundSync(db, (msg) => console.error(msg));
  // The backup copies this computer made are checked at the start and once a day (R-KEEP-2).
  let backupChecks = new BackupCheckSchedule(db, (msg) => console.error(msg));
  // A restore from a backup replaces the database: the sync stops before it is closed and
  // starts again on the database opened after it (service/host.ts replaceDatabase).
  const host = new ServiceHost(db, {
    beforeDatabaseClose: () => Promise.all([sync.stop(), backupChecks.stop()]).then(() => undefined),
    afterDatabaseOpen: (opened) => {
      sync = new BackgroundSync(opened, (msg) => console.error(msg));
      sync.start();
      backupChecks = new BackupCheckSchedule(opened, (msg) => console.error(msg));
      backupChecks.start();
    },
  });
  sync.start();
  backupChecks.start();
  let inFlight = 0;
  let closing = false;
  port.on('message', ({ data }) => {
    if (data.type === 'call') {
      inFlight++;
      void host.call(data.caller, data.method, data.args).then((result) => {
        port.postMessage({ type: 'result', id: data.id, result });
        inFlight--;
      });
    } else if (data.type === 'end-caller') {
      host.endCaller(data.caller);
    } else if (data.type === 'share-folder') {
      const id = data.id;
      void getLocal(host.db.knex, 'sync.share').then((share) => port.postMessage({ type: 'share-folder', id, share }), () => port.postMessage({ type: 'share-folder', id, share: null }));
    } else if (data.type === 'shutdown' && !closing) {
      closing = true;
      let syncStopped = false;
      void Promise.all([sync.stop(), backupChecks.stop()]).then(() => {
        syncStopped = true;
      });
      // Shutdown waits for the sync cycle and the writes in flight, then closes the database cleanly.
      const wait = setInterval(() => {
        if (inFlight > 0 || !syncStopped) return;
        clearInterval(wait);
        // Print jobs in progress are cancelled: no half-written PDF stays behind.
        void closePrintJobs(host.db).then(() => host.db.close()).finally(() => {
          port.postMessage({ type: 'closed' });
          process.exit(0);
        });
      }, 20);
    }
  });
  port.postMessage({ type: 'ready', db: dbFile, created });
}

start().catch((err: unknown) => {
  const payload = toErrorPayload(err);
  port.postMessage({ type: 'fatal', code: payload.code, message: payload.code === 'INTERNAL' ? String((err as Error)?.message ?? err) : payload.message });
});
