// Screens that show journal data follow the sync (issue 17, point 10): one poller for the
// whole window asks the service where this computer's change log ends and whether changes
// from other computers arrived since (journal.changes: one cheap read), every 2 s — well
// within one sync cycle (5 s) — and tells the screens that subscribed. It runs only while
// a screen is subscribed; a failed ask (a locked session) is simply asked again later.
import { useEffect, useRef } from 'react';
import { call } from '../api';

export const SYNC_POLL_MS = 2000;

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
/** Where the change log ended at the last answer (undefined: not asked yet). */
let since: number | undefined;
let running = false;

async function poll(): Promise<void> {
  if (running) return;
  running = true;
  try {
    const answer = await call('journal.changes', since === undefined ? {} : { since });
    since = answer.version;
    if (answer.fromOthers) for (const l of [...listeners]) l();
  } catch {
    // Asked again at the next tick.
  } finally {
    running = false;
    if (listeners.size > 0) timer = setTimeout(() => void poll(), SYNC_POLL_MS);
    else timer = null;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer && !running) timer = setTimeout(() => void poll(), since === undefined ? 0 : SYNC_POLL_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/** Calls `onChange` whenever changes from other computers reached this computer's journal. */
export function useSyncChanges(onChange: () => void, enabled = true): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (!enabled) return;
    return subscribe(() => latest.current());
  }, [enabled]);
}
