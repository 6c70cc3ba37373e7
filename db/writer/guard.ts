// The rule book's check of a signed-in user's change (db/rules/book.ts through
// db/sync/authority.ts), before the writer touches any row, so that the rules see the
// journal as it was. The keystroke's one-script path (fast-path.ts) does not come here: its
// method checked the same relationship (service/journal/lesson-access.ts) on the row it
// read; a write that falls back to the usual way is checked.
import { queryAll, type RawConnection } from '../connection';
import type { FieldValue, JournalTable } from '../schema';
import { normalize } from './entries';
import { readRows } from './read-for-write';
import { rowKey, WriteError, type Actor, type LogEntry, type RowChange, type WriteGuard, type WriteOptions } from './types';

/** From this many changes on, their rows are read a few hundred at a time, not one by one. */
const BULK_FROM = 16;

/** The rows of the changes, by rowKey, read in bulk. */
async function currentRows(conn: RawConnection, changes: readonly RowChange[]): Promise<Map<string, Record<string, FieldValue>>> {
  const ids = new Map<JournalTable, Set<string>>();
  for (const c of changes) {
    let set = ids.get(c.table);
    if (!set) ids.set(c.table, (set = new Set()));
    set.add(c.id);
  }
  const out = new Map<string, Record<string, FieldValue>>();
  for (const [table, set] of ids) for (const r of await readRows(conn, table, [...set])) out.set(rowKey(table, r.id as string), r);
  return out;
}

export async function checkRules(guard: WriteGuard | null, conn: RawConnection, node: string, actor: Actor, changes: readonly RowChange[], opts: WriteOptions): Promise<void> {
  if (!guard || !actor.userId) return;
  const entries: LogEntry[] = [];
  const bulk = !opts.always && changes.length >= BULK_FROM ? await currentRows(conn, changes) : null;
  for (const c of changes) {
    // Only the fields that change are the author's change (the writer logs only those).
    const [current] = opts.always ? [] : bulk ? [bulk.get(rowKey(c.table, c.id))] : await queryAll<Record<string, FieldValue>>(conn, `SELECT * FROM "${c.table}" WHERE "id" = ?`, [c.id]);
    for (const [field, v] of Object.entries(c.set)) {
      if (v === undefined) continue;
      const value = normalize(c.table, field, v);
      if (current && current[field] === value) continue;
      entries.push({
        hlc: '', change_set_id: '', node_id: node, user_id: actor.userId, table_name: c.table, row_id: c.id, field,
        old_value: null, new_value: JSON.stringify(value), base_hlc: null, reason: '', recorded_at: '', chain_hash: null, signature: null,
      });
    }
  }
  if (entries.length === 0) return;
  const why = await guard(conn, entries);
  if (why) throw new WriteError('FORBIDDEN', why);
}
