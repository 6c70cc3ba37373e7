// What the class teacher's reports share (issue 14 points 6 and 7; R-REP-4, R-REP-7,
// R-TIME-6): the class and its school, the dates a report covers (a period, or from–to, inside
// the class's school year), the students on the class's roll in those dates, who may ask
// (the class teacher for their own class; deputies and the director for any), and each
// student's attendance day by day — the lessons they had (their subgroup's only, while they
// were in the class) and the absences marked on them.
import type { Knex } from 'knex';
import { addDays, formatRuDate, isIsoDate } from '../../shared/dates';
import { shortName } from '../../shared/format';
import type { ReportParams } from '../../shared/report-model';
import type { AttendanceCode } from '../schema';
import { ReportError } from './errors';
import type { ReportContext } from './types';

export interface ClassInfo {
  readonly id: string;
  readonly name: string;
  readonly grade: number;
  readonly yearId: string;
  readonly yearName: string;
  readonly yearStart: string;
  readonly yearEnd: string;
  readonly classTeacherId: string | null;
  /** «Иванова А. П.», '' when none is appointed. */
  readonly classTeacherName: string;
  readonly schoolFullName: string;
  readonly schoolShortName: string;
}

export async function classInfo(knex: Knex, classId: string): Promise<ClassInfo> {
  const c = await knex('class as c').join('academic_year as y', 'y.id', 'c.year_id')
    .leftJoin('staff as t', 't.id', 'c.class_teacher_id')
    .where('c.id', classId)
    .first('c.id', 'c.name', 'c.grade', 'c.year_id', 'c.class_teacher_id', 'y.name as year_name', 'y.starts_on', 'y.ends_on',
      't.last_name as t_last', 't.first_name as t_first', 't.middle_name as t_middle');
  if (!c) throw new ReportError('REPORT_NOT_FOUND', 'Класс не найден.');
  const school = await knex('school').first('full_name', 'short_name');
  return {
    id: c.id, name: c.name, grade: Number(c.grade), yearId: c.year_id, yearName: c.year_name, yearStart: c.starts_on, yearEnd: c.ends_on,
    classTeacherId: c.class_teacher_id ?? null,
    classTeacherName: c.t_last ? shortName(c.t_last, c.t_first, c.t_middle) : '',
    schoolFullName: school?.full_name ?? '', schoolShortName: school?.short_name ?? '',
  };
}

export interface DateRange {
  readonly from: string;
  readonly to: string;
  /** '2 четверть · 05.11.2026–28.12.2026' or '01.11.2026–30.11.2026'. */
  readonly label: string;
  readonly periodId: string | null;
}

/**
 * The dates asked for: a period (periodId), or from and to; neither — `fallback` days up to
 * today (the whole year to today when `fallback` is null). They must lie inside the class's
 * school year (REPORT_OUTSIDE_YEAR otherwise).
 */
export async function rangeOf(knex: Knex, params: ReportParams, cls: ClassInfo, ctx: ReportContext, fallback: number | null = null): Promise<DateRange> {
  const span = (from: string, to: string) => `${formatRuDate(from)}–${formatRuDate(to)}`;
  if (params.periodId) {
    if (params.from || params.to) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите либо учебный период, либо даты «с» и «по».');
    const p = await knex('period').where({ id: params.periodId }).first('id', 'year_id', 'name', 'starts_on', 'ends_on');
    if (!p) throw new ReportError('REPORT_NOT_FOUND', 'Учебный период не найден.');
    if (p.year_id !== cls.yearId) throw new ReportError('REPORT_OUTSIDE_YEAR', `Период «${p.name}» не относится к учебному году ${cls.yearName} класса ${cls.name}.`);
    return { from: p.starts_on, to: p.ends_on, label: `${p.name} · ${span(p.starts_on, p.ends_on)}`, periodId: p.id };
  }
  let { from, to } = params;
  if (!from && !to) {
    const end = ctx.today < cls.yearEnd ? ctx.today : cls.yearEnd;
    to = end < cls.yearStart ? cls.yearEnd : end;
    from = fallback === null ? cls.yearStart : addDays(to, 1 - fallback);
    if (from < cls.yearStart) from = cls.yearStart;
  }
  if (!from || !to) throw new ReportError('REPORT_BAD_PARAMS', 'Укажите обе даты: «с» и «по».');
  if (!isIsoDate(from) || !isIsoDate(to)) throw new ReportError('REPORT_BAD_PARAMS', 'Даты указываются как ГГГГ-ММ-ДД.');
  if (from > to) throw new ReportError('REPORT_BAD_PARAMS', `Дата «с» (${formatRuDate(from)}) позже даты «по» (${formatRuDate(to)}).`);
  if (from < cls.yearStart || to > cls.yearEnd) {
    throw new ReportError('REPORT_OUTSIDE_YEAR',
      `Даты ${span(from, to)} выходят за учебный год ${cls.yearName} (${span(cls.yearStart, cls.yearEnd)}).`);
  }
  return { from, to, label: span(from, to), periodId: null };
}

