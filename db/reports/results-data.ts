// The SQL aggregates behind the results report (R-REP-4): period marks counted in SQLite,
// never loaded one by one. A "target" is a class in a period: the students counted are those
// on its roll on the period's last day (an enrolment ends on its last day, inclusive:
// service/people/enrolment.ts), so a student who left before the end is not counted. The
// slice by subject or teacher narrows which period marks are counted. The joins go class →
// roll → period marks (CROSS JOIN keeps SQLite to that order: by the period's marks first it
// would read every mark of the period once per class).
import type { Knex } from 'knex';
import { emptyCounts, type ResultCounts } from './results-math';

/** A class in a period, whose roll on `endsOn` is counted. */
export interface Target {
  readonly periodId: string;
  readonly endsOn: string;
  readonly classId: string;
}

/** Which period marks count: all, one subject's, or those of one teacher's pages. */
export interface MarkFilter {
  readonly subjectId?: string;
  readonly teacherId?: string;
}

const NUMERIC = `('1', '2', '3', '4', '5')`;

/** The targets as a CTE read from one JSON parameter (no limit on their number). */
const TARGETS = `target AS (
  SELECT json_extract(value, '$.p') AS period_id, json_extract(value, '$.e') AS ends_on, json_extract(value, '$.c') AS class_id
  FROM json_each(?))`;

const targetsJson = (targets: readonly Target[]) => JSON.stringify(targets.map((t) => ({ p: t.periodId, e: t.endsOn, c: t.classId })));

/** On the class's roll on the period's last day (R-REP-4). */
const ON_ROLL = `e.class_id = t.class_id AND e.starts_on <= t.ends_on AND (e.ends_on IS NULL OR e.ends_on >= t.ends_on)`;

/**
 * A teacher's period marks: of a subject the teacher teaches in that class on the period's
 * last day; for a subgroup's page, only its members then.
 */
const TEACHES = `EXISTS (SELECT 1 FROM teaching_assignment a
  WHERE a.teacher_id = ? AND a.class_id = t.class_id AND a.subject_id = m.subject_id
    AND a.starts_on <= t.ends_on AND (a.ends_on IS NULL OR a.ends_on >= t.ends_on)
    AND (a.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g
      WHERE g.subgroup_id = a.subgroup_id AND g.student_id = e.student_id
        AND g.starts_on <= t.ends_on AND (g.ends_on IS NULL OR g.ends_on >= t.ends_on))))`;

function markFilterSql(f: MarkFilter): { sql: string; bindings: string[] } {
  const parts: string[] = [];
  const bindings: string[] = [];
  if (f.subjectId) {
    parts.push('m.subject_id = ?');
    bindings.push(f.subjectId);
  }
  if (f.teacherId) {
    parts.push(TEACHES);
    bindings.push(f.teacherId);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), bindings };
}

/** Per student on a roll: how many of each period mark (the slice's), and the numeric sum. */
const PER_STUDENT_COLUMNS = `
  COALESCE(SUM(m.value = '5'), 0) AS n5, COALESCE(SUM(m.value = '4'), 0) AS n4, COALESCE(SUM(m.value = '3'), 0) AS n3,
  COALESCE(SUM(m.value IN ('1', '2')), 0) AS n2, COALESCE(SUM(m.value = 'Н/А'), 0) AS nna, COALESCE(SUM(m.value = 'ОСВ'), 0) AS nosv,
  COALESCE(SUM(CASE WHEN m.value IN ${NUMERIC} THEN CAST(m.value AS INTEGER) END), 0) AS msum,
  COALESCE(SUM(m.value IN ${NUMERIC}), 0) AS mcount`;

export interface StudentResult {
  readonly periodId: string;
  readonly classId: string;
  readonly studentId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly n5: number;
  readonly n4: number;
  readonly n3: number;
  readonly n2: number;
  readonly nna: number;
  readonly nosv: number;
  readonly msum: number;
  readonly mcount: number;
  /** 'Математика|3;Физика|Н/А': the subjects of «3», «2», «1» and «Н/А». */
  readonly weak: string | null;
}

/** Every student on the targets' rolls with their counts (the lists by name need them). */
export async function studentResults(knex: Knex, targets: readonly Target[], f: MarkFilter): Promise<StudentResult[]> {
  if (targets.length === 0) return [];
  const mf = markFilterSql(f);
  return knex.raw(
    `WITH ${TARGETS}
     SELECT t.period_id AS periodId, t.class_id AS classId, e.student_id AS studentId, s.last_name AS lastName, s.first_name AS firstName,
       ${PER_STUDENT_COLUMNS},
       group_concat(CASE WHEN m.value IN ('1', '2', '3', 'Н/А') THEN sb.name || '|' || m.value END, ';') AS weak
     FROM target t
     JOIN enrolment e ON ${ON_ROLL}
     JOIN student s ON s.id = e.student_id
     LEFT JOIN period_mark m ON m.period_id = t.period_id AND m.student_id = e.student_id AND m.value IS NOT NULL${mf.sql}
     LEFT JOIN subject sb ON sb.id = m.subject_id
     GROUP BY t.period_id, t.class_id, e.student_id
     ORDER BY s.last_name, s.first_name, e.student_id`,
    [targetsJson(targets), ...mf.bindings],
  ) as Promise<StudentResult[]>;
}

