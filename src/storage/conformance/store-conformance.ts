// The Store contract as one test suite, run against every backend (test/storage/*-conformance).
// It asserts only what store.ts promises, with revisions taken relative to the store's current
// one, so a backend that shares its server with other tests (etcd with a key prefix) passes too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AlreadyExistsError,
  CompactedError,
  ConflictError,
  FutureRevisionError,
  NotFoundError,
  TooLargeError,
} from '../errors.ts';
import { MAX_VALUE_BYTES, type KeyValue, type Store, type Watch, type WatchEvent } from '../store.ts';

export interface StoreHarness {
  /** Called once before the suite (start a server); optional. */
  setup?(): Promise<void>;
  /** A fresh, empty store for one test, and how to dispose of it. */
  open(options?: { maxBufferedEvents?: number }): Promise<{ store: Store; dispose(): Promise<void> }>;
  /** Called once after the suite; optional. */
  teardown?(): Promise<void>;
  /** Why the suite cannot run here (e.g. a missing server binary), or undefined to run it. */
  skipReason?: string;
}

/** Reads `count` events from a watch, failing the test if they do not arrive within `ms`. */
export async function takeEvents(watch: Watch, count: number, ms = 10_000): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  if (count === 0) return events;
  const iterator = watch[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${events.length} of ${count} events`)), ms);
  });
  try {
    while (events.length < count) {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) throw new Error(`watch ended after ${events.length} of ${count} events`);
      events.push(result.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
}

/** Drains a watch until it ends; resolves to the events and the error it ended with, if any. */
async function drain(watch: Watch, ms = 10_000): Promise<{ events: WatchEvent[]; error?: unknown }> {
  const events: WatchEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const consume = (async () => {
    try {
      for await (const event of watch) events.push(event);
      return { events };
    } catch (error) {
      return { events, error };
    }
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watch did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([consume, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeEvent(event: WatchEvent): string {
  const key = event.type === 'delete' ? event.key : event.kv.key;
  return `${event.type} ${key}@${event.revision}`;
}

export function describeStoreConformance(backend: string, harness: StoreHarness): void {
  describe(`Store conformance: ${backend}`, { skip: harness.skipReason }, () => {
    let store: Store;
    let disposers: Array<() => Promise<void>> = [];

    before(async () => harness.setup?.());
    after(async () => harness.teardown?.());

    async function fresh(options?: { maxBufferedEvents?: number }): Promise<Store> {
      const opened = await harness.open(options);
      disposers.push(opened.dispose);
      return opened.store;
    }

    // Every test gets its own store; disposers run even when the test failed.
    function test(name: string, body: () => Promise<void>): void {
      it(name, async () => {
        disposers = [];
        try {
          store = await fresh();
          await body();
        } finally {
          for (const dispose of disposers.reverse()) await dispose();
        }
      });
    }

    test('create assigns the next revision and get returns it', async () => {
      const r0 = await store.currentRevision();
      const kv = await store.create('/a/one', 'v1');
      assert.deepEqual(kv, { key: '/a/one', value: 'v1', createRevision: r0 + 1, modRevision: r0 + 1 });
      assert.equal(await store.currentRevision(), r0 + 1);
      assert.deepEqual(await store.get('/a/one'), kv);
      assert.equal(await store.get('/a/missing'), undefined);
    });

    test('create of an existing key fails with AlreadyExists and writes nothing', async () => {
      await store.create('/a/one', 'v1');
      const r = await store.currentRevision();
      await assert.rejects(store.create('/a/one', 'v2'), AlreadyExistsError);
      assert.equal(await store.currentRevision(), r);
      assert.equal((await store.get('/a/one'))?.value, 'v1');
    });

    test('update is a compare-and-swap on modRevision', async () => {
      const created = await store.create('/a/one', 'v1');
      const updated = await store.update('/a/one', 'v2', created.modRevision);
      assert.equal(updated.value, 'v2');
      assert.equal(updated.createRevision, created.createRevision);
      assert.equal(updated.modRevision, created.modRevision + 1);

      const r = await store.currentRevision();
      const stale = await store.update('/a/one', 'v3', created.modRevision).then(
        () => assert.fail('a stale update must fail'),
        (error: unknown) => error,
      );
      assert.ok(stale instanceof ConflictError);
      assert.deepEqual(stale.current, updated);
      assert.equal(await store.currentRevision(), r, 'a failed update writes nothing');

      await assert.rejects(store.update('/a/missing', 'v', 1), NotFoundError);
    });

    test('of concurrent updates from the same revision exactly one wins', async () => {
      const created = await store.create('/a/contended', '0');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.update('/a/contended', `writer-${i}`, created.modRevision)),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 19);
      for (const o of lost) assert.ok((o as PromiseRejectedResult).reason instanceof ConflictError);
      const winner = (won[0] as PromiseFulfilledResult<KeyValue>).value;
      assert.deepEqual(await store.get('/a/contended'), winner);
    });

    test('delete returns the deleted version and leaves a tombstone in history', async () => {
      const created = await store.create('/a/one', 'v1');
      const updated = await store.update('/a/one', 'v2', created.modRevision);
      const deleted = await store.delete('/a/one');
      assert.equal(deleted.revision, updated.modRevision + 1);
      assert.deepEqual(deleted.prevKv, updated);
      assert.equal(await store.get('/a/one'), undefined);
      assert.deepEqual(await store.get('/a/one', { revision: updated.modRevision }), updated);
      await assert.rejects(store.delete('/a/one'), NotFoundError);

      const recreated = await store.create('/a/one', 'v3');
      assert.equal(recreated.createRevision, deleted.revision + 1, 'a re-create starts a new life');
    });

    test('delete with an expected modRevision is a compare-and-swap', async () => {
      const created = await store.create('/a/one', 'v1');
      const updated = await store.update('/a/one', 'v2', created.modRevision);
      await assert.rejects(store.delete('/a/one', created.modRevision), ConflictError);
      assert.equal((await store.get('/a/one'))?.value, 'v2');
      const deleted = await store.delete('/a/one', updated.modRevision);
      assert.deepEqual(deleted.prevKv, updated);
      await assert.rejects(store.delete('/a/missing', 5), NotFoundError);
    });

    test('list returns keys under the prefix in key order, not keys that merely share characters', async () => {
      for (const key of ['/a/c', '/a/a', '/ab/x', '/a/b', '/b/a', '/a']) await store.create(key, key);
      const listed = await store.list('/a/');
      assert.deepEqual(
        listed.items.map((kv) => kv.key),
        ['/a/a', '/a/b', '/a/c'],
      );
      assert.equal(listed.revision, await store.currentRevision());
      assert.equal(listed.continue, undefined);
    });

    test('get and list read a past revision as it was', async () => {
      const a1 = await store.create('/s/a', 'a1');
      const b1 = await store.create('/s/b', 'b1');
      const snapshot = b1.modRevision;
      await store.update('/s/a', 'a2', a1.modRevision);
      await store.delete('/s/b');
      await store.create('/s/c', 'c1');

      const then = await store.list('/s/', { revision: snapshot });
      assert.equal(then.revision, snapshot);
      assert.deepEqual(then.items, [a1, b1]);
      assert.deepEqual(await store.get('/s/a', { revision: snapshot }), a1);
      assert.equal(await store.get('/s/c', { revision: snapshot }), undefined);

      const now = await store.list('/s/');
      assert.deepEqual(
        now.items.map((kv) => [kv.key, kv.value]),
        [
          ['/s/a', 'a2'],
          ['/s/c', 'c1'],
        ],
      );
    });

    test('paged lists are one consistent snapshot while writes go on', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => `/p/${String(i).padStart(3, '0')}`);
      for (const key of keys) await store.create(key, 'original');

      const first = await store.list('/p/', { limit: 10 });
      assert.equal(first.items.length, 10);
      assert.equal(first.remaining, 15);
      assert.ok(first.continue);

      // Writes between pages: an update, a delete and a create inside the range.
      const later = keys[20] as string;
      const current = (await store.get(later)) as KeyValue;
      await store.update(later, 'changed', current.modRevision);
      await store.delete(keys[15] as string);
      await store.create('/p/0125', 'new');

      const second = await store.list('/p/', { limit: 10, continue: first.continue });
      assert.equal(second.revision, first.revision);
      assert.equal(second.remaining, 5);
      const third = await store.list('/p/', { limit: 10, continue: second.continue });
      assert.equal(third.items.length, 5);
      assert.equal(third.continue, undefined);

      const all = [...first.items, ...second.items, ...third.items];
      assert.deepEqual(
        all.map((kv) => kv.key),
        keys,
      );
      assert.ok(all.every((kv) => kv.value === 'original'));
    });

    test('reads beyond the current revision fail with FutureRevision', async () => {
      await store.create('/f/a', 'a');
      const r = await store.currentRevision();
      await assert.rejects(store.get('/f/a', { revision: r + 1 }), FutureRevisionError);
      await assert.rejects(store.list('/f/', { revision: r + 100 }), FutureRevisionError);
      await assert.rejects(store.compact(r + 1), FutureRevisionError);
    });

    test('compaction discards history below the revision and keeps every live key', async () => {
      const a1 = await store.create('/c/a', 'a1');
      const a2 = await store.update('/c/a', 'a2', a1.modRevision);
      const b1 = await store.create('/c/b', 'b1');
      await store.delete('/c/b');
      const gone = await store.create('/c/gone', 'x');
      await store.delete('/c/gone');
      const page = await store.list('/c/', { limit: 1, revision: b1.modRevision });
      const target = await store.currentRevision();
      const a3 = await store.update('/c/a', 'a3', a2.modRevision);

      await store.compact(target);
      assert.equal(await store.compactedRevision(), target);

      await assert.rejects(store.get('/c/a', { revision: target - 1 }), CompactedError);
      await assert.rejects(store.list('/c/', { revision: gone.modRevision }), CompactedError);
      await assert.rejects(store.list('/c/', { limit: 1, continue: page.continue }), CompactedError);
      assert.deepEqual(await store.get('/c/a', { revision: target }), a2);
      assert.deepEqual((await store.list('/c/', { revision: target })).items, [a2]);
      assert.deepEqual((await store.list('/c/')).items, [a3]);

      await store.compact(target - 1);
      assert.equal(await store.compactedRevision(), target, 'compacting backwards is a no-op');
    });

    test('a watch from a revision below the compacted one ends with Compacted', async () => {
      const a = await store.create('/w/a', '1');
      const a2 = await store.update('/w/a', '2', a.modRevision);
      const r = await store.currentRevision();
      await store.compact(r);
      for (const since of [a.modRevision - 1, r - 1]) {
        const { events, error } = await drain(store.watch('/w/', since));
        assert.deepEqual(events, [], `watch from ${since}`);
        assert.ok(error instanceof CompactedError, `watch from ${since}: expected CompactedError, got ${String(error)}`);
      }

      // From the compacted revision on, every change is delivered with the version it replaced.
      const ok = store.watch('/w/', r);
      const a3 = await store.update('/w/a', '3', a2.modRevision);
      const [event] = await takeEvents(ok, 1);
      ok.close();
      assert.deepEqual(event, { type: 'update', revision: a3.modRevision, kv: a3, prevKv: a2 });
    });

    test('watch delivers every change in order, exactly once, with the replaced version', async () => {
      const r0 = await store.currentRevision();
      const watch = store.watch('/w/', r0);
      const a1 = await store.create('/w/a', 'a1');
      const b1 = await store.create('/w/b', 'b1');
      const a2 = await store.update('/w/a', 'a2', a1.modRevision);
      const deleted = await store.delete('/w/b');
      await store.create('/other/x', 'not watched');
      const b2 = await store.create('/w/b', 'b2');

      const events = await takeEvents(watch, 5);
      watch.close();
      assert.deepEqual(events, [
        { type: 'create', revision: a1.modRevision, kv: a1 },
        { type: 'create', revision: b1.modRevision, kv: b1 },
        { type: 'update', revision: a2.modRevision, kv: a2, prevKv: a1 },
        { type: 'delete', revision: deleted.revision, key: '/w/b', prevKv: b1 },
        { type: 'create', revision: b2.modRevision, kv: b2 },
      ]);
    });

    test('a watch resumes from any revision in history without gaps or repeats', async () => {
      const r0 = await store.currentRevision();
      const written: number[] = [];
      let kv = await store.create('/r/k', '0');
      written.push(kv.modRevision);
      for (let i = 1; i < 30; i++) {
        kv = await store.update('/r/k', String(i), kv.modRevision);
        written.push(kv.modRevision);
      }
      for (const since of [r0, r0 + 10, r0 + 29, r0 + 30]) {
        const watch = store.watch('/r/', since);
        const expected = written.filter((rev) => rev > since);
        const events = await takeEvents(watch, expected.length);
        watch.close();
        assert.deepEqual(
          events.map((e) => e.revision),
          expected,
          `resume from ${since}`,
        );
      }
    });

    test('a watch started behind switches to live events without a gap or a duplicate', async () => {
      const r0 = await store.currentRevision();
      for (let i = 0; i < 50; i++) await store.create(`/h/${i}`, 'history');
      const watch = store.watch('/h/', r0);
      // Live writes race the catch-up read of history.
      const live = Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/h/live-${i}`, 'live')));
      const events = await takeEvents(watch, 100);
      await live;
      watch.close();
      const revisions = events.map((e) => e.revision);
      assert.deepEqual(
        revisions,
        Array.from({ length: 100 }, (_, i) => r0 + 1 + i),
        events.slice(0, 3).map(describeEvent).join(', '),
      );
    });

    test('200 concurrent watchers each see every event of a burst, in order', async () => {
      const r0 = await store.currentRevision();
      const watches = Array.from({ length: 200 }, () => store.watch('/burst/', r0));
      const writes = await Promise.all(Array.from({ length: 100 }, (_, i) => store.create(`/burst/${i}`, String(i))));
      const expected = writes.map((kv) => kv.modRevision).sort((a, b) => a - b);
      const seen = await Promise.all(watches.map((w) => takeEvents(w, 100)));
      for (const w of watches) w.close();
      for (const events of seen) {
        assert.deepEqual(
          events.map((e) => e.revision),
          expected,
        );
      }
    });

    test('closing a watch ends its iteration', async () => {
      const watch = store.watch('/z/', await store.currentRevision());
      const ended = drain(watch);
      watch.close();
      const { events, error } = await ended;
      assert.deepEqual(events, []);
      assert.equal(error, undefined);
    });

    test('a watcher that does not keep up is ended with Compacted; writers are unaffected', async () => {
      const slowStore = await fresh({ maxBufferedEvents: 10 });
      const watch = slowStore.watch('/slow/', await slowStore.currentRevision());
      // Nobody reads the watch while 50 writes are acknowledged.
      for (let i = 0; i < 50; i++) await slowStore.create(`/slow/${i}`, 'x');
      const { events, error } = await drain(watch);
      assert.ok(events.length <= 10, `buffered ${events.length} events`);
      assert.ok(error instanceof CompactedError, `expected CompactedError, got ${String(error)}`);
      assert.equal((await slowStore.list('/slow/')).items.length, 50);
    });

    test('values over the size limit are refused and nothing is written', async () => {
      const r = await store.currentRevision();
      await assert.rejects(store.create('/big/x', 'x'.repeat(MAX_VALUE_BYTES + 1)), TooLargeError);
      // Multi-byte characters count in bytes, as on the wire.
      await assert.rejects(store.create('/big/y', 'é'.repeat(MAX_VALUE_BYTES / 2 + 1)), TooLargeError);
      assert.equal(await store.currentRevision(), r);
      const big = 'y'.repeat(1024 * 1024);
      assert.equal((await store.create('/big/ok', big)).value.length, big.length);
      assert.equal((await store.get('/big/ok'))?.value, big);
    });

    test('values round-trip byte for byte, including non-ASCII text', async () => {
      const value = JSON.stringify({ name: 'café ☕ 𝔘nicode', nul: '\u0000', newline: 'a\nb' });
      await store.create('/u/x', value);
      assert.equal((await store.get('/u/x'))?.value, value);
    });
  });
}
