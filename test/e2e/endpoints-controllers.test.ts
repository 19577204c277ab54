// The Endpoints, EndpointSlice and EndpointSlice-mirroring controllers running in-process against
// a real API server, checked with kubectl the way a user would. There is no node agent: the test
// creates a Node, creates Pods bound to it, and writes their status (IP, phase, Ready) through the
// status subresource as a node agent would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Endpoints } from '../../src/api/core/v1/endpoints.ts';
import type { Pod } from '../../src/api/core/v1/pod.ts';
import type { Service } from '../../src/api/core/v1/service.ts';
import type { EndpointSlice } from '../../src/api/discovery/v1/endpointslice.ts';
import type { Clientset } from '../../src/client/contract.ts';
import { exponentialFailureRateLimiter } from '../../src/client/rate-limiter.ts';
import { EndpointsController } from '../../src/controllers/endpoints/index.ts';
import { EndpointSliceMirroringController } from '../../src/controllers/endpointslice-mirroring/index.ts';
import { EndpointSliceController } from '../../src/controllers/endpointslice/index.ts';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { controllerContextFor, eventually } from '../support/client.ts';

const NS = 'default';
const NODE = 'node-1';

interface RunningControllers {
  stop(): Promise<void>;
}

/** The three controllers on their own context (own informers and connections), retrying fast. */
function startControllers(cluster: TestCluster): RunningControllers {
  const ctx = controllerContextFor(cluster);
  const abort = new AbortController();
  const fast = () => exponentialFailureRateLimiter<string>(5, 500);
  const controllers = [
    new EndpointsController(ctx, { rateLimiter: fast() }),
    new EndpointSliceController(ctx, { rateLimiter: fast() }),
    new EndpointSliceMirroringController(ctx, { rateLimiter: fast() }),
  ];
  ctx.informers.start(abort.signal);
  const runs = controllers.map((controller) => controller.run(abort.signal));
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(runs);
      ctx.close();
    },
  };
}

async function createNode(clients: Clientset, name = NODE): Promise<void> {
  await clients.nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
}

async function createService(clients: Clientset, name: string, spec: Service['spec'] = {}): Promise<Service> {
  return clients.services.create(NS, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec },
  });
}

async function createPod(clients: Clientset, name: string, app: string): Promise<Pod> {
  return clients.pods.create(NS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app } },
    spec: { nodeName: NODE, containers: [{ name: 'main', image: 'app', ports: [{ name: 'http', containerPort: 8080 }] }] },
  });
}

/** What a node agent reports: the Pod's IP, Running, and whether it is Ready. */
async function setPodStatus(clients: Clientset, name: string, ip: string, ready: boolean): Promise<void> {
  const pod = await clients.pods.get(NS, name);
  const now = new Date().toISOString();
  await clients.pods.updateStatus({
    ...pod,
    status: {
      ...pod.status,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }],
    },
  });
}

