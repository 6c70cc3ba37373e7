// A small school built by hand through the journal writer (the system's changes, as the
// setup writes them), for the reports' tests whose answers are computed by hand: two
// years, a few classes (one with no students), a few students with known enrolments.
//
//   2025/2026: 1 четверть (01.09–24.10.2025); class 6А (Антонов, Борисова)
//   2026/2027: 1 четверть (01.09–23.10.2026), 2 четверть (03.11–27.12.2026), half-years for
//              10–11, the year; classes 7А (class teacher Иванова), 7Б (no students), 8А
//   7А: Антонов, Борисова, Васильев, Григорьева, Дмитриев, Егоров, Жукова (left 10.10.2026),
//       Зайцев; 8А: Иванов, Ковалёва
//   Иванова teaches mathematics in 7А, 7Б and 8А; Петров Russian in 7А and 8А and physics in 7А.
import type { JournalDb } from '../../db/journal-db';
import type { FieldValue, JournalTable } from '../../db/schema';

type Row = { id: string } & Record<string, FieldValue | boolean>;

/** Writes rows through the journal writer as the system would (one change set). */
export async function put(db: JournalDb, table: JournalTable, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  await db.writer.write({ userId: null }, rows.map(({ id, ...set }) => ({ table, id, set })), { reason: 'тест' });
}

export const S = {
  y0: 'y25', y1: 'y26',
  q1last: 'y25-q1', q1: 'y26-q1', q2: 'y26-q2', h1: 'y26-h1', year: 'y26-year',
  c6a: 'c6a', c7a: 'c7a', c7b: 'c7b', c8a: 'c8a',
  math: 'math', rus: 'rus', phys: 'phys',
  ivanova: 'st-ivanova', petrov: 'st-petrov', deputy: 'st-deputy', director: 'st-director', other: 'st-other',
  /** 7А */
  antonov: 'stu-antonov', borisova: 'stu-borisova', vasiliev: 'stu-vasiliev', grigorieva: 'stu-grigorieva',
  dmitriev: 'stu-dmitriev', egorov: 'stu-egorov', zhukova: 'stu-zhukova', zaitsev: 'stu-zaitsev',
  /** 8А */
  ivanov: 'stu-ivanov', kovaleva: 'stu-kovaleva',
  /** Pages (teaching assignments) of 2026/2027. */
  a7aMath: 'a-7a-math', a7aRus: 'a-7a-rus', a7aPhys: 'a-7a-phys', a7bMath: 'a-7b-math', a8aMath: 'a-8a-math', a8aRus: 'a-8a-rus',
  a6aMath: 'a-6a-math',
  wkK: 'wk-k', wkU: 'wk-u',
} as const;

