// Writing the demo school: every table in bulk through the journal writer (the one write
// path; each row lands in change_log too), as the system (actor without a user),
// parents before children, each table as soon as the model has sealed it (rows.ts), so
// that SQLite writes the first tables while the model still makes the later ones. The file
// is new: its plain (non-unique) indexes are dropped for the bulk write and built once at
// the end, which SQLite does far faster than keeping them up to date row by row; unique
// indexes stay, as they keep the rows' keys.
import type { JournalDb } from '../journal-db';
import { WRITE_ORDER, type DemoRows } from './rows';

export async function writeDemoRows(db: JournalDb, rows: DemoRows): Promise<void> {
  const plain: { name: string; sql: string }[] = await db.knex('sqlite_master')
    .where({ type: 'index' }).whereNotNull('sql').whereNot('sql', 'like', 'CREATE UNIQUE%').select('name', 'sql');
  for (const i of plain) await db.knex.raw(`DROP INDEX "${i.name}"`);
  try {
    for (const table of WRITE_ORDER) {
      await rows.sealed(table);
      const list = rows.rows(table);
      if (list.length > 0) await db.writer.insertNew({ userId: null }, table, list);
    }
  } finally {
    for (const i of plain) await db.knex.raw(i.sql);
  }
}
