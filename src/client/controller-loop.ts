// The worker loop every controller runs: take a key, sync it, and on failure retry it
// rate-limited up to maxRetries times before dropping it (client-go's processNextWorkItem +
// handleErr).
import type { WorkQueue } from './contract.ts';

export interface WorkerLoopOptions<K> {
  /** For error messages. */
  readonly name: string;
  readonly queue: WorkQueue<K>;
  readonly workers: number;
  sync(key: K): Promise<void>;
  /** Retries after the first failure before the key is dropped (client-go controllers use 15). */
  readonly maxRetries: number;
  /** Called when a key is dropped after maxRetries failures, with the last error. */
  onDrop?(key: K, error: unknown): void;
  /** Called on every failed sync that will be retried (for logs). */
  onRetry?(key: K, error: unknown): void;
}

/** Runs `workers` workers until `signal` aborts, then shuts the queue down and waits for in-flight syncs. */
export async function runWorkers<K>(options: WorkerLoopOptions<K>, signal: AbortSignal): Promise<void> {
  const { queue } = options;
  const shutDown = () => queue.shutDown();
  if (signal.aborted) shutDown();
  else signal.addEventListener('abort', shutDown, { once: true });
  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      // After an abort, keys still queued are not synced: the queue only drains.
      if (signal.aborted) {
        queue.done(key);
        continue;
      }
      try {
        await options.sync(key);
        queue.forget(key);
      } catch (error) {
        if (queue.numRequeues(key) < options.maxRetries) {
          options.onRetry?.(key, error);
          queue.addRateLimited(key);
        } else {
          queue.forget(key);
          options.onDrop?.(key, error);
        }
      } finally {
        queue.done(key);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, worker));
  } finally {
    signal.removeEventListener('abort', shutDown);
  }
}
