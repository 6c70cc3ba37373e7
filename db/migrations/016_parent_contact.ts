// 016: contact with parents (issue 14 point 7; R-REP-7, R-TIME-6).
//
// - parent_contact (a journal table): a notice to a student's parents, recorded by the
//   class teacher — of a student failing (неуспеваемость), absent without a valid reason,
//   or for another reason; the date, the way (a letter, a call, in person, a message, other),
//   its text, and the parents' answer with its date once it comes. A notice is never
//   deleted: one recorded by mistake is withdrawn (withdrawn = 1) and its history stays.
//   class_id is the student's class when the notice was made (the letters and the risk list
//   of a class read it).
// - student.paper_family: the family gets the journal's news on paper (no electronic
//   access, R-TIME-6, 003 §4.3.5); set by the class teacher, its history in the change log.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;
const list = (xs: readonly string[]) => xs.map((k) => `'${k}'`).join(', ');

// Why the parents were told (failing, absent without a valid reason, something else) and how
// (a letter printed from the app, a call, in person, a message, other): the values of 016,
// written out here so that the migration stays as it shipped.
const CONTACT_REASONS = ['failing', 'absence', 'other'] as const;
const CONTACT_WAYS = ['letter', 'phone', 'in_person', 'message', 'other'] as const;

export const statements: readonly string[] = [
  `CREATE TABLE parent_contact (
     id           TEXT PRIMARY KEY,
     student_id   TEXT NOT NULL ${fk('student')},
     class_id     TEXT NOT NULL ${fk('class')},
     date         TEXT NOT NULL,
     reason       TEXT NOT NULL CHECK (reason IN (${list(CONTACT_REASONS)})),
     way          TEXT NOT NULL CHECK (way IN (${list(CONTACT_WAYS)})),
     text         TEXT NOT NULL,
     answer       TEXT NOT NULL DEFAULT '',
     answered_on  TEXT,
     recorded_by  TEXT NOT NULL ${fk('staff')},
     recorded_at  TEXT NOT NULL,
     withdrawn    INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
     CHECK (answered_on IS NULL OR answered_on >= date)
   )`,
  `CREATE INDEX parent_contact_student ON parent_contact (student_id)`,
  `CREATE INDEX parent_contact_class ON parent_contact (class_id, date)`,
  `ALTER TABLE student ADD COLUMN paper_family INTEGER NOT NULL DEFAULT 0 CHECK (paper_family IN (0, 1))`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 016 cannot be reverted');
}
