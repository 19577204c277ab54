// The clientset against a real API server: CRUD, errors as ApiError, all four patch types,
// pods/binding, paginated listAll, and a raw watch. (410 on a watch is covered by the informer
// test: the running server's watch cache still serves a revision compacted out of the store.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap } from '../../src/api/core/v1/configmap.ts';
import type { Pod } from '../../src/api/core/v1/pod.ts';
import { ApiError, isAlreadyExists, isConflict, isNotFound } from '../../src/client/api-error.ts';
import type { ClosableClientset } from '../../src/client/clientset.ts';
import { createClientset } from '../../src/client/clientset.ts';
import type { WatchEvent } from '../../src/client/contract.ts';
import { loadClientConfig } from '../../src/client/kubeconfig.ts';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { clientsetFor, eventually } from '../support/client.ts';

const configMap = (name: string, data: Record<string, string> = { k: 'v' }): ConfigMap => ({
  metadata: { name, namespace: 'default', labels: { suite: 'clientset' } },
  data,
});

const pod = (name: string): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'main', image: 'nginx' }] },
});

describe('clientset', { timeout: 60_000 }, () => {
  let cluster: TestCluster;
  let clients: ClosableClientset;
  before(async () => {
    cluster = await startTestCluster();
    clients = clientsetFor(cluster);
  });
  after(async () => {
    clients.close();
    await cluster.stop();
  });

  it('connects with the kubeconfig the cluster wrote (CA and token from its current context)', { timeout: 60_000 }, async () => {
    const fromFile = createClientset(loadClientConfig(cluster.kubeconfig));
    try {
      const namespaces = await fromFile.namespaces.list(undefined);
      assert.ok(namespaces.items.some((ns) => ns.metadata?.name === 'default'));
    } finally {
      fromFile.close();
    }
  });

  it('creates, gets, updates and deletes; a missing object is a NotFound ApiError', { timeout: 60_000 }, async () => {
    const created = await clients.configMaps.create('default', configMap('crud'));
    assert.equal(created.metadata?.name, 'crud');
    assert.ok(created.metadata?.resourceVersion);
    const got = await clients.configMaps.get('default', 'crud');
    assert.deepEqual(got.data, { k: 'v' });
    const updated = await clients.configMaps.update({ ...got, data: { k: 'v2' } });
    assert.deepEqual(updated.data, { k: 'v2' });
    assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);
    await clients.configMaps.delete('default', 'crud');
    const error = await clients.configMaps.get('default', 'crud').catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 404);
    assert.equal(error.reason, 'NotFound');
    assert.ok(isNotFound(error));
    assert.equal(error.message, 'configmaps "crud" not found');
  });

  it('a duplicate create is AlreadyExists, a stale update is Conflict, a failed precondition deletes nothing', { timeout: 60_000 }, async () => {
    const first = await clients.configMaps.create('default', configMap('conflict'));
    const dup = await clients.configMaps.create('default', configMap('conflict')).catch((e: unknown) => e);
    assert.ok(isAlreadyExists(dup));
    assert.ok(!isConflict(dup));
    await clients.configMaps.update({ ...first, data: { k: 'newer' } });
    const stale = await clients.configMaps.update({ ...first, data: { k: 'older' } }).catch((e: unknown) => e);
    assert.ok(isConflict(stale), String(stale));
    assert.equal((stale as ApiError).code, 409);
    const precondition = await clients.configMaps
      .delete('default', 'conflict', { preconditions: { uid: 'not-the-uid' } })
      .catch((e: unknown) => e);
    assert.ok(isConflict(precondition), String(precondition));
    assert.deepEqual((await clients.configMaps.get('default', 'conflict')).data, { k: 'newer' });
    await clients.configMaps.delete('default', 'conflict', { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
  });

  it('patches with json, merge, strategic and apply', { timeout: 60_000 }, async () => {
    await clients.configMaps.create('default', configMap('patched', { a: '1' }));
    const json = await clients.configMaps.patch('default', 'patched', 'json', [{ op: 'add', path: '/data/b', value: '2' }]);
    assert.deepEqual(json.data, { a: '1', b: '2' });
    const merge = await clients.configMaps.patch('default', 'patched', 'merge', { data: { a: null, c: '3' } });
    assert.deepEqual(merge.data, { b: '2', c: '3' });
    const strategic = await clients.configMaps.patch('default', 'patched', 'strategic', { metadata: { labels: { s: 'yes' } } });
    assert.equal(strategic.metadata?.labels?.s, 'yes');
    const applied = await clients.configMaps.patch(
      'default',
      'patched',
      'apply',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { d: '4' } },
      { fieldManager: 'e2e-apply', force: true },
    );
    assert.equal(applied.data?.d, '4');
    assert.ok(applied.metadata?.managedFields?.some((entry) => entry.manager === 'e2e-apply' && entry.operation === 'Apply'));
    const dryRun = await clients.configMaps.patch('default', 'patched', 'merge', { data: { e: '5' } }, { dryRun: true });
    assert.equal(dryRun.data?.e, '5');
    assert.equal((await clients.configMaps.get('default', 'patched')).data?.e, undefined, 'dry run wrote nothing');
  });

  it('binds a pod to a node through pods/binding and patches its status', { timeout: 60_000 }, async () => {
    await clients.nodes.create(undefined, { metadata: { name: 'node-a' } });
    await clients.pods.create('default', pod('bound'));
    await clients.pods.createSubresource('default', 'bound', 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'bound' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' },
    });
    const bound = await clients.pods.get('default', 'bound');
    assert.equal(bound.spec?.nodeName, 'node-a');
    const status = await clients.pods.patch('default', 'bound', 'merge', { status: { phase: 'Running' } }, { subresource: 'status' });
    assert.equal(status.status?.phase, 'Running');
    const node = await clients.nodes.get(undefined, 'node-a');
    const withStatus = await clients.nodes.updateStatus({ ...node, status: { ...node.status, addresses: [{ type: 'InternalIP', address: '127.0.0.1' }] } });
    assert.deepEqual(withStatus.status?.addresses, [{ type: 'InternalIP', address: '127.0.0.1' }]);
  });

  it('listAll follows continue tokens over many pages at one resourceVersion', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 7; i++) await clients.configMaps.create('default', configMap(`page-${i}`));
    const firstPage = await clients.configMaps.list('default', { labelSelector: 'suite=clientset', limit: 2 });
    assert.equal(firstPage.items.length, 2);
    assert.ok(firstPage.continue);
    const all = await clients.configMaps.listAll('default', { labelSelector: 'suite=clientset', limit: 2 });
    const names = all.items.map((item) => item.metadata?.name).filter((name) => name?.startsWith('page-'));
    assert.deepEqual(names, [0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`));
    assert.ok(all.resourceVersion);
    assert.equal(all.continue, undefined);
    assert.ok(all.items.every((item) => item.kind === 'ConfigMap' && item.apiVersion === 'v1'));
  });

  it('a watch sees ADDED, MODIFIED and DELETED; stop() ends the iteration', { timeout: 60_000 }, async () => {
    const { resourceVersion } = await clients.configMaps.list('default');
    const stream = clients.configMaps.watch('default', { resourceVersion });
    const seen: Array<WatchEvent<ConfigMap>> = [];
    const consumed = (async () => {
      for await (const event of stream) seen.push(event);
    })();
    await clients.configMaps.create('default', configMap('watched'));
    await clients.configMaps.patch('default', 'watched', 'merge', { data: { k: 'changed' } });
    await clients.configMaps.delete('default', 'watched');
    const types = () => seen.filter((e) => e.object.metadata?.name === 'watched').map((e) => e.type);
    await eventually('ADDED, MODIFIED, DELETED', () => types().length === 3);
    assert.deepEqual(types(), ['ADDED', 'MODIFIED', 'DELETED']);
    stream.stop();
    await consumed;
  });
});
