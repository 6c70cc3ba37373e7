// 014: reports in the register of printed documents (issue 14 item 9: every report goes to
// PDF in the paper copies' style, registered like them). A report's PDF is entered with the
// kind 'report', the report's name (db/reports/registry.ts) and its parameters as JSON, so
// that the register lists it by number and title and a later check reruns the same report.
// A school-wide report has no class and may have no period: class_id and period_id become
// nullable (every other kind still gives both; print/render.ts checks that). SQLite cannot
// change a CHECK or a NOT NULL, so print_register is rebuilt with the same rows and indexes,
// as 008, 011 and 012 did; old rows get report_name '' and report_params '{}'.
import type { Knex } from 'knex';
import { PRINT_KINDS_012 } from './012_year_close';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const PRINT_KINDS_014 = [...PRINT_KINDS_012, 'report'] as const;

const COLUMNS = 'id, doc_no, kind, class_id, period_id, title, sheets, pages, data_hash, part_hashes, sheet_hashes, printed_at, printed_by, computer, file_path, file_sha256, status, stale_since, stale_sheets, bound_on, folder, note';
const list = (xs: readonly string[]) => xs.map((k) => `'${k}'`).join(', ');

export const statements: readonly string[] = [
  `CREATE TABLE print_register_014 (
     id            TEXT PRIMARY KEY,
     doc_no        TEXT NOT NULL,
     kind          TEXT NOT NULL CHECK (kind IN (${list(PRINT_KINDS_014)})),
     class_id      TEXT ${fk('class')},
     period_id     TEXT ${fk('period')},
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
     note          TEXT NOT NULL DEFAULT '',
     report_name   TEXT NOT NULL DEFAULT '',
     report_params TEXT NOT NULL DEFAULT '{}',
     CHECK ((kind = 'report') = (report_name <> '')),
     CHECK (kind = 'report' OR (class_id IS NOT NULL AND period_id IS NOT NULL))
   )`,
  `INSERT INTO print_register_014 (${COLUMNS}) SELECT ${COLUMNS} FROM print_register`,
  `DROP TABLE print_register`,
  `ALTER TABLE print_register_014 RENAME TO print_register`,
  `CREATE UNIQUE INDEX print_register_doc_no ON print_register (doc_no)`,
  `CREATE INDEX print_register_class ON print_register (class_id, period_id)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 014 cannot be reverted');
}
