// Classes and their students: class sizes per grade, names and birth dates that match
// the grade, personal files, addresses, parents (guardians), the enrolment of each
// student, subgroups of split subjects (R-ROLE-3), and the year's first movements:
// a few arrivals and departures during the first quarter, each with its order (R-REC-9).
import type { SeededRandom } from '../../shared/random';
import type { SchoolCalendar } from './calendar';
import { curriculumFor } from './curriculum';
import { addDays, isoDate, weekday } from './dates';
import type { ClassModel, StudentModel } from './model';
import {
  randomAddress, randomAdult, randomChildName, randomEmail, randomFatherName, randomPhone, randomSurname,
  surnameFor, type Gender, type PersonName,
} from './names';
import { normal, type DemoIds } from './random';
import type { DemoRows } from './rows';
import { roomLabel } from './rooms';
import type { SchoolSetup } from './school';

export interface GuardianModel extends PersonName {
  readonly id: string;
  readonly relation: 'мать' | 'отец' | 'опекун';
}

export interface Movement {
  readonly student: StudentModel;
  readonly kind: 'arrival' | 'departure';
  readonly date: string;
  readonly orderNumber: string;
  readonly orderDate: string;
  readonly note: string;
}

export interface StudentBody {
  readonly classes: ClassModel[];
  readonly guardians: ReadonlyMap<string, readonly GuardianModel[]>;
  readonly movements: readonly Movement[];
}

