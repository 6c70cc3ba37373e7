// journal backup --db FILE --to DIR [--to DIR2]   a consistent copy with a manifest to each folder
// journal verify DIR [--db FILE]                  checks a backup bit for bit (logged when --db is given)
// journal restore --db FILE --from DIR            restores a backup after verifying it
// journal backup check --db FILE [--all]          checks the copies this computer made, each on its
//                                                 medium, against its manifest (for the Task Scheduler)
// DIR is a copy, or the folder given to `journal backup --to` (the medium): then every copy
// found there is named and verified, and a restore takes the newest that verifies.
// The command line acts as the system (no user); the backup log names the computer.
import { BackupError, copyWords, logLocation, makeBackup, restoreBackup, verifyLocation } from '../../db/backup';
import { openJournal } from '../../db/journal-db';
import { checkBackups, yearEndCopy } from '../../db/backup-check';
import { toIsoDate } from '../../shared/dates';
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

/**
 * The scheduled check of the copies (R-KEEP-2) from the Task Scheduler: every copy this
 * computer made (`all`: every copy the backup log names), each on its medium, bit for bit
 * against its manifest; entered in the backup log. A copy damaged or gone from its medium
 * fails the command (exit code 1, so the scheduler shows it); a medium that is not
 * connected is reported (ok: false), not a failure. The year-end copy's state (R-KEEP-1) comes with it.
 */
export async function runBackupCheck(dbFile: string, all: boolean) {
  const db = await openJournal(dbFile, { mustExist: true });
  try {
    const now = new Date();
    const run = await checkBackups(db, SYSTEM, { now, all });
    const yearEnd = await yearEndCopy(db.knex, toIsoDate(now), run);
    const result = { ...run, ok: run.copies.every((c) => c.state === 'ok'), yearEnd };
    const bad = run.copies.filter((c) => c.state === 'damaged' || c.state === 'missing');
    if (bad.length > 0) throw new CliError('BACKUP_CHECK_FAILED', bad.map((c) => c.message).join(' '), result);
    return result;
  } finally {
    await db.close();
  }
}
