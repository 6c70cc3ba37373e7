// The writer's jobs, one at a time, and what it knows of the tables it writes.
//
// Jobs (a write, an apply of other computers' entries, a bulk insert) run in the order
// they were given, each after the one before has finished, successful or not.
//
// Because every change to journal data goes through a writer (the sync applies remote
// changes through it too), the writer knows when a table changed: `version(table)` grows
// when a job that writes to it begins and again when it ends, so a value read while a write
// is in flight is never taken for current; callers cache what they read from small, rarely
// changed tables against it (the regulation profile, the signed-in staff). Changes
// committed by another process on the same file (the `journal` CLI, through its own writer)
// show as change_log entries this writer did not write: `knownSeq` is the last seq it knows
// of, and when the log has grown past it (noticed, or a gap before its own appended
// entries) every table's version grows.
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Jobs begun and ended per table (see version()). */
  private readonly writes = new Map<string, number>();
  /** Grows when another process's commits are noticed; part of every table's version. */
  private others = 0;
  /** The last change_log seq this writer knows of (its own or noticed); null: unknown. */
  knownSeq: number | null;

  /** `onOthers`: what else to forget when another process wrote (signer.ts: chain heads). */
  constructor(knownSeq: number | null, private readonly onOthers: () => void) {
    this.knownSeq = knownSeq;
  }

  /** Runs `job` after every job given before; the tables it writes change version as it begins and ends. */
  run<T>(tables: Iterable<string>, job: () => Promise<T>): Promise<T> {
    const touched = [...tables];
    const run = async (): Promise<T> => {
      this.touch(touched);
      try {
        return await job();
      } finally {
        this.touch(touched);
      }
    };
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** A number that grows whenever `table` may have changed (see above). */
  version(table: string): number {
    return (this.writes.get(table) ?? 0) + this.others;
  }

  touch(tables: Iterable<string>): void {
    for (const t of tables) this.writes.set(t, (this.writes.get(t) ?? 0) + 1);
  }

  /** Another process committed: every table's version grows. */
  othersWrote(): void {
    this.others++;
    this.onOthers();
  }

  /** This writer's entries were appended from seq `first` on: a gap after knownSeq is another process's. */
  appendedFrom(first: number): void {
    if (this.knownSeq === null || first - 1 !== this.knownSeq) this.othersWrote();
  }

  /** The change log ends at `seq` (read just now): true when it grew past what this writer knew of. */
  noticed(seq: number): boolean {
    if (seq === this.knownSeq) return false;
    const known = this.knownSeq !== null;
    if (known) this.othersWrote();
    this.knownSeq = seq;
    return known;
  }

  /**
   * A read the caller made anyway saw the log end at `logEnd` (READ_FOR_WRITE.logEnd). True
   * when this writer knew of every entry up to there, so that whatever was cached against
   * version() was current at that read; otherwise every table's version grows, and false.
   */
  confirmLogEnd(logEnd: number): boolean {
    if (this.knownSeq !== null && logEnd <= this.knownSeq) return true;
    this.othersWrote();
    this.knownSeq = logEnd;
    return false;
  }
}
