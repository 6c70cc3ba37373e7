// The app's screens as plain state (no router library): the left navigation switches
// between list screens; a journal page remembers which screen opened it.
import type { SessionUser } from './types';
import { offered } from '../../shared/menu-access';
import type { ReportParams } from '../../shared/report-model';

export type ListRoute =
  | { readonly screen: 'today' }
  | { readonly screen: 'pages' }
  /** The school at a glance, one period at a time (R-REP-1); what it shows is kept for «Назад» from a page. */
  | { readonly screen: 'overview'; readonly view?: OverviewView }
  | { readonly screen: 'classes'; readonly classId: string | null }
  | { readonly screen: 'corrections' }
  /** A teacher's own correction requests with their status; a pending one can be withdrawn (R-TIME-3). */
  | { readonly screen: 'myRequests' }
  /** Exam and final marks of the year by the subject teacher (R-REC-4). */
  | { readonly screen: 'finalMarks' }
  /** The teacher's remarks from the deputy (R-ROLE-4). */
  | { readonly screen: 'remarks' }
  /** The deputy's control of the journal: change log, period marks with few marks, remarks (R-ROLE-4, R-TIME-4). */
  | { readonly screen: 'control'; readonly tab?: ControlTab }
  /** Substitutions recorded by the deputy (R-ROLE-2, R-ROLE-4). */
  | { readonly screen: 'substitutions' }
  /** The class teacher's desk (R-ROLE-3, R-REC-8, R-REC-10, R-TIME-6); null: the own class or a class to pick. */
  | { readonly screen: 'class'; readonly classId: string | null }
  /** Staff accounts: activation codes, unlocking (the administrator, R-ROLE-6, R-ROLE-7). */
  | { readonly screen: 'staff' }
  /** Adding a student to a class: personal data, guardians, consent (R-ROLE-6, R-REC-10). */
  | { readonly screen: 'students' }
  /** The movement of students by order (R-REC-9): the administrator records, the administration reads. */
  | { readonly screen: 'movement' }
  /** What is still missing before the year can start (R-ROLE-6). */
  | { readonly screen: 'checklist' }
  /** The administrator's guided setup of the year, step by step (R-ROLE-6). */
  | { readonly screen: 'setup' }
  /** Closing the year by the director's order (R-ROLE-6). */
  | { readonly screen: 'yearClose' }
  /** Import and export of the school's tables from and to XLSX/CSV (R-ROLE-6). */
  | { readonly screen: 'exchange' }
  /** The regulation profile (the administrator edits; the administration reads). */
  | { readonly screen: 'regulation' }
  /** Backup copies and their log (R-KEEP-1, R-PRINT-3). */
  | { readonly screen: 'backups' }
  /** The term-end certification: classes × the five days (R-PRINT-2); null: the open campaign. */
  | { readonly screen: 'certification'; readonly campaignId: string | null; readonly classId: string | null }
  /** The person's to-do list of the certification. */
  | { readonly screen: 'tasks' }
  /** Day 1: a teacher checks and confirms the period marks of a class × subject. */
  | { readonly screen: 'markCheck'; readonly campaignId: string; readonly assignmentId: string }
  /** The secretary's books: paper copies, strict-accountability documents, backup use (R-PRINT-3), the year archive (R-PRINT-4). */
  | { readonly screen: 'books'; readonly tab: BooksTab }
  /** Printing: preview, save as PDF, print; print jobs; the register of printed documents (issue 5 item 6). */
  | { readonly screen: 'print' }
  /** Sync through the share: state, computers, quarantine, conflicts (issue 4). */
  | { readonly screen: 'sync' }
  /** Reports (issue 14): the report chosen, its parameters, and whether it was asked for (kept for «Назад» from a page). */
  | { readonly screen: 'reports'; readonly name?: string; readonly params?: ReportParams; readonly run?: boolean };

export type BooksTab = 'copies' | 'strict' | 'backups' | 'archive' | 'check';

export type ControlTab = 'log' | 'few' | 'remarks' | 'late';

/** The overview's period (null: each grade's period under way), its tab, and the unfilled lessons opened from a count. */
export interface OverviewView {
  readonly periodId: string | null;
  readonly tab: 'classes' | 'teachers';
  /** A deputy's own parallels (the default when they have them, R-ROLE-4) or the whole school. */
  readonly scope?: 'mine' | 'all';
  readonly unfilled?: { readonly classId?: string; readonly teacherId?: string; readonly title: string };
}

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

// Who is offered which screen: the role sets of the rule book (shared/menu-access.ts), the
// same sets the service checks for the methods behind the screens.

/** Teachers and class teachers have a timetable and their own pages (R-ROLE-2, R-ROLE-3). */
export function isTeacher(user: SessionUser): boolean {
  return offered(user.roles, 'teacherPages');
}

