// Letting the event loop run between pieces of the demo model, which is built on the main
// thread: the writer (write.ts) then hands SQLite its next statements while the model goes
// on. A yield costs microseconds; the model yields about every millisecond of work.
import { setImmediate } from 'node:timers/promises';

/** Lets pending callbacks (the writer's finished statements) run. */
export function yieldNow(): Promise<void> {
  return setImmediate();
}

/** A yield at most every `ms` milliseconds of work: call `maybe()` in a long loop. */
export function yielder(ms = 1): { maybe(): Promise<void> | null } {
  let last = performance.now();
  return {
    maybe() {
      const now = performance.now();
      if (now - last < ms) return null;
      last = now;
      return yieldNow();
    },
  };
}
