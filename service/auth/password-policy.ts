// What a new password must be (R-ROLE-7: each user answers for their credentials).
// Checked in the service for activation and for a change of password.
import { ServiceError } from '../errors';

export const MIN_PASSWORD_LENGTH = 8;

/** Why `password` is not acceptable for `login`, in Russian; null when it is. */
export function passwordProblem(password: string, login: string): string | null {
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) {
    return `Пароль слишком короткий: нужно не меньше ${MIN_PASSWORD_LENGTH} символов.`;
  }
  if (password.trim().toLowerCase() === login.trim().toLowerCase()) return 'Пароль не должен совпадать с логином.';
  if (/^\d+$/.test(password)) return 'Пароль не должен состоять из одних цифр.';
  return null;
}

export function assertAcceptablePassword(password: string, login: string): void {
  const problem = passwordProblem(password, login);
  if (problem) throw new ServiceError('VALIDATION', problem, { field: 'newPassword' });
}
