// Bringing a database file to the current schema. A file written by a newer version of
// the app (it has migrations this build does not know) is refused, never migrated down.
import type { Knex } from 'knex';
import { MIGRATIONS, migrationSource } from './migrations/index';

export class NewerDatabaseError extends Error {
  readonly code = 'DB_NEWER_VERSION';
  constructor(readonly unknown: string[]) {
    super(`the database was written by a newer version of the app (unknown migrations: ${unknown.join(', ')})`);
  }
}

export async function appliedMigrations(knex: Knex): Promise<string[]> {
  const has = await knex.schema.hasTable('knex_migrations');
  if (!has) return [];
  const rows: { name: string }[] = await knex('knex_migrations').select('name').orderBy('id');
  return rows.map((r) => r.name);
}

export async function assertNotNewer(knex: Knex): Promise<void> {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = (await appliedMigrations(knex)).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new NewerDatabaseError(unknown);
}

/** Applies pending migrations; returns the names applied now. */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  await assertNotNewer(knex);
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

