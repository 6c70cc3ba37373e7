// Every operation of the app, by name. The UI (through the preload), the CLI's
// `journal call` and the preview bridge all reach exactly these, through ServiceHost.
// A method is found from its name: 'ns.name' is `name` in methods/<ns in kebab case>.ts,
// imported here as `ns` (tests/unit/method-files.test.ts). A new namespace is one file
// there and its lines here.
import * as app from './methods/app';
import * as archive from './methods/archive';
import * as auth from './methods/auth';
import * as backup from './methods/backup';
import * as books from './methods/books';
import * as calendar from './methods/calendar';
import * as campaign from './methods/campaign';
import * as classDesk from './methods/class-desk';
import * as parentContact from './methods/parent-contact';
import * as control from './methods/control';
import * as correction from './methods/correction';
import * as firstStart from './methods/first-start';
import * as curriculum from './methods/curriculum';
import * as exchange from './methods/exchange';
import * as finalMarks from './methods/final-marks';
import * as journal from './methods/journal';
import * as lateArrival from './methods/late-arrival';
import * as movement from './methods/movement';
import * as print from './methods/print';
import * as regulation from './methods/regulation';
import * as remark from './methods/remark';
import * as reports from './methods/reports';
import * as school from './methods/school';
import * as setup from './methods/setup';
import * as setupView from './methods/setup-view';
import * as staff from './methods/staff';
import * as students from './methods/students';
import * as subgroups from './methods/subgroups';
import * as substitution from './methods/substitution';
import * as sync from './methods/sync';
import * as timetable from './methods/timetable';
import * as workKind from './methods/work-kind';
import * as yearClose from './methods/year-close';

