// Entry windows of the regulation profile (R-TIME-1, R-TIME-2, R-TIME-5): until when a
// lesson, an absence, a mark or a period mark may be entered directly. Later, a change
// is a correction request that a deputy approves (R-TIME-3). Times are the school's
// local time.
import { addDays, formatRuDate, toIsoDate } from '../../shared/dates';
import { ServiceError } from '../errors';
import type { RegulationProfile } from '../regulation/profile';
import { entryDeadline, type EntryKind } from '../../db/regulation/windows';

export { entryDeadline, type EntryKind };

const WHAT: Record<EntryKind, string> = {
  lesson: 'Тему урока и домашнее задание',
  attendance: 'Отметки о посещаемости',
  oralMark: 'Отметку за устный ответ',
  writtenMark: 'Отметку за письменную работу',
};

function formatDeadline(d: Date): string {
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `${formatRuDate(toIsoDate(d))} ${hh}:${mm}`;
}

/**
 * Refuses an entry outside its window: in the future (marks and absences only for a
 * lesson that has begun) or after the deadline (R-TIME-3: then a correction request).
 */
export function checkEntryWindow(p: RegulationProfile, kind: EntryKind, lessonDate: string, grade: number, now: Date): void {
  const today = toIsoDate(now);
  if (kind !== 'lesson' && lessonDate > today) {
    throw new ServiceError('OUT_OF_WINDOW', `Урок ${formatRuDate(lessonDate)} ещё не состоялся: отметки и посещаемость ставятся в день урока.`);
  }
  const deadline = entryDeadline(p, kind, lessonDate, grade);
  if (now > deadline) {
    throw new ServiceError(
      'OUT_OF_WINDOW',
      `${WHAT[kind]} за ${formatRuDate(lessonDate)} можно было внести до ${formatDeadline(deadline)}. Теперь изменение возможно только по заявке на исправление с согласия заместителя директора.`,
      { deadline: deadline.toISOString() },
    );
  }
}

/** The window of period marks: from N days before the period end to M days after it. */
export function checkPeriodMarkWindow(p: RegulationProfile, period: { name: string; ends_on: string }, now: Date): void {
  const today = toIsoDate(now);
  const opens = addDays(period.ends_on, -p.periodMarkOpensDaysBeforeEnd);
  const closes = addDays(period.ends_on, p.periodMarkClosesDaysAfterEnd);
  if (today < opens) {
    throw new ServiceError('OUT_OF_WINDOW', `Отметки за период «${period.name}» выставляются с ${formatRuDate(opens)}.`);
  }
  if (today > closes) {
    throw new ServiceError(
      'OUT_OF_WINDOW',
      `Срок выставления отметок за период «${period.name}» истёк ${formatRuDate(closes)}. Изменение возможно только по заявке на исправление.`,
    );
  }
}
