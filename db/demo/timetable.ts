// The weekly timetable: a greedy scheduler with restarts. Each class has a fixed shape
// (lessons per day, always from the first lesson on, primary grades at most 5 a day);
// the subject with the fewest free slots left is placed first, into the slot that
// spreads it best over the week. No teacher is in two places at once, no class has two
// lessons at once (the two subgroups of a split subject share a slot with their two
// teachers). Every curriculum hour gets a slot (R-REC-6), or generation fails loudly.
import type { SeededRandom } from '../../shared/random';
import { dailyLimit, type SubjectKey } from './curriculum';
import type { AssignmentModel, ClassModel, SlotModel } from './model';
import { forkRandom } from './random';

export interface TimetableEntry extends SlotModel {
  readonly assignment: AssignmentModel;
}

const DAYS = 5;
const MAX_LESSONS = 7;
const SLOTS = DAYS * MAX_LESSONS;
const slotOf = (day: number, lesson: number) => day * MAX_LESSONS + lesson; // day 0-4, lesson 0-6

/** Subjects that want a fresh head: not first, not last. */
const HARD: ReadonlySet<SubjectKey> = new Set(['rus', 'math', 'alg', 'geom', 'eng', 'phys', 'chem', 'inf', 'stat']);
const LIGHT: ReadonlySet<SubjectKey> = new Set(['pe', 'music', 'art', 'tech', 'orkse', 'obzr', 'project']);

/** One subject of one class: one assignment, or two for the two subgroups. */
interface Unit {
  readonly cls: number;
  readonly subject: SubjectKey;
  readonly hours: number;
  readonly teachers: number[];
  readonly assignments: AssignmentModel[];
  readonly perDay: number;
}

interface State {
  readonly classSlot: Int32Array[]; // unit index or -1
  readonly teacherBusy: Uint8Array[];
  readonly dayCount: Uint8Array[]; // unit × day
  readonly remaining: Int32Array;
}

function attempt(units: readonly Unit[], shapes: readonly number[][], teacherCount: number, rng: SeededRandom): State | null {
  const st: State = {
    classSlot: shapes.map(() => new Int32Array(SLOTS).fill(-1)),
    teacherBusy: Array.from({ length: teacherCount }, () => new Uint8Array(SLOTS)),
    dayCount: units.map(() => new Uint8Array(DAYS)),
    remaining: Int32Array.from(units.map((u) => u.hours)),
  };
  const free = (u: Unit, s: number, ignoreUnit = -1) => {
    for (const t of u.teachers) {
      if (!st.teacherBusy[t]![s]) continue;
      // busy only because of the unit that is about to move away?
      if (ignoreUnit >= 0 && units[ignoreUnit]!.teachers.includes(t)) continue;
      return false;
    }
    return true;
  };
  const place = (ui: number, s: number) => {
    const u = units[ui]!;
    st.classSlot[u.cls]![s] = ui;
    for (const t of u.teachers) st.teacherBusy[t]![s] = 1;
    st.dayCount[ui]![Math.floor(s / MAX_LESSONS)]! += 1;
    st.remaining[ui]! -= 1;
  };
  const unplace = (ui: number, s: number) => {
    const u = units[ui]!;
    st.classSlot[u.cls]![s] = -1;
    for (const t of u.teachers) st.teacherBusy[t]![s] = 0;
    st.dayCount[ui]![Math.floor(s / MAX_LESSONS)]! -= 1;
    st.remaining[ui]! += 1;
  };
  const domain = (ui: number): number[] => {
    const u = units[ui]!;
    const out: number[] = [];
    const shape = shapes[u.cls]!;
    for (let d = 0; d < DAYS; d++) {
      if (st.dayCount[ui]![d]! >= u.perDay) continue;
      for (let k = 0; k < shape[d]!; k++) {
        const s = slotOf(d, k);
        if (st.classSlot[u.cls]![s] === -1 && free(u, s)) out.push(s);
      }
    }
    return out;
  };
  const score = (ui: number, s: number): number => {
    const u = units[ui]!;
    const d = Math.floor(s / MAX_LESSONS);
    const k = s % MAX_LESSONS;
    let x = rng.next();
    if (st.dayCount[ui]![d]! > 0) x += 8;
    if (u.hours <= 3 && ((d > 0 && st.dayCount[ui]![d - 1]! > 0) || (d < DAYS - 1 && st.dayCount[ui]![d + 1]! > 0))) x += 2;
    if (HARD.has(u.subject) && (k === 0 || k >= 5)) x += 1.5;
    if (LIGHT.has(u.subject) && k >= 1 && k <= 3) x += 1;
    return x;
  };
  /** Frees a slot for `ui` by moving another lesson of its class to a free slot of that class. */
  const repair = (ui: number): boolean => {
    const u = units[ui]!;
    const shape = shapes[u.cls]!;
    const classSlots: number[] = [];
    for (let d = 0; d < DAYS; d++) for (let k = 0; k < shape[d]!; k++) classSlots.push(slotOf(d, k));
    for (const s of rng.shuffle(classSlots)) {
      const vi = st.classSlot[u.cls]![s]!;
      if (vi < 0 || vi === ui) continue;
      if (st.dayCount[ui]![Math.floor(s / MAX_LESSONS)]! >= u.perDay || !free(u, s, vi)) continue;
      const v = units[vi]!;
      for (const s2 of classSlots) {
        if (s2 === s || st.classSlot[u.cls]![s2] !== -1 || !free(v, s2)) continue;
        const d2 = Math.floor(s2 / MAX_LESSONS);
        const already = st.dayCount[vi]![d2]! - (d2 === Math.floor(s / MAX_LESSONS) ? 1 : 0);
        if (already >= v.perDay) continue;
        unplace(vi, s);
        place(vi, s2);
        place(ui, s);
        return true;
      }
    }
    return false;
  };

  let left = units.reduce((n, u) => n + u.hours, 0);
  while (left > 0) {
    let pick = -1;
    let pickSlack = Infinity;
    for (let ui = 0; ui < units.length; ui++) {
      if (st.remaining[ui]! <= 0) continue;
      const slack = domain(ui).length - st.remaining[ui]! - units[ui]!.teachers.length * 0.1 + rng.next() * 0.5;
      if (slack < pickSlack) {
        pickSlack = slack;
        pick = ui;
      }
    }
    const options = domain(pick);
    if (options.length === 0) {
      if (!repair(pick)) return null;
    } else {
      let best = options[0]!;
      let bestScore = Infinity;
      for (const s of options) {
        const x = score(pick, s);
        if (x < bestScore) {
          bestScore = x;
          best = s;
        }
      }
      place(pick, best);
    }
    left--;
  }
  return st;
}

