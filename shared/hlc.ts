// Hybrid logical clock (Kulkarni et al.): orders changes made on computers whose wall
// clocks disagree. A timestamp is wall milliseconds + a counter + the node id, encoded
// as a fixed-width string that sorts in causal order.
//
// Lessons applied (../shared/LESSONS.md, Actual Budget): the counter is 32 bits, not 16;
// a remote clock too far in the future is rejected instead of adopted; and the clock
// object never advances on its own — callers commit the value they got from `peekNext`
// only after their transaction commits (`commit`).

export interface Hlc {
  readonly millis: number;
  readonly counter: number;
  readonly node: string;
}

export const MAX_COUNTER = 0xffffffff;
/** Remote clocks more than this far ahead of our wall clock are quarantined. */
export const DEFAULT_MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

export class ClockDriftError extends Error {
  constructor(readonly remote: Hlc, readonly localWallMs: number) {
    super(`remote clock ${formatHlc(remote)} is ${remote.millis - localWallMs} ms ahead of the local wall clock`);
  }
}

export function formatHlc(h: Hlc): string {
  return `${new Date(h.millis).toISOString()}-${h.counter.toString(16).padStart(8, '0')}-${h.node}`;
}

const HLC_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{8})-(.+)$/;

export function parseHlc(s: string): Hlc {
  const m = HLC_RE.exec(s);
  if (!m) throw new Error(`not a hybrid logical clock value: ${s}`);
  const millis = Date.parse(m[1]!);
  if (!Number.isFinite(millis)) throw new Error(`not a hybrid logical clock value: ${s}`);
  return { millis, counter: parseInt(m[2]!, 16), node: m[3]! };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.millis !== b.millis) return a.millis < b.millis ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** The timestamp that follows `last` for a local event at wall time `wallMs`. */
export function nextLocal(last: Hlc, wallMs: number): Hlc {
  if (wallMs > last.millis) return { millis: wallMs, counter: 0, node: last.node };
  if (last.counter >= MAX_COUNTER) return { millis: last.millis + 1, counter: 0, node: last.node };
  return { millis: last.millis, counter: last.counter + 1, node: last.node };
}

/** The local timestamp after receiving `remote` (throws ClockDriftError when it is too far ahead). */
export function nextOnReceive(last: Hlc, remote: Hlc, wallMs: number, maxDriftMs = DEFAULT_MAX_DRIFT_MS): Hlc {
  if (remote.millis - wallMs > maxDriftMs) throw new ClockDriftError(remote, wallMs);
  const millis = Math.max(last.millis, remote.millis, wallMs);
  let counter: number;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { millis: millis + 1, counter: 0, node: last.node };
  return { millis, counter, node: last.node };
}

/**
 * A clock for one node. `peekNext` proposes timestamps without moving the clock;
 * `commit` moves it once the change that used them is durable.
 */
export class HybridClock {
  private last: Hlc;
  constructor(node: string, last: Hlc | null, private readonly wall: () => number = Date.now) {
    this.last = last && last.node === node ? last : { millis: last?.millis ?? 0, counter: last?.counter ?? 0, node };
  }

  get current(): Hlc {
    return this.last;
  }

  /** `n` consecutive timestamps after the current one. */
  peekNext(n: number): Hlc[] {
    const out: Hlc[] = [];
    let h = this.last;
    const now = this.wall();
    for (let i = 0; i < n; i++) {
      h = nextLocal(h, now);
      out.push(h);
    }
    return out;
  }

  commit(h: Hlc): void {
    if (compareHlc(h, this.last) > 0) this.last = h;
  }

  /**
   * Moves past a remote clock that was applied (the caller bounded its drift first), so
   * that every later local change sorts after it.
   */
  receive(remote: Hlc): void {
    if (remote.millis > this.last.millis || (remote.millis === this.last.millis && remote.counter > this.last.counter)) {
      this.last = { millis: remote.millis, counter: remote.counter, node: this.last.node };
    }
  }
}
