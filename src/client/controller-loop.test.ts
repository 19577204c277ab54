import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../util/clock.ts';
import { runWorkers } from './controller-loop.ts';
import { exponentialFailureRateLimiter } from './rate-limiter.ts';
import { createWorkQueue } from './work-queue.ts';

const quiet = { debug: () => {}, warn: () => {} };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runWorkers', () => {
  it('forgets a key that synced, retries a failing one rate-limited, and drops it after maxRetries', async () => {
    const clock = new FakeClock();
    const queue = createWorkQueue<string>({ clock, rateLimiter: exponentialFailureRateLimiter(10, 1_000) });
    const attempts = new Map<string, number>();
    const dropped: Array<[string, string]> = [];
    const stop = new AbortController();
    const running = runWorkers(
      {
        name: 'test',
        queue,
        workers: 2,
        maxRetries: 3,
        sync: async (key) => {
          attempts.set(key, (attempts.get(key) ?? 0) + 1);
          if (key === 'bad') throw new Error(`cannot sync ${key}`);
        },
        log: {
          debug: () => {},
          warn: (fields: { key: string; err: Error }) => dropped.push([fields.key, fields.err.message]),
        } as never,
      },
      stop.signal,
    );
    queue.add('good');
    queue.add('bad');
    for (let i = 0; i < 10; i++) {
      await tick();
      clock.advance(1_000);
    }
    assert.equal(attempts.get('good'), 1);
    assert.equal(attempts.get('bad'), 4, 'the first try and 3 retries');
    assert.deepEqual(dropped, [['bad', 'cannot sync bad']]);
    assert.equal(queue.numRequeues('bad'), 0, 'forgotten once dropped');
    stop.abort();
    await running;
  });

  it('on abort, waits for the sync in flight and syncs nothing more', async () => {
    const queue = createWorkQueue<string>({ clock: new FakeClock() });
    const stop = new AbortController();
    let release!: () => void;
    const finished: string[] = [];
    const running = runWorkers(
      {
        name: 'test',
        queue,
        workers: 1,
        maxRetries: 5,
        sync: async (key) => {
          await new Promise<void>((resolve) => (release = resolve));
          finished.push(key);
        },
        log: quiet,
      },
      stop.signal,
    );
    queue.add('first');
    queue.add('second');
    await tick();
    stop.abort();
    let settled = false;
    void running.then(() => (settled = true));
    await tick();
    assert.equal(settled, false, 'still waiting for the sync in flight');
    release();
    await running;
    assert.deepEqual(finished, ['first']);
  });
});
