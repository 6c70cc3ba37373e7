// The staff: the administration, a primary teacher of each class 1-4 (also its class
// teacher), subject teachers with weekly loads of about 18-26 hours, a class teacher for
// every class, the teaching assignments (R-ROLE-2: a teacher × a class or subgroup × a
// subject) and the six demo accounts that open the demo with the demo password.
import type { SeededRandom } from '../../shared/random';
import { hashSecret } from '../passwords';
import type { Role } from '../schema';
import { encryptPrivateKey } from '../signing';
import { keyPairFromSeed } from '../sync/trust';
import { curriculumFor, type SubjectKey } from './curriculum';
import type { AssignmentModel, ClassModel, TeacherModel } from './model';
import { fullName, loginFor, randomAdult, type Gender } from './names';
import type { DemoIds } from './random';
import type { DemoRows } from './rows';
import { roomLabel } from './rooms';
import type { SchoolSetup } from './school';

/** Subjects a primary class's own teacher does not teach. */
const PRIMARY_BY_SPECIALIST: ReadonlySet<SubjectKey> = new Set(['eng', 'music', 'pe']);

interface Specialty {
  readonly key: string;
  readonly subjects: readonly SubjectKey[];
  /** Share of women among the teachers of this specialty. */
  readonly women: number;
  /** Floor of their rooms ('1xx' workshops and gym staff, '2xx' humanities, '3xx' sciences). */
  readonly floor: 1 | 2 | 3;
}

const SPECIALTIES: readonly Specialty[] = [
  { key: 'rus', subjects: ['rus', 'lit'], women: 0.95, floor: 2 },
  { key: 'eng', subjects: ['eng'], women: 0.9, floor: 2 },
  { key: 'math', subjects: ['math', 'alg', 'geom', 'stat', 'inf'], women: 0.8, floor: 3 },
  { key: 'hist', subjects: ['hist', 'soc', 'project'], women: 0.7, floor: 2 },
  { key: 'geo', subjects: ['geo'], women: 0.8, floor: 3 },
  { key: 'bio', subjects: ['bio', 'chem'], women: 0.85, floor: 3 },
  { key: 'phys', subjects: ['phys'], women: 0.55, floor: 3 },
  { key: 'music', subjects: ['music'], women: 0.85, floor: 2 },
  { key: 'art', subjects: ['art', 'tech'], women: 0.6, floor: 1 },
  { key: 'pe', subjects: ['pe', 'obzr'], women: 0.4, floor: 1 },
];

/** Subjects one teacher keeps together in a class (algebra, geometry, statistics). */
function bundleKey(subject: SubjectKey): string {
  switch (subject) {
    case 'rus': case 'lit': return 'rus';
    case 'math': case 'alg': case 'geom': case 'stat': return 'math';
    case 'hist': case 'soc': case 'project': return 'hist';
    default: return subject;
  }
}

/** The position written in the staff list, from what the teacher teaches. */
function positionFor(taught: ReadonlySet<SubjectKey>): string {
  const has = (s: SubjectKey) => taught.has(s);
  const math = has('math') || has('alg') || has('geom') || has('stat');
  if (has('rus') || has('lit')) return 'учитель русского языка и литературы';
  if (has('eng')) return 'учитель английского языка';
  if (math && has('inf')) return 'учитель математики и информатики';
  if (math) return 'учитель математики';
  if (has('inf')) return 'учитель информатики';
  if (has('hist') || has('soc')) return 'учитель истории и обществознания';
  if (has('geo')) return 'учитель географии';
  if (has('bio') && has('chem')) return 'учитель химии и биологии';
  if (has('bio')) return 'учитель биологии';
  if (has('chem')) return 'учитель химии';
  if (has('phys')) return 'учитель физики';
  if (has('music')) return 'учитель музыки';
  if (has('art') && has('tech')) return 'учитель изобразительного искусства и труда (технологии)';
  if (has('art')) return 'учитель изобразительного искусства';
  if (has('tech')) return 'учитель труда (технологии)';
  if (has('pe') && has('obzr')) return 'учитель физической культуры и ОБЗР';
  if (has('pe')) return 'учитель физической культуры';
  if (has('obzr')) return 'преподаватель-организатор ОБЗР';
  return 'учитель';
}

