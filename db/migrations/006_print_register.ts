// 006: the register of printed documents (R-PRINT-3, R-PRINT-5; issue 5 item 4): every paper
// copy and summary sheet printed — its document number, what it holds, the SHA-256 of the
// exact data printed with a hash per part (subject) and per sheet, so that after an
// approved correction only the affected sheets need a reprint — who printed it, when, on
// which computer, into which file; whether it still matches the journal; when it was bound
// and into which folder. A journal table: synced, written through the journal writer.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `CREATE TABLE print_register (
     id            TEXT PRIMARY KEY,
     doc_no        TEXT NOT NULL,          -- '2026-7F3C-0001': year, computer tag, number
     kind          TEXT NOT NULL CHECK (kind IN ('class_copy', 'summary_marks', 'summary_attendance', 'summary_movement', 'year_final')),
     class_id      TEXT NOT NULL REFERENCES class(id) DEFERRABLE INITIALLY DEFERRED,
     period_id     TEXT NOT NULL REFERENCES period(id) DEFERRABLE INITIALLY DEFERRED,
     title         TEXT NOT NULL DEFAULT '',
     sheets        INTEGER NOT NULL CHECK (sheets >= 1),
     pages         INTEGER NOT NULL CHECK (pages >= 1),
     data_hash     TEXT NOT NULL,          -- SHA-256 (hex) of the canonical JSON of the data printed
     part_hashes   TEXT NOT NULL DEFAULT '[]',  -- JSON [{key, label, hash, firstSheet, lastSheet}]
     sheet_hashes  TEXT NOT NULL DEFAULT '[]',  -- JSON [{sheet, label, hash}]
     printed_at    TEXT NOT NULL,          -- ISO instant
     printed_by    TEXT REFERENCES staff(id) DEFERRABLE INITIALLY DEFERRED,
     computer      TEXT NOT NULL,
     file_path     TEXT NOT NULL DEFAULT '',
     file_sha256   TEXT NOT NULL DEFAULT '',
     status        TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'stale', 'cancelled')),
     stale_since   TEXT,
     stale_sheets  TEXT NOT NULL DEFAULT '[]',  -- JSON [sheet numbers] that no longer match
     bound_on      TEXT,                   -- date the secretary bound it (прошит)
     folder        TEXT NOT NULL DEFAULT '',    -- the folder (дело) it is kept in
     note          TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE UNIQUE INDEX print_register_doc_no ON print_register (doc_no)`,
  `CREATE INDEX print_register_class ON print_register (class_id, period_id)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 006 cannot be reverted');
}
