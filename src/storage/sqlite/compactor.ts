// Compaction with etcd's semantics: after compact(C), every read at C or later still works and
// every read needing an earlier revision fails with CompactedError, as does a watch from a
// revision below C (its first event's prevKv would be older than C).
//
// 1. The new compacted revision is committed to `meta` first (durably) and published in memory,
//    so from that moment reads below C fail, before any row is gone.
// 2. Then the rows nobody can ask for any more are deleted in small transactions, one event
//    loop turn apart, so writers interleave with a long compaction instead of stalling behind
//    it (kine's one big DELETE stalls k3s for seconds on large databases). Each row R with
//    id <= C supersedes its predecessor (prev_revision), which goes; R itself goes too if it is
//    a tombstone below C. What stays is each live key's newest version <= C (reads at C and
//    later need it, and it is the prevKv of the key's next event) and everything after C.
// 3. `compact_progress` records, in the same transactions, how far step 2 got, so a restart
//    resumes it and each compaction only scans the rows written since the previous one.
import { FutureRevisionError } from '../errors.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';
import type { Db } from './schema.ts';
import type { LogStatements } from './statements.ts';

/** What the compactor reads from, and tells, the store. */
export interface CompactionTarget {
  currentRevision(): number;
  compactedRevision(): number;
  /** Called once the new compacted revision is durable, before any row is deleted. */
  setCompactedRevision(revision: number): void;
}

/** Rows examined per delete transaction. */
const DEFAULT_BATCH_ROWS = 500;

export class Compactor {
  /** The physical compaction in flight (or the last one); each new one chains after it. */
  private tail: Promise<void> = Promise.resolve();
  private stopping = false;
  private timer: TimerHandle | undefined;
  private readonly deleteBatch: (lo: number, hi: number, until: number) => void;

  constructor(
    db: Db,
    private readonly statements: LogStatements,
    private readonly target: CompactionTarget,
    private readonly batchRows = DEFAULT_BATCH_ROWS,
  ) {
    this.deleteBatch = db.transaction((lo: number, hi: number, until: number) => {
      // Order matters: the superseded rows are found through rows lo..hi, tombstones included.
      statements.deleteSuperseded(lo, hi);
      statements.deleteTombstones(lo, Math.min(hi, until - 1));
      // A tombstone at `until` stays for now, so the next compaction scans from it again.
      statements.setMeta('compact_progress', Math.min(hi + 1, until));
    });
  }

  /**
   * Compacts to `revision`. Resolves when the rows it frees are deleted; reads below it fail
   * as soon as this is called. At or below the compacted revision it is a no-op (that still
   * waits for a compaction already running).
   */
  compact(revision: number): Promise<void> {
    const current = this.target.currentRevision();
    if (revision > current) return Promise.reject(new FutureRevisionError(revision, current));
    if (revision > this.target.compactedRevision()) {
      try {
        // One autocommitted statement: durable (synchronous=FULL) when it returns.
        this.statements.setMeta('compacted', revision);
      } catch (error) {
        return Promise.reject(error);
      }
      this.target.setCompactedRevision(revision);
      this.schedulePhysical();
      return this.tail;
    }
    // A no-op still waits for the compaction in flight, but does not inherit its failure.
    return this.tail.catch(() => undefined);
  }

  /** Finishes a physical compaction a previous process was interrupted in. */
  resume(): void {
    if (this.statements.getMeta('compact_progress') < this.target.compactedRevision()) this.schedulePhysical();
  }

  /**
   * Every `intervalMs`, compacts to the revision that was current one interval earlier, as
   * kube-apiserver does (every 5 minutes by default): watchers and paged lists get at least a
   * full interval of history, and the log stays near (live keys + one interval of writes).
   */
  startPeriodic(clock: Clock, intervalMs: number): void {
    let previous = this.target.currentRevision();
    const tick = (): void => {
      const revision = previous;
      previous = this.target.currentRevision();
      // A failed periodic compaction is retried by the next tick, which compacts further.
      if (revision > this.target.compactedRevision()) this.compact(revision).catch(() => undefined);
      this.timer = clock.setTimeout(tick, intervalMs);
    };
    this.timer = clock.setTimeout(tick, intervalMs);
  }

  /** Stops the timer and lets the running compaction end after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timer?.cancel();
    await this.tail.catch(() => undefined);
  }

  private schedulePhysical(): void {
    this.tail = this.tail.catch(() => undefined).then(() => this.runPhysical());
    // Nobody may be waiting (resume, periodic ticks): a failure is then only reported to later
    // compact() calls, never an unhandled rejection. The next compaction retries the work.
    this.tail.catch(() => undefined);
  }

  private async runPhysical(): Promise<void> {
    // Reads the target when it runs, not when queued: chained compactions collapse into one.
    const until = this.target.compactedRevision();
    let lo = this.statements.getMeta('compact_progress');
    while (lo <= until && !this.stopping) {
      const hi = Math.min(lo + this.batchRows - 1, until);
      this.deleteBatch(lo, hi, until);
      lo = hi + 1;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
