// How a change-history entry reads for people: «Отметка: 4 → 5», «Тема урока: — → Дроби»,
// «пароль изменён». The service names tables and fields in Russian (shared/journal-words.ts)
// and gives secrets only as words. Used by the cell history on the journal page and the
// deputy's change log.
import type { ResultOf } from '../../service/api';
import { formatRuDate } from '../../shared/dates';
import { isYesNoField } from '../../shared/journal-words';

export type Entry = ResultOf<'journal.log'>[number];

/** The field that is the row itself: «Отметка: 5 (новая запись)». */
const MAIN_FIELD: Readonly<Record<string, string>> = { mark: 'value', attendance: 'code', period_mark: 'value' };

const ID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function shown(e: Entry, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (isYesNoField(e.table, field) && (v === 0 || v === 1)) return v === 1 ? 'да' : 'нет';
  if (typeof v === 'string' && ID_LIKE.test(v)) return '(запись)';
  if (typeof v === 'string' && ISO_DATE.test(v)) return formatRuDate(v);
  if (typeof v === 'object') return '…';
  return String(v);
}

/** «Отметка: 4 → 5», «Тема урока: — → Дроби», «Сотрудник: пароль изменён». */
export function describeEntry(e: Entry): string {
  if (e.field === null) {
    const v = (e.newValue ?? {}) as Record<string, unknown>;
    const main = MAIN_FIELD[e.table];
    if (main) return `${e.tableName}: ${shown(e, main, v[main])} (новая запись)`;
    if (e.table === 'lesson') return `Урок записан${typeof v.topic === 'string' && v.topic ? `: «${v.topic}»` : ''}`;
    return `${e.tableName}: новая запись${e.secret ? ` (${e.secret})` : ''}`;
  }
  if (e.secret) return `${e.tableName}: ${e.secret}`;
  return `${e.fieldName ?? e.tableName}: ${shown(e, e.field, e.oldValue)} → ${shown(e, e.field, e.newValue)}`;
}

/** «урок 12.10.2026, 2-й», «I четверть» — the lesson or the period an entry is about. */
export function lessonOf(e: Entry): string {
  if (e.about.lessonDate) return `${formatRuDate(e.about.lessonDate)}${e.about.lessonNo ? `, ${e.about.lessonNo}-й урок` : ''}`;
  return e.about.period ?? '';
}
