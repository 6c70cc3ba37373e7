// Who is offered which screen: each menu entry names a role set of the rule book
// (shared/role-sets.ts) and the service method the screen is built on. The renderer shows
// an entry only to these roles; tests/unit/menu-access.test.ts checks that each set lies
// within the access of its method, so no screen is offered to a role the service refuses.
import type { RoleSetName } from './role-sets';
import { inRoleSet } from './role-sets';

export const MENU_ACCESS = {
  /** Today's lessons and one's own pages (R-ROLE-2, R-ROLE-3). */
  teacherPages: { roles: 'teachers', method: 'journal.pages' },
  /** Every class's pages (R-ROLE-4, R-ROLE-5; the secretary for paper copies). */
  wholeSchool: { roles: 'wholeSchool', method: 'school.classes' },
  /** Exam and final marks of the year, entered by the subject teacher (R-REC-4). */
  finalMarks: { roles: 'teachers', method: 'finalMarks.set' },
  /** Correction requests to decide (R-TIME-3). */
  corrections: { roles: 'deputies', method: 'correction.decide' },
  /** The number of requests waiting, on the deputy's menu (R-TIME-3). */
  pendingCorrections: { roles: 'deputies', method: 'correction.pendingCount' },
  /** A teacher's own correction requests, withdrawn while pending (R-TIME-3). */
  myRequests: { roles: 'teachers', method: 'correction.withdraw' },
  /** Substitutions (R-ROLE-4). */
  substitutions: { roles: 'deputies', method: 'substitution.record' },
  /** The change log and control lists (R-ROLE-4, R-ROLE-5). */
  control: { roles: 'journalReaders', method: 'journal.log' },
  /** A class's students and their data (R-ROLE-3). */
  classDesk: { roles: 'classDeskReaders', method: 'classDesk.students' },
  /** Import and export of the school's tables: class lists, staff, curriculum, timetable, plans (R-ROLE-6). */
  exchange: { roles: 'administrator', method: 'exchange.preview' },
  /** Staff accounts (R-ROLE-6). */
  staff: { roles: 'administrator', method: 'staff.list' },
  /** Adding students to classes with guardians and consent (R-ROLE-6, R-REC-10). */
  students: { roles: 'administrator', method: 'students.add' },
  /** The movement of students: the whole school reads it (R-REC-9). */
  movement: { roles: 'wholeSchool', method: 'movement.list' },
  /** Recording an arrival, a departure or a transfer by order (R-REC-9, R-ROLE-6). */
  recordMovement: { roles: 'administrator', method: 'movement.record' },
  /** What is still missing before the year can start (R-ROLE-6). */
  yearChecklist: { roles: 'administrator', method: 'setup.checklist' },
  /** The guided setup of the school's year: details, periods, bells, classes, curriculum, load, timetable (R-ROLE-6). */
  yearSetup: { roles: 'administrator', method: 'setupView.year' },
  /** Closing the year by the director's order: promotions, next year's classes (R-ROLE-6). */
  yearClose: { roles: 'administrator', method: 'yearClose.close' },
  /** The search box for a student by name; the service shows each role only whom it may see. */
  studentSearch: { roles: 'staff', method: 'students.search' },
  /** The backup log (R-KEEP-1, R-PRINT-3). */
  backups: { roles: 'backupKeepers', method: 'backup.log' },
  /** Making a backup (R-KEEP-1). */
  makeBackup: { roles: 'backupMakers', method: 'backup.make' },
  /** Restoring a backup copy (R-KEEP-4). */
  restoreBackup: { roles: 'administrator', method: 'backup.restore' },
  /** The term-end certification (R-PRINT-2). */
  certification: { roles: 'wholeSchool', method: 'campaign.dashboard' },
  /** The secretary's books (R-PRINT-3). */
  books: { roles: 'bookReaders', method: 'books.paperCopies' },
  /** The sync's detail (the administrator sets it up). */
  sync: { roles: 'controllers', method: 'sync.status' },
  /** Keeping one value of a sync conflict. */
  conflicts: { roles: 'conflictResolvers', method: 'sync.resolveConflict' },
  /** Printing paper copies; the director prints too (R-PRINT-2, R-PRINT-3, R-ROLE-5). */
  print: { roles: 'documentPrinters', method: 'print.classCopy' },
  /** Reports (issue 14): whoever may ask for at least one report of db/reports/registry.ts. */
  reports: { roles: 'reportReaders', method: 'reports.run' },
} as const satisfies Record<string, { roles: RoleSetName; method: string }>;

export type MenuEntry = keyof typeof MENU_ACCESS;

export function offered(roles: readonly string[], entry: MenuEntry): boolean {
  return inRoleSet(roles, MENU_ACCESS[entry].roles);
}
