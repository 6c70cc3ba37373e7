// 011: the paper books as the rules ask for them (issue 17 items 16, 17).
//
// The register of printed documents learns a new kind, 'substitution_log' — the log of
// substitutions of a class for a period, printed for the substitutes' signatures
// (R-ROLE-2: the substitute signs in the log of substitutions and in the paper copy).
// SQLite cannot change a CHECK, so print_register is rebuilt with the same columns, rows and
// indexes, as 008 did.
//
// backup_medium_use holds the secretary's own entries of the log of use of backup copies
// (R-PRINT-3, 004 §5.2): which medium was taken out of the safe or put back, by whom, for
// what, and in which room — beside the program's own events of backup_log. A journal table:
// synced, written through the journal writer with its history.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const PRINT_KINDS_011 = ['class_copy', 'summary_marks', 'summary_attendance', 'summary_movement', 'year_final', 'year_title', 'substitution_log'] as const;

const COLUMNS = 'id, doc_no, kind, class_id, period_id, title, sheets, pages, data_hash, part_hashes, sheet_hashes, printed_at, printed_by, computer, file_path, file_sha256, status, stale_since, stale_sheets, bound_on, folder, note';

export const statements: readonly string[] = [
  `CREATE TABLE print_register_011 (
     id            TEXT PRIMARY KEY,
     doc_no        TEXT NOT NULL,
     kind          TEXT NOT NULL CHECK (kind IN (${PRINT_KINDS_011.map((k) => `'${k}'`).join(', ')})),
     class_id      TEXT NOT NULL ${fk('class')},
     period_id     TEXT NOT NULL ${fk('period')},
     title         TEXT NOT NULL DEFAULT '',
     sheets        INTEGER NOT NULL CHECK (sheets >= 1),
     pages         INTEGER NOT NULL CHECK (pages >= 1),
     data_hash     TEXT NOT NULL,
     part_hashes   TEXT NOT NULL DEFAULT '[]',
     sheet_hashes  TEXT NOT NULL DEFAULT '[]',
     printed_at    TEXT NOT NULL,
     printed_by    TEXT ${fk('staff')},
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
  `INSERT INTO print_register_011 (${COLUMNS}) SELECT ${COLUMNS} FROM print_register`,
  `DROP TABLE print_register`,
  `ALTER TABLE print_register_011 RENAME TO print_register`,
  `CREATE UNIQUE INDEX print_register_doc_no ON print_register (doc_no)`,
  `CREATE INDEX print_register_class ON print_register (class_id, period_id)`,
  `CREATE TABLE backup_medium_use (
     id            TEXT PRIMARY KEY,
     happened_at   TEXT NOT NULL,          -- ISO instant: when the medium was taken out or put back
     medium        TEXT NOT NULL CHECK (length(medium) > 0),   -- «флеш-накопитель № 2»
     action        TEXT NOT NULL CHECK (action IN ('taken', 'returned')),
     person_id     TEXT NOT NULL ${fk('staff')},               -- who took it or brought it back
     purpose       TEXT NOT NULL DEFAULT '',                   -- for what (восстановление, проверка, …)
     room          TEXT NOT NULL CHECK (length(room) > 0),     -- the room of the safe
     entered_by    TEXT ${fk('staff')},                        -- the secretary who wrote the entry
     entered_at    TEXT NOT NULL,
     note          TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE INDEX backup_medium_use_at ON backup_medium_use (happened_at)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 011 cannot be reverted');
}
