// A real school's first start (issue 13, R-ROLE-6): an empty journal becomes the school,
// with its first administrator — the person who sets up everything else. The
// administrator's signing key is made here and fixed as the school's trust anchor (db/sync/
// trust.ts): every other key is trusted because this one, or a key it vouched for, did.
// Nothing else is made: the year, people, classes and timetable are the administrator's
// setup (service/methods/setup.ts and the others).
import { newId } from '../ids';
import type { JournalDb } from '../journal-db';
import { hashSecret } from '../passwords';
import { encryptPrivateKey, newSigningKey } from '../signing';
import { fingerprintOf, fixTrustAnchor } from '../sync/trust';

export interface NewSchool {
  readonly fullName: string;
  readonly shortName: string;
  readonly address: string;
  readonly admin: { readonly lastName: string; readonly firstName: string; readonly middleName: string; readonly login: string; readonly password: string };
}

export class SchoolExistsError extends Error {}

export async function createSchool(db: JournalDb, s: NewSchool, now: Date): Promise<{ schoolId: string; adminId: string; fingerprint: string }> {
  if (await db.knex('school').first('id')) throw new SchoolExistsError('school exists');
  const schoolId = newId();
  const adminId = newId();
  const key = newSigningKey();
  const system = { userId: null };
  await db.writer.insertNew(system, 'school', [{ id: schoolId, full_name: s.fullName, short_name: s.shortName, address: s.address, inn: '', is_demo: 0 }], { reason: 'создание школы' });
  await db.writer.insertNew(system, 'staff', [{
    id: adminId, login: s.admin.login, last_name: s.admin.lastName, first_name: s.admin.firstName, middle_name: s.admin.middleName,
    position: 'администратор журнала', password_hash: await hashSecret(s.admin.password), activation_hash: null,
    public_key: key.publicKey, private_key_enc: await encryptPrivateKey(key.privateKey, s.admin.password), activation_key: null, key_proof: null, active: 1,
  }], { reason: 'первый администратор журнала' });
  await db.writer.insertNew(system, 'staff_role', [{ id: newId(), staff_id: adminId, role: 'admin', revoked: 0 }], { reason: 'первый администратор журнала' });
  await fixTrustAnchor(db.knex, adminId, key.publicKey, now);
  return { schoolId, adminId, fingerprint: fingerprintOf(key.keyId) };
}