export async function buildSmallSchool(db: JournalDb): Promise<void> {
  await put(db, 'school', [{ id: 'sch', full_name: 'Средняя школа № 7', short_name: 'СШ № 7' }]);
  await put(db, 'academic_year', [
    { id: S.y0, school_id: 'sch', name: '2025/2026', starts_on: '2025-09-01', ends_on: '2026-06-30', status: 'closed' },
    { id: S.y1, school_id: 'sch', name: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-06-30', status: 'open' },
  ]);
  await put(db, 'period', [
    { id: S.q1last, year_id: S.y0, kind: 'quarter', number: 1, name: '1 четверть', starts_on: '2025-09-01', ends_on: '2025-10-24', grade_from: 2, grade_to: 9 },
    { id: S.q1, year_id: S.y1, kind: 'quarter', number: 1, name: '1 четверть', starts_on: '2026-09-01', ends_on: '2026-10-23', grade_from: 2, grade_to: 9 },
    { id: S.q2, year_id: S.y1, kind: 'quarter', number: 2, name: '2 четверть', starts_on: '2026-11-03', ends_on: '2026-12-27', grade_from: 2, grade_to: 9 },
    { id: S.h1, year_id: S.y1, kind: 'half_year', number: 1, name: '1 полугодие', starts_on: '2026-09-01', ends_on: '2026-12-27', grade_from: 10, grade_to: 11 },
    { id: S.year, year_id: S.y1, kind: 'year', number: 1, name: 'Год', starts_on: '2026-09-01', ends_on: '2027-05-25', grade_from: 1, grade_to: 11 },
  ]);
  await put(db, 'staff', [
    { id: S.ivanova, login: 'ivanova', last_name: 'Иванова', first_name: 'Анна', middle_name: 'Сергеевна', position: 'учитель' },
    { id: S.petrov, login: 'petrov', last_name: 'Петров', first_name: 'Олег', middle_name: 'Ильич', position: 'учитель' },
    { id: S.deputy, login: 'deputy', last_name: 'Кузнецова', first_name: 'Ирина', middle_name: 'Олеговна', position: 'заместитель директора по УВР' },
    { id: S.director, login: 'director', last_name: 'Орлов', first_name: 'Павел', middle_name: 'Андреевич', position: 'директор' },
    { id: S.other, login: 'other', last_name: 'Смирнова', first_name: 'Елена', middle_name: '', position: 'учитель' },
  ]);
  await put(db, 'staff_role', [
    { id: 'r1', staff_id: S.ivanova, role: 'teacher' }, { id: 'r2', staff_id: S.ivanova, role: 'class_teacher' },
    { id: 'r3', staff_id: S.petrov, role: 'teacher' }, { id: 'r4', staff_id: S.deputy, role: 'deputy' },
    { id: 'r5', staff_id: S.director, role: 'director' }, { id: 'r6', staff_id: S.other, role: 'class_teacher' },
  ]);
  await put(db, 'subject', [
    { id: S.math, name: 'Математика', short_name: 'Мат', graded: 1, sort_order: 1 },
    { id: S.rus, name: 'Русский язык', short_name: 'Рус', graded: 1, sort_order: 2 },
    { id: S.phys, name: 'Физика', short_name: 'Физ', graded: 1, sort_order: 3 },
  ]);
  await put(db, 'work_kind', [
    { id: S.wkK, code: 'К', name: 'Контрольная работа', written: 1, weight: 1, sort_order: 10 },
    { id: S.wkU, code: 'У', name: 'Устный ответ', written: 0, weight: 1, sort_order: 20 },
  ]);
  await put(db, 'class', [
    { id: S.c6a, year_id: S.y0, grade: 6, letter: 'А', name: '6А', class_teacher_id: S.ivanova },
    { id: S.c7a, year_id: S.y1, grade: 7, letter: 'А', name: '7А', class_teacher_id: S.ivanova },
    { id: S.c7b, year_id: S.y1, grade: 7, letter: 'Б', name: '7Б', class_teacher_id: S.other },
    { id: S.c8a, year_id: S.y1, grade: 8, letter: 'А', name: '8А', class_teacher_id: null },
  ]);
  const student = (id: string, last: string, first: string, gender: 'м' | 'ж') => ({ id, last_name: last, first_name: first, birth_date: '2013-03-01', gender });
  await put(db, 'student', [
    student(S.antonov, 'Антонов', 'Илья', 'м'), student(S.borisova, 'Борисова', 'Вера', 'ж'), student(S.vasiliev, 'Васильев', 'Глеб', 'м'),
    student(S.grigorieva, 'Григорьева', 'Дарья', 'ж'), student(S.dmitriev, 'Дмитриев', 'Егор', 'м'), student(S.egorov, 'Егоров', 'Жан', 'м'),
    student(S.zhukova, 'Жукова', 'Зоя', 'ж'), student(S.zaitsev, 'Зайцев', 'Иван', 'м'),
    student(S.ivanov, 'Иванов', 'Кирилл', 'м'), student(S.kovaleva, 'Ковалёва', 'Лена', 'ж'),
  ]);
  const en = (id: string, studentId: string, classId: string, startsOn: string, endsOn: string | null = null) => ({ id, student_id: studentId, class_id: classId, starts_on: startsOn, ends_on: endsOn });
  await put(db, 'enrolment', [
    en('e0a', S.antonov, S.c6a, '2025-09-01', '2026-06-30'), en('e0b', S.borisova, S.c6a, '2025-09-01', '2026-06-30'),
    en('e1', S.antonov, S.c7a, '2026-09-01'), en('e2', S.borisova, S.c7a, '2026-09-01'), en('e3', S.vasiliev, S.c7a, '2026-09-01'),
    en('e4', S.grigorieva, S.c7a, '2026-09-01'), en('e5', S.dmitriev, S.c7a, '2026-09-01'), en('e6', S.egorov, S.c7a, '2026-09-01'),
    en('e7', S.zhukova, S.c7a, '2026-09-01', '2026-10-10'), en('e8', S.zaitsev, S.c7a, '2026-09-01'),
    en('e9', S.ivanov, S.c8a, '2026-09-01'), en('e10', S.kovaleva, S.c8a, '2026-09-01'),
  ]);
  const ta = (id: string, yearId: string, teacherId: string, classId: string, subjectId: string, hours: number, startsOn: string) =>
    ({ id, year_id: yearId, teacher_id: teacherId, class_id: classId, subject_id: subjectId, hours_per_week: hours, starts_on: startsOn });
  await put(db, 'teaching_assignment', [
    ta(S.a6aMath, S.y0, S.ivanova, S.c6a, S.math, 5, '2025-09-01'),
    ta(S.a7aMath, S.y1, S.ivanova, S.c7a, S.math, 5, '2026-09-01'),
    ta(S.a7aRus, S.y1, S.petrov, S.c7a, S.rus, 4, '2026-09-01'),
    ta(S.a7aPhys, S.y1, S.petrov, S.c7a, S.phys, 2, '2026-09-01'),
    ta(S.a7bMath, S.y1, S.ivanova, S.c7b, S.math, 5, '2026-09-01'),
    ta(S.a8aMath, S.y1, S.ivanova, S.c8a, S.math, 5, '2026-09-01'),
    ta(S.a8aRus, S.y1, S.petrov, S.c8a, S.rus, 3, '2026-09-01'),
  ]);
}

/** Period marks: [student, subject, value] of a class in a period. */
export async function periodMarks(db: JournalDb, periodId: string, classId: string, marks: readonly (readonly [string, string, string])[]): Promise<void> {
  await put(db, 'period_mark', marks.map(([studentId, subjectId, value]) => ({
    id: `pm-${periodId}-${studentId}-${subjectId}`, period_id: periodId, student_id: studentId, subject_id: subjectId, class_id: classId, value,
    reason: value === 'Н/А' ? 'пропуск более половины уроков' : '',
  })));
}

/** A current mark: [student, page (assignment), date, value, kind of work (default: oral answer)]. */
export type MarkSpec = readonly [string, string, string, string, string?];

const TEACHER_OF: Readonly<Record<string, string>> = {
  [S.a6aMath]: S.ivanova, [S.a7aMath]: S.ivanova, [S.a7bMath]: S.ivanova, [S.a8aMath]: S.ivanova,
  [S.a7aRus]: S.petrov, [S.a7aPhys]: S.petrov, [S.a8aRus]: S.petrov,
};

/** Lessons (one a page and date) and their marks, a second mark of a day in the cell's second slot. */
export async function marks(db: JournalDb, specs: readonly MarkSpec[], opts: { cancelled?: readonly string[] } = {}): Promise<void> {
  const lessons = new Map<string, Row>();
  const slots = new Map<string, number>();
  const rows: Row[] = [];
  for (const [studentId, assignmentId, date, value, kind] of specs) {
    const lessonId = `l-${assignmentId}-${date}`;
    if (!lessons.has(lessonId)) {
      lessons.set(lessonId, { id: lessonId, assignment_id: assignmentId, date, lesson_no: 1, teacher_id: TEACHER_OF[assignmentId]!, topic: 'Тема', cancelled: opts.cancelled?.includes(lessonId) ? 1 : 0 });
    }
    const slot = (slots.get(`${lessonId}/${studentId}`) ?? 0) + 1;
    slots.set(`${lessonId}/${studentId}`, slot);
    rows.push({ id: `m-${lessonId}-${studentId}-${slot}`, lesson_id: lessonId, student_id: studentId, slot, value, work_kind_id: kind ?? S.wkU });
  }
  const fresh = [...lessons.values()];
  const known = new Set((await db.knex('lesson').whereIn('id', fresh.map((l) => l.id)).select('id')).map((l: { id: string }) => l.id));
  await put(db, 'lesson', fresh.filter((l) => !known.has(l.id)));
  await put(db, 'mark', rows);
}
