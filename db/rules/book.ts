// The rule book: who may change which table and which field, and under which
// relationship to the row — written once, as data, like the regulation profile.
//
// Every computer checks every change against it: the journal writer before a signed-in
// user's change is committed here (db/journal-writer.ts → guard), and the sync before a
// change from another computer is applied (db/sync/authority.ts). The service's method
// access names the same role sets (role-sets.ts), so the window, the CLI and a segment
// written by hand on the share meet one set of rules.
//
// Deny by default: a table or field that no rule names is refused, for everyone, on every
// computer. tests/unit/rule-book.test.ts fails when a table of the schema has no rule.
import type { FieldValue, JournalTable } from '../schema';
import type { RoleSetName } from '../../shared/role-sets';

/**
 * A relationship between the author and the row, resolved from the journal (or from the
 * change set that creates the row):
 * - lessonTeacher: the lesson's teacher or its recorded substitute (R-ROLE-2);
 * - lessonClassTeacher: the class teacher of the lesson's class (R-ROLE-3);
 * - assignmentTeacher: the teacher of the row's teaching assignment (R-ROLE-2);
 * - classSubjectTeacher: teaches the row's subject in the row's class (period marks);
 * - classTeacher: the class teacher of the row's class (R-ROLE-3);
 * - studentClassTeacher: the class teacher of a class the row's student is enrolled in;
 * - requester: filed the row's correction request;
 * - rowAuthor: the row's author_id is the author;
 * - self: the row is the author's own staff record.
 */
export type Relation =
  | 'lessonTeacher' | 'lessonClassTeacher' | 'assignmentTeacher' | 'classSubjectTeacher'
  | 'classTeacher' | 'studentClassTeacher' | 'requester' | 'rowAuthor' | 'self';

/**
 * A condition on the whole change set:
 * - approvesCorrection: the set approves a correction request (R-TIME-3: a deputy's
 *   approval applies the requested change);
 * - settlesConflict: the field is in an open sync conflict, which the set settles;
 * - revertsLateArrival: the set records a deputy's decision to revert a late arrival of
 *   this very field (db/sync/late.ts), and reverts it;
 * - createsRow: the change creates the row (it did not exist);
 * - emptyLesson: the lesson holds nothing a teacher entered: no topic, type, homework or
 *   plan item, no mark, no absence (the timetable's lessons, R-ROLE-6).
 */
export type SetCondition = 'approvesCorrection' | 'settlesConflict' | 'revertsLateArrival' | 'createsRow' | 'emptyLesson';

export interface Rule {
  /** The fields this rule lets be set; 'all' also lets the row be created with any of them. */
  readonly fields: readonly string[] | 'all';
  /** The author holds a role of this set … */
  readonly roles?: RoleSetName;
  /** … and/or stands in this relationship to the row … */
  readonly relation?: Relation;
  /** … and/or the change set meets this condition. */
  readonly when?: SetCondition;
  /** Only these values may be written to these fields under this rule. */
  readonly values?: Readonly<Record<string, readonly FieldValue[]>>;
  /** The change set carries these fields (with a value `values` allows) for the rule to apply. */
  readonly requires?: readonly string[];
  /** … and only over these values: the row exists and its field holds one of them now. */
  readonly fromValues?: Readonly<Record<string, readonly FieldValue[]>>;
  /** The regulation the rule applies. */
  readonly rule: string;
}

/** Fields of a staff record that only its owner (or the administrator) writes. */
export const OWN_SECRET_FIELDS = ['password_hash', 'activation_hash', 'public_key', 'private_key_enc', 'activation_key', 'key_proof'] as const;

const TIMETABLE_LESSON_FIELDS = ['assignment_id', 'date', 'lesson_no', 'teacher_id', 'substitute_teacher_id', 'plan_item_id', 'topic', 'lesson_type', 'homework'];
const EMPTY_LESSON = { substitute_teacher_id: [null], plan_item_id: [null], topic: [''], lesson_type: [''], homework: [''], cancelled: [0] };
const SUBSTITUTED_EMPTY_LESSON = { plan_item_id: [null], topic: [''], lesson_type: [''], homework: [''], cancelled: [0] };
const CERT_SUBJECT_ID = ['campaign_id', 'assignment_id', 'class_id', 'subject_id', 'teacher_id'];
const CERT_CLASS_ID = ['campaign_id', 'class_id'];
const settleByDeputy = (rule: string): Rule[] => [
  { fields: 'all', roles: 'deputies', when: 'approvesCorrection', rule: 'R-TIME-3' },
  { fields: 'all', roles: 'deputies', when: 'revertsLateArrival', rule: 'R-TIME-3' },
  { fields: 'all', roles: 'deputies', when: 'settlesConflict', rule },
];

