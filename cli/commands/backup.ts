// journal backup --db FILE --to DIR [--to DIR2]   a consistent copy with a manifest to each folder
// journal verify DIR [--db FILE]                  checks a backup bit for bit (logged when --db is given)
// journal restore --db FILE --from DIR            restores a backup after verifying it
// DIR is a copy, or the folder given to `journal backup --to` (the medium): then every copy
// found there is named and verified, and a restore takes the newest that verifies.
// The command line acts as the system (no user); the backup log names the computer.
import { BackupError, copyWords, logLocation, makeBackup, restoreBackup, verifyLocation } from '../../db/backup';
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
  const check = await verifyLocation(folder).catch(asCli);
  if (dbFile) {
    const db = await openJournal(dbFile, { mustExist: true });
    try {
      await logLocation(db, SYSTEM, check);
    } finally {
      await db.close();
    }
  }
  const bad = check.copies.filter((c) => !c.ok);
  if (check.kind === 'copy') {
    const result = check.copies[0]!;
    if (!result.ok) throw new CliError('BACKUP_INVALID', `Резервная копия не прошла проверку: ${result.problems.join('; ')}`, result);
    return result;
  }
  // A medium: every copy named, each verified; the newest that verifies is the one a restore takes.
  const result = { folder: check.folder, medium: true, ok: bad.length === 0, copies: check.copies, newestVerified: check.newest?.folder ?? null };
  if (bad.length > 0) {
    const newest = check.newest ? `; восстановить можно копию ${copyWords(check.newest)}` : '; ни одна копия не годится для восстановления';
    throw new CliError('BACKUP_INVALID', `Копий в папке: ${check.copies.length}, не прошли проверку: ${bad.map((c) => `${copyWords(c)} — ${c.problems.join('; ')}`).join('; ')}${newest}.`, result);
  }
  return result;
}

export async function runRestore(dbFile: string, folder: string) {
  return restoreBackup(folder, dbFile, SYSTEM).catch(asCli);
}
