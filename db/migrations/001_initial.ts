// 001: the whole journal domain (R-ROLE, R-REC, R-TIME, R-PRINT, R-KEEP of REGULATIONS.md).
//
// Two kinds of tables:
//  * journal tables (synced): every row has a text id that any computer can create
//    (db/ids.ts); every write goes through db/journal-writer.ts, which appends to
//    change_log in the same transaction;
//  * local tables (local_state, knex_migrations): this computer's own state, never synced.
//
// Foreign keys are DEFERRABLE INITIALLY DEFERRED so that a batch of changes can arrive
// in any order inside one transaction (a mark before its lesson) and still be checked
// at commit.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const statements: readonly string[] = [
  // ---- local state of this computer -------------------------------------------------
  `CREATE TABLE local_state (
     key   TEXT PRIMARY KEY,
     value TEXT NOT NULL
   )`,

  // ---- school, year, periods ------------------------------------------------------------
  `CREATE TABLE school (
     id          TEXT PRIMARY KEY,
     full_name   TEXT NOT NULL,
     short_name  TEXT NOT NULL,
     address     TEXT NOT NULL DEFAULT '',
     inn         TEXT NOT NULL DEFAULT '',
     is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
   )`,
  `CREATE TABLE computer (
     id          TEXT PRIMARY KEY,
     name        TEXT NOT NULL,
     registered_at TEXT NOT NULL
   )`,
  `CREATE TABLE setting (
     id     TEXT PRIMARY KEY,            -- the setting key, e.g. 'regulation.minMarks.oneHour'
     value  TEXT NOT NULL                -- JSON
   )`,
  `CREATE TABLE academic_year (
     id         TEXT PRIMARY KEY,
     school_id  TEXT NOT NULL ${fk('school')},
     name       TEXT NOT NULL,            -- '2026/2027'
     starts_on  TEXT NOT NULL,
     ends_on    TEXT NOT NULL,
     status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('planned', 'open', 'closed')),
     CHECK (starts_on < ends_on)
   )`,
  // R-REC-4: quarters for grades 2-9, half-years for 10-11, trimesters where used, the year.
  `CREATE TABLE period (
     id          TEXT PRIMARY KEY,
     year_id     TEXT NOT NULL ${fk('academic_year')},
     kind        TEXT NOT NULL CHECK (kind IN ('quarter', 'half_year', 'trimester', 'year')),
     number      INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
     name        TEXT NOT NULL,
     starts_on   TEXT NOT NULL,
     ends_on     TEXT NOT NULL,
     grade_from  INTEGER NOT NULL CHECK (grade_from BETWEEN 1 AND 11),
     grade_to    INTEGER NOT NULL CHECK (grade_to BETWEEN 1 AND 11),
     CHECK (starts_on <= ends_on),
     CHECK (grade_from <= grade_to)
   )`,
  `CREATE TABLE holiday (
     id         TEXT PRIMARY KEY,
     year_id    TEXT NOT NULL ${fk('academic_year')},
     name       TEXT NOT NULL,
     starts_on  TEXT NOT NULL,
     ends_on    TEXT NOT NULL,
     grade_from INTEGER NOT NULL DEFAULT 1,
     grade_to   INTEGER NOT NULL DEFAULT 11,
     CHECK (starts_on <= ends_on)
   )`,

  // ---- staff, roles ---------------------------------------------------------------------
  // R-ROLE-6: the administrator issues a login and a one-time activation code.
  `CREATE TABLE staff (
     id               TEXT PRIMARY KEY,
     login            TEXT NOT NULL UNIQUE COLLATE NOCASE,
     last_name        TEXT NOT NULL,
     first_name       TEXT NOT NULL,
     middle_name      TEXT NOT NULL DEFAULT '',
     position         TEXT NOT NULL DEFAULT '',
     password_hash    TEXT,                 -- scrypt, never the password
     activation_hash  TEXT,                 -- hash of the one-time activation code
     active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
   )`,
  `CREATE TABLE staff_role (
     id        TEXT PRIMARY KEY,
     staff_id  TEXT NOT NULL ${fk('staff')},
     role      TEXT NOT NULL CHECK (role IN ('admin', 'director', 'deputy', 'secretary', 'class_teacher', 'teacher')),
     revoked   INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
   )`,

  // ---- subjects, curriculum, classes ----------------------------------------------------
  `CREATE TABLE subject (
     id          TEXT PRIMARY KEY,
     name        TEXT NOT NULL UNIQUE,
     short_name  TEXT NOT NULL,
     graded      INTEGER NOT NULL DEFAULT 1 CHECK (graded IN (0, 1)),
     sort_order  INTEGER NOT NULL DEFAULT 0
   )`,
  // The school's list of kinds of work (К контрольная, С/Р, ...), editable.
  `CREATE TABLE work_kind (
     id          TEXT PRIMARY KEY,
     code        TEXT NOT NULL UNIQUE,
     name        TEXT NOT NULL,
     written     INTEGER NOT NULL DEFAULT 0 CHECK (written IN (0, 1)),
     weight      REAL NOT NULL DEFAULT 1,
     sort_order  INTEGER NOT NULL DEFAULT 0,
     retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
   )`,
  // Учебный план: hours a week per grade and subject (R-REC-6).
  `CREATE TABLE curriculum (
     id              TEXT PRIMARY KEY,
     year_id         TEXT NOT NULL ${fk('academic_year')},
     grade           INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
     subject_id      TEXT NOT NULL ${fk('subject')},
     hours_per_week  REAL NOT NULL CHECK (hours_per_week > 0),
     split_groups    INTEGER NOT NULL DEFAULT 0 CHECK (split_groups IN (0, 1))
   )`,
  `CREATE TABLE class (
     id                TEXT PRIMARY KEY,
     year_id           TEXT NOT NULL ${fk('academic_year')},
     grade             INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
     letter            TEXT NOT NULL,
     name              TEXT NOT NULL,          -- '8Б'
     class_teacher_id  TEXT ${fk('staff')},
     room              TEXT NOT NULL DEFAULT ''
   )`,
  // R-ROLE-3, R-ROLE-8: subgroups of a class (for a subject), membership changes at period ends.
  `CREATE TABLE subgroup (
     id          TEXT PRIMARY KEY,
     class_id    TEXT NOT NULL ${fk('class')},
     subject_id  TEXT ${fk('subject')},
     name        TEXT NOT NULL
   )`,

  // ---- students, movement, guardians, consent -------------------------------------------
  `CREATE TABLE student (
     id              TEXT PRIMARY KEY,
     last_name       TEXT NOT NULL,
     first_name      TEXT NOT NULL,
     middle_name     TEXT NOT NULL DEFAULT '',
     birth_date      TEXT NOT NULL,
     gender          TEXT NOT NULL CHECK (gender IN ('м', 'ж')),
     personal_file   TEXT NOT NULL DEFAULT '',    -- номер личного дела
     address         TEXT NOT NULL DEFAULT ''
   )`,
  // Enrolment: which class a student is in, and from/to which date.
  `CREATE TABLE enrolment (
     id          TEXT PRIMARY KEY,
     student_id  TEXT NOT NULL ${fk('student')},
     class_id    TEXT NOT NULL ${fk('class')},
     starts_on   TEXT NOT NULL,
     ends_on     TEXT,
     CHECK (ends_on IS NULL OR starts_on <= ends_on)
   )`,
  `CREATE TABLE subgroup_member (
     id           TEXT PRIMARY KEY,
     subgroup_id  TEXT NOT NULL ${fk('subgroup')},
     student_id   TEXT NOT NULL ${fk('student')},
     starts_on    TEXT NOT NULL,
     ends_on      TEXT
   )`,
  // R-REC-9: arrival, departure, transfer, each with the order that caused it.
  `CREATE TABLE movement (
     id             TEXT PRIMARY KEY,
     student_id     TEXT NOT NULL ${fk('student')},
     kind           TEXT NOT NULL CHECK (kind IN ('arrival', 'departure', 'transfer')),
     date           TEXT NOT NULL,
     from_class_id  TEXT ${fk('class')},
     to_class_id    TEXT ${fk('class')},
     order_number   TEXT NOT NULL,
     order_date     TEXT NOT NULL,
     note           TEXT NOT NULL DEFAULT ''   -- where from / where to (school, town)
   )`,
  `CREATE TABLE guardian (
     id           TEXT PRIMARY KEY,
     last_name    TEXT NOT NULL,
     first_name   TEXT NOT NULL,
     middle_name  TEXT NOT NULL DEFAULT '',
     phone        TEXT NOT NULL DEFAULT '',
     email        TEXT NOT NULL DEFAULT ''
   )`,
  `CREATE TABLE student_guardian (
     id           TEXT PRIMARY KEY,
     student_id   TEXT NOT NULL ${fk('student')},
     guardian_id  TEXT NOT NULL ${fk('guardian')},
     relation     TEXT NOT NULL CHECK (relation IN ('мать', 'отец', 'опекун', 'попечитель', 'иной')),
     removed      INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
   )`,
  // R-REC-10: consent of the legal representative to personal-data processing (152-FZ).
  `CREATE TABLE consent (
     id           TEXT PRIMARY KEY,
     student_id   TEXT NOT NULL ${fk('student')},
     guardian_id  TEXT NOT NULL ${fk('guardian')},
     signed_on    TEXT NOT NULL,
     revoked_on   TEXT,
     document_no  TEXT NOT NULL DEFAULT ''
   )`,

  // ---- teaching: assignments, timetable, thematic plan ----------------------------------
  // R-ROLE-2: a teacher x a class (or subgroup) x a subject.
  `CREATE TABLE teaching_assignment (
     id              TEXT PRIMARY KEY,
     year_id         TEXT NOT NULL ${fk('academic_year')},
     teacher_id      TEXT NOT NULL ${fk('staff')},
     class_id        TEXT NOT NULL ${fk('class')},
     subgroup_id     TEXT ${fk('subgroup')},
     subject_id      TEXT NOT NULL ${fk('subject')},
     hours_per_week  REAL NOT NULL CHECK (hours_per_week > 0),
     starts_on       TEXT NOT NULL,
     ends_on         TEXT
   )`,
  `CREATE TABLE bell (
     id         TEXT PRIMARY KEY,
     lesson_no  INTEGER NOT NULL UNIQUE CHECK (lesson_no BETWEEN 0 AND 12),
     starts_at  TEXT NOT NULL,    -- 'HH:MM'
     ends_at    TEXT NOT NULL
   )`,
  `CREATE TABLE timetable_entry (
     id             TEXT PRIMARY KEY,
     assignment_id  TEXT NOT NULL ${fk('teaching_assignment')},
     weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 6),   -- 1 = Monday
     lesson_no      INTEGER NOT NULL CHECK (lesson_no BETWEEN 0 AND 12),
     room           TEXT NOT NULL DEFAULT '',
     valid_from     TEXT NOT NULL,
     valid_to       TEXT
   )`,
  // КТП, calendar-thematic plan (R-REC-6).
  `CREATE TABLE plan_item (
     id             TEXT PRIMARY KEY,
     assignment_id  TEXT NOT NULL ${fk('teaching_assignment')},
     position       INTEGER NOT NULL,
     section        TEXT NOT NULL DEFAULT '',
     topic          TEXT NOT NULL,
     hours          INTEGER NOT NULL DEFAULT 1 CHECK (hours > 0),
     planned_on     TEXT
   )`,

  // ---- the journal itself -----------------------------------------------------------------
  // R-REC-1: date, slot, teacher (and substitute), topic, lesson type, homework.
  `CREATE TABLE lesson (
     id                     TEXT PRIMARY KEY,
     assignment_id          TEXT NOT NULL ${fk('teaching_assignment')},
     date                   TEXT NOT NULL,
     lesson_no              INTEGER NOT NULL CHECK (lesson_no BETWEEN 0 AND 12),
     teacher_id             TEXT NOT NULL ${fk('staff')},
     substitute_teacher_id  TEXT ${fk('staff')},
     plan_item_id           TEXT ${fk('plan_item')},
     topic                  TEXT NOT NULL DEFAULT '',
     lesson_type            TEXT NOT NULL DEFAULT '',
     homework               TEXT NOT NULL DEFAULT '',
     cancelled              INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1))
   )`,
  // Substitutions recorded by a deputy (R-ROLE-2, R-ROLE-4): for one lesson or a date range.
  `CREATE TABLE substitution (
     id                     TEXT PRIMARY KEY,
     absent_teacher_id      TEXT NOT NULL ${fk('staff')},
     substitute_teacher_id  TEXT NOT NULL ${fk('staff')},
     lesson_id              TEXT ${fk('lesson')},
     starts_on              TEXT NOT NULL,
     ends_on                TEXT NOT NULL,
     reason                 TEXT NOT NULL DEFAULT '',
     recorded_by            TEXT NOT NULL ${fk('staff')},
     cancelled              INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
     CHECK (starts_on <= ends_on)
   )`,
  // R-REC-2: marks 1-5 in the column of the lesson, with the kind of work; up to two a cell.
  `CREATE TABLE mark (
     id            TEXT PRIMARY KEY,
     lesson_id     TEXT NOT NULL ${fk('lesson')},
     student_id    TEXT NOT NULL ${fk('student')},
     slot          INTEGER NOT NULL DEFAULT 1 CHECK (slot IN (1, 2)),
     value         TEXT CHECK (value IS NULL OR value IN ('1', '2', '3', '4', '5')),
     work_kind_id  TEXT ${fk('work_kind')},
     comment       TEXT NOT NULL DEFAULT ''
   )`,
  // R-REC-3: Н, У, Б, О. A cleared entry keeps its row with code NULL (history stays).
  `CREATE TABLE attendance (
     id          TEXT PRIMARY KEY,
     lesson_id   TEXT NOT NULL ${fk('lesson')},
     student_id  TEXT NOT NULL ${fk('student')},
     code        TEXT CHECK (code IS NULL OR code IN ('Н', 'У', 'Б', 'О')),
     reason      TEXT NOT NULL DEFAULT ''
   )`,
  // R-REC-4: period marks, incl. ОСВ (exempt) and Н/А (not attested).
  `CREATE TABLE period_mark (
     id          TEXT PRIMARY KEY,
     period_id   TEXT NOT NULL ${fk('period')},
     student_id  TEXT NOT NULL ${fk('student')},
     subject_id  TEXT NOT NULL ${fk('subject')},
     class_id    TEXT NOT NULL ${fk('class')},
     value       TEXT CHECK (value IS NULL OR value IN ('1', '2', '3', '4', '5', 'ОСВ', 'Н/А')),
     reason      TEXT NOT NULL DEFAULT ''
   )`,
  // R-ROLE-4: a deputy's remark on a journal page to its teacher; the teacher fixes and reports.
  `CREATE TABLE control_remark (
     id             TEXT PRIMARY KEY,
     assignment_id  TEXT NOT NULL ${fk('teaching_assignment')},
     author_id      TEXT NOT NULL ${fk('staff')},
     text           TEXT NOT NULL,
     created_on     TEXT NOT NULL,
     status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'accepted', 'reopened')),
     answer         TEXT NOT NULL DEFAULT ''
   )`,
  // R-REC-8: remarks and praise to a student, notes to parents.
  `CREATE TABLE student_note (
     id          TEXT PRIMARY KEY,
     student_id  TEXT NOT NULL ${fk('student')},
     lesson_id   TEXT ${fk('lesson')},
     author_id   TEXT NOT NULL ${fk('staff')},
     kind        TEXT NOT NULL CHECK (kind IN ('remark', 'praise', 'parents')),
     text        TEXT NOT NULL,
     date        TEXT NOT NULL,
     withdrawn   INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
   )`,
  // R-TIME-3: a change outside its entry window waits for a deputy's decision.
  `CREATE TABLE correction_request (
     id              TEXT PRIMARY KEY,
     requested_by    TEXT NOT NULL ${fk('staff')},
     requested_at    TEXT NOT NULL,
     target_table    TEXT NOT NULL,
     target_id       TEXT NOT NULL,
     payload         TEXT NOT NULL,            -- JSON of the fields to set
     reason          TEXT NOT NULL,
     status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
     decided_by      TEXT ${fk('staff')},
     decided_at      TEXT,
     decision_note   TEXT NOT NULL DEFAULT ''
   )`,

  // ---- the change history (append-only) ---------------------------------------------------
  // One row per field changed: a self-contained change that another computer can apply.
  `CREATE TABLE change_log (
     seq            INTEGER PRIMARY KEY AUTOINCREMENT,   -- local order of arrival
     hlc            TEXT NOT NULL UNIQUE,                -- hybrid logical clock; names the change
     change_set_id  TEXT NOT NULL,                       -- the changes of one action
     node_id        TEXT NOT NULL,                       -- the computer
     user_id        TEXT,                                -- the author (NULL: the system)
     table_name     TEXT NOT NULL,
     row_id         TEXT NOT NULL,
     field          TEXT NOT NULL,
     old_value      TEXT,                                -- JSON
     new_value      TEXT,                                -- JSON
     reason         TEXT NOT NULL DEFAULT '',
     recorded_at    TEXT NOT NULL                        -- the author's wall clock, ISO
   )`,
  `CREATE INDEX change_log_row ON change_log (table_name, row_id, field, hlc)`,
  `CREATE INDEX change_log_user ON change_log (user_id, hlc)`,
  `CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
     BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END`,
  `CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
     BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END`,

  // ---- indexes for the journal's reads ---------------------------------------------------
  `CREATE INDEX staff_role_staff ON staff_role (staff_id)`,
  `CREATE INDEX class_year ON class (year_id, grade, letter)`,
  `CREATE INDEX enrolment_class ON enrolment (class_id)`,
  `CREATE INDEX enrolment_student ON enrolment (student_id)`,
  `CREATE INDEX subgroup_member_group ON subgroup_member (subgroup_id)`,
  `CREATE INDEX assignment_teacher ON teaching_assignment (teacher_id)`,
  `CREATE INDEX assignment_class ON teaching_assignment (class_id, subject_id)`,
  `CREATE INDEX timetable_assignment ON timetable_entry (assignment_id)`,
  `CREATE INDEX timetable_day ON timetable_entry (weekday, lesson_no)`,
  `CREATE INDEX plan_item_assignment ON plan_item (assignment_id, position)`,
  `CREATE UNIQUE INDEX lesson_slot ON lesson (assignment_id, date, lesson_no)`,
  `CREATE INDEX lesson_date ON lesson (date)`,
  `CREATE INDEX lesson_teacher ON lesson (teacher_id, date)`,
  `CREATE INDEX mark_lesson ON mark (lesson_id)`,
  `CREATE INDEX mark_student ON mark (student_id)`,
  `CREATE UNIQUE INDEX mark_cell ON mark (lesson_id, student_id, slot)`,
  `CREATE INDEX attendance_lesson ON attendance (lesson_id)`,
  `CREATE INDEX attendance_student ON attendance (student_id)`,
  `CREATE UNIQUE INDEX attendance_cell ON attendance (lesson_id, student_id)`,
  `CREATE UNIQUE INDEX period_mark_cell ON period_mark (period_id, student_id, subject_id)`,
  `CREATE INDEX period_mark_class ON period_mark (class_id, period_id)`,
  `CREATE INDEX substitution_substitute ON substitution (substitute_teacher_id, starts_on)`,
  `CREATE INDEX control_remark_assignment ON control_remark (assignment_id)`,
  `CREATE INDEX student_note_student ON student_note (student_id)`,
  `CREATE INDEX correction_request_status ON correction_request (status)`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  // The journal is a legal record: migrations never go down (a newer database is refused instead).
  throw new Error('migration 001 cannot be reverted');
}
