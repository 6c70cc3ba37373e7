// Grows one journal page of a demo school to the size the issue measures: 35 students ×
// 80 lessons in one period, with marks — written through the journal writer like any data.
import type { JournalDb } from '../db/journal-db';
import { termPeriods } from '../db/queries/year';
import { addDays, weekday } from '../shared/dates';
import { keyId } from '../db/ids';
import { SeededRandom } from '../shared/random';

export interface BigPage {
  assignmentId: string;
  periodId: string;
  classId: string;
  students: number;
  lessons: number;
}

export async function growPage(db: JournalDb, assignmentId: string, students = 35, lessons = 80): Promise<BigPage> {
  const knex = db.knex;
  const rng = new SeededRandom(35 * 80);
  const a = await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').where('a.id', assignmentId)
    .first('a.id', 'a.class_id', 'a.teacher_id', 'a.year_id', 'c.grade');
  const first = (await knex('lesson').where({ assignment_id: a.id }).min('date as d').first()) as { d: string };
  const period = (await termPeriods(knex, a.year_id, a.grade)).find((p) => p.starts_on <= first.d && first.d <= p.ends_on)!;
  const system = { userId: null };

  const enrolled: { student_id: string }[] = await knex('enrolment').where({ class_id: a.class_id }).whereNull('ends_on').select('student_id');
  const newStudents = Array.from({ length: Math.max(0, students - enrolled.length) }, (_, i) => ({
    id: keyId('bench-student', a.id, String(i)), last_name: `Учеников${String(i).padStart(2, '0')}`, first_name: 'Тест', middle_name: '',
    birth_date: '2010-01-01', gender: 'м', personal_file: '', address: '',
  }));
  if (newStudents.length > 0) {
    await db.writer.insertNew(system, 'student', newStudents);
    await db.writer.insertNew(system, 'enrolment', newStudents.map((s) => ({
      id: keyId('bench-enrolment', s.id), student_id: s.id, class_id: a.class_id, starts_on: period.starts_on, ends_on: null,
    })));
  }
  const studentIds = [...enrolled.map((e) => e.student_id), ...newStudents.map((s) => s.id)];

  const taken = new Set((await knex('lesson').where({ assignment_id: a.id }).whereBetween('date', [period.starts_on, period.ends_on]).select('date', 'lesson_no'))
    .map((l: { date: string; lesson_no: number }) => `${l.date}|${l.lesson_no}`));
  const holidays: { starts_on: string; ends_on: string }[] = await knex('holiday').select('starts_on', 'ends_on');
  const newLessons: Record<string, string | number | null>[] = [];
  for (let d = period.starts_on; d <= period.ends_on && taken.size + newLessons.length < lessons; d = addDays(d, 1)) {
    if (weekday(d) > 5 || holidays.some((h) => h.starts_on <= d && d <= h.ends_on)) continue;
    const no = [8, 9].find((n) => !taken.has(`${d}|${n}`));
    if (no === undefined) continue;
    newLessons.push({
      id: keyId('lesson', a.id, d, String(no)), assignment_id: a.id, date: d, lesson_no: no, teacher_id: a.teacher_id,
      substitute_teacher_id: null, plan_item_id: null, topic: 'Дополнительное занятие', lesson_type: 'Урок закрепления', homework: '§ 1', cancelled: 0,
    });
  }
  if (newLessons.length > 0) await db.writer.insertNew(system, 'lesson', newLessons);

  const marks: Record<string, string | number | null>[] = [];
  for (const l of newLessons) {
    for (const s of studentIds) {
      if (!rng.chance(0.2)) continue;
      marks.push({ id: keyId('mark', String(l.id), s, '1'), lesson_id: l.id ?? null, student_id: s, slot: 1, value: String(rng.int(2, 5)), work_kind_id: null, comment: '' });
    }
  }
  if (marks.length > 0) await db.writer.insertNew(system, 'mark', marks);
  const total = await knex('lesson').where({ assignment_id: a.id }).whereBetween('date', [period.starts_on, period.ends_on]).count('* as n').first();
  return { assignmentId: a.id, periodId: period.id, classId: a.class_id, students: studentIds.length, lessons: Number(total?.n) };
}
