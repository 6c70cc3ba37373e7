// Every change is signed by its author (issue 4): each user has an Ed25519 key pair; the
// public key travels in the roster (staff.public_key) and the private key too, encrypted
// under the user's password (scrypt → AES-256-GCM), so the user can sign on any computer
// once signed in.
//
// What is signed: the change sets of one user on one computer form a hash chain,
//   chain_i = SHA-256(chain_{i-1} ‖ canonical(entries of change set i)),
// and the last entry of each change set carries chain_i and the signature of chain_i.
// A verifier that checks the chain link by link needs to verify only the newest
// signature of a run: it commits to everything before it. A forged or altered entry
// breaks the chain; an entry by a user without their key breaks the signature.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, scrypt as scryptCb, sign, verify, type KeyObject } from 'node:crypto';

/** The fields of a change_log entry that its signature covers, in this order. */
export const SIGNED_FIELDS = ['hlc', 'change_set_id', 'node_id', 'user_id', 'table_name', 'row_id', 'field', 'old_value', 'new_value', 'base_hlc', 'reason', 'recorded_at'] as const;
export type SignedEntry = { readonly [K in (typeof SIGNED_FIELDS)[number]]: string | null };

/** The chain value before a user's first signed change set on a computer. */
export const CHAIN_START = '0'.repeat(64);

export function chainNext(prev: string, entries: readonly SignedEntry[]): string {
  const h = createHash('sha256');
  h.update(prev);
  for (const e of entries) h.update(JSON.stringify(SIGNED_FIELDS.map((f) => e[f])));
  return h.digest('hex');
}

export function signChain(key: KeyObject, chain: string): string {
  return sign(null, Buffer.from(chain, 'hex'), key).toString('base64');
}

export function verifyChain(publicKey: KeyObject, chain: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(chain, 'hex'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export interface UserKeys {
  /** SPKI DER, base64: staff.public_key. */
  readonly publicKey: string;
  /** JSON of the encrypted PKCS#8 private key: staff.private_key_enc. */
  readonly privateKeyEnc: string;
  readonly privateKey: KeyObject;
}

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * The private key under the password (scrypt → AES-256-GCM). With `userId` the salt and IV
 * are derived from it (the same record on every computer, for the same key and password).
 */
export async function encryptPrivateKey(privateKey: KeyObject, password: string, userId?: string): Promise<string> {
  const salt = userId ? createHash('sha256').update(`klassnyi-zhurnal/salt/${userId}`).digest().subarray(0, 16) : randomBytes(16);
  const iv = userId ? createHash('sha256').update(`klassnyi-zhurnal/iv/${userId}`).digest().subarray(0, 12) : randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(password, salt), iv);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const data = Buffer.concat([cipher.update(der), cipher.final()]);
  return JSON.stringify({ v: 1, kdf: 'scrypt', salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') });
}

/** The private key, or null when the password does not open it (or the record is damaged). */
export async function decryptPrivateKey(stored: string, password: string): Promise<KeyObject | null> {
  try {
    const r = JSON.parse(stored) as { v: number; salt: string; iv: string; tag: string; data: string };
    if (r.v !== 1) return null;
    const decipher = createDecipheriv('aes-256-gcm', await deriveKey(password, Buffer.from(r.salt, 'base64')), Buffer.from(r.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(r.tag, 'base64'));
    const der = Buffer.concat([decipher.update(Buffer.from(r.data, 'base64')), decipher.final()]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The user's key pair, derived from the password and the user's id (scrypt → Ed25519
 * seed): every computer where the user signs in with the same password gets the same key,
 * so two first sign-ins on two computers before they sync do not make two keys. The
 * public key reveals no more about the password than the scrypt password hash already in
 * the roster does. The encrypted copy is deterministic for the same reason.
 */
export async function newUserKeys(password: string, userId: string): Promise<UserKeys> {
  const seed = await deriveKey(password, Buffer.from(`klassnyi-zhurnal/ed25519/${userId}`, 'utf8'));
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return {
    publicKey: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64'),
    privateKeyEnc: await encryptPrivateKey(privateKey, password, userId),
    privateKey,
  };
}

export function publicKeyOf(spkiBase64: string): KeyObject | null {
  try {
    return createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

export function publicKeyMatches(privateKey: KeyObject, spkiBase64: string): boolean {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') === spkiBase64;
}
