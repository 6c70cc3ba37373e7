// Russian words for the sync's states and quarantine reasons (tables and fields: shared/journal-words.ts).
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
  UNKNOWN_KEY: 'ждёт ключ подписи автора',
  UNVOUCHED_KEY: 'ключ подписи не заверен',
  BACKDATED: 'изменение задним числом',
  CONSTRAINT: 'нарушило бы уникальность записи',
};

export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return String(v);
}