/** A class's counts in a period: students by their lowest period mark (R-REP-4). */
export interface ClassCounts extends ResultCounts {
  readonly periodId: string;
  readonly classId: string;
  /** On the roll on the period's last day. */
  roll: number;
  /** Of them: exempt (ОСВ) in every subject counted, and with no period mark at all. */
  exempt: number;
  noMark: number;
}

/** The student's lowest result decides which count they are in: Н/А, then 2 (and 1), 3, 4, 5. */
export function classCountsOf(rows: readonly StudentResult[]): ClassCounts[] {
  const by = new Map<string, ClassCounts>();
  for (const r of rows) {
    const key = `${r.periodId}/${r.classId}`;
    let c = by.get(key);
    if (!c) {
      c = { periodId: r.periodId, classId: r.classId, roll: 0, exempt: 0, noMark: 0, ...emptyCounts() };
      by.set(key, c);
    }
    c.roll++;
    const cat = categoryOf(r);
    if (cat === 'exempt') c.exempt++;
    else if (cat === 'none') c.noMark++;
    else {
      c[cat]++;
      c.markSum += r.msum;
      c.markCount += r.mcount;
    }
  }
  return [...by.values()];
}

export type Category = 'n5' | 'n4' | 'n3' | 'n2' | 'nNa' | 'exempt' | 'none';

export function categoryOf(r: Pick<StudentResult, 'n5' | 'n4' | 'n3' | 'n2' | 'nna' | 'nosv'>): Category {
  if (r.nna > 0) return 'nNa';
  if (r.n2 > 0) return 'n2';
  if (r.n3 > 0) return 'n3';
  if (r.n4 > 0) return 'n4';
  if (r.n5 > 0) return 'n5';
  return r.nosv > 0 ? 'exempt' : 'none';
}

/**
 * The same counts per class, aggregated in SQL (for the comparisons and the chart: only the
 * classes' rows come back, not the students').
 */
export async function classCounts(knex: Knex, targets: readonly Target[], f: MarkFilter): Promise<ClassCounts[]> {
  if (targets.length === 0) return [];
  const mf = markFilterSql(f);
  const rows: Record<string, number | string>[] = await knex.raw(
    `WITH ${TARGETS},
     per_student AS (
       SELECT t.period_id, t.class_id, e.student_id, ${PER_STUDENT_COLUMNS}
       FROM target t
       JOIN enrolment e ON ${ON_ROLL}
       LEFT JOIN period_mark m ON m.period_id = t.period_id AND m.student_id = e.student_id AND m.value IS NOT NULL${mf.sql}
       GROUP BY t.period_id, t.class_id, e.student_id)
     SELECT period_id AS periodId, class_id AS classId, COUNT(*) AS roll,
       SUM(nna > 0) AS nNa, SUM(nna = 0 AND n2 > 0) AS n2, SUM(nna = 0 AND n2 = 0 AND n3 > 0) AS n3,
       SUM(nna = 0 AND n2 = 0 AND n3 = 0 AND n4 > 0) AS n4, SUM(nna = 0 AND n2 = 0 AND n3 = 0 AND n4 = 0 AND n5 > 0) AS n5,
       SUM(n5 + n4 + n3 + n2 + nna = 0 AND nosv > 0) AS exempt, SUM(n5 + n4 + n3 + n2 + nna + nosv = 0) AS noMark,
       SUM(CASE WHEN n5 + n4 + n3 + n2 + nna > 0 THEN msum ELSE 0 END) AS markSum,
       SUM(CASE WHEN n5 + n4 + n3 + n2 + nna > 0 THEN mcount ELSE 0 END) AS markCount
     FROM per_student GROUP BY period_id, class_id`,
    [targetsJson(targets), ...mf.bindings],
  );
  return rows.map((r) => ({
    periodId: String(r.periodId), classId: String(r.classId), roll: Number(r.roll), exempt: Number(r.exempt), noMark: Number(r.noMark),
    n5: Number(r.n5), n4: Number(r.n4), n3: Number(r.n3), n2: Number(r.n2), nNa: Number(r.nNa), markSum: Number(r.markSum), markCount: Number(r.markCount),
  }));
}

/** Counts of period marks (one per student and subject) grouped by subject or by teacher. */
export interface GroupCounts extends ResultCounts {
  readonly id: string;
  readonly name: string;
  exempt: number;
}

