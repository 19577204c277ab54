// The consumer side of one watch, shared by every backend: a bounded queue of events that the
// backend pushes into synchronously and the consumer drains with `for await`.
//
// The backend never waits for the consumer. When the queue is full the watch ends with
// CompactedError (the consumer must relist), exactly like a watcher etcd cancels for being too
// slow; the writer's cost is one array push per event either way.
import { CompactedError } from './errors.ts';
import { DEFAULT_MAX_BUFFERED_EVENTS, type Watch, type WatchEvent } from './store.ts';

type Ending = { readonly kind: 'closed' } | { readonly kind: 'failed'; readonly error: unknown };

export class WatchQueue implements Watch {
  /** Events not yet taken start at `head`; taken slots are cleared. */
  private buffer: (WatchEvent | undefined)[] = [];
  private head = 0;
  private ending: Ending | undefined;
  private waiter: ((result: IteratorResult<WatchEvent>) => void) | undefined;
  private failWaiter: ((error: unknown) => void) | undefined;
  private lastRevision: number;

  /**
   * @param sinceRevision the watch delivers events after this revision; used to report how far
   *   a consumer got when it overflows.
   * @param onClose called once when the watch ends for any reason, so the backend can forget it.
   */
  constructor(
    sinceRevision: number,
    private readonly onClose: () => void,
    private readonly maxBuffered = DEFAULT_MAX_BUFFERED_EVENTS,
  ) {
    this.lastRevision = sinceRevision;
  }

  /** True once the watch has ended; pushes after that are ignored. */
  get ended(): boolean {
    return this.ending !== undefined;
  }

  /** The revision of the last event accepted into the queue (or sinceRevision). */
  get revision(): number {
    return this.lastRevision;
  }

  /** Offers one event. Ends the watch with CompactedError if the consumer is too far behind. */
  push(event: WatchEvent): void {
    if (this.ending) return;
    this.lastRevision = event.revision;
    if (this.waiter) {
      const resolve = this.waiter;
      this.clearWaiter();
      resolve({ value: event, done: false });
      return;
    }
    if (this.buffer.length - this.head >= this.maxBuffered) {
      this.fail(new CompactedError(event.revision, event.revision, 'watcher fell too far behind and was ended'));
      return;
    }
    this.buffer.push(event);
  }

  /** Ends the watch with an error, after the consumer has drained what is buffered. */
  fail(error: unknown): void {
    if (this.ending) return;
    this.finish({ kind: 'failed', error });
  }

  close(): void {
    if (this.ending) return;
    this.buffer = [];
    this.head = 0;
    this.finish({ kind: 'closed' });
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return {
      next: () => this.next(),
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<WatchEvent>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head] as WatchEvent;
      // A taken event must not stay reachable from here: events carry whole values (twice, with
      // prevKv), and a tail of them lingering until the next trim outlived two young-generation
      // collections, so under steady writes they filled the old generation.
      this.buffer[this.head++] = undefined;
      if (this.head === this.buffer.length) {
        this.buffer = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ending?.kind === 'failed') return Promise.reject(this.ending.error);
    if (this.ending) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }

  private finish(ending: Ending): void {
    this.ending = ending;
    const resolve = this.waiter;
    const reject = this.failWaiter;
    this.clearWaiter();
    if (ending.kind === 'failed' && reject) reject(ending.error);
    else resolve?.({ value: undefined, done: true });
    this.onClose();
  }

  private clearWaiter(): void {
    this.waiter = undefined;
    this.failWaiter = undefined;
  }
}
