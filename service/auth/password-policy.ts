// What a new password must be (R-ROLE-7: each user answers for their credentials).
// Checked in the service for activation and for a change of password.
//
// Issue 10, item 7: a copy of the share allows offline guessing without any lockout, and
// guessing starts with the most common passwords. So a new password may not be one of the
// list in common-passwords.ts, nor such a word with digits or punctuation around it
// («Пароль123», «password1!», «qwerty12»), nor one typed in the other keyboard layout
// («gfhjkm» = «пароль», «йцукен» = «qwerty»), reversed, doubled or with look-alike digits
// («p@ssw0rd»); letter case and ё/е do not matter.
import { ServiceError } from '../errors';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 8;
/** The shortest word of the list that still counts with digits or punctuation around it. */
const MIN_WORD_LENGTH = 4;
const MIN_DISTINCT_CHARACTERS = 4;

export const COMMON_PASSWORD_MESSAGE = 'Этот пароль слишком распространён: его подбирают первым. Выберите другой.';

/** Lower case, ё as е, NFC: how passwords and list entries are compared. */
function fold(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/ё/g, 'е');
}

/** Spaces, dashes and underscores between words do not make a password another one. */
const withoutSeparators = (s: string) => s.replace(/[\s_-]+/gu, '');

const COMMON: ReadonlySet<string> = new Set(
  COMMON_PASSWORDS_TEXT.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => withoutSeparators(fold(line))),
);

// The same keys on the Latin (QWERTY) and Russian (ЙЦУКЕН) layouts, lower case; then the
// symbols that Shift gives on the Latin layout for keys that are letters on the Russian one.
const LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.";
const RUSSIAN_KEYS = 'ёйцукенгшщзхъфывапролджэячсмитьбю';
const LATIN_SHIFTED = '~{}:"<>';
const RUSSIAN_OF_SHIFTED = 'ёхъжэбю';
const TO_RUSSIAN = new Map([...Array.from(LATIN_KEYS, (c, i) => [c, RUSSIAN_KEYS[i]!] as const), ...Array.from(LATIN_SHIFTED, (c, i) => [c, RUSSIAN_OF_SHIFTED[i]!] as const)]);
const TO_LATIN = new Map(Array.from(RUSSIAN_KEYS, (c, i) => [c, LATIN_KEYS[i]!]));
/** Digits and symbols that stand for letters («p@ssw0rd»). */
const LOOK_ALIKES = new Map(Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' }));

const mapChars = (s: string, map: ReadonlyMap<string, string>) => Array.from(s, (c) => map.get(c) ?? c).join('');
const reversed = (s: string) => Array.from(s).reverse().join('');
/** Without the digits and punctuation before the first letter and after the last. */
const core = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

function isListedWord(word: string): boolean {
  if (Array.from(word).length < MIN_WORD_LENGTH) return false;
  if (COMMON.has(word) || COMMON.has(reversed(word))) return true;
  const half = word.length / 2;
  return Number.isInteger(half) && word.slice(0, half) === word.slice(half) && COMMON.has(word.slice(0, half));
}

/** The ways a typed password may be read: as typed, in the other layout. */
function readings(password: string): string[] {
  const typed = withoutSeparators(fold(password));
  return [...new Set([typed, fold(mapChars(typed, TO_RUSSIAN)), mapChars(typed, TO_LATIN)])];
}

/** True when `password` is a common one, or a common one in a thin disguise. */
export function isCommonPassword(password: string): boolean {
  for (const r of readings(password)) {
    if (COMMON.has(r) || COMMON.has(reversed(r))) return true;
    const word = core(r);
    if (isListedWord(word) || isListedWord(mapChars(word, LOOK_ALIKES))) return true;
  }
  return false;
}

/** True when the password is the login, or the login with digits or punctuation around it. */
function repeatsLogin(password: string, login: string): boolean {
  const name = withoutSeparators(fold(login.trim()));
  if (name === '') return false;
  return readings(password).some((r) => r === name || core(r) === name);
}

/** Why `password` is not acceptable for `login`, in Russian; null when it is. */
export function passwordProblem(password: string, login: string): string | null {
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) {
    return `Пароль слишком короткий: нужно не меньше ${MIN_PASSWORD_LENGTH} символов.`;
  }
  if (repeatsLogin(password, login)) return 'Пароль не должен совпадать с логином.';
  if (/^\d+$/.test(password)) return 'Пароль не должен состоять из одних цифр.';
  if (new Set(Array.from(fold(password))).size < MIN_DISTINCT_CHARACTERS) {
    return 'В пароле слишком мало разных символов: такой подбирают первым. Выберите другой.';
  }
  if (isCommonPassword(password)) return COMMON_PASSWORD_MESSAGE;
  return null;
}

export function assertAcceptablePassword(password: string, login: string): void {
  const problem = passwordProblem(password, login);
  if (problem) throw new ServiceError('VALIDATION', problem, { field: 'newPassword' });
}
