// How a service method is declared: its argument schema (checked at runtime for every
// caller), who may call it, and what it does. service/methods.ts lists them all.
import type { z } from 'zod';
import type { JournalDb } from '../db/journal-db';
import { ROLES, type Role } from '../db/schema';
import { rolesOf, type RoleSetName } from '../shared/role-sets';
import type { SessionUser } from './session';

/**
 * 'public': anyone (sign-in screen); 'signed-in': any staff member; or a named set of roles
 * of the rule book (db/rules/role-sets.ts), never a list written inline.
 */
export type Access = 'public' | 'signed-in' | RoleSetName;

/** The roles an access admits (every role for 'public' and 'signed-in'). */
export function accessRoles(access: Access): readonly Role[] {
  return access === 'public' || access === 'signed-in' ? ROLES : rolesOf(access);
}

export interface CallContext {
  readonly db: JournalDb;
  /** The signed-in user; methods with access other than 'public' always get one. */
  readonly user: SessionUser | null;
  readonly now: () => Date;
  /** Sign the caller in or out (only auth methods use this). */
  setSession(staffId: string | null): void;
  /**
   * For an `optimistic` method: confirms, before it writes, that what it took from caches
   * (the regulation profile, the session user, lessons) was current — that no other process
   * had committed unnoticed. `logEnd`: where its own read saw the change log end
   * (READ_FOR_WRITE.logEnd), which answers without another trip to SQLite; without it the
   * log is read. When something was missed, the host runs the call again on fresh data.
   * A no-op for other methods (the host checked before the call).
   */
  confirmFresh(logEnd?: number): Promise<void>;
  /**
   * Replaces the open database file (a restore from a backup, R-KEEP-4): the host lets the
   * other calls in flight finish and holds new ones, closes the database, runs `replace` on
   * its file, opens the file again — the new one, or the old one when `replace` failed — and
   * signs every caller out (they are told `signOutMessage` at their next call). Absent where
   * the host has no database of its own to replace.
   */
  replaceDatabase?<T>(replace: (file: string) => Promise<T>, signOutMessage: string): Promise<T>;
}

export interface MethodDef<S extends z.ZodType, R> {
  readonly summary: string;
  readonly access: Access;
  readonly input: S;
  /**
   * The host skips its check for other processes' commits before the call (one trip to
   * SQLite); the method calls ctx.confirmFresh before writing instead. For the keystroke
   * methods, whose own read tells where the change log ends.
   */
  readonly optimistic?: boolean;
  run(ctx: CallContext, args: z.output<S>): Promise<R>;
}

export const defineMethod = <S extends z.ZodType, R>(def: MethodDef<S, R>): MethodDef<S, R> => def;

/** The signed-in user of a method whose access is not 'public'. */
export function userOf(ctx: CallContext): SessionUser {
  if (!ctx.user) throw new Error('userOf called on a public method without a session');
  return ctx.user;
}
