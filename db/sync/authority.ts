// Was the author allowed to make this change? The rule book (db/rules/book.ts) says who
// may set which field of which table under which relationship; this file answers its
// questions from the journal as this computer has it (and from the change set itself,
// for rows it creates). The same check runs for a change made here (the journal writer's
// guard) and for one arriving from another computer (pull.ts), so a segment written by
// hand on the share meets exactly the rules of the service.
//
// A relationship must hold for the row both as it is now and as the change leaves it:
// a mark cannot be moved onto another teacher's lesson, nor a lesson given to oneself.
import type { LogEntry } from '../journal-writer';
import { ROW_CREATED } from '../journal-writer';
import { queryAll, type RawConnection } from '../connection';
import { isFieldOf, isJournalTable, type FieldValue, type JournalTable, type Role } from '../schema';
import { readRows } from '../writer/read-for-write';
import type { Relation, SetCondition } from '../rules/book';
import { SYSTEM_TABLES } from '../rules/book';
import { ruleRefusal, type RuleQuestions } from '../rules/evaluate';
import { currentViolation, sawViolation, seenValue } from './merge-rules';
import { sawFn, vectorClocks } from './seen';
import { candidatesOf, conflictOf } from './apply';

type View = 'now' | 'after';

/** Lookups cached for one batch of changes. */
export class Authority {
  private readonly roles = new Map<string, Set<Role>>();
  /**
   * Set by refusal() when the set would be allowed once something it refers to arrives: a
   * decision about a conflict this computer has not seen yet (its author had seen changes
   * not here). The set then waits instead of being refused (pull.ts).
   */
  waitsForSubject = false;
  /** A row a rule needed was not here (its creation still on its way). */
  private missingRow = false;
  /** Rows the set being checked creates. */
  private creating = new Set<string>();
  private readonly rows = new Map<string, Record<string, FieldValue> | null>();
  private readonly setIndex = new WeakMap<readonly LogEntry[], Map<string, LogEntry[]>>();
  private readonly creations = new Map<string, Record<string, FieldValue> | null>();
  /** Rows created by sets admitted earlier in this batch, not in the journal yet (admitted()). */
  private readonly admittedRows = new Map<string, Record<string, FieldValue>>();

  /** A set of the batch passed: the rows it creates count for the sets after it. */
  admitted(set: readonly LogEntry[]): void {
    for (const e of set) {
      if (e.field === ROW_CREATED) this.admittedRows.set(`${e.table_name}\u0000${e.row_id}`, JSON.parse(e.new_value) as Record<string, FieldValue>);
    }
  }

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

  /** A row's field now (in the journal, or created earlier and waiting), or after the set's changes. */
  private async fieldOf(table: string, rowId: string, field: string, set: readonly LogEntry[], view: View): Promise<FieldValue | undefined> {
    if (view === 'after') {
      let value: FieldValue | undefined;
      for (const e of this.entriesOf(set, table, rowId)) {
        if (e.field === ROW_CREATED) {
          const v = (JSON.parse(e.new_value) as Record<string, FieldValue>)[field];
          if (v !== undefined) value = v;
        } else if (e.field === field) {
          value = JSON.parse(e.new_value) as FieldValue;
        }
      }
      if (value !== undefined) return value;
    }
    const row = await this.row(table, rowId);
    if (row) return row[field];
    // Created by a set admitted earlier in the same batch (a lesson opened, then marked).
    const admitted = this.admittedRows.get(`${table}\u0000${rowId}`);
    if (admitted && field in admitted) return admitted[field];
    // Created earlier and waiting: the creation entry in the log.
    const created = await this.creation(table, rowId);
    if (!created) {
      // A row this computer has not received yet (not one the set itself creates): a
      // refusal that follows may be only for now.
      if (!this.creating.has(`${table}\u0000${rowId}`)) this.missingRow = true;
      return undefined;
    }
    return created[field];
  }

