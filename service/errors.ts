// Errors the service API returns to every caller (UI, CLI, preview bridge): a stable
// code for programs and a message in Russian for people.
import { WriteError } from '../db/journal-writer';

export const ERROR_CODES = [
  'BAD_REQUEST',      // the call itself is malformed (not an object, bad JSON)
  'UNKNOWN_METHOD',
  'VALIDATION',       // the payload failed the method's schema
  'UNAUTHENTICATED',  // no one is signed in
  'BAD_CREDENTIALS',  // wrong login or password
  'LOCKED',           // too many wrong passwords: the login is locked for a while (R-ROLE-7)
  'FORBIDDEN',        // signed in, but this role may not do it
  'NOT_FOUND',
  'CONFLICT',
  'OUT_OF_WINDOW',    // outside the entry window of the regulation profile: file a correction request (R-TIME-3)
  'NEEDS_CONFIRMATION', // allowed, but only when the user confirms (e.g. too few marks for a period mark, R-TIME-4)
  'DB_NOT_FOUND',
  'DB_NEWER_VERSION',
  'DB_ON_NETWORK_SHARE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export class ServiceError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) {
    super(message);
  }

  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const forbidden = (what = 'Недостаточно прав для этого действия.') => new ServiceError('FORBIDDEN', what);
export const notFound = (what: string) => new ServiceError('NOT_FOUND', what);

/** Any thrown value as the payload a caller sees; internal details stay in the log. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof ServiceError) return err.toPayload();
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'DB_NEWER_VERSION') {
    return { code, message: 'База данных создана более новой версией программы. Обновите программу; база не изменена.' };
  }
  if (code === 'DB_NOT_FOUND') return { code, message: 'Файл базы данных не найден.' };
  // The rule book refused the change in the journal writer (db/rules/book.ts).
  if (code === 'FORBIDDEN' && err instanceof WriteError) {
    return { code, message: `Изменение не разрешено правилами журнала: ${err.message}. Ничего не записано.` };
  }
  if (code === 'DB_ON_NETWORK_SHARE') {
    return { code, message: 'База данных журнала должна храниться на диске этого компьютера, а не в сетевой папке.' };
  }
  return { code: 'INTERNAL', message: 'Внутренняя ошибка программы. Изменения не сохранены.' };
}
