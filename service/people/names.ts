// Argument schemas of a person's name and of the personal data kept about students and
// staff (R-REC-10): trimmed, one line (the host's text hygiene), within sane lengths, with
// Russian messages.
import { z } from 'zod';

const NAME = /^[\p{L}][\p{L}\p{M}' .-]*$/u;

export const personName = (what: string) => z.string().trim()
  .min(1, `${what}: не заполнено`)
  .max(60, `${what}: не длиннее 60 знаков`)
  .regex(NAME, `${what}: только буквы, дефис, апостроф и пробел`);

export const optionalName = (what: string) => z.union([z.literal(''), personName(what)]).default('');

export const phone = z.string().trim().max(40, 'Телефон: не длиннее 40 знаков')
  .regex(/^[0-9+() -]*$/, 'Телефон: только цифры, +, скобки, пробел и дефис').default('');

export const email = z.union([z.literal(''), z.string().trim().email('Электронная почта указана неверно')]).default('');

/** A staff login: Latin letters, digits, '.', '-', '_' (unique in any case, checked by the caller). */
export const loginArg = z.string().trim().min(3, 'Логин: не короче 3 знаков').max(40, 'Логин: не длиннее 40 знаков')
  .regex(/^[a-z0-9._-]+$/i, 'Логин: латинские буквы, цифры, точка, дефис и подчёркивание');

/** The school's names as in its charter, and its address. */
export const schoolNameArgs = {
  fullName: z.string().trim().min(5, 'Полное наименование: не короче 5 знаков').max(300),
  shortName: z.string().trim().min(2, 'Краткое наименование: не короче 2 знаков').max(100),
  address: z.string().trim().max(300).default(''),
};

export const GUARDIAN_RELATIONS = ['мать', 'отец', 'опекун', 'попечитель', 'иной'] as const;

export const guardianArgs = z.object({
  lastName: personName('Фамилия представителя'),
  firstName: personName('Имя представителя'),
  middleName: optionalName('Отчество представителя'),
  phone,
  email,
  relation: z.enum(GUARDIAN_RELATIONS, { message: 'Кем приходится: мать, отец, опекун, попечитель или иной' }),
}).strict();
