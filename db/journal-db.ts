// A journal database ready for use: opened, migrated, with its writer.
import fs from 'node:fs';
import type { Knex } from 'knex';
import { openDatabase } from './connection';
import { migrateToLatest } from './migrate';
import { JournalWriter } from './journal-writer';
import { Authority } from './sync/authority';

export interface JournalDb {
  readonly knex: Knex;
  readonly writer: JournalWriter;
  readonly file: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Refuse to create the file when it does not exist. */
  readonly mustExist?: boolean;
  /** The wall clock (tests move it). */
  readonly wall?: () => number;
}

export class DatabaseMissingError extends Error {
  readonly code = 'DB_NOT_FOUND';
}

export async function openJournal(file: string, opts: OpenOptions = {}): Promise<JournalDb> {
  if (opts.mustExist && file !== ':memory:' && !fs.existsSync(file)) {
    throw new DatabaseMissingError(`database file not found: ${file}`);
  }
  const knex = openDatabase(file);
  try {
    await migrateToLatest(knex);
    const writer = await JournalWriter.open(knex, opts.wall);
    // Every signed-in user's change meets the rule book here, as it will on other computers.
    writer.setGuard((conn, entries) => new Authority(conn).refusal(entries));
    return { knex, writer, file, close: () => knex.destroy() };
  } catch (err) {
    await knex.destroy();
    throw err;
  }
}