  /** The set's entries of one row, through an index made once per set (a set may create tens of thousands of rows). */
  private entriesOf(set: readonly LogEntry[], table: string, rowId: string): readonly LogEntry[] {
    if (set.length < 64) return set.filter((e) => e.table_name === table && e.row_id === rowId);
    let index = this.setIndex.get(set);
    if (!index) {
      index = new Map();
      for (const e of set) {
        const key = `${e.table_name}\u0000${e.row_id}`;
        const list = index.get(key);
        if (list) list.push(e);
        else index.set(key, [e]);
      }
      this.setIndex.set(set, index);
    }
    return index.get(`${table}\u0000${rowId}`) ?? [];
  }

  /**
   * A row as the journal holds it, read once per check of a batch: nothing is written to
   * journal tables while a batch is checked (the apply comes after), so it stays current.
   */
  private async row(table: string, rowId: string): Promise<Record<string, FieldValue> | null> {
    const key = `${table}\u0000${rowId}`;
    let row = this.rows.get(key);
    if (row === undefined) {
      // Table names come from the checked entry (segment.ts, check()) or from the rule book.
      [row = null] = await queryAll<Record<string, FieldValue>>(this.conn, `SELECT * FROM "${table}" WHERE id = ?`, [rowId]);
      this.rows.set(key, row);
    }
    return row;
  }

  /**
   * The rows these entries change (a big set's, or a whole batch's from the share), read a
   * few hundred at a time into the cache of row() (each is read there anyway: whether it
   * exists now) instead of one query a row.
   */
  async readRowsOf(set: readonly LogEntry[]): Promise<void> {
    if (set.length < 16) return;
    const wanted = new Map<JournalTable, Set<string>>();
    for (const e of set) {
      if (e.field === ROW_CREATED || !isJournalTable(e.table_name) || this.rows.has(`${e.table_name}\u0000${e.row_id}`)) continue;
      let ids = wanted.get(e.table_name);
      if (!ids) wanted.set(e.table_name, (ids = new Set()));
      ids.add(e.row_id);
    }
    for (const [table, ids] of wanted) {
      const found = new Map((await readRows(this.conn, table, [...ids])).map((r) => [r.id as string, r]));
      for (const id of ids) this.rows.set(`${table}\u0000${id}`, found.get(id) ?? null);
    }
  }

  private async creation(table: string, rowId: string): Promise<Record<string, FieldValue> | null> {
    const key = `${table}\u0000${rowId}`;
    let created = this.creations.get(key);
    if (created === undefined) {
      const [entry] = await queryAll<{ new_value: string }>(this.conn, `SELECT new_value FROM change_log WHERE table_name = ? AND row_id = ? AND field = '*' ORDER BY hlc LIMIT 1`, [table, rowId]);
      created = entry ? (JSON.parse(entry.new_value) as Record<string, FieldValue>) : null;
      this.creations.set(key, created);
    }
    return created;
  }

  /**
   * The field's value as the author saw it when making the change: from this journal's
   * history, the newest value among the changes the author's version vector covers
   * (seen.ts). A change made here (no vector yet) sees the journal as it is now. So a class
   * teacher's Н → У made offline is judged against the Н they saw, not against the
   * teacher's concurrent removal of the absence that reached this computer first.
   */
  private async valueSeen(e: LogEntry, field: string): Promise<FieldValue | undefined> {
    if (!e.base_hlc?.startsWith('v:')) return this.fieldOf(e.table_name, e.row_id, field, [], 'now');
    return seenValue(this.conn, e.table_name, e.row_id, field, sawFn(e.base_hlc));
  }

  private async exists(table: string, rowId: string): Promise<boolean> {
    return (await this.row(table, rowId)) !== null;
  }

