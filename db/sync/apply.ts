// Applying other computers' changes to this journal, in one transaction per batch:
// 1. the entries join change_log (appended by db/writer/change-log.ts; an entry already
//    there — same clock — is skipped, so applying twice changes nothing);
// 2. every row they touch is recomputed from its whole history: per field, the entry
//    with the greatest clock wins (a creation entry '*' counts for each field it
//    carries). The result depends only on the set of entries, not on the order they
//    arrived in, so every computer ends with the same journal;
// 3. two entries for one field, neither made after seeing the other (seen.ts: each
//    entry's version vector of what its author had seen), with different values, are a
//    conflict: both stay in change_log and the field is recorded in sync_conflict for a
//    person to resolve, with every value made concurrently — not an author's own values
//    replaced later. An author's later edit that had not seen the other values keeps it
//    open; an entry whose author had seen every competing value (a person resolving it,
//    on any computer) settles it.
import type { LogEntry } from '../journal-writer';
import { ROW_CREATED } from '../journal-writer';
import { execute, queryAll, type RawConnection } from '../connection';
import { appendEntries } from '../writer/change-log';
import { JOURNAL_FIELDS, type FieldValue, type JournalTable } from '../schema';
import { sawFn } from './seen';
import { checkMergeRules } from './merge-rules';

const CHUNK = 400;

export interface ApplyOutcome {
  readonly inserted: number;
  readonly duplicates: number;
  readonly collisions: LogEntry[];
  readonly conflicts: number;
  readonly tables: Set<string>;
  readonly maxHlc: string | null;
}

interface Candidate {
  hlc: string;
  /** Whether this entry's author had seen the change clocked so (seen.ts). */
  saw: (hlc: string) => boolean;
  value: FieldValue;
}

/** Inserts the entries not yet in change_log; returns the new ones and same-clock clashes. */
async function insertNew(conn: RawConnection, entries: readonly LogEntry[]): Promise<{ fresh: LogEntry[]; duplicates: number; collisions: LogEntry[] }> {
  const fresh: LogEntry[] = [];
  const collisions: LogEntry[] = [];
  let duplicates = 0;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    const have = await queryAll<{ hlc: string; row_id: string; field: string; new_value: string }>(conn,
      `SELECT hlc, row_id, field, new_value FROM change_log WHERE hlc IN (${chunk.map(() => '?').join(', ')})`, chunk.map((e) => e.hlc));
    const byHlc = new Map(have.map((h) => [h.hlc, h]));
    const add: LogEntry[] = [];
    for (const e of chunk) {
      const h = byHlc.get(e.hlc);
      if (!h) add.push(e);
      else if (h.row_id === e.row_id && h.field === e.field && h.new_value === e.new_value) duplicates++;
      else collisions.push(e);
    }
    await appendEntries(conn, add);
    fresh.push(...add);
  }
  return { fresh, duplicates, collisions };
}

export function candidatesOf(history: readonly { hlc: string; field: string; base_hlc: string | null; new_value: string }[], fields: readonly string[]): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>(fields.map((f) => [f, []]));
  for (const h of history) {
    const v: unknown = JSON.parse(h.new_value);
    if (h.field === ROW_CREATED) {
      for (const [f, fv] of Object.entries(v as Record<string, FieldValue>)) out.get(f)?.push({ hlc: h.hlc, saw: NOTHING_SEEN, value: fv });
    } else {
      out.get(h.field)?.push({ hlc: h.hlc, saw: sawFn(h.base_hlc), value: v as FieldValue });
    }
  }
  return out;
}

interface HistoryEntry {
  row_id: string;
  hlc: string;
  field: string;
  base_hlc: string | null;
  new_value: string;
}

/** Rows recomputed per round trip: their histories and current values are read together. */
const ROW_CHUNK = 200;
/** Rows per multi-row INSERT. */
const INSERT_ROWS = 100;

/** The whole history and the current value of each row of `chunk`: two queries per table. */
async function readRows(conn: RawConnection, chunk: readonly { table: JournalTable; id: string }[]): Promise<Map<string, Map<string, { history: HistoryEntry[]; current: Record<string, FieldValue> | undefined }>>> {
  const ids = new Map<JournalTable, string[]>();
  for (const { table, id } of chunk) {
    const list = ids.get(table) ?? [];
    list.push(id);
    ids.set(table, list);
  }
  const out = new Map<string, Map<string, { history: HistoryEntry[]; current: Record<string, FieldValue> | undefined }>>();
  for (const [table, list] of ids) {
    const rows = new Map(list.map((id) => [id, { history: [] as HistoryEntry[], current: undefined as Record<string, FieldValue> | undefined }]));
    const marks = list.map(() => '?').join(', ');
    // In the order of the index change_log_row (field, hlc), as a query of one row gives them.
    const history = await queryAll<HistoryEntry>(conn,
      `SELECT row_id, hlc, field, base_hlc, new_value FROM change_log WHERE table_name = ? AND row_id IN (${marks}) ORDER BY row_id, field, hlc`, [table, ...list]);
    for (const h of history) rows.get(h.row_id)!.history.push(h);
    // Table names come from checked entries (segment.ts: isJournalTable).
    for (const r of await queryAll<Record<string, FieldValue>>(conn, `SELECT * FROM "${table}" WHERE id IN (${marks})`, list)) rows.get(String(r.id))!.current = r;
    out.set(table, rows);
  }
  return out;
}

const NOTHING_SEEN = () => false;
const concurrent = (a: Candidate, b: Candidate) => a.hlc !== b.hlc && !a.saw(b.hlc) && !b.saw(a.hlc);

/**
 * The conflict on one field, from its whole history: the values made concurrently that no
 * later change of the same branch replaced (the heads), and the first change made after
 * seeing all of them, which settles it. Null when there is no conflict.
 */
