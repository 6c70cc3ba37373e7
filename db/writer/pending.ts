// What a job of the writer makes true only when its transaction commits: the clock moves
// to its last entry (or past the other computers' entries it applied), the writer knows
// where the change log ends, the author's chain has a new head. Until then it waits here;
// a job that fails leaves nothing behind. One job at a time (queue.ts), so one of these.
import type { Hlc } from '../../shared/hlc';
import type { WriterClock } from './clock';
import type { WriteQueue } from './queue';
import type { ChainHead, Signer } from './signer';

/** Who takes each value after the commit. */
export interface PendingOwners {
  readonly clock: WriterClock;
  readonly queue: WriteQueue;
  readonly signer: Signer;
}

export class PendingCommit {
  /** The clock value of the job's last entry. */
  private last: Hlc | null = null;
  /** The newest clock of other computers' entries the job applied. */
  private received: string | null = null;
  /** The seq of the last change_log entry once the job commits. */
  private logEnd: number | null = null;
  /** The author's chain head after the job's change set. */
  private head: ChainHead | null = null;

  constructor(private readonly owners: PendingOwners) {}

  /** A write's entries, stamped up to `last`, end the change log at `logEnd`; `head`: its signature's chain head. */
  wrote(last: Hlc | null, logEnd: number, head: ChainHead | null): void {
    this.last = last;
    this.logEnd = logEnd;
    this.head = head;
  }

  /** Other computers' entries, up to the clock `received`, were applied; the change log ends at `logEnd`. */
  applied(received: string | null, logEnd: number): void {
    this.received = received;
    this.logEnd = logEnd;
  }

  /** Runs a job: what it leaves pending takes effect when it succeeds, and is dropped when it fails. */
  async around<T>(job: () => Promise<T>): Promise<T> {
    this.discard();
    try {
      const result = await job();
      this.commit();
      return result;
    } finally {
      this.discard();
    }
  }

  private commit(): void {
    const { clock, queue, signer } = this.owners;
    if (this.last) clock.commit(this.last);
    if (this.received) clock.receive(this.received);
    if (this.logEnd !== null) queue.knownSeq = this.logEnd;
    if (this.head) signer.advance(this.head);
  }

  private discard(): void {
    this.last = null;
    this.received = null;
    this.logEnd = null;
    this.head = null;
  }
}