/** Journal tables: what may be written, by whom. */
export const RULE_BOOK: Readonly<Record<JournalTable, readonly Rule[]>> = {
  // The school's setup, settings, roles and accounts: the administrator (R-ROLE-6).
  school: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  computer: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  setting: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  academic_year: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  period: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  holiday: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  non_working_day: [{ fields: 'all', roles: 'calendarKeepers', rule: 'R-ROLE-6' }],
  staff: [
    { fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' },
    // Each user answers for their own credentials (R-ROLE-7); the keys themselves are
    // vouched for separately (db/sync/trust.ts).
    { fields: OWN_SECRET_FIELDS, relation: 'self', rule: 'R-ROLE-7' },
  ],
  staff_role: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  // Which deputy oversees which parallel: the administrator sets it up (R-ROLE-4, R-ROLE-6).
  deputy_grade: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-4' }],
  subject: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  work_kind: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  curriculum: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  class: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  subgroup: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  teaching_assignment: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  bell: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  timetable_entry: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],

  // Students and their families: the administrator and the class teacher (R-ROLE-3, R-ROLE-6).
  student: [
    { fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' },
    { fields: 'all', relation: 'studentClassTeacher', rule: 'R-ROLE-3' },
  ],
  guardian: [{ fields: 'all', roles: 'classKeepers', rule: 'R-ROLE-3' }],
  student_guardian: [
    { fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' },
    { fields: 'all', relation: 'studentClassTeacher', rule: 'R-ROLE-3' },
  ],
  consent: [
    { fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' },
    { fields: 'all', relation: 'studentClassTeacher', rule: 'R-ROLE-3' },
  ],
  enrolment: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  movement: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
  subgroup_member: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-8' }],
  // Notices to parents (R-REP-7): the class teacher of a class the student is in records
  // them, their answers, and withdraws one made by mistake; deputies and the director only read.
  parent_contact: [{ fields: 'all', relation: 'studentClassTeacher', rule: 'R-REP-7' }],
  // A teacher's remark to a student (R-REC-8): written and withdrawn by its author.
  student_note: [{ fields: 'all', roles: 'teachers', relation: 'rowAuthor', rule: 'R-REC-8' }],

  // The journal itself: the lesson's teacher or substitute (R-ROLE-2).
  plan_item: [
    { fields: 'all', relation: 'assignmentTeacher', rule: 'R-REC-6' },
    { fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' },
    { fields: 'all', roles: 'deputies', rule: 'R-ROLE-4' },
  ],
  lesson: [
    { fields: 'all', relation: 'lessonTeacher', rule: 'R-ROLE-2' },
    // The administrator makes the timetable's lessons, empty, and cancels (or restores) a
    // lesson a timetable change removed while nothing is entered in it (R-ROLE-6, R-REC-1).
    { fields: [...TIMETABLE_LESSON_FIELDS, 'cancelled'], roles: 'administrator', when: 'createsRow', values: EMPTY_LESSON, rule: 'R-ROLE-6' },
    { fields: ['cancelled'], roles: 'administrator', when: 'emptyLesson', rule: 'R-ROLE-6' },
    { fields: ['substitute_teacher_id'], roles: 'deputies', rule: 'R-ROLE-4' },
    // A deputy substituting a single lesson not opened yet makes its empty row with the
    // substitute (substitution.record): nothing a teacher enters (R-ROLE-2, R-ROLE-4).
    { fields: [...TIMETABLE_LESSON_FIELDS, 'cancelled'], roles: 'deputies', when: 'createsRow', values: SUBSTITUTED_EMPTY_LESSON, rule: 'R-ROLE-4' },
    ...settleByDeputy('R-ROLE-4'),
  ],
  mark: [{ fields: 'all', relation: 'lessonTeacher', rule: 'R-ROLE-2' }, ...settleByDeputy('R-ROLE-4')],
  attendance: [
    { fields: 'all', relation: 'lessonTeacher', rule: 'R-ROLE-2' },
    // The class teacher records the reason of an absence the teacher entered: Н ↔ У ↔ Б.
    { fields: ['reason'], relation: 'lessonClassTeacher', rule: 'R-ROLE-3' },
    { fields: ['code'], relation: 'lessonClassTeacher', values: { code: ['Н', 'У', 'Б'] }, fromValues: { code: ['Н', 'У', 'Б'] }, rule: 'R-ROLE-3' },
    ...settleByDeputy('R-ROLE-4'),
  ],
  period_mark: [{ fields: 'all', relation: 'classSubjectTeacher', rule: 'R-ROLE-2' }, ...settleByDeputy('R-ROLE-4')],
  substitution: [{ fields: 'all', roles: 'deputies', rule: 'R-ROLE-4' }],
  control_remark: [
    { fields: 'all', roles: 'deputies', rule: 'R-ROLE-4' },
    { fields: ['status', 'answer'], relation: 'assignmentTeacher', values: { status: ['fixed'] }, rule: 'R-ROLE-4' },
  ],
  correction_request: [
    // The requester files a request as pending, and may withdraw it; only a deputy decides (R-TIME-3).
    { fields: 'all', relation: 'requester', values: { status: ['pending'], decided_by: [null], decided_at: [null], decision_note: [''] }, rule: 'R-TIME-3' },
    { fields: ['status'], relation: 'requester', values: { status: ['withdrawn'] }, rule: 'R-TIME-3' },
    { fields: ['status', 'decided_by', 'decided_at', 'decision_note'], roles: 'deputies', rule: 'R-TIME-3' },
  ],

  // Paper copies and their books (R-PRINT-2…4, R-KEEP-1).
  print_register: [
    { fields: 'all', roles: 'printers', rule: 'R-PRINT-3' },
    // The director prints (R-ROLE-5): a new, current entry for each document printed, and
    // nothing more; marking copies stale and binding stay with the register's keepers.
    { fields: 'all', roles: 'director', when: 'createsRow', values: { status: ['current'], stale_since: [null], stale_sheets: ['[]'], bound_on: [null], folder: [''] }, rule: 'R-ROLE-5' },
    // A report's PDF is entered by whoever may ask for that report (the service checks the
    // report's own access first, issue 14): a new, current entry of kind 'report', nothing more.
    { fields: 'all', roles: 'staff', when: 'createsRow', requires: ['kind'], values: { kind: ['report'], status: ['current'], stale_since: [null], stale_sheets: ['[]'], bound_on: [null], folder: [''] }, rule: 'R-PRINT-3' },
  ],
  backup_log: [{ fields: 'all', roles: 'backupKeepers', rule: 'R-KEEP-1' }],
  // The secretary keeps the log of use of backup copies: media taken out of the safe and put back.
  backup_medium_use: [{ fields: 'all', roles: 'secretary', rule: 'R-PRINT-3' }],
  certification_campaign: [{ fields: 'all', roles: 'deputies', rule: 'R-PRINT-2' }],
  certification_subject: [
    { fields: 'all', roles: 'deputies', rule: 'R-PRINT-2' },
    // Day 1: the subject's teacher confirms the marks; day 3: signs the sheets.
    { fields: [...CERT_SUBJECT_ID, 'confirmed_by', 'confirmed_at', 'confirm_note', 'signed_by', 'signed_at', 'signed_on', 'sign_note'], relation: 'assignmentTeacher', rule: 'R-PRINT-2' },
  ],
  certification_class: [
    // Day 2: printing; day 5: the deputy certifies and hands over.
    { fields: [...CERT_CLASS_ID, 'print_doc_no', 'printed_by', 'printed_at', 'print_override_reason', 'print_stale_at', 'print_stale_note', 'handed_by', 'handed_at', 'handed_to', 'strict_log_id'], roles: 'deputies', rule: 'R-PRINT-2' },
    // Day 4: the class teacher certifies the title page.
    { fields: [...CERT_CLASS_ID, 'title_certified_by', 'title_certified_at'], relation: 'classTeacher', rule: 'R-PRINT-2' },
    // Day 5: the director signs (or the secretary who took the copy to them records it).
    { fields: [...CERT_CLASS_ID, 'director_signed_by', 'director_signed_at'], roles: 'directorSigners', rule: 'R-ROLE-5' },
    // Day 5: the secretary seals, binds and files it.
    { fields: [...CERT_CLASS_ID, 'sealed_by', 'sealed_at', 'bound_by', 'bound_at', 'bound_on', 'folder'], roles: 'secretary', rule: 'R-PRINT-3' },
  ],
  strict_document_log: [{ fields: 'all', roles: 'strictLogKeepers', rule: 'R-PRINT-3' }],
  year_archive: [{ fields: 'all', roles: 'secretary', rule: 'R-PRINT-4' }],
  late_arrival_decision: [{ fields: 'all', roles: 'deputies', rule: 'R-TIME-3' }],

  // The year's end (R-REC-4, R-ROLE-6): exam and final marks are the subject teacher's in
  // the class; the promotions by the director's order are the administrator's.
  final_mark: [{ fields: 'all', relation: 'classSubjectTeacher', rule: 'R-REC-4' }, ...settleByDeputy('R-ROLE-4')],
  promotion: [{ fields: 'all', roles: 'administrator', rule: 'R-ROLE-6' }],
};

/**
 * Tables that never travel between computers: each computer keeps its own, and a change
 * to them from another computer is refused like a table with no rule.
 */
export const LOCAL_ONLY_TABLES: readonly string[] = [
  'change_log', 'local_state', 'login_attempt', 'knex_migrations', 'knex_migrations_lock',
  'sync_peer', 'sync_published', 'sync_quarantine', 'sync_conflict', 'sync_chain',
  'sync_key_state', 'sync_late_arrival', 'trust_anchor', 'sqlite_sequence', 'sign_in_log',
];

/** The system itself (no signed-in author) may write these from another computer: the `journal backup` command. */
export const SYSTEM_TABLES: readonly JournalTable[] = ['backup_log'];
