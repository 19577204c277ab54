import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../util/clock.ts';
import { exponentialFailureRateLimiter } from './rate-limiter.ts';
import { createWorkQueue } from './work-queue.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('work queue', () => {
  it('deduplicates keys waiting in the queue and hands them out in order', async () => {
    const queue = createWorkQueue<string>({ clock: new FakeClock() });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    assert.equal(queue.length, 2);
    assert.equal(await queue.get(), 'a');
    assert.equal(await queue.get(), 'b');
    assert.equal(queue.length, 0);
  });

  it('re-queues a key added while it is processed only when done() is called', async () => {
    const queue = createWorkQueue<string>({ clock: new FakeClock() });
    queue.add('a');
    const key = await queue.get();
    queue.add('a');
    queue.add('a');
    assert.equal(queue.length, 0, 'not handed to another worker while processing');
    queue.done(key!);
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), 'a');
    queue.done('a');
    assert.equal(queue.length, 0);
  });

  it('never lets two interleaved async workers process the same key at once', async () => {
    const queue = createWorkQueue<string>({ clock: new FakeClock() });
    const active = new Set<string>();
    let overlaps = 0;
    const synced: string[] = [];
    const worker = async () => {
      for (;;) {
        const key = await queue.get();
        if (key === undefined) return;
        if (active.has(key)) overlaps++;
        active.add(key);
        await tick();
        // Handlers keep adding the key while it is being processed.
        if (synced.length < 20) queue.add(key);
        await tick();
        active.delete(key);
        synced.push(key);
        queue.done(key);
      }
    };
    const workers = [worker(), worker(), worker()];
    for (const key of ['a', 'b', 'a', 'c', 'a']) queue.add(key);
    for (let i = 0; i < 200 && synced.length < 25; i++) await tick();
    queue.shutDown();
    await Promise.all(workers);
    assert.equal(overlaps, 0);
    assert.ok(synced.filter((k) => k === 'a').length > 1, 'a was synced again after being re-added');
  });

  it('addAfter adds when the delay passes, earliest first, keeping the sooner of two delays', async () => {
    const clock = new FakeClock();
    const queue = createWorkQueue<string>({ clock });
    queue.addAfter('late', 300);
    queue.addAfter('soon', 100);
    queue.addAfter('soon', 500);
    queue.addAfter('now', 0);
    assert.equal(queue.length, 1);
    clock.advance(99);
    assert.equal(queue.length, 1);
    clock.advance(1);
    assert.equal(queue.length, 2);
    clock.advance(1_000);
    assert.deepEqual([await queue.get(), await queue.get(), await queue.get()], ['now', 'soon', 'late']);
    assert.equal(queue.length, 0, 'the later delay of "soon" did not add it again');
  });

  it('addRateLimited waits as long as the limiter says; forget resets it', () => {
    const clock = new FakeClock();
    const queue = createWorkQueue<string>({ clock, rateLimiter: exponentialFailureRateLimiter(1_000, 60_000) });
    queue.addRateLimited('a');
    clock.advance(999);
    assert.equal(queue.length, 0);
    clock.advance(1);
    assert.equal(queue.length, 1);
    assert.equal(queue.numRequeues('a'), 1);
    queue.forget('a');
    assert.equal(queue.numRequeues('a'), 0);
  });

  it('shutDown hands out what is queued, then resolves get() with undefined and ignores adds', async () => {
    const clock = new FakeClock();
    const queue = createWorkQueue<string>({ clock });
    const waiting = queue.get();
    queue.add('a');
    assert.equal(await waiting, 'a');
    queue.add('b');
    queue.addAfter('c', 100);
    const idle = createWorkQueue<string>({ clock });
    const idleGet = idle.get();
    idle.shutDown();
    assert.equal(await idleGet, undefined);
    queue.shutDown();
    queue.add('d');
    assert.equal(await queue.get(), 'b');
    assert.equal(await queue.get(), undefined);
    clock.advance(1_000);
    assert.equal(queue.length, 0, 'a delayed add was dropped at shutdown');
    assert.equal(clock.pendingTimers, 0);
  });
});
