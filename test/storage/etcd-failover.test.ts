// The etcd backend through member failures of a real 3-member cluster on loopback: writes go on
// when the leader dies, no acknowledged write is lost, and watchers see every write exactly once,
// in revision order, even when their own member goes away and comes back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlreadyExistsError } from '../../src/storage/errors.ts';
import { StoreUnavailableError, openEtcdStore, type EtcdStore } from '../../src/storage/etcd/index.ts';
import type { KeyValue, Watch, WatchEvent } from '../../src/storage/store.ts';
import { ETCD_MISSING, etcdAvailable, startEtcdCluster, type EtcdCluster } from '../support/etcd.ts';

const WRITES = 240;
const WRITERS = 4;
const ATTEMPTS_PER_WRITE = 30;
const WRITE_PHASE_LIMIT_MS = 40_000;

/**
 * Creates `key` until etcd acknowledges it. An attempt that failed in doubt may have been
 * applied, so a later AlreadyExists with our (unique) value is that attempt's acknowledgement.
 */
async function createAcknowledged(store: EtcdStore, key: string, value: string): Promise<KeyValue> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS_PER_WRITE; attempt++) {
    try {
      return await store.create(key, value);
    } catch (error) {
      lastError = error;
      if (error instanceof AlreadyExistsError) {
        const existing = await store.get(key);
        assert.equal(existing?.value, value, `${key} exists with someone else's value`);
        return existing;
      }
      if (!(error instanceof StoreUnavailableError)) throw error;
    }
  }
  throw new Error(`${key} was not acknowledged after ${ATTEMPTS_PER_WRITE} attempts: ${String(lastError)}`);
}

/** Collects events until every key in `want` has been seen; fails after `ms`. */
async function collectUntil(watch: Watch, want: Set<string>, ms: number): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const missing = new Set(want);
  const iterator = watch[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watch still misses ${missing.size} keys after ${ms} ms`)), ms);
  });
  try {
    while (missing.size > 0) {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) throw new Error(`watch ended with ${missing.size} keys missing`);
      events.push(result.value);
      if (result.value.type !== 'delete') missing.delete(result.value.kv.key);
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
}

/** Every acknowledged write appears once, in strictly increasing revision order, as acknowledged. */
function assertExactlyOnceInOrder(events: WatchEvent[], acknowledged: Map<string, KeyValue>): void {
  const revisions = events.map((e) => e.revision);
  for (let i = 1; i < revisions.length; i++) {
    assert.ok((revisions[i] as number) > (revisions[i - 1] as number), `revision ${revisions[i]} after ${revisions[i - 1]}`);
  }
  const seen = new Map<string, KeyValue>();
  for (const event of events) {
    assert.equal(event.type, 'create', 'only creates were written');
    if (event.type !== 'create') continue;
    assert.ok(!seen.has(event.kv.key), `${event.kv.key} delivered twice`);
    seen.set(event.kv.key, event.kv);
  }
  for (const [key, kv] of acknowledged) assert.deepEqual(seen.get(key), kv, `watch event for ${key}`);
}

describe('etcd backend across member failures', { skip: etcdAvailable() ? false : ETCD_MISSING }, () => {
  let cluster: EtcdCluster;
  const stores: EtcdStore[] = [];
  const open = (endpoints: string[], prefix: string): EtcdStore => {
    const store = openEtcdStore({ endpoints, prefix, dialTimeoutMs: 10_000 });
    stores.push(store);
    return store;
  };

  before(async () => {
    cluster = await startEtcdCluster(3);
  });
  after(async () => {
    for (const store of stores) await store.close();
    await cluster?.stop();
  });

  it('keeps every acknowledged write, and its watcher sees each once, when the leader is killed', async () => {
    const prefix = '/failover-leader/';
    const writer = open(cluster.endpoints, prefix);
    const reader = open(cluster.endpoints, prefix);
    const watch = reader.watch('/', await reader.currentRevision());
    const leader = await cluster.leaderIndex();

    const acknowledged = new Map<string, KeyValue>();
    const giveUpAt = Date.now() + WRITE_PHASE_LIMIT_MS;
    let next = 0;
    let killed: Promise<void> | undefined;
    const writerLoop = async () => {
      while (next < WRITES && Date.now() < giveUpAt) {
        const i = next++;
        const key = `/k/${String(i).padStart(4, '0')}`;
        acknowledged.set(key, await createAcknowledged(writer, key, `value-${i}`));
        // A third of the way in, with writes in flight on every writer, the leader dies.
        if (acknowledged.size === Math.floor(WRITES / 3)) killed = cluster.killMember(leader);
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writerLoop));
    await killed;

    assert.equal(acknowledged.size, WRITES, 'every write finished');
    const listed = await writer.list('/k/');
    const stored = new Map(listed.items.map((kv) => [kv.key, kv]));
    for (const [key, kv] of acknowledged) assert.deepEqual(stored.get(key), kv, `${key} after failover`);
    assert.notEqual(await cluster.leaderIndex(), leader);

    const events = await collectUntil(watch, new Set(acknowledged.keys()), 20_000);
    watch.close();
    assertExactlyOnceInOrder(events, acknowledged);

    await cluster.startMember(leader);
  });

  it('resumes a watch exactly where it was when its only member goes away and comes back', async () => {
    const prefix = '/failover-watch/';
    // The watcher can reach one member only; the writer the other two (a quorum).
    const watched = (await cluster.leaderIndex()) === 0 ? 1 : 0;
    const others = cluster.endpoints.filter((_, i) => i !== watched);
    const writer = open(others, prefix);
    const reader = open([cluster.endpoints[watched] as string], prefix);
    const watch = reader.watch('/', await writer.currentRevision());

    const acknowledged = new Map<string, KeyValue>();
    const writeBatch = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        const key = `/w/${String(i).padStart(4, '0')}`;
        acknowledged.set(key, await createAcknowledged(writer, key, `value-${i}`));
      }
    };
    await writeBatch(0, 40);
    await cluster.stopMember(watched);
    await writeBatch(40, 40); // the watcher's member misses these, its stream is gone
    await cluster.startMember(watched);
    await writeBatch(80, 40);

    const events = await collectUntil(watch, new Set(acknowledged.keys()), 30_000);
    watch.close();
    assert.equal(events.length, 120);
    assertExactlyOnceInOrder(events, acknowledged);
  });
});