export interface RollStudent {
  readonly id: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  /** «Фамилия Имя». */
  readonly name: string;
  readonly paperFamily: boolean;
  /** The student's days in the class inside the range (an enrolment each). */
  readonly spans: readonly { readonly from: string; readonly to: string }[];
  /** Came into the class inside the range (after its first day). */
  readonly arrivedOn: string | null;
  /** Left the class inside the range (the last day in it). */
  readonly leftOn: string | null;
}

/** The students on the class's roll at any day of the range, by name. */
export async function rollOf(knex: Knex, classId: string, range: { from: string; to: string }): Promise<RollStudent[]> {
  const rows: { id: string; last_name: string; first_name: string; middle_name: string; paper_family: number; starts_on: string; ends_on: string | null }[] =
    await knex('enrolment as e').join('student as s', 's.id', 'e.student_id')
      .where('e.class_id', classId).where('e.starts_on', '<=', range.to)
      .where((q) => q.whereNull('e.ends_on').orWhere('e.ends_on', '>=', range.from))
      .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }, { column: 's.middle_name' }, { column: 'e.starts_on' }])
      .select('s.id', 's.last_name', 's.first_name', 's.middle_name', 's.paper_family', 'e.starts_on', 'e.ends_on');
  const byId = new Map<string, { s: (typeof rows)[number]; spans: { from: string; to: string }[]; first: string; last: string | null }>();
  for (const r of rows) {
    const span = { from: r.starts_on > range.from ? r.starts_on : range.from, to: r.ends_on !== null && r.ends_on < range.to ? r.ends_on : range.to };
    const had = byId.get(r.id);
    if (had) {
      had.spans.push(span);
      had.first = had.first < r.starts_on ? had.first : r.starts_on;
      had.last = had.last === null || r.ends_on === null ? null : had.last > r.ends_on ? had.last : r.ends_on;
    } else {
      byId.set(r.id, { s: r, spans: [span], first: r.starts_on, last: r.ends_on });
    }
  }
  return [...byId.values()].map(({ s, spans, first, last }) => ({
    id: s.id, lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name,
    name: `${s.last_name} ${s.first_name}`.trim(), paperFamily: s.paper_family === 1, spans,
    arrivedOn: first > range.from ? first : null,
    leftOn: last !== null && last < range.to ? last : null,
  }));
}

export const inSpans = (spans: readonly { from: string; to: string }[], date: string): boolean => spans.some((s) => s.from <= date && date <= s.to);

/** The class a student was in on a day (the last one they joined on or before it), or null. */
export async function classOfStudentOn(knex: Knex, studentId: string, date: string): Promise<string | null> {
  const e = await knex('enrolment').where({ student_id: studentId }).where('starts_on', '<=', date)
    .where((q) => q.whereNull('ends_on').orWhere('ends_on', '>=', date))
    .orderBy('starts_on', 'desc').first('class_id');
  if (e) return e.class_id as string;
  const last = await knex('enrolment').where({ student_id: studentId }).orderBy('starts_on', 'desc').first('class_id');
  return (last?.class_id as string | undefined) ?? null;
}

const SEES_EVERY_CLASS = ['deputy', 'director'] as const;

/**
 * A class teacher asks only for their own class (or a student of it); deputies and the
 * director for any (R-ROLE-3, R-ROLE-4, R-ROLE-5). A Russian reason to refuse, or null.
 */
export async function refuseOtherClass(knex: Knex, params: ReportParams, ctx: ReportContext): Promise<string | null> {
  if (ctx.user.roles.some((r) => (SEES_EVERY_CLASS as readonly string[]).includes(r))) return null;
  let classId = params.classId ?? null;
  if (!classId && params.studentId) classId = await classOfStudentOn(knex, params.studentId, params.to ?? ctx.today);
  if (!classId) return 'Классный руководитель получает отчёты своего класса: укажите класс.';
  const c = await knex('class').where({ id: classId }).first('class_teacher_id');
  if (!c) return null; // the builder says the class is unknown
  if (ctx.user.roles.includes('class_teacher') && c.class_teacher_id === ctx.user.id) return null;
  return 'Отчёт доступен классному руководителю этого класса, заместителям директора и директору.';
}

// ---- attendance day by day ------------------------------------------------------------------

/** The absences that are a lesson missed (R-REC-3): illness, another valid reason, none. */
export const MISSED_CODES = ['Б', 'У', 'Н'] as const;
export type MissedCode = (typeof MISSED_CODES)[number];

export interface StudentDay {
  /** Lessons the student had that day (their class's, their subgroup's). */
  lessons: number;
  /** Lessons missed, by reason. */
  missed: Record<MissedCode, number>;
  /** Lessons the student came late to (О). */
  late: number;
}

/** Per student, per date: the lessons and the absences marked. */
export type AttendanceDays = Map<string, Map<string, StudentDay>>;

