// The roles of the school's staff and named sets of them (R-ROLE-1…8). The rule book
// (db/rules/book.ts), the service's method access (service/define.ts) and the renderer's
// menus (shared/menu-access.ts) name these sets instead of listing roles inline, so "who
// prints" or "who reads the books" is written once. Runs anywhere (no Node imports).

export const ROLES = ['admin', 'director', 'deputy', 'secretary', 'class_teacher', 'teacher'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_SETS = {
  /** Every member of staff. */
  staff: ROLES,
  /** Sets up the school, its year, people and rules; issues credentials (R-ROLE-6). */
  administrator: ['admin'],
  /** Control the journal, substitutions, remarks, corrections, certification (R-ROLE-4). */
  deputies: ['deputy'],
  /** Keeps the books, the seal and the folders (R-PRINT-3, R-PRINT-4). */
  secretary: ['secretary'],
  /** Signs paper copies (R-ROLE-5); changes nothing in the journal. */
  director: ['director'],
  /** Fill lessons of their own assignments (R-ROLE-2). */
  teachers: ['teacher', 'class_teacher'],
  /** Fill lessons, or settle a correction (R-ROLE-2, R-ROLE-4). */
  fillers: ['teacher', 'class_teacher', 'deputy'],
  /** Keep a class's students and their data (R-ROLE-3, R-ROLE-6). */
  classKeepers: ['class_teacher', 'admin'],
  /** See every page of the journal (R-ROLE-4, R-ROLE-5; the secretary prints copies). */
  wholeSchool: ['admin', 'director', 'deputy', 'secretary'],
  /** Keep the register of paper copies: mark copies stale (R-ROLE-4, R-PRINT-3). */
  printers: ['secretary', 'deputy', 'admin'],
  /** Print paper copies (each entered in the register as it is made): the register's keepers and the director (R-ROLE-4, R-ROLE-5, R-PRINT-3). */
  documentPrinters: ['secretary', 'deputy', 'admin', 'director'],
  /** Bind printed copies into folders (R-PRINT-3). */
  binders: ['secretary', 'admin'],
  /** Read the control screens (R-ROLE-4, R-ROLE-5). */
  controllers: ['deputy', 'director', 'admin'],
  /** Make backups and enter them in the backup log (R-KEEP-1, R-PRINT-3). */
  backupKeepers: ['admin', 'deputy', 'secretary', 'director'],
  /** Make backups from the app (R-KEEP-1). */
  backupMakers: ['admin', 'deputy'],
  /** Record the director's signature on a paper copy: the director, or the secretary who took it to them (R-PRINT-2 day 5). */
  directorSigners: ['director', 'secretary'],
  /** Keep one value of a sync conflict (the lesson's teacher, a deputy, the administrator). */
  conflictResolvers: ['admin', 'deputy', 'teacher'],
  /** Keep their own class (R-ROLE-3). */
  classTeachers: ['class_teacher'],
  /** A class's reports and its contact with parents: its class teacher; deputies and the director read (R-REP-4, R-REP-7). */
  classReportReaders: ['class_teacher', 'deputy', 'director'],
  /** Read the change log and the control lists: deputies and the director (R-ROLE-4, R-ROLE-5). */
  journalReaders: ['deputy', 'director'],
  /** Open a class's desk: its class teacher, and the administration for any class (R-ROLE-3). */
  classDeskReaders: ['class_teacher', 'deputy', 'director', 'admin'],
  /** Ask for reports (issue 14): every role some report of db/reports/registry.ts admits (a test keeps the two in step). */
  reportReaders: ['class_teacher', 'deputy', 'director', 'admin'],
  /** Read the secretary's books (R-PRINT-3). */
  bookReaders: ['secretary', 'deputy', 'director'],
  /** Hand a copy over and keep the log of strict-accountability documents (R-PRINT-2 day 5, R-PRINT-3). */
  strictLogKeepers: ['deputy', 'secretary'],
  /** Keep the school's calendar of non-working days (R-ROLE-6; deputies plan the certification's days, R-PRINT-2). */
  calendarKeepers: ['admin', 'deputy'],
  /** Sign sheets on day 3: the teacher, or a deputy collecting the sheets (R-PRINT-2). */
  sheetSigners: ['teacher', 'class_teacher', 'deputy'],
} as const satisfies Record<string, readonly Role[]>;

export type RoleSetName = keyof typeof ROLE_SETS;

export function rolesOf(set: RoleSetName): readonly Role[] {
  return ROLE_SETS[set];
}

export function inRoleSet(roles: Iterable<string>, set: RoleSetName): boolean {
  const allowed: readonly string[] = ROLE_SETS[set];
  for (const r of roles) if (allowed.includes(r)) return true;
  return false;
}
