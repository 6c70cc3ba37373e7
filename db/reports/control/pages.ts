// The journal pages (teaching assignments) of a control report's slice that run in its range,
// with their class, subject, teacher and subgroup: the rows of the report.
import type { Knex } from 'knex';
import { shortName } from '../../../shared/format';
import { sliceSql, type ReportSlice } from './range';

export interface ControlPage {
  readonly id: string;
  readonly classId: string;
  readonly className: string;
  readonly grade: number;
  readonly letter: string;
  readonly subjectId: string;
  /** The subject, with the subgroup where the page is a subgroup's: 'Английский язык (1 гр.)'. */
  readonly subjectName: string;
  /** Only the subject's name (the heat map's columns). */
  readonly subjectOnly: string;
  readonly subjectOrder: number;
  /** R-REC-5: grade 1 and ungraded subjects take no marks (and grade 1 no homework). */
  readonly graded: boolean;
  readonly teacherId: string;
  readonly teacherName: string;
  readonly subgroupId: string | null;
  readonly hoursPerWeek: number;
}

export async function controlPages(knex: Knex, slice: ReportSlice, yearId: string, from: string, to: string): Promise<ControlPage[]> {
  const s = sliceSql(slice, yearId);
  const rows: {
    id: string; class_id: string; class_name: string; grade: number; letter: string; subject_id: string; subject_name: string; graded: number; sort_order: number;
    teacher_id: string; last_name: string; first_name: string; middle_name: string; subgroup_id: string | null; subgroup_name: string | null; hours_per_week: number;
  }[] = await knex.raw(`
    SELECT a.id, a.class_id, c.name AS class_name, c.grade, c.letter, a.subject_id, s.name AS subject_name, s.graded, s.sort_order,
           a.teacher_id, t.last_name, t.first_name, t.middle_name, a.subgroup_id, g.name AS subgroup_name, a.hours_per_week
    FROM teaching_assignment a JOIN class c ON c.id = a.class_id JOIN subject s ON s.id = a.subject_id JOIN staff t ON t.id = a.teacher_id
    LEFT JOIN subgroup g ON g.id = a.subgroup_id
    WHERE ${s.where} AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?)
    ORDER BY c.grade, c.letter, s.sort_order, s.name, g.name`, [...s.bindings, to, from]);
  return rows.map((r) => ({
    id: r.id, classId: r.class_id, className: r.class_name, grade: r.grade, letter: r.letter, subjectId: r.subject_id,
    subjectName: r.subgroup_name ? `${r.subject_name} (${r.subgroup_name})` : r.subject_name, subjectOnly: r.subject_name, subjectOrder: r.sort_order,
    graded: r.graded === 1 && r.grade > 1, teacherId: r.teacher_id, teacherName: shortName(r.last_name, r.first_name, r.middle_name),
    subgroupId: r.subgroup_id, hoursPerWeek: r.hours_per_week,
  }));
}
