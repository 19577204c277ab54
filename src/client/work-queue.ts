// client-go's rate-limited work queue: a queue, a dirty set and a processing set. Adding a key
// that is already waiting does nothing; adding a key that a worker is processing marks it dirty
// and it is queued again when that worker calls done(), so one key is never processed by two
// workers at once (which matters in Node too: awaits interleave).
import type { Clock, TimerHandle } from '../util/clock.ts';
import type { WorkQueue } from './contract.ts';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

export interface WorkQueueOptions<K> {
  readonly clock: Clock;
  /** Defaults to defaultControllerRateLimiter. */
  readonly rateLimiter?: RateLimiter<K>;
}

export class RateLimitedWorkQueue<K> implements WorkQueue<K> {
  private readonly queue: K[] = [];
  /** Keys that need processing: waiting in the queue, or re-added while being processed. */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiters: Array<(key: K | undefined) => void> = [];
  /** addAfter's pending keys: the earliest time each is due, and its timer. */
  private readonly delayed = new Map<K, { at: number; timer: TimerHandle }>();
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<K>;

  constructor(options: WorkQueueOptions<K>) {
    this.clock = options.clock;
    this.limiter = options.rateLimiter ?? defaultControllerRateLimiter<K>(options.clock);
  }

  get length(): number {
    return this.queue.length;
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.handOut();
  }

  addAfter(key: K, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    // Already waiting to be added sooner: keep the earlier time, as client-go does.
    if (pending && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, timer });
  }

  addRateLimited(key: K): void {
    this.addAfter(key, this.limiter.when(key));
  }

  forget(key: K): void {
    this.limiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.limiter.numRequeues(key);
  }

  get(): Promise<K | undefined> {
    const key = this.take();
    if (key !== undefined || this.shuttingDown) return Promise.resolve(key);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.handOut();
    }
  }

  /** Stops accepting keys; get() hands out what is queued, then resolves undefined. */
  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) timer.cancel();
    this.delayed.clear();
    for (const resolve of this.waiters.splice(0)) resolve(undefined);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private take(): K | undefined {
    if (this.queue.length === 0) return undefined;
    const key = this.queue.shift()!;
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  private handOut(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) this.waiters.shift()!(this.take());
  }
}

export function createWorkQueue<K = string>(options: WorkQueueOptions<K>): RateLimitedWorkQueue<K> {
  return new RateLimitedWorkQueue<K>(options);
}