/** Lessons per day of a class: its weekly hours spread evenly, the longer days rotating between classes. */
function shapeOf(hours: number, grade: number, index: number): number[] {
  const base = Math.floor(hours / DAYS);
  const extra = hours % DAYS;
  const shape = Array.from({ length: DAYS }, () => base);
  for (let i = 0; i < extra; i++) shape[(index * 2 + i) % DAYS]! += 1;
  if (Math.max(...shape) > dailyLimit(grade)) throw new Error(`grade ${grade}: ${hours} lessons a week do not fit ${dailyLimit(grade)} a day`);
  return shape;
}

export function buildTimetable(classes: readonly ClassModel[], assignments: readonly AssignmentModel[], seed: number): TimetableEntry[] {
  const classIndex = new Map(classes.map((c, i) => [c.id, i]));
  const teacherIndex = new Map<string, number>();
  const units: Unit[] = [];
  const byClassSubject = new Map<string, AssignmentModel[]>();
  for (const a of assignments) {
    const key = `${a.classId}|${a.subject}`;
    const list = byClassSubject.get(key) ?? [];
    list.push(a);
    byClassSubject.set(key, list);
    if (!teacherIndex.has(a.teacherId)) teacherIndex.set(a.teacherId, teacherIndex.size);
  }
  for (const list of byClassSubject.values()) {
    const a = list[0]!;
    if (list.some((x) => x.hours !== a.hours)) throw new Error(`subgroups of ${a.subject} have different hours`);
    const teachers = [...new Set(list.map((x) => teacherIndex.get(x.teacherId)!))];
    if (teachers.length !== list.length) throw new Error(`both subgroups of ${a.subject} have the same teacher`);
    units.push({ cls: classIndex.get(a.classId)!, subject: a.subject, hours: a.hours, teachers, assignments: list, perDay: a.hours <= DAYS ? 1 : 2 });
  }
  const weekly = classes.map(() => 0);
  for (const u of units) weekly[u.cls]! += u.hours;
  const shapes = classes.map((c, i) => shapeOf(weekly[i]!, c.grade, i));

  let result: State | null = null;
  const tries = 200;
  for (let t = 0; t < tries && !result; t++) result = attempt(units, shapes, teacherIndex.size, forkRandom(seed, `timetable:${t}`));
  if (!result) throw new Error(`timetable: could not place every curriculum hour after ${tries} attempts`);

  const entries: TimetableEntry[] = [];
  for (let c = 0; c < classes.length; c++) {
    for (let s = 0; s < SLOTS; s++) {
      const ui = result.classSlot[c]![s]!;
      if (ui < 0) continue;
      for (const a of units[ui]!.assignments) entries.push({ assignment: a, weekday: Math.floor(s / MAX_LESSONS) + 1, lessonNo: (s % MAX_LESSONS) + 1 });
    }
  }
  checkTimetable(entries, assignments);
  return entries;
}

/** The timetable's promises, checked once more on the result. */
function checkTimetable(entries: readonly TimetableEntry[], assignments: readonly AssignmentModel[]): void {
  const perAssignment = new Map<string, number>();
  const teacherAt = new Set<string>();
  const classAt = new Map<string, string>();
  for (const e of entries) {
    perAssignment.set(e.assignment.id, (perAssignment.get(e.assignment.id) ?? 0) + 1);
    const tk = `${e.assignment.teacherId}|${e.weekday}|${e.lessonNo}`;
    if (teacherAt.has(tk)) throw new Error(`timetable: a teacher has two lessons at ${e.weekday}/${e.lessonNo}`);
    teacherAt.add(tk);
    const ck = `${e.assignment.classId}|${e.weekday}|${e.lessonNo}`;
    const other = classAt.get(ck);
    if (other !== undefined && other !== e.assignment.subject) throw new Error(`timetable: a class has two subjects at ${e.weekday}/${e.lessonNo}`);
    classAt.set(ck, e.assignment.subject);
  }
  for (const a of assignments) {
    if ((perAssignment.get(a.id) ?? 0) !== a.hours) throw new Error(`timetable: ${a.subject} in class ${a.classId} has ${perAssignment.get(a.id) ?? 0} of ${a.hours} hours`);
  }
}
