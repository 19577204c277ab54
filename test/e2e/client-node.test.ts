// @kubernetes/client-node, unchanged, against kubesvc: informers see every change, survive a
// minute of silence, and come back with a full relist when their history was compacted away.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { kubeconfigFor, startTestCluster, type TestCluster } from '../support/api-server.ts';

type Seen = Array<[string, string]>;

function clientFor(cluster: TestCluster) {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigFor(cluster, cluster.tokens.admin));
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), discovery: kc.makeApiClient(k8s.DiscoveryV1Api) };
}

/** Resolves once `predicate` holds over what the informer reported, or fails after `ms`. */
async function eventually(seen: Seen, predicate: (seen: Seen) => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate(seen)) {
    if (Date.now() > deadline) assert.fail(`informer saw only ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const has = (verb: string, name: string) => (seen: Seen) => seen.some(([v, n]) => v === verb && n === name);

function record<T extends k8s.KubernetesObject>(informer: k8s.Informer<T>, seen: Seen): void {
  for (const verb of ['add', 'update', 'delete'] as const) {
    informer.on(verb, (obj) => seen.push([verb, obj.metadata?.name ?? '']));
  }
  informer.on('connect', () => seen.push(['connect', '']));
}

const pod = (name: string): k8s.V1Pod => ({
  metadata: { name, labels: { app: 'informed' } },
  spec: { containers: [{ name: 'main', image: 'nginx' }] },
});

describe('client-node informers', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster();
  });
  after(() => cluster.stop());

  it('an informer on pods sees connect, add, update and delete', async () => {
    const { kc, core } = clientFor(cluster);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
    const seen: Seen = [];
    record(informer, seen);
    await informer.start();
    try {
      await core.createNamespacedPod({ namespace: 'default', body: pod('p1') });
      await eventually(seen, has('add', 'p1'));
      await core.patchNamespacedPod(
        { namespace: 'default', name: 'p1', body: { metadata: { labels: { tier: 'web' } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await eventually(seen, has('update', 'p1'));
      assert.equal(informer.get('p1', 'default')?.metadata?.labels?.tier, 'web');
      // Not scheduled to a node, so deletion is immediate.
      await core.deleteNamespacedPod({ namespace: 'default', name: 'p1' });
      await eventually(seen, has('delete', 'p1'));
      assert.equal(seen[0]?.[0], 'connect');
      assert.equal(informer.list('default').length, 0);
    } finally {
      await informer.stop();
    }
  });

  it('an informer on endpointslices sees them come and go', async () => {
    const { kc, discovery } = clientFor(cluster);
    const informer = k8s.makeInformer(kc, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', () =>
      discovery.listNamespacedEndpointSlice({ namespace: 'default' }),
    );
    const seen: Seen = [];
    record(informer, seen);
    await informer.start();
    try {
      await eventually(seen, has('add', 'kubernetes'));
      const slice: k8s.V1EndpointSlice = {
        metadata: { name: 'manual', labels: { 'kubernetes.io/service-name': 'manual' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['127.0.0.50'], conditions: { ready: true } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      };
      await discovery.createNamespacedEndpointSlice({ namespace: 'default', body: slice });
      await eventually(seen, has('add', 'manual'));
      await discovery.replaceNamespacedEndpointSlice({
        namespace: 'default',
        name: 'manual',
        body: { ...slice, endpoints: [{ addresses: ['127.0.0.51'], conditions: { ready: false } }] },
      });
      await eventually(seen, has('update', 'manual'));
      assert.equal(informer.get('manual', 'default')?.endpoints[0]?.conditions?.ready, false);
      await discovery.deleteNamespacedEndpointSlice({ namespace: 'default', name: 'manual' });
      await eventually(seen, has('delete', 'manual'));
    } finally {
      await informer.stop();
    }
  });

  it('an idle informer still sees changes after more than a minute of silence', { timeout: 120_000 }, async () => {
    const { kc, core } = clientFor(cluster);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
    const seen: Seen = [];
    const errors: unknown[] = [];
    record(informer, seen);
    informer.on('error', (error) => errors.push(error));
    await informer.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 65_000));
      await core.createNamespacedPod({ namespace: 'default', body: pod('after-silence') });
      await eventually(seen, has('add', 'after-silence'));
      assert.deepEqual(errors, []);
      assert.equal(seen.filter(([verb]) => verb === 'connect').length, 1, 'the watch never had to reconnect');
    } finally {
      await informer.stop();
    }
  });
});

describe('client-node informer across a restart with compacted history', () => {
  it('gets 410 for its old resourceVersion, relists, and ends up with the current objects', { timeout: 60_000 }, async () => {
    let cluster = await startTestCluster();
    const { port } = cluster.server;
    const { kc, core } = clientFor(cluster);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
    const seen: Seen = [];
    record(informer, seen);
    // client-node stops an informer on any error but 410; applications restart it, as here.
    let restarts = 0;
    let finished = false;
    informer.on('error', () => {
      if (finished) return;
      restarts++;
      setTimeout(() => !finished && void informer.start(), 200);
    });
    await informer.start();
    try {
      await core.createNamespacedPod({ namespace: 'default', body: pod('before') });
      await eventually(seen, has('add', 'before'));

      // While this server is down, another one changes the pods and history is compacted.
      await cluster.stop({ keepStore: true });
      const other = await startTestCluster({ store: cluster.store, dir: cluster.dir });
      const otherCore = clientFor(other).core;
      await otherCore.deleteNamespacedPod({ namespace: 'default', name: 'before' });
      await otherCore.createNamespacedPod({ namespace: 'default', body: pod('while-away') });
      await other.stop({ keepStore: true });
      await cluster.store.compact(await cluster.store.currentRevision());

      cluster = await startTestCluster({ store: cluster.store, dir: cluster.dir, port });
      await eventually(seen, (s) => has('add', 'while-away')(s) && has('delete', 'before')(s), 20_000);
      assert.ok(restarts > 0, 'the informer noticed the server go away');
      assert.deepEqual(
        informer.list('default').map((p) => p.metadata?.name),
        ['while-away'],
      );
    } finally {
      finished = true;
      await informer.stop();
      await cluster.stop();
      await cluster.store.close();
      rmSync(cluster.dir, { recursive: true, force: true });
    }
  });
});
