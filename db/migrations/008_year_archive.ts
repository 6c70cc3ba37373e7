// 008: the year-end archive (R-PRINT-4, issue 5 item 5). The register of printed documents
// learns a new kind, 'year_title' — the title page of a class's bound journal for the year
// (contents, sheet count in figures and words, the director's signature, the seal, the
// keeping period). SQLite cannot change a CHECK, so print_register is rebuilt with the same
// columns, rows and indexes (no table refers to it: certification keeps doc numbers as text).
//
// year_archive records the class's folder for the year as the secretary closes it: bound,
// signed by the director and sealed, with its sheet count, folder name, the title page's
// document number, and the keeping period (5 years from 30 June of the year's end). One row
// per class and year, its id from that key (db/ids.ts keyId), so two computers
// recording the same binding address one row. A journal table: synced, written through the
// journal writer with its history.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const PRINT_KINDS_008 = ['class_copy', 'summary_marks', 'summary_attendance', 'summary_movement', 'year_final', 'year_title'] as const;

const COLUMNS = 'id, doc_no, kind, class_id, period_id, title, sheets, pages, data_hash, part_hashes, sheet_hashes, printed_at, printed_by, computer, file_path, file_sha256, status, stale_since, stale_sheets, bound_on, folder, note';

export const statements: readonly string[] = [
  `CREATE TABLE print_register_008 (
     id            TEXT PRIMARY KEY,
     doc_no        TEXT NOT NULL,
     kind          TEXT NOT NULL CHECK (kind IN (${PRINT_KINDS_008.map((k) => `'${k}'`).join(', ')})),
     class_id      TEXT NOT NULL REFERENCES class(id) DEFERRABLE INITIALLY DEFERRED,
     period_id     TEXT NOT NULL REFERENCES period(id) DEFERRABLE INITIALLY DEFERRED,
     title         TEXT NOT NULL DEFAULT '',
     sheets        INTEGER NOT NULL CHECK (sheets >= 1),
     pages         INTEGER NOT NULL CHECK (pages >= 1),
     data_hash     TEXT NOT NULL,
     part_hashes   TEXT NOT NULL DEFAULT '[]',
     sheet_hashes  TEXT NOT NULL DEFAULT '[]',
     printed_at    TEXT NOT NULL,
     printed_by    TEXT REFERENCES staff(id) DEFERRABLE INITIALLY DEFERRED,
     computer      TEXT NOT NULL,
     file_path     TEXT NOT NULL DEFAULT '',
     file_sha256   TEXT NOT NULL DEFAULT '',
     status        TEXT NOT NULL DEFAULT 'current' CHECK (status IN ('current', 'stale', 'cancelled')),
     stale_since   TEXT,
     stale_sheets  TEXT NOT NULL DEFAULT '[]',
     bound_on      TEXT,
     folder        TEXT NOT NULL DEFAULT '',
     note          TEXT NOT NULL DEFAULT ''
   )`,
  `INSERT INTO print_register_008 (${COLUMNS}) SELECT ${COLUMNS} FROM print_register`,
  `DROP TABLE print_register`,
  `ALTER TABLE print_register_008 RENAME TO print_register`,
  `CREATE UNIQUE INDEX print_register_doc_no ON print_register (doc_no)`,
  `CREATE INDEX print_register_class ON print_register (class_id, period_id)`,
  `CREATE TABLE year_archive (
     id            TEXT PRIMARY KEY,
     class_id      TEXT NOT NULL ${fk('class')},
     year_id       TEXT NOT NULL ${fk('academic_year')},
     title_doc_no  TEXT NOT NULL,          -- the year title page in print_register
     sheets        INTEGER NOT NULL CHECK (sheets >= 1),
     folder        TEXT NOT NULL,
     bound_on      TEXT NOT NULL,          -- bound, signed by the director, sealed
     bound_by      TEXT ${fk('staff')},
     bound_at      TEXT,
     keep_years    INTEGER NOT NULL CHECK (keep_years > 0),
     keep_until    TEXT NOT NULL,          -- 30 June of the year's end + keep_years
     note          TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE INDEX year_archive_year ON year_archive (year_id, class_id)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 008 cannot be reverted');
}
