// The shared informer against a real API server: it syncs, follows adds, updates and deletes,
// keeps its indexes, and after a restart that compacted away its history it relists and ends up
// with exactly what the server has.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ConfigMap } from '../../src/api/core/v1/configmap.ts';
import { createClientset } from '../../src/client/clientset.ts';
import { createInformerFactory } from '../../src/client/informer-factory.ts';
import { systemClock } from '../../src/util/clock.ts';
import { startTestCluster } from '../support/api-server.ts';
import { clientConfigFor, clientsetFor, eventually, testLog } from '../support/client.ts';

type Seen = string[];

const configMap = (name: string, tier = 'web'): ConfigMap => ({
  metadata: { name, namespace: 'default', labels: { tier } },
  data: { v: '1' },
});

function recordInto(seen: Seen) {
  return {
    onAdd: (o: ConfigMap) => seen.push(`add ${o.metadata?.name}`),
    onUpdate: (_: ConfigMap, o: ConfigMap) => seen.push(`update ${o.metadata?.name}`),
    onDelete: (o: ConfigMap) => seen.push(`delete ${o.metadata?.name}`),
  };
}

const names = (items: ConfigMap[]) => items.map((o) => o.metadata?.name ?? '').sort();

describe('shared informer', () => {
  it('syncs, sees add/update/delete, keeps its index, and replays the cache to late handlers', { timeout: 60_000 }, async () => {
    const cluster = await startTestCluster();
    const clients = clientsetFor(cluster);
    const stop = new AbortController();
    try {
      await clients.configMaps.create('default', configMap('existing', 'db'));
      const factory = createInformerFactory(clients, { clock: systemClock, log: testLog });
      const informer = factory.informer('configMaps');
      informer.addIndex('tier', (o) => (o.metadata?.labels?.tier ? [o.metadata.labels.tier] : []));
      const seen: Seen = [];
      informer.addEventHandler(recordInto(seen));
      assert.equal(informer.hasSynced(), false);
      factory.start(stop.signal);
      await factory.waitForSync(stop.signal);
      assert.equal(informer.hasSynced(), true);
      assert.ok(seen.includes('add existing'), 'the first list was delivered before sync');
      assert.equal(informer.lister.get('default/existing')?.metadata?.labels?.tier, 'db');

      await clients.configMaps.create('default', configMap('a'));
      await clients.configMaps.create('default', configMap('b'));
      await eventually('adds of a and b', () => seen.includes('add a') && seen.includes('add b'));
      assert.deepEqual(names(informer.lister.byIndex('tier', 'web')), ['a', 'b']);

      await clients.configMaps.patch('default', 'a', 'merge', { metadata: { labels: { tier: 'db' } } });
      await eventually('update of a', () => seen.includes('update a'));
      assert.deepEqual(names(informer.lister.byIndex('tier', 'web')), ['b']);
      assert.deepEqual(names(informer.lister.byIndex('tier', 'db')), ['a', 'existing']);

      await clients.configMaps.delete('default', 'b');
      await eventually('delete of b', () => seen.includes('delete b'));
      assert.deepEqual(informer.lister.byIndex('tier', 'web'), []);
      assert.equal(informer.lister.get('default/b'), undefined);

      const late: Seen = [];
      informer.addEventHandler(recordInto(late));
      assert.deepEqual(late.sort(), ['add a', 'add existing']);
      assert.deepEqual(names(informer.lister.byNamespace('default')), ['a', 'existing']);
    } finally {
      stop.abort();
      clients.close();
      await cluster.stop();
    }
  });

  it('relists after its history was compacted during a restart, and ends consistent with the server', { timeout: 60_000 }, async () => {
    let cluster = await startTestCluster();
    const { port } = cluster.server;
    const clients = createClientset(clientConfigFor(cluster));
    const stop = new AbortController();
    try {
      await clients.configMaps.create('default', configMap('before'));
      await clients.configMaps.create('default', configMap('kept'));
      let lists = 0;
      const listAll = clients.configMaps.listAll.bind(clients.configMaps);
      Object.assign(clients.configMaps, { listAll: (...args: Parameters<typeof listAll>) => (lists++, listAll(...args)) });
      const factory = createInformerFactory(clients, { clock: systemClock, log: testLog });
      const informer = factory.informer('configMaps');
      const seen: Seen = [];
      informer.addEventHandler(recordInto(seen));
      factory.start(stop.signal);
      await factory.waitForSync(stop.signal);

      // While this server is down, another one changes the objects and history is compacted.
      await cluster.stop({ keepStore: true });
      const other = await startTestCluster({ store: cluster.store, dir: cluster.dir });
      const otherClients = clientsetFor(other);
      await otherClients.configMaps.delete('default', 'before');
      await otherClients.configMaps.create('default', configMap('while-away'));
      await otherClients.configMaps.patch('default', 'kept', 'merge', { data: { v: '2' } });
      otherClients.close();
      await other.stop({ keepStore: true });
      await cluster.store.compact(await cluster.store.currentRevision());
      cluster = await startTestCluster({ store: cluster.store, dir: cluster.dir, port });

      await eventually(
        'the relist to deliver what changed',
        () => seen.includes('delete before') && seen.includes('add while-away') && seen.includes('update kept'),
        20_000,
      );
      assert.equal(lists, 2, 'one list at start, one after the 410');
      const server = await clients.configMaps.listAll(undefined);
      assert.deepEqual(names(informer.lister.list()), names(server.items));
      assert.equal(informer.lister.get('default/kept')?.data?.v, '2');

      // And it keeps watching after the relist.
      await clients.configMaps.create('default', configMap('after'));
      await eventually('add after the relist', () => seen.includes('add after'));
    } finally {
      stop.abort();
      clients.close();
      await cluster.stop();
      await cluster.store.close();
      rmSync(cluster.dir, { recursive: true, force: true });
    }
  });
});
