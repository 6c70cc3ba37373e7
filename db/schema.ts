// Journal tables that are synced and written only through db/journal-writer.ts, with the
// fields each may carry. The writer refuses any table or field not listed here, so a
// field name never reaches SQL unchecked.

export const JOURNAL_FIELDS = {
  school: ['full_name', 'short_name', 'address', 'inn', 'is_demo'],
  computer: ['name', 'registered_at'],
  setting: ['value'],
  academic_year: ['school_id', 'name', 'starts_on', 'ends_on', 'status', 'closed_order_no', 'closed_order_date', 'closed_by', 'closed_at'],
  period: ['year_id', 'kind', 'number', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to'],
  holiday: ['year_id', 'name', 'starts_on', 'ends_on', 'grade_from', 'grade_to', 'removed'],
  non_working_day: ['date', 'name', 'removed'],
  staff: ['login', 'last_name', 'first_name', 'middle_name', 'position', 'password_hash', 'activation_hash', 'active', 'public_key', 'private_key_enc', 'activation_key', 'key_proof'],
  staff_role: ['staff_id', 'role', 'revoked'],
  subject: ['name', 'short_name', 'graded', 'sort_order', 'retired'],
  work_kind: ['code', 'name', 'written', 'weight', 'sort_order', 'retired'],
  curriculum: ['year_id', 'grade', 'subject_id', 'hours_per_week', 'split_groups', 'removed'],
  class: ['year_id', 'grade', 'letter', 'name', 'class_teacher_id', 'room', 'retired'],
  deputy_grade: ['staff_id', 'grade', 'removed'],
  subgroup: ['class_id', 'subject_id', 'name'],
  student: ['last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'personal_file', 'address', 'paper_family'],
  enrolment: ['student_id', 'class_id', 'starts_on', 'ends_on'],
  subgroup_member: ['subgroup_id', 'student_id', 'starts_on', 'ends_on'],
  movement: ['student_id', 'kind', 'date', 'from_class_id', 'to_class_id', 'order_number', 'order_date', 'note'],
  guardian: ['last_name', 'first_name', 'middle_name', 'phone', 'email'],
  student_guardian: ['student_id', 'guardian_id', 'relation', 'removed'],
  consent: ['student_id', 'guardian_id', 'signed_on', 'revoked_on', 'document_no'],
  teaching_assignment: ['year_id', 'teacher_id', 'class_id', 'subgroup_id', 'subject_id', 'hours_per_week', 'starts_on', 'ends_on'],
  bell: ['lesson_no', 'starts_at', 'ends_at'],
  timetable_entry: ['assignment_id', 'weekday', 'lesson_no', 'room', 'valid_from', 'valid_to'],
  plan_item: ['assignment_id', 'position', 'section', 'topic', 'hours', 'planned_on'],
  lesson: ['assignment_id', 'date', 'lesson_no', 'teacher_id', 'substitute_teacher_id', 'plan_item_id', 'topic', 'lesson_type', 'homework', 'cancelled'],
  substitution: ['absent_teacher_id', 'substitute_teacher_id', 'lesson_id', 'starts_on', 'ends_on', 'reason', 'recorded_by', 'cancelled'],
  mark: ['lesson_id', 'student_id', 'slot', 'value', 'work_kind_id', 'comment'],
  attendance: ['lesson_id', 'student_id', 'code', 'reason'],
  period_mark: ['period_id', 'student_id', 'subject_id', 'class_id', 'value', 'reason'],
  control_remark: ['assignment_id', 'author_id', 'text', 'created_on', 'status', 'answer', 'review_note'],
  student_note: ['student_id', 'lesson_id', 'author_id', 'kind', 'text', 'date', 'withdrawn'],
  print_register: ['doc_no', 'kind', 'class_id', 'period_id', 'title', 'sheets', 'pages', 'data_hash', 'part_hashes', 'sheet_hashes', 'printed_at', 'printed_by', 'computer', 'file_path', 'file_sha256', 'status', 'stale_since', 'stale_sheets', 'bound_on', 'folder', 'note', 'report_name', 'report_params'],
  backup_log: ['action', 'at', 'staff_id', 'computer', 'location', 'sha256', 'size', 'ok', 'note'],
  backup_medium_use: ['happened_at', 'medium', 'action', 'person_id', 'purpose', 'room', 'entered_by', 'entered_at', 'note'],
  correction_request: ['requested_by', 'requested_at', 'target_table', 'target_id', 'payload', 'reason', 'status', 'decided_by', 'decided_at', 'decision_note'],
  certification_campaign: ['period_id', 'day1_on', 'day2_on', 'day3_on', 'day4_on', 'day5_on', 'opened_by', 'opened_at', 'backup_log_id', 'backup_recorded_by', 'backup_recorded_at', 'status', 'note', 'cancelled_by', 'cancelled_at', 'cancel_reason'],
  certification_subject: ['campaign_id', 'assignment_id', 'class_id', 'subject_id', 'teacher_id', 'confirmed_by', 'confirmed_at', 'confirm_note', 'signed_by', 'signed_at', 'signed_on', 'sign_note'],
  certification_class: ['campaign_id', 'class_id', 'print_doc_no', 'printed_by', 'printed_at', 'print_override_reason', 'print_stale_at', 'print_stale_note', 'title_certified_by', 'title_certified_at', 'handed_by', 'handed_at', 'handed_to', 'strict_log_id', 'director_signed_by', 'director_signed_at', 'sealed_by', 'sealed_at', 'bound_by', 'bound_at', 'bound_on', 'folder'],
  strict_document_log: ['entry_no', 'entered_at', 'document', 'doc_no', 'class_id', 'period_id', 'sheets', 'handed_by', 'received_by', 'note'],
  year_archive: ['class_id', 'year_id', 'title_doc_no', 'sheets', 'folder', 'bound_on', 'bound_by', 'bound_at', 'keep_years', 'keep_until', 'note'],
  late_arrival_decision: ['hlc', 'decision', 'reason', 'decided_by', 'decided_at'],
  final_mark: ['year_id', 'class_id', 'student_id', 'subject_id', 'kind', 'exam_form', 'value', 'score', 'entered_by', 'entered_at'],
  parent_contact: ['student_id', 'class_id', 'date', 'reason', 'way', 'text', 'answer', 'answered_on', 'recorded_by', 'recorded_at', 'withdrawn'],
  promotion: ['year_id', 'student_id', 'from_class_id', 'decision', 'to_class_id', 'debts', 'order_number', 'order_date', 'decided_by', 'decided_at'],
} as const;

export type JournalTable = keyof typeof JOURNAL_FIELDS;
export type FieldOf<T extends JournalTable> = (typeof JOURNAL_FIELDS)[T][number];
export type FieldValue = string | number | null;
export type JournalRow<T extends JournalTable> = { id: string } & { [K in FieldOf<T>]: FieldValue };

export function isJournalTable(name: string): name is JournalTable {
  return Object.prototype.hasOwnProperty.call(JOURNAL_FIELDS, name);
}

export function isFieldOf(table: JournalTable, field: string): boolean {
  return (JOURNAL_FIELDS[table] as readonly string[]).includes(field);
}

/** Tables whose rows only this computer sees; never written through the journal writer. */
export const LOCAL_TABLES = [
  'local_state', 'login_attempt', 'knex_migrations', 'knex_migrations_lock',
  'sync_peer', 'sync_published', 'sync_quarantine', 'sync_conflict', 'sync_chain',
  'sync_key_state', 'sync_late_arrival', 'trust_anchor', 'sign_in_log',
] as const;

export { ROLES, type Role } from '../shared/role-sets';

export const ATTENDANCE_CODES = ['Н', 'У', 'Б', 'О'] as const;
export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];

export const PERIOD_MARK_VALUES = ['1', '2', '3', '4', '5', 'ОСВ', 'Н/А'] as const;
