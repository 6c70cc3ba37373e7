// What the author of a change had seen of a field: a version vector. For every computer,
// the newest clock of that field (and of its row's creation) its author's computer held
// when the change was made, written into the entry's base_hlc as 'v:<clock> <clock> …'
// (each clock ends with its computer's id, shared/hlc.ts). One entry has seen another
// exactly when its vector reaches the other's clock for the other's computer — unlike a
// single "seen up to" clock, which takes an offline computer's later edit for having seen
// a value from elsewhere clocked before it (issue 12). An entry written before vectors
// (a bare clock) has seen every change up to that clock.
const PREFIX = 'v:';

/** The computer a clock belongs to: its last part. */
export function nodeOfHlc(hlc: string): string {
  return hlc.slice(hlc.lastIndexOf('-') + 1);
}

/** The vector of the clocks given (any number per computer): its newest per computer; null when empty. */
export function formatBase(hlcs: Iterable<string>): string | null {
  const newest = new Map<string, string>();
  for (const h of hlcs) {
    if (!h) continue;
    const n = nodeOfHlc(h);
    const had = newest.get(n);
    if (!had || h > had) newest.set(n, h);
  }
  return newest.size === 0 ? null : PREFIX + [...newest.values()].sort().join(' ');
}

/** The clocks of a version vector (empty for a bare clock of an entry written before vectors, or none). */
export function vectorClocks(base: string | null): string[] {
  return base?.startsWith(PREFIX) ? base.slice(PREFIX.length).split(' ').filter(Boolean) : [];
}

/** Whether an entry with this base had seen the change clocked `hlc`. */
export function sawFn(base: string | null): (hlc: string) => boolean {
  if (!base) return () => false;
  if (!base.startsWith(PREFIX)) return (hlc) => base >= hlc;
  const newest = new Map<string, string>();
  for (const h of vectorClocks(base)) newest.set(nodeOfHlc(h), h);
  return (hlc) => {
    const h = newest.get(nodeOfHlc(hlc));
    return h !== undefined && h >= hlc;
  };
}

/**
 * A field's value as an author saw it: from the journal's history (newest first, creations
 * included), the newest value among the changes `saw` covers; undefined when they had seen
 * none.
 */
export function valueSeenIn(history: readonly { hlc: string; field: string; new_value: string }[], field: string, saw: (hlc: string) => boolean): string | number | null | undefined {
  for (const h of history) {
    if (!saw(h.hlc)) continue;
    const v: unknown = JSON.parse(h.new_value);
    if (h.field === field) return v as string | number | null;
    if (h.field === '*') {
      const created = (v as Record<string, string | number | null>)[field];
      if (created !== undefined) return created;
    }
  }
  return undefined;
}
