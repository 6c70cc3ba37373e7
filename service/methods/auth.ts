// Signing in and out. The session lives in the host process, keyed by the caller
// (a window, a preview tab, a CLI call); the renderer never holds a token.
import { z } from 'zod';
import { defineMethod } from '../define';
import { ServiceError } from '../errors';
import { verifySecret } from '../passwords';
import { loadSessionUser } from '../session';

export const login = defineMethod({
  summary: 'Вход сотрудника по логину и паролю',
  access: 'public',
  input: z.object({
    login: z.string().trim().min(1, 'Введите логин').max(64),
    password: z.string().min(1, 'Введите пароль').max(256),
  }).strict(),
  async run(ctx, args) {
    const staff = await ctx.db.knex('staff').where({ login: args.login, active: 1 }).first('id', 'password_hash');
    // The same answer for an unknown login and a wrong password: no hint which one it was.
    if (!staff || !(await verifySecret(args.password, staff.password_hash))) {
      throw new ServiceError('BAD_CREDENTIALS', 'Неверный логин или пароль.');
    }
    const user = await loadSessionUser(ctx.db.knex, staff.id);
    if (!user) throw new ServiceError('BAD_CREDENTIALS', 'Неверный логин или пароль.');
    ctx.setSession(user.id);
    return user;
  },
});

export const logout = defineMethod({
  summary: 'Выход из программы',
  access: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    ctx.setSession(null);
    return { signedOut: true };
  },
});

export const me = defineMethod({
  summary: 'Кто сейчас вошёл (null, если никто)',
  access: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    return ctx.user;
  },
});
