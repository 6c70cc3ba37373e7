// Upgrading a password hash at sign-in (issue 10, item 7). Only at a sign-in is the
// password known, so a hash made at an older, cheaper cost (db/kdf.ts) is made again at
// the current cost then, through the journal writer like every change (the history shows
// it; the hash travels to the other computers as a signed change of the user's own row).
import type { JournalDb } from '../../db/journal-db';
import { hashSecret, needsRehash } from '../../db/passwords';

export const REHASH_REASON = 'пароль перехеширован с усиленной защитой';

/**
 * After a successful check of `password` against `storedHash`: when that hash is weaker
 * than the current cost, stores a new one. Returns whether it did.
 */
export async function upgradeStoredHash(db: JournalDb, staffId: string, password: string, storedHash: string | null | undefined): Promise<boolean> {
  if (!needsRehash(storedHash)) return false;
  await db.writer.write(
    { userId: staffId },
    [{ table: 'staff', id: staffId, set: { password_hash: await hashSecret(password) } }],
    { reason: REHASH_REASON },
  );
  return true;
}
