// Every operation of the app, by name. The UI (through the preload), the CLI's
// `journal call` and the preview bridge all reach exactly these, through ServiceHost.
import * as app from './methods/app';
import * as archive from './methods/archive';
import * as auth from './methods/auth';
import * as backups from './methods/backups';
import * as certification from './methods/certification';
import * as classDesk from './methods/class-desk';
import * as control from './methods/control';
import * as corrections from './methods/corrections';
import * as edit from './methods/edit';
import * as history from './methods/history';
import * as lateArrival from './methods/late-arrival';
import * as journal from './methods/journal';
import * as print from './methods/print';
import * as printJobs from './methods/print-jobs';
import * as regulation from './methods/regulation';
import * as remarks from './methods/remarks';
import * as school from './methods/school';
import * as staff from './methods/staff';
import * as substitutions from './methods/substitutions';
import * as sync from './methods/sync';
import * as timetable from './methods/timetable';
import * as workKinds from './methods/work-kinds';
import * as yearSheet from './methods/year-sheet';

export const methods = {
  'app.info': app.info,
  'auth.login': auth.login,
  'auth.logout': auth.logout,
  'auth.me': auth.me,
  'auth.activate': auth.activate,
  'auth.changePassword': auth.changePassword,
  'staff.list': staff.list,
  'staff.issueActivation': staff.issueActivation,
  'staff.unlock': staff.unlock,
  'staff.teachers': staff.teachers,
  'school.overview': school.overview,
  'school.classes': school.classes,
  'timetable.day': timetable.day,
  'journal.pages': journal.pages,
  'journal.page': journal.page,
  'journal.yearSheet': yearSheet.yearSheet,
  'journal.openLesson': edit.openLesson,
  'journal.setLesson': edit.setLesson,
  'journal.setMark': edit.setMark,
  'journal.setAttendance': edit.setAttendance,
  'journal.setPeriodMark': edit.setPeriodMark,
  'journal.history': history.cell,
  'journal.log': history.log,
  'journal.logAuthors': history.authors,
  'lateArrival.list': lateArrival.list,
  'lateArrival.decide': lateArrival.decide,
  'control.fewMarkPeriodMarks': control.fewMarkPeriodMarks,
  'correction.request': corrections.request,
  'correction.list': corrections.list,
  'correction.decide': corrections.decide,
  'correction.withdraw': corrections.withdraw,
  'remark.create': remarks.create,
  'remark.list': remarks.list,
  'remark.markFixed': remarks.markFixed,
  'remark.review': remarks.review,
  'substitution.record': substitutions.record,
  'substitution.list': substitutions.list,
  'classDesk.students': classDesk.students,
  'classDesk.absences': classDesk.absences,
  'classDesk.updateStudent': classDesk.updateStudent,
  'classDesk.recordConsent': classDesk.recordConsent,
  'classDesk.addNote': classDesk.addNote,
  'classDesk.notes': classDesk.notes,
  'workKind.list': workKinds.list,
  'workKind.save': workKinds.save,
  'backup.make': backups.make,
  'backup.verify': backups.verify,
  'backup.log': backups.log,
  'backup.status': backups.status,
  'campaign.periods': certification.periods,
  'campaign.open': certification.open,
  'campaign.list': certification.list,
  'campaign.dashboard': certification.dashboard,
  'campaign.get': certification.get,
  'campaign.myTasks': certification.myTasks,
  'campaign.checkMarks': certification.checkMarks,
  'campaign.confirmMarks': certification.confirmMarks,
  'campaign.recordBackup': certification.recordBackup,
  'campaign.recordPrint': certification.recordPrint,
  'campaign.recordSignature': certification.recordSignature,
  'campaign.certifyTitle': certification.certifyTitle,
  'campaign.handOver': certification.handOver,
  'campaign.directorSign': certification.directorSign,
  'campaign.seal': certification.seal,
  'campaign.bind': certification.bind,
  'books.paperCopies': certification.paperCopies,
  'books.strictLog': certification.strictLog,
  'archive.list': archive.list,
  'archive.preview': archive.preview,
  'archive.printTitle': archive.printTitle,
  'archive.bindYear': archive.bindYear,
  'print.classCopy': print.classCopy,
  'print.summary': print.summarySheet,
  'print.register': print.register,
  'print.verify': print.verify,
  'print.markStale': print.markStale,
  'print.bind': print.bind,
  'print.printers': print.printers,
  'print.toPrinter': print.toPrinter,
  'print.choices': printJobs.choices,
  'print.preview': printJobs.preview,
  'print.startJob': printJobs.startJob,
  'print.jobStatus': printJobs.jobStatus,
  'print.jobs': printJobs.jobList,
  'print.cancelJob': printJobs.cancelJob,
  'print.saveBook': printJobs.saveBook,
  'regulation.get': regulation.get,
  'regulation.update': regulation.update,
  'sync.indicator': sync.indicator,
  'sync.status': sync.status,
  'sync.configure': sync.configure,
  'sync.now': sync.now,
  'sync.conflicts': sync.conflicts,
  'sync.resolveConflict': sync.resolveConflict,
  'sync.release': sync.release,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
