// Marks of the lessons taught so far (R-REC-2) and the period marks of the first period
// (R-REC-4). On a lesson a few students answer orally; on a written work (a control work,
// a laboratory work, a short independent work…) every present student gets a mark; a
// Russian control dictation gives two marks in one cell. No marks in grade 1 (R-REC-5),
// none for a student absent (Н/Б/У) or not enrolled on the day, none outside the lesson's
// subgroup. Then every student is topped up to the minimum of R-TIME-4, and the deliberate
// gaps for the deputy's control are made: one student with a single mark in one subject
// (not attested, Н/А), two students with no marks in one subject (their period marks are
// missing), and one or two students exempt from PE (ОСВ, no PE marks).
import type { SeededRandom } from '../../shared/random';
import { keyId } from '../ids';
import type { AttendanceMap } from './attendance';
import { enrolledOn, lessonStudents } from './attendance';
import { subjectDef, workKind, type SubjectKey, type WorkKindCode } from './curriculum';
import type { ClassModel, LessonModel, StudentModel } from './model';
import { normal } from './random';
import type { DemoRows } from './rows';
import type { SchoolSetup } from './school';
import type { TaughtSpan } from './today';
import { yielder } from './yield';

/** A student and the assignment (class or subgroup × subject) they are marked in. */
export interface StudentSubject {
  readonly studentId: string;
  readonly assignmentId: string;
}

export interface MarkGaps {
  /** One student with a single mark in one subject: Н/А for the period (R-TIME-4). */
  readonly single: StudentSubject;
  /** Students without any mark in one subject: no period mark. */
  readonly none: readonly StudentSubject[];
  /** Students exempt from PE: no PE marks, ОСВ for the period. */
  readonly exemptFromPe: ReadonlySet<string>;
}

interface Mark {
  readonly lesson: LessonModel;
  readonly studentId: string;
  readonly slot: 1 | 2;
  readonly value: number;
  readonly kind: WorkKindCode;
  /** The (assignment, student) pair's number (Cells.pair). */
  readonly pair: number;
  /** The ended period the lesson belongs to (its index in span.endedTerms), -1 for none. */
  readonly term: number;
  /** Taken away again (the single mark's gap). */
  dropped: boolean;
}

/** Ended periods of one grade at most (quarters). */
const TERMS = 8;

/**
 * Numbers for the cells the marks fill: a (lesson, student, slot) cell and an (assignment,
 * student) pair become one number each, so the hundreds of thousands of look-ups the
 * generator makes hash small numbers instead of building long strings of ids.
 */
class Cells {
  private readonly students = new Map<string, number>();
  private readonly assignments = new Map<string, number>();
  private readonly lessons = new Map<LessonModel, number>();

  constructor(classes: readonly ClassModel[]) {
    for (const c of classes) for (const s of c.students) if (!this.students.has(s.id)) this.students.set(s.id, this.students.size);
  }

  private student(id: string): number {
    const n = this.students.get(id);
    if (n === undefined) throw new Error(`demo marks: unknown student ${id}`);
    return n;
  }

  /** An (assignment, student) pair. */
  pair(assignmentId: string, studentId: string): number {
    let a = this.assignments.get(assignmentId);
    if (a === undefined) this.assignments.set(assignmentId, (a = this.assignments.size));
    return a * this.students.size + this.student(studentId);
  }

  /** A mark's cell: lesson, student and slot. */
  cell(l: LessonModel, studentId: string, slot: 1 | 2): number {
    let n = this.lessons.get(l);
    if (n === undefined) this.lessons.set(l, (n = this.lessons.size));
    return (n * this.students.size + this.student(studentId)) * 2 + slot - 1;
  }
}

/** The least number of marks for a period mark: 3 with one lesson a week, 5 with more (R-TIME-4). */
export function minimumMarks(hoursPerWeek: number): number {
  return hoursPerWeek >= 2 ? 5 : 3;
}

