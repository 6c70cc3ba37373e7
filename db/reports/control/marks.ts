// Marks of the students of each journal page in a range (R-REP-1, R-REP-3, R-TIME-4): how
// many students have none, exactly one, fewer than the regulation asks for. Aggregated in
// SQL (GROUP BY page and number of marks): no report loads the marks themselves.
import type { Knex } from 'knex';
import { sliceSql, type ReportSlice } from './range';

/** Per page: how many of its students have k marks (k capped at CAP: CAP means CAP or more). */
export interface PageMarks {
  /** k → how many students have k marks. */
  readonly students: ReadonlyMap<number, number>;
  /** The marks of those students (uncapped). */
  readonly marks: number;
}
export type MarkHistogram = ReadonlyMap<string, PageMarks>;

export const CAP = 21;

/**
 * The students of a page on `rollDate`: the class's roll (enrolment), and for a subgroup's
 * page its members on that day. Their current marks (not cancelled lessons, a value set) on
 * the page's lessons dated `from`…`to`.
 */
export async function markHistogram(knex: Knex, slice: ReportSlice, yearId: string, from: string, to: string, rollDate: string): Promise<MarkHistogram> {
  const s = sliceSql(slice, yearId);
  const rows: { assignment_id: string; k: number; n: number; marks: number }[] = await knex.raw(`
    WITH pages AS (
      SELECT a.id, a.class_id, a.subgroup_id FROM teaching_assignment a JOIN class c ON c.id = a.class_id
      WHERE ${s.where} AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?)
    ),
    roll AS (
      SELECT p.id AS assignment_id, e.student_id FROM pages p JOIN enrolment e ON e.class_id = p.class_id
      WHERE e.starts_on <= ? AND (e.ends_on IS NULL OR e.ends_on >= ?)
        AND (p.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g WHERE g.subgroup_id = p.subgroup_id AND g.student_id = e.student_id
             AND g.starts_on <= ? AND (g.ends_on IS NULL OR g.ends_on >= ?)))
    ),
    counted AS (
      SELECT l.assignment_id, m.student_id, count(*) AS n
      FROM pages p JOIN lesson l ON l.assignment_id = p.id JOIN mark m ON m.lesson_id = l.id
      WHERE l.date BETWEEN ? AND ? AND l.cancelled = 0 AND m.value IS NOT NULL
      GROUP BY l.assignment_id, m.student_id
    )
    SELECT r.assignment_id, min(coalesce(k.n, 0), ${CAP}) AS k, count(*) AS n, sum(coalesce(k.n, 0)) AS marks
    FROM roll r LEFT JOIN counted k ON k.assignment_id = r.assignment_id AND k.student_id = r.student_id
    GROUP BY r.assignment_id, min(coalesce(k.n, 0), ${CAP})`,
  [...s.bindings, to, from, rollDate, rollDate, rollDate, rollDate, from, to]);
  const out = new Map<string, { students: Map<number, number>; marks: number }>();
  for (const r of rows) {
    const h = out.get(r.assignment_id) ?? { students: new Map<number, number>(), marks: 0 };
    h.students.set(Number(r.k), Number(r.n));
    h.marks += Number(r.marks);
    out.set(r.assignment_id, h);
  }
  return out;
}

export interface MarkFigures {
  readonly students: number;
  readonly none: number;
  readonly one: number;
  readonly below: number;
  readonly marks: number;
}

/** The figures of one histogram, with `needed` marks per student (R-TIME-4). */
export function markFigures(h: PageMarks | undefined, needed: number): MarkFigures {
  let students = 0, none = 0, one = 0, below = 0;
  for (const [k, n] of h?.students ?? []) {
    students += n;
    if (k === 0) none += n;
    if (k === 1) one += n;
    if (k < needed) below += n;
  }
  return { students, none, one, below, marks: h?.marks ?? 0 };
}
