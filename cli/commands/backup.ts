// journal backup --db FILE --to DIR [--to DIR2]   a consistent copy with a manifest to each folder
// journal verify DIR [--db FILE]                  checks a backup bit for bit (logged when --db is given)
// journal restore --db FILE --from DIR            restores a backup after verifying it
// The command line acts as the system (no user); the backup log names the computer.
import fs from 'node:fs';
import { BackupError, logVerification, makeBackup, restoreBackup, verifyBackup } from '../../db/backup';
import { openJournal } from '../../db/journal-db';
import { CliError } from '../output';

const SYSTEM = { userId: null };

function asCli(err: unknown): never {
  if (err instanceof BackupError) throw new CliError(err.code, err.message, err.details);
  throw err;
}

export async function runBackup(dbFile: string, destinations: string[]) {
  if (destinations.length === 0) throw new CliError('USAGE', 'Укажите папку для копии: --to DIR (для второй копии ещё одно --to DIR2).');
  const db = await openJournal(dbFile, { mustExist: true });
  try {
    return await makeBackup(db, destinations, SYSTEM, 'journal backup').catch(asCli);
  } finally {
    await db.close();
  }
}

export async function runVerify(folder: string, dbFile: string | undefined) {
  if (!fs.existsSync(folder)) throw new CliError('BACKUP_INVALID', `Папка резервной копии не найдена: ${folder}`);
  const result = await verifyBackup(folder);
  if (dbFile) {
    const db = await openJournal(dbFile, { mustExist: true });
    try {
      await logVerification(db, SYSTEM, result);
    } finally {
      await db.close();
    }
  }
  if (!result.ok) throw new CliError('BACKUP_INVALID', `Резервная копия не прошла проверку: ${result.problems.join('; ')}`, result);
  return result;
}

export async function runRestore(dbFile: string, folder: string) {
  return restoreBackup(folder, dbFile, SYSTEM).catch(asCli);
}
