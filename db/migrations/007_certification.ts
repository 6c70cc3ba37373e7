// 007: the certification campaign of a reporting period (R-PRINT-2, file 004 §4): the five
// days of the holidays, tracked with who and when for every class × subject (a teaching
// assignment) and every class; and the log of strict-accountability documents the deputy
// hands the certified copies over in (журнал сдачи документов строгой отчетности, 004 §5.2).
// All journal tables: synced, written through the journal writer, kept with their history.
// Campaign, class and subject rows take ids from their natural keys (db/ids.ts keyId),
// so two computers recording the same step address the same row.
//
// The printed copy is named by its document number in the print register (migration 006,
// print/): kept as text here, so this migration does not depend on that table.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;
const who = (name: string) => `${name}_by TEXT ${fk('staff')}, ${name}_at TEXT`;

export const statements: readonly string[] = [
  // One campaign per reporting period (quarter 2–9, half-year 10–11, year), opened by a
  // deputy with the five dates; the day-2 backup copy is the campaign's (one for the school).
  `CREATE TABLE certification_campaign (
     id          TEXT PRIMARY KEY,
     period_id   TEXT NOT NULL ${fk('period')},
     day1_on     TEXT NOT NULL,
     day2_on     TEXT NOT NULL,
     day3_on     TEXT NOT NULL,
     day4_on     TEXT NOT NULL,
     day5_on     TEXT NOT NULL,
     opened_by   TEXT NOT NULL ${fk('staff')},
     opened_at   TEXT NOT NULL,
     backup_log_id TEXT ${fk('backup_log')},
     ${who('backup_recorded')},
     status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
     note        TEXT NOT NULL DEFAULT '',
     CHECK (day1_on < day2_on AND day2_on < day3_on AND day3_on < day4_on AND day4_on < day5_on)
   )`,
  `CREATE INDEX certification_campaign_period ON certification_campaign (period_id)`,
  // Day 1 and day 3 for one class × subject: the teacher confirms the period marks; the
  // signature of every sheet of the subject is recorded (by the teacher or by a deputy
  // collecting the sheets), with the date written on the sheets.
  `CREATE TABLE certification_subject (
     id             TEXT PRIMARY KEY,
     campaign_id    TEXT NOT NULL ${fk('certification_campaign')},
     assignment_id  TEXT NOT NULL ${fk('teaching_assignment')},
     class_id       TEXT NOT NULL ${fk('class')},
     subject_id     TEXT NOT NULL ${fk('subject')},
     teacher_id     TEXT NOT NULL ${fk('staff')},
     ${who('confirmed')},
     confirm_note   TEXT NOT NULL DEFAULT '',
     ${who('signed')},
     signed_on      TEXT,
     sign_note      TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE INDEX certification_subject_campaign ON certification_subject (campaign_id, class_id)`,
  `CREATE INDEX certification_subject_assignment ON certification_subject (assignment_id)`,
  // Days 2, 4 and 5 for one class: the copy printed (or printed with the deputy's override
  // of missing confirmations), the class teacher's certification of the title page, the
  // deputy's certification and handover, the director's signature, the seal, the folder.
  `CREATE TABLE certification_class (
     id                     TEXT PRIMARY KEY,
     campaign_id            TEXT NOT NULL ${fk('certification_campaign')},
     class_id               TEXT NOT NULL ${fk('class')},
     print_doc_no           TEXT,
     ${who('printed')},
     print_override_reason  TEXT NOT NULL DEFAULT '',
     print_stale_at         TEXT,
     print_stale_note       TEXT NOT NULL DEFAULT '',
     ${who('title_certified')},
     ${who('handed')},
     handed_to              TEXT ${fk('staff')},
     strict_log_id          TEXT,
     ${who('director_signed')},
     ${who('sealed')},
     ${who('bound')},
     bound_on               TEXT,
     folder                 TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE INDEX certification_class_campaign ON certification_class (campaign_id)`,
  // The log of strict-accountability documents: what was handed to the secretary, by whom,
  // when, under which number (004 §5.2 deputies в, R-PRINT-2 day 5).
  `CREATE TABLE strict_document_log (
     id           TEXT PRIMARY KEY,
     entry_no     INTEGER NOT NULL CHECK (entry_no > 0),
     entered_at   TEXT NOT NULL,
     document     TEXT NOT NULL,
     doc_no       TEXT NOT NULL DEFAULT '',
     class_id     TEXT ${fk('class')},
     period_id    TEXT ${fk('period')},
     sheets       INTEGER,
     handed_by    TEXT NOT NULL ${fk('staff')},
     received_by  TEXT NOT NULL ${fk('staff')},
     note         TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE INDEX strict_document_log_at ON strict_document_log (entered_at)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 007 cannot be reverted');
}
