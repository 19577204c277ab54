// The scheduler, garbage collector, namespace controller and node lifecycle controller run
// in-process against a real API server; users act through kubectl, and the test plays the node
// agents (registering nodes, renewing their Leases, reporting pod status).
import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { describe, test } from 'node:test';
import type { Lease } from '../../src/api/coordination/v1/lease.ts';
import type { Node } from '../../src/api/core/v1/node.ts';
import type { Pod } from '../../src/api/core/v1/pod.ts';
import type { ClosableControllerContext } from '../../src/client/context.ts';
import type { Clientset, Controller } from '../../src/client/contract.ts';
import { DeploymentController } from '../../src/controllers/deployment/controller.ts';
import { GarbageCollector } from '../../src/controllers/garbage-collector/garbage-collector.ts';
import { NamespaceController } from '../../src/controllers/namespace/namespace-controller.ts';
import { NodeLifecycleController } from '../../src/controllers/node-lifecycle/node-lifecycle-controller.ts';
import { ReplicaSetController } from '../../src/controllers/replicaset/controller.ts';
import { Scheduler } from '../../src/controllers/scheduler/scheduler.ts';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { controllerContextFor, eventually } from '../support/client.ts';

interface Running {
  readonly cluster: TestCluster;
  readonly ctx: ClosableControllerContext;
  readonly clientset: Clientset;
}

/** Starts a cluster and the controllers `make` builds, runs `body`, and tears everything down. */
async function withControllers(make: (ctx: ClosableControllerContext) => Controller[], body: (running: Running) => Promise<void>): Promise<void> {
  const cluster = await startTestCluster();
  const ctx = controllerContextFor(cluster);
  const abort = new AbortController();
  // Every informer and worker loop listens for the one abort.
  setMaxListeners(100, abort.signal);
  let runs: Array<Promise<void>> = [];
  try {
    const controllers = make(ctx);
    ctx.informers.start(abort.signal);
    runs = controllers.map((c) => c.run(abort.signal));
    await body({ cluster, ctx, clientset: ctx.clientset });
  } finally {
    abort.abort();
    await Promise.allSettled(runs);
    ctx.close();
    await cluster.stop();
  }
}

async function kubectl(cluster: TestCluster, args: string[], input?: string): Promise<string> {
  const result = await cluster.kubectl(args, input);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** What a node agent does at registration: the Node with a Ready status, and its Lease. */
async function registerNode(clientset: Clientset, name: string, labels: Record<string, string> = {}): Promise<void> {
  await clientset.nodes.create(undefined, { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } } as Node);
  await reportReady(clientset, name);
  await renewLease(clientset, name);
}

async function reportReady(clientset: Clientset, name: string): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await clientset.nodes.patch(
    undefined,
    name,
    'strategic',
    {
      status: {
        allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
      },
    },
    { subresource: 'status' },
  );
}

async function renewLease(clientset: Clientset, name: string): Promise<void> {
  const renewTime = new Date().toISOString();
  try {
    const lease = await clientset.leases.get('kube-node-lease', name);
    await clientset.leases.update({ ...lease, spec: { ...lease.spec, renewTime } });
  } catch {
    await clientset.leases.create('kube-node-lease', {
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
    } as Lease);
  }
}

function podManifest(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'spread' } },
    spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }], ...extra },
  });
}

async function getJson<T>(cluster: TestCluster, args: string[]): Promise<T> {
  return JSON.parse(await kubectl(cluster, ['get', ...args, '-o', 'json'])) as T;
}

