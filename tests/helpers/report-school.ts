// A small school built by hand through the journal writer, for the reports' tests (issue
// 14): known staff, classes, students, timetable, lessons, marks, topics and their times of
// entry, so every figure of a report can be counted by hand. The wall clock is the test's:
// `at(instant)` moves it before a write, so the change history holds the times chosen.
import path from 'node:path';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { keyId } from '../../db/ids';
import { hashSecret } from '../../db/passwords';
import type { FieldValue, JournalTable } from '../../db/schema';
import { lessonIdOf } from '../../db/setup/lesson-slots';
import { tmpDir } from './tmp';

export const PASSWORD = 'Otchet-Shkola-2026';

export interface ReportSchool {
  readonly db: JournalDb;
  /** Moves the wall clock (local time: '2026-09-07T10:00'). */
  at(instant: string): void;
  add(table: JournalTable, rows: Record<string, FieldValue>[]): Promise<void>;
  /** Writes as a member of staff (the rule book applies), at the clock's time. */
  as(userId: string, table: JournalTable, id: string, set: Record<string, FieldValue>): Promise<void>;
  lessonId(assignmentId: string, date: string, lessonNo: number): string;
}

export async function reportSchool(): Promise<ReportSchool> {
  let wall = Date.parse('2026-08-20T09:00:00');
  const db = await openJournal(path.join(tmpDir(), 'report-school.sqlite'), { wall: () => wall });
  const school: ReportSchool = {
    db,
    at(instant) { wall = new Date(`${instant}:00`).getTime(); },
    async add(table, rows) { await db.writer.insertNew({ userId: null }, table, rows); },
    async as(userId, table, id, set) { await db.writer.write({ userId }, [{ table, id, set }]); },
    lessonId: lessonIdOf,
  };
  const hash = await hashSecret(PASSWORD);
  await school.add('school', [{ id: 'sch', full_name: 'МБОУ «Средняя школа № 12»', short_name: 'СШ № 12', address: '', inn: '', is_demo: 0 }]);
  await school.add('academic_year', [{ id: 'y', school_id: 'sch', name: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-05-31', status: 'open' }]);
  await school.add('period', [
    { id: 'q1', year_id: 'y', kind: 'quarter', number: 1, name: '1 четверть', starts_on: '2026-09-01', ends_on: '2026-10-25', grade_from: 1, grade_to: 9 },
    { id: 'q2', year_id: 'y', kind: 'quarter', number: 2, name: '2 четверть', starts_on: '2026-11-05', ends_on: '2026-12-28', grade_from: 1, grade_to: 9 },
    { id: 'yr', year_id: 'y', kind: 'year', number: 1, name: 'Год', starts_on: '2026-09-01', ends_on: '2027-05-31', grade_from: 1, grade_to: 11 },
  ]);
  const staff = [
    ['dep', 'deputy', 'Кузнецова', 'Ирина', 'Олеговна', 'deputy'],
    ['t1', 'ivanova', 'Иванова', 'Анна', 'Сергеевна', 'teacher'],
    ['t2', 'petrov', 'Петров', 'Олег', 'Ильич', 'teacher'],
    ['t3', 'sidorova', 'Сидорова', 'Мария', 'Петровна', 'teacher'],
  ] as const;
  await school.add('staff', staff.map(([id, login, last, first, middle]) => ({ id, login, last_name: last, first_name: first, middle_name: middle, position: '', password_hash: hash, active: 1 })));
  await school.add('staff_role', staff.map(([id, , , , , role]) => ({ id: `r-${id}`, staff_id: id, role, revoked: 0 })));
  await school.add('subject', [
    { id: 'math', name: 'Математика', short_name: 'Мат', graded: 1, sort_order: 1, retired: 0 },
    { id: 'rus', name: 'Русский язык', short_name: 'Рус', graded: 1, sort_order: 2, retired: 0 },
  ]);
  await school.add('curriculum', [{ id: 'cur-math5', year_id: 'y', grade: 5, subject_id: 'math', hours_per_week: 2, split_groups: 0, removed: 0 }]);
  await school.add('class', [
    { id: 'c5a', year_id: 'y', grade: 5, letter: 'А', name: '5А', class_teacher_id: null, room: '', retired: 0 },
    { id: 'c5b', year_id: 'y', grade: 5, letter: 'Б', name: '5Б', class_teacher_id: null, room: '', retired: 0 },
  ]);
  await school.add('student', [
    { id: 's1', last_name: 'Алексеев', first_name: 'Пётр', middle_name: '', birth_date: '2015-03-01', gender: 'м', personal_file: '', address: '' },
    { id: 's2', last_name: 'Борисова', first_name: 'Анна', middle_name: '', birth_date: '2015-05-01', gender: 'ж', personal_file: '', address: '' },
    { id: 's3', last_name: 'Васильев', first_name: 'Игорь', middle_name: '', birth_date: '2015-07-01', gender: 'м', personal_file: '', address: '' },
  ]);
  // s3 leaves 5А on 10.09: not on the roll at the range's end.
  await school.add('enrolment', [
    { id: 'e1', student_id: 's1', class_id: 'c5a', starts_on: '2026-09-01', ends_on: null },
    { id: 'e2', student_id: 's2', class_id: 'c5a', starts_on: '2026-09-01', ends_on: null },
    { id: 'e3', student_id: 's3', class_id: 'c5a', starts_on: '2026-09-01', ends_on: '2026-09-10' },
  ]);
  // Pages: math 5А (Иванова, Mon 1 and Wed 2), Russian 5А (Петров, Tue 3), math 5Б (Петров, Thu 1). Сидорова teaches nothing.
  await school.add('teaching_assignment', [
    { id: 'a1', year_id: 'y', teacher_id: 't1', class_id: 'c5a', subgroup_id: null, subject_id: 'math', hours_per_week: 2, starts_on: '2026-09-01', ends_on: null },
    { id: 'a2', year_id: 'y', teacher_id: 't2', class_id: 'c5a', subgroup_id: null, subject_id: 'rus', hours_per_week: 1, starts_on: '2026-09-01', ends_on: null },
    { id: 'a3', year_id: 'y', teacher_id: 't2', class_id: 'c5b', subgroup_id: null, subject_id: 'math', hours_per_week: 1, starts_on: '2026-09-01', ends_on: null },
  ]);
  await school.add('timetable_entry', [
    { id: 'tt1', assignment_id: 'a1', weekday: 1, lesson_no: 1, room: '', valid_from: '2026-09-01', valid_to: null },
    { id: 'tt2', assignment_id: 'a1', weekday: 3, lesson_no: 2, room: '', valid_from: '2026-09-01', valid_to: null },
    { id: 'tt3', assignment_id: 'a2', weekday: 2, lesson_no: 3, room: '', valid_from: '2026-09-01', valid_to: null },
    { id: 'tt4', assignment_id: 'a3', weekday: 4, lesson_no: 1, room: '', valid_from: '2026-09-01', valid_to: null },
  ]);
  await school.add('work_kind', [{ id: 'wk-oral', code: 'О', name: 'Устный ответ', written: 0, weight: 1, sort_order: 1, retired: 0 }]);
  return school;
}

/** A lesson row made by its teacher at the clock's time. */
export async function fillLesson(s: ReportSchool, teacherId: string, assignmentId: string, date: string, lessonNo: number, topic: string, homework: string): Promise<string> {
  const id = s.lessonId(assignmentId, date, lessonNo);
  await s.as(teacherId, 'lesson', id, { assignment_id: assignmentId, date, lesson_no: lessonNo, teacher_id: teacherId, topic, homework, lesson_type: '', cancelled: 0 });
  return id;
}

export async function putMark(s: ReportSchool, teacherId: string, lessonId: string, studentId: string, value: string): Promise<void> {
  await s.as(teacherId, 'mark', keyId('mark', lessonId, studentId, '1'), { lesson_id: lessonId, student_id: studentId, slot: 1, value, work_kind_id: 'wk-oral', comment: '' });
}

/**
 * A table of a report's workbook as read back with exceljs: the rows under the header row
 * that follows the table's title line, up to the first empty row; each row's values by
 * column header.
 */
export function sheetTable(sheet: { rowCount: number; getRow(n: number): { values: unknown } }, title: string): Record<string, unknown>[] {
  const cells = (n: number) => ((sheet.getRow(n).values as unknown[]) ?? []).slice(1);
  let at = 0;
  for (let n = 1; n <= sheet.rowCount; n++) if (cells(n)[0] === title) { at = n; break; }
  if (at === 0) throw new Error(`no table «${title}» in the sheet`);
  const header = cells(at + 1) as string[];
  const out: Record<string, unknown>[] = [];
  for (let n = at + 2; n <= sheet.rowCount; n++) {
    const row = cells(n);
    if (row.length === 0 || row.every((v) => v === null || v === undefined || v === '')) break;
    out.push(Object.fromEntries(header.map((h, i) => [h, row[i] ?? null])));
  }
  return out;
}
