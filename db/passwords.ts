// Password and activation-code hashing with scrypt at the cost of db/kdf.ts. Stored form:
// scrypt$N$r$p$salt(base64)$hash(base64). Passwords are never stored in clear. A hash
// keeps the parameters it was made with, so older (cheaper) hashes still verify and are
// upgraded at the next sign-in (service/auth/rehash.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isAcceptableParams, isWeakerThanCurrent, KDF_PARAMS, scryptKey, type KdfParams } from './kdf';

const KEYLEN = 32;

interface StoredHash {
  readonly params: KdfParams;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** The parts of a stored hash, or null when it is not one this code can check. */
function parseStored(stored: string): StoredHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!isAcceptableParams(params)) return null;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length < 16) return null;
  return { params, salt: Buffer.from(salt, 'base64'), hash: expected };
}

export async function hashSecret(secret: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const { N, r, p } = KDF_PARAMS;
  const key = await scryptKey(secret, salt, KEYLEN, KDF_PARAMS);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parseStored(stored) : null;
  if (!parsed) return false;
  const key = await scryptKey(secret, parsed.salt, parsed.hash.length, parsed.params);
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True when a stored hash was made at a lower cost than the current one (and should be made again). */
export function needsRehash(stored: string | null | undefined): boolean {
  const parsed = stored ? parseStored(stored) : null;
  return parsed !== null && isWeakerThanCurrent(parsed.params);
}
