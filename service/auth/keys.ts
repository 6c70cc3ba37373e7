// Each user's signing key (db/signing.ts) and how it comes to be trusted (db/sync/trust.ts).
//
// - Activation (R-ROLE-6): the administrator's code issue publishes, signed, the public
//   half of a key derived from the code (activation_key). The activation makes a new
//   random key, signs it with the code's key (key_proof), and writes it with the new
//   password; every computer checks that proof against the published activation key.
// - Sign-in: the private key stored in the roster is opened with the password and handed
//   to the journal writer, which signs the user's changes until sign-out.
// - A password change keeps the key, encrypted under the new password, in the same change.
// Nobody gets a key any other way: a key a user "introduces" by themself is refused by
// every other computer, with everything it signed.
import type { JournalDb } from '../../db/journal-db';
import { scryptKey } from '../../db/kdf';
import { decryptPrivateKey, encryptionIsWeak, encryptPrivateKey, newSigningKey, publicKeyMatches, spkiOf } from '../../db/signing';
import { keyPairFromSeed, makeKeyProof, trustedKeysOf } from '../../db/sync/trust';
import { withConnection } from '../../db/connection';
import type { KeyObject } from 'node:crypto';

interface StoredKeys {
  public_key: string | null;
  private_key_enc: string | null;
}

/** The key pair of an activation code for a user: the same on every computer, from the code alone. */
export async function activationKeyOf(staffId: string, normalizedCode: string): Promise<{ privateKey: KeyObject; publicKey: string }> {
  return keyPairFromSeed(await scryptKey(normalizedCode, Buffer.from(`klassnyi-zhurnal/activation/${staffId}`, 'utf8'), 32));
}

/**
 * Opens the user's signing key with the password at sign-in. When the roster's record does
 * not open (a password changed on two computers before they synced can leave the newest
 * record under the other password), an earlier record of a trusted key that the password
 * opens is used and written back. A record under a weaker cost than today's is
 * re-encrypted (db/kdf.ts). Returns whether the user can sign.
 */
export async function unlockSigningKey(db: JournalDb, staffId: string, password: string): Promise<boolean> {
  const stored: StoredKeys | undefined = await db.knex('staff').where({ id: staffId }).first('public_key', 'private_key_enc');
  if (stored?.public_key && stored.private_key_enc) {
    const key = await decryptPrivateKey(stored.private_key_enc, password);
    if (key && publicKeyMatches(key, stored.public_key)) {
      db.writer.setSigningKey(staffId, key);
      if (encryptionIsWeak(stored.private_key_enc)) {
        await db.writer.write({ userId: staffId }, [{ table: 'staff', id: staffId, set: { private_key_enc: await encryptPrivateKey(key, password) } }],
          { reason: 'ключ подписи перешифрован с усиленной защитой' });
      }
      return true;
    }
  }
  // The keys this computer trusts for the user (db/sync/trust.ts), by their SPKI.
  const trusted = new Set([...(await withConnection(db.knex, (conn) => trustedKeysOf(conn, staffId))).values()].map((k) => k.spki));
  const records: { new_value: string }[] = await db.knex('change_log')
    .where({ table_name: 'staff', row_id: staffId, field: 'private_key_enc' }).orderBy('hlc', 'desc').limit(20).select('new_value');
  for (const r of records) {
    const enc = JSON.parse(r.new_value) as unknown;
    if (typeof enc !== 'string') continue;
    const key = await decryptPrivateKey(enc, password);
    if (!key || !trusted.has(spkiOf(key))) continue;
    const spki = spkiOf(key);
    db.writer.setSigningKey(staffId, key);
    await db.writer.write({ userId: staffId }, [{ table: 'staff', id: staffId, set: { public_key: spki, private_key_enc: await encryptPrivateKey(key, password) } }],
      { reason: 'ключ подписи восстановлен' });
    return true;
  }
  // No key this password opens: the user's changes stay unsigned here, and other computers
  // will not take them. The administrator issues a new activation code (a reset).
  db.writer.setSigningKey(staffId, null);
  return false;
}

/**
 * The fields an activation writes (with the new password hash): a new key, encrypted under
 * the new password, and the proof that its maker knew the code. The writer signs the
 * activation with the new key.
 */
export async function activationKeyFields(db: JournalDb, staffId: string, normalizedCode: string, newPassword: string): Promise<Record<string, string | null>> {
  const codeKey = await activationKeyOf(staffId, normalizedCode);
  const key = newSigningKey();
  db.writer.setSigningKey(staffId, key.privateKey);
  return {
    public_key: key.publicKey,
    private_key_enc: await encryptPrivateKey(key.privateKey, newPassword),
    key_proof: makeKeyProof(codeKey, staffId, key.publicKey),
    activation_hash: null,
    activation_key: null,
  };
}

/** After a password change: the same key under the new password (written with the new hash). */
export async function reencryptedKeyFields(db: JournalDb, staffId: string, newPassword: string): Promise<Record<string, string>> {
  const key = db.writer.signingKeyOf(staffId);
  return key ? { private_key_enc: await encryptPrivateKey(key, newPassword) } : {};
}
