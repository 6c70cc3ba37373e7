// 004: the log of backup copies (R-KEEP-1, R-PRINT-2 day 2, R-PRINT-3): every backup made,
// verified, restored or read — who, when, on which computer, where, and the hashes.
// A journal table: synced, written through the journal writer, kept with its history.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `CREATE TABLE backup_log (
     id            TEXT PRIMARY KEY,
     action        TEXT NOT NULL CHECK (action IN ('backup', 'verify', 'restore', 'read')),
     at            TEXT NOT NULL,          -- ISO instant
     staff_id      TEXT REFERENCES staff(id) DEFERRABLE INITIALLY DEFERRED,
     computer      TEXT NOT NULL,          -- node id and name
     location      TEXT NOT NULL,          -- the backup folder
     sha256        TEXT NOT NULL,          -- of the database copy
     size          INTEGER NOT NULL,
     ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
     note          TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE INDEX backup_log_at ON backup_log (at)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 004 cannot be reverted');
}
