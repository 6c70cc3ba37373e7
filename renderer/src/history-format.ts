// How a change-history entry reads for people: «отметка: 4 → 5», «урок, тема: — → Дроби».
// Used by the cell history on the journal page and the deputy's change log.
import type { ResultOf } from '../../service/api';

type Entry = ResultOf<'journal.log'>[number];

const TABLE_NAMES: Readonly<Record<string, string>> = {
  mark: 'отметка',
  attendance: 'посещаемость',
  lesson: 'урок',
  period_mark: 'отметка за период',
  control_remark: 'замечание по журналу',
  substitution: 'замена',
  student: 'данные ученика',
  consent: 'согласие на обработку ПДн',
  student_note: 'запись ученику',
  correction_request: 'заявка на исправление',
  guardian: 'родитель',
  enrolment: 'зачисление',
  plan_item: 'тематическое планирование',
};

const FIELD_NAMES: Readonly<Record<string, string>> = {
  value: 'отметка',
  code: 'посещаемость',
  reason: 'причина',
  work_kind_id: 'вид работы',
  topic: 'тема',
  homework: 'домашнее задание',
  lesson_type: 'тип урока',
  status: 'состояние',
  answer: 'ответ',
  text: 'текст',
  address: 'адрес',
  last_name: 'фамилия',
  first_name: 'имя',
  middle_name: 'отчество',
  birth_date: 'дата рождения',
  personal_file: 'личное дело',
  substitute_teacher_id: 'заменяющий учитель',
  cancelled: 'отменён',
};

/** The field that is the row itself: «отметка: 4 → 5», not «отметка, отметка: 4 → 5». */
const MAIN_FIELD: Readonly<Record<string, string>> = { mark: 'value', attendance: 'code', period_mark: 'value' };

const ID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' && ID_LIKE.test(v)) return '(запись)';
  if (typeof v === 'object') return '…';
  return String(v);
}

/** «отметка: 4 → 5», «урок, тема: — → Дроби», «отметка: 5 (новая)». */
export function describeEntry(e: Entry): string {
  const table = TABLE_NAMES[e.table] ?? e.table;
  if (e.field === null) {
    const v = (e.newValue ?? {}) as Record<string, unknown>;
    const main = MAIN_FIELD[e.table];
    if (main) return `${table}: ${shown(v[main])} (новая запись)`;
    if (e.table === 'lesson') return `урок записан${typeof v.topic === 'string' && v.topic ? `: «${v.topic}»` : ''}`;
    return `${table}: новая запись`;
  }
  const what = MAIN_FIELD[e.table] === e.field ? table : `${table}, ${FIELD_NAMES[e.field] ?? e.field}`;
  return `${what}: ${shown(e.oldValue)} → ${shown(e.newValue)}`;
}