  private async holds(relation: Relation, user: string, e: LogEntry, set: readonly LogEntry[], view: View): Promise<boolean> {
    const t = e.table_name;
    const f = (table: string, id: string | null | undefined, field: string) => (id ? this.fieldOf(table, String(id), field, set, view) : Promise.resolve(undefined));
    const own = (table: string, field: string) => f(table, e.row_id, field);
    switch (relation) {
      case 'self':
        return t === 'staff' && e.row_id === user;
      case 'requester':
        return (await own('correction_request', 'requested_by')) === user;
      case 'rowAuthor':
        return (await own(t, 'author_id')) === user;
      case 'assignmentTeacher':
        return (await f('teaching_assignment', (await own(t, 'assignment_id')) as string, 'teacher_id')) === user;
      case 'classTeacher':
        return (await f('class', (await own(t, 'class_id')) as string, 'class_teacher_id')) === user;
      case 'classSubjectTeacher': {
        const classId = await own(t, 'class_id');
        const subjectId = await own(t, 'subject_id');
        if (!classId || !subjectId) return false;
        const rows = await queryAll<{ id: string }>(this.conn, `SELECT id FROM teaching_assignment WHERE class_id = ? AND subject_id = ? AND teacher_id = ? LIMIT 1`, [classId, subjectId, user]);
        return rows.length > 0;
      }
      case 'studentClassTeacher': {
        const studentId = t === 'student' ? e.row_id : await own(t, 'student_id');
        if (!studentId) return false;
        const rows = await queryAll<{ id: string }>(this.conn,
          `SELECT e.id FROM enrolment e JOIN class c ON c.id = e.class_id WHERE e.student_id = ? AND c.class_teacher_id = ? LIMIT 1`, [studentId, user]);
        return rows.length > 0;
      }
      case 'lessonTeacher':
      case 'lessonClassTeacher': {
        const lessonId = t === 'lesson' ? e.row_id : ((await own(t, 'lesson_id')) as string | undefined);
        if (!lessonId) return false;
        const assignment = (await f('lesson', lessonId, 'assignment_id')) as string | undefined;
        if (relation === 'lessonClassTeacher') {
          const classId = (await f('teaching_assignment', assignment, 'class_id')) as string | undefined;
          return (await f('class', classId, 'class_teacher_id')) === user;
        }
        if ((await f('teaching_assignment', assignment, 'teacher_id')) === user) return true;
        // A substitute as a deputy recorded it (R-ROLE-2, R-ROLE-4), never as the set names itself.
        if ((await this.fieldOf('lesson', lessonId, 'substitute_teacher_id', [], 'now')) === user) return true;
        // A lesson the author gave before the assignment passed to another teacher: only
        // as the journal has it (a set cannot name its own author the lesson's teacher).
        return (await this.fieldOf('lesson', lessonId, 'teacher_id', [], 'now')) === user;
      }
    }
  }