interface Bundle {
  readonly cls: ClassModel;
  readonly key: string;
  readonly lines: { subject: SubjectKey; hours: number; group: 0 | 1 | 2 }[];
  hours: number;
  teacher: TeacherModel | null;
}

export interface DemoAccount {
  readonly login: string;
  readonly role: Role;
  readonly name: string;
  readonly person: TeacherModel;
}

export interface StaffBody {
  readonly teachers: TeacherModel[];
  readonly administration: TeacherModel[];
  readonly assignments: AssignmentModel[];
  readonly deputy: TeacherModel;
  /** The math teacher behind the 'teacher' account. */
  readonly demoTeacher: TeacherModel;
  /** The class teacher behind the 'classteacher' account, and the class. */
  readonly demoClassTeacher: TeacherModel;
  readonly demoClass: ClassModel;
  readonly accounts: DemoAccount[];
  /** Taught subjects of each teacher. */
  readonly taught: ReadonlyMap<string, ReadonlySet<SubjectKey>>;
}

function person(rng: SeededRandom, ids: DemoIds, day: string, gender: Gender, specialty: string, position: string, room: string): TeacherModel {
  const p = randomAdult(rng, gender);
  return { id: ids.next(day), ...p, login: '', position, room, specialty, load: 0 };
}

export function buildStaff(classes: ClassModel[], setup: SchoolSetup, rng: SeededRandom, ids: DemoIds): StaffBody {
  const day = setup.calendar.startsOn.replace(/-09-01$/, '-08-20');
  const bundles: Bundle[] = [];
  const teachers: TeacherModel[] = [];

  // Primary classes: their own teacher for everything but English, music and PE.
  for (const cls of classes) {
    if (cls.grade > 4) continue;
    const t = person(rng, ids, day, rng.chance(0.95) ? 'ж' : 'м', 'primary', 'учитель начальных классов', cls.room);
    teachers.push(t);
    cls.classTeacherId = t.id;
    const b: Bundle = { cls, key: 'primary', lines: [], hours: 0, teacher: t };
    for (const line of curriculumFor(cls.grade)) {
      if (PRIMARY_BY_SPECIALIST.has(line.subject)) continue;
      b.lines.push({ subject: line.subject, hours: line.hours, group: 0 });
      b.hours += line.hours;
    }
    t.load += b.hours;
    bundles.push(b);
  }

  // Everything else in bundles per class: one bundle per subject family, one per subgroup.
  const specialtyOf = new Map<SubjectKey, Specialty>();
  for (const s of SPECIALTIES) for (const subj of s.subjects) specialtyOf.set(subj, s);
  const open = new Map<string, Bundle[]>();
  for (const cls of classes) {
    const byKey = new Map<string, Bundle>();
    for (const line of curriculumFor(cls.grade)) {
      if (cls.grade <= 4 && !PRIMARY_BY_SPECIALIST.has(line.subject)) continue;
      const spec = specialtyOf.get(line.subject);
      if (!spec) throw new Error(`no teachers' specialty for ${line.subject}`);
      for (const group of line.split ? ([1, 2] as const) : ([0] as const)) {
        const key = `${bundleKey(line.subject)}${group ? `:${group}` : ''}`;
        let b = byKey.get(key);
        if (!b) {
          b = { cls, key, lines: [], hours: 0, teacher: null };
          byKey.set(key, b);
          const list = open.get(spec.key) ?? [];
          list.push(b);
          open.set(spec.key, list);
        }
        b.lines.push({ subject: line.subject, hours: line.hours, group });
        b.hours += line.hours;
      }
    }
    bundles.push(...byKey.values());
  }

  // Teachers per specialty: loads of about 18-20 hours, never more than 26 if it can be helped.
  let demoTeacher: TeacherModel | null = null;
  // Rooms: 101-114 are the primary classrooms (students.ts); specialists from 115, 201, 301.
  const primaryRooms = classes.filter((c) => c.grade <= 4).length;
  const roomNo = { 1: Math.max(14, primaryRooms), 2: 0, 3: 0 }; // the next room of each floor (rooms.ts)
  for (const spec of SPECIALTIES) {
    const list = open.get(spec.key) ?? [];
    if (list.length === 0) continue;
    const hours = list.reduce((s, b) => s + b.hours, 0);
    const split = list.some((b) => b.key.includes(':'));
    const n = Math.max(split ? 2 : 1, Math.round(hours / 18), Math.ceil(hours / 25));
    const staff: TeacherModel[] = [];
    for (let i = 0; i < n; i++) {
      const room = roomLabel(spec.floor, roomNo[spec.floor]++);
      staff.push(person(rng, ids, day, rng.chance(spec.women) ? 'ж' : 'м', spec.key, '', room));
    }
    teachers.push(...staff);
    const teaches = (t: TeacherModel, cls: ClassModel) => list.some((b) => b.teacher === t && b.cls === cls);
    const give = (b: Bundle, t: TeacherModel) => {
      b.teacher = t;
      t.load += b.hours;
    };
    if (spec.key === 'math') {
      // The demo 'teacher': mathematics in (at least) three classes of grades 5-9.
      demoTeacher = staff[0]!;
      for (const b of list.filter((x) => x.key === 'math' && x.cls.grade >= 5 && x.cls.grade <= 9).slice(0, 3)) give(b, demoTeacher);
    }
    const order = [...list].sort((a, b) => b.hours - a.hours || a.cls.grade - b.cls.grade || (a.cls.letter < b.cls.letter ? -1 : 1));
    for (const b of order) {
      if (b.teacher) continue;
      const partner = b.key.includes(':') ? list.find((x) => x.cls === b.cls && x !== b && x.key.split(':')[0] === b.key.split(':')[0]) : undefined;
      let best: TeacherModel | null = null;
      let bestScore = Infinity;
      for (const t of staff) {
        if (partner?.teacher === t) continue; // the two subgroups of a class meet at the same time
        let score = t.load + b.hours;
        if (t.load + b.hours > 26) score += 100;
        if (teaches(t, b.cls)) score -= 3;
        else if (list.some((x) => x.teacher === t && x.cls.grade === b.cls.grade)) score -= 1.5;
        score += rng.next() * 0.5;
        if (score < bestScore) {
          bestScore = score;
          best = t;
        }
      }
      if (!best) throw new Error(`no teacher for ${b.key} in ${b.cls.name}`);
      give(b, best);
    }
  }
  if (!demoTeacher) throw new Error('no mathematics teacher for the demo account');

  const taught = new Map<string, Set<SubjectKey>>();
  for (const b of bundles) {
    const set = taught.get(b.teacher!.id) ?? new Set<SubjectKey>();
    for (const l of b.lines) set.add(l.subject);
    taught.set(b.teacher!.id, set);
  }
  for (const t of teachers) if (t.specialty !== 'primary') t.position = positionFor(taught.get(t.id) ?? new Set());

  // Class teachers of grades 5-11: a teacher of the class with the most hours in it.
  const isClassTeacher = new Set(classes.map((c) => c.classTeacherId).filter((x): x is string => x !== null));
  for (const cls of classes) {
    if (cls.classTeacherId) continue;
    const hoursIn = new Map<TeacherModel, number>();
    for (const b of bundles) if (b.cls === cls && b.teacher) hoursIn.set(b.teacher, (hoursIn.get(b.teacher) ?? 0) + b.hours);
    const candidates = [...hoursIn.entries()]
      .filter(([t]) => t !== demoTeacher && !isClassTeacher.has(t.id))
      .map(([t, h]) => ({ t, score: h + (t.specialty === 'pe' ? -3 : 0) + rng.next() }))
      .sort((a, b) => b.score - a.score);
    const fallback = teachers.filter((t) => t.specialty !== 'primary' && t !== demoTeacher && !isClassTeacher.has(t.id)).sort((a, b) => a.load - b.load);
    const chosen = candidates[0]?.t ?? fallback[0];
    if (!chosen) throw new Error(`no class teacher for ${cls.name}`);
    cls.classTeacherId = chosen.id;
    isClassTeacher.add(chosen.id);
    if (cls.room === '') cls.room = chosen.room;
  }

  // The demo class teacher: of a class 5-9 where the demo teacher teaches mathematics.
  const mathClasses = bundles.filter((b) => b.teacher === demoTeacher && b.key === 'math' && b.cls.grade >= 5 && b.cls.grade <= 9).map((b) => b.cls);
  const demoClass = mathClasses.find((c) => teachers.find((t) => t.id === c.classTeacherId)?.specialty !== 'primary') ?? mathClasses[0];
  if (!demoClass || mathClasses.length < 3) throw new Error('the demo teacher needs three classes of grades 5-9');
  const demoClassTeacher = teachers.find((t) => t.id === demoClass.classTeacherId)!;

  // Administration.
  const administration = [
    person(rng, ids, day, 'м', 'admin', 'системный администратор', ''),
    person(rng, ids, day, 'ж', 'director', 'директор', ''),
    person(rng, ids, day, 'ж', 'deputy', 'заместитель директора по УВР', ''),
    person(rng, ids, day, 'ж', 'secretary', 'делопроизводитель', ''),
    person(rng, ids, day, rng.chance(0.5) ? 'ж' : 'м', 'deputy', 'заместитель директора по ВР', ''),
  ];
  const [admin, director, deputy, secretary] = administration as [TeacherModel, TeacherModel, TeacherModel, TeacherModel];
  admin.login = 'admin';
  director.login = 'director';
  deputy.login = 'deputy';
  secretary.login = 'secretary';
  demoClassTeacher.login = 'classteacher';
  demoTeacher.login = 'teacher';
  const used = new Set(['admin', 'director', 'deputy', 'secretary', 'classteacher', 'teacher']);
  for (const t of [...administration, ...teachers]) {
    if (t.login) continue;
    const base = loginFor(t);
    let login = base;
    for (let k = 2; used.has(login); k++) login = `${base}${k}`;
    used.add(login);
    t.login = login;
  }

  const accounts: DemoAccount[] = [
    { login: 'admin', role: 'admin', name: fullName(admin), person: admin },
    { login: 'director', role: 'director', name: fullName(director), person: director },
    { login: 'deputy', role: 'deputy', name: fullName(deputy), person: deputy },
    { login: 'secretary', role: 'secretary', name: fullName(secretary), person: secretary },
    { login: 'classteacher', role: 'class_teacher', name: fullName(demoClassTeacher), person: demoClassTeacher },
    { login: 'teacher', role: 'teacher', name: fullName(demoTeacher), person: demoTeacher },
  ];

  // Teaching assignments, one per class (or subgroup) and subject.
  const assignments: AssignmentModel[] = [];
  for (const b of bundles) {
    for (const line of b.lines) {
      const subgroupId = line.group === 0 ? null : b.cls.subgroups.get(line.subject)![line.group - 1]!;
      const room = line.subject === 'pe' ? 'спортзал' : b.key === 'primary' ? b.cls.room : b.teacher!.room;
      assignments.push({
        id: ids.next(day), classId: b.cls.id, grade: b.cls.grade, subject: line.subject, subjectId: setup.subjectIds.get(line.subject)!,
        subgroupId, teacherId: b.teacher!.id, hours: line.hours, room,
      });
    }
  }
  const classOrder = new Map(classes.map((c, i) => [c.id, i]));
  assignments.sort((a, b) => classOrder.get(a.classId)! - classOrder.get(b.classId)! || (a.id < b.id ? -1 : 1));

  return { teachers, administration, assignments, deputy, demoTeacher, demoClassTeacher, demoClass, accounts, taught };
}