export function conflictOf(list: readonly Candidate[]): { heads: string[]; settledBy: string | null } | null {
  const clash: Candidate[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const x = list[i]!;
      const y = list[j]!;
      if (concurrent(x, y) && JSON.stringify(x.value) !== JSON.stringify(y.value)) {
        if (!clash.includes(x)) clash.push(x);
        if (!clash.includes(y)) clash.push(y);
      }
    }
  }
  if (clash.length === 0) return null;
  // An author's value replaced by a later change that had seen it stays in the history only.
  const heads = clash.filter((x) => !list.some((z) => z !== x && z.saw(x.hlc) && clash.includes(z)));
  const settling = list.filter((c) => heads.every((h) => c.saw(h.hlc))).sort((a, b) => (a.hlc < b.hlc ? -1 : 1))[0];
  return { heads: heads.map((h) => h.hlc).sort(), settledBy: settling?.hlc ?? null };
}

export async function applyEntries(conn: RawConnection, entries: readonly LogEntry[], at: string): Promise<ApplyOutcome> {
  const { fresh, duplicates, collisions } = await insertNew(conn, entries);
  const tables = new Set<string>();
  let conflicts = 0;
  let maxHlc: string | null = null;
  const rows = new Map<string, { table: JournalTable; id: string; fresh: LogEntry[] }>();
  for (const e of fresh) {
    if (maxHlc === null || e.hlc > maxHlc) maxHlc = e.hlc;
    const key = `${e.table_name}\u0000${e.row_id}`;
    const r = rows.get(key) ?? { table: e.table_name as JournalTable, id: e.row_id, fresh: [] };
    r.fresh.push(e);
    rows.set(key, r);
  }
  const open = new Map((await queryAll<{ id: string; hlcs: string }>(conn, `SELECT id, hlcs FROM sync_conflict WHERE status = 'open'`)).map((c) => [c.id, JSON.parse(c.hlcs) as string[]]));

  const touchedRows = [...rows.values()];
  for (let i = 0; i < touchedRows.length; i += ROW_CHUNK) {
    const chunk = touchedRows.slice(i, i + ROW_CHUNK);
    const read = await readRows(conn, chunk);
    const inserts = new Map<string, { table: JournalTable; cols: string[]; rows: FieldValue[][] }>();
    for (const { table, id, fresh: mine } of chunk) {
      const fields = JOURNAL_FIELDS[table] as readonly string[];
      const { history, current } = read.get(table)!.get(id)!;
      const candidates = candidatesOf(history, fields);
      const winners: Record<string, FieldValue> = {};
      for (const [f, list] of candidates) {
        if (list.length === 0) continue;
        winners[f] = list.reduce((a, b) => (b.hlc > a.hlc ? b : a)).value;
      }
      if (!current) {
        // A row waits for its creation entry (from a computer whose segment has not come yet).
        if (!history.some((h) => h.field === ROW_CREATED)) continue;
        // Created below with the chunk's other new rows of the same columns (foreign keys are deferred).
        const cols = Object.keys(winners);
        const key = `${table}\u0000${cols.join(',')}`;
        const group = inserts.get(key) ?? { table, cols, rows: [] };
        group.rows.push([id, ...cols.map((c) => winners[c]!)]);
        inserts.set(key, group);
        tables.add(table);
      } else {
        const changed = Object.keys(winners).filter((f) => current[f] !== winners[f]);
        if (changed.length > 0) {
          await execute(conn, `UPDATE "${table}" SET ${changed.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`, [...changed.map((c) => winners[c]!), id]);
          tables.add(table);
        }
      }
      // Conflicts on the fields the new entries touch.
      const touched = new Set<string>();
      for (const e of mine) {
        if (e.field === ROW_CREATED) for (const f of Object.keys(JSON.parse(e.new_value) as object)) touched.add(f);
        else touched.add(e.field);
      }
      for (const f of touched) {
        // Decided from the field's whole history, so every computer records the same
        // conflict whatever order the entries arrived in.
        const found = conflictOf(candidates.get(f) ?? []);
        if (!found) continue;
        const hlcs = found.heads;
        const settled = found.settledBy;
        const cid = `${table}:${id}:${f}`;
        await execute(conn, `INSERT INTO sync_conflict (id, table_name, row_id, field, hlcs, status, detected_at, resolved_at, resolved_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET hlcs = excluded.hlcs, status = excluded.status, resolved_hlc = excluded.resolved_hlc,
            resolved_at = CASE WHEN excluded.status = 'resolved' THEN coalesce(sync_conflict.resolved_at, excluded.resolved_at) ELSE NULL END`,
        [cid, table, id, f, JSON.stringify(hlcs), settled ? 'resolved' : 'open', at, settled ? at : null, settled]);
        if (!settled && !open.has(cid)) conflicts++;
        if (settled) open.delete(cid);
        else open.set(cid, hlcs);
      }
    }
    for (const { table, cols, rows: values } of inserts.values()) {
      for (let j = 0; j < values.length; j += INSERT_ROWS) {
        const part = values.slice(j, j + INSERT_ROWS);
        const row = `(?, ${cols.map(() => '?').join(', ')})`;
        await execute(conn, `INSERT INTO "${table}" ("id", ${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${part.map(() => row).join(', ')}`, part.flat());
      }
    }
  }
  // Rules that tie fields together, on the merged result (merge-rules.ts).
  const touched = new Map<string, string[]>();
  for (const { table, id } of touchedRows) touched.set(table, [...(touched.get(table) ?? []), id]);
  if (touched.size > 0) conflicts += await checkMergeRules(conn, touched, at);
  return { inserted: fresh.length, duplicates, collisions, conflicts, tables, maxHlc };
}