/** Each student's days in the range: lessons of the class they had, and their absences. */
export async function attendanceDays(knex: Knex, classId: string, range: { from: string; to: string }, roll: readonly RollStudent[]): Promise<AttendanceDays> {
  const lessons: { id: string; date: string; subgroup_id: string | null }[] = await knex('lesson as l')
    .join('teaching_assignment as a', 'a.id', 'l.assignment_id')
    .where('a.class_id', classId).where('l.cancelled', 0).whereBetween('l.date', [range.from, range.to])
    .select('l.id', 'l.date', 'a.subgroup_id');
  const groups = [...new Set(lessons.map((l) => l.subgroup_id).filter((g): g is string => g !== null))];
  const members: { subgroup_id: string; student_id: string; starts_on: string; ends_on: string | null }[] = groups.length === 0 ? [] :
    await knex('subgroup_member').whereIn('subgroup_id', groups).select('subgroup_id', 'student_id', 'starts_on', 'ends_on');
  const marks: { lesson_id: string; student_id: string; code: AttendanceCode }[] = await knex('attendance as x')
    .join('lesson as l', 'l.id', 'x.lesson_id').join('teaching_assignment as a', 'a.id', 'l.assignment_id')
    .where('a.class_id', classId).where('l.cancelled', 0).whereBetween('l.date', [range.from, range.to]).whereNotNull('x.code')
    .select('x.lesson_id', 'x.student_id', 'x.code');
  const codeOf = new Map(marks.map((m) => [`${m.lesson_id}|${m.student_id}`, m.code]));
  const inGroup = (group: string, student: string, date: string) =>
    members.some((m) => m.subgroup_id === group && m.student_id === student && m.starts_on <= date && (m.ends_on === null || m.ends_on >= date));
  const out: AttendanceDays = new Map();
  for (const s of roll) {
    const days = new Map<string, StudentDay>();
    for (const l of lessons) {
      if (!inSpans(s.spans, l.date)) continue;
      const code = codeOf.get(`${l.id}|${s.id}`);
      // A group lesson counts for the group's students; an absence marked on it counts anyway.
      if (l.subgroup_id !== null && !inGroup(l.subgroup_id, s.id, l.date) && code === undefined) continue;
      let d = days.get(l.date);
      if (!d) days.set(l.date, d = { lessons: 0, missed: { Б: 0, У: 0, Н: 0 }, late: 0 });
      d.lessons += 1;
      if (code === 'О') d.late += 1;
      else if (code === 'Б' || code === 'У' || code === 'Н') d.missed[code] += 1;
    }
    out.set(s.id, days);
  }
  return out;
}

/**
 * A full day missed (R-REP-4, 002 §5.2.8): every lesson the student had that day missed. Its
 * reason is the one most of its lessons carry; on a tie the one without a valid reason first
 * (Н, then У, then Б). Null: not a full day.
 */
export function fullDayReason(d: StudentDay): MissedCode | null {
  const total = d.missed.Б + d.missed.У + d.missed.Н;
  if (d.lessons === 0 || total < d.lessons) return null;
  let best: MissedCode = 'Н';
  for (const c of ['Н', 'У', 'Б'] as const) if (d.missed[c] > d.missed[best]) best = c;
  return best;
}

export interface AttendanceTotals {
  lessons: Record<MissedCode, number> & { all: number };
  days: Record<MissedCode, number> & { all: number };
  late: number;
}

export const emptyTotals = (): AttendanceTotals => ({ lessons: { Б: 0, У: 0, Н: 0, all: 0 }, days: { Б: 0, У: 0, Н: 0, all: 0 }, late: 0 });

export function addDay(t: AttendanceTotals, d: StudentDay): void {
  for (const c of MISSED_CODES) {
    t.lessons[c] += d.missed[c];
    t.lessons.all += d.missed[c];
  }
  const full = fullDayReason(d);
  if (full) {
    t.days[full] += 1;
    t.days.all += 1;
  }
  t.late += d.late;
}

export function addTotals(into: AttendanceTotals, t: AttendanceTotals): void {
  for (const k of [...MISSED_CODES, 'all'] as const) {
    into.lessons[k] += t.lessons[k];
    into.days[k] += t.days[k];
  }
  into.late += t.late;
}

/** The totals of a student's days, those whose date passes `keep`. */
export function totalsOf(days: Map<string, StudentDay> | undefined, keep: (date: string) => boolean = () => true): AttendanceTotals {
  const t = emptyTotals();
  for (const [date, d] of days ?? []) if (keep(date)) addDay(t, d);
  return t;
}

/** The rule of full days and reasons, shown next to the figures. */
export const ATTENDANCE_NOTES: readonly string[] = [
  'Б — пропуск по болезни, У — по другой уважительной причине, Н — без уважительной причины; опоздания (О) пропуском не считаются.',
  'Пропущенный день — день, в который ученик пропустил все свои уроки; причина дня — та, что у большинства его уроков (при равенстве — Н, затем У).',
  'Считаются уроки, которые были у ученика, пока он числился в классе (уроки группы — для учеников группы); отменённые уроки не считаются.',
];
