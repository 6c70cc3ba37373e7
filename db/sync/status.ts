// The sync's state as a person reads it: when this computer last synced, what waits to be
// sent, each other computer's last contact and how far behind it we are, the clock's
// skew, quarantined files and changes, open conflicts, measured on the clock the sync
// stamps with (the writer's). Shown by the always-visible
// indicator, the administrator's screen, and `journal sync --status`.
import os from 'node:os';
import type { JournalDb } from '../journal-db';
import { getLocal } from '../local-state';
import { trustAnchor } from './trust';
import { formerNodeIds, publishedThrough, type PeerState } from './state';
import { APP_VERSION, peerVersions, schemaVersionOf, waitingForUpdateMessage } from './version';

export type SyncHealth = 'off' | 'ok' | 'warning' | 'error';

export interface PeerStatus {
  readonly nodeId: string;
  readonly computerName: string;
  readonly appliedSeq: number;
  /** Segments we know exist (from others' headers) but have not applied. */
  readonly behind: number;
  readonly lastContactAt: string | null;
  /** How long since its newest segment was written, in minutes (its lag as we see it). */
  readonly lagMinutes: number | null;
  readonly lastAppliedAt: string | null;
  /** Its app's version, from the newest segment header read here (null: not known yet). */
  readonly appVersion: string | null;
  /** Its next segment was written by a newer app than this one: it waits for this computer's update. */
  readonly waitsForUpdate: boolean;
}

export interface QuarantineItem {
  readonly id: number;
  readonly nodeId: string;
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly detectedAt: string;
  readonly lastSeenAt: string;
  readonly status: string;
}

export interface SyncStatus {
  readonly health: SyncHealth;
  readonly summary: string;
  readonly nodeId: string;
  readonly formerNodeIds: string[];
  readonly computerName: string;
  readonly share: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastError: { code: string; message: string; at: string } | null;
  readonly clockSkewMs: number | null;
  readonly clockCorrectionMs: number;
  readonly outbox: number;
  /**
   * Change sets made here by a user who had no signing key (an account never activated
   * since keys came, or a key the password no longer opens): other computers will not take
   * them. The administrator issues the user a new activation code.
   */
  readonly unsignedOutbox: number;
  readonly peers: PeerStatus[];
  readonly quarantine: QuarantineItem[];
  readonly openConflicts: number;
  /** Changes that wait (a key or a row not here yet, or a newer app's segments) rather than being refused. */
  readonly waiting: number;
  /** The school's trust anchor: its administrator and the key's fingerprint (db/sync/trust.ts). */
  readonly anchor: { staffId: string; fingerprint: string } | null;
  /** This computer's app version and its database's schema (the last migration applied). */
  readonly appVersion: string;
  readonly schema: string;
  /** Changes from a newer app wait here: the message says «обновите программу» (version.ts). */
  readonly updateNeeded: boolean;
}

/** Quarantine codes that mean "waits and will be applied", not "refused". */
export const WAITING_CODES: readonly string[] = ['UNKNOWN_KEY', 'WAITING', 'CLOCK_AHEAD'];

const STALE_MS = 10 * 60 * 1000;