/** The administration sees every class (R-ROLE-4, R-ROLE-5; the secretary for paper copies, R-PRINT-3). */
export function seesWholeSchool(user: SessionUser): boolean {
  return offered(user.roles, 'wholeSchool');
}

/** Deputies decide on correction requests (R-TIME-3). */
export function decidesCorrections(user: SessionUser): boolean {
  return offered(user.roles, 'corrections');
}

/** Teachers file correction requests and follow them under «Мои заявки» (R-TIME-3). */
export function filesRequests(user: SessionUser): boolean {
  return offered(user.roles, 'myRequests');
}

/** Deputies control the journal and record substitutions (R-ROLE-4). */
export function isDeputy(user: SessionUser): boolean {
  return offered(user.roles, 'substitutions');
}

/** The change log and the control lists: the deputy, and the director who oversees the journal (R-ROLE-4, R-ROLE-5). */
export function controlsJournal(user: SessionUser): boolean {
  return offered(user.roles, 'control');
}

/** The class desk: the class teacher's own class (R-ROLE-3); the administration opens any class. */
export function seesClassDesk(user: SessionUser): boolean {
  return offered(user.roles, 'classDesk');
}

/** The administrator sets the journal up: staff accounts and the regulation profile (R-ROLE-6). */
export function isAdmin(user: SessionUser): boolean {
  return offered(user.roles, 'staff');
}

/** Students are added to classes by the administrator (R-ROLE-6, R-REC-10). */
export function addsStudents(user: SessionUser): boolean {
  return offered(user.roles, 'students');
}

/** The movement of students: the administration reads it (R-REC-9). */
export function seesMovement(user: SessionUser): boolean {
  return offered(user.roles, 'movement');
}

/** Arrivals, departures and transfers are recorded by the administrator (R-REC-9, R-ROLE-6). */
export function recordsMovement(user: SessionUser): boolean {
  return offered(user.roles, 'recordMovement');
}

/** Exam and final marks are entered by the subject teacher (R-REC-4). */
export function entersFinalMarks(user: SessionUser): boolean {
  return offered(user.roles, 'finalMarks');
}

/** The year is closed by the administrator (R-ROLE-6). */
export function closesYear(user: SessionUser): boolean {
  return offered(user.roles, 'yearClose');
}

/** Import and export of the school's tables (R-ROLE-6). */
export function exchangesTables(user: SessionUser): boolean {
  return offered(user.roles, 'exchange');
}

/** The year's readiness checklist (R-ROLE-6). */
export function seesYearChecklist(user: SessionUser): boolean {
  return offered(user.roles, 'yearChecklist');
}

/** The guided setup of the year (R-ROLE-6). */
export function setsUpYear(user: SessionUser): boolean {
  return offered(user.roles, 'yearSetup');
}

/** The search box for a student: every member of staff (the service filters by role). */
export function searchesStudents(user: SessionUser): boolean {
  return offered(user.roles, 'studentSearch');
}

/** Backups: the administrator and deputies make them; the director and the secretary read the log (R-PRINT-3). */
export function seesBackups(user: SessionUser): boolean {
  return offered(user.roles, 'backups');
}

export function makesBackups(user: SessionUser): boolean {
  return offered(user.roles, 'makeBackup');
}

/** Restoring a backup copy replaces the journal: the administrator (R-ROLE-6, R-KEEP-4). */
export function restoresBackups(user: SessionUser): boolean {
  return offered(user.roles, 'restoreBackup');
}

/** The certification dashboard: deputies run it, the director and the secretary follow it (R-PRINT-2). */
export function seesCertification(user: SessionUser): boolean {
  return offered(user.roles, 'certification');
}

/** The secretary's books (R-PRINT-3); the deputies and the director read them. */
export function seesBooks(user: SessionUser): boolean {
  return offered(user.roles, 'books');
}

/** The sync's detail: the administrator sets it up, deputies and the director follow it. */
export function seesSyncDetail(user: SessionUser): boolean {
  return offered(user.roles, 'sync');
}

/** Sync conflicts are resolved by deputies, the administrator, or the lesson's teacher. */
export function resolvesConflicts(user: SessionUser): boolean {
  return offered(user.roles, 'conflicts');
}

/** Printing paper copies and summary sheets: deputies, the secretary, the administrator, the director (R-PRINT-2, R-PRINT-3, R-ROLE-5). */
export function printsDocuments(user: SessionUser): boolean {
  return offered(user.roles, 'print');
}

export function homeRoute(user: SessionUser): ListRoute {
  if (isTeacher(user)) return { screen: 'today' };
  if (seesWholeSchool(user)) return { screen: 'overview' };
  return { screen: 'pages' };
}

/** Reports: offered to whoever may ask for at least one report (issue 14; the service checks each report's own access). */
export function readsReports(user: SessionUser): boolean {
  return offered(user.roles, 'reports');
}
