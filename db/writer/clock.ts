// The writer's clock: this computer's node id, its wall clock corrected against the
// share's (db/sync/clock.ts), and the hybrid logical clock (shared/hlc.ts) that stamps
// every entry. The clock never moves on its own: entries are stamped with the values that
// follow it, and it moves to them only after their transaction commits (pending.ts).
import { formatHlc, HybridClock, parseHlc, type Hlc } from '../../shared/hlc';
import type { LogEntry } from './types';

export class WriterClock {
  private node: string;
  private hlc: HybridClock;
  /** Correction of this computer's wall clock, measured against the share's (milliseconds). */
  private offsetMs = 0;

  constructor(nodeId: string, last: Hlc | null, private readonly wall: () => number) {
    this.node = nodeId;
    this.hlc = new HybridClock(nodeId, last, () => this.now());
  }

  get nodeId(): string {
    return this.node;
  }

  /** The corrected wall clock of this computer (milliseconds). */
  now(): number {
    return this.wall() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  set offset(ms: number) {
    this.offsetMs = ms;
  }

  /** The last clock value committed (or received). */
  get last(): Hlc {
    return this.hlc.current;
  }

  /** Takes a new node id (a cloned database was detected: db/sync/identity.ts); the clock goes on from where it stands. */
  rename(nodeId: string): void {
    this.node = nodeId;
    this.hlc = new HybridClock(nodeId, this.hlc.current, () => this.now());
  }

  /** Gives the entries the clock values that follow the clock, in order; the last one (null when none). */
  stamp(entries: readonly LogEntry[]): Hlc | null {
    if (entries.length === 0) return null;
    const hlcs = this.hlc.peekNext(entries.length);
    for (let i = 0; i < entries.length; i++) entries[i]!.hlc = formatHlc(hlcs[i]!);
    return hlcs[hlcs.length - 1]!;
  }

  /** After the commit of entries stamped up to `last`. */
  commit(last: Hlc): void {
    this.hlc.commit(last);
  }

  /** After the commit of other computers' entries up to `remote`: later local entries sort after it. */
  receive(remote: string): void {
    this.hlc.receive(parseHlc(remote));
  }
}
