// The data of the log of substitutions of a class for a period (R-ROLE-2, revised in issue
// 17 item 16): every lesson of the class in the period given by a substitute — date, lesson
// number, subject, the absent teacher, the substitute, the reason the deputy recorded and
// the topic — printed so that each substitute signs beside each lesson they gave.
import type { Knex } from 'knex';
import { fullName, loadHeading } from './heading';
import type { PrintHeading } from './types';

export interface SubstitutionLogRow {
  lessonId: string;
  date: string;
  lessonNo: number;
  /** The subject, with the subgroup when the page is a subgroup's. */
  subject: string;
  absentTeacher: string;
  substitute: string;
  /** The reason of the substitution the deputy recorded ('' when none covers the lesson). */
  reason: string;
  /** Who recorded the substitution. */
  recordedBy: string;
  topic: string;
}

export interface SubstitutionLogData {
  heading: PrintHeading;
  rows: SubstitutionLogRow[];
}

interface Row {
  lesson_id: string; date: string; lesson_no: number; subject: string; subgroup: string | null; topic: string;
  a_last: string; a_first: string; a_middle: string; s_last: string; s_first: string; s_middle: string;
  reason: string | null; r_last: string | null; r_first: string | null; r_middle: string | null;
}

export async function loadSubstitutionLog(knex: Knex, classId: string, periodId: string): Promise<SubstitutionLogData> {
  const heading = await loadHeading(knex, classId, periodId);
  // The substitution that covers a lesson: one recorded for that lesson, else the newest
  // range of dates of the same two teachers holding its date.
  const cover = `(SELECT x.id FROM substitution x
      WHERE x.cancelled = 0 AND x.absent_teacher_id = l.teacher_id AND x.substitute_teacher_id = l.substitute_teacher_id
        AND (x.lesson_id = l.id OR (x.lesson_id IS NULL AND l.date BETWEEN x.starts_on AND x.ends_on))
      ORDER BY x.lesson_id IS NULL, x.starts_on DESC, x.id LIMIT 1)`;
  const rows: Row[] = await knex.raw(`
    SELECT l.id AS lesson_id, l.date, l.lesson_no, subj.name AS subject, g.name AS subgroup, l.topic,
      a.last_name AS a_last, a.first_name AS a_first, a.middle_name AS a_middle,
      s.last_name AS s_last, s.first_name AS s_first, s.middle_name AS s_middle,
      sub.reason, r.last_name AS r_last, r.first_name AS r_first, r.middle_name AS r_middle
    FROM lesson l
    JOIN teaching_assignment t ON t.id = l.assignment_id
    JOIN subject subj ON subj.id = t.subject_id
    LEFT JOIN subgroup g ON g.id = t.subgroup_id
    JOIN staff a ON a.id = l.teacher_id
    JOIN staff s ON s.id = l.substitute_teacher_id
    LEFT JOIN substitution sub ON sub.id = ${cover}
    LEFT JOIN staff r ON r.id = sub.recorded_by
    WHERE t.class_id = ? AND l.cancelled = 0 AND l.substitute_teacher_id IS NOT NULL AND l.date BETWEEN ? AND ?
    ORDER BY l.date, l.lesson_no, subj.name, l.id`, [classId, heading.period.startsOn, heading.period.endsOn]);
  return {
    heading,
    rows: rows.map((r) => ({
      lessonId: r.lesson_id,
      date: r.date,
      lessonNo: r.lesson_no,
      subject: r.subgroup ? `${r.subject} (${r.subgroup})` : r.subject,
      absentTeacher: fullName({ last_name: r.a_last, first_name: r.a_first, middle_name: r.a_middle }),
      substitute: fullName({ last_name: r.s_last, first_name: r.s_first, middle_name: r.s_middle }),
      reason: r.reason ?? '',
      recordedBy: r.r_last ? fullName({ last_name: r.r_last, first_name: r.r_first ?? '', middle_name: r.r_middle }) : '',
      topic: r.topic,
    })),
  };
}
