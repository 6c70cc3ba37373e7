// The administrator's work with staff accounts (R-ROLE-6: the administrator creates users
// and issues access credentials: a login and a one-time activation code). No answer
// here ever carries a password or activation hash.
import { z } from 'zod';
import type { Knex } from 'knex';
import type { Role } from '../../db/schema';
import { keyId, newId } from '../../db/ids';
import { toIsoDate } from '../../shared/dates';
import { ROLES } from '../../shared/role-sets';
import { loginArg, optionalName, personName } from '../people/names';
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
      lastName: s.last_name,
      firstName: s.first_name,
      middleName: s.middle_name,
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

// ---- the administrator keeps the staff (R-ROLE-6) -------------------------------------------
// Staff are added, edited and dismissed, never deleted: their records stay in the journal.
// Roles are granted and revoked with a reason (kept in the change log); one person may hold
// several. The school always keeps at least one active administrator.

const ROLE_WORDS: Record<Role, string> = {
  admin: 'администратор журнала', director: 'директор', deputy: 'заместитель директора', secretary: 'делопроизводитель',
  class_teacher: 'классный руководитель', teacher: 'учитель',
};
const roleArg = z.enum(ROLES, { message: 'Роль: учитель, классный руководитель, заместитель директора, директор, делопроизводитель или администратор' });
const reasonArg = z.string().trim().min(3, 'Укажите основание (приказ, распоряжение)').max(200);
async function staffRow(knex: Knex, staffId: string): Promise<{ id: string; login: string; last_name: string; first_name: string; middle_name: string; active: number }> {
  const s = await knex('staff').where({ id: staffId }).first('id', 'login', 'last_name', 'first_name', 'middle_name', 'active');
  if (!s) throw notFound('Сотрудник не найден.');
  return s;
}

async function activeAdmins(knex: Knex): Promise<string[]> {
  return (await knex('staff_role as r').join('staff as s', 's.id', 'r.staff_id').where({ 'r.role': 'admin', 'r.revoked': 0, 's.active': 1 }).distinct('s.id'))
    .map((r: { id: string }) => r.id);
}

export const add = defineMethod({
  summary: 'Добавить сотрудника: ФИО, должность, логин и роли (код активации выдаётся отдельно)',
  access: 'administrator',
  input: z.object({
    lastName: personName('Фамилия'),
    firstName: personName('Имя'),
    middleName: optionalName('Отчество'),
    position: z.string().trim().max(100).default(''),
    login: loginArg,
    roles: z.array(roleArg).min(1, 'Выберите хотя бы одну роль').max(6),
    reason: reasonArg,
  }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const taken = await knex('staff').where({ login: a.login }).first('login', 'active');
    if (taken) throw new ServiceError('CONFLICT', `Логин «${a.login}» уже занят${taken.active ? '' : ' (уволенным сотрудником: логины не используются повторно)'}. Выберите другой.`);
    const staffId = newId();
    const roles = [...new Set(a.roles)];
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [
      { table: 'staff', id: staffId, set: { login: a.login, last_name: a.lastName, first_name: a.firstName, middle_name: a.middleName, position: a.position, password_hash: null, activation_hash: null, active: 1 } },
      ...roles.map((role) => ({ table: 'staff_role' as const, id: keyId('staff_role', staffId, role), set: { staff_id: staffId, role, revoked: 0 } })),
    ], { reason: a.reason });
    return { staffId, login: a.login, roles };
  },
});

export const update = defineMethod({
  summary: 'Исправить ФИО или должность сотрудника (с основанием)',
  access: 'administrator',
  input: z.object({
    staffId: rowId,
    lastName: personName('Фамилия').optional(),
    firstName: personName('Имя').optional(),
    // (no default here: an omitted patronymic is left as it is, not erased)
    middleName: z.union([z.literal(''), personName('Отчество')]).optional(),
    position: z.string().trim().max(100).optional(),
    reason: reasonArg,
  }).strict(),
  async run(ctx, a) {
    await staffRow(ctx.db.knex, a.staffId);
    const set = { last_name: a.lastName, first_name: a.firstName, middle_name: a.middleName, position: a.position };
    if (Object.values(set).every((v) => v === undefined)) throw new ServiceError('VALIDATION', 'Нечего менять: укажите новые ФИО или должность.');
    const r = await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'staff', id: a.staffId, set }], { reason: a.reason });
    return { changed: r.changed };
  },
});

