// Writing the demo school: every table in bulk through the journal writer (the one write
// path; each row lands in change_log too), as the system (actor without a user),
// parents before children.
import type { JournalDb } from '../journal-db';
import { WRITE_ORDER, type DemoRows } from './rows';

export async function writeDemoRows(db: JournalDb, rows: DemoRows): Promise<void> {
  const unordered = rows.tables().filter((t) => !WRITE_ORDER.includes(t));
  if (unordered.length > 0) throw new Error(`demo: no write order for ${unordered.join(', ')}`);
  for (const table of WRITE_ORDER) {
    const list = rows.rows(table);
    if (list.length > 0) await db.writer.insertNew({ userId: null }, table, list);
  }
}
