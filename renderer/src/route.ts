// The app's screens as plain state (no router library): the left navigation switches
// between list screens; a journal page remembers which screen opened it.
import type { SessionUser } from './types';

export type ListRoute =
  | { readonly screen: 'today' }
  | { readonly screen: 'pages' }
  | { readonly screen: 'overview' }
  | { readonly screen: 'classes'; readonly classId: string | null }
  | { readonly screen: 'corrections' };

export type Route =
  | ListRoute
  | {
      readonly screen: 'page';
      readonly assignmentId: string;
      readonly back: ListRoute;
      /** Opened on one lesson (from "Сегодня"): its column is selected. */
      readonly lessonId?: string;
      readonly date?: string;
    };

export type Navigate = (route: Route) => void;

/** Teachers and class teachers have a timetable and their own pages (R-ROLE-2, R-ROLE-3). */
export function isTeacher(user: SessionUser): boolean {
  return user.roles.includes('teacher') || user.roles.includes('class_teacher');
}

/** The administration sees every class (R-ROLE-4, R-ROLE-5; the secretary for paper copies, R-PRINT-3). */
export function seesWholeSchool(user: SessionUser): boolean {
  return user.roles.some((r) => r === 'admin' || r === 'director' || r === 'deputy' || r === 'secretary');
}

/** Deputies decide on correction requests (R-TIME-3). */
export function decidesCorrections(user: SessionUser): boolean {
  return user.roles.includes('deputy');
}

export function homeRoute(user: SessionUser): ListRoute {
  if (isTeacher(user)) return { screen: 'today' };
  if (seesWholeSchool(user)) return { screen: 'overview' };
  return { screen: 'pages' };
}
