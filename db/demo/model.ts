// The demo school in memory, as the generator builds it before writing any row.
import type { Gender } from './names';
import type { SubjectKey } from './curriculum';
import type { PlannedLesson } from './plan';

export interface StudentModel {
  readonly id: string;
  readonly classId: string;
  readonly grade: number;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly gender: Gender;
  readonly birthDate: string;
  readonly address: string;
  personalFile: string;
  /** Enrolment in the class: from (Sep 1 or the arrival) and, after a departure, until. */
  startsOn: string;
  endsOn: string | null;
  /** The student's usual level, 2.5 .. 5: the marks scatter around it. */
  readonly ability: number;
}

export interface ClassModel {
  readonly id: string;
  readonly grade: number;
  readonly letter: string;
  readonly name: string;
  room: string;
  classTeacherId: string | null;
  readonly students: StudentModel[];
  /** Subgroups of split subjects: subject → [group 1 id, group 2 id]. */
  readonly subgroups: Map<SubjectKey, [string, string]>;
  /** Members of each subgroup (by subgroup id). */
  readonly members: Map<string, Set<string>>;
}

export interface TeacherModel {
  readonly id: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly gender: Gender;
  login: string;
  position: string;
  room: string;
  /** 'primary' for a primary class's own teacher, else the specialty key. */
  readonly specialty: string;
  load: number;
}

export interface AssignmentModel {
  readonly id: string;
  readonly classId: string;
  readonly grade: number;
  readonly subject: SubjectKey;
  readonly subjectId: string;
  readonly subgroupId: string | null;
  readonly teacherId: string;
  readonly hours: number;
  /** The room of its lessons. */
  readonly room: string;
}

export interface SlotModel {
  readonly weekday: number;
  readonly lessonNo: number;
}

export interface PlanItemModel extends PlannedLesson {
  readonly id: string;
  readonly position: number;
  readonly plannedOn: string | null;
}

export interface LessonModel {
  readonly id: string;
  readonly assignment: AssignmentModel;
  readonly date: string;
  readonly lessonNo: number;
  readonly planItem: PlanItemModel | null;
  readonly topic: string;
  readonly lessonType: string;
  readonly homework: string;
  substituteTeacherId: string | null;
}