describe('scheduler', () => {
  test('binds pending pods to Ready nodes, spread over both, with a Scheduled event', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new Scheduler(ctx, { random: () => 0 })],
      async ({ cluster, clientset }) => {
        await registerNode(clientset, 'node-a');
        await registerNode(clientset, 'node-b');
        // A registered node that never became Ready takes nothing.
        await clientset.nodes.create(undefined, { metadata: { name: 'node-c' } } as Node);
        for (const name of ['p1', 'p2', 'p3', 'p4']) await kubectl(cluster, ['apply', '-f', '-'], podManifest(name));

        const placed = await eventually('all four pods bound', async () => {
          const list = await getJson<{ items: Pod[] }>(cluster, ['pods', '-l', 'app=spread']);
          const nodes = list.items.map((p) => p.spec?.nodeName);
          return nodes.length === 4 && nodes.every(Boolean) ? nodes : undefined;
        });
        assert.deepEqual([...placed].sort(), ['node-a', 'node-a', 'node-b', 'node-b']);

        const p1 = await getJson<Pod>(cluster, ['pod', 'p1']);
        assert.equal(p1.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
        const described = await eventually('the Scheduled event', async () => {
          const text = await kubectl(cluster, ['describe', 'pod', 'p1']);
          return /Scheduled\s.*Successfully assigned default\/p1 to node-[ab]/.test(text) ? text : undefined;
        });
        assert.match(described, new RegExp(`Node:\\s+${p1.spec?.nodeName}`));
      },
    );
  });

  test('a pod no node matches is Unschedulable with FailedScheduling, then bound once a node matches', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new Scheduler(ctx)],
      async ({ cluster, clientset }) => {
        await registerNode(clientset, 'node-a');
        await registerNode(clientset, 'node-b');
        await kubectl(cluster, ['apply', '-f', '-'], podManifest('fast', { nodeSelector: { disk: 'ssd' } }));

        const message = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.";
        const condition = await eventually('PodScheduled=False', async () => {
          const pod = await getJson<Pod>(cluster, ['pod', 'fast']);
          const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
          return scheduled?.status === 'False' ? scheduled : undefined;
        });
        assert.equal(condition.reason, 'Unschedulable');
        assert.equal(condition.message, message);
        await eventually('FailedScheduling in kubectl describe', async () => {
          const text = await kubectl(cluster, ['describe', 'pod', 'fast']);
          return text.includes('FailedScheduling') && text.includes(message);
        });

        await kubectl(cluster, ['label', 'node', 'node-b', 'disk=ssd']);
        const pod = await eventually('the pod bound to the matching node', async () => {
          const current = await getJson<Pod>(cluster, ['pod', 'fast']);
          return current.spec?.nodeName ? current : undefined;
        });
        assert.equal(pod.spec?.nodeName, 'node-b');
        assert.equal(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
      },
    );
  });
});

