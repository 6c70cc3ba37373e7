// Open sync conflicts settled as a person would, keeping the value the journal shows now:
// the e2e run shares one database, and a conflict a test makes on purpose keeps the sync
// indicator at «внимание» for every test after it.
import type { Page } from '@playwright/test';

/** Resolves every open conflict listed for the signed-in user (the lesson's teacher: those of their lessons); returns how many. */
export function settleOpenConflicts(page: Page): Promise<number> {
  return page.evaluate(async () => {
    type Result<T> = { ok: true; value: T } | { ok: false; error: { message: string } };
    type Conflict = { id: string; table: string; field: string; current: unknown; values: { hlc: string; value: unknown }[] };
    const bridge = (window as unknown as { journal: { invoke<T>(m: string, a: unknown): Promise<Result<T>> } }).journal;
    const open = await bridge.invoke<Conflict[]>('sync.conflicts', { status: 'open' });
    if (!open.ok) throw new Error(open.error.message);
    for (const c of open.value) {
      const kept = c.values.find((v) => JSON.stringify(v.value) === JSON.stringify(c.current)) ?? c.values[0];
      if (!kept) continue;
      const r = await bridge.invoke('sync.resolveConflict', { id: c.id, hlc: kept.hlc, note: 'e2e: the conflict of a finished test' });
      if (!r.ok) throw new Error(`${c.table}.${c.field}: ${r.error.message}`);
    }
    return open.value.length;
  });
}
