// Opening the local journal database: knex over sqlite3, with WAL, foreign keys and a
// busy timeout set on every pooled connection (pool.afterCreate; ../shared/LESSONS.md).
// The database lives on this computer's disk; a path on a network share is refused,
// because SQLite's locking and WAL do not work over network file systems.
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type sqlite3 from 'sqlite3';

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
  const knex = knexFactory({
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
  // A pooled connection is closed only after its cached statements are finalized
  // (sqlite3 refuses to close a connection with live statements).
  const client = knex.client as { destroyRawConnection(conn: sqlite3.Database): Promise<void> };
  const destroyRaw = client.destroyRawConnection.bind(client);
  client.destroyRawConnection = async (conn) => {
    await finalizeStatements(conn);
    return destroyRaw(conn);
  };
  return knex;
}

// ---- direct use of the pooled connection (the hot paths: the writer, a keystroke's reads) ----
//
// The pool holds one connection (above), so holding it excludes every other query of this
// process: a knex query issued meanwhile waits in the pool until release. Whoever holds it
// must therefore never await a knex query before releasing it (that would wait forever).
// Statements are prepared once per SQL text and connection, and always stepped to the end
// (`all`/`run`), so none keeps a read transaction open between uses.

/** The raw sqlite3 connection behind knex's pool. */
export type RawConnection = sqlite3.Database;

const MAX_STATEMENTS = 200;
const statementCache = new WeakMap<RawConnection, Map<string, Promise<sqlite3.Statement>>>();

function finalize(st: Promise<sqlite3.Statement>): Promise<void> {
  return st.then(
    (s) => new Promise<void>((resolve) => s.finalize(() => resolve())),
    () => undefined,
  );
}

async function finalizeStatements(conn: RawConnection): Promise<void> {
  const cache = statementCache.get(conn);
  if (!cache) return;
  statementCache.delete(conn);
  await Promise.all([...cache.values()].map(finalize));
}

function statement(conn: RawConnection, sql: string): Promise<sqlite3.Statement> {
  let cache = statementCache.get(conn);
  if (!cache) statementCache.set(conn, (cache = new Map()));
  const hit = cache.get(sql);
  if (hit) {
    cache.delete(sql); // most recently used last
    cache.set(sql, hit);
    return hit;
  }
  const st = new Promise<sqlite3.Statement>((resolve, reject) => {
    const s: sqlite3.Statement = conn.prepare(sql, (err: Error | null) => (err ? reject(err) : resolve(s)));
  });
  cache.set(sql, st);
  st.catch(() => { if (cache.get(sql) === st) cache.delete(sql); });
  if (cache.size > MAX_STATEMENTS) {
    const [oldestSql, oldest] = cache.entries().next().value as [string, Promise<sqlite3.Statement>];
    cache.delete(oldestSql);
    void finalize(oldest);
  }
  return st;
}

export type SqlValue = string | number | null;

/** Runs a query on a held connection and returns all its rows. */
export async function queryAll<T = Record<string, SqlValue>>(conn: RawConnection, sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
  const st = await statement(conn, sql);
  return new Promise((resolve, reject) => st.all(params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
}

/** Runs a statement on a held connection; resolves with the rowid of the last inserted row. */
export async function execute(conn: RawConnection, sql: string, params: readonly SqlValue[] = []): Promise<{ lastID: number; changes: number }> {
  const st = await statement(conn, sql);
  return new Promise((resolve, reject) => st.run(params, function (this: sqlite3.RunResult, err: Error | null) {
    if (err) reject(err);
    else resolve({ lastID: this.lastID, changes: this.changes });
  }));
}

/** Holds the pooled connection for `fn` (see above: no knex queries inside). */
export async function withConnection<T>(knex: Knex, fn: (conn: RawConnection) => Promise<T>): Promise<T> {
  const conn = (await knex.client.acquireConnection()) as RawConnection;
  try {
    return await fn(conn);
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

/** One read on the pooled connection, without the query builder. */
export function readRows<T = Record<string, SqlValue>>(knex: Knex, sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
  return withConnection(knex, (conn) => queryAll<T>(conn, sql, params));
}
