// The journal's tables and fields as people read them in the change history, and the
// fields that are secrets. Environment-free: the service names what it returns with it,
// the renderer shows it. Every table and field of JOURNAL_FIELDS (db/schema.ts) has a
// name here; tests/unit/journal-words.test.ts fails for one that has none.

/**
 * Fields whose values never leave the database: no service method returns them, and the
 * change history shows only what happened to them, in words («пароль изменён»).
 * A new secret field is added here, with its words in `secretChangeWords`.
 */
export const SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  staff: ['password_hash', 'activation_hash', 'public_key', 'private_key_enc', 'activation_key', 'key_proof'],
};

export function isSecretField(table: string, field: string): boolean {
  return SECRET_FIELDS[table]?.includes(field) ?? false;
}

/** What a change of a secret field means, without its value: `had`/`has` — set before/after. */
export function secretChangeWords(table: string, field: string, had: boolean, has: boolean): string {
  if (table === 'staff') {
    switch (field) {
      case 'password_hash':
        return has ? (had ? 'пароль изменён' : 'пароль задан') : 'пароль удалён';
      case 'activation_hash':
      case 'activation_key':
        return has ? 'код активации выдан' : 'код активации использован';
      case 'public_key':
      case 'private_key_enc':
        return has ? (had ? 'ключ подписи обновлён' : 'ключ подписи создан') : 'ключ подписи удалён';
      case 'key_proof':
        return has ? 'ключ подписи подтверждён кодом активации' : 'подтверждение ключа подписи удалено';
    }
  }
  return has ? 'секретные данные изменены' : 'секретные данные удалены';
}

interface TableWords {
  /** The table's rows as a whole: «Отметка», «Урок». */
  readonly name: string;
  /** Each field on its own, readable without the table: «Тема урока», «Причина отсутствия». */
  readonly fields: Readonly<Record<string, string>>;
}

const NOTE = 'Примечание';
const FOLDER = 'Дело (папка)';

