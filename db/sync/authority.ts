// Was the author allowed to make this change? A computer applying another computer's
// changes checks the same rules the service enforces (R-ROLE-1…5), from the roster and
// the journal as this computer has them. A change set that breaks them is quarantined
// and never reaches the journal.
//
// The rules, by table:
// - lesson, mark, attendance, period_mark: the lesson's teacher or its recorded
//   substitute (R-ROLE-2); a deputy only inside an approval of a correction request
//   (R-TIME-3) or to settle a field in sync conflict; for attendance, the class teacher
//   may set the reason (R-ROLE-3).
// - plan_item: the assignment's teacher, a deputy, the administrator.
// - substitution: a deputy, the administrator (R-ROLE-4).
// - control_remark: a deputy; the page's teacher for the answer and "fixed" (R-ROLE-4).
// - correction_request: its requester files or withdraws; a deputy decides.
// - the class's students and their data (student, guardian, consent, enrolment,
//   subgroup_member, movement, student_note): class teachers, deputies, the secretary,
//   the administrator; student_note also any teacher (a remark to a student, R-REC-8).
// - staff: the administrator; a user their own password, activation and keys.
// - the school's setup (school, year, periods, classes, subjects, timetable, roles,
//   regulation settings, work kinds …): the administrator and deputies.
// - backup_log: the administration; the system (the `journal backup` command) unsigned.
// - any other journal table: any signed-in member of staff.
// The director changes nothing (R-ROLE-5).
import type { LogEntry } from '../journal-writer';
import { ROW_CREATED } from '../journal-writer';
import { queryAll, type RawConnection } from '../connection';
import type { Role } from '../schema';

const SETUP: ReadonlySet<string> = new Set([
  'school', 'computer', 'setting', 'academic_year', 'period', 'holiday', 'staff_role', 'subject', 'work_kind',
  'curriculum', 'class', 'subgroup', 'teaching_assignment', 'bell', 'timetable_entry',
]);
const STUDENT_DATA: ReadonlySet<string> = new Set(['student', 'guardian', 'student_guardian', 'consent', 'enrolment', 'subgroup_member', 'movement', 'student_note']);
const LESSON_DATA: ReadonlySet<string> = new Set(['lesson', 'mark', 'attendance', 'period_mark']);
const OWN_STAFF_FIELDS: ReadonlySet<string> = new Set(['password_hash', 'activation_hash', 'public_key', 'private_key_enc']);

/** Lookups cached for one batch of changes. */
export class Authority {
  private readonly roles = new Map<string, Set<Role>>();
  private readonly lessons = new Map<string, { teacher: string | null; substitute: string | null; classTeacher: string | null } | null>();

  constructor(private readonly conn: RawConnection) {}

  private async rolesOf(user: string): Promise<Set<Role>> {
    let r = this.roles.get(user);
    if (!r) {
      const rows = await queryAll<{ role: Role }>(this.conn, `SELECT r.role FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE r.staff_id = ? AND r.revoked = 0 AND s.active = 1`, [user]);
      r = new Set(rows.map((x) => x.role));
      this.roles.set(user, r);
    }
    return r;
  }

  /** A row's field as the journal has it now, or as the change set creates it. */
  private async fieldOf(table: string, rowId: string, field: string, set: readonly LogEntry[]): Promise<string | null> {
    for (const e of set) {
      if (e.table_name === table && e.row_id === rowId && e.field === ROW_CREATED) {
        const v = (JSON.parse(e.new_value) as Record<string, unknown>)[field];
        if (typeof v === 'string') return v;
      }
    }
    // Table and field names come from the checked entry (segment.ts) or from this file.
    const [row] = await queryAll<Record<string, string | null>>(this.conn, `SELECT "${field}" AS v FROM "${table}" WHERE id = ?`, [rowId]);
    if (row) return row.v ?? null;
    // Created earlier in this batch or waiting: the creation entry in the log.
    const [created] = await queryAll<{ new_value: string }>(this.conn, `SELECT new_value FROM change_log WHERE table_name = ? AND row_id = ? AND field = '*' ORDER BY hlc LIMIT 1`, [table, rowId]);
    if (!created) return null;
    const v = (JSON.parse(created.new_value) as Record<string, unknown>)[field];
    return typeof v === 'string' ? v : null;
  }

  private async lessonPeople(lessonId: string | null, set: readonly LogEntry[]) {
    if (!lessonId) return null;
    if (this.lessons.has(lessonId)) return this.lessons.get(lessonId)!;
    const assignment = await this.fieldOf('lesson', lessonId, 'assignment_id', set);
    const teacher = await this.fieldOf('lesson', lessonId, 'teacher_id', set);
    const substitute = await this.fieldOf('lesson', lessonId, 'substitute_teacher_id', set);
    const classId = assignment ? await this.fieldOf('teaching_assignment', assignment, 'class_id', set) : null;
    const classTeacher = classId ? await this.fieldOf('class', classId, 'class_teacher_id', set) : null;
    const people = { teacher, substitute, classTeacher };
    this.lessons.set(lessonId, people);
    return people;
  }

