// A correction request (R-TIME-3) as people read it: what changes (was → becomes), where
// (class, subject, lesson or period) and its status. Shared by the deputy's «Заявки на
// исправление» and the teacher's «Мои заявки».
import { formatRuDate } from '../../../../shared/dates';
import type { ResultOf } from '../../../../service/api';

export type CorrectionRequest = ResultOf<'correction.list'>[number];
export type RequestStatus = CorrectionRequest['status'];

const METHOD_NAMES: Readonly<Record<string, string>> = {
  'journal.setMark': 'Отметка',
  'journal.setAttendance': 'Посещаемость',
  'journal.setLesson': 'Запись урока',
  'journal.setPeriodMark': 'Отметка за период',
};

export const REQUEST_STATUS: Readonly<Record<RequestStatus, string>> = {
  pending: 'ждёт решения',
  approved: 'согласована',
  rejected: 'отклонена',
  withdrawn: 'отозвана',
};

/** «Отметка: 3 → 5», «Запись урока: тема «—» → «Дроби»; домашнее задание …». */
export function describeRequest(r: CorrectionRequest): string {
  const what = METHOD_NAMES[r.change.method] ?? 'Изменение';
  const values = r.context.values.map((v) => `${r.context.values.length > 1 || r.change.method === 'journal.setLesson' ? `${v.field} ` : ''}${v.from} → ${v.to}`);
  return `${what}: ${values.join('; ')}`;
}

/** «7Б, математика, урок 12.11.2026 (2-й)» or «7Б, математика, 1 четверть». */
export function requestPlace(r: CorrectionRequest): string {
  const c = r.context;
  const when = c.lessonDate ? `урок ${formatRuDate(c.lessonDate)}${c.lessonNo ? ` (${c.lessonNo}-й)` : ''}` : c.period ?? '';
  return [c.className, c.subject?.toLocaleLowerCase('ru'), when].filter(Boolean).join(', ');
}