export const JOURNAL_WORDS: Readonly<Record<string, TableWords>> = {
  school: {
    name: 'Школа',
    fields: { full_name: 'Полное название школы', short_name: 'Краткое название школы', address: 'Адрес школы', inn: 'ИНН школы', is_demo: 'Демонстрационная школа' },
  },
  computer: { name: 'Компьютер', fields: { name: 'Название компьютера', registered_at: 'Компьютер подключён' } },
  setting: { name: 'Настройка', fields: { value: 'Значение настройки' } },
  academic_year: {
    name: 'Учебный год',
    fields: {
      school_id: 'Школа', name: 'Учебный год', starts_on: 'Начало учебного года', ends_on: 'Конец учебного года', status: 'Состояние учебного года',
      closed_order_no: 'Номер приказа о завершении учебного года', closed_order_date: 'Дата приказа о завершении учебного года',
      closed_by: 'Учебный год закрыл', closed_at: 'Учебный год закрыт',
    },
  },
  period: {
    name: 'Учебный период',
    fields: {
      year_id: 'Учебный год', kind: 'Вид периода', number: 'Номер периода', name: 'Название периода', starts_on: 'Начало периода',
      ends_on: 'Конец периода', grade_from: 'Для классов начиная с', grade_to: 'Для классов по',
    },
  },
  holiday: {
    name: 'Каникулы',
    fields: { year_id: 'Учебный год', name: 'Название каникул', starts_on: 'Начало каникул', ends_on: 'Конец каникул', grade_from: 'Для классов начиная с', grade_to: 'Для классов по', removed: 'Каникулы отменены' },
  },
  non_working_day: {
    name: 'Нерабочий день',
    fields: { date: 'Дата', name: 'Праздник или причина', removed: 'Убран из календаря' },
  },
  staff: {
    name: 'Сотрудник',
    fields: {
      login: 'Логин', last_name: 'Фамилия сотрудника', first_name: 'Имя сотрудника', middle_name: 'Отчество сотрудника', position: 'Должность',
      password_hash: 'Пароль', activation_hash: 'Код активации', active: 'Учётная запись действует', public_key: 'Ключ подписи', private_key_enc: 'Ключ подписи (закрытый)',
      activation_key: 'Ключ кода активации', key_proof: 'Подтверждение ключа подписи',
    },
  },
  staff_role: { name: 'Роль сотрудника', fields: { staff_id: 'Сотрудник', role: 'Роль', revoked: 'Роль снята' } },
  deputy_grade: { name: 'Параллель заместителя директора', fields: { staff_id: 'Заместитель директора', grade: 'Параллель', removed: 'Параллель передана другому' } },
  subject: { name: 'Предмет', fields: { name: 'Название предмета', short_name: 'Краткое название предмета', graded: 'Оценивается отметками', sort_order: 'Порядок в списке', retired: 'Предмет больше не преподаётся' } },
  work_kind: {
    name: 'Вид работы',
    fields: { code: 'Обозначение вида работы', name: 'Название вида работы', written: 'Письменная работа', weight: 'Вес отметки', sort_order: 'Порядок в списке', retired: 'Вид работы больше не используется' },
  },
  curriculum: {
    name: 'Учебный план',
    fields: { year_id: 'Учебный год', grade: 'Параллель', subject_id: 'Предмет', hours_per_week: 'Часов в неделю', split_groups: 'Деление на группы', removed: 'Строка учебного плана снята' },
  },
  class: {
    name: 'Класс',
    fields: { year_id: 'Учебный год', grade: 'Параллель', letter: 'Буква класса', name: 'Название класса', class_teacher_id: 'Классный руководитель', room: 'Кабинет класса', retired: 'Класс расформирован' },
  },
  subgroup: { name: 'Группа', fields: { class_id: 'Класс', subject_id: 'Предмет', name: 'Название группы' } },
  student: {
    name: 'Ученик',
    fields: {
      last_name: 'Фамилия ученика', first_name: 'Имя ученика', middle_name: 'Отчество ученика', birth_date: 'Дата рождения', gender: 'Пол',
      personal_file: 'Номер личного дела', address: 'Адрес ученика', paper_family: 'Семья информируется на бумаге',
    },
  },
  enrolment: { name: 'Зачисление в класс', fields: { student_id: 'Ученик', class_id: 'Класс', starts_on: 'В классе с', ends_on: 'В классе по' } },
  subgroup_member: { name: 'Состав группы', fields: { subgroup_id: 'Группа', student_id: 'Ученик', starts_on: 'В группе с', ends_on: 'В группе по' } },
  movement: {
    name: 'Движение учащихся',
    fields: {
      student_id: 'Ученик', kind: 'Вид движения', date: 'Дата движения', from_class_id: 'Из класса', to_class_id: 'В класс',
      order_number: 'Номер приказа', order_date: 'Дата приказа', note: NOTE,
    },
  },
  guardian: {
    name: 'Родитель (законный представитель)',
    fields: { last_name: 'Фамилия родителя', first_name: 'Имя родителя', middle_name: 'Отчество родителя', phone: 'Телефон родителя', email: 'Электронная почта родителя' },
  },
  student_guardian: { name: 'Родитель ученика', fields: { student_id: 'Ученик', guardian_id: 'Родитель', relation: 'Кем приходится', removed: 'Связь снята' } },
  consent: {
    name: 'Согласие на обработку персональных данных',
    fields: { student_id: 'Ученик', guardian_id: 'Давший согласие', signed_on: 'Дата согласия', revoked_on: 'Согласие отозвано', document_no: 'Номер документа согласия' },
  },
  teaching_assignment: {
    name: 'Учебная нагрузка',
    fields: {
      year_id: 'Учебный год', teacher_id: 'Учитель', class_id: 'Класс', subgroup_id: 'Группа', subject_id: 'Предмет',
      hours_per_week: 'Часов в неделю', starts_on: 'Ведёт с', ends_on: 'Ведёт по',
    },
  },
  bell: { name: 'Расписание звонков', fields: { lesson_no: 'Номер урока', starts_at: 'Начало урока', ends_at: 'Конец урока' } },
  timetable_entry: {
    name: 'Расписание уроков',
    fields: { assignment_id: 'Страница журнала', weekday: 'День недели', lesson_no: 'Номер урока', room: 'Кабинет', valid_from: 'Действует с', valid_to: 'Действует по' },
  },
  plan_item: {
    name: 'Тематическое планирование',
    fields: { assignment_id: 'Страница журнала', position: 'Номер в плане', section: 'Раздел плана', topic: 'Тема по плану', hours: 'Часов на тему', planned_on: 'Дата по плану' },
  },
  lesson: {
    name: 'Урок',
    fields: {
      assignment_id: 'Страница журнала', date: 'Дата урока', lesson_no: 'Номер урока', teacher_id: 'Учитель', substitute_teacher_id: 'Заменяющий учитель',
      plan_item_id: 'Тема по плану', topic: 'Тема урока', lesson_type: 'Тип урока', homework: 'Домашнее задание', cancelled: 'Урок отменён',
    },
  },
  substitution: {
    name: 'Замена',
    fields: {
      absent_teacher_id: 'Отсутствующий учитель', substitute_teacher_id: 'Заменяющий учитель', lesson_id: 'Урок', starts_on: 'Замена с',
      ends_on: 'Замена по', reason: 'Причина замены', recorded_by: 'Замену записал', cancelled: 'Замена отменена',
    },
  },
  mark: {
    name: 'Отметка',
    fields: { lesson_id: 'Урок', student_id: 'Ученик', slot: 'Номер отметки в клетке', value: 'Отметка', work_kind_id: 'Вид работы', comment: 'Комментарий к отметке' },
  },
  attendance: { name: 'Посещаемость', fields: { lesson_id: 'Урок', student_id: 'Ученик', code: 'Посещаемость', reason: 'Причина отсутствия' } },
  period_mark: {
    name: 'Отметка за период',
    fields: { period_id: 'Учебный период', student_id: 'Ученик', subject_id: 'Предмет', class_id: 'Класс', value: 'Отметка за период', reason: 'Причина (Н/А, освобождение)' },
  },
  control_remark: {
    name: 'Замечание по ведению журнала',
    fields: {
      assignment_id: 'Страница журнала', author_id: 'Автор замечания', text: 'Текст замечания', created_on: 'Дата замечания',
      status: 'Состояние замечания', answer: 'Ответ учителя', review_note: 'Что осталось исправить',
    },
  },
  student_note: {
    name: 'Запись ученику',
    fields: { student_id: 'Ученик', lesson_id: 'Урок', author_id: 'Автор записи', kind: 'Вид записи', text: 'Текст записи', date: 'Дата записи', withdrawn: 'Запись отозвана' },
  },
  print_register: {
    name: 'Реестр бумажных копий',
    fields: {
      doc_no: 'Номер документа', kind: 'Вид документа', class_id: 'Класс', period_id: 'Учебный период', title: 'Название документа',
      sheets: 'Листов', pages: 'Страниц', data_hash: 'Контрольная сумма данных', part_hashes: 'Контрольные суммы предметов',
      sheet_hashes: 'Контрольные суммы листов', printed_at: 'Напечатан', printed_by: 'Напечатал', computer: 'Компьютер',
      file_path: 'Файл', file_sha256: 'Контрольная сумма файла', status: 'Состояние копии', stale_since: 'Устарела с',
      stale_sheets: 'Устаревшие листы', bound_on: 'Подшита в дело', folder: FOLDER, note: NOTE,
      report_name: 'Отчёт', report_params: 'Параметры отчёта',
    },
  },
  backup_log: {
    name: 'Журнал резервных копий',
    fields: {
      action: 'Действие с копией', at: 'Время', staff_id: 'Сотрудник', computer: 'Компьютер', location: 'Место хранения копии',
      sha256: 'Контрольная сумма копии', size: 'Размер копии', ok: 'Успешно', note: NOTE,
    },
  },
  backup_medium_use: {
    name: 'Журнал пользования резервными копиями',
    fields: {
      happened_at: 'Когда', medium: 'Носитель резервной копии', action: 'Выдан или возвращён', person_id: 'Кто взял или вернул',
      purpose: 'Для чего', room: 'Помещение', entered_by: 'Запись сделал', entered_at: 'Запись сделана', note: NOTE,
    },
  },
  correction_request: {
    name: 'Заявка на исправление',
    fields: {
      requested_by: 'Автор заявки', requested_at: 'Заявка подана', target_table: 'Что исправляется', target_id: 'Запись журнала',
      payload: 'Исправление', reason: 'Причина исправления', status: 'Состояние заявки', decided_by: 'Решение принял',
      decided_at: 'Решение принято', decision_note: 'Комментарий к решению',
    },
  },
  certification_campaign: {
    name: 'Аттестация за период',
    fields: {
      period_id: 'Учебный период', day1_on: 'День 1: проверка отметок', day2_on: 'День 2: резервная копия и печать',
      day3_on: 'День 3: подписи учителей', day4_on: 'День 4: титульный лист', day5_on: 'День 5: передача делопроизводителю',
      opened_by: 'Аттестацию открыл', opened_at: 'Аттестация открыта', backup_log_id: 'Резервная копия',
      backup_recorded_by: 'Резервную копию записал', backup_recorded_at: 'Резервная копия записана', status: 'Состояние аттестации', note: NOTE,
      cancelled_by: 'Аттестацию отменил', cancelled_at: 'Аттестация отменена', cancel_reason: 'Причина отмены аттестации',
    },
  },
  certification_subject: {
    name: 'Аттестация по предмету',
    fields: {
      campaign_id: 'Аттестация', assignment_id: 'Страница журнала', class_id: 'Класс', subject_id: 'Предмет', teacher_id: 'Учитель',
      confirmed_by: 'Отметки подтвердил', confirmed_at: 'Отметки подтверждены', confirm_note: 'Комментарий к подтверждению',
      signed_by: 'Подпись учителя записал', signed_at: 'Подпись записана', signed_on: 'Дата подписи', sign_note: 'Комментарий к подписи',
    },
  },
  certification_class: {
    name: 'Аттестация класса',
    fields: {
      campaign_id: 'Аттестация', class_id: 'Класс', print_doc_no: 'Номер бумажной копии', printed_by: 'Копию напечатал', printed_at: 'Копия напечатана',
      print_override_reason: 'Причина печати без подтверждений', print_stale_at: 'Копия устарела', print_stale_note: 'Почему копия устарела',
      title_certified_by: 'Титульный лист заверил', title_certified_at: 'Титульный лист заверен', handed_by: 'Передал делопроизводителю',
      handed_at: 'Передано делопроизводителю', handed_to: 'Принял', strict_log_id: 'Запись в журнале учёта', director_signed_by: 'Подпись директора записал',
      director_signed_at: 'Подписано директором', sealed_by: 'Печать поставил', sealed_at: 'Скреплено печатью', bound_by: 'Прошил',
      bound_at: 'Прошито', bound_on: 'Дата прошивки', folder: FOLDER,
    },
  },
  strict_document_log: {
    name: 'Журнал учёта документов строгой отчётности',
    fields: {
      entry_no: 'Номер записи', entered_at: 'Записано', document: 'Документ', doc_no: 'Номер документа', class_id: 'Класс',
      period_id: 'Учебный период', sheets: 'Листов', handed_by: 'Передал', received_by: 'Принял', note: NOTE,
    },
  },
  late_arrival_decision: {
    name: 'Решение о позднем изменении',
    fields: { hlc: 'Позднее изменение', decision: 'Решение', reason: 'Причина решения', decided_by: 'Решение принял', decided_at: 'Решение принято' },
  },
  year_archive: {
    name: 'Архив учебного года',
    fields: {
      class_id: 'Класс', year_id: 'Учебный год', title_doc_no: 'Номер титульного листа', sheets: 'Листов', folder: FOLDER,
      bound_on: 'Дата прошивки', bound_by: 'Прошил', bound_at: 'Прошито', keep_years: 'Срок хранения, лет', keep_until: 'Хранить до', note: NOTE,
    },
  },
  final_mark: {
    name: 'Экзаменационная или итоговая отметка',
    fields: {
      year_id: 'Учебный год', class_id: 'Класс', student_id: 'Ученик', subject_id: 'Предмет', kind: 'Экзаменационная или итоговая',
      exam_form: 'Форма экзамена', value: 'Отметка', score: 'Тестовый балл', entered_by: 'Отметку поставил', entered_at: 'Отметка поставлена',
    },
  },
  parent_contact: {
    name: 'Сообщение родителям',
    fields: {
      student_id: 'Ученик', class_id: 'Класс', date: 'Дата сообщения', reason: 'Повод сообщения', way: 'Способ связи', text: 'Текст сообщения',
      answer: 'Ответ родителей', answered_on: 'Дата ответа', recorded_by: 'Сообщение записал', recorded_at: 'Сообщение записано', withdrawn: 'Сообщение отозвано',
    },
  },
  promotion: {
    name: 'Перевод ученика по итогам года',
    fields: {
      year_id: 'Учебный год', student_id: 'Ученик', from_class_id: 'Из класса', decision: 'Решение по итогам года', to_class_id: 'В класс',
      debts: 'Академическая задолженность', order_number: 'Номер приказа', order_date: 'Дата приказа', decided_by: 'Решение внёс', decided_at: 'Решение внесено',
    },
  },
};

