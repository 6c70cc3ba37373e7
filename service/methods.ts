// Every operation of the app, by name. The UI (through the preload), the CLI's
// `journal call` and the preview bridge all reach exactly these, through ServiceHost.
import * as app from './methods/app';
import * as auth from './methods/auth';
import * as journal from './methods/journal';
import * as school from './methods/school';
import * as timetable from './methods/timetable';

export const methods = {
  'app.info': app.info,
  'auth.login': auth.login,
  'auth.logout': auth.logout,
  'auth.me': auth.me,
  'school.overview': school.overview,
  'school.classes': school.classes,
  'timetable.day': timetable.day,
  'journal.pages': journal.pages,
  'journal.page': journal.page,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
