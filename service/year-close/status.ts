// What closing a year needs to know (R-ROLE-6, R-REC-4): the classes of the year and the
// students in each at the year's end, the year marks still missing (class × subject ×
// student), each student's academic debts (a year or final mark of 1, 2, «незачёт» or
// Н/А), and the decision proposed for each: a leaver of grade 9 or 11 graduates, a student
// with debts is promoted conditionally (условный перевод; kept back in grades 9 and 11),
// the others are promoted. Read-only: service/methods/year-close.ts writes.
import type { Knex } from 'knex';
import { notFound } from '../errors';

export type Decision = 'promoted' | 'conditional' | 'kept' | 'graduated' | 'left';
export const DECISIONS: readonly Decision[] = ['promoted', 'conditional', 'kept', 'graduated', 'left'];

/** The decision in words, as the screens and the printed list say it. */
export const DECISION_WORDS: Readonly<Record<Decision, string>> = {
  promoted: 'переведён(а)',
  conditional: 'переведён(а) условно',
  kept: 'оставлен(а) на повторное обучение',
  graduated: 'окончил(а) и выбыл(а)',
  left: 'выбыл(а)',
};

/** The grades whose students leave the school at the year's end (ГИА, R-REC-4). */
export const LEAVING_GRADES = [9, 11] as const;

const FAILING = new Set(['1', '2', 'незачёт', 'Н/А']);

export interface YearRow {
  id: string; name: string; starts_on: string; ends_on: string; status: string;
  closed_order_no: string; closed_order_date: string | null; closed_at: string | null;
}

export interface ClassRow { id: string; name: string; grade: number; letter: string; class_teacher_id: string | null; teacher_name: string | null }

export interface StudentAtEnd {
  studentId: string;
  name: string;
  enrolmentId: string;
  debts: { subjectId: string; subjectName: string; value: string }[];
  missing: { subjectId: string; subjectName: string }[];
  proposed: Decision;
  /** The decision written when the year was closed. */
  decided: { decision: Decision; toClassId: string | null; toClassName: string | null; debts: string } | null;
}

export interface ClassAtEnd extends ClassRow { students: StudentAtEnd[] }

export interface MissingYearMark {
  key: string;
  classId: string; className: string;
  subjectId: string; subjectName: string;
  teacherName: string;
  studentId: string; studentName: string;
}

export interface YearEnd {
  year: YearRow;
  /** The last school day: the end of the year period (the year marks are of it). */
  lastDay: string;
  yearPeriodId: string | null;
  classes: ClassAtEnd[];
  missing: MissingYearMark[];
}

export async function loadYear(knex: Knex, yearId: string): Promise<YearRow> {
  const y: YearRow | undefined = await knex('academic_year').where({ id: yearId })
    .first('id', 'name', 'starts_on', 'ends_on', 'status', 'closed_order_no', 'closed_order_date', 'closed_at');
  if (!y) throw notFound('Учебный год не найден в журнале.');
  return y;
}

/** The year to close: the given one, else the earliest year not closed that has begun by `today`. */
export async function yearToClose(knex: Knex, yearId: string | undefined, today: string): Promise<YearRow> {
  if (yearId) return loadYear(knex, yearId);
  const years: { id: string; starts_on: string; status: string }[] = await knex('academic_year').orderBy('starts_on').select('id', 'starts_on', 'status');
  const y = years.find((x) => x.status !== 'closed' && x.starts_on <= today) ?? years.filter((x) => x.starts_on <= today).at(-1) ?? years[0];
  if (!y) throw notFound('В журнале нет учебного года.');
  return loadYear(knex, y.id);
}

/** The proposal for a student (R-ROLE-6): leavers of 9 and 11 graduate; debts mean conditional promotion (kept back in 9 and 11). */
export function propose(grade: number, debts: number): Decision {
  const leaving = (LEAVING_GRADES as readonly number[]).includes(grade);
  if (debts > 0) return leaving ? 'kept' : 'conditional';
  return leaving ? 'graduated' : 'promoted';
}

