// 009: signatures that prove something (issue 10, db/sync/trust.ts).
// - staff learns two fields: activation_key, the public half of a key pair derived from
//   the one-time activation code (the administrator publishes it, signed, when issuing
//   the code), and key_proof, the activation's proof that it knew the code: the new
//   signing key signed with the code's key. Receivers check it without ever seeing the code.
// - trust_anchor: the school's first administrator and their key, fixed when the school is
//   created; it travels in the snapshot new computers join from. Every other key is
//   trusted because a trusted key, an activation or the administrator vouched for it.
// - late_arrival_decision (a journal table): a deputy's decision on a change that reached
//   the share after its entry window closed (accepted, or reverted as a correction).
// - Local bookkeeping: the clock of each author chain's newest verified link (clocks only
//   grow along a chain), keys refused for good, when this computer last found a peer's
//   next segment absent, and the late arrivals it has seen.
import type { Knex } from 'knex';

const fk = (table: string) => `REFERENCES ${table}(id) DEFERRABLE INITIALLY DEFERRED`;

export const statements: readonly string[] = [
  `ALTER TABLE staff ADD COLUMN activation_key TEXT`,
  `ALTER TABLE staff ADD COLUMN key_proof TEXT`,
  `CREATE TABLE trust_anchor (
     id          INTEGER PRIMARY KEY CHECK (id = 1),
     staff_id    TEXT NOT NULL,
     public_key  TEXT NOT NULL,
     fixed_at    TEXT NOT NULL
   )`,
  `CREATE TABLE late_arrival_decision (
     id          TEXT PRIMARY KEY,          -- 'late:' + the late entry's clock
     hlc         TEXT NOT NULL,             -- the late entry
     decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'reverted')),
     reason      TEXT NOT NULL DEFAULT '',
     decided_by  TEXT ${fk('staff')},
     decided_at  TEXT NOT NULL
   )`,
  `ALTER TABLE sync_chain ADD COLUMN last_hlc TEXT`,
  `ALTER TABLE sync_peer ADD COLUMN next_absent_at TEXT`,
  // The author of a quarantined change set: an author's later sets wait behind a waiting one.
  `ALTER TABLE sync_quarantine ADD COLUMN user_id TEXT`,
  `CREATE INDEX sync_quarantine_waiting ON sync_quarantine (node_id, user_id, code, status)`,
  `CREATE TABLE sync_key_state (
     user_id      TEXT NOT NULL,
     key_id       TEXT NOT NULL,
     status       TEXT NOT NULL CHECK (status IN ('refused')),
     reason       TEXT NOT NULL,
     detected_at  TEXT NOT NULL,
     PRIMARY KEY (user_id, key_id)
   )`,
  `CREATE TABLE sync_late_arrival (
     hlc             TEXT PRIMARY KEY,
     node_id         TEXT NOT NULL,
     user_id         TEXT,
     table_name      TEXT NOT NULL,
     row_id          TEXT NOT NULL,
     field           TEXT NOT NULL,
     made_at         TEXT NOT NULL,         -- the entry's own clock
     deadline        TEXT NOT NULL,         -- its entry window's end
     appeared_after  TEXT NOT NULL,         -- this computer saw the share without it then
     first_seen_at   TEXT NOT NULL
   )`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
  // A journal made before this version: its first administrator with a key is the anchor.
  await knex.raw(`INSERT INTO trust_anchor (id, staff_id, public_key, fixed_at)
    SELECT 1, s.id, s.public_key, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM staff s JOIN staff_role r ON r.staff_id = s.id
    WHERE r.role = 'admin' AND r.revoked = 0 AND s.public_key IS NOT NULL ORDER BY s.id LIMIT 1`);
}

export async function down(): Promise<void> {
  throw new Error('009_trust cannot be undone: restore a backup instead');
}
