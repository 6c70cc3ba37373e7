// The thematic plans (R-REC-6) and the lessons taught so far (R-REC-1): every school day
// of a grade's first period (Q1 in grades 1-9, H1 in 10-11), every timetable slot of that
// weekday gives a lesson with its topic from the plan, its type and homework (none in
// grade 1, R-REC-5). A few substitutions are recorded by the deputy (R-ROLE-2, R-ROLE-4),
// and some gaps are left for the deputy's control (R-REP-1): one teacher is two weeks
// behind with topics and homework, and a few lessons have no homework.
import type { SeededRandom } from '../../shared/random';
import { keyId } from '../ids';
import { teachingWeeks } from './curriculum';
import { addDays, weekday } from './dates';
import { homeworkFor } from './homework';
import type { AssignmentModel, LessonModel, PlanItemModel, SlotModel, TeacherModel } from './model';
import { buildThematicPlan, type PlanKind } from './plan';
import type { DemoIds } from './random';
import type { DemoRows } from './rows';
import type { SchoolSetup } from './school';
import type { TimetableEntry } from './timetable';
import type { TaughtSpan } from './today';
import { yielder } from './yield';

export interface LessonBody {
  readonly lessons: LessonModel[];
  readonly behindTeacher: TeacherModel;
  readonly substitutions: { lesson: LessonModel; absent: string; substitute: string; reason: string }[];
}

const LESSON_TYPES: Record<PlanKind, readonly (readonly [string, number])[]> = {
  new: [['Урок открытия новых знаний', 6], ['Комбинированный урок', 4]],
  practice: [['Урок закрепления', 4], ['Комбинированный урок', 3], ['Урок рефлексии', 1], ['Урок-практикум', 2]],
  review: [['Урок обобщения и систематизации знаний', 1]],
  control: [['Контрольный урок', 3], ['Урок развивающего контроля', 1]],
  lab: [['Урок-практикум', 1]],
  practical: [['Урок-практикум', 1]],
  reserve: [['Комбинированный урок', 1]],
};

function lessonType(kind: PlanKind, rng: SeededRandom): string {
  const options = LESSON_TYPES[kind];
  const total = options.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [name, w] of options) if ((x -= w) < 0) return name;
  return options[0]![0];
}