/** The demo accounts' secrets: public keys at once, password hashes and encrypted private keys later. */
export interface StaffSecrets {
  readonly publicKeys: ReadonlyMap<string, string>;
  /** scrypt at the production cost (about half a second each, in the thread pool). */
  readonly slow: Promise<{ hashes: ReadonlyMap<string, string>; privateKeys: ReadonlyMap<string, string> }>;
}

/**
 * Starts the demo accounts' password hashes and encrypted signing keys: a dozen scrypt runs
 * that go on in the thread pool while the rest of the school's model is built on the main
 * thread (generate.ts), instead of one after another before it. The random bytes are drawn
 * here, at once and in the same order as ever, so the rows stay the same.
 */
export function startStaffSecrets(body: StaffBody, password: string, rng: SeededRandom): StaffSecrets {
  const demoIds = new Set(body.accounts.map((a) => a.person.id));
  // A seeded salt keeps the demo rows identical from run to run; the secret is public anyway.
  const demoPeople = [...body.administration, ...body.teachers].filter((p) => demoIds.has(p.id));
  const salts = demoPeople.map(() => Buffer.from(rng.bytes(16)));
  const hashed = Promise.all(demoPeople.map((p, i) => hashSecret(password, salts[i]!)));
  // The demo accounts' signing keys come with the school, as an activation would give them
  // (db/sync/trust.ts): the school's first administrator's key is its trust anchor.
  // encryptPrivateKey draws its salt and iv before it awaits, so each key's bytes follow its seed's.
  const publicKeys = new Map<string, string>();
  const encrypted = Promise.all(demoPeople.map((p) => {
    const pair = keyPairFromSeed(Buffer.from(rng.bytes(32)));
    publicKeys.set(p.id, pair.publicKey);
    return encryptPrivateKey(pair.privateKey, password, (n) => rng.bytes(n));
  }));
  const slow = Promise.all([hashed, encrypted]).then(([h, e]) => ({
    hashes: new Map(demoPeople.map((p, i) => [p.id, h[i]!])),
    privateKeys: new Map(demoPeople.map((p, i) => [p.id, e[i]!])),
  }));
  slow.catch(() => undefined); // awaited later (addStaffRows' ready); a failure is reported there
  return { publicKeys, slow };
}

