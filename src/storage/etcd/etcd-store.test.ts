// etcd-specific behaviour of EtcdStore against a real etcd; the Store contract itself is
// covered by the conformance suite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ETCD_MISSING, etcdAvailable, startEtcd, type EtcdServer } from '../../../test/support/etcd.ts';
import { CompactedError } from '../errors.ts';
import type { WatchEvent } from '../store.ts';
import { StoreUnavailableError, openEtcdStore, type EtcdStore } from './index.ts';

describe('EtcdStore on a real etcd', { skip: etcdAvailable() ? false : ETCD_MISSING }, () => {
  let etcd: EtcdServer;
  const stores: EtcdStore[] = [];
  let counter = 0;

  const open = (prefix = `/test-${++counter}/`, dialTimeoutMs?: number): EtcdStore => {
    const store = openEtcdStore({ endpoints: etcd.endpoints, prefix, dialTimeoutMs });
    stores.push(store);
    return store;
  };

  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    for (const store of stores) await store.close();
    await etcd?.stop();
  });

  it('keeps stores with different prefixes apart, in reads and in watches', async () => {
    const one = open('/one/');
    const other = open('/one-more/');
    const since = await one.currentRevision();
    const watch = one.watch('', since);
    await other.create('/a', 'other');
    const mine = await one.create('/a', 'mine');
    assert.deepEqual(
      (await one.list('')).items.map((kv) => kv.value),
      ['mine'],
    );
    assert.equal((await other.get('/a'))?.value, 'other');
    const iterator = watch[Symbol.asyncIterator]();
    const first = await iterator.next();
    watch.close();
    assert.deepEqual(first.value, { type: 'create', revision: mine.modRevision, kv: mine } satisfies WatchEvent);
  });

  it("finds a compaction made by another client, and names it in CompactedError", async () => {
    const store = open();
    const elsewhere = open();
    const first = await store.create('/k', '1');
    await store.update('/k', '2', first.modRevision);
    const target = await elsewhere.currentRevision();
    await elsewhere.compact(target);
    assert.equal(await store.compactedRevision(), target);
    const error = await store.get('/k', { revision: first.modRevision }).catch((e: unknown) => e);
    assert.ok(error instanceof CompactedError);
    assert.equal(error.compactedRevision, target);
    // Compacting below what another client compacted is the contract's no-op.
    await store.compact(target - 1);
  });

  it('ends open watches when the store is closed', async () => {
    const store = open();
    const watch = store.watch('/', await store.currentRevision());
    const drained = (async () => {
      const events: WatchEvent[] = [];
      for await (const event of watch) events.push(event);
      return events;
    })();
    await store.close();
    assert.deepEqual(await drained, []);
  });

  it('fails with StoreUnavailableError when etcd is gone, and says whether a write may have applied', async () => {
    const store = open(undefined, 300);
    await store.create('/before', 'x');
    etcd.kill();
    // The first write may go out on the connection before the client notices it is dead: its
    // outcome is unknown, and the error must not claim otherwise.
    const first = await store.create('/after', 'x').catch((e: unknown) => e);
    assert.ok(first instanceof StoreUnavailableError, `got ${String(first)}`);
    // Once the connection is known dead, nothing can have been sent.
    const second = await store.create('/after', 'x').catch((e: unknown) => e);
    assert.ok(second instanceof StoreUnavailableError, `got ${String(second)}`);
    assert.equal(second.mayHaveApplied, false);
    await assert.rejects(store.list('/'), StoreUnavailableError);
  });
});
