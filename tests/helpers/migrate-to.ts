// A journal database at an older version, for the migration tests: knex's migrate with the
// project's migrationSource limited to the first migrations, on a fresh file.
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../db/connection';
import { MIGRATIONS, migrationSource } from '../../db/migrations/index';
import { tmpDir } from './tmp';

function indexOf(name: string): number {
  const i = MIGRATIONS.findIndex((m) => m.name === name);
  if (i < 0) throw new Error(`no migration ${name}`);
  return i;
}

/** Applies the migrations up to and including `name` that the database lacks; returns the names applied. */
export async function migrateTo(knex: Knex, name: string): Promise<string[]> {
  const first = MIGRATIONS.slice(0, indexOf(name) + 1);
  const [, applied] = (await knex.migrate.latest({ migrationSource: { ...migrationSource, getMigrations: async () => first } })) as [number, string[]];
  return applied;
}

/** A fresh database file with every migration before `name` applied (none before the first). */
export async function databaseBefore(name: string): Promise<Knex> {
  const i = indexOf(name);
  const knex = openDatabase(path.join(tmpDir(), 'j.sqlite'));
  if (i > 0) await migrateTo(knex, MIGRATIONS[i - 1]!.name);
  return knex;
}
