import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompactedError } from './errors.ts';
import type { WatchEvent } from './store.ts';
import { WatchQueue } from './watch-queue.ts';

const event = (revision: number): WatchEvent => ({
  type: 'create',
  revision,
  kv: { key: `/k/${revision}`, value: 'v', createRevision: revision, modRevision: revision },
});

async function collect(queue: WatchQueue): Promise<{ revisions: number[]; error?: unknown }> {
  const revisions: number[] = [];
  try {
    for await (const e of queue) revisions.push(e.revision);
    return { revisions };
  } catch (error) {
    return { revisions, error };
  }
}

describe('WatchQueue', () => {
  it('delivers buffered and later events in order, then ends on close', async () => {
    const queue = new WatchQueue(0, () => {});
    queue.push(event(1));
    queue.push(event(2));
    const result = collect(queue);
    queue.push(event(3));
    await new Promise((resolve) => setImmediate(resolve));
    queue.close();
    assert.deepEqual(await result, { revisions: [1, 2, 3] });
  });

  it('ends a consumer that falls behind with Compacted after what it buffered', async () => {
    let closed = 0;
    const queue = new WatchQueue(0, () => closed++, 3);
    for (let rev = 1; rev <= 5; rev++) queue.push(event(rev));
    const { revisions, error } = await collect(queue);
    assert.deepEqual(revisions, [1, 2, 3]);
    assert.ok(error instanceof CompactedError);
    assert.equal(closed, 1, 'the backend is told exactly once');
    assert.ok(queue.ended);
  });

  it('rejects a waiting consumer when failed, and ignores pushes after the end', async () => {
    const queue = new WatchQueue(0, () => {});
    const result = collect(queue);
    queue.fail(new Error('backend gone'));
    queue.push(event(1));
    const { revisions, error } = await result;
    assert.deepEqual(revisions, []);
    assert.equal((error as Error).message, 'backend gone');
  });

  it('breaking out of for-await closes the watch', async () => {
    let closed = 0;
    const queue = new WatchQueue(0, () => closed++);
    queue.push(event(1));
    for await (const _ of queue) break;
    assert.equal(closed, 1);
    assert.ok(queue.ended);
  });

  it('keeps memory bounded while a fast consumer drains a long stream', async () => {
    const queue = new WatchQueue(0, () => {}, 100_000);
    for (let rev = 1; rev <= 50_000; rev++) queue.push(event(rev));
    let count = 0;
    for await (const e of queue) {
      count++;
      if (e.revision === 50_000) break;
    }
    assert.equal(count, 50_000);
  });
});
