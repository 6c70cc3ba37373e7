// The record of sign-ins on this computer (R-REP-2): one row of sign_in_log (a local table,
// migration 019) per successful sign-in or activation, for the user-activity report. A
// plain insert, never through the journal writer: signing in changes nothing in the journal.
import type { Knex } from 'knex';
import { toIsoDate } from '../../shared/dates';

export async function recordSignIn(knex: Knex, staffId: string, at: Date, how: 'password' | 'activation'): Promise<void> {
  await knex('sign_in_log').insert({ staff_id: staffId, signed_in_at: at.toISOString(), day: toIsoDate(at), how });
}
