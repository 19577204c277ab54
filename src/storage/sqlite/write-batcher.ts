// Group commit. Every write is queued; one setImmediate later the whole queue is applied in a
// single transaction, in call order, and committed with one fsync. Each op then settles on its
// own: a Conflict on one key fails that op only, the rest of the batch is still committed.
//
// better-sqlite3 is synchronous, so while a commit's fsync runs nothing else happens in this
// thread; the callers whose writes just resolved queue their next ones during the following
// microtasks, and those form the next batch. N concurrent writers thus share one fsync per
// round instead of paying one each.
import type { KeyValue, WatchEvent } from '../store.ts';
import type { Db } from './schema.ts';
import type { LogStatements } from './statements.ts';
import { planWrite, type DeleteResult, type WriteOp, type WritePlan } from './write-plan.ts';

export type WriteResult<O extends WriteOp> = O extends { readonly kind: 'delete' } ? DeleteResult : KeyValue;

interface PendingWrite {
  readonly op: WriteOp;
  readonly resolve: (result: KeyValue | DeleteResult) => void;
  readonly reject: (error: unknown) => void;
}

/** Told, synchronously after each commit, the new revision and the events it produced. */
export type CommitListener = (revision: number, events: readonly WatchEvent[]) => void;

/** Enough to amortise the fsync, small enough that one batch never stalls the loop for long. */
const DEFAULT_MAX_BATCH = 1000;

export class WriteBatcher {
  private queue: PendingWrite[] = [];
  private scheduled = false;
  private revision: number;
  private readonly applyBatch: (ops: readonly WriteOp[]) => WritePlan[];

  constructor(
    db: Db,
    statements: LogStatements,
    initialRevision: number,
    private readonly onCommit: CommitListener,
    private readonly maxBatch = DEFAULT_MAX_BATCH,
  ) {
    this.revision = initialRevision;
    // Each op reads its key's newest row inside the transaction, so it sees the rows earlier
    // ops of the same batch inserted (a create then an update of one key works). Revisions
    // are assigned explicitly: only successful ops take one, so they stay gapless.
    this.applyBatch = db.transaction((ops: readonly WriteOp[]): WritePlan[] => {
      let next = this.revision + 1;
      return ops.map((op) => {
        const plan = planWrite(op, statements.latest(op.key), next);
        if (plan.ok) {
          statements.insert(plan.row);
          next++;
        }
        return plan;
      });
    });
  }

  /** The revision of the newest committed write. */
  get currentRevision(): number {
    return this.revision;
  }

  /** How many writes are waiting for the next commit. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues `op`; resolves once the transaction holding it has committed. */
  submit<O extends WriteOp>(op: O): Promise<WriteResult<O>> {
    return new Promise<KeyValue | DeleteResult>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    }) as Promise<WriteResult<O>>;
  }

  /** Commits everything queued, now (used by close). */
  flushAll(): void {
    while (this.queue.length > 0) this.commitNext();
  }

  private flush(): void {
    this.scheduled = false;
    this.commitNext();
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private commitNext(): void {
    const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
    this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
    if (batch.length === 0) return;

    let plans: WritePlan[];
    try {
      plans = this.applyBatch(batch.map((w) => w.op));
    } catch (error) {
      // The transaction rolled back: nothing of this batch exists, so every op fails with the
      // cause (including ops that had planned their own error against rows that are now gone).
      for (const write of batch) write.reject(error);
      return;
    }

    const events: WatchEvent[] = [];
    for (const plan of plans) if (plan.ok) events.push(plan.event);
    try {
      if (events.length > 0) {
        this.revision += events.length;
        this.onCommit(this.revision, events);
      }
    } finally {
      // The batch is durable whatever a listener did: its callers must hear so.
      plans.forEach((plan, i) => {
        const write = batch[i] as PendingWrite;
        if (plan.ok) write.resolve(plan.result);
        else write.reject(plan.error);
      });
    }
  }
}