/** A quick written work on an ordinary lesson, by subject. */
function quickWork(subject: SubjectKey, grade: number, kind: string, rng: SeededRandom): WorkKindCode | null {
  const x = rng.next();
  if (kind === 'review') return ['pe', 'music', 'art', 'tech', 'project'].includes(subject) ? null : x < 0.3 ? 'Т' : null;
  if (kind !== 'practice' && kind !== 'new') return null;
  const practice = kind === 'practice' ? 1 : 0.2;
  switch (subject) {
    case 'math': case 'alg': case 'geom':
      return x < 0.16 * practice ? 'С/Р' : x < 0.2 * practice ? 'Т' : null;
    case 'stat': case 'inf': case 'phys': case 'chem':
      return x < 0.1 * practice ? 'С/Р' : x < 0.14 * practice ? 'Т' : null;
    case 'rus':
      return x < 0.07 * practice ? 'Д' : x < 0.14 * practice ? 'С/Р' : grade >= 5 && x < 0.16 * practice ? 'ИЗ' : null;
    case 'lit':
      return x < 0.04 * practice ? 'Т' : x < 0.06 * practice ? 'СЧ' : null;
    case 'litread':
      return x < 0.05 * practice ? 'ПР' : null;
    case 'eng':
      return x < 0.08 * practice ? 'Т' : x < 0.13 * practice ? 'С/Р' : null;
    case 'world': case 'hist': case 'soc': case 'geo': case 'bio': case 'obzr':
      return x < 0.07 * practice ? 'Т' : null;
    case 'pe':
      return x < 0.12 * practice ? 'Н' : null;
    case 'art': case 'tech':
      return x < 0.15 * practice ? 'П/Р' : null;
    default:
      return null;
  }
}

/** The kind of an oral mark (an answer at the board, reading by heart, homework checked…). */
function oralKind(subject: SubjectKey, rng: SeededRandom): WorkKindCode {
  if (subject === 'pe') return 'ТВ';
  if (subject === 'art' || subject === 'tech') return 'П/Р';
  const x = rng.next();
  if ((subject === 'lit' || subject === 'litread') && x < 0.2) return 'Ч';
  if (x > 0.85 && subject !== 'music') return 'Д/З';
  return 'У';
}

export interface MarksResult {
  readonly marks: number;
  readonly periodMarks: number;
}

