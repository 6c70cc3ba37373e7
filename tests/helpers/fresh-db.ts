// A fresh, migrated journal database in a temporary file for one test.
import path from 'node:path';
import { openJournal, type JournalDb } from '../../db/journal-db';
import { tmpDir } from './tmp';

export async function withFreshDb(fn: (db: JournalDb, file: string) => Promise<void>): Promise<void> {
  const file = path.join(tmpDir(), 'j.sqlite');
  const db = await openJournal(file);
  try {
    await fn(db, file);
  } finally {
    await db.close();
  }
}
