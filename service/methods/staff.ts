// The administrator's work with staff accounts (R-ROLE-6: the administrator creates users
// and issues access credentials: a login and a one-time activation code). No answer
// here ever carries a password or activation hash.
import { z } from 'zod';
import type { Role } from '../../db/schema';
import { newActivationCode, normalizeActivationCode } from '../auth/activation-code';
import { clearFailures, lockedLogins, loginKey } from '../auth/lockout';
import { rowId } from '../args';
import { defineMethod, userOf } from '../define';
import { notFound, ServiceError } from '../errors';
import { hashSecret } from '../../db/passwords';
import { activationKeyOf } from '../auth/keys';
import { fullName, shortName } from '../session';


interface StaffRow {
  readonly id: string;
  readonly login: string;
  readonly last_name: string;
  readonly first_name: string;
  readonly middle_name: string;
  readonly position: string;
  readonly active: number;
  /** Whether a password / an activation code is set: the hashes themselves are never read here. */
  readonly has_password: number;
  readonly has_code: number;
}

export const list = defineMethod({
  summary: 'Сотрудники и их учётные записи: логин, роли, активирована ли, ждёт ли активации, заблокирована ли',
  access: 'administrator',
  input: z.object({}).strict(),
  async run(ctx) {
    const knex = ctx.db.knex;
    const rows: StaffRow[] = await knex('staff')
      .orderBy([{ column: 'last_name' }, { column: 'first_name' }, { column: 'middle_name' }])
      .select(
        'id', 'login', 'last_name', 'first_name', 'middle_name', 'position', 'active',
        knex.raw('password_hash IS NOT NULL AS has_password'),
        knex.raw('activation_hash IS NOT NULL AS has_code'),
      );
    const roles: { staff_id: string; role: Role }[] = await knex('staff_role').where({ revoked: 0 }).distinct('staff_id', 'role');
    const rolesOf = new Map<string, Role[]>();
    for (const r of roles) rolesOf.set(r.staff_id, [...(rolesOf.get(r.staff_id) ?? []), r.role]);
    const locked = await lockedLogins(knex, ctx.now());
    return rows.map((s) => ({
      id: s.id,
      login: s.login,
      fullName: fullName(s),
      shortName: shortName(s),
      position: s.position,
      roles: rolesOf.get(s.id) ?? [],
      active: s.active === 1,
      /** Has set a password (through an activation code, or the demo school's accounts). */
      activated: s.has_password === 1,
      /** An activation code has been issued and not used yet. */
      activationPending: s.has_code === 1,
      /** Until when the login is locked on this computer after wrong passwords (ISO), or null. */
      lockedUntil: locked.get(loginKey(s.login)) ?? null,
    }));
  },
});

export const issueActivation = defineMethod({
  summary: 'Выдать сотруднику одноразовый код активации (показывается один раз)', // R-ROLE-6
  access: 'administrator',
  input: z.object({ staffId: rowId }).strict(),
  async run(ctx, args) {
    const admin = userOf(ctx);
    const staff: Pick<StaffRow, 'id' | 'login' | 'last_name' | 'first_name' | 'middle_name' | 'active'> | undefined = await ctx.db
      .knex('staff').where({ id: args.staffId }).first('id', 'login', 'last_name', 'first_name', 'middle_name', 'active');
    if (!staff) throw notFound('Сотрудник не найден.');
    if (staff.active !== 1) throw new ServiceError('CONFLICT', 'Учётная запись сотрудника отключена: код активации не выдан.');
    const code = newActivationCode();
    const normalized = normalizeActivationCode(code);
    // Only the hash is kept, and the public half of the code's key, which lets every
    // computer check the activation's proof without the code (db/sync/trust.ts). A new
    // code replaces an earlier unused one. The password, if any, stays until the code is
    // used (the staff member may still remember it).
    await ctx.db.writer.write(
      { userId: admin.id },
      [{ table: 'staff', id: staff.id, set: { activation_hash: await hashSecret(normalized), activation_key: (await activationKeyOf(staff.id, normalized)).publicKey } }],
      { reason: 'выдан код активации' },
    );
    return { staffId: staff.id, login: staff.login, fullName: fullName(staff), code };
  },
});

export const unlock = defineMethod({
  summary: 'Снять блокировку входа после неверных паролей (на этом компьютере)',
  access: 'administrator',
  input: z.object({ staffId: rowId }).strict(),
  async run(ctx, args) {
    const staff: { login: string } | undefined = await ctx.db.knex('staff').where({ id: args.staffId }).first('login');
    if (!staff) throw notFound('Сотрудник не найден.');
    const cleared = await clearFailures(ctx.db.knex, staff.login);
    return { login: staff.login, cleared };
  },
});

/** The school's teachers with what they teach, for the deputy's forms (substitutions, R-ROLE-4). */
export const teachers = defineMethod({
  summary: 'Учителя школы с предметами и классами (для записи замен)',
  access: 'controllers',
  input: z.object({}).strict(),
  async run(ctx) {
    const rows: { id: string; last_name: string; first_name: string; middle_name: string; subject: string | null; class_name: string | null }[] =
      await ctx.db.knex('staff as s')
        .join('staff_role as r', 'r.staff_id', 's.id')
        .leftJoin('teaching_assignment as a', 'a.teacher_id', 's.id')
        .leftJoin('subject as sub', 'sub.id', 'a.subject_id')
        .leftJoin('class as c', 'c.id', 'a.class_id')
        .where({ 's.active': 1, 'r.revoked': 0 })
        .whereIn('r.role', ['teacher', 'class_teacher'])
        .orderBy([{ column: 'c.grade' }, { column: 'c.letter' }])
        .distinct('s.id', 's.last_name', 's.first_name', 's.middle_name', 'sub.name as subject', 'c.name as class_name');
    const byTeacher = new Map<string, { name: string; subjects: Map<string, string[]> }>();
    for (const r of rows) {
      const t = byTeacher.get(r.id) ?? { name: shortName(r), subjects: new Map<string, string[]>() };
      if (r.subject && r.class_name) {
        const list = t.subjects.get(r.subject) ?? [];
        if (!list.includes(r.class_name)) list.push(r.class_name);
        t.subjects.set(r.subject, list);
      }
      byTeacher.set(r.id, t);
    }
    return [...byTeacher.entries()]
      .map(([id, t]) => ({ id, name: t.name, teaches: [...t.subjects.entries()].map(([s, cs]) => `${s} ${cs.join(', ')}`).join('; ') }))
      .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  },
});
