// Each user's signing key (issue 4, db/signing.ts). At sign-in the private key stored in
// the roster is opened with the password and handed to the journal writer, which signs
// the user's changes until sign-out. A user without a key (first sign-in, or a password
// reset by activation code, which cannot open the old key) gets the key pair derived from
// the new password (the same on every computer); the old public keys stay in the change
// history, so changes signed with them still verify.
import type { JournalDb } from '../../db/journal-db';
import { decryptPrivateKey, encryptPrivateKey, newUserKeys, publicKeyMatches } from '../../db/signing';

interface StoredKeys {
  public_key: string | null;
  private_key_enc: string | null;
}

export async function unlockSigningKey(db: JournalDb, staffId: string, password: string): Promise<void> {
  const stored: StoredKeys | undefined = await db.knex('staff').where({ id: staffId }).first('public_key', 'private_key_enc');
  if (stored?.public_key && stored.private_key_enc) {
    const key = await decryptPrivateKey(stored.private_key_enc, password);
    if (key && publicKeyMatches(key, stored.public_key)) {
      db.writer.setSigningKey(staffId, key);
      return;
    }
  }
  const keys = await newUserKeys(password, staffId);
  // The new public key is the user's first change signed with the new key.
  db.writer.setSigningKey(staffId, keys.privateKey);
  await db.writer.write(
    { userId: staffId },
    [{ table: 'staff', id: staffId, set: { public_key: keys.publicKey, private_key_enc: keys.privateKeyEnc } }],
    { reason: 'ключ электронной подписи сотрудника' },
  );
}

/** After a password change: the same key, encrypted under the new password. */
export async function reencryptSigningKey(db: JournalDb, staffId: string, newPassword: string): Promise<void> {
  const stored: StoredKeys | undefined = await db.knex('staff').where({ id: staffId }).first('public_key', 'private_key_enc');
  const key = db.writer.signingKeyOf(staffId);
  if (!key || !stored?.public_key || !publicKeyMatches(key, stored.public_key)) {
    await unlockSigningKey(db, staffId, newPassword);
    return;
  }
  await db.writer.write(
    { userId: staffId },
    [{ table: 'staff', id: staffId, set: { private_key_enc: await encryptPrivateKey(key, newPassword, staffId) } }],
    { reason: 'смена пароля: ключ подписи перешифрован' },
  );
}