async function kubectl(cluster: TestCluster, ...args: string[]): Promise<string> {
  const result = await cluster.kubectl(args);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

async function kubectlJSON<T>(cluster: TestCluster, ...args: string[]): Promise<T> {
  return JSON.parse(await kubectl(cluster, ...args, '-o', 'json')) as T;
}

const slicesOf = async (cluster: TestCluster, service: string) =>
  (await kubectlJSON<{ items: EndpointSlice[] }>(cluster, 'get', 'endpointslices', '-n', NS, '-l', `kubernetes.io/service-name=${service}`)).items;

const endpointsOf = (cluster: TestCluster, service: string) => kubectlJSON<Endpoints>(cluster, 'get', 'endpoints', service, '-n', NS);

const ips = (endpoints: Endpoints, field: 'addresses' | 'notReadyAddresses') =>
  (endpoints.subsets ?? []).flatMap((subset) => (subset[field] ?? []).map((address) => address.ip)).sort();

describe('endpoint controllers against a real API server', () => {
  let cluster: TestCluster;
  let controllers: RunningControllers;
  let clients: Clientset;
  let closeClients: () => void;

  before(async () => {
    cluster = await startTestCluster();
    const ctx = controllerContextFor(cluster);
    clients = ctx.clientset;
    closeClients = () => ctx.close();
    await createNode(clients);
    controllers = startControllers(cluster);
  });

  after(async () => {
    await controllers?.stop();
    closeClients?.();
    await cluster?.stop();
  });

  it('a Service with no matching Pod shows <none> endpoints and one placeholder slice', { timeout: 60_000 }, async () => {
    await createService(clients, 'empty');
    await eventually('Endpoints and a placeholder slice', async () => {
      const [slices, endpoints] = await Promise.all([slicesOf(cluster, 'empty'), cluster.kubectl(['get', 'endpoints', 'empty', '-n', NS])]);
      return slices.length === 1 && (slices[0]?.endpoints ?? []).length === 0 && endpoints.code === 0 && /empty\s+<none>/.test(endpoints.stdout);
    });
    const [slice] = await slicesOf(cluster, 'empty');
    assert.equal(slice?.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice?.metadata?.ownerReferences?.[0]?.kind, 'Service');
  });

  it('a Pod that gets an IP and becomes Ready appears; losing readiness makes it not ready', { timeout: 60_000 }, async () => {
    await createService(clients, 'web');
    await createPod(clients, 'web-1', 'web');
    await setPodStatus(clients, 'web-1', '127.244.0.11', true);

    await eventually('the Pod in kubectl get endpoints', async () => /127\.244\.0\.11:8080/.test(await kubectl(cluster, 'get', 'endpoints', 'web', '-n', NS)));
    await eventually('the Pod in kubectl get endpointslices', async () => /127\.244\.0\.11/.test(await kubectl(cluster, 'get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=web')));
    const [slice] = await slicesOf(cluster, 'web');
    assert.deepEqual(slice?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(slice?.endpoints?.[0]?.conditions, { ready: true, serving: true, terminating: false });
    assert.equal(slice?.endpoints?.[0]?.zone, 'zone-a');

    await setPodStatus(clients, 'web-1', '127.244.0.11', false);
    await eventually('the Pod in notReadyAddresses', async () => ips(await endpointsOf(cluster, 'web'), 'notReadyAddresses').includes('127.244.0.11'));
    await eventually('the endpoint not ready, not serving', async () => {
      const conditions = (await slicesOf(cluster, 'web'))[0]?.endpoints?.[0]?.conditions;
      return conditions?.ready === false && conditions.serving === false;
    });
  });

  it('a Pod deleted with a grace period leaves the Endpoints and is terminating in its slice', { timeout: 60_000 }, async () => {
    await createService(clients, 'grace');
    await createPod(clients, 'grace-1', 'grace');
    await createPod(clients, 'grace-2', 'grace');
    await setPodStatus(clients, 'grace-1', '127.244.0.21', true);
    await setPodStatus(clients, 'grace-2', '127.244.0.22', true);
    await eventually('both Pods in the Endpoints', async () => ips(await endpointsOf(cluster, 'grace'), 'addresses').length === 2);

    await clients.pods.delete(NS, 'grace-1', { gracePeriodSeconds: 30 });
    await eventually('the deleted Pod gone from the Endpoints', async () => {
      const endpoints = await endpointsOf(cluster, 'grace');
      return ips(endpoints, 'addresses').join() === '127.244.0.22' && ips(endpoints, 'notReadyAddresses').length === 0;
    });
    await eventually('the deleted Pod terminating but still serving in its slice', async () => {
      const endpoint = (await slicesOf(cluster, 'grace')).flatMap((s) => s.endpoints ?? []).find((e) => e.targetRef?.name === 'grace-1');
      return endpoint?.conditions?.ready === false && endpoint.conditions.serving === true && endpoint.conditions.terminating === true;
    });
  });

  it('101 ready Pods make two slices of 100 and 1', { timeout: 60_000 }, async () => {
    await createService(clients, 'many');
    const names = Array.from({ length: 101 }, (_, i) => `many-${i}`);
    for (const [i, name] of names.entries()) {
      await createPod(clients, name, 'many');
      await setPodStatus(clients, name, `127.244.1.${i + 1}`, true);
    }
    const sizes = await eventually('two slices of 100 and 1', async () => {
      const slices = await slicesOf(cluster, 'many');
      const counts = slices.map((s) => s.endpoints?.length ?? 0).sort((a, b) => a - b);
      return counts.join() === '1,100' ? counts : undefined;
    });
    assert.deepEqual(sizes, [1, 100]);
    const endpoints = await endpointsOf(cluster, 'many');
    assert.equal(ips(endpoints, 'addresses').length, 101);
  });

  it('a selector-less Service with hand-written Endpoints gets a mirrored slice', { timeout: 60_000 }, async () => {
    await clients.services.create(NS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external-db' }, spec: { ports: [{ name: 'pg', port: 5432 }] } });
    await clients.endpoints.create(NS, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external-db', labels: { owner: 'me' } },
      subsets: [{ addresses: [{ ip: '127.0.0.1' }], notReadyAddresses: [{ ip: '127.0.0.2' }], ports: [{ name: 'pg', port: 5432 }] }],
    });
    const slice = await eventually('a mirrored slice', async () => (await slicesOf(cluster, 'external-db'))[0]);
    assert.equal(slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'], 'endpointslicemirroring-controller.k8s.io');
    assert.equal(slice.metadata?.labels?.owner, 'me');
    assert.equal(slice.metadata?.ownerReferences?.[0]?.kind, 'Endpoints');
    assert.deepEqual(
      (slice.endpoints ?? []).map((e) => [e.addresses?.[0], e.conditions?.ready]),
      [
        ['127.0.0.1', true],
        ['127.0.0.2', false],
      ],
    );
    assert.deepEqual(slice.ports, [{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    // The Endpoints controller leaves hand-written Endpoints of a selector-less Service alone.
    const endpoints = await endpointsOf(cluster, 'external-db');
    assert.equal(endpoints.metadata?.labels?.['endpoints.kubernetes.io/managed-by'], undefined);
  });
});

describe('endpoint controllers restarted mid-work', () => {
  it('converge after a restart with no duplicate slices', { timeout: 60_000 }, async () => {
    const cluster = await startTestCluster();
    const ctx = controllerContextFor(cluster);
    const clients = ctx.clientset;
    let controllers: RunningControllers | undefined;
    try {
      await createNode(clients);
      await createService(clients, 'svc');
      controllers = startControllers(cluster);
      for (let i = 0; i < 60; i++) {
        await createPod(clients, `svc-${i}`, 'svc');
        await setPodStatus(clients, `svc-${i}`, `127.244.2.${i + 1}`, true);
      }
      await eventually('60 endpoints in slices', async () => (await slicesOf(cluster, 'svc')).flatMap((s) => s.endpoints ?? []).length === 60);
      await controllers.stop();
      controllers = undefined;

      // While no controller runs: 80 more Pods, ten of the first ones not ready, five deleted.
      for (let i = 60; i < 140; i++) {
        await createPod(clients, `svc-${i}`, 'svc');
        await setPodStatus(clients, `svc-${i}`, `127.244.3.${i - 59}`, true);
      }
      for (let i = 0; i < 10; i++) await setPodStatus(clients, `svc-${i}`, `127.244.2.${i + 1}`, false);
      for (let i = 10; i < 15; i++) await clients.pods.delete(NS, `svc-${i}`, { gracePeriodSeconds: 0 });

      controllers = startControllers(cluster);
      const slices = await eventually('135 endpoints in two slices', async () => {
        const current = await slicesOf(cluster, 'svc');
        const count = current.flatMap((s) => s.endpoints ?? []).length;
        return count === 135 && current.length === 2 ? current : undefined;
      });
      const names = slices.flatMap((s) => s.endpoints ?? []).map((e) => e.targetRef?.name);
      assert.equal(new Set(names).size, names.length, 'no Pod listed twice');
      const notReady = slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready === false).length;
      assert.equal(notReady, 10);
      await eventually('the Endpoints agree', async () => {
        const endpoints = await endpointsOf(cluster, 'svc');
        return ips(endpoints, 'addresses').length === 125 && ips(endpoints, 'notReadyAddresses').length === 10;
      });
    } finally {
      await controllers?.stop();
      ctx.close();
      await cluster.stop();
    }
  });
});
