// The worker loop every controller runs: take a key, sync it, and on failure retry it
// rate-limited up to maxRetries times before dropping it (client-go's processNextWorkItem +
// handleErr).
import type { Logger } from 'pino';
import type { WorkQueue } from './contract.ts';

export interface WorkerLoopOptions<K> {
  /** For error messages. */
  readonly name: string;
  readonly queue: WorkQueue<K>;
  readonly workers: number;
  sync(key: K): Promise<void>;
  /** Retries after the first failure before the key is dropped (client-go controllers use 15). */
  readonly maxRetries: number;
  /** Failed syncs that will be retried are logged at debug; a key given up on, at warn. */
  readonly log: Pick<Logger, 'debug' | 'warn'>;
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
          options.log.debug({ key, err: error }, `${options.name}: sync failed, retrying`);
          queue.addRateLimited(key);
        } else {
          queue.forget(key);
          // As upstream: the key is dropped until an informer event brings it back.
          options.log.warn({ key, err: error, retries: options.maxRetries }, `${options.name}: sync keeps failing, giving up on this key`);
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