/**
 * Staff, their roles (R-ROLE-1) and the assignments; the demo accounts get the secrets of
 * startStaffSecrets, filled into their rows when `ready` resolves: the staff table is
 * sealed then (generate.ts), so the accounts are created with their passwords and keys.
 * Returns the trust anchor: the administrator and their public key.
 */
export function addStaffRows(
  body: StaffBody, classes: readonly ClassModel[], secrets: StaffSecrets, setup: SchoolSetup, ids: DemoIds, rows: DemoRows,
): { staffId: string; publicKey: string; ready: Promise<void> } {
  const people = [...body.administration, ...body.teachers];
  const staffRows: { password_hash: string | null; private_key_enc: string | null; id: string }[] = [];
  const day = setup.calendar.startsOn;
  for (const p of people) {
    const row = {
      id: p.id, login: p.login, last_name: p.lastName, first_name: p.firstName, middle_name: p.middleName,
      position: p.position, password_hash: null as string | null, activation_hash: null, active: 1,
      // The other staff get theirs when they activate their accounts (service/auth/keys.ts).
      public_key: secrets.publicKeys.get(p.id) ?? null, private_key_enc: null as string | null, activation_key: null, key_proof: null,
    };
    rows.add('staff', row);
    if (secrets.publicKeys.has(p.id)) staffRows.push(row);
  }
  const ready = secrets.slow.then(({ hashes, privateKeys }) => {
    for (const row of staffRows) {
      row.password_hash = hashes.get(row.id) ?? null;
      row.private_key_enc = privateKeys.get(row.id) ?? null;
    }
  });
  ready.catch(() => undefined); // awaited by the caller before the rows are written
  const role = (staffId: string, r: Role) => rows.add('staff_role', { id: ids.next(day), staff_id: staffId, role: r, revoked: 0 });
  const [admin, director, deputy, secretary, deputy2] = body.administration;
  const adminKey = secrets.publicKeys.get(admin!.id);
  if (!adminKey) throw new Error('the demo administrator has no signing key');
  role(admin!.id, 'admin');
  role(director!.id, 'director');
  role(deputy!.id, 'deputy');
  role(secretary!.id, 'secretary');
  role(deputy2!.id, 'deputy');
  const classTeachers = new Set(classes.map((c) => c.classTeacherId));
  for (const t of body.teachers) {
    role(t.id, 'teacher');
    if (classTeachers.has(t.id)) role(t.id, 'class_teacher');
  }
  for (const c of classes) {
    rows.add('class', { id: c.id, year_id: setup.yearId, grade: c.grade, letter: c.letter, name: c.name, class_teacher_id: c.classTeacherId, room: c.room, retired: 0 });
  }
  for (const a of body.assignments) {
    rows.add('teaching_assignment', {
      id: a.id, year_id: setup.yearId, teacher_id: a.teacherId, class_id: a.classId, subgroup_id: a.subgroupId,
      subject_id: a.subjectId, hours_per_week: a.hours, starts_on: setup.calendar.startsOn, ends_on: null,
    });
  }
  return { staffId: admin!.id, publicKey: adminKey, ready };
}
