// Reading the change history (change_log) as people read it: a cell's story, and the log a
// deputy filters by class, author or date (R-TIME-3, R-ROLE-4). Each entry comes with the
// table and field in Russian words and what it concerns — class, subject, lesson, student,
// staff member, period — looked up for a whole page at once. Secret fields (passwords,
// activation codes, signing keys: SECRET_FIELDS) never leave here: their values are
// replaced by words («пароль изменён»), also inside a created row.
import type { Knex } from 'knex';
import { shortName as formatShortName } from '../../shared/format';
import { fieldWords, SECRET_FIELDS, isSecretField, secretChangeWords, tableWords } from '../../shared/journal-words';
import { ROW_CREATED } from '../journal-writer';

/** What an entry concerns, by name; null where it does not apply. */
export interface EntryAbout {
  /** «5А» */
  readonly className: string | null;
  /** «Математика», «Английский язык, группа 1» */
  readonly subject: string | null;
  /** The lesson's date (YYYY-MM-DD) and number in the day. */
  readonly lessonDate: string | null;
  readonly lessonNo: number | null;
  /** «Иванов Пётр» */
  readonly student: string | null;
  /** The staff member whose account, role or absence the row is: «Петрова А. Н.» */
  readonly staff: string | null;
  /** «I четверть» */
  readonly period: string | null;
}

export interface HistoryEntry {
  hlc: string;
  at: string;
  author: string | null;
  computer: string;
  table: string;
  /** The table in Russian: «Отметка», «Урок». */
  tableName: string;
  rowId: string;
  /** A field name, or null for the creation of the row (`newValue` then holds its fields). */
  field: string | null;
  /** The field in Russian: «Тема урока»; null for the creation of the row. */
  fieldName: string | null;
  oldValue: unknown;
  newValue: unknown;
  /** For a secret field, what happened in words («пароль изменён»; the values are then null); for a created row with secrets, the words for them (the fields themselves removed). */
  secret: string | null;
  reason: string;
  about: EntryAbout;
}

interface LogRow {
  hlc: string; recorded_at: string; node_id: string; table_name: string; row_id: string; field: string;
  old_value: string | null; new_value: string; reason: string; last_name: string | null; first_name: string | null; middle_name: string | null;
}

type Person = { last_name: string; first_name: string; middle_name: string | null };

/** «Петрова А. Н.» */
function shortName(p: Person): string {
  return formatShortName(p.last_name, p.first_name, p.middle_name);
}

/** The values of an entry with every secret field replaced by words. */
function withoutSecrets(table: string, field: string | null, oldValue: unknown, newValue: unknown): Pick<HistoryEntry, 'oldValue' | 'newValue' | 'secret'> {
  const given = (v: unknown) => v !== null && v !== undefined && v !== '';
  if (field !== null) {
    return isSecretField(table, field)
      ? { oldValue: null, newValue: null, secret: secretChangeWords(table, field, given(oldValue), given(newValue)) }
      : { oldValue, newValue, secret: null };
  }
  const secrets = SECRET_FIELDS[table];
  if (!secrets || typeof newValue !== 'object' || newValue === null) return { oldValue, newValue, secret: null };
  const fields: Record<string, unknown> = { ...(newValue as Record<string, unknown>) };
  const words: string[] = [];
  for (const f of secrets) {
    if (!(f in fields)) continue;
    if (given(fields[f])) {
      const w = secretChangeWords(table, f, false, true);
      if (!words.includes(w)) words.push(w);
    }
    delete fields[f];
  }
  return { oldValue: null, newValue: fields, secret: words.length > 0 ? words.join(', ') : null };
}

// ---- what an entry concerns --------------------------------------------------------------

type Ref = 'lesson' | 'assignment' | 'subgroup' | 'class' | 'subject' | 'student' | 'staff' | 'period';
type Refs = Partial<Record<Ref, string>>;

/**
 * Which field of a table's row names what the row concerns (`id`: the row itself). Marks
 * and attendance reach their class and subject through the lesson and its page
 * (teaching assignment); correction requests through the edit they ask for.
 */
