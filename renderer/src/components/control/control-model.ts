// The rows the control and class screens work with, and how they are written in Russian.
// Some service methods return query rows typed loosely (any[]); their shapes are spelled
// out here once, from service/methods/remark.ts, substitution.ts and class-desk.ts.
import { addDays, formatRuDate, toIsoDate, weekday } from '../../../../shared/dates';
import { useCall } from '../../hooks/useCall';

export type RemarkStatus = 'open' | 'fixed' | 'accepted' | 'reopened';

/** A row of remark.list (R-ROLE-4). */
export interface Remark {
  readonly id: string;
  readonly assignmentId: string;
  readonly text: string;
  readonly createdOn: string;
  readonly status: RemarkStatus;
  readonly answer: string;
  /** Why the deputy returned it (when reopened). */
  readonly reviewNote: string;
  readonly className: string;
  readonly subjectName: string;
  readonly teacherId: string;
  readonly authorName: string;
}

/** A row of substitution.list. */
export interface Substitution {
  readonly id: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly lessonId: string | null;
  readonly reason: string;
  readonly absentTeacher: string;
  readonly substituteTeacher: string;
  /** For a single lesson: its number, class and subject. */
  readonly lessonNo: number | null;
  readonly className: string | null;
  readonly subject: string | null;
}

/** A row of classDesk.absences (R-TIME-6). */
export interface Absence {
  readonly studentId: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly lessonId: string;
  readonly date: string;
  readonly lessonNo: number;
  readonly subject: string;
  readonly code: string;
  readonly reason: string | null;
}

export const REMARK_STATUS: Readonly<Record<RemarkStatus, string>> = {
  open: 'открыто',
  fixed: 'исправлено',
  accepted: 'принято',
  reopened: 'возвращено',
};

/** Waiting for the teacher (R-ROLE-4). */
export const isOpenRemark = (r: Remark): boolean => r.status === 'open' || r.status === 'reopened';

/** '2026-10-12T11:03:00Z' → '12.10.2026 14:03' in the computer's local time. */
export function formatDateTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `${formatRuDate(toIsoDate(d))} ${hh}:${mm}`;
}

/** The Monday of the week of a date. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - weekday(iso));
}

/** '2026-10-05' → '05.10 — 11.10.2026' */
export function formatWeek(monday: string): string {
  const sunday = addDays(monday, 6);
  return `${formatRuDate(monday).slice(0, 5)} — ${formatRuDate(sunday)}`;
}

/**
 * Today by the service's clock (the preview's fixed date applies too): timetable.day
 * answers any signed-in user with the date it used. null while it loads.
 */
export function useServiceToday(): string | null {
  const day = useCall('timetable.day', {});
  return day.value?.date ?? day.stale?.date ?? null;
}
