// The demo school: a whole Russian school as it stands on a given day (today.ts: every
// period that has ended taught, marked and certified, the one under way taught up to
// yesterday, nothing dated later), generated from a seed. Without a day it is the school at
// the end of its first period (Q1, H1), which many tests are built on. The same seed, size and year give byte-identical rows in every journal table
// (the change log's own timestamps aside): all randomness comes from seeded streams,
// entity ids are seeded UUIDs stamped with dates of the school year, and journal cells
// (lessons, marks, attendance, period marks) take ids from their natural keys.
//
// Orchestration only; each step lives in its own file:
//   school.ts     school, year, periods, holidays, bells, subjects, kinds of work, curriculum
//   students.ts   classes, students, parents, enrolments, subgroups, movements, consent
//   staff.ts      teachers, loads, class teachers, assignments, demo accounts
//   timetable.ts  the weekly timetable (greedy scheduler)
//   lessons.ts    thematic plans (plan.ts, topics.ts), lessons, homework, substitutions
//   attendance.ts absences;  marks.ts  marks and period marks;  gaps.ts  what control finds
//   write.ts      the bulk write through the journal writer
import type { JournalDb } from '../journal-db';
import { buildAttendance } from './attendance';
import { pickGaps } from './gaps';
import { buildLessons } from './lessons';
import { buildMarks } from './marks';
import { DemoIds, forkRandom } from './random';
import { DemoRows } from './rows';
import type { SchoolSetup } from './school';
import { buildSchool } from './school';
import { addStaffRows, buildStaff, startStaffSecrets, type StaffBody } from './staff';
import { addConsentRows, addStudentRows, buildStudents } from './students';
import { buildTimetable } from './timetable';
import { certifyEndedPeriods, type DemoCopyMaker } from './certification';
import { taughtSpan, type TaughtSpan } from './today';
import { writeDemoRows } from './write';
import { yieldNow } from './yield';
import { fixTrustAnchor } from '../sync/trust';

export interface DemoOptions {
  readonly seed: number;
  readonly students: number;
  /** 2026 gives the academic year 2026/2027. */
  readonly startYear: number;
  /**
   * The day the school is made for (YYYY-MM-DD, within the academic year: 1 September to
   * 31 August); omitted: as at the end of each grade's first period, without certification.
   */
  readonly today?: string;
  /**
   * The facts of a printed class copy (print/demo-copies.ts); with it and a day, every
   * period that has ended is certified too (certification.ts).
   */
  readonly copies?: DemoCopyMaker;
}

/** The sizes a demo school may have (issue 16: up to a complex of 10 000 students). */
export const DEMO_STUDENTS = { min: 50, max: 10_000 } as const;

export class DemoOptionError extends Error {
  readonly code = 'VALIDATION';
}

export interface DemoSummary {
  school: string;
  year: string;
  classes: number;
  students: number;
  teachers: number;
  lessons: number;
  marks: number;
  attendance: number;
  periodMarks: number;
  /** The day it was made for (null: as at the end of the first period). */
  today: string | null;
  /**
   * Seconds spent: the school's model in memory (its first tables written meanwhile), the
   * rest of its rows written after it, the certification.
   */
  phases: { model: number; write: number; certification: number };
  accounts: { login: string; role: string; name: string }[];
}

/** The password of the six demo accounts (admin, director, deputy, secretary, classteacher, teacher). */
export const DEMO_PASSWORD = 'demo';

/** The tables the model makes after the school's setup (lessons, attendance, marks). */
const LATER = ['plan_item', 'lesson', 'substitution', 'attendance', 'mark', 'period_mark'] as const;