const REFS: Readonly<Record<string, Readonly<Partial<Record<Ref, string>>>>> = {
  mark: { lesson: 'lesson_id', student: 'student_id' },
  attendance: { lesson: 'lesson_id', student: 'student_id' },
  lesson: { lesson: 'id' },
  period_mark: { class: 'class_id', subject: 'subject_id', student: 'student_id', period: 'period_id' },
  student_note: { lesson: 'lesson_id', student: 'student_id' },
  substitution: { lesson: 'lesson_id', staff: 'absent_teacher_id' },
  control_remark: { assignment: 'assignment_id' },
  plan_item: { assignment: 'assignment_id' },
  timetable_entry: { assignment: 'assignment_id' },
  teaching_assignment: { assignment: 'id', staff: 'teacher_id' },
  student: { student: 'id' },
  consent: { student: 'student_id' },
  student_guardian: { student: 'student_id' },
  enrolment: { student: 'student_id', class: 'class_id' },
  subgroup_member: { student: 'student_id', subgroup: 'subgroup_id' },
  movement: { student: 'student_id', class: 'to_class_id' },
  class: { class: 'id' },
  subgroup: { subgroup: 'id' },
  subject: { subject: 'id' },
  curriculum: { subject: 'subject_id' },
  staff: { staff: 'id' },
  staff_role: { staff: 'staff_id' },
  period: { period: 'id' },
  certification_subject: { assignment: 'assignment_id', class: 'class_id', subject: 'subject_id' },
  certification_class: { class: 'class_id' },
  print_register: { class: 'class_id', period: 'period_id' },
  strict_document_log: { class: 'class_id', period: 'period_id' },
  year_archive: { class: 'class_id' },
};

/** The arguments of a correction request's edit that name a lesson, page, student or period. */
const CORRECTION_ARGS: Readonly<Record<string, Ref>> = { lessonId: 'lesson', assignmentId: 'assignment', studentId: 'student', periodId: 'period' };

const CHUNK = 500;

/** `select` for ids in chunks (SQLite limits the number of bound values). */
async function byIds<T extends { id: string }>(ids: Iterable<string>, select: (chunk: string[]) => Promise<T[]>): Promise<Map<string, T>> {
  const list = [...new Set(ids)];
  const out = new Map<string, T>();
  for (let i = 0; i < list.length; i += CHUNK) for (const r of await select(list.slice(i, i + CHUNK))) out.set(r.id, r);
  return out;
}

const NOTHING: EntryAbout = { className: null, subject: null, lessonDate: null, lessonNo: null, student: null, staff: null, period: null };