  private async meets(condition: SetCondition, e: LogEntry, set: readonly LogEntry[]): Promise<boolean> {
    if (condition === 'settlesConflict') {
      if (await this.hasOpenConflict(e.table_name, e.row_id, e.field)) return true;
      // A decision made on a computer where the field was in conflict, whatever became of the
      // conflict here meanwhile (another change may have settled it, or this computer got the
      // values in another order): its author had seen two values of the field made
      // concurrently. Applied; if it chose otherwise than a concurrent decision, the field is
      // in conflict again, for a person to decide (apply.ts).
      if (e.base_hlc) {
        const saw = sawFn(e.base_hlc);
        const history = await queryAll<{ hlc: string; field: string; base_hlc: string | null; new_value: string }>(this.conn,
          `SELECT hlc, field, base_hlc, new_value FROM change_log WHERE table_name = ? AND row_id = ? AND field IN (?, '*')`, [e.table_name, e.row_id, e.field]);
        const seen = (candidatesOf(history.filter((h) => saw(h.hlc)), [e.field]).get(e.field) ?? []);
        if (conflictOf(seen)) return true;
        const sawOf = (table: string, rowId: string) => {
          const mine = set.find((x) => x.table_name === table && x.row_id === rowId && x.base_hlc);
          return mine ? sawFn(mine.base_hlc) : null;
        };
        if (await sawViolation(this.conn, e.table_name, e.row_id, sawOf)) return true;
      }
      // A resolution made on a computer that had changes of this field not here yet: the
      // conflict it settles is still on its way.
      const seen = vectorClocks(e.base_hlc);
      if (seen.length > 0) {
        const here = await queryAll<{ hlc: string }>(this.conn, `SELECT hlc FROM change_log WHERE hlc IN (${seen.map(() => '?').join(', ')})`, seen);
        if (here.length < seen.length) this.waitsForSubject = true;
      }
      return false;
    }
    if (condition === 'createsRow') return !(await this.exists(e.table_name, e.row_id)); // (check() answers it first)
    if (condition === 'emptyLesson') return e.table_name === 'lesson' && (await this.isEmptyLesson(e.row_id));
    if (condition === 'revertsLateArrival') {
      // The same set records the decision to revert a late entry of this very field.
      for (const d of set) {
        if (d.table_name !== 'late_arrival_decision') continue;
        const decision = await this.fieldOf('late_arrival_decision', d.row_id, 'decision', set, 'after');
        const hlc = await this.fieldOf('late_arrival_decision', d.row_id, 'hlc', set, 'after');
        if (decision !== 'reverted' || typeof hlc !== 'string') continue;
        const [late] = await queryAll<{ table_name: string; row_id: string; field: string; new_value: string }>(this.conn, 'SELECT table_name, row_id, field, new_value FROM change_log WHERE hlc = ?', [hlc]);
        if (!late || late.table_name !== e.table_name || late.row_id !== e.row_id) continue;
        if (late.field === e.field) return true;
        if (late.field === ROW_CREATED && e.field in (JSON.parse(late.new_value) as object)) return true;
      }
      return false;
    }
    // approvesCorrection: the same set approves a pending request whose target is this row.
    for (const a of set) {
      if (a.table_name !== 'correction_request' || a.field !== 'status' || a.new_value !== '"approved"') continue;
      const status = await this.fieldOf('correction_request', a.row_id, 'status', [], 'now');
      if (status !== 'pending') continue;
      const targetTable = await this.fieldOf('correction_request', a.row_id, 'target_table', [], 'now');
      const targetId = await this.fieldOf('correction_request', a.row_id, 'target_id', [], 'now');
      if (targetTable === e.table_name && targetId === e.row_id) return true;
    }
    return false;
  }

  /** Nothing a teacher entered: no topic, type, homework or plan item, no mark, no absence. */
  private async isEmptyLesson(lessonId: string): Promise<boolean> {
    const row = await this.row('lesson', lessonId);
    if (!row || row.topic !== '' || row.lesson_type !== '' || row.homework !== '' || row.plan_item_id !== null) return false;
    const [entered] = await queryAll<{ n: number }>(this.conn,
      `SELECT (SELECT COUNT(*) FROM mark WHERE lesson_id = ? AND value IS NOT NULL) + (SELECT COUNT(*) FROM attendance WHERE lesson_id = ? AND code IS NOT NULL) AS n`, [lessonId, lessonId]);
    return (entered?.n ?? 0) === 0;
  }

  private async hasOpenConflict(table: string, rowId: string, field: string): Promise<boolean> {
    const rows = await queryAll<{ id: string }>(this.conn, `SELECT id FROM sync_conflict WHERE id = ? AND status = 'open'`, [`${table}:${rowId}:${field}`]);
    if (rows.length > 0) return true;
    // A conflict of a rule that ties fields together: one of its ways out sets this field.
    const rules = await queryAll<{ id: string; table_name: string; row_id: string }>(this.conn, `SELECT id, table_name, row_id FROM sync_conflict WHERE id LIKE 'rule:%' AND status = 'open'`);
    for (const r of rules) {
      const v = await currentViolation(this.conn, r.id, r.table_name, r.row_id);
      if (v?.resolutions.some((w) => w.undo.some((u) => u.table === table && u.id === rowId && field in u.set))) return true;
    }
    return false;
  }