/** Period marks by subject (each a student's mark in the subject). */
export async function subjectCounts(knex: Knex, targets: readonly Target[], f: MarkFilter): Promise<GroupCounts[]> {
  if (targets.length === 0) return [];
  const mf = markFilterSql(f);
  const rows: Record<string, number | string>[] = await knex.raw(
    `WITH ${TARGETS}
     SELECT sb.id AS id, sb.name AS name, ${GROUP_COLUMNS}
     FROM target t
     CROSS JOIN enrolment e ON ${ON_ROLL}
     CROSS JOIN period_mark m ON m.period_id = t.period_id AND m.student_id = e.student_id AND m.value IS NOT NULL${mf.sql}
     JOIN subject sb ON sb.id = m.subject_id
     GROUP BY sb.id ORDER BY MIN(sb.sort_order), sb.name`,
    [targetsJson(targets), ...mf.bindings],
  );
  return rows.map(groupRow);
}

/** Period marks by the teacher of the page they belong to (the subject's teacher in that class on the period's last day). */
export async function teacherCounts(knex: Knex, targets: readonly Target[], f: MarkFilter): Promise<GroupCounts[]> {
  if (targets.length === 0) return [];
  const mf = markFilterSql(f);
  const rows: Record<string, number | string>[] = await knex.raw(
    `WITH ${TARGETS}
     SELECT st.id AS id, st.last_name || ' ' || st.first_name || CASE WHEN st.middle_name <> '' THEN ' ' || st.middle_name ELSE '' END AS name, ${GROUP_COLUMNS}
     FROM target t
     CROSS JOIN enrolment e ON ${ON_ROLL}
     CROSS JOIN period_mark m ON m.period_id = t.period_id AND m.student_id = e.student_id AND m.value IS NOT NULL${mf.sql}
     JOIN teaching_assignment a ON a.class_id = t.class_id AND a.subject_id = m.subject_id
       AND a.starts_on <= t.ends_on AND (a.ends_on IS NULL OR a.ends_on >= t.ends_on)
       AND (a.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g
         WHERE g.subgroup_id = a.subgroup_id AND g.student_id = e.student_id
           AND g.starts_on <= t.ends_on AND (g.ends_on IS NULL OR g.ends_on >= t.ends_on)))
     JOIN staff st ON st.id = a.teacher_id
     ${f.teacherId ? 'WHERE a.teacher_id = ?' : ''}
     GROUP BY st.id ORDER BY st.last_name, st.first_name`,
    [targetsJson(targets), ...mf.bindings, ...(f.teacherId ? [f.teacherId] : [])],
  );
  return rows.map(groupRow);
}

const GROUP_COLUMNS = `SUM(m.value = '5') AS n5, SUM(m.value = '4') AS n4, SUM(m.value = '3') AS n3, SUM(m.value IN ('1', '2')) AS n2,
  SUM(m.value = 'Н/А') AS nNa, SUM(m.value = 'ОСВ') AS exempt,
  COALESCE(SUM(CASE WHEN m.value IN ${NUMERIC} THEN CAST(m.value AS INTEGER) END), 0) AS markSum, SUM(m.value IN ${NUMERIC}) AS markCount`;

const groupRow = (r: Record<string, number | string>): GroupCounts => ({
  id: String(r.id), name: String(r.name), exempt: Number(r.exempt),
  n5: Number(r.n5), n4: Number(r.n4), n3: Number(r.n3), n2: Number(r.n2), nNa: Number(r.nNa), markSum: Number(r.markSum), markCount: Number(r.markCount),
});

export interface Leaver {
  readonly classId: string;
  readonly studentId: string;
  readonly lastName: string;
  readonly firstName: string;
  /** The last day in the class. */
  readonly endsOn: string;
}

/** Students who were in a class during the period but left it before its last day (not counted). */
export async function leavers(knex: Knex, targets: readonly Target[], startsOn: string): Promise<Leaver[]> {
  if (targets.length === 0) return [];
  return knex.raw(
    `WITH ${TARGETS}
     SELECT t.class_id AS classId, e.student_id AS studentId, s.last_name AS lastName, s.first_name AS firstName, MAX(e.ends_on) AS endsOn
     FROM target t
     CROSS JOIN enrolment e ON e.class_id = t.class_id AND e.starts_on <= t.ends_on AND e.ends_on IS NOT NULL AND e.ends_on >= ? AND e.ends_on < t.ends_on
     JOIN student s ON s.id = e.student_id
     WHERE NOT EXISTS (SELECT 1 FROM enrolment x WHERE x.student_id = e.student_id AND x.class_id = t.class_id
       AND x.starts_on <= t.ends_on AND (x.ends_on IS NULL OR x.ends_on >= t.ends_on))
     GROUP BY t.class_id, e.student_id
     ORDER BY s.last_name, s.first_name`,
    [targetsJson(targets), startsOn],
  ) as Promise<Leaver[]>;
}
