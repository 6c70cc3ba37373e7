// Text hygiene (issue 10, item 6): no string a caller sends may hold control characters —
// NUL and the rest of C0 and C1, U+2028/U+2029, the bidirectional overrides that make a
// text read in another order than it was typed, half of a surrogate pair. Line breaks
// (\n, \r\n) and tabs are allowed only in the fields that hold several lines, listed here
// by method. The host (service/host.ts) checks every call's validated arguments before the
// method runs, so no method can forget it and a refused call writes nothing.
import { ServiceError } from './errors';
import type { MethodName } from './methods';

/**
 * The argument fields that hold several lines, by method: the keys from the arguments'
 * top down joined with '.' (array items add nothing). Free text that explains or asks —
 * homework, remarks and answers, notes, reasons, comments. Everything else is one line:
 * topics, names, codes, logins and passwords, paths, document numbers.
 */
export const MULTI_LINE_FIELDS: { readonly [M in MethodName]?: readonly string[] } = {
  'journal.setLesson': ['homework'],
  'journal.setAttendance': ['reason'],
  'journal.setPeriodMark': ['reason'],
  // A request carries the arguments of the edit it asks for (correction.request → journal.set*).
  'correction.request': ['reason', 'args.homework', 'args.reason'],
  'correction.decide': ['note'],
  'remark.create': ['text'],
  'remark.markFixed': ['answer'],
  'remark.review': ['note'],
  'substitution.record': ['reason'],
  'classDesk.updateStudent': ['reason'],
  'classDesk.addNote': ['text'],
  'parentContact.record': ['text', 'answer'],
  'parentContact.answer': ['answer'],
  'parentContact.withdraw': ['reason'],
  'backup.make': ['note'],
  'campaign.open': ['note'],
  'campaign.confirmMarks': ['note'],
  'campaign.recordPrint': ['overrideReason'],
  'campaign.handOver': ['note'],
  'archive.bindYear': ['note'],
  'print.markStale': ['reason'],
  'regulation.update': ['reason'],
  'sync.resolveConflict': ['note'],
};

/** How a field is named in a message (by its last key); otherwise its path. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  login: 'Логин', password: 'Пароль', oldPassword: 'Текущий пароль', newPassword: 'Новый пароль', code: 'Код',
  topic: 'Тема урока', homework: 'Домашнее задание', lessonType: 'Тип урока',
  reason: 'Причина', overrideReason: 'Причина', note: 'Комментарий', text: 'Текст', answer: 'Ответ',
  lastName: 'Фамилия', firstName: 'Имя', middleName: 'Отчество', address: 'Адрес', personalFile: 'Номер личного дела',
  documentNo: 'Номер документа', docNo: 'Номер документа', name: 'Название', folder: 'Дело (папка)',
  destinations: 'Папка для копии', share: 'Общая папка', file: 'Файл', printer: 'Принтер',
};

/** Anything that may need a closer look: C0, DEL and C1, U+2028/2029, bidi controls, surrogates. */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

type Problem = 'control' | 'line-break';

/** What is wrong with `s` in a field of one line or of several; null when nothing. */
export function textProblem(s: string, multiLine: boolean): Problem | null {
  if (!SUSPECT.test(s)) return null;
  let lineBreak = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a whole pair: a character beyond the BMP (an emoji, say)
        continue;
      }
      return 'control';
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'control';
    if (c === 0x0a || (c === 0x0d && s.charCodeAt(i + 1) === 0x0a)) {
      if (c === 0x0d) i++;
      lineBreak = true;
      continue;
    }
    if (c === 0x09 && multiLine) continue;
    // A lone \r or a Unicode line separator: a break in a line, an oddity among lines.
    if (c === 0x0d || c === 0x2028 || c === 0x2029) return multiLine ? 'control' : 'line-break';
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return 'control';
  }
  return lineBreak && !multiLine ? 'line-break' : null;
}

function refusal(problem: Problem | 'key', path: readonly string[]): ServiceError {
  if (problem === 'key') {
    // The key itself is not repeated: it holds what cannot be shown.
    return new ServiceError('VALIDATION', 'Неверные данные запроса: имя поля содержит недопустимые управляющие символы.', { field: path.join('.') });
  }
  const key = path[path.length - 1];
  const name = (key !== undefined && FIELD_LABELS[key]) || path.join('.') || 'значение';
  const message = problem === 'control'
    ? `Поле «${name}» содержит недопустимые управляющие символы. Уберите их (их нельзя увидеть: проще набрать текст заново).`
    : `Поле «${name}» должно быть в одну строку: уберите перенос строки.`;
  return new ServiceError('VALIDATION', message, { field: path.join('.') });
}

/** Arguments are a few levels deep; a caller's payload nested deeper is refused, not walked. */
const MAX_DEPTH = 32;

/**
 * Refuses `args` (a method's validated arguments) when a string in it — a value or a key —
 * holds control characters, or a line break outside that method's MULTI_LINE_FIELDS.
 */
export function assertCleanText(method: MethodName, args: unknown): void {
  const multi = MULTI_LINE_FIELDS[method];
  const path: string[] = [];
  const walk = (value: unknown, depth = 0): void => {
    if (depth > MAX_DEPTH) throw new ServiceError('VALIDATION', 'Неверные данные запроса: слишком глубокая вложенность.');
    if (typeof value === 'string') {
      if (!SUSPECT.test(value)) return; // nearly always: one scan of the text
      const problem = textProblem(value, multi?.includes(path.join('.')) ?? false);
      if (problem) throw refusal(problem, path);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (textProblem(key, false)) throw refusal('key', path);
        path.push(key);
        walk(item, depth + 1);
        path.pop();
      }
    }
  };
  walk(args);
}
