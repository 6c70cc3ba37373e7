// Attendance of the lessons taught so far (R-REC-3): illness (Б) over consecutive school
// days, every lesson of those days; a day away with a valid reason (У, with the reason
// the class teacher records, R-ROLE-3); now and then an unexcused absence (Н) or a late
// arrival (О). Around 5-8 % of student-lessons carry a code.
import type { SeededRandom } from '../../shared/random';
import { keyId } from '../ids';
import type { AttendanceCode } from '../schema';
import type { ClassModel, LessonModel, StudentModel } from './model';
import { poisson } from './random';
import type { DemoRows } from './rows';
import { yielder } from './yield';

export type AttendanceMap = ReadonlyMap<string, ReadonlyMap<string, AttendanceCode>>;

/** Is the student in the class on this date? Departed students have no lessons from their departure day. */
export function enrolledOn(s: StudentModel, date: string): boolean {
  return s.startsOn <= date && (s.endsOn === null || date < s.endsOn);
}

/** Students of the lesson's class or subgroup enrolled on its date. */
export function lessonStudents(l: LessonModel, cls: ClassModel): StudentModel[] {
  const group = l.assignment.subgroupId ? cls.members.get(l.assignment.subgroupId) : null;
  return cls.students.filter((s) => (!group || group.has(s.id)) && enrolledOn(s, l.date));
}

const EXCUSED = ['заявление родителей', 'семейные обстоятельства', 'участие в олимпиаде', 'участие в соревнованиях', 'посещение врача (справка)'];

export interface AttendanceOptions {
  /** Students kept healthy (their movements are the story of the quarter). */
  readonly neverIll: ReadonlySet<string>;
  /** A student with a long illness (the one not attested in a subject). */
  readonly longIllness: string | null;
}

export async function buildAttendance(classes: readonly ClassModel[], lessons: readonly LessonModel[], opts: AttendanceOptions, rng: SeededRandom, rows: DemoRows): Promise<AttendanceMap> {
  const pause = yielder(); // the writer writes the tables made before (generate.ts)
  const out = new Map<string, Map<string, AttendanceCode>>();
  const byClassDay = new Map<string, Map<string, LessonModel[]>>();
  for (const l of lessons) {
    let days = byClassDay.get(l.assignment.classId);
    if (!days) byClassDay.set(l.assignment.classId, (days = new Map()));
    const list = days.get(l.date) ?? [];
    list.push(l);
    days.set(l.date, list);
  }
  for (const cls of classes) {
    const days = byClassDay.get(cls.id);
    if (!days) continue;
    const dates = [...days.keys()].sort();
    for (const list of days.values()) list.sort((a, b) => a.lessonNo - b.lessonNo);
    for (const s of cls.students) {
      await pause.maybe();
      const mine = dates.filter((d) => enrolledOn(s, d));
      const scale = mine.length / 38; // episodes per quarter-length of school days
      const whole = new Map<string, { code: AttendanceCode; reason: string; from: number }>();
      if (!opts.neverIll.has(s.id)) {
        for (let e = poisson(rng, 0.35 * scale); e > 0; e--) {
          const start = rng.int(0, Math.max(0, mine.length - 1));
          const len = rng.int(3, 7);
          for (const d of mine.slice(start, start + len)) whole.set(d, { code: 'Б', reason: '', from: 1 });
        }
      }
      if (opts.longIllness === s.id) {
        for (const d of mine.slice(6, 21)) whole.set(d, { code: 'Б', reason: '', from: 1 });
      }
      for (let e = poisson(rng, 0.25 * scale); e > 0; e--) {
        const d = rng.pick(mine);
        if (whole.has(d)) continue;
        whole.set(d, { code: 'У', reason: rng.pick(EXCUSED), from: rng.chance(0.4) ? rng.int(3, 5) : 1 });
      }
      for (const d of mine) {
        const day = whole.get(d);
        let first = true;
        for (const l of days.get(d)!) {
          const group = l.assignment.subgroupId ? cls.members.get(l.assignment.subgroupId) : null;
          if (group && !group.has(s.id)) continue;
          let code: AttendanceCode | null = null;
          let reason = '';
          if (day && l.lessonNo >= day.from) {
            code = day.code;
            reason = day.reason;
          } else if (rng.chance(0.005)) code = 'Н';
          else if (rng.chance(first ? 0.012 : 0.002)) code = 'О';
          first = false;
          if (!code) continue;
          let cell = out.get(l.id);
          if (!cell) out.set(l.id, (cell = new Map()));
          cell.set(s.id, code);
          rows.add('attendance', { id: keyId('attendance', l.id, s.id), lesson_id: l.id, student_id: s.id, code, reason });
        }
      }
    }
  }
  return out;
}
