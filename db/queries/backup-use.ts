// The log of use of backup copies (R-PRINT-3, 004 §5.2) as one book: the program's own
// events (backup_log: a copy made, verified, restored, read) and the secretary's entries
// (backup_medium_use, migration 011: a medium taken out of the safe or put back — by whom,
// for what, in which room), in the order they happened. Read by the secretary's books screen
// (books.backupUse) and printed as a book extract (print/compose/books.ts).
import type { Knex } from 'knex';
import { shortNameSql } from './short-name';

export interface BackupUseRow {
  readonly id: string;
  /** Who wrote the entry: the program (a backup event) or the secretary (a medium's movement). */
  readonly source: 'program' | 'secretary';
  readonly at: string;
  /** backup_log.action ('backup', 'verify', 'restore', 'read') or backup_medium_use.action ('taken', 'returned'). */
  readonly action: string;
  /** The medium taken or returned ('' for the program's events). */
  readonly medium: string;
  /** Who made the copy, or took or returned the medium; null: the program alone. */
  readonly staffName: string | null;
  readonly purpose: string;
  /** The copy's folder (program) or the room of the safe (secretary). */
  readonly place: string;
  readonly sha256: string;
  readonly ok: number;
  readonly note: string;
  /** The secretary who wrote a medium's entry. */
  readonly enteredBy: string | null;
}

/** «Фамилия И. О.» of the staff row under `t`, NULL where there is none. */
const person = (t: string) => `CASE WHEN ${t}.id IS NULL THEN NULL ELSE ${shortNameSql(t)} END`;

export async function backupUseEntries(knex: Knex): Promise<BackupUseRow[]> {
  return (await knex.raw(`
    SELECT b.id AS id, 'program' AS source, b.at AS at, b.action AS action, '' AS medium, ${person('s')} AS staffName, '' AS purpose,
      b.location AS place, b.sha256, b.ok, b.note, NULL AS enteredBy
    FROM backup_log b LEFT JOIN staff s ON s.id = b.staff_id
    UNION ALL
    SELECT u.id AS id, 'secretary' AS source, u.happened_at AS at, u.action AS action, u.medium AS medium, ${person('p')} AS staffName, u.purpose,
      u.room AS place, '' AS sha256, 1 AS ok, u.note, ${person('e')} AS enteredBy
    FROM backup_medium_use u LEFT JOIN staff p ON p.id = u.person_id LEFT JOIN staff e ON e.id = u.entered_by
    ORDER BY at, id`)) as BackupUseRow[];
}

/** A medium's name as entries are matched: letter case and spaces aside («Флешка  № 2» = «флешка № 2»). */
export function mediumKey(medium: string): string {
  return medium.trim().replace(/\s+/g, ' ').toLocaleLowerCase('ru');
}

export interface MediumOut {
  readonly medium: string;
  readonly at: string;
  readonly staffName: string | null;
  readonly purpose: string;
}

/** The media out of the safe now: each medium whose newest entry says it was taken. */
export async function mediaOut(knex: Knex): Promise<MediumOut[]> {
  const rows: (MediumOut & { action: string })[] = await knex.raw(`
    SELECT u.medium, u.happened_at AS at, u.action, ${person('p')} AS staffName, u.purpose
    FROM backup_medium_use u LEFT JOIN staff p ON p.id = u.person_id
    ORDER BY u.happened_at, u.id`);
  const last = new Map<string, MediumOut & { action: string }>();
  for (const r of rows) last.set(mediumKey(r.medium), r);
  return [...last.values()].filter((r) => r.action === 'taken').map(({ action: _a, ...r }) => r);
}
