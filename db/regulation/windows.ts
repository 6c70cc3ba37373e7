// Entry windows of the regulation profile (R-TIME-1, R-TIME-2, R-TIME-5): until when a
// lesson, an absence, a mark or a period mark may be entered directly. The service refuses
// a change made here after its window (service/journal/windows.ts); the sync lists a change
// from another computer that reached the share after its window as a late arrival
// (db/sync/late.ts). Times are the school's local time.
import { addDays } from '../../shared/dates';
import type { RegulationProfile } from './profile';

export type EntryKind = 'lesson' | 'attendance' | 'oralMark' | 'writtenMark';

const localTime = (isoDate: string, hhmm: string) => new Date(`${isoDate}T${hhmm}:00`);
const endOfDay = (isoDate: string) => new Date(`${isoDate}T23:59:59.999`);

/** The last moment a `kind` entry for a lesson held on `lessonDate` may be made directly. */
export function entryDeadline(p: RegulationProfile, kind: EntryKind, lessonDate: string, grade: number): Date {
  switch (kind) {
    case 'lesson':
    case 'attendance':
      return localTime(addDays(lessonDate, 1), p.lessonEntryUntilNextDay); // R-TIME-1
    case 'oralMark':
      return endOfDay(addDays(lessonDate, p.oralMarkDays)); // R-TIME-2
    case 'writtenMark':
      return endOfDay(addDays(lessonDate, grade >= 10 ? p.writtenMarkDaysSenior : p.writtenMarkDaysBasic)); // R-TIME-2
  }
}

/** The last day a period mark may be entered directly (R-TIME-5, R-PRINT-2 day 1). */
export function periodMarkDeadline(p: RegulationProfile, periodEndsOn: string): Date {
  return endOfDay(addDays(periodEndsOn, p.periodMarkClosesDaysAfterEnd));
}
