// Keeps the store's history bounded, as kube-apiserver does for etcd: every interval, compact
// to the revision that was current one interval ago, so watchers and paged lists always have at
// least one interval of history. Several API servers may run this against one etcd: compacting
// to a revision already compacted is a no-op.
import type { Store } from '../storage/store.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';

export class HistoryCompactor {
  private timer: TimerHandle | undefined;
  private previous: number | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onProblem: (message: string, error: unknown) => void = () => {},
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** One round: compact to what was current last round, then remember what is current now. */
  async tick(): Promise<void> {
    try {
      if (this.previous !== undefined) await this.store.compact(this.previous);
      this.previous = await this.store.currentRevision();
    } catch (error) {
      this.onProblem('history compaction failed; retrying next interval', error);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      void this.tick().then(() => this.schedule());
    }, this.intervalMs);
  }
}
