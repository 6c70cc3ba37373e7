// Which signing keys this computer trusts for a user (issue 10). A key is trusted only
// when something already trusted vouches for it:
// - the school's anchor: the first administrator's key, fixed when the school is created
//   (trust_anchor) and carried by the snapshot new computers join from; the demo school's
//   accounts come with the school the same way;
// - a change signed with a key already trusted for that user (a password change keeps its
//   key; a key replaced by its owner is signed by the old one);
// - the administrator, whose signed change sets another user's key (a reset), or
//   publishes an activation key (activation_key) derived from a one-time code: an
//   activation then proves it knew the code by signing its new key with the code's key
//   (key_proof), which any computer can check without ever seeing the code;
// A key introduced any other way is refused, and so is everything it signed.
//
// The journal's history holds exactly the accepted changes: a key is trusted here when an
// accepted change set it (a change from another computer is accepted only when it passed
// this check and the rule book). So the trusted keys of a user are the public_key values
// of their staff row's history.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { queryAll, type RawConnection } from '../connection';
import { keyIdOf, publicKeyOf } from '../signing';

export interface TrustedKey {
  readonly keyId: string;
  readonly spki: string;
  readonly key: KeyObject;
}

/** Values a staff field took in the accepted history of the user's row (creation included). */
async function historyValues(conn: RawConnection, user: string, field: string): Promise<string[]> {
  const rows = await queryAll<{ field: string; new_value: string }>(conn,
    `SELECT field, new_value FROM change_log WHERE table_name = 'staff' AND row_id = ? AND field IN (?, '*')`, [user, field]);
  const out: string[] = [];
  for (const r of rows) {
    const v: unknown = JSON.parse(r.new_value);
    const value = r.field === field ? v : (v as Record<string, unknown>)[field];
    if (typeof value === 'string' && !out.includes(value)) out.push(value);
  }
  return out;
}

/** Every key this computer trusts for the user, by key id. */
export async function trustedKeysOf(conn: RawConnection, user: string): Promise<Map<string, TrustedKey>> {
  const out = new Map<string, TrustedKey>();
  const anchor = await queryAll<{ public_key: string }>(conn, 'SELECT public_key FROM trust_anchor WHERE staff_id = ?', [user]);
  for (const spki of [...anchor.map((a) => a.public_key), ...(await historyValues(conn, user, 'public_key'))]) {
    const key = publicKeyOf(spki);
    if (key) out.set(keyIdOf(spki), { keyId: keyIdOf(spki), spki, key });
  }
  return out;
}

/** Activation keys the administrator published for the user (accepted history). */
export function activationKeysOf(conn: RawConnection, user: string): Promise<string[]> {
  return historyValues(conn, user, 'activation_key');
}

// ---- the activation's proof -----------------------------------------------------------------

/** What the code's key signs: the user and the new key, so a proof vouches for that key only. */
const statement = (userId: string, publicKey: string) => Buffer.from(`klassnyi-zhurnal/activation/v1\n${userId}\n${publicKey}`, 'utf8');

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 key pair from a 32-byte seed. */
export function keyPairFromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: string } {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
}

export interface KeyProof {
  readonly v: 1;
  readonly kind: 'activation';
  /** The activation key (SPKI base64) the administrator published. */
  readonly verifier: string;
  /** Its signature of statement(user, new key), base64. */
  readonly signature: string;
}

export function makeKeyProof(codeKey: { privateKey: KeyObject; publicKey: string }, userId: string, newPublicKey: string): string {
  const proof: KeyProof = { v: 1, kind: 'activation', verifier: codeKey.publicKey, signature: sign(null, statement(userId, newPublicKey), codeKey.privateKey).toString('base64') };
  return JSON.stringify(proof);
}

/** 'ok': the proof vouches for the key; 'unknown': its activation key has not arrived here (yet); 'bad': it proves nothing. */
export async function checkKeyProof(conn: RawConnection, userId: string, newPublicKey: string, proofJson: string): Promise<'ok' | 'unknown' | 'bad'> {
  let proof: KeyProof;
  try {
    proof = JSON.parse(proofJson) as KeyProof;
  } catch {
    return 'bad';
  }
  if (proof?.v !== 1 || proof.kind !== 'activation' || typeof proof.verifier !== 'string' || typeof proof.signature !== 'string') return 'bad';
  const verifier = publicKeyOf(proof.verifier);
  if (!verifier) return 'bad';
  let valid: boolean;
  try {
    valid = verify(null, statement(userId, newPublicKey), verifier, Buffer.from(proof.signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return 'bad';
  return (await activationKeysOf(conn, userId)).includes(proof.verifier) ? 'ok' : 'unknown';
}

// ---- the anchor ------------------------------------------------------------------------------

export interface TrustAnchor {
  readonly staffId: string;
  readonly publicKey: string;
  readonly keyId: string;
  /** The key id in groups of four, as the administrator reads it out: «3f2a 9c01 …». */
  readonly fingerprint: string;
  readonly fixedAt: string;
}

/** Fixes the school's anchor when the school is created; an anchor once fixed never changes. */
export async function fixTrustAnchor(knex: Knex, staffId: string, publicKey: string, at: Date): Promise<void> {
  await knex('trust_anchor').insert({ id: 1, staff_id: staffId, public_key: publicKey, fixed_at: at.toISOString() }).onConflict('id').ignore();
}

/** A key id as the administrator reads it out: «3f2a 9c01 …». */
export function fingerprintOf(keyId: string): string {
  return keyId.replace(/(.{4})(?!$)/g, '$1 ');
}

/** Whether the school's anchor is the key a fingerprint (read on a computer already set up) names. */
export function anchorMatches(anchor: TrustAnchor | null, fingerprint: string): boolean {
  return !!anchor && anchor.keyId === fingerprint.replace(/\s+/g, '').toLowerCase();
}

export async function trustAnchor(knex: Knex): Promise<TrustAnchor | null> {
  const row = await knex('trust_anchor').where({ id: 1 }).first('staff_id', 'public_key', 'fixed_at') as { staff_id: string; public_key: string; fixed_at: string } | undefined;
  if (!row) return null;
  const keyId = keyIdOf(row.public_key);
  return { staffId: row.staff_id, publicKey: row.public_key, keyId, fingerprint: fingerprintOf(keyId), fixedAt: row.fixed_at };
}
