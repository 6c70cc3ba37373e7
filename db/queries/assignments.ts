// Teaching assignments (teacher x class/subgroup x subject) with the names a page shows.
import type { Knex } from 'knex';

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
      knex.raw(`t.last_name || ' ' || substr(t.first_name, 1, 1) || '. ' || substr(t.middle_name, 1, 1) || '.' as teacherName`),
      'c.id as classId', 'c.name as className', 'c.grade as grade', 'c.class_teacher_id as classTeacherId',
      'g.id as subgroupId', 'g.name as subgroupName',
      's.id as subjectId', 's.name as subjectName', 'a.hours_per_week as hoursPerWeek',
    );
}

export async function getAssignment(knex: Knex, id: string): Promise<AssignmentInfo | undefined> {
  return baseQuery(knex).where('a.id', id).first();
}

export async function listAssignments(knex: Knex, filter: { yearId: string; teacherId?: string; classId?: string }): Promise<AssignmentInfo[]> {
  const q = baseQuery(knex).where('a.year_id', filter.yearId);
  if (filter.teacherId) q.where('a.teacher_id', filter.teacherId);
  if (filter.classId) q.where('a.class_id', filter.classId);
  return q.orderBy([{ column: 'c.grade' }, { column: 'c.letter' }, { column: 's.sort_order' }, { column: 'g.name' }]);
}