export const dismiss = defineMethod({
  summary: 'Уволить сотрудника: вход закрывается, записи в журнале остаются (удалить сотрудника нельзя)',
  access: 'administrator',
  input: z.object({ staffId: rowId, reason: reasonArg }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const s = await staffRow(knex, a.staffId);
    if (!s.active) throw new ServiceError('CONFLICT', `${shortName(s)} уже уволен(а).`);
    const user = userOf(ctx);
    if (s.id === user.id) throw new ServiceError('CONFLICT', 'Нельзя уволить самого себя: это делает другой администратор.');
    const admins = await activeAdmins(knex);
    if (admins.length === 1 && admins[0] === s.id) throw new ServiceError('CONFLICT', 'Это единственный администратор журнала: сначала назначьте другого.');
    // Pages they still teach and classes they lead: listed, for the administrator to hand over.
    const today = toIsoDate(ctx.now());
    const pages: { class_name: string; subject: string }[] = await knex('teaching_assignment as a').join('class as c', 'c.id', 'a.class_id').join('subject as sub', 'sub.id', 'a.subject_id')
      .join('academic_year as y', 'y.id', 'a.year_id').where('a.teacher_id', s.id).where('y.ends_on', '>=', today)
      .where((w) => w.whereNull('a.ends_on').orWhere('a.ends_on', '>=', today)).select('c.name as class_name', 'sub.name as subject');
    const classes: { name: string }[] = await knex('class as c').join('academic_year as y', 'y.id', 'c.year_id').where('c.class_teacher_id', s.id).where('y.ends_on', '>=', today).select('c.name');
    await ctx.db.writer.write({ userId: user.id }, [{ table: 'staff', id: s.id, set: { active: 0 } }], { reason: a.reason });
    return {
      staffId: s.id,
      /** Still to be handed over to another teacher. */
      pagesToHandOver: pages.map((p) => `${p.class_name}, ${p.subject}`),
      classesToHandOver: classes.map((c) => c.name),
    };
  },
});

export const grantRole = defineMethod({
  summary: 'Назначить сотруднику роль (с основанием); у одного человека может быть несколько ролей',
  access: 'administrator',
  input: z.object({ staffId: rowId, role: roleArg, reason: reasonArg }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const s = await staffRow(knex, a.staffId);
    if (!s.active) throw new ServiceError('CONFLICT', `${shortName(s)} уволен(а): роли не назначаются.`);
    const held = await knex('staff_role').where({ staff_id: s.id, role: a.role, revoked: 0 }).first('id');
    if (held) throw new ServiceError('CONFLICT', `У сотрудника ${shortName(s)} уже есть роль «${ROLE_WORDS[a.role]}».`);
    // One row per person and role: granting again restores it, so its history stays in one place.
    const id = (await knex('staff_role').where({ staff_id: s.id, role: a.role }).first('id'))?.id ?? keyId('staff_role', s.id, a.role);
    await ctx.db.writer.write({ userId: userOf(ctx).id }, [{ table: 'staff_role', id, set: { staff_id: s.id, role: a.role, revoked: 0 } }], { reason: a.reason });
    return { staffId: s.id, role: a.role };
  },
});

export const revokeRole = defineMethod({
  summary: 'Снять с сотрудника роль (с основанием)',
  access: 'administrator',
  input: z.object({ staffId: rowId, role: roleArg, reason: reasonArg }).strict(),
  async run(ctx, a) {
    const knex = ctx.db.knex;
    const s = await staffRow(knex, a.staffId);
    const rows: { id: string }[] = await knex('staff_role').where({ staff_id: s.id, role: a.role, revoked: 0 }).select('id');
    if (rows.length === 0) throw new ServiceError('CONFLICT', `У сотрудника ${shortName(s)} нет роли «${ROLE_WORDS[a.role]}».`);
    if (a.role === 'admin') {
      const admins = await activeAdmins(knex);
      if (admins.length === 1 && admins[0] === s.id) throw new ServiceError('CONFLICT', 'Это единственный администратор журнала: сначала назначьте другого.');
    }
    await ctx.db.writer.write({ userId: userOf(ctx).id }, rows.map((r) => ({ table: 'staff_role' as const, id: r.id, set: { revoked: 1 } })), { reason: a.reason });
    return { staffId: s.id, role: a.role };
  },
});
