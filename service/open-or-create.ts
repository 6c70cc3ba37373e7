// Opening the app's database: the embedded demo school is created on first start when
// the file does not exist yet (the app opens on the demo school on a fresh install).
import fs from 'node:fs';
import { createDemoFile, currentStartYear } from '../db/demo-file';
import { openJournal, type JournalDb } from '../db/journal-db';

export async function openOrCreateDemo(file: string, now: Date = new Date()): Promise<{ db: JournalDb; createdDemo: boolean }> {
  let createdDemo = false;
  if (!fs.existsSync(file)) {
    await createDemoFile(file, { seed: 1, students: 600, startYear: currentStartYear(now) });
    createdDemo = true;
  }
  return { db: await openJournal(file, { mustExist: true }), createdDemo };
}
