// The shapes the year's setup works with, as the service returns them (types only), and
// the small helpers its steps share.
import type { ResultOf } from '../../../../service/api';

export type SetupView = ResultOf<'setupView.year'>;
export type Checklist = ResultOf<'setup.checklist'>;
export type StaffMember = ResultOf<'staff.list'>[number];
export type Subject = ResultOf<'curriculum.subjects'>[number];

/** What every step gets: the year's state, and a way to read it (and the checklist) again after a save. */
export interface StepProps {
  readonly view: SetupView;
  readonly yearId: string | null;
  onSaved(): void;
}

export const WEEKDAYS = ['', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб'] as const;

/** Teachers for the load and the class teacher: working staff (class teachers are teachers too). */
export const isTeacherMember = (s: StaffMember) => s.active && s.roles.some((r) => r === 'teacher' || r === 'class_teacher');

/** The grades the year has classes in, or 1–11 before there are classes. */
export function gradesOf(view: SetupView): number[] {
  const grades = [...new Set(view.classes.map((c) => c.grade))].sort((a, b) => a - b);
  return grades.length > 0 ? grades : Array.from({ length: 11 }, (_, i) => i + 1);
}

/** Hours as a Russian number: 0,5 and 2. */
export const hoursText = (h: number) => String(h).replace('.', ',');
export const parseHours = (text: string) => Number(text.trim().replace(',', '.'));