  /** Why the change set is refused, or null when its author was allowed to make every change of it. */
  async refusal(set: readonly LogEntry[]): Promise<string | null> {
    this.waitsForSubject = false;
    this.missingRow = false;
    this.creating = new Set(set.filter((e) => e.field === ROW_CREATED).map((e) => `${e.table_name}\u0000${e.row_id}`));
    const why = await this.check(set);
    // Refused only because a row it refers to has not arrived: it waits instead (pull.ts).
    if (why && this.missingRow) this.waitsForSubject = true;
    return why;
  }

  private async check(set: readonly LogEntry[]): Promise<string | null> {
    const user = set[0]!.user_id;
    if (!user) {
      return set.every((e) => (SYSTEM_TABLES as readonly string[]).includes(e.table_name)) ? null : 'изменение без автора (не подписано сотрудником)';
    }
    if (set.some((e) => e.user_id !== user)) return 'в одном наборе изменения разных авторов';
    const roles = await this.rolesOf(user);
    if (roles.size === 0) return 'автор не сотрудник школы';
    await this.readRowsOf(set);
    // What the set gives each of its rows, field by field: built only when a rule asks
    // (a rule that requires fields, e.g. a report's entry in the register told by its kind).
    let byRow: Map<string, Record<string, FieldValue>> | null = null;
    const rowSetOf = (table: string, rowId: string): Readonly<Record<string, FieldValue>> => {
      if (!byRow) {
        byRow = new Map();
        for (const x of set) {
          const k = `${x.table_name}\u0000${x.row_id}`;
          const row = byRow.get(k) ?? {};
          if (x.field === ROW_CREATED) Object.assign(row, JSON.parse(x.new_value) as Record<string, FieldValue>);
          else row[x.field] = JSON.parse(x.new_value) as FieldValue;
          byRow.set(k, row);
        }
      }
      return byRow.get(`${table}\u0000${rowId}`) ?? {};
    };
    for (const e of set) {
      // Names reach SQL below: only the schema's tables and fields (the segment checked them too).
      if (!isJournalTable(e.table_name) || (e.field !== ROW_CREATED && !isFieldOf(e.table_name, e.field))) return `таблица или поле не ведутся в журнале: ${e.table_name}.${e.field}`;
      const values: Record<string, FieldValue> = e.field === ROW_CREATED
        ? (JSON.parse(e.new_value) as Record<string, FieldValue>)
        : { [e.field]: JSON.parse(e.new_value) as FieldValue };
      const existsNow = e.field === ROW_CREATED ? false : await this.exists(e.table_name, e.row_id).catch(() => false);
      // A relationship does not depend on the field: answered once per change (a row
      // created with eleven fields asks the same question eleven times).
      const relations = new Map<Relation, Promise<boolean>>();
      const questions: RuleQuestions = {
        roles,
        relation: (r) => {
          let answer = relations.get(r);
          if (!answer) {
            answer = (async () => (await this.holds(r, user, e, set, 'after')) && (!existsNow || (await this.holds(r, user, e, set, 'now'))))();
            relations.set(r, answer);
          }
          return answer;
        },
        // A creation is known from the entry: a row made by this set did not exist.
        condition: (c, field) => (c === 'createsRow' ? Promise.resolve(!existsNow) : this.meets(c, { ...e, field }, set)),
        current: (field) => (existsNow ? this.valueSeen(e, field) : Promise.resolve(undefined)),
        rowSet: () => rowSetOf(e.table_name, e.row_id),
      };
      const why = await ruleRefusal(e.table_name, values, questions);
      if (why) return why;
    }
    return null;
  }
}