export const methods = {
  'app.info': app.info,
  'firstStart.state': firstStart.state,
  'firstStart.openDemo': firstStart.openDemo,
  'firstStart.createSchool': firstStart.createSchool,
  'firstStart.join': firstStart.join,
  'auth.login': auth.login,
  'auth.logout': auth.logout,
  'auth.me': auth.me,
  'auth.activate': auth.activate,
  'auth.changePassword': auth.changePassword,
  'staff.list': staff.list,
  'staff.issueActivation': staff.issueActivation,
  'staff.unlock': staff.unlock,
  'staff.teachers': staff.teachers,
  'staff.add': staff.add,
  'staff.update': staff.update,
  'staff.dismiss': staff.dismiss,
  'staff.grantRole': staff.grantRole,
  'staff.revokeRole': staff.revokeRole,
  'school.overview': school.overview,
  'school.classes': school.classes,
  'setup.generateLessons': setup.generateLessons,
  'setup.checklist': setup.checklist,
  'setup.schoolDetails': setup.schoolDetails,
  'setup.saveSchool': setup.saveSchool,
  'setup.proposeYear': setup.proposeYear,
  'setup.createYear': setup.createYear,
  'setup.saveHoliday': setup.saveHoliday,
  'setup.removeHoliday': setup.removeHoliday,
  'setup.saveBells': setup.saveBells,
  'setup.saveClass': setup.saveClass,
  'setup.removeClass': setup.removeClass,
  'setup.setDeputyGrades': setup.setDeputyGrades,
  'setup.deputyGrades': setup.deputyGrades,
  'setupView.year': setupView.year,
  'curriculum.subjects': curriculum.subjects,
  'curriculum.saveSubject': curriculum.saveSubject,
  'curriculum.removeSubject': curriculum.removeSubject,
  'curriculum.plan': curriculum.plan,
  'curriculum.savePlan': curriculum.savePlan,
  'curriculum.saveAssignment': curriculum.saveAssignment,
  'students.add': students.add,
  'students.addGuardian': students.addGuardian,
  'students.search': students.search,
  'subgroups.list': subgroups.list,
  'subgroups.save': subgroups.save,
  'subgroups.setMembers': subgroups.setMembers,
  'movement.record': movement.record,
  'movement.list': movement.list,
  'timetable.day': timetable.day,
  'timetable.week': timetable.week,
  'timetable.save': timetable.save,
  'journal.pages': journal.pages,
  'journal.page': journal.page,
  'journal.yearSheet': journal.yearSheet,
  'journal.openLesson': journal.openLesson,
  'journal.setLesson': journal.setLesson,
  'journal.setMark': journal.setMark,
  'journal.setAttendance': journal.setAttendance,
  'journal.setPeriodMark': journal.setPeriodMark,
  'journal.history': journal.history,
  'journal.changes': journal.changes,
  'journal.log': journal.log,
  'journal.logAuthors': journal.logAuthors,
  'lateArrival.list': lateArrival.list,
  'lateArrival.decide': lateArrival.decide,
  'control.fewMarkPeriodMarks': control.fewMarkPeriodMarks,
  'control.unfilledLessons': control.unfilledLessons,
  'correction.request': correction.request,
  'correction.list': correction.list,
  'correction.decide': correction.decide,
  'correction.withdraw': correction.withdraw,
  'correction.pendingCount': correction.pendingCount,
  'remark.create': remark.create,
  'remark.list': remark.list,
  'remark.markFixed': remark.markFixed,
  'remark.review': remark.review,
  'substitution.record': substitution.record,
  'substitution.lessons': substitution.lessons,
  'substitution.list': substitution.list,
  'classDesk.students': classDesk.students,
  'classDesk.absences': classDesk.absences,
  'classDesk.setReasons': classDesk.setReasons,
  'classDesk.updateStudent': classDesk.updateStudent,
  'classDesk.recordConsent': classDesk.recordConsent,
  'classDesk.addNote': classDesk.addNote,
  'classDesk.notes': classDesk.notes,
  'parentContact.list': parentContact.list,
  'parentContact.record': parentContact.record,
  'parentContact.answer': parentContact.answer,
  'parentContact.withdraw': parentContact.withdraw,
  'parentContact.setPaperFamily': parentContact.setPaperFamily,
  'workKind.list': workKind.list,
  'workKind.save': workKind.save,
  'backup.make': backup.make,
  'backup.verify': backup.verify,
  'backup.inspect': backup.inspect,
  'backup.check': backup.check,
  'backup.restore': backup.restore,
  'backup.log': backup.log,
  'backup.status': backup.status,
  'calendar.list': calendar.list,
  'calendar.add': calendar.add,
  'calendar.remove': calendar.remove,
  'campaign.periods': campaign.periods,
  'campaign.open': campaign.open,
  'campaign.cancel': campaign.cancel,
  'campaign.list': campaign.list,
  'campaign.dashboard': campaign.dashboard,
  'campaign.get': campaign.get,
  'campaign.myTasks': campaign.myTasks,
  'campaign.checkMarks': campaign.checkMarks,
  'campaign.confirmMarks': campaign.confirmMarks,
  'campaign.recordBackup': campaign.recordBackup,
  'campaign.recordPrint': campaign.recordPrint,
  'campaign.recordSignature': campaign.recordSignature,
  'campaign.certifyTitle': campaign.certifyTitle,
  'campaign.handOver': campaign.handOver,
  'campaign.directorSign': campaign.directorSign,
  'campaign.seal': campaign.seal,
  'campaign.bind': campaign.bind,
  'books.paperCopies': books.paperCopies,
  'books.strictLog': books.strictLog,
  'books.backupUse': books.backupUse,
  'books.mediumPeople': books.mediumPeople,
  'books.recordMediumUse': books.recordMediumUse,
  'archive.list': archive.list,
  'archive.preview': archive.preview,
  'archive.printTitle': archive.printTitle,
  'archive.bindYear': archive.bindYear,
  'print.classCopy': print.classCopy,
  'print.summary': print.summary,
  'print.register': print.register,
  'print.verify': print.verify,
  'print.markStale': print.markStale,
  'print.bind': print.bind,
  'print.printers': print.printers,
  'print.toPrinter': print.toPrinter,
  'print.choices': print.choices,
  'print.preview': print.preview,
  'print.startJob': print.startJob,
  'print.jobStatus': print.jobStatus,
  'print.jobs': print.jobs,
  'print.cancelJob': print.cancelJob,
  'print.saveBook': print.saveBook,
  'regulation.get': regulation.get,
  'regulation.update': regulation.update,
  'sync.indicator': sync.indicator,
  'sync.status': sync.status,
  'sync.configure': sync.configure,
  'sync.now': sync.now,
  'sync.conflicts': sync.conflicts,
  'sync.resolveConflict': sync.resolveConflict,
  'sync.release': sync.release,
  'exchange.kinds': exchange.kinds,
  'exchange.preview': exchange.preview,
  'exchange.commit': exchange.commit,
  'exchange.template': exchange.template,
  'exchange.exportFile': exchange.exportFile,
  'yearClose.status': yearClose.status,
  'yearClose.prepareNextYear': yearClose.prepareNextYear,
  'yearClose.close': yearClose.close,
  'yearClose.previewList': yearClose.previewList,
  'yearClose.printList': yearClose.printList,
  'finalMarks.sheet': finalMarks.sheet,
  'finalMarks.set': finalMarks.set,
  'reports.list': reports.list,
  'reports.run': reports.run,
  'reports.exportFile': reports.exportFile,
  'reports.print': reports.print,
  'reports.register': reports.register,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
