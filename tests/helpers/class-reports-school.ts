// A small school built by hand for the class teacher's reports and the contact with parents
// (issue 14 points 6 and 7), through the real journal writer, with answers known in advance:
//
//   7А (class teacher Иванова): Антонов Иван, Борисова Мария, Волков Пётр (left: last day
//   13.11.2026), Громова Анна (came 16.11.2026); English taught to a group (Антонов, Борисова).
//   7Б (class teacher Петров): Дмитриев Олег.   8А: no students.
//
// Lessons of 7А: 20.10 math 1, Russian 2; 09.11 math 1, Russian 2, English 3; 10.11 math 1,
// Russian 2; 12.11 math 1, Russian 2; 17.11 math 1, Russian 2, English 3; 18.11 math 1 and
// Russian 2 cancelled; 01.12 math 1, Russian 2. Of 7Б: 09.11 math 1.
// The absences, marks and notes are listed below where they are written; the tests count
// what the reports must show from these lists by hand.
import path from 'node:path';
import { keyId, newId } from '../../db/ids';
import { openJournal, type JournalDb } from '../../db/journal-db';
import type { RowChange } from '../../db/journal-writer';
import { hashSecret } from '../../db/passwords';
import { tmpDir } from './tmp';

export interface ClassReportsSchool {
  readonly db: JournalDb;
  readonly file: string;
  readonly year: string;
  readonly q1: string;
  readonly q2: string;
  readonly staff: Readonly<Record<'admin' | 'deputy' | 'director' | 'ivanova' | 'petrov' | 'sidorova', string>>;
  readonly classes: Readonly<Record<'a7' | 'b7' | 'a8', string>>;
  readonly students: Readonly<Record<'antonov' | 'borisova' | 'volkov' | 'gromova' | 'dmitriev', string>>;
  readonly subjects: Readonly<Record<'math' | 'rus' | 'eng', string>>;
  /** lesson ids by 'date|subject' ('2026-11-09|math'). */
  readonly lessons: ReadonlyMap<string, string>;
}

export const PASSWORD = 'demo';

