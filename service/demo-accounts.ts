// The demo school's accounts, listed on its sign-in screen and in the README.
export const DEMO_ACCOUNTS_HINT: readonly { login: string; role: string }[] = [
  { login: 'teacher', role: 'учитель-предметник' },
  { login: 'classteacher', role: 'классный руководитель' },
  { login: 'deputy', role: 'заместитель директора (завуч)' },
  { login: 'director', role: 'директор' },
  { login: 'secretary', role: 'делопроизводитель' },
  { login: 'admin', role: 'администратор' },
];

/** Every demo account's password (the demo school only; real schools issue activation codes, R-ROLE-6). */
export { DEMO_PASSWORD } from '../db/demo/generate';