  /** Why the change set is refused, or null when its author was allowed to make it. */
  async refusal(set: readonly LogEntry[]): Promise<string | null> {
    const user = set[0]!.user_id;
    if (!user) {
      return set.every((e) => e.table_name === 'backup_log') ? null : 'изменение без автора (не подписано сотрудником)';
    }
    const roles = await this.rolesOf(user);
    const approvesCorrection = roles.has('deputy') && set.some((e) => e.table_name === 'correction_request' && e.field === 'status' && e.new_value === '"approved"');
    for (const e of set) {
      const why = await this.entryRefusal(e, user, roles, approvesCorrection, set);
      if (why) return `${e.table_name}.${e.field}: ${why}`;
    }
    return null;
  }

  private async entryRefusal(e: LogEntry, user: string, roles: Set<Role>, approvesCorrection: boolean, set: readonly LogEntry[]): Promise<string | null> {
    const t = e.table_name;
    const admin = roles.has('admin');
    const deputy = roles.has('deputy');
    if (LESSON_DATA.has(t)) {
      if (approvesCorrection) return null;
      if (deputy && (await this.hasOpenConflict(t, e.row_id, e.field))) return null; // a deputy settles a sync conflict
      let lessonId: string | null;
      if (t === 'lesson') lessonId = e.row_id;
      else if (t === 'period_mark') return this.periodMarkRefusal(e, user, set);
      else lessonId = await this.fieldOf(t, e.row_id, 'lesson_id', set);
      const people = await this.lessonPeople(lessonId, set);
      if (!people) return 'урок не найден';
      if (people.teacher === user || people.substitute === user) return null;
      if (t === 'lesson' && deputy && e.field === 'substitute_teacher_id') return null; // a substitution (R-ROLE-4)
      if (t === 'attendance' && e.field === 'reason' && people.classTeacher === user) return null;
      return 'автор не ведёт этот урок и не заменяет его';
    }
    if (t === 'plan_item') {
      if (admin || deputy) return null;
      const assignment = await this.fieldOf('plan_item', e.row_id, 'assignment_id', set);
      const teacher = assignment ? await this.fieldOf('teaching_assignment', assignment, 'teacher_id', set) : null;
      return teacher === user ? null : 'тематическое планирование чужого предмета';
    }
    if (t === 'substitution') return admin || deputy ? null : 'замены записывает заместитель директора';
    if (t === 'control_remark') {
      if (deputy) return null;
      const assignment = await this.fieldOf('control_remark', e.row_id, 'assignment_id', set);
      const teacher = assignment ? await this.fieldOf('teaching_assignment', assignment, 'teacher_id', set) : null;
      return teacher === user && (e.field === 'status' || e.field === 'answer') ? null : 'замечания пишет заместитель директора';
    }
    if (t === 'correction_request') {
      if (deputy) return null;
      const requester = await this.fieldOf('correction_request', e.row_id, 'requested_by', set);
      return requester === user ? null : 'чужая заявка на исправление';
    }
    if (STUDENT_DATA.has(t)) {
      if (admin || deputy || roles.has('secretary') || roles.has('class_teacher')) return null;
      return t === 'student_note' && roles.has('teacher') ? null : 'данные учеников ведут классный руководитель и администрация';
    }
    if (t === 'staff') {
      if (admin) return null;
      return e.row_id === user && OWN_STAFF_FIELDS.has(e.field) ? null : 'учётные записи ведёт администратор';
    }
    if (SETUP.has(t)) return admin || deputy ? null : 'настройку школы меняют администратор и заместители';
    if (t === 'backup_log') return admin || deputy || roles.has('secretary') || roles.has('director') ? null : 'журнал резервных копий ведёт администрация';
    if (roles.size === 0) return 'автор не сотрудник школы';
    return roles.size === 1 && roles.has('director') ? 'директор не вносит изменений в журнал' : null;
  }

  private async hasOpenConflict(table: string, rowId: string, field: string): Promise<boolean> {
    const rows = await queryAll<{ id: string }>(this.conn, `SELECT id FROM sync_conflict WHERE id = ? AND status = 'open'`, [`${table}:${rowId}:${field}`]);
    return rows.length > 0;
  }

  private async periodMarkRefusal(e: LogEntry, user: string, set: readonly LogEntry[]): Promise<string | null> {
    const classId = await this.fieldOf('period_mark', e.row_id, 'class_id', set);
    const subject = await this.fieldOf('period_mark', e.row_id, 'subject_id', set);
    if (!classId || !subject) return 'оценка за период без класса или предмета';
    const rows = await queryAll<{ id: string }>(this.conn, `SELECT id FROM teaching_assignment WHERE class_id = ? AND subject_id = ? AND teacher_id = ? LIMIT 1`, [classId, subject, user]);
    return rows.length > 0 ? null : 'автор не ведёт этот предмет в классе';
  }
}
