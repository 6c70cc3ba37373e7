// Opening the app's database. On a fresh install the file does not exist yet: an empty,
// migrated journal is made, and the window offers the first start's three choices — the
// demo school, our school, or joining our school's share (service/methods/first-start.ts).
import fs from 'node:fs';
import { openJournal, type JournalDb } from '../db/journal-db';

export async function openOrCreateJournal(file: string): Promise<{ db: JournalDb; created: boolean }> {
  const created = !fs.existsSync(file);
  return { db: await openJournal(file, { mustExist: !created }), created };
}
