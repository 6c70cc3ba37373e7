// Teaching assignments (teacher x class/subgroup x subject) with the names a page shows.
import type { Knex } from 'knex';
import { readRows } from '../connection';
import { shortNameSql } from './short-name';

export interface AssignmentInfo {
  id: string;
  yearId: string;
  teacherId: string;
  teacherName: string;
  classId: string;
  className: string;
  grade: number;
  classTeacherId: string | null;
  subgroupId: string | null;
  subgroupName: string | null;
  subjectId: string;
  subjectName: string;
  hoursPerWeek: number;
}

function baseQuery(knex: Knex) {
  return knex('teaching_assignment as a')
    .join('class as c', 'c.id', 'a.class_id')
    .join('subject as s', 's.id', 'a.subject_id')
    .join('staff as t', 't.id', 'a.teacher_id')
    .leftJoin('subgroup as g', 'g.id', 'a.subgroup_id')
    .select(
      'a.id as id', 'a.year_id as yearId', 'a.teacher_id as teacherId',
      knex.raw(`${shortNameSql('t')} as teacherName`),
      'c.id as classId', 'c.name as className', 'c.grade as grade', 'c.class_teacher_id as classTeacherId',
      'g.id as subgroupId', 'g.name as subgroupName',
      's.id as subjectId', 's.name as subjectName', 'a.hours_per_week as hoursPerWeek',
    );
}

/**
 * The columns of baseQuery as SQL over the same aliases (a, c, s, t, g), for reads on the
 * hot paths that skip the query builder; `prefix` prepends to every column name.
 */
export function assignmentColumnsSql(prefix = ''): string {
  return [
    ['a.id', 'id'], ['a.year_id', 'yearId'], ['a.teacher_id', 'teacherId'],
    [shortNameSql('t'), 'teacherName'],
    ['c.id', 'classId'], ['c.name', 'className'], ['c.grade', 'grade'], ['c.class_teacher_id', 'classTeacherId'],
    ['g.id', 'subgroupId'], ['g.name', 'subgroupName'],
    ['s.id', 'subjectId'], ['s.name', 'subjectName'], ['a.hours_per_week', 'hoursPerWeek'],
  ].map(([expr, alias]) => `${expr} AS "${prefix}${alias}"`).join(', ');
}

/** The joins of baseQuery, as SQL (a join group: `FROM ${ASSIGNMENT_JOINS}`). */
export const ASSIGNMENT_JOINS = `teaching_assignment a
  JOIN class c ON c.id = a.class_id
  JOIN subject s ON s.id = a.subject_id
  JOIN staff t ON t.id = a.teacher_id
  LEFT JOIN subgroup g ON g.id = a.subgroup_id`;

const GET_ASSIGNMENT = `SELECT ${assignmentColumnsSql()} FROM ${ASSIGNMENT_JOINS} WHERE a.id = ? LIMIT 1`;

export async function getAssignment(knex: Knex, id: string): Promise<AssignmentInfo | undefined> {
  const [row] = await readRows<AssignmentInfo>(knex, GET_ASSIGNMENT, [id]);
  return row;
}

export async function listAssignments(knex: Knex, filter: { yearId: string; teacherId?: string; classId?: string }): Promise<AssignmentInfo[]> {
  const q = baseQuery(knex).where('a.year_id', filter.yearId);
  if (filter.teacherId) q.where('a.teacher_id', filter.teacherId);
  if (filter.classId) q.where('a.class_id', filter.classId);
  return q.orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 's.sort_order' }, { column: 'g.name' }]);
}
