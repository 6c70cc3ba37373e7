// What a printed document shows, as plain data read from the journal. The same object is
// drawn on paper and hashed (verify/hash.ts), so everything printed is in it and nothing
// that is not printed (no ids that change the hash without changing the paper, except the
// stable row ids that tie a cell to its student and lesson).
import type { SchoolTitles } from '../../db/setup/school-titles';

export interface PrintPeriod {
  id: string;
  kind: 'quarter' | 'half_year' | 'trimester' | 'year';
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** The heading of every document: school, class, year, period. */
export interface PrintHeading {
  schoolFullName: string;
  schoolShortName: string;
  classId: string;
  className: string;
  grade: number;
  yearName: string;
  period: PrintPeriod;
  /** Full name (фамилия имя отчество), or null when the class has none. */
  classTeacher: string | null;
  /**
   * The titles the school set for the signature lines (db/setup/school-titles.ts); absent
   * when they are the defaults, so that copies printed before a school set them keep their
   * hashes (verify/hash.ts leaves absent keys out).
   */
  titles?: SchoolTitles;
}

/** A student of the class list: enrolled in the class on some day of the period. */
export interface ClassListStudent {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string;
  personalFile: string;
  /** The enrolment in this class (dates may lie outside the period). */
  enrolledFrom: string;
  enrolledTo: string | null;
}

/** Arrival, departure or transfer of a student of the class (R-REC-9). */
export interface PrintMovement {
  studentId: string;
  studentName: string;
  kind: 'arrival' | 'departure' | 'transfer';
  /** For a transfer: whether the student came into this class or left it. */
  direction: 'in' | 'out';
  date: string;
  orderNumber: string;
  orderDate: string;
  note: string;
  otherClass: string | null;
}

/** A student on a subject page: on the page from `from` to `to` (inside or around the period). */
export interface BlockStudent {
  id: string;
  name: string;
  from: string;
  to: string | null;
}

export interface BlockLesson {
  id: string;
  date: string;
  lessonNo: number;
  topic: string;
  homework: string;
  lessonType: string;
  substitute: string | null;
  /** Kinds of work of the marks in the column (codes, in the school's order), e.g. ['К']. */
  workKinds: string[];
}

export interface BlockMark {
  lessonId: string;
  studentId: string;
  slot: number;
  value: string;
  workKind: string | null;
}

export interface BlockAttendance {
  lessonId: string;
  studentId: string;
  code: string;
}

/** One journal page of the class: a subject (or a subgroup of it) with its lessons in the period. */
export interface SubjectBlock {
  /** The teaching assignment. */
  key: string;
  subjectId: string;
  subjectName: string;
  subgroupName: string | null;
  /** Full name of the teacher of the assignment. */
  teacher: string;
  students: BlockStudent[];
  lessons: BlockLesson[];
  marks: BlockMark[];
  attendance: BlockAttendance[];
  periodMarks: { studentId: string; value: string }[];
}

/** Everything a class copy holds for a class × reporting period (R-PRINT-1). */
export interface ClassCopyData {
  heading: PrintHeading;
  students: ClassListStudent[];
  movements: PrintMovement[];
  blocks: SubjectBlock[];
  /** The kinds of work used in the document: code → name (for the legends). */
  workKinds: { code: string; name: string }[];
}

export const KIND_NAMES = {
  arrival: 'прибытие',
  departure: 'выбытие',
  transfer: 'перевод',
} as const;
