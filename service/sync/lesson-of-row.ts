// The lesson a journal cell belongs to (for who may resolve a conflict in it).
import type { Knex } from 'knex';

export interface LessonPeople {
  teacher_id: string;
  substitute_teacher_id: string | null;
}

export async function lessonOfRow(knex: Knex, table: string, rowId: string): Promise<LessonPeople | null> {
  let lessonId: string | null = null;
  if (table === 'lesson') lessonId = rowId;
  else if (table === 'mark' || table === 'attendance') {
    const row = await knex(table).where({ id: rowId }).first('lesson_id') as { lesson_id: string } | undefined;
    lessonId = row?.lesson_id ?? null;
  }
  if (!lessonId) return null;
  return ((await knex('lesson').where({ id: lessonId }).first('teacher_id', 'substitute_teacher_id')) as LessonPeople | undefined) ?? null;
}
