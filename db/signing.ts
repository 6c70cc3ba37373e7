// Every change is signed by its author (issue 4): each user has an Ed25519 key pair; the
// public key travels in the roster (staff.public_key) and the private key too, encrypted
// under the user's password (scrypt → AES-256-GCM), so the user can sign on any computer
// once signed in. Which keys a computer trusts for a user: db/sync/trust.ts.
//
// What is signed: the change sets of one user on one computer form a hash chain,
//   chain_i = SHA-256(chain_{i-1} ‖ canonical(entries of change set i)),
// and the last entry of each change set carries chain_i and the signature of chain_i.
// A verifier that checks the chain link by link needs to verify only the newest
// signature of a run: it commits to everything before it. A forged or altered entry
// breaks the chain; an entry by a user without their key breaks the signature.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { isWeakerThanCurrent, KDF_PARAMS, scryptKey, type KdfParams } from './kdf';

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

/** A key's short name in signatures: the first 16 hex digits of SHA-256 of its SPKI. */
export function keyIdOf(spkiBase64: string): string {
  return createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex').slice(0, 16);
}

/**
 * A signature names its key: 'k1.<key id>.<Ed25519 signature, base64>'. A receiver then
 * tells a key it does not know yet (the change waits) from a wrong signature by a key it
 * knows (refused). Signatures made before keys were named have no prefix.
 */
export function signChain(key: KeyObject, chain: string, keyId: string): string {
  return `k1.${keyId}.${sign(null, Buffer.from(chain, 'hex'), key).toString('base64')}`;
}

export function parseSignature(signature: string): { keyId: string | null; bytes: Buffer } {
  const m = /^k1\.([0-9a-f]{16})\.(.+)$/.exec(signature);
  return m ? { keyId: m[1]!, bytes: Buffer.from(m[2]!, 'base64') } : { keyId: null, bytes: Buffer.from(signature, 'base64') };
}

export function verifyChain(publicKey: KeyObject, chain: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(chain, 'hex'), publicKey, parseSignature(signature).bytes);
  } catch {
    return false;
  }
}

export interface UserKeys {
  /** SPKI DER, base64: staff.public_key. */
  readonly publicKey: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/**
 * A new random signing key for a user, made at activation (service/methods/auth.ts). It is
 * not derived from the password, so the public key in the roster tells nothing about it.
 */
export function newSigningKey(): UserKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  return { publicKey: spki, keyId: keyIdOf(spki), privateKey };
}

interface EncryptedKey {
  v: 1 | 2;
  /** v2: the scrypt parameters (db/kdf.ts); v1 records used N=16384, r=8, p=1. */
  N?: number;
  r?: number;
  p?: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

const V1_PARAMS: KdfParams = { N: 16384, r: 8, p: 1 };
const paramsOf = (r: EncryptedKey): KdfParams => (r.v === 2 ? { N: Number(r.N), r: Number(r.r), p: Number(r.p) } : V1_PARAMS);

/** The private key under the password: scrypt at the current cost (db/kdf.ts) → AES-256-GCM. */
export async function encryptPrivateKey(privateKey: KeyObject, password: string, random: (n: number) => Uint8Array = randomBytes): Promise<string> {
  const salt = Buffer.from(random(16));
  const iv = Buffer.from(random(12));
  const cipher = createCipheriv('aes-256-gcm', await scryptKey(password, salt, 32, KDF_PARAMS), iv);
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const data = Buffer.concat([cipher.update(der), cipher.final()]);
  const record: EncryptedKey = { v: 2, ...KDF_PARAMS, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify(record);
}

/** Whether the record's cost is below the current one (re-encrypted at the next sign-in). */
export function encryptionIsWeak(stored: string): boolean {
  try {
    return isWeakerThanCurrent(paramsOf(JSON.parse(stored) as EncryptedKey));
  } catch {
    return false;
  }
}

/** The private key, or null when the password does not open it (or the record is damaged). */
export async function decryptPrivateKey(stored: string, password: string): Promise<KeyObject | null> {
  try {
    const r = JSON.parse(stored) as EncryptedKey;
    if (r.v !== 1 && r.v !== 2) return null;
    const decipher = createDecipheriv('aes-256-gcm', await scryptKey(password, Buffer.from(r.salt, 'base64'), 32, paramsOf(r)), Buffer.from(r.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(r.tag, 'base64'));
    const der = Buffer.concat([decipher.update(Buffer.from(r.data, 'base64')), decipher.final()]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  }
}

export function publicKeyOf(spkiBase64: string): KeyObject | null {
  try {
    return createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

export function spkiOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
}

export function publicKeyMatches(privateKey: KeyObject, spkiBase64: string): boolean {
  return spkiOf(privateKey) === spkiBase64;
}
