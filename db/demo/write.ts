// Writing the demo school: every table in bulk through the journal writer (the one write
// path; each row lands in change_log too), as the system (actor without a user),
// parents before children, each table as soon as the model has sealed it (rows.ts), so
// that SQLite writes the first tables while the model still makes the later ones. The file
// is new: its plain (non-unique) indexes are dropped for the bulk write and built once at
// the end, which SQLite does far faster than keeping them up to date row by row; unique
// indexes stay, as they keep the rows' keys (and serve the certification's reads, made on
// connections of their own while the plain ones are built: certification.ts).
import type { JournalDb } from '../journal-db';
import { WRITE_ORDER, type DemoRows } from './rows';

/**
 * Writes the rows; resolves once they are all in, with the rebuild of the plain indexes
 * under way on the writer's connection (every query of `db.knex` waits for it).
 */
export async function writeDemoRows(db: JournalDb, rows: DemoRows): Promise<{ indexes: Promise<void> }> {
  const plain: { name: string; sql: string }[] = await db.knex('sqlite_master')
    .where({ type: 'index' }).whereNotNull('sql').whereNot('sql', 'like', 'CREATE UNIQUE%').select('name', 'sql');
  for (const i of plain) await db.knex.raw(`DROP INDEX "${i.name}"`);
  const rebuild = async () => {
    for (const i of plain) await db.knex.raw(i.sql);
  };
  try {
    for (const table of WRITE_ORDER) {
      await rows.sealed(table);
      const list = rows.rows(table);
      if (list.length > 0) await db.writer.insertNew({ userId: null }, table, list);
    }
  } catch (err) {
    await rebuild();
    throw err;
  }
  const indexes = rebuild();
  indexes.catch(() => undefined); // awaited by the caller
  return { indexes };
}