export async function buildMarks(
  setup: SchoolSetup, classes: readonly ClassModel[], lessons: readonly LessonModel[], attendance: AttendanceMap,
  gaps: MarkGaps, rng: SeededRandom, rows: DemoRows, span: TaughtSpan,
): Promise<MarksResult> {
  // The writer writes the tables before these meanwhile (generate.ts): a yield now and then.
  const pause = yielder();
  // The deliberate gaps are those of the first period (the student ill then, the two
  // without marks then); later periods are marked as usual.
  const firstEnds = new Map<number, string>();
  for (let g = 1; g <= 11; g++) firstEnds.set(g, setup.calendar.firstPeriod(g).endsOn);
  const inFirst = (l: LessonModel) => l.date <= firstEnds.get(l.assignment.grade)!;
  const classById = new Map(classes.map((c) => [c.id, c]));
  const studentById = new Map<string, StudentModel>();
  for (const c of classes) for (const s of c.students) studentById.set(s.id, s);
  const none = new Set(gaps.none.map((g) => `${g.assignmentId}|${g.studentId}`));
  const value = (s: StudentModel, bias: number) => Math.min(5, Math.max(2, Math.round(normal(rng, s.ability + bias, 0.7))));
  const absent = (l: LessonModel, studentId: string) => {
    const code = attendance.get(l.id)?.get(studentId);
    return code === 'Н' || code === 'Б' || code === 'У';
  };
  const markable = (l: LessonModel, s: StudentModel) =>
    !absent(l, s.id) && !(l.assignment.subject === 'pe' && gaps.exemptFromPe.has(s.id)) && !(noneStudents.has(s.id) && none.has(`${l.assignment.id}|${s.id}`) && inFirst(l));
  const noneStudents = new Set(gaps.none.map((g) => g.studentId));
  // The ended period (its index in span.endedTerms) a lesson belongs to, -1 for none.
  const termIndex = new Map<LessonModel, number>();
  const termOf = (l: LessonModel): number => {
    let i = termIndex.get(l);
    if (i === undefined) termIndex.set(l, (i = span.endedTerms(l.assignment.grade).findIndex((p) => l.date >= p.startsOn && l.date <= p.endsOn)));
    if (i >= TERMS) throw new Error(`demo marks: more than ${TERMS} periods`);
    return i;
  };
  const cells = new Cells(classes);
  const periodCounts = new Map<number, number>(); // pair × TERMS + period index

  const marks: Mark[] = []; // in the order they were given
  const byCell = new Map<number, Mark>(); // Cells.cell
  const counts = new Map<number, number>(); // Cells.pair
  const add = (l: LessonModel, s: StudentModel, slot: 1 | 2, v: number, kind: WorkKindCode) => {
    const key = cells.cell(l, s.id, slot);
    if (byCell.has(key)) return;
    const pair = cells.pair(l.assignment.id, s.id);
    const term = termOf(l);
    const m: Mark = { lesson: l, studentId: s.id, slot, value: v, kind, pair, term, dropped: false };
    marks.push(m);
    byCell.set(key, m);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
    if (term >= 0) periodCounts.set(pair * TERMS + term, (periodCounts.get(pair * TERMS + term) ?? 0) + 1);
  };

  const byAssignment = new Map<string, LessonModel[]>();
  for (const l of lessons) {
    // R-REC-5: no marks in grade 1; ОРКСЭ is taught without marks.
    if (l.assignment.grade === 1 || !subjectDef(l.assignment.subject).graded) continue;
    const list = byAssignment.get(l.assignment.id) ?? [];
    list.push(l);
    byAssignment.set(l.assignment.id, list);
  }

  for (const list of byAssignment.values()) {
    await pause.maybe();
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo));
    for (const l of list) {
      const cls = classById.get(l.assignment.classId)!;
      const present = lessonStudents(l, cls).filter((s) => markable(l, s));
      if (present.length === 0) continue;
      const subject = l.assignment.subject;
      const planned = l.planItem?.work ?? null;
      const work = planned ?? quickWork(subject, l.assignment.grade, l.planItem?.kind ?? 'practice', rng);
      if (work) {
        const bias = workKind(work).weight >= 2 ? -0.25 : -0.1;
        for (const s of present) {
          add(l, s, 1, value(s, bias), work);
          // A control dictation has a second mark for the grammar task; now and then a
          // student also answers orally on a written lesson.
          if (work === 'Д' && planned === 'Д') add(l, s, 2, value(s, bias), 'Д');
          else if (rng.chance(0.03)) add(l, s, 2, value(s, 0.1), 'У');
        }
        continue;
      }
      const share = subject === 'pe' ? 0.25 : 0.13;
      const n = Math.min(present.length, Math.max(1, Math.round(present.length * share) + rng.int(-1, 1)));
      const order = present
        .map((s) => ({ s, key: (counts.get(cells.pair(l.assignment.id, s.id)) ?? 0) + rng.next() * 1.5 }))
        .sort((a, b) => a.key - b.key);
      for (const { s } of order.slice(0, n)) add(l, s, 1, value(s, 0.1), oralKind(subject, rng));
    }
  }

  // R-TIME-4: at least 3 marks (1 hour a week) or 5 (2+ hours) per student and subject,
  // on lessons the student attended; for a student who came or left during the period,
  // as many as the lessons allow.
  // Only in periods that have ended: the period under way is still being marked.
  for (const all of byAssignment.values()) {
    await pause.maybe();
    const a = all[0]!.assignment;
    const cls = classById.get(a.classId)!;
    const group = a.subgroupId ? cls.members.get(a.subgroupId) : null;
    for (const [index, p] of span.endedTerms(a.grade).entries()) {
     const list = all.filter((l) => l.date >= p.startsOn && l.date <= p.endsOn);
     for (const s of cls.students) {
      if (group && !group.has(s.id)) continue;
      let have = periodCounts.get(cells.pair(a.id, s.id) * TERMS + index) ?? 0;
      // Enough marks already: nothing to draw (a school made for a day; the school as at the
      // end of the first period keeps its draws as they always were, so its rows stay the same).
      if (span.today !== null && have >= minimumMarks(a.hours)) continue;
      const attended = list.filter((l) => enrolledOn(s, l.date) && markable(l, s));
      const need = Math.min(minimumMarks(a.hours), attended.length);
      for (const l of rng.shuffle(attended)) {
        if (have >= need) break;
        if (byCell.has(cells.cell(l, s.id, 1))) continue;
        add(l, s, 1, value(s, 0.1), oralKind(a.subject, rng));
        have++;
      }
     }
    }
  }

  // The single mark: the student keeps only the first one in that subject.
  const single = marks
    .filter((m) => m.lesson.assignment.id === gaps.single.assignmentId && m.studentId === gaps.single.studentId && inFirst(m.lesson))
    .sort((a, b) => (a.lesson.date < b.lesson.date ? -1 : a.lesson.date > b.lesson.date ? 1 : a.slot - b.slot));
  for (const m of single.slice(1)) m.dropped = true;
  const kept = marks.filter((m) => !m.dropped);

  const kindId = (k: WorkKindCode) => setup.workKindIds.get(k)!;
  for (const [i, m] of kept.entries()) {
    if (i % 1024 === 0) await pause.maybe();
    rows.add('mark', {
      id: keyId('mark', m.lesson.id, m.studentId, String(m.slot)), lesson_id: m.lesson.id, student_id: m.studentId,
      slot: m.slot, value: String(m.value), work_kind_id: kindId(m.kind), comment: '',
    });
  }

  // R-REC-4: period marks of every period that has ended (quarters in grades 2-9,
  // half-years in 10-11): the weighted average of the period's marks, rounded half up;
  // ОСВ for the exempt, Н/А for the student with one mark in the first period, nothing
  // where a student has no marks at all in it.
  const half = (x: number) => Math.min(5, Math.max(2, Math.floor(x + 0.5 + 1e-9)));
  let periodMarks = 0;
  let certificate = 40;
  const certificates = new Map<string, number>();
  const termMarks = new Map<number, number[]>(); // pair → numeric period marks
  const sums = new Map<number, { sum: number; weight: number }>(); // pair × TERMS + period index
  for (const m of kept) {
    if (m.term < 0) continue;
    const key = m.pair * TERMS + m.term;
    const acc = sums.get(key) ?? { sum: 0, weight: 0 };
    const w = workKind(m.kind).weight;
    acc.sum += m.value * w;
    acc.weight += w;
    sums.set(key, acc);
  }
  for (const list of byAssignment.values()) {
    const a = list[0]!.assignment;
    const cls = classById.get(a.classId)!;
    const group = a.subgroupId ? cls.members.get(a.subgroupId) : null;
    span.endedTerms(a.grade).forEach((period, index) => {
      const periodId = setup.periodIds.get(period.key)!;
      for (const s of cls.students) {
        if (group && !group.has(s.id)) continue;
        if (!(s.startsOn <= period.endsOn && (s.endsOn === null || s.endsOn > period.endsOn))) continue;
        const pair = cells.pair(a.id, s.id);
        let v: string;
        let reason = '';
        if (a.subject === 'pe' && gaps.exemptFromPe.has(s.id)) {
          v = 'ОСВ';
          let no = certificates.get(s.id);
          if (no === undefined) certificates.set(s.id, (no = certificate++));
          reason = `освобождение от занятий физической культурой (справка № ${no})`;
        } else if (index === 0 && a.id === gaps.single.assignmentId && s.id === gaps.single.studentId) {
          v = 'Н/А';
          reason = 'пропуски по болезни, недостаточно отметок для аттестации';
        } else {
          const acc = sums.get(pair * TERMS + index);
          if (!acc || (index === 0 && none.has(`${a.id}|${s.id}`))) continue;
          v = String(half(acc.sum / acc.weight));
          const list2 = termMarks.get(pair) ?? [];
          list2.push(Number(v));
          termMarks.set(pair, list2);
        }
        rows.add('period_mark', {
          id: keyId('period_mark', periodId, s.id, a.subjectId), period_id: periodId, student_id: s.id, subject_id: a.subjectId,
          class_id: cls.id, value: v, reason,
        });
        periodMarks++;
      }
    });

    // R-REC-4: the year mark once the year has ended, for the students in the class on its
    // last day: the average of the period marks, rounded half up (ОСВ for the exempt).
    const year = span.endedYear();
    if (!year) continue;
    const yearId = setup.periodIds.get(year.key)!;
    for (const s of cls.students) {
      if (group && !group.has(s.id)) continue;
      if (!(s.startsOn <= year.endsOn && s.endsOn === null)) continue;
      let v: string;
      let reason = '';
      if (a.subject === 'pe' && gaps.exemptFromPe.has(s.id)) {
        v = 'ОСВ';
        reason = `освобождение от занятий физической культурой (справка № ${certificates.get(s.id) ?? certificate++})`;
      } else {
        const terms = termMarks.get(cells.pair(a.id, s.id));
        if (!terms || terms.length === 0) continue;
        v = String(half(terms.reduce((x, y) => x + y, 0) / terms.length));
      }
      rows.add('period_mark', {
        id: keyId('period_mark', yearId, s.id, a.subjectId), period_id: yearId, student_id: s.id, subject_id: a.subjectId,
        class_id: cls.id, value: v, reason,
      });
      periodMarks++;
    }
  }
  return { marks: kept.length, periodMarks };
}
