// Who is calling: the signed-in staff member with their roles, loaded from the database
// at every call so that a revoked role takes effect at once.
import type { Knex } from 'knex';
import type { Role } from '../db/schema';

export interface SessionUser {
  readonly id: string;
  readonly login: string;
  readonly fullName: string;
  readonly shortName: string;
  readonly roles: readonly Role[];
}

export function hasRole(user: SessionUser | null, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

export function fullName(p: { last_name: string; first_name: string; middle_name: string }): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

/** "Петрова А. Н." */
export function shortName(p: { last_name: string; first_name: string; middle_name: string }): string {
  const initials = [p.first_name, p.middle_name].filter(Boolean).map((s) => `${s[0]}.`).join(' ');
  return initials ? `${p.last_name} ${initials}` : p.last_name;
}

export async function loadSessionUser(knex: Knex, staffId: string): Promise<SessionUser | null> {
  const staff = await knex('staff').where({ id: staffId, active: 1 }).first('id', 'login', 'last_name', 'first_name', 'middle_name');
  if (!staff) return null;
  const roles: { role: Role }[] = await knex('staff_role').where({ staff_id: staffId, revoked: 0 }).distinct('role');
  return { id: staff.id, login: staff.login, fullName: fullName(staff), shortName: shortName(staff), roles: roles.map((r) => r.role) };
}