export async function generateDemoSchool(db: JournalDb, opts: DemoOptions): Promise<DemoSummary> {
  const { seed, students, startYear } = opts;
  if (!Number.isInteger(seed)) throw new Error('demo: the seed must be an integer');
  if (!Number.isInteger(students) || students < DEMO_STUDENTS.min || students > DEMO_STUDENTS.max) {
    throw new DemoOptionError(`Число учеников демо-школы — целое от ${DEMO_STUDENTS.min} до ${DEMO_STUDENTS.max.toLocaleString('ru-RU').replace(/\s/g, ' ')} (указано: ${students}).`);
  }
  if (!Number.isInteger(startYear) || startYear < 2000 || startYear > 2100) throw new Error('demo: startYear must be a year');
  const existing = (await db.knex('school').count({ n: '*' }).first()) as { n: number | string } | undefined;
  if (Number(existing?.n ?? 0) > 0) throw new Error('demo: the database already has a school');

  const started = performance.now();
  const rows = new DemoRows();
  // The writer takes each table as the model seals it (write.ts); the model yields now and
  // then (yieldNow) so that the writer's next statements go out while SQLite works.
  const written = writeDemoRows(db, rows);
  written.catch(() => undefined); // awaited below, after the model
  let setup: SchoolSetup;
  let staff: StaffBody;
  let anchor: ReturnType<typeof addStaffRows>;
  let span: TaughtSpan;
  const ids = new DemoIds(forkRandom(seed, 'ids'));
  try {
    setup = buildSchool(startYear, forkRandom(seed, 'school'), ids, rows);
    span = taughtSpan(setup.calendar, startYear, opts.today ?? null);
    const body = buildStudents(setup, students, startYear, forkRandom(seed, 'students'), ids, span.before(5));
    staff = buildStaff(body.classes, setup, forkRandom(seed, 'staff'), ids);
    // The demo accounts' scrypt runs go on in the thread pool, one at a time (db/kdf.ts), while the model is built.
    const secrets = startStaffSecrets(staff, DEMO_PASSWORD, forkRandom(seed, 'passwords'));
    anchor = addStaffRows(staff, body.classes, secrets, setup, ids, rows);
    addStudentRows(body, setup, forkRandom(seed, 'families'), ids, rows);
    const gaps = pickGaps(body, staff, forkRandom(seed, 'gaps'));
    addConsentRows(body, gaps.withoutConsent, forkRandom(seed, 'consent'), ids, rows, startYear, span.today ?? undefined);

    const timetable = buildTimetable(body.classes, staff.assignments, seed);
    for (const e of timetable) {
      rows.add('timetable_entry', {
        id: ids.next(setup.calendar.startsOn), assignment_id: e.assignment.id, weekday: e.weekday, lesson_no: e.lessonNo,
        room: e.assignment.room, valid_from: setup.calendar.startsOn, valid_to: null,
      });
    }
    // The staff rows take the accounts' password hashes and keys once scrypt has made them
    // (staff.ts): the accounts are created with them, and the tables after staff wait.
    rows.sealAllBut('staff', ...LATER);
    anchor.ready.then(() => rows.seal('staff'), () => undefined);
    await yieldNow();
    const demoPeople = new Set(staff.accounts.map((a) => a.person.id));
    const taught = await buildLessons(setup, staff.assignments, timetable, staff.teachers, demoPeople, staff.deputy.id, forkRandom(seed, 'lessons'), ids, rows, span);
    rows.seal('lesson', 'substitution');
    const attendance = await buildAttendance(body.classes, taught.lessons, { neverIll: gaps.neverIll, longIllness: gaps.longIllness }, forkRandom(seed, 'attendance'), rows);
    rows.seal('attendance');
    await buildMarks(setup, body.classes, taught.lessons, attendance, gaps.marks, forkRandom(seed, 'marks'), rows, span);
    rows.seal('mark', 'period_mark');
    await anchor.ready;
  } catch (err) {
    rows.fail(err);
    await written.catch(() => undefined);
    throw err;
  }
  const modelDone = performance.now();
  const { indexes } = await written;
  const writeDone = performance.now();
  // The copies' reads go on while the plain indexes are built (write.ts), on connections of
  // their own; everything written from here on waits for the indexes on the writer's.
  if (opts.copies) {
    const [, director, , secretary] = staff.administration;
    await certifyEndedPeriods(db, setup, span, { deputy: staff.deputy.id, director: director!.id, secretary: secretary!.id }, ids, opts.copies);
  }
  await indexes;
  // The school's trust anchor is fixed as the school is made (db/sync/trust.ts).
  await fixTrustAnchor(db.knex, anchor.staffId, anchor.publicKey, new Date(`${setup.calendar.startsOn}T00:00:00Z`));

  const certified = performance.now();
  // The certification's phase includes the plain indexes' rebuild it overlaps.
  const phases = { model: (modelDone - started) / 1000, write: (writeDone - modelDone) / 1000, certification: (certified - writeDone) / 1000 };
  // The summary counts what was written.
  const count = async (table: string, where?: (q: ReturnType<JournalDb['knex']>) => void): Promise<number> => {
    const q = db.knex(table);
    if (where) where(q);
    const row = (await q.countDistinct({ n: table === 'staff_role' ? 'staff_id' : 'id' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  };
  return {
    school: setup.schoolName,
    year: setup.calendar.yearName,
    classes: await count('class'),
    students: await count('student'),
    teachers: await count('staff_role', (q) => void q.where({ role: 'teacher', revoked: 0 })),
    lessons: await count('lesson'),
    marks: await count('mark'),
    attendance: await count('attendance'),
    periodMarks: await count('period_mark'),
    today: span.today,
    phases,
    accounts: staff.accounts.map((a) => ({ login: a.login, role: a.role, name: a.name })),
  };
}