export async function loadYearEnd(knex: Knex, year: YearRow): Promise<YearEnd> {
  const periods: { id: string; ends_on: string; kind: string }[] = await knex('period').where({ year_id: year.id, kind: 'year' }).select('id', 'ends_on', 'kind');
  const yearPeriod = periods[0];
  const lastDay = yearPeriod?.ends_on ?? year.ends_on;
  const classes: ClassRow[] = await knex('class as c').leftJoin('staff as t', 't.id', 'c.class_teacher_id').where('c.year_id', year.id)
    .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }])
    .select('c.id', 'c.name', 'c.grade', 'c.letter', 'c.class_teacher_id', knex.raw(`CASE WHEN t.id IS NULL THEN NULL ELSE t.last_name || ' ' || substr(t.first_name, 1, 1) || '.' || CASE WHEN t.middle_name = '' THEN '' ELSE ' ' || substr(t.middle_name, 1, 1) || '.' END END AS teacher_name`));
  const classIds = classes.map((c) => c.id);
  // Students in each class on the last school day (an enrolment's ends_on is its last day).
  const enrolled: { id: string; class_id: string; student_id: string; last_name: string; first_name: string; middle_name: string }[] = await knex('enrolment as e')
    .join('student as s', 's.id', 'e.student_id').whereIn('e.class_id', classIds)
    .where('e.starts_on', '<=', lastDay).where((w) => w.whereNull('e.ends_on').orWhere('e.ends_on', '>=', lastDay))
    .orderBy([{ column: 's.last_name' }, { column: 's.first_name' }, { column: 's.middle_name' }])
    .select('e.id', 'e.class_id', 'e.student_id', 's.last_name', 's.first_name', 's.middle_name');
  // The graded subjects taught in each class (grade 1: none, R-REC-5), with a teacher's name.
  const taught: { class_id: string; subject_id: string; subject_name: string; teacher_name: string; sort_order: number }[] = await knex('teaching_assignment as a')
    .join('subject as s', 's.id', 'a.subject_id').join('staff as t', 't.id', 'a.teacher_id').join('class as c', 'c.id', 'a.class_id')
    .where('a.year_id', year.id).where('s.graded', 1).where('c.grade', '>', 1)
    .groupBy('a.class_id', 'a.subject_id')
    .select('a.class_id', 'a.subject_id', 's.name as subject_name', 's.sort_order', knex.raw(`min(t.last_name || ' ' || substr(t.first_name, 1, 1) || '.') AS teacher_name`))
    .orderBy([{ column: 's.sort_order' }, { column: 's.name' }]);
  const yearMarks: { student_id: string; subject_id: string; class_id: string; value: string | null }[] = yearPeriod
    ? await knex('period_mark').whereIn('period_id', periods.map((p) => p.id)).whereIn('class_id', classIds).select('student_id', 'subject_id', 'class_id', 'value')
    : [];
  const finals: { student_id: string; subject_id: string; kind: string; value: string | null }[] = await knex('final_mark').where({ year_id: year.id }).whereNotNull('value')
    .select('student_id', 'subject_id', 'kind', 'value');
  const decided: { student_id: string; decision: Decision; to_class_id: string | null; to_name: string | null; debts: string }[] = await knex('promotion as p')
    .leftJoin('class as c', 'c.id', 'p.to_class_id').where('p.year_id', year.id).select('p.student_id', 'p.decision', 'p.to_class_id', 'c.name as to_name', 'p.debts');

  const mark = new Map(yearMarks.filter((m) => m.value !== null).map((m) => [`${m.student_id}|${m.subject_id}`, m.value!]));
  const finalOf = new Map(finals.filter((f) => f.kind === 'final').map((f) => [`${f.student_id}|${f.subject_id}`, f.value!]));
  const examOf = new Map(finals.filter((f) => f.kind === 'exam').map((f) => [`${f.student_id}|${f.subject_id}`, f.value!]));
  const decidedOf = new Map(decided.map((d) => [d.student_id, d]));
  const missing: MissingYearMark[] = [];
  const out: ClassAtEnd[] = classes.map((c) => {
    const subjects = taught.filter((t) => t.class_id === c.id);
    const students: StudentAtEnd[] = enrolled.filter((e) => e.class_id === c.id).map((e) => {
      const name = [e.last_name, e.first_name, e.middle_name].filter((x) => x).join(' ');
      const debts: StudentAtEnd['debts'] = [];
      const miss: StudentAtEnd['missing'] = [];
      for (const s of subjects) {
        const k = `${e.student_id}|${s.subject_id}`;
        // The final mark, where there is one, settles the subject; else the year mark (missing
        // or not), and an exam failed is a debt too.
        const fin = finalOf.get(k);
        const year = mark.get(k);
        const exam = examOf.get(k);
        const debt = (value: string) => debts.push({ subjectId: s.subject_id, subjectName: s.subject_name, value });
        if (fin !== undefined) {
          if (FAILING.has(fin)) debt(fin);
          continue;
        }
        if (year === undefined) {
          miss.push({ subjectId: s.subject_id, subjectName: s.subject_name });
          missing.push({ key: `${e.student_id}:${s.subject_id}`, classId: c.id, className: c.name, subjectId: s.subject_id, subjectName: s.subject_name, teacherName: s.teacher_name, studentId: e.student_id, studentName: name });
        }
        if (year !== undefined && FAILING.has(year)) debt(year);
        else if (exam !== undefined && FAILING.has(exam)) debt(exam);
      }
      const d = decidedOf.get(e.student_id);
      return {
        studentId: e.student_id, name, enrolmentId: e.id, debts, missing: miss, proposed: propose(c.grade, debts.length),
        decided: d ? { decision: d.decision, toClassId: d.to_class_id, toClassName: d.to_name, debts: d.debts } : null,
      };
    });
    return { ...c, students };
  });
  return { year, lastDay, yearPeriodId: yearPeriod?.id ?? null, classes: out, missing };
}