describe('garbage collector', () => {
  const owner = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });

  async function createOwned(cluster: TestCluster, ownerName: string, dependents: string[], extra: Record<string, unknown> = {}): Promise<string> {
    await kubectl(cluster, ['apply', '-f', '-'], JSON.stringify(owner(ownerName)));
    const uid = (await kubectl(cluster, ['get', 'rs', ownerName, '-o', 'jsonpath={.metadata.uid}'])).trim();
    for (const name of dependents) {
      await kubectl(
        cluster,
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name,
            namespace: 'default',
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: ownerName, uid, blockOwnerDeletion: true, controller: true }],
            ...extra,
          },
          data: { k: 'v' },
        }),
      );
    }
    return uid;
  }

  const exists = async (cluster: TestCluster, args: string[]) => (await cluster.kubectl(['get', ...args])).code === 0;

  test('background: deleting the owner deletes its dependents', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new GarbageCollector(ctx)],
      async ({ cluster }) => {
        await createOwned(cluster, 'bg', ['bg-1', 'bg-2']);
        // A dependent whose owner never existed (dangling from the start) goes as well.
        await kubectl(
          cluster,
          ['create', '-f', '-'],
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'stray', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' }] },
          }),
        );
        await kubectl(cluster, ['create', 'configmap', 'unowned', '--from-literal=k=v']);
        await kubectl(cluster, ['delete', 'rs', 'bg']);
        await eventually('dependents gone', async () => !(await exists(cluster, ['cm', 'bg-1'])) && !(await exists(cluster, ['cm', 'bg-2'])));
        await eventually('the dangling dependent gone', async () => !(await exists(cluster, ['cm', 'stray'])));
        assert.equal(await exists(cluster, ['cm', 'unowned']), true);
      },
    );
  });

  test('deleting a Deployment removes its ReplicaSets and their Pods', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new GarbageCollector(ctx), new ReplicaSetController(ctx), new DeploymentController(ctx)],
      async ({ cluster }) => {
        await kubectl(cluster, ['create', 'deployment', 'web', '--image=busybox', '--replicas=3']);
        await eventually('3 pods', async () => (await kubectl(cluster, ['get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n').length === 3);
        await kubectl(cluster, ['set', 'image', 'deployment/web', 'busybox=busybox:2']);
        await eventually('a second ReplicaSet', async () => (await kubectl(cluster, ['get', 'rs', '-l', 'app=web', '-o', 'name'])).trim().split('\n').length === 2);
        await kubectl(cluster, ['delete', 'deployment', 'web']);
        await eventually('the ReplicaSets and Pods are gone', async () =>
          (await kubectl(cluster, ['get', 'rs,pods', '-l', 'app=web', '-o', 'name'])).trim() === '',
        );
      },
    );
  });

  test('kubectl delete --cascade=orphan: dependents keep living without the ownerReference', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new GarbageCollector(ctx)],
      async ({ cluster }) => {
        await createOwned(cluster, 'orph', ['orph-1', 'orph-2']);
        // kubectl waits until the owner is gone, which needs the collector to lift the orphan finalizer.
        await kubectl(cluster, ['delete', 'rs', 'orph', '--cascade=orphan', '--timeout=30s']);
        assert.equal(await exists(cluster, ['rs', 'orph']), false);
        for (const name of ['orph-1', 'orph-2']) {
          const refs = await kubectl(cluster, ['get', 'cm', name, '-o', 'jsonpath={.metadata.ownerReferences}']);
          assert.equal(refs.trim(), '', `${name} still names its owner`);
        }
      },
    );
  });

  test('kubectl delete --cascade=foreground: the owner stays until its blocking dependents are gone', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new GarbageCollector(ctx)],
      async ({ cluster }) => {
        await createOwned(cluster, 'fg', ['fg-held'], { finalizers: ['example.com/hold'] });
        await createOwned(cluster, 'fg', ['fg-free']);
        await kubectl(cluster, ['delete', 'rs', 'fg', '--cascade=foreground', '--wait=false']);

        // The collector deletes both; the held one waits on its own finalizer.
        await eventually('fg-free gone', async () => !(await exists(cluster, ['cm', 'fg-free'])));
        await eventually('fg-held terminating', async () =>
          (await kubectl(cluster, ['get', 'cm', 'fg-held', '-o', 'jsonpath={.metadata.deletionTimestamp}'])).trim() !== '',
        );
        const rs = await getJson<{ metadata: { deletionTimestamp?: string; finalizers?: string[] } }>(cluster, ['rs', 'fg']);
        assert.ok(rs.metadata.deletionTimestamp, 'the owner is being deleted');
        assert.deepEqual(rs.metadata.finalizers, ['foregroundDeletion']);

        await kubectl(cluster, ['patch', 'cm', 'fg-held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
        await eventually('the owner gone', async () => !(await exists(cluster, ['rs', 'fg'])));
      },
    );
  });
});

describe('namespace controller', () => {
  test('kubectl delete ns removes the content, then the namespace', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new NamespaceController(ctx), new GarbageCollector(ctx)],
      async ({ cluster }) => {
        await kubectl(cluster, ['create', 'namespace', 'team']);
        await kubectl(cluster, ['-n', 'team', 'create', 'configmap', 'settings', '--from-literal=k=v']);
        await kubectl(cluster, ['-n', 'team', 'create', 'secret', 'generic', 'token', '--from-literal=t=s']);
        await kubectl(cluster, ['-n', 'team', 'create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
        await kubectl(cluster, ['-n', 'team', 'create', 'deployment', 'web', '--image=busybox']);
        await kubectl(cluster, ['-n', 'team', 'run', 'loner', '--image=busybox']);

        // Waits until the namespace is gone.
        await kubectl(cluster, ['delete', 'namespace', 'team', '--timeout=45s']);
        const after = await cluster.kubectl(['get', 'namespace', 'team']);
        assert.notEqual(after.code, 0);
        assert.match(after.stderr, /NotFound|not found/);
        for (const kind of ['configmaps', 'secrets', 'services', 'deployments', 'pods']) {
          const list = await getJson<{ items: unknown[] }>(cluster, [kind, '-n', 'team']);
          assert.deepEqual(list.items, [], `${kind} left in the deleted namespace`);
        }
      },
    );
  });
});