export async function buildClassReportsSchool(): Promise<ClassReportsSchool> {
  const file = path.join(tmpDir('class-reports-'), 'j.sqlite');
  const db = await openJournal(file);
  const sys = { userId: null };
  const hash = await hashSecret(PASSWORD);
  const id = () => newId();
  const school = id();
  const year = id();
  const q1 = id();
  const q2 = id();
  const yearPeriod = id();
  const staff = { admin: id(), deputy: id(), director: id(), ivanova: id(), petrov: id(), sidorova: id() };
  const classes = { a7: id(), b7: id(), a8: id() };
  const students = { antonov: id(), borisova: id(), volkov: id(), gromova: id(), dmitriev: id() };
  const subjects = { math: id(), rus: id(), eng: id() };
  const group = id();
  const asg = { math: id(), rus: id(), eng: id(), mathB: id() };
  const changes: RowChange[] = [];
  const add = (table: RowChange['table'], rowId: string, set: Record<string, string | number | null>) => changes.push({ table, id: rowId, set } as RowChange);

  add('school', school, { full_name: 'МБОУ «Средняя общеобразовательная школа № 3»', short_name: 'СОШ № 3', address: '', inn: '', is_demo: 0 });
  add('academic_year', year, { school_id: school, name: '2026/2027', starts_on: '2026-09-01', ends_on: '2027-05-31', status: 'open' });
  add('period', q1, { year_id: year, kind: 'quarter', number: 1, name: '1 четверть', starts_on: '2026-09-01', ends_on: '2026-10-25', grade_from: 1, grade_to: 9 });
  add('period', q2, { year_id: year, kind: 'quarter', number: 2, name: '2 четверть', starts_on: '2026-11-05', ends_on: '2026-12-27', grade_from: 1, grade_to: 9 });
  add('period', yearPeriod, { year_id: year, kind: 'year', number: 1, name: 'Год', starts_on: '2026-09-01', ends_on: '2027-05-31', grade_from: 1, grade_to: 11 });
  const person = (key: keyof typeof staff, login: string, last: string, first: string, middle: string, position: string, roles: string[]) => {
    add('staff', staff[key], { login, last_name: last, first_name: first, middle_name: middle, position, password_hash: hash, active: 1 });
    for (const role of roles) add('staff_role', id(), { staff_id: staff[key], role, revoked: 0 });
  };
  person('admin', 'admin', 'Орлова', 'Вера', 'Павловна', 'администратор журнала', ['admin']);
  person('deputy', 'deputy', 'Кузнецова', 'Ирина', 'Олеговна', 'заместитель директора по УВР', ['deputy']);
  person('director', 'director', 'Морозов', 'Андрей', 'Викторович', 'директор', ['director']);
  person('ivanova', 'ivanova', 'Иванова', 'Анна', 'Сергеевна', 'учитель математики', ['teacher', 'class_teacher']);
  person('petrov', 'petrov', 'Петров', 'Олег', 'Ильич', 'учитель русского языка', ['teacher', 'class_teacher']);
  person('sidorova', 'sidorova', 'Сидорова', 'Елена', 'Юрьевна', 'учитель английского языка', ['teacher']);
  add('subject', subjects.math, { name: 'Математика', short_name: 'Мат', graded: 1, sort_order: 1 });
  add('subject', subjects.rus, { name: 'Русский язык', short_name: 'Рус', graded: 1, sort_order: 2 });
  add('subject', subjects.eng, { name: 'Английский язык', short_name: 'Англ', graded: 1, sort_order: 3 });
  add('class', classes.a7, { year_id: year, grade: 7, letter: 'А', name: '7А', class_teacher_id: staff.ivanova, room: '' });
  add('class', classes.b7, { year_id: year, grade: 7, letter: 'Б', name: '7Б', class_teacher_id: staff.petrov, room: '' });
  add('class', classes.a8, { year_id: year, grade: 8, letter: 'А', name: '8А', class_teacher_id: null, room: '' });
  const pupil = (key: keyof typeof students, last: string, first: string, middle: string, gender: string, cls: string, from: string, to: string | null) => {
    add('student', students[key], { last_name: last, first_name: first, middle_name: middle, birth_date: '2013-03-01', gender, personal_file: '', address: '' });
    add('enrolment', id(), { student_id: students[key], class_id: cls, starts_on: from, ends_on: to });
  };
  pupil('antonov', 'Антонов', 'Иван', 'Петрович', 'м', classes.a7, '2026-09-01', null);
  pupil('borisova', 'Борисова', 'Мария', 'Андреевна', 'ж', classes.a7, '2026-09-01', null);
  pupil('volkov', 'Волков', 'Пётр', 'Сергеевич', 'м', classes.a7, '2026-09-01', '2026-11-13');
  pupil('gromova', 'Громова', 'Анна', 'Игоревна', 'ж', classes.a7, '2026-11-16', null);
  pupil('dmitriev', 'Дмитриев', 'Олег', 'Романович', 'м', classes.b7, '2026-09-01', null);
  add('movement', id(), { student_id: students.volkov, kind: 'departure', date: '2026-11-13', from_class_id: classes.a7, to_class_id: null, order_number: '45-у', order_date: '2026-11-13', note: 'в МБОУ СОШ № 1 г. Перми' });
  add('movement', id(), { student_id: students.gromova, kind: 'arrival', date: '2026-11-16', from_class_id: null, to_class_id: classes.a7, order_number: '47-у', order_date: '2026-11-16', note: 'из МБОУ «Лицей № 2»' });
  const guardian = id();
  add('guardian', guardian, { last_name: 'Антонова', first_name: 'Ольга', middle_name: 'Ивановна', phone: '+7 900 000-00-01', email: '' });
  add('student_guardian', id(), { student_id: students.antonov, guardian_id: guardian, relation: 'мать', removed: 0 });
  add('subgroup', group, { class_id: classes.a7, subject_id: subjects.eng, name: 'группа 1' });
  add('subgroup_member', id(), { subgroup_id: group, student_id: students.antonov, starts_on: '2026-09-01', ends_on: null });
  add('subgroup_member', id(), { subgroup_id: group, student_id: students.borisova, starts_on: '2026-09-01', ends_on: null });
  const assignment = (key: keyof typeof asg, teacher: string, cls: string, subject: string, subgroup: string | null) =>
    add('teaching_assignment', asg[key], { year_id: year, teacher_id: teacher, class_id: cls, subgroup_id: subgroup, subject_id: subject, hours_per_week: 3, starts_on: '2026-09-01', ends_on: null });
  assignment('math', staff.ivanova, classes.a7, subjects.math, null);
  assignment('rus', staff.petrov, classes.a7, subjects.rus, null);
  assignment('eng', staff.sidorova, classes.a7, subjects.eng, group);
  assignment('mathB', staff.ivanova, classes.b7, subjects.math, null);

  const lessons = new Map<string, string>();
  const teacherOf = { math: staff.ivanova, rus: staff.petrov, eng: staff.sidorova, mathB: staff.ivanova };
  const lesson = (date: string, key: keyof typeof asg, no: number, cancelled = 0) => {
    const lid = id();
    lessons.set(`${date}|${key}`, lid);
    add('lesson', lid, { assignment_id: asg[key], date, lesson_no: no, teacher_id: teacherOf[key], substitute_teacher_id: null, plan_item_id: null, topic: 'Тема урока', lesson_type: '', homework: '', cancelled });
  };
  lesson('2026-10-20', 'math', 1); lesson('2026-10-20', 'rus', 2);
  lesson('2026-11-09', 'math', 1); lesson('2026-11-09', 'rus', 2); lesson('2026-11-09', 'eng', 3);
  lesson('2026-11-10', 'math', 1); lesson('2026-11-10', 'rus', 2);
  lesson('2026-11-12', 'math', 1); lesson('2026-11-12', 'rus', 2);
  lesson('2026-11-17', 'math', 1); lesson('2026-11-17', 'rus', 2); lesson('2026-11-17', 'eng', 3);
  lesson('2026-11-18', 'math', 1); lesson('2026-11-18', 'rus', 2, 1);
  lesson('2026-12-01', 'math', 1); lesson('2026-12-01', 'rus', 2);
  lesson('2026-11-09', 'mathB', 1);
  const L = (key: string) => lessons.get(key)!;
  const absent = (lessonKey: string, student: string, code: string) =>
    add('attendance', keyId('attendance', L(lessonKey), student), { lesson_id: L(lessonKey), student_id: student, code, reason: '' });
  const s = students;
  // Антонов: 20.10 ill all day; 09.11 all three lessons Н; 10.11 late to math; 17.11 У, У and
  // Б (a full day, mostly У); 18.11 Н at math (the cancelled Russian lesson's Н is not counted).
  absent('2026-10-20|math', s.antonov, 'Б'); absent('2026-10-20|rus', s.antonov, 'Б');
  absent('2026-11-09|math', s.antonov, 'Н'); absent('2026-11-09|rus', s.antonov, 'Н'); absent('2026-11-09|eng', s.antonov, 'Н');
  absent('2026-11-10|math', s.antonov, 'О');
  absent('2026-11-17|math', s.antonov, 'У'); absent('2026-11-17|rus', s.antonov, 'У'); absent('2026-11-17|eng', s.antonov, 'Б');
  absent('2026-11-18|math', s.antonov, 'Н'); absent('2026-11-18|rus', s.antonov, 'Н');
  // Борисова: 09.11 only English Н; 12.11 ill all day; 01.12 late to math and Н at Russian.
  absent('2026-11-09|eng', s.borisova, 'Н');
  absent('2026-11-12|math', s.borisova, 'Б'); absent('2026-11-12|rus', s.borisova, 'Б');
  absent('2026-12-01|math', s.borisova, 'О'); absent('2026-12-01|rus', s.borisova, 'Н');
  // Волков: 10.11 Н all day; a Н on 17.11, after he left, is not his class's any more.
  absent('2026-11-10|math', s.volkov, 'Н'); absent('2026-11-10|rus', s.volkov, 'Н');
  absent('2026-11-17|math', s.volkov, 'Н');
  // Громова: 18.11 ill (math, her only lesson that day).
  absent('2026-11-18|math', s.gromova, 'Б');
  // Дмитриев (7Б): Н at 7Б's math, never in 7А's figures.
  absent('2026-11-09|mathB', s.dmitriev, 'Н');

  const mark = (lessonKey: string, student: string, value: string) =>
    add('mark', keyId('mark', L(lessonKey), student, '1'), { lesson_id: L(lessonKey), student_id: student, slot: 1, value, work_kind_id: null, comment: '' });
  // Math 10.11: Антонов 2, Борисова 5, Волков 4; 12.11: Антонов 2, Борисова 4; Russian 12.11: Антонов 3; 17.11 Громова 5 (math).
  mark('2026-11-10|math', s.antonov, '2'); mark('2026-11-10|math', s.borisova, '5'); mark('2026-11-10|math', s.volkov, '4');
  mark('2026-11-12|math', s.antonov, '2'); mark('2026-11-12|math', s.borisova, '4');
  mark('2026-11-12|rus', s.antonov, '3');
  mark('2026-11-17|math', s.gromova, '5');
  mark('2026-11-09|mathB', s.dmitriev, '5');

  // First quarter: Антонов 2 and 3 (неуспевающий), Борисова 5 and 5 (отличница), Волков 4 and 5 (хорошист).
  const periodMark = (student: string, subject: string, value: string, cls = classes.a7) =>
    add('period_mark', keyId('period_mark', q1, student, subject), { period_id: q1, student_id: student, subject_id: subject, class_id: cls, value, reason: '' });
  periodMark(s.antonov, subjects.math, '2'); periodMark(s.antonov, subjects.rus, '3');
  periodMark(s.borisova, subjects.math, '5'); periodMark(s.borisova, subjects.rus, '5');
  periodMark(s.volkov, subjects.math, '4'); periodMark(s.volkov, subjects.rus, '5');
  periodMark(s.dmitriev, subjects.math, '2', classes.b7);

  // Notes: a remark to Антонов (10.11), praise to Борисова (12.11), a withdrawn remark to Антонов.
  add('student_note', id(), { student_id: s.antonov, lesson_id: L('2026-11-10|math'), author_id: staff.ivanova, kind: 'remark', text: 'Не выполнил домашнее задание', date: '2026-11-10', withdrawn: 0 });
  add('student_note', id(), { student_id: s.borisova, lesson_id: L('2026-11-12|rus'), author_id: staff.petrov, kind: 'praise', text: 'Отличный ответ у доски', date: '2026-11-12', withdrawn: 0 });
  add('student_note', id(), { student_id: s.antonov, lesson_id: null, author_id: staff.ivanova, kind: 'remark', text: 'Записано по ошибке', date: '2026-11-11', withdrawn: 1 });

  await db.writer.write(sys, changes, { reason: 'школа для теста' });
  return { db, file, year, q1, q2, staff, classes, students, subjects, lessons };
}
