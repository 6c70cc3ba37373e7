// 005: sync through the school's network share (issue 4, db/sync/).
// - change_log learns what the sync needs of each entry: the field's clock its author
//   had seen (base_hlc, for conflicts) and, on the last entry of a signed change set, the
//   author's chain hash and Ed25519 signature (db/signing.ts).
// - staff carries each user's public key and the private key encrypted under the user's
//   password, so a user can sign on any computer after signing in.
// - Local tables (never synced): where this computer stands with every other computer's
//   segments, what it has published, quarantined files and changes, recorded conflicts.
import type { Knex } from 'knex';

export const statements: readonly string[] = [
  `ALTER TABLE change_log ADD COLUMN base_hlc TEXT`,
  `ALTER TABLE change_log ADD COLUMN chain_hash TEXT`,
  `ALTER TABLE change_log ADD COLUMN signature TEXT`,
  `CREATE INDEX change_log_node ON change_log (node_id, seq)`,
  `CREATE INDEX change_log_chain ON change_log (node_id, user_id, hlc) WHERE chain_hash IS NOT NULL`,
  `ALTER TABLE staff ADD COLUMN public_key TEXT`,
  `ALTER TABLE staff ADD COLUMN private_key_enc TEXT`,

  // Another computer as seen from here: its segments applied so far and the chain head.
  `CREATE TABLE sync_peer (
     node_id          TEXT PRIMARY KEY,
     applied_seq      INTEGER NOT NULL DEFAULT 0,
     last_hash        TEXT,                 -- SHA-256 of the last applied segment file
     last_hlc         TEXT,                 -- the newest change applied from it
     computer_name    TEXT NOT NULL DEFAULT '',
     first_seen_at    TEXT NOT NULL,
     last_contact_at  TEXT,                 -- when its newest segment was written (its header)
     last_applied_at  TEXT                  -- when this computer last applied one
   )`,
  // The segments this computer has published, verified on the share.
  `CREATE TABLE sync_published (
     node_id       TEXT NOT NULL,           -- this computer's id when it published (see identity.ts)
     seq           INTEGER NOT NULL,
     file          TEXT NOT NULL,
     hash          TEXT NOT NULL,
     first_log_seq INTEGER NOT NULL,
     last_log_seq  INTEGER NOT NULL,
     entries       INTEGER NOT NULL,
     published_at  TEXT NOT NULL,
     PRIMARY KEY (node_id, seq)
   )`,
  // Files and changes kept out of the journal, for the administrator.
  `CREATE TABLE sync_quarantine (
     id           INTEGER PRIMARY KEY AUTOINCREMENT,
     node_id      TEXT NOT NULL,
     file         TEXT NOT NULL,
     code         TEXT NOT NULL,
     message      TEXT NOT NULL,
     detected_at  TEXT NOT NULL,
     last_seen_at TEXT NOT NULL,
     status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'released', 'cleared')),
     payload      TEXT,                    -- JSON of a quarantined change set's entries
     UNIQUE (node_id, file, code)
   )`,
  // A field changed on two computers without one seeing the other: both values kept in
  // change_log; the newest clock is shown until a person resolves it.
  `CREATE TABLE sync_conflict (
     id           TEXT PRIMARY KEY,        -- table:row:field
     table_name   TEXT NOT NULL,
     row_id       TEXT NOT NULL,
     field        TEXT NOT NULL,
     hlcs         TEXT NOT NULL,           -- JSON array of the competing entries' clocks
     status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
     detected_at  TEXT NOT NULL,
     resolved_at  TEXT,
     resolved_hlc TEXT
   )`,
  `CREATE INDEX sync_conflict_status ON sync_conflict (status)`,
  // The newest verified link of each author's signature chain per computer (verify.ts).
  `CREATE TABLE sync_chain (
     node_id     TEXT NOT NULL,
     user_id     TEXT NOT NULL,
     chain_hash  TEXT NOT NULL,
     PRIMARY KEY (node_id, user_id)
   )`,
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of statements) await knex.raw(sql);
}

export async function down(): Promise<void> {
  throw new Error('migration 005 cannot be reverted');
}
