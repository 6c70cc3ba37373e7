// Signing in and out, activating an account, changing one's password. The session lives
// in the host process, keyed by the caller (a window, a preview tab, a CLI call); the
// renderer never holds a token.
//
// R-ROLE-6: an account gets its first password from a one-time activation code that the
// administrator issues (staff.issueActivation). R-ROLE-7: each user answers for their
// credentials: a login is locked after too many wrong passwords (service/auth/lockout.ts),
// new passwords follow a policy (service/auth/password-policy.ts), and an idle session
// locks itself (ServiceHost).
import type { Knex } from 'knex';
import { z } from 'zod';
import { normalizeActivationCode } from '../auth/activation-code';
import { verifyStored } from '../auth/credentials';
import { assertNotLocked, clearFailures, recordFailure } from '../auth/lockout';
import { assertAcceptablePassword } from '../auth/password-policy';
import { defineMethod, userOf } from '../define';
import { ServiceError } from '../errors';
import { hashSecret } from '../../db/passwords';
import { loadSessionUser } from '../session';
import { activationKeyFields, reencryptedKeyFields, unlockSigningKey } from '../auth/keys';
import { upgradeStoredHash } from '../auth/rehash';
import { recordSignIn } from '../auth/sign-ins';

// The same answers whether the login exists or not, has a password or not: no hint which.
const badPassword = () =>
  new ServiceError('BAD_CREDENTIALS', 'Неверный логин или пароль. Если вы ещё не активировали учётную запись, введите код активации.');
const badCode = () =>
  new ServiceError('BAD_CREDENTIALS', 'Неверный логин или код активации. Код действует один раз; если он уже использован или утерян, обратитесь к администратору за новым.');

const loginArg = z.string().trim().min(1, 'Введите логин').max(64);
const newPasswordArg = z.string().min(1, 'Введите новый пароль').max(256);

interface StaffCredentials {
  readonly id: string;
  readonly login: string;
  readonly password_hash: string | null;
  readonly activation_hash: string | null;
  readonly activation_key: string | null;
}

function activeStaffByLogin(knex: Knex, login: string): Promise<StaffCredentials | undefined> {
  // staff.login is COLLATE NOCASE: 'Teacher' signs in as 'teacher'.
  return knex('staff').where({ login, active: 1 }).first('id', 'login', 'password_hash', 'activation_hash', 'activation_key');
}

export const login = defineMethod({
  summary: 'Вход сотрудника по логину и паролю',
  access: 'public',
  input: z.object({
    login: loginArg,
    password: z.string().min(1, 'Введите пароль').max(256),
  }).strict(),
  async run(ctx, args) {
    const now = ctx.now();
    await assertNotLocked(ctx.db.knex, args.login, now);
    const staff = await activeStaffByLogin(ctx.db.knex, args.login);
    // A staff member who has not activated the account yet has no password: the same answer.
    if (!(await verifyStored(args.password, staff?.password_hash)) || !staff) {
      throw await recordFailure(ctx.db.knex, args.login, now, badPassword());
    }
    await clearFailures(ctx.db.knex, args.login);
    const user = await loadSessionUser(ctx.db.knex, staff.id);
    if (!user) throw badPassword();
    await unlockSigningKey(ctx.db, staff.id, args.password);
    await upgradeStoredHash(ctx.db, staff.id, args.password, staff.password_hash); // signed: after the key is open
    await recordSignIn(ctx.db.knex, staff.id, now, 'password'); // R-REP-2
    ctx.setSession(user.id);
    return user;
  },
});

export const activate = defineMethod({
  summary: 'Активация учётной записи: логин, одноразовый код от администратора и новый пароль', // R-ROLE-6
  access: 'public',
  input: z.object({
    login: loginArg,
    code: z.string().trim().min(1, 'Введите код активации').max(32),
    newPassword: newPasswordArg,
  }).strict(),
  async run(ctx, args) {
    // A weak password is refused first: it changes nothing and costs no attempt.
    assertAcceptablePassword(args.newPassword, args.login);
    const now = ctx.now();
    await assertNotLocked(ctx.db.knex, args.login, now);
    const staff = await activeStaffByLogin(ctx.db.knex, args.login);
    // A used code is gone (activation_hash is cleared below), so it fails like a wrong one.
    const code = normalizeActivationCode(args.code);
    if (!(await verifyStored(code, staff?.activation_hash)) || !staff) {
      throw await recordFailure(ctx.db.knex, args.login, now, badCode());
    }
    // Other computers trust the new key because the activation proves it knew the code
    // whose key the administrator published (db/sync/trust.ts): a code issued before that
    // existed cannot vouch for a key.
    if (!staff.activation_key) {
      throw new ServiceError('CONFLICT', 'Этот код выдан прежней версией программы. Попросите администратора выдать новый код активации.');
    }
    const keyFields = await activationKeyFields(ctx.db, staff.id, code, args.newPassword);
    // One change, signed with the new key: the key, its proof and the password.
    await ctx.db.writer.write(
      { userId: staff.id },
      [{ table: 'staff', id: staff.id, set: { ...keyFields, password_hash: await hashSecret(args.newPassword) } }],
      { reason: 'активация учётной записи' },
    );
    await clearFailures(ctx.db.knex, args.login);
    const user = await loadSessionUser(ctx.db.knex, staff.id);
    if (!user) throw badCode();
    await recordSignIn(ctx.db.knex, staff.id, now, 'activation'); // R-REP-2
    ctx.setSession(user.id);
    return user;
  },
});

export const changePassword = defineMethod({
  summary: 'Смена своего пароля (нужен текущий пароль)',
  access: 'signed-in',
  input: z.object({
    oldPassword: z.string().min(1, 'Введите текущий пароль').max(256),
    newPassword: newPasswordArg,
  }).strict(),
  async run(ctx, args) {
    const user = userOf(ctx);
    assertAcceptablePassword(args.newPassword, user.login);
    if (args.newPassword === args.oldPassword) {
      throw new ServiceError('VALIDATION', 'Новый пароль должен отличаться от прежнего.', { field: 'newPassword' });
    }
    const now = ctx.now();
    await assertNotLocked(ctx.db.knex, user.login, now);
    const staff: { password_hash: string | null } | undefined = await ctx.db.knex('staff').where({ id: user.id }).first('password_hash');
    if (!(await verifyStored(args.oldPassword, staff?.password_hash))) {
      // Wrong guesses at an unattended signed-in computer count too; at the limit the session ends.
      const err = await recordFailure(ctx.db.knex, user.login, now, new ServiceError('BAD_CREDENTIALS', 'Текущий пароль введён неверно.'));
      if (err.code === 'LOCKED') ctx.setSession(null);
      throw err;
    }
    // The password and the signing key under it change together, in one change.
    await ctx.db.writer.write(
      { userId: user.id },
      [{ table: 'staff', id: user.id, set: { password_hash: await hashSecret(args.newPassword), ...(await reencryptedKeyFields(ctx.db, user.id, args.newPassword)) } }],
      { reason: 'смена пароля' },
    );
    await clearFailures(ctx.db.knex, user.login);
    return { changed: true };
  },
});

export const logout = defineMethod({
  summary: 'Выход из программы',
  access: 'public',
  input: z.object({}).strict(),
  async run(ctx) {
    if (ctx.user) ctx.db.writer.setSigningKey(ctx.user.id, null);
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