/** What each entry concerns, in a fixed number of queries for the whole list. */
async function aboutEntries(knex: Knex, rows: readonly LogRow[]): Promise<EntryAbout[]> {
  // 1. The rows the entries changed: the fields that name what they concern.
  const idsByTable = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!REFS[r.table_name] && r.table_name !== 'correction_request') continue;
    const ids = idsByTable.get(r.table_name) ?? new Set<string>();
    ids.add(r.row_id);
    idsByTable.set(r.table_name, ids);
  }
  const current = new Map<string, Map<string, Record<string, unknown>>>();
  await Promise.all([...idsByTable].map(async ([table, ids]) => {
    const columns = table === 'correction_request' ? ['payload'] : [...new Set(Object.values(REFS[table]!).filter((c) => c !== 'id'))];
    if (columns.length === 0) return;
    current.set(table, await byIds([...ids], (chunk) => knex(table).whereIn('id', chunk).select('id', ...columns) as Promise<{ id: string }[]>));
  }));
  // A created row carries its fields in the entry itself (for a row not found).
  const createdValues = new Map<string, Record<string, unknown>>();
  for (const r of rows) if (r.field === ROW_CREATED) createdValues.set(`${r.table_name}:${r.row_id}`, JSON.parse(r.new_value) as Record<string, unknown>);

  const refsOf = rows.map((r): Refs => {
    const row = current.get(r.table_name)?.get(r.row_id) ?? createdValues.get(`${r.table_name}:${r.row_id}`);
    const refs: Refs = {};
    if (r.table_name === 'correction_request') {
      let args: Record<string, unknown> = {};
      try {
        args = (JSON.parse(String(row?.payload ?? '{}')) as { args?: Record<string, unknown> }).args ?? {};
      } catch { /* an unreadable payload names nothing */ }
      for (const [arg, ref] of Object.entries(CORRECTION_ARGS)) if (typeof args[arg] === 'string') refs[ref] = args[arg];
      return refs;
    }
    for (const [ref, column] of Object.entries(REFS[r.table_name] ?? {}) as [Ref, string][]) {
      const v = column === 'id' ? r.row_id : row?.[column];
      if (typeof v === 'string' && v !== '') refs[ref] = v;
    }
    return refs;
  });
  const all = (ref: Ref) => refsOf.map((x) => x[ref]).filter((x): x is string => !!x);

  // 2. Lessons lead to their pages; pages and groups to the class and subject.
  const lessons = await byIds(all('lesson'), (chunk) => knex('lesson').whereIn('id', chunk).select('id', 'assignment_id', 'date', 'lesson_no') as Promise<{ id: string; assignment_id: string; date: string; lesson_no: number }[]>);
  const assignmentIds = [...all('assignment'), ...[...lessons.values()].map((l) => l.assignment_id)];
  const assignments = await byIds(assignmentIds, (chunk) => knex('teaching_assignment').whereIn('id', chunk).select('id', 'class_id', 'subject_id', 'subgroup_id') as Promise<{ id: string; class_id: string; subject_id: string; subgroup_id: string | null }[]>);
  const subgroupIds = [...all('subgroup'), ...[...assignments.values()].map((a) => a.subgroup_id).filter((x): x is string => !!x)];
  const subgroups = await byIds(subgroupIds, (chunk) => knex('subgroup').whereIn('id', chunk).select('id', 'class_id', 'subject_id', 'name') as Promise<{ id: string; class_id: string; subject_id: string; name: string }[]>);

  const resolved = refsOf.map((refs) => {
    const lesson = refs.lesson ? lessons.get(refs.lesson) : undefined;
    const assignment = assignments.get(refs.assignment ?? lesson?.assignment_id ?? '');
    const subgroup = subgroups.get(refs.subgroup ?? assignment?.subgroup_id ?? '');
    return {
      refs, lesson, subgroup,
      classId: refs.class ?? assignment?.class_id ?? subgroup?.class_id,
      subjectId: refs.subject ?? assignment?.subject_id ?? subgroup?.subject_id,
    };
  });

  // 3. The names.
  const [classes, subjects, students, staff, periods] = await Promise.all([
    byIds(resolved.map((x) => x.classId).filter((x): x is string => !!x), (chunk) => knex('class').whereIn('id', chunk).select('id', 'name') as Promise<{ id: string; name: string }[]>),
    byIds(resolved.map((x) => x.subjectId).filter((x): x is string => !!x), (chunk) => knex('subject').whereIn('id', chunk).select('id', 'name') as Promise<{ id: string; name: string }[]>),
    byIds(all('student'), (chunk) => knex('student').whereIn('id', chunk).select('id', 'last_name', 'first_name') as Promise<{ id: string; last_name: string; first_name: string }[]>),
    byIds(all('staff'), (chunk) => knex('staff').whereIn('id', chunk).select('id', 'last_name', 'first_name', 'middle_name') as Promise<({ id: string } & Person)[]>),
    byIds(all('period'), (chunk) => knex('period').whereIn('id', chunk).select('id', 'name') as Promise<{ id: string; name: string }[]>),
  ]);

  return resolved.map(({ refs, lesson, subgroup, classId, subjectId }): EntryAbout => {
    const student = refs.student ? students.get(refs.student) : undefined;
    const person = refs.staff ? staff.get(refs.staff) : undefined;
    const subject = subjectId ? subjects.get(subjectId)?.name ?? null : null;
    return {
      className: classId ? classes.get(classId)?.name ?? null : null,
      subject: subject && subgroup ? `${subject}, ${subgroup.name}` : subject,
      lessonDate: lesson?.date ?? null,
      lessonNo: lesson?.lesson_no ?? null,
      student: student ? `${student.last_name} ${student.first_name}` : null,
      staff: person ? shortName(person) : null,
      period: refs.period ? periods.get(refs.period)?.name ?? null : null,
    };
  });
}