const ALPHABET = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';
const letterRank = (c: string) => {
  const i = ALPHABET.indexOf(c.toLowerCase());
  return i < 0 ? 100 + c.charCodeAt(0) : i;
};
/** Russian alphabetical order (ё after е), independent of the machine's locale. */
export function compareRu(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = letterRank(a[i]!) - letterRank(b[i]!);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
const byName = (a: StudentModel, b: StudentModel) =>
  compareRu(a.lastName, b.lastName) || compareRu(a.firstName, b.firstName) || compareRu(a.middleName, b.middleName);

// Class letters: the alphabet without Ё, Й, Ъ, Ы, Ь; a very large school goes on with АА, АБ…
const LETTERS = 'АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ'.split('');
const letterOf = (i: number) => (i < LETTERS.length ? LETTERS[i]! : `${LETTERS[Math.floor(i / LETTERS.length) - 1]!}${LETTERS[i % LETTERS.length]!}`);

/**
 * How many parallel classes a grade of `n` students has: up to three in a small school
 * (as many as make classes of 24-30), and in a large one (issue 16: a school grows by
 * classes, never by 90-student classes) as many as keep every class at 25-30.
 */
function classCount(n: number, total: number): number {
  const small = Math.min(3, Math.max(total >= 300 ? 2 : 1, Math.ceil(n / 30), Math.round(n / 24)));
  return Math.ceil(n / 30) <= 3 ? small : Math.ceil(n / 30);
}

/** Students per grade: a little more in the primary grades, fewer in 10-11. */
function gradeSizes(total: number, rng: SeededRandom): number[] {
  const weights = Array.from({ length: 11 }, (_, i) => {
    const grade = i + 1;
    const base = grade <= 4 ? 1.15 : grade <= 9 ? 1 : 0.7;
    return base * (0.88 + rng.next() * 0.24);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const sizes = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - sizes.reduce((a, b) => a + b, 0); left > 0; k++, left--) sizes[order[k % 11]![1]]! += 1;
  return sizes;
}

function splitEven(n: number, parts: number, rng: SeededRandom): number[] {
  const out = Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
  // A pupil more in one class, one less in another: classes are rarely equal.
  if (parts > 1 && out[0]! > 15 && rng.chance(0.6)) {
    const a = rng.int(0, parts - 1);
    const b = (a + 1) % parts;
    if (out[a]! < 30 && (parts <= 3 || out[b]! > 25)) {
      out[a]! += 1;
      out[b]! -= 1;
    }
  }
  return out;
}

/** A birth date that fits the grade: first-graders are 6.5-7.5 years old on 1 September. */
function birthDate(startYear: number, grade: number, rng: SeededRandom): string {
  const year = startYear - 6 - grade;
  if (rng.chance(0.08)) return addDays(isoDate(year - 1, 10, 1), rng.int(0, 91)); // born late in the year before
  return addDays(isoDate(year, 1, 1), rng.int(0, 364));
}

function newStudent(
  classModel: { id: string; grade: number }, startYear: number, rng: SeededRandom, ids: DemoIds, startsOn: string,
): { student: StudentModel; family: { surname: string; father: ReturnType<typeof randomFatherName> } } {
  const gender: Gender = rng.chance(0.5) ? 'м' : 'ж';
  const surname = randomSurname(rng);
  const father = randomFatherName(rng);
  const ability = Math.min(4.95, Math.max(2.6, normal(rng, 3.95, 0.55)));
  const student: StudentModel = {
    id: ids.next(startsOn),
    classId: classModel.id,
    grade: classModel.grade,
    lastName: surnameFor(surname, gender),
    firstName: randomChildName(rng, gender),
    middleName: gender === 'м' ? father.sonOf : father.daughterOf,
    gender,
    birthDate: birthDate(startYear, classModel.grade, rng),
    address: randomAddress(rng),
    personalFile: '',
    startsOn,
    endsOn: null,
    ability,
  };
  return { student, family: { surname, father } };
}

function guardiansOf(
  family: { surname: string; father: ReturnType<typeof randomFatherName> }, rng: SeededRandom, ids: DemoIds, day: string,
): GuardianModel[] {
  const out: GuardianModel[] = [];
  const r = rng.next();
  const hasMother = r < 0.97;
  const hasFather = r < 0.72 || (r >= 0.97 && r < 0.985);
  if (hasMother) {
    const p = randomAdult(rng, 'ж', family.surname);
    out.push({ ...p, id: ids.next(day), relation: 'мать' });
  }
  if (hasFather) {
    const p = randomAdult(rng, 'м', family.surname);
    out.push({ ...p, firstName: family.father.name, id: ids.next(day), relation: 'отец' });
  }
  if (out.length === 0) {
    // Raised by a grandmother: a guardian (опекун) with another surname sometimes.
    const p = randomAdult(rng, 'ж', rng.chance(0.5) ? family.surname : randomSurname(rng));
    out.push({ ...p, id: ids.next(day), relation: 'опекун' });
  }
  return out;
}

const ARRIVED_FROM = [
  'из МБОУ «СОШ № 3» г. Котельнича',
  'из МКОУ «СОШ с. Никульчино» Слободского района',
  'из МАОУ «Гимназия № 1» г. Кирова',
  'из МБОУ «Лицей № 9» г. Перми',
];
const LEFT_TO = [
  'в МАОУ «Лицей № 21» г. Кирова (смена места жительства)',
  'в МБОУ «СОШ № 5» г. Слободского (смена места жительства)',
  'в ГБОУ «Школа № 1539» г. Москвы (переезд семьи)',
];

/** An order of the director dated a weekday shortly before `date`. */
function orderBefore(date: string, rng: SeededRandom): string {
  let d = addDays(date, -rng.int(0, 2));
  while (weekday(d) >= 6) d = addDays(d, -1);
  return d;
}

export function buildStudents(
  setup: SchoolSetup, total: number, startYear: number, rng: SeededRandom, ids: DemoIds, before: string,
): StudentBody {
  const cal: SchoolCalendar = setup.calendar;
  const sizes = gradeSizes(total, rng);
  const classes: ClassModel[] = [];
  const families = new Map<string, { surname: string; father: ReturnType<typeof randomFatherName> }>();
  const listDay = `${startYear}-08-25`;
  let primaryRoom = 0; // 101, 102… (rooms.ts)

  for (let grade = 1; grade <= 11; grade++) {
    const n = sizes[grade - 1]!;
    const count = classCount(n, total);
    splitEven(n, count, rng).forEach((size, i) => {
      const letter = letterOf(i);
      const id = ids.next(listDay);
      const c: ClassModel = {
        id, grade, letter, name: `${grade}${letter}`, room: grade <= 4 ? roomLabel(1, primaryRoom++) : '',
        classTeacherId: null, students: [], subgroups: new Map(), members: new Map(),
      };
      const seen = new Set<string>();
      while (c.students.length < size) {
        const { student, family } = newStudent(c, startYear, rng, ids, cal.startsOn);
        const key = `${student.lastName} ${student.firstName}`;
        if (seen.has(key)) continue; // two namesakes in one class would confuse the class list
        seen.add(key);
        c.students.push(student);
        families.set(student.id, family);
      }
      c.students.sort(byName);
      classes.push(c);
    });
  }

  // R-REC-9: arrivals during the first weeks of Q1 and departures in its last weeks,
  // in grades 2-9 where the quarter's marks are at stake.
  const movements: Movement[] = [];
  const middle = classes.filter((c) => c.grade >= 2 && c.grade <= 9);
  const q1 = cal.firstPeriod(5);
  const arrivalDays = cal.schoolDays(5, addDays(cal.startsOn, 7), addDays(cal.startsOn, 20));
  const arrivals = rng.int(2, 3);
  for (let i = 0; i < arrivals; i++) {
    const c = rng.pick(middle);
    const date = rng.pick(arrivalDays);
    const { student, family } = newStudent(c, startYear, rng, ids, date);
    // (drawn all the same, so that the rest of the school does not depend on the day it is made for)
    if (date >= before) continue; // not arrived yet
    c.students.push(student);
    families.set(student.id, family);
    movements.push({
      student, kind: 'arrival', date, orderNumber: `№ ${rng.int(40, 95)}-у`, orderDate: orderBefore(date, rng),
      note: `${student.gender === 'м' ? 'прибыл' : 'прибыла'} ${rng.pick(ARRIVED_FROM)}`,
    });
  }
  const departureDays = cal.schoolDays(5, addDays(q1.endsOn, -17), addDays(q1.endsOn, -4));
  const departures = rng.int(1, 2);
  for (let i = 0; i < departures; i++) {
    const c = rng.pick(middle);
    const candidates = c.students.filter((s) => s.startsOn === cal.startsOn && s.endsOn === null);
    const student = rng.pick(candidates);
    const date = rng.pick(departureDays);
    if (date >= before) continue; // not left yet
    // The enrolment ends on the day of the departure: the student has no lessons from that day.
    student.endsOn = date;
    movements.push({
      student, kind: 'departure', date, orderNumber: `№ ${rng.int(100, 140)}-у`, orderDate: orderBefore(date, rng),
      note: `${student.gender === 'м' ? 'выбыл' : 'выбыла'} ${rng.pick(LEFT_TO)}`,
    });
  }
  movements.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  // Personal file numbers: the first letter of the surname and a running number.
  const perLetter = new Map<string, number>();
  for (const c of classes) {
    for (const s of c.students) {
      const l = s.lastName.charAt(0);
      const n = (perLetter.get(l) ?? 0) + 1;
      perLetter.set(l, n);
      s.personalFile = `${l}-${n}`;
    }
  }

  // Subgroups: the class list split in halves (R-ROLE-3); arrivals join the smaller half.
  for (const c of classes) {
    for (const line of curriculumFor(c.grade)) {
      if (!line.split) continue;
      const g1 = ids.next(listDay);
      const g2 = ids.next(listDay);
      c.subgroups.set(line.subject, [g1, g2]);
      const first = new Set<string>();
      const second = new Set<string>();
      const initial = c.students.filter((s) => s.startsOn === cal.startsOn);
      initial.forEach((s, i) => (i < Math.ceil(initial.length / 2) ? first : second).add(s.id));
      for (const s of c.students) if (s.startsOn !== cal.startsOn) (first.size <= second.size ? first : second).add(s.id);
      c.members.set(g1, first);
      c.members.set(g2, second);
    }
  }

  const guardians = new Map<string, GuardianModel[]>();
  for (const c of classes) {
    for (const s of c.students) guardians.set(s.id, guardiansOf(families.get(s.id)!, rng, ids, s.startsOn));
  }
  return { classes, guardians, movements };
}

/** Rows of the students, their enrolments, subgroups, movements and parents. */
export function addStudentRows(body: StudentBody, setup: SchoolSetup, rng: SeededRandom, ids: DemoIds, rows: DemoRows): void {
  for (const c of body.classes) {
    for (const [subject, [g1, g2]] of c.subgroups) {
      rows.add('subgroup', { id: g1, class_id: c.id, subject_id: setup.subjectIds.get(subject)!, name: 'группа 1' });
      rows.add('subgroup', { id: g2, class_id: c.id, subject_id: setup.subjectIds.get(subject)!, name: 'группа 2' });
    }
  }
  for (const c of body.classes) {
    for (const s of c.students) {
      rows.add('student', {
        id: s.id, last_name: s.lastName, first_name: s.firstName, middle_name: s.middleName, birth_date: s.birthDate,
        gender: s.gender, personal_file: s.personalFile, address: s.address, paper_family: 0,
      });
    }
  }
  for (const c of body.classes) {
    for (const s of c.students) {
      rows.add('enrolment', { id: ids.next(s.startsOn), student_id: s.id, class_id: c.id, starts_on: s.startsOn, ends_on: s.endsOn });
    }
  }
  for (const c of body.classes) {
    for (const [groupId, members] of c.members) {
      for (const s of c.students) {
        if (!members.has(s.id)) continue;
        rows.add('subgroup_member', { id: ids.next(s.startsOn), subgroup_id: groupId, student_id: s.id, starts_on: s.startsOn, ends_on: s.endsOn });
      }
    }
  }
  for (const m of body.movements) {
    const classId = m.student.classId;
    rows.add('movement', {
      id: ids.next(m.date), student_id: m.student.id, kind: m.kind, date: m.date,
      from_class_id: m.kind === 'departure' ? classId : null, to_class_id: m.kind === 'arrival' ? classId : null,
      order_number: m.orderNumber, order_date: m.orderDate, note: m.note,
    });
  }
  for (const c of body.classes) {
    for (const s of c.students) {
      for (const g of body.guardians.get(s.id) ?? []) {
        rows.add('guardian', {
          id: g.id, last_name: g.lastName, first_name: g.firstName, middle_name: g.middleName,
          phone: randomPhone(rng), email: rng.chance(0.45) ? randomEmail(rng, g) : '',
        });
      }
    }
  }
  for (const c of body.classes) {
    for (const s of c.students) {
      for (const g of body.guardians.get(s.id) ?? []) {
        rows.add('student_guardian', { id: ids.next(s.startsOn), student_id: s.id, guardian_id: g.id, relation: g.relation, removed: 0 });
      }
    }
  }
}

/**
 * R-REC-10: the consent of a legal representative to the processing of personal data,
 * on file for every student except `without` (left for the class teacher to find).
 */
export function addConsentRows(body: StudentBody, without: ReadonlySet<string>, rng: SeededRandom, ids: DemoIds, rows: DemoRows, startYear: number, before = '9999-12-31'): void {
  let n = 0;
  for (const c of body.classes) {
    for (const s of c.students) {
      n++;
      if (without.has(s.id)) continue;
      const g = body.guardians.get(s.id)?.[0];
      if (!g) continue;
      let signed = s.startsOn === `${startYear}-09-01` ? addDays(`${startYear}-08-20`, rng.int(0, 16)) : s.startsOn;
      while (weekday(signed) >= 6) signed = addDays(signed, 1);
      if (signed >= before) continue; // not brought in yet
      rows.add('consent', { id: ids.next(signed), student_id: s.id, guardian_id: g.id, signed_on: signed, revoked_on: null, document_no: `ПД-${startYear}/${String(n).padStart(4, '0')}` });
    }
  }
}

