// Waiting on the injected clock, cut short by an abort signal.
import type { Clock } from '../util/clock.ts';

/** Resolves after `ms` on `clock`, or as soon as `signal` aborts (never rejects). */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      timer.cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * client-go's backoff manager: the delay doubles from `initialMs` up to `maxMs`, and starts over
 * once `resetAfterMs` has passed since the previous backoff (the loop was healthy meanwhile).
 */
export class Backoff {
  private delayMs = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = 800,
    private readonly maxMs = 30_000,
    private readonly resetAfterMs = 120_000,
  ) {}

  next(): number {
    const now = this.clock.now();
    this.delayMs = now - this.lastAt > this.resetAfterMs ? this.initialMs : Math.min(this.maxMs, this.delayMs * 2);
    this.lastAt = now;
    return this.delayMs;
  }
}
