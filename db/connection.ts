// Opening the local journal database: knex over sqlite3, with WAL, foreign keys and a
// busy timeout set on every pooled connection (pool.afterCreate; ../shared/LESSONS.md).
// The database lives on this computer's disk; a path on a network share is refused,
// because SQLite's locking and WAL do not work over network file systems.
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

export const BUSY_TIMEOUT_MS = 5000;

export class DatabaseLocationError extends Error {
  readonly code = 'DB_ON_NETWORK_SHARE';
}

/** True for UNC paths (\\server\share, //server/share) and mapped network-looking paths. */
export function isNetworkPath(file: string): boolean {
  return /^(\\\\|\/\/)[^\\/]+[\\/][^\\/]+/.test(file) || /^\\\\\?\\UNC\\/i.test(file);
}

interface RawSqliteConnection {
  run(sql: string, cb: (err: Error | null) => void): void;
}

function exec(conn: RawSqliteConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => conn.run(sql, (err) => (err ? reject(err) : resolve())));
}

export function openDatabase(file: string): Knex {
  if (isNetworkPath(file)) {
    throw new DatabaseLocationError(`the journal database must be on this computer's disk, not on a network share: ${file}`);
  }
  const filename = file === ':memory:' ? file : path.resolve(file);
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // One connection: SQLite has one writer anyway, and the service owns the file.
      min: 1,
      max: 1,
      afterCreate(conn: RawSqliteConnection, done: (err: Error | null, conn: RawSqliteConnection) => void) {
        (async () => {
          await exec(conn, `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
          await exec(conn, 'PRAGMA journal_mode = WAL');
          // FULL: a committed mark survives a power cut (the journal is a legal record).
          await exec(conn, 'PRAGMA synchronous = FULL');
          await exec(conn, 'PRAGMA foreign_keys = ON');
        })().then(
          () => done(null, conn),
          (err: Error) => done(err, conn),
        );
      },
    },
  });
}
