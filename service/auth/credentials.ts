// Checking a secret against a stored hash in the same time whether or not there is one,
// so that the time of an answer does not tell an unknown login (or an account without a
// password yet) from a wrong password.
import { hashSecret, verifySecret } from '../../db/passwords';

let dummy: Promise<string> | undefined;

/** True only when `stored` is a hash of `secret`; with no hash, spends the same scrypt work and says false. */
export async function verifyStored(secret: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifySecret(secret, stored);
  dummy ??= hashSecret('no secret stored');
  await verifySecret(secret, await dummy);
  return false;
}
