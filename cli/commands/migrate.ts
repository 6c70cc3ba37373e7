// journal migrate --db FILE: brings an existing database to this version's schema.
// A database from a newer version is refused (DB_NEWER_VERSION) and left untouched.
import fs from 'node:fs';
import { openDatabase } from '../../db/connection';
import { appliedMigrations, migrateToLatest } from '../../db/migrate';
import { CliError } from '../output';

export async function runMigrate(file: string) {
  if (!fs.existsSync(file)) throw new CliError('DB_NOT_FOUND', `Файл базы данных не найден: ${file}`);
  const knex = openDatabase(file);
  try {
    const applied = await migrateToLatest(knex);
    return { db: file, applied, schema: await appliedMigrations(knex) };
  } finally {
    await knex.destroy();
  }
}