describe('node lifecycle controller', () => {
  test('a node whose Lease stops renewing goes Unknown, its pods stop being Ready, then are evicted', { timeout: 60_000 }, async () => {
    await withControllers(
      (ctx) => [new NodeLifecycleController(ctx, { gracePeriodMs: 2_000, startupGracePeriodMs: 2_000, monitorPeriodMs: 250 })],
      async ({ cluster, clientset }) => {
        await registerNode(clientset, 'node-a');
        await registerNode(clientset, 'node-b');
        let renewA = true;
        let stopped = false;
        // The agents' heartbeats, bounded by the test's own timeout.
        const heartbeat = (async () => {
          for (let i = 0; i < 400 && !stopped; i++) {
            await renewLease(clientset, 'node-b');
            if (renewA) await renewLease(clientset, 'node-a');
            await new Promise((resolve) => setTimeout(resolve, 150));
          }
        })();
        try {
          const quickToleration = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }];
          await kubectl(cluster, ['apply', '-f', '-'], podManifest('short', { nodeName: 'node-a', tolerations: quickToleration }));
          await kubectl(cluster, ['apply', '-f', '-'], podManifest('patient', { nodeName: 'node-a' }));
          await kubectl(cluster, ['apply', '-f', '-'], podManifest('elsewhere', { nodeName: 'node-b' }));
          for (const name of ['short', 'patient', 'elsewhere']) {
            await clientset.pods.patch('default', name, 'strategic', { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' });
          }

          renewA = false;
          const ready = await eventually('node-a Ready=Unknown', async () => {
            const node = await getJson<Node>(cluster, ['node', 'node-a']);
            const condition = node.status?.conditions?.find((c) => c.type === 'Ready');
            return condition?.status === 'Unknown' ? condition : undefined;
          });
          assert.equal(ready.reason, 'NodeStatusUnknown');
          assert.equal(ready.message, 'Kubelet stopped posting node status.');
          await eventually('the unreachable NoExecute taint', async () => {
            const node = await getJson<Node>(cluster, ['node', 'node-a']);
            return (node.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
          });
          await eventually('node-a pods not Ready', async () => {
            for (const name of ['short', 'patient']) {
              const pod = await getJson<Pod>(cluster, ['pod', name]);
              if (pod.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'False') return false;
            }
            return true;
          });

          const evicted = await eventually('the short-tolerating pod evicted', async () => {
            const pod = await getJson<Pod>(cluster, ['pod', 'short']);
            return pod.metadata?.deletionTimestamp ? pod : undefined;
          });
          assert.equal(evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason, 'DeletionByTaintManager');
          // The default toleration (300 s, added by the API server) keeps the other pod for now,
          // and the pod on the healthy node is untouched.
          const patient = await getJson<Pod>(cluster, ['pod', 'patient']);
          assert.equal(patient.metadata?.deletionTimestamp, undefined);
          const elsewhere = await getJson<Pod>(cluster, ['pod', 'elsewhere']);
          assert.equal(elsewhere.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
          const node = await getJson<Node>(cluster, ['node', 'node-b']);
          assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');

          // The agent comes back: Lease renewed and Ready reported again; the taints go.
          renewA = true;
          await reportReady(clientset, 'node-a');
          await eventually('node-a untainted', async () => {
            const current = await getJson<Node>(cluster, ['node', 'node-a']);
            return (current.spec?.taints ?? []).length === 0;
          });
        } finally {
          stopped = true;
          await heartbeat;
        }
      },
    );
  });
});
