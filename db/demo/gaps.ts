// The deliberate imperfections of the demo school, chosen in one place so that the
// deputy's control reports (R-REP-1) and the class teacher's checks have something to
// find: a student with a single mark in a subject (and a long illness behind it), two
// students without marks in a subject, one or two exempt from PE, and a few students
// whose parents have not signed the personal-data consent yet (R-REC-10).
import type { SeededRandom } from '../../shared/random';
import type { MarkGaps, StudentSubject } from './marks';
import type { AssignmentModel, ClassModel, StudentModel } from './model';
import type { StaffBody } from './staff';
import type { StudentBody } from './students';

export interface DemoGaps {
  readonly marks: MarkGaps;
  readonly withoutConsent: ReadonlySet<string>;
  readonly neverIll: ReadonlySet<string>;
  readonly longIllness: string;
}

export function pickGaps(body: StudentBody, staff: StaffBody, rng: SeededRandom): DemoGaps {
  const movers = new Set(body.movements.map((m) => m.student.id));
  const taken = new Set<string>(movers);
  const pickStudent = (cls: ClassModel, a?: AssignmentModel): StudentModel => {
    const group = a?.subgroupId ? cls.members.get(a.subgroupId) : null;
    const pool = cls.students.filter((s) => !taken.has(s.id) && (!group || group.has(s.id)));
    const s = rng.pick(pool);
    taken.add(s.id);
    return s;
  };
  const classOf = (id: string) => body.classes.find((c) => c.id === id)!;
  const demo = staff.demoTeacher;
  const mathOf = (cls: ClassModel, subjects: readonly string[]) =>
    staff.assignments.find((a) => a.classId === cls.id && a.teacherId === demo.id && subjects.includes(a.subject));

  // One mark only: in the demo class, in the demo teacher's mathematics (algebra).
  const singleA = mathOf(staff.demoClass, ['math', 'alg']);
  if (!singleA) throw new Error('demo: the demo teacher does not teach mathematics in the demo class');
  const singleS = pickStudent(staff.demoClass, singleA);
  const single: StudentSubject = { studentId: singleS.id, assignmentId: singleA.id };

  // No marks: one in another class of the demo teacher, one in a science or history class elsewhere.
  const none: StudentSubject[] = [];
  const otherDemo = staff.assignments.filter((a) => a.teacherId === demo.id && a.classId !== staff.demoClass.id && a.grade <= 9 && a.hours >= 2);
  const a1 = rng.pick(otherDemo);
  none.push({ studentId: pickStudent(classOf(a1.classId), a1).id, assignmentId: a1.id });
  const others = staff.assignments.filter((a) => a.grade >= 5 && a.grade <= 9 && a.classId !== staff.demoClass.id && a.classId !== a1.classId && ['bio', 'geo', 'hist'].includes(a.subject));
  const a2 = rng.pick(others);
  none.push({ studentId: pickStudent(classOf(a2.classId), a2).id, assignmentId: a2.id });

  // Exempt from PE (ОСВ): one or two students of grades 2-9.
  const exempt = new Set<string>();
  const middle = body.classes.filter((c) => c.grade >= 2 && c.grade <= 9);
  for (let i = rng.int(1, 2); i > 0; i--) exempt.add(pickStudent(rng.pick(middle)).id);

  // No consent on file: one in the demo class, two or three elsewhere.
  const withoutConsent = new Set<string>([pickStudent(staff.demoClass).id]);
  for (let i = rng.int(2, 3); i > 0; i--) withoutConsent.add(pickStudent(rng.pick(body.classes)).id);

  return {
    marks: { single, none, exemptFromPe: exempt },
    withoutConsent,
    neverIll: new Set([...movers, ...none.map((n) => n.studentId)]),
    longIllness: singleS.id,
  };
}
