// Who is calling: the signed-in staff member with their roles, checked at every call so
// that a revoked role takes effect at once. What was read is kept until the staff or
// staff_role table changes (the journal writer's version() of them grows at every change).
import type { Knex } from 'knex';
import { JournalWriter } from '../db/journal-writer';
import type { Role } from '../db/schema';
import { shortName as formatShortName } from '../shared/format';

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
  return formatShortName(p.last_name, p.first_name, p.middle_name);
}

const cache = new WeakMap<Knex, { version: string; users: Map<string, SessionUser | null> }>();

export async function loadSessionUser(knex: Knex, staffId: string): Promise<SessionUser | null> {
  const writer = JournalWriter.of(knex);
  if (!writer) return readSessionUser(knex, staffId);
  const version = `${writer.version('staff')}:${writer.version('staff_role')}`;
  let entry = cache.get(knex);
  if (!entry || entry.version !== version) cache.set(knex, (entry = { version, users: new Map() }));
  const hit = entry.users.get(staffId);
  if (hit !== undefined) return hit;
  const user = await readSessionUser(knex, staffId);
  // Kept only if nothing changed while it was read (else the next call reads again).
  if (entry === cache.get(knex)) entry.users.set(staffId, user);
  return user;
}

async function readSessionUser(knex: Knex, staffId: string): Promise<SessionUser | null> {
  const staff = await knex('staff').where({ id: staffId, active: 1 }).first('id', 'login', 'last_name', 'first_name', 'middle_name');
  if (!staff) return null;
  const roles: { role: Role }[] = await knex('staff_role').where({ staff_id: staffId, revoked: 0 }).distinct('role');
  return Object.freeze({ id: staff.id, login: staff.login, fullName: fullName(staff), shortName: shortName(staff), roles: Object.freeze(roles.map((r) => r.role)) });
}