/** Fields holding 0/1: shown as «да»/«нет». */
export const YES_NO_FIELDS: Readonly<Record<string, readonly string[]>> = {
  school: ['is_demo'],
  staff: ['active'],
  staff_role: ['revoked'],
  subject: ['graded', 'retired'],
  holiday: ['removed'],
  class: ['retired'],
  deputy_grade: ['removed'],
  work_kind: ['written', 'retired'],
  curriculum: ['split_groups', 'removed'],
  student_guardian: ['removed'],
  lesson: ['cancelled'],
  substitution: ['cancelled'],
  student_note: ['withdrawn'],
  student: ['paper_family'],
  parent_contact: ['withdrawn'],
  backup_log: ['ok'],
};

/** «Отметка», «Урок»; an unknown table (a newer version's, through sync) — «Запись журнала». */
export function tableWords(table: string): string {
  return Object.prototype.hasOwnProperty.call(JOURNAL_WORDS, table) ? JOURNAL_WORDS[table]!.name : 'Запись журнала';
}

/** «Тема урока», «Причина отсутствия»; an unknown field — «Другие данные». */
export function fieldWords(table: string, field: string): string {
  const t = Object.prototype.hasOwnProperty.call(JOURNAL_WORDS, table) ? JOURNAL_WORDS[table]! : undefined;
  return t && Object.prototype.hasOwnProperty.call(t.fields, field) ? t.fields[field]! : 'Другие данные';
}

export function isYesNoField(table: string, field: string): boolean {
  return YES_NO_FIELDS[table]?.includes(field) ?? false;
}