export async function syncStatus(db: JournalDb, now: Date = new Date(db.writer.now())): Promise<SyncStatus> {
  const k = db.knex;
  const share = (await getLocal(k, 'sync.share')) || null;
  const lastSuccessAt = (await getLocal(k, 'sync.last_success')) || null;
  const lastAttemptAt = (await getLocal(k, 'sync.last_attempt')) || null;
  const errRaw = await getLocal(k, 'sync.last_error');
  const lastError = errRaw ? (JSON.parse(errRaw) as { code: string; message: string; at: string }) : null;
  const skewRaw = await getLocal(k, 'sync.clock_skew_ms');
  const clockSkewMs = skewRaw !== null && skewRaw !== '' && Number.isFinite(Number(skewRaw)) ? Number(skewRaw) : null;
  const knownMax = JSON.parse((await getLocal(k, 'sync.known_max')) ?? '{}') as Record<string, number>;
  const through = await publishedThrough(k);
  const formers = await formerNodeIds(k);
  const own = [db.writer.nodeId, ...formers];
  const [{ n: outbox }] = (await k('change_log').where('seq', '>', through).whereIn('node_id', own).count('* as n')) as [{ n: number }];
  // A signed set's last entry carries its signature: sets by a user with none of their entries signed.
  const [{ n: unsignedOutbox }] = (await k('change_log').where('seq', '>', through).whereIn('node_id', own).whereNotNull('user_id')
    .groupBy('change_set_id').havingRaw('max(signature) IS NULL').select('change_set_id')
    .then((rows) => [{ n: rows.length }])) as [{ n: number }];
  const peerRows = (await k('sync_peer').select('*').orderBy('computer_name')) as PeerState[];
  const versions = await peerVersions(k);
  const peers = peerRows.map((p): PeerStatus => ({
    nodeId: p.node_id, computerName: p.computer_name, appliedSeq: p.applied_seq,
    behind: Math.max(0, (knownMax[p.node_id] ?? 0) - p.applied_seq),
    lastContactAt: p.last_contact_at,
    lagMinutes: p.last_contact_at ? Math.max(0, Math.round((now.getTime() - Date.parse(p.last_contact_at)) / 60000)) : null,
    lastAppliedAt: p.last_applied_at,
    appVersion: versions[p.node_id]?.appVersion ?? null,
    waitsForUpdate: versions[p.node_id]?.waitingSeq != null,
  }));
  const newer = peers.filter((p) => p.waitsForUpdate);
  const quarantine = (await k('sync_quarantine').where({ status: 'open' }).orderBy('detected_at', 'desc').limit(200)
    .select('id', 'node_id as nodeId', 'file', 'code', 'message', 'detected_at as detectedAt', 'last_seen_at as lastSeenAt', 'status')) as QuarantineItem[];
  const [{ n: openConflicts }] = (await k('sync_conflict').where({ status: 'open' }).count('* as n')) as [{ n: number }];
  const waiting = quarantine.filter((q) => WAITING_CODES.includes(q.code)).length;
  const a = await trustAnchor(k);
  const anchor = a ? { staffId: a.staffId, fingerprint: a.fingerprint } : null;

  let health: SyncHealth;
  let summary: string;
  if (!share) {
    health = 'off';
    summary = 'Синхронизация не настроена: журнал ведётся только на этом компьютере.';
  } else if (newer.length > 0) {
    // Before the rest: nothing else the administrator does lets these changes in.
    health = 'warning';
    summary = waitingForUpdateMessage(newer.map((p) => ({ name: p.computerName, appVersion: p.appVersion })));
  } else if (lastError) {
    health = 'error';
    summary = lastError.message;
  } else if (unsignedOutbox > 0) {
    health = 'warning';
    summary = `Изменений без электронной подписи: ${unsignedOutbox}. Другие компьютеры их не примут: у сотрудника нет ключа подписи — администратору нужно выдать ему новый код активации.`;
  } else if (!lastSuccessAt || now.getTime() - Date.parse(lastSuccessAt) > STALE_MS) {
    health = 'warning';
    summary = lastSuccessAt ? `Последняя синхронизация ${new Date(lastSuccessAt).toLocaleString('ru-RU')}.` : 'Синхронизация ещё не проходила.';
  } else if (quarantine.length > 0 || Number(openConflicts) > 0) {
    health = 'warning';
    const refused = quarantine.length - waiting;
    summary = [
      waiting > 0 ? `ждут применения: ${waiting}` : '',
      refused > 0 ? `в карантине: ${refused}` : '',
      Number(openConflicts) > 0 ? `конфликтов: ${openConflicts}` : '',
    ].filter(Boolean).join(', ');
  } else {
    health = 'ok';
    summary = Number(outbox) > 0 ? `Синхронизировано; ждут отправки: ${outbox}` : 'Синхронизировано';
  }
  return {
    health, summary, nodeId: db.writer.nodeId, formerNodeIds: formers, computerName: (await getLocal(k, 'computer_name')) ?? os.hostname(), share,
    lastSuccessAt, lastAttemptAt, lastError, clockSkewMs, clockCorrectionMs: db.writer.clockOffsetMs, outbox: Number(outbox), unsignedOutbox, peers, quarantine, openConflicts: Number(openConflicts),
    // Segments of newer apps wait too (for this computer's update), never in the quarantine.
    waiting: waiting + newer.reduce((n, p) => n + Math.max(1, p.behind), 0), anchor, appVersion: APP_VERSION, schema: (await schemaVersionOf(k)).schema, updateNeeded: newer.length > 0,
  };
}