export async function buildLessons(
  setup: SchoolSetup, assignments: readonly AssignmentModel[], timetable: readonly TimetableEntry[],
  teachers: readonly TeacherModel[], exclude: ReadonlySet<string>, deputyId: string,
  rng: SeededRandom, ids: DemoIds, rows: DemoRows, span: TaughtSpan,
): Promise<LessonBody> {
  const cal = setup.calendar;
  const pause = yielder(); // the writer writes the tables made before (generate.ts)
  const slots = new Map<string, SlotModel[]>();
  for (const e of timetable) {
    const list = slots.get(e.assignment.id) ?? [];
    list.push({ weekday: e.weekday, lessonNo: e.lessonNo });
    slots.set(e.assignment.id, list);
  }
  const daysOf = new Map<number, string[]>();
  const schoolDays = (grade: number) => {
    let d = daysOf.get(grade);
    if (!d) daysOf.set(grade, (d = cal.schoolDays(grade)));
    return d;
  };

  const lessons: LessonModel[] = [];
  for (const a of assignments) {
    await pause.maybe();
    const mine = (slots.get(a.id) ?? []).sort((x, y) => x.weekday - y.weekday || x.lessonNo - y.lessonNo);
    const occurrences: { date: string; lessonNo: number }[] = [];
    for (const date of schoolDays(a.grade)) {
      const wd = weekday(date);
      for (const s of mine) if (s.weekday === wd) occurrences.push({ date, lessonNo: s.lessonNo });
    }
    // R-REC-6: the plan has exactly the curriculum's hours for the year.
    const planned = buildThematicPlan(a.subject, a.grade, a.hours * teachingWeeks(a.grade), rng);
    const plan: PlanItemModel[] = planned.map((p, i) => ({ ...p, id: ids.next(cal.startsOn), position: i + 1, plannedOn: occurrences[i]?.date ?? null }));
    for (const p of plan) {
      rows.add('plan_item', { id: p.id, assignment_id: a.id, position: p.position, section: p.section, topic: p.topic, hours: 1, planned_on: p.plannedOn });
    }
    // Taught up to the day before `span.before` (nothing dated today or later).
    const before = span.before(a.grade);
    occurrences.forEach((o, k) => {
      if (o.date >= before) return;
      const item = plan[k] ?? null;
      lessons.push({
        id: keyId('lesson', a.id, o.date, String(o.lessonNo)),
        assignment: a,
        date: o.date,
        lessonNo: o.lessonNo,
        planItem: item,
        topic: item?.topic ?? '',
        lessonType: item ? lessonType(item.kind, rng) : 'Комбинированный урок',
        homework: a.grade === 1 || !item ? '' : homeworkFor(a.subject, a.grade, a.hours, k, item.kind, rng), // R-REC-5
        substituteTeacherId: null,
      });
    });
  }

  rows.seal('plan_item');

  // Gaps for the deputy's control (R-REP-1).
  const byTeacher = new Map<string, LessonModel[]>();
  for (const l of lessons) {
    const list = byTeacher.get(l.assignment.teacherId) ?? [];
    list.push(l);
    byTeacher.set(l.assignment.teacherId, list);
  }
  const specialists = teachers.filter((t) => t.specialty !== 'primary' && !exclude.has(t.id));
  const behindCandidates = specialists.filter((t) => ['hist', 'geo', 'bio', 'rus'].includes(t.specialty));
  const behindTeacher = rng.pick(behindCandidates.length > 0 ? behindCandidates : specialists);
  const gapped = new Set<string>();
  for (const l of byTeacher.get(behindTeacher.id) ?? []) {
    // The last two weeks of the period taught so far: lessons given, but neither topic nor
    // homework written. A period that has ended was put in order for its certification.
    if (span.today === null) {
      if (l.date > addDays(cal.firstPeriod(l.assignment.grade).endsOn, -14)) gapped.add(l.id);
    } else {
      const current = span.currentTerm(l.assignment.grade);
      if (current && l.date >= current.startsOn && l.date > addDays(span.today, -15)) gapped.add(l.id);
    }
  }
  const noHomework = new Set<string>();
  for (const l of lessons) if (l.assignment.grade > 1 && !gapped.has(l.id) && rng.chance(0.02)) noHomework.add(l.id);
  for (let i = 0; i < lessons.length; i++) {
    const l = lessons[i]!;
    if (gapped.has(l.id)) lessons[i] = { ...l, planItem: null, topic: '', lessonType: '', homework: '' };
    else if (noHomework.has(l.id)) lessons[i] = { ...l, homework: '' };
  }

  // Substitutions: a teacher off sick for a day; a colleague of the same subject, free at
  // that hour by the timetable, takes each lesson (at most three).
  const busy = new Set(timetable.map((e) => `${e.assignment.teacherId}|${e.weekday}|${e.lessonNo}`));
  // (a substitute is free by the timetable at that hour, and takes one lesson at a time)
  const substitutions: LessonBody['substitutions'] = [];
  const absentCandidates = specialists.filter((t) => t.id !== behindTeacher.id && ['rus', 'math', 'eng', 'hist'].includes(t.specialty));
  const q1 = cal.firstPeriod(5);
  const subDays = cal.schoolDays(5, addDays(q1.startsOn, 14), addDays(q1.endsOn, -7)).filter((d) => d < span.before(5));
  for (let tries = 0; tries < 100 && substitutions.length === 0 && subDays.length > 0; tries++) {
    const absent = rng.pick(absentCandidates);
    const date = rng.pick(subDays);
    const todays = lessons.filter((l) => l.date === date && l.assignment.teacherId === absent.id && l.assignment.grade >= 5 && l.assignment.grade <= 9);
    const wd = weekday(date);
    const taken = new Set<string>();
    const found: LessonBody['substitutions'] = [];
    for (const l of todays.slice(0, 3)) {
      const free = (t: TeacherModel) => t.id !== absent.id && !busy.has(`${t.id}|${wd}|${l.lessonNo}`) && !taken.has(`${t.id}|${l.lessonNo}`);
      const colleagues = specialists.filter((t) => t.specialty === absent.specialty && free(t));
      const pool = colleagues.length > 0 ? colleagues : specialists.filter(free);
      if (pool.length === 0) continue;
      const sub = rng.pick(pool);
      taken.add(`${sub.id}|${l.lessonNo}`);
      found.push({ lesson: l, absent: absent.id, substitute: sub.id, reason: 'болезнь (листок нетрудоспособности)' });
    }
    if (found.length < 2) continue;
    for (const f of found) f.lesson.substituteTeacherId = f.substitute;
    substitutions.push(...found);
  }
  if (substitutions.length < 2 && subDays.length > 5) throw new Error('demo: could not arrange the substitutions');

  // Lessons never filled (R-REP-1): in the period under way, two teachers have not yet
  // entered the last school day's lessons at all (the journal shows them as due).
  if (span.today !== null) {
    const lastDay = lessons.reduce((m, l) => (l.date > m && span.currentTerm(l.assignment.grade) !== null && l.date >= span.currentTerm(l.assignment.grade)!.startsOn ? l.date : m), '');
    if (lastDay) {
      const onDay = specialists.filter((t) => t.id !== behindTeacher.id && (byTeacher.get(t.id) ?? []).some((l) => l.date === lastDay && !l.substituteTeacherId));
      const late = new Set(rng.shuffle(onDay).slice(0, 2).map((t) => t.id));
      const kept = lessons.filter((l) => !(l.date === lastDay && late.has(l.assignment.teacherId) && !l.substituteTeacherId));
      lessons.length = 0;
      for (const l of kept) lessons.push(l);
    }
  }

  for (const l of lessons) {
    rows.add('lesson', {
      id: l.id, assignment_id: l.assignment.id, date: l.date, lesson_no: l.lessonNo, teacher_id: l.assignment.teacherId,
      substitute_teacher_id: l.substituteTeacherId, plan_item_id: l.planItem?.id ?? null, topic: l.topic,
      lesson_type: l.lessonType, homework: l.homework, cancelled: 0,
    });
  }
  for (const s of substitutions) {
    rows.add('substitution', {
      id: ids.next(s.lesson.date), absent_teacher_id: s.absent, substitute_teacher_id: s.substitute, lesson_id: s.lesson.id,
      starts_on: s.lesson.date, ends_on: s.lesson.date, reason: s.reason, recorded_by: deputyId, cancelled: 0,
    });
  }
  return { lessons, behindTeacher, substitutions };
}
