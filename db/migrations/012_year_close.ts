// 012: closing the year (issue 13, point 6; R-ROLE-6, R-REC-4, R-PRINT-4).
//
// - final_mark (a journal table): the exam and final (итоговые) marks of a student in a
//   subject for the year, entered by the subject's teacher in the class — the state exams
//   (ГИА: ОГЭ, ГВЭ in grade 9; ЕГЭ, ГВЭ in grade 11) and the school's own examinations
//   (промежуточная аттестация). One row a year, student, subject and kind; its id comes
//   from them (db/ids.ts keyId). An ЕГЭ result also keeps its test score (0–100).
// - promotion (a journal table): the decision of the year's end for each student, by the
//   director's order: promoted to the next grade, promoted conditionally with academic
//   debts (условный перевод), kept back, graduated (grades 9 and 11), or left; the class
//   of next year, the debts, the order. One row a year and student.
// - academic_year learns the order that closed it: its number and date, who closed the
//   year and when. A closed year is read-only in the service (service/journal/edits.ts).
// - print_register takes the list of promoted students ('promotion_list'); SQLite cannot
//   change a CHECK, so the register is rebuilt with the same columns, rows and indexes, as
//   008 and 011 did.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const PRINT_KINDS_012 = ['class_copy', 'summary_marks', 'summary_attendance', 'summary_movement', 'year_final', 'year_title', 'substitution_log', 'promotion_list'] as const;
export const FINAL_MARK_KINDS = ['exam', 'final'] as const;
export const EXAM_FORMS = ['', 'ОГЭ', 'ЕГЭ', 'ГВЭ', 'ПА'] as const;
export const FINAL_MARK_VALUES = ['1', '2', '3', '4', '5', 'зачёт', 'незачёт', 'ОСВ', 'Н/А'] as const;
export const PROMOTION_DECISIONS = ['promoted', 'conditional', 'kept', 'graduated', 'left'] as const;

const COLUMNS = 'id, doc_no, kind, class_id, period_id, title, sheets, pages, data_hash, part_hashes, sheet_hashes, printed_at, printed_by, computer, file_path, file_sha256, status, stale_since, stale_sheets, bound_on, folder, note';
const list = (xs: readonly string[]) => xs.map((k) => `'${k}'`).join(', ');

export const statements: readonly string[] = [
  `CREATE TABLE print_register_012 (
     id            TEXT PRIMARY KEY,
     doc_no        TEXT NOT NULL,
     kind          TEXT NOT NULL CHECK (kind IN (${list(PRINT_KINDS_012)})),
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
  `INSERT INTO print_register_012 (${COLUMNS}) SELECT ${COLUMNS} FROM print_register`,
  `DROP TABLE print_register`,
  `ALTER TABLE print_register_012 RENAME TO print_register`,
  `CREATE UNIQUE INDEX print_register_doc_no ON print_register (doc_no)`,
  `CREATE INDEX print_register_class ON print_register (class_id, period_id)`,
  `CREATE TABLE final_mark (
     id          TEXT PRIMARY KEY,
     year_id     TEXT NOT NULL ${fk('academic_year')},
     class_id    TEXT NOT NULL ${fk('class')},
     student_id  TEXT NOT NULL ${fk('student')},
     subject_id  TEXT NOT NULL ${fk('subject')},
     kind        TEXT NOT NULL CHECK (kind IN (${list(FINAL_MARK_KINDS)})),
     exam_form   TEXT NOT NULL DEFAULT '' CHECK (exam_form IN (${list(EXAM_FORMS)})),
     value       TEXT CHECK (value IS NULL OR value IN (${list(FINAL_MARK_VALUES)})),
     score       INTEGER CHECK (score IS NULL OR score BETWEEN 0 AND 100),
     entered_by  TEXT ${fk('staff')},
     entered_at  TEXT NOT NULL,
     CHECK (kind = 'exam' OR exam_form = '')
   )`,
  `CREATE UNIQUE INDEX final_mark_cell ON final_mark (year_id, student_id, subject_id, kind)`,
  `CREATE INDEX final_mark_class ON final_mark (class_id)`,
  `CREATE TABLE promotion (
     id             TEXT PRIMARY KEY,
     year_id        TEXT NOT NULL ${fk('academic_year')},
     student_id     TEXT NOT NULL ${fk('student')},
     from_class_id  TEXT NOT NULL ${fk('class')},
     decision       TEXT NOT NULL CHECK (decision IN (${list(PROMOTION_DECISIONS)})),
     to_class_id    TEXT ${fk('class')},
     debts          TEXT NOT NULL DEFAULT '',
     order_number   TEXT NOT NULL CHECK (length(order_number) > 0),
     order_date     TEXT NOT NULL,
     decided_by     TEXT ${fk('staff')},
     decided_at     TEXT NOT NULL,
     CHECK (decision IN ('graduated', 'left') OR to_class_id IS NOT NULL)
   )`,
  `CREATE UNIQUE INDEX promotion_student ON promotion (year_id, student_id)`,
  `CREATE INDEX promotion_class ON promotion (from_class_id)`,
  `ALTER TABLE academic_year ADD COLUMN closed_order_no TEXT NOT NULL DEFAULT ''`,
  `ALTER TABLE academic_year ADD COLUMN closed_order_date TEXT`,
  `ALTER TABLE academic_year ADD COLUMN closed_by TEXT ${fk('staff')}`,
  `ALTER TABLE academic_year ADD COLUMN closed_at TEXT`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 012 cannot be reverted');
}
