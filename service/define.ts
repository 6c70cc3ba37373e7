// How a service method is declared: its argument schema (checked at runtime for every
// caller), who may call it, and what it does. service/methods.ts lists them all.
import type { z } from 'zod';
import type { JournalDb } from '../db/journal-db';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/** 'public': anyone (sign-in screen); 'signed-in': any staff member; or a list of roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface CallContext {
  readonly db: JournalDb;
  /** The signed-in user; methods with access other than 'public' always get one. */
  readonly user: SessionUser | null;
  readonly now: () => Date;
  /** Sign the caller in or out (only auth methods use this). */
  setSession(staffId: string | null): void;
}

export interface MethodDef<S extends z.ZodType, R> {
  readonly summary: string;
  readonly access: Access;
  readonly input: S;
  run(ctx: CallContext, args: z.output<S>): Promise<R>;
}

export const defineMethod = <S extends z.ZodType, R>(def: MethodDef<S, R>): MethodDef<S, R> => def;

/** The signed-in user of a method whose access is not 'public'. */
export function userOf(ctx: CallContext): SessionUser {
  if (!ctx.user) throw new Error('userOf called on a public method without a session');
  return ctx.user;
}
