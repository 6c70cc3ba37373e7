// Mixed versions of the app on one share (issue 15). During an update the school's
// computers run different versions for days. Every segment and snapshot says which
// version wrote it:
//   - schema: the name of the last migration applied to the writer's database, and how
//     many were applied (derived from the migration list, db/migrations/index.ts — never
//     a number written by hand, so a new migration moves it by itself);
//   - appVersion: the version of the app (package.json).
// A computer meeting a segment written at a schema its database does not have (a newer
// app: a new table or field) keeps it WAITING — not quarantined, not dropped, its
// computer's position left where it is — and says «обновите программу»; once this
// computer is updated (its database migrated), the same segment is read again and
// applied. A newer app reads an older app's segments as usual.
import type { Knex } from 'knex';
import pkg from '../../package.json' with { type: 'json' };
import { appliedMigrations } from '../migrate';
import { getLocal, setLocal } from '../local-state';

/** The version of this app (package.json). */
export const APP_VERSION: string = (pkg as { version?: string }).version ?? '0.0.0';

export interface SchemaVersion {
  /** The last migration applied ('' for an empty database). */
  readonly schema: string;
  /** How many migrations are applied. */
  readonly schemaCount: number;
}

/** The schema version of a database: its last applied migration and their number. */
export async function schemaVersionOf(knex: Knex): Promise<SchemaVersion> {
  const applied = await appliedMigrations(knex);
  return { schema: applied[applied.length - 1] ?? '', schemaCount: applied.length };
}

/**
 * Whether a segment or snapshot written at `written` needs a newer app than a database
 * with `applied` migrations: it names a migration this database does not have, or more of
 * them. Files written before versions were recorded (no schema) are older, never newer.
 */
export function isNewerSchema(written: { schema?: unknown; schemaCount?: unknown }, applied: readonly string[]): boolean {
  if (typeof written.schema !== 'string' || written.schema === '') return false;
  if (!applied.includes(written.schema)) return true;
  return typeof written.schemaCount === 'number' && written.schemaCount > applied.length;
}

/** What this computer knows of another computer's app: from the newest segment header it read. */
export interface PeerVersion {
  readonly appVersion: string | null;
  readonly schema: string | null;
  readonly schemaCount: number | null;
  /** Its next segment needs a newer app: since when it waits here, and which segment (null: nothing waits). */
  readonly waitingSince: string | null;
  readonly waitingSeq: number | null;
}

const PEER_VERSIONS = 'sync.peer_versions';

export async function peerVersions(knex: Knex): Promise<Record<string, PeerVersion>> {
  try {
    return JSON.parse((await getLocal(knex, PEER_VERSIONS)) ?? '{}') as Record<string, PeerVersion>;
  } catch {
    return {};
  }
}

export async function savePeerVersions(knex: Knex, versions: Record<string, PeerVersion>): Promise<void> {
  await setLocal(knex, PEER_VERSIONS, JSON.stringify(versions));
}

/** A header's version fields as this computer keeps them (anything not a string or number is dropped). */
export function versionOfHeader(h: { appVersion?: unknown; schema?: unknown; schemaCount?: unknown }): Pick<PeerVersion, 'appVersion' | 'schema' | 'schemaCount'> {
  return {
    appVersion: typeof h.appVersion === 'string' ? h.appVersion.slice(0, 40) : null,
    schema: typeof h.schema === 'string' ? h.schema.slice(0, 100) : null,
    schemaCount: typeof h.schemaCount === 'number' && Number.isInteger(h.schemaCount) ? h.schemaCount : null,
  };
}

/** The words the sync screen and the indicator use when changes wait for an update. */
export const UPDATE_NEEDED = 'обновите программу';

export function waitingForUpdateMessage(computers: readonly { name: string; appVersion: string | null }[]): string {
  const who = computers.map((c) => (c.appVersion ? `${c.name || 'компьютер'} (версия ${c.appVersion})` : c.name || 'компьютер')).join(', ');
  return `Изменения с компьютеров более новой версии программы ждут: ${who}. На этом компьютере версия ${APP_VERSION} — ${UPDATE_NEEDED}; после обновления они применятся сами.`;
}