async function toEntries(knex: Knex, rows: readonly LogRow[]): Promise<HistoryEntry[]> {
  const about = rows.length > 0 ? await aboutEntries(knex, rows) : [];
  return rows.map((r, i) => {
    const field = r.field === ROW_CREATED ? null : r.field;
    const values = withoutSecrets(r.table_name, field, r.old_value === null ? null : JSON.parse(r.old_value), JSON.parse(r.new_value));
    return {
      hlc: r.hlc,
      at: r.recorded_at,
      author: r.last_name ? shortName(r as Person) : null,
      computer: r.node_id,
      table: r.table_name,
      tableName: tableWords(r.table_name),
      rowId: r.row_id,
      field,
      fieldName: field === null ? null : fieldWords(r.table_name, field),
      ...values,
      reason: r.reason,
      about: about[i] ?? NOTHING,
    };
  });
}

function base(knex: Knex) {
  return knex('change_log as c')
    .leftJoin('staff as s', 's.id', 'c.user_id')
    .select('c.hlc', 'c.recorded_at', 'c.node_id', 'c.table_name', 'c.row_id', 'c.field', 'c.old_value', 'c.new_value', 'c.reason', 's.last_name', 's.first_name', 's.middle_name');
}

export async function rowsHistory(knex: Knex, rowIds: string[]): Promise<HistoryEntry[]> {
  const rows: LogRow[] = await base(knex).whereIn('c.row_id', rowIds).orderBy('c.hlc');
  return toEntries(knex, rows);
}

export interface LogFilter {
  classId?: string;
  /** Changes made by this staff member (the whole log is searched, newest first). */
  authorId?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Entries older than this clock value (paging). */
  before?: string;
}

export async function filteredLog(knex: Knex, f: LogFilter): Promise<HistoryEntry[]> {
  const q = base(knex).orderBy('c.hlc', 'desc').limit(f.limit);
  if (f.authorId) q.where('c.user_id', f.authorId);
  if (f.from) q.where('c.recorded_at', '>=', `${f.from}T00:00:00`);
  if (f.to) q.where('c.recorded_at', '<=', `${f.to}T23:59:59.999Z`);
  if (f.before) q.where('c.hlc', '<', f.before);
  if (f.classId) {
    const cls = f.classId;
    q.where((w) => w
      .where((x) => x.where('c.table_name', 'lesson').whereExists(
        knex('lesson as l').join('teaching_assignment as a', 'a.id', 'l.assignment_id').whereRaw('l.id = c.row_id').where('a.class_id', cls)))
      .orWhere((x) => x.where('c.table_name', 'mark').whereExists(
        knex('mark as m').join('lesson as l', 'l.id', 'm.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id').whereRaw('m.id = c.row_id').where('a.class_id', cls)))
      .orWhere((x) => x.where('c.table_name', 'attendance').whereExists(
        knex('attendance as t').join('lesson as l', 'l.id', 't.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id').whereRaw('t.id = c.row_id').where('a.class_id', cls)))
      .orWhere((x) => x.where('c.table_name', 'period_mark').whereExists(
        knex('period_mark as p').whereRaw('p.id = c.row_id').where('p.class_id', cls))));
  }
  return toEntries(knex, await q as LogRow[]);
}

/** The staff members who have made changes: the choices of the log's author filter. */
export async function logAuthors(knex: Knex): Promise<{ id: string; name: string }[]> {
  const rows: ({ id: string } & Person)[] = await knex('staff as s')
    .whereExists(knex('change_log as c').whereRaw('c.user_id = s.id'))
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }, { column: 's.middle_name' }])
    .select('s.id', 's.last_name', 's.first_name', 's.middle_name');
  return rows.map((r) => ({ id: r.id, name: shortName(r) }));
}

/** The entries with these clocks, as people read them. */
export async function entriesByHlc(knex: Knex, hlcs: readonly string[]): Promise<HistoryEntry[]> {
  if (hlcs.length === 0) return [];
  const rows: LogRow[] = await base(knex).whereIn('c.hlc', [...hlcs]).orderBy('c.hlc');
  return toEntries(knex, rows);
}
