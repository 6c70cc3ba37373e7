// Russian words for the sync's states and quarantine reasons.
export const HEALTH_LABEL: Record<string, string> = {
  off: 'Синхронизация выключена',
  ok: 'Синхронизировано',
  warning: 'Синхронизация: внимание',
  error: 'Синхронизация: ошибка',
};

export const QUARANTINE_LABEL: Record<string, string> = {
  EMPTY: 'пустой файл',
  TRUNCATED: 'файл обрезан',
  CORRUPT: 'файл повреждён',
  WRONG_NODE: 'чужой файл в папке компьютера',
  WRONG_SEQ: 'неверный номер сегмента',
  BROKEN_CHAIN: 'цепочка нарушена',
  BAD_SIGNATURE: 'подпись не сходится',
  UNSIGNED: 'без подписи',
  FORBIDDEN: 'нет прав',
  CLOCK_AHEAD: 'часы впереди',
  MISSING_SEGMENT: 'пропущен сегмент',
  UNREADABLE: 'файл не читается',
  HLC_COLLISION: 'совпадение отметок времени',
  WAITING: 'ждёт связанных записей',
};

export const TABLE_LABEL: Record<string, string> = {
  mark: 'Отметка',
  attendance: 'Посещаемость',
  lesson: 'Урок',
  period_mark: 'Оценка за период',
};

export const FIELD_LABEL: Record<string, string> = {
  value: 'значение',
  work_kind_id: 'вид работы',
  comment: 'комментарий',
  code: 'отметка',
  reason: 'причина',
  topic: 'тема',
  homework: 'домашнее задание',
  lesson_type: 'тип урока',
  plan_item_id: 'тема из плана',
  substitute_teacher_id: 'замена',
};

export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return String(v);
}
