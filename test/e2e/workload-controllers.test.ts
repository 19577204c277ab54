// The ReplicaSet and Deployment controllers running in-process against a real API server, driven
// by kubectl the way a user would. There is no node agent: a helper marks Pods Running and Ready
// through the status subresource, and Pods stay unscheduled (so deletes take effect at once).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from '../../src/api/apps/v1/index.ts';
import type { Pod } from '../../src/api/core/v1/pod.ts';
import type { Clientset } from '../../src/client/contract.ts';
import { DeploymentController } from '../../src/controllers/deployment/index.ts';
import { ReplicaSetController, type ReplicaSetControllerOptions } from '../../src/controllers/replicaset/index.ts';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { controllerContextFor, eventually } from '../support/client.ts';

const NS = 'default';
const REVISION = 'deployment.kubernetes.io/revision';

interface Workloads {
  readonly cluster: TestCluster;
  readonly clients: Clientset;
  kubectl(...args: string[]): Promise<string>;
}

interface RunningControllers {
  stop(): Promise<void>;
}

/** Starts both controllers on their own context (their own informers and connections). */
function startControllers(cluster: TestCluster, options: { replicaSet?: ReplicaSetControllerOptions; deployments?: boolean } = {}): RunningControllers {
  const ctx = controllerContextFor(cluster);
  const abort = new AbortController();
  const controllers = [new ReplicaSetController(ctx, options.replicaSet ?? {})];
  const deploymentController = options.deployments === false ? [] : [new DeploymentController(ctx)];
  ctx.informers.start(abort.signal);
  const runs = [...controllers, ...deploymentController].map((c) => c.run(abort.signal));
  return {
    async stop() {
      abort.abort();
      await Promise.allSettled(runs);
      ctx.close();
    },
  };
}

async function withWorkloads(body: (w: Workloads) => Promise<void>, options: { controllers?: boolean } = {}): Promise<void> {
  const cluster = await startTestCluster();
  const controllers = options.controllers === false ? undefined : startControllers(cluster);
  const ctx = controllerContextFor(cluster);
  try {
    await body({
      cluster,
      clients: ctx.clientset,
      async kubectl(...args) {
        const result = await cluster.kubectl(args);
        assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
        return result.stdout;
      },
    });
  } finally {
    await controllers?.stop();
    ctx.close();
    await cluster.stop();
  }
}

const isReady = (pod: Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const imageOf = (pod: Pod | ReplicaSet | Deployment) =>
  'spec' in pod && pod.spec && 'template' in pod.spec ? pod.spec.template?.spec?.containers?.[0]?.image : (pod as Pod).spec?.containers?.[0]?.image;

async function pods(clients: Clientset, selector = 'app=web'): Promise<Pod[]> {
  return (await clients.pods.list(NS, { labelSelector: selector })).items;
}

/** What a node agent would report once a Pod's containers run and pass readiness. */
async function markReady(clients: Clientset, pod: Pod): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await clients.pods.patch(
    NS,
    pod.metadata?.name ?? '',
    'merge',
    {
      status: {
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: now },
          { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
        ],
      },
    },
    { subresource: 'status' },
  );
}

/** Marks every Pod matching `selector` ready as it appears, until stopped. */
function readinessHelper(clients: Clientset, selector = 'app=web'): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    const deadline = Date.now() + 120_000;
    while (running && Date.now() < deadline) {
      for (const pod of await pods(clients, selector).catch(() => [])) {
        if (!isReady(pod) && !pod.metadata?.deletionTimestamp) await markReady(clients, pod).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * Follows the Pods of `selector` from a list through a watch and calls `check` with the live set after every
 * event, so a transient state between two polls cannot be missed.
 */
function watchPods(clients: Clientset, start: { items: Pod[]; resourceVersion: string }, check: (live: ReadonlyMap<string, Pod>) => void, selector = 'app=web') {
  const live = new Map<string, Pod>(start.items.map((pod) => [pod.metadata?.name ?? '', pod]));
  const stream = clients.pods.watch(NS, { labelSelector: selector, resourceVersion: start.resourceVersion });
  const done = (async () => {
    for await (const event of stream) {
      const name = event.object.metadata?.name ?? '';
      if (event.type === 'ADDED' || event.type === 'MODIFIED') live.set(name, event.object);
      else if (event.type === 'DELETED') live.delete(name);
      else continue;
      check(live);
    }
  })();
  return {
    async stop() {
      stream.stop();
      await done.catch(() => undefined);
    },
  };
}

async function deploymentOf(clients: Clientset, name = 'web'): Promise<Deployment> {
  return clients.deployments.get(NS, name);
}

function deploymentManifest(options: { replicas: number; image: string; strategy?: string; maxSurge?: number; maxUnavailable?: number }): string {
  const strategy =
    options.strategy === 'Recreate'
      ? { type: 'Recreate' }
      : { type: 'RollingUpdate', rollingUpdate: { maxSurge: options.maxSurge ?? 1, maxUnavailable: options.maxUnavailable ?? 1 } };
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: options.image }] } },
    },
  });
}

async function rolloutStatus(w: Workloads): Promise<string> {
  return w.kubectl('rollout', 'status', 'deployment/web', '--timeout=45s');
}

describe('workload controllers', () => {
  it('a Deployment scaled 3 → 10 → 0 creates and removes Pods through one ReplicaSet', { timeout: 60_000 }, async () => {
    await withWorkloads(async (w) => {
      await w.kubectl('create', 'deployment', 'web', '--image=app:1', '--replicas=3');
      const exactly = (n: number) => eventually(`${n} pods`, async () => (await pods(w.clients)).length === n);
      await exactly(3);
      await w.kubectl('scale', 'deployment/web', '--replicas=10');
      await exactly(10);
      await w.kubectl('scale', 'deployment/web', '--replicas=0');
      await exactly(0);
      const replicaSets = (await w.clients.replicaSets.list(NS)).items;
      assert.equal(replicaSets.length, 1);
      const rs = replicaSets[0]!;
      assert.match(rs.metadata?.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
      assert.equal(rs.metadata?.annotations?.[REVISION], '1');
      assert.equal(rs.spec?.replicas, 0);
      await eventually('the Deployment status reports 0 replicas', async () => {
        const current = await deploymentOf(w.clients);
        return current.status?.observedGeneration === current.metadata?.generation && (current.status?.replicas ?? 0) === 0;
      });
      // What a user reads back: the rollout's events in `kubectl describe`.
      const rsName = rs.metadata!.name!;
      const described = await eventually('describe shows the scaling events', async () => {
        const text = await w.kubectl('describe', 'deployment', 'web');
        return /Scaled down replica set/.test(text) && text;
      });
      assert.match(described, /Replicas:\s+0 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable/);
      assert.match(described, new RegExp(`NewReplicaSet:\\s+${rsName} \\(0/0 replicas created\\)`));
      for (const line of [`Scaled up replica set ${rsName} to 3`, `Scaled up replica set ${rsName} to 10 from 3`, `Scaled down replica set ${rsName} to 0 from 10`]) {
        assert.match(described, new RegExp(`Normal\\s+ScalingReplicaSet\\s+.*deployment-controller\\s+${line}\\n`));
      }
      const podEvents = await w.kubectl('describe', 'replicaset', rsName);
      assert.match(podEvents, /Normal\s+SuccessfulCreate\s+.*replicaset-controller\s+Created pod: web-/);
      assert.match(podEvents, /Normal\s+SuccessfulDelete\s+.*replicaset-controller\s+Deleted pod: web-/);
    });
  });

  it('a rolling update keeps availability and surge within bounds at every Pod event; rollout status, history and undo', { timeout: 60_000 }, async () => {
    await withWorkloads(async (w) => {
      const replicas = 4;
      const maxSurge = 1;
      const maxUnavailable = 1;
      const ready = readinessHelper(w.clients);
      try {
        const applied = await w.cluster.kubectl(['apply', '-f', '-'], deploymentManifest({ replicas, image: 'app:1', maxSurge, maxUnavailable }));
        assert.equal(applied.code, 0, applied.stderr);
        assert.match(await rolloutStatus(w), /deployment "web" successfully rolled out/);

        const start = await w.clients.pods.list(NS, { labelSelector: 'app=web' });
        const violations: string[] = [];
        let events = 0;
        const watch = watchPods(w.clients, start, (live) => {
          events++;
          const all = [...live.values()].filter((pod) => !pod.metadata?.deletionTimestamp);
          const available = all.filter(isReady).length;
          if (available < replicas - maxUnavailable) violations.push(`${available} available of ${all.length} pods`);
          if (all.length > replicas + maxSurge) violations.push(`${all.length} pods exist`);
        });
        try {
          await w.kubectl('set', 'image', 'deployment/web', 'app=app:2');
          assert.match(await rolloutStatus(w), /deployment "web" successfully rolled out/);
          await eventually('all pods on app:2', async () => {
            const current = await pods(w.clients);
            return current.length === replicas && current.every((pod) => imageOf(pod) === 'app:2');
          });
        } finally {
          await watch.stop();
        }
        assert.deepEqual(violations, []);
        assert.ok(events > replicas, `the watch saw the rollout (${events} events)`);

        const history = await w.kubectl('rollout', 'history', 'deployment/web');
        assert.match(history, /REVISION\s+CHANGE-CAUSE/);
        assert.match(history, /^1\s+<none>$/m);
        assert.match(history, /^2\s+<none>$/m);
        const revision2 = await w.kubectl('rollout', 'history', 'deployment/web', '--revision=2');
        assert.match(revision2, /Image:\s+app:2/);

        assert.match(await w.kubectl('rollout', 'undo', 'deployment/web'), /rolled back/);
        assert.match(await rolloutStatus(w), /successfully rolled out/);
        assert.equal(imageOf(await deploymentOf(w.clients)), 'app:1');
        await eventually('all pods back on app:1', async () => {
          const current = await pods(w.clients);
          return current.length === replicas && current.every((pod) => imageOf(pod) === 'app:1');
        });
        // The first ReplicaSet came back as revision 3; revision 1 is no longer listed.
        const afterUndo = await w.kubectl('rollout', 'history', 'deployment/web');
        assert.match(afterUndo, /^2\s+<none>$/m);
        assert.match(afterUndo, /^3\s+<none>$/m);
        assert.doesNotMatch(afterUndo, /^1\s+/m);
        const replicaSets = (await w.clients.replicaSets.list(NS)).items;
        assert.equal(replicaSets.length, 2, 'undo re-used the first ReplicaSet');
        const reused = replicaSets.find((rs) => imageOf(rs) === 'app:1');
        assert.equal(reused?.metadata?.annotations?.[REVISION], '3');
        assert.equal(reused?.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
      } finally {
        await ready.stop();
      }
    });
  });

  it('rollout pause holds template changes but not scaling; resume rolls them out', { timeout: 60_000 }, async () => {
    await withWorkloads(async (w) => {
      const ready = readinessHelper(w.clients);
      try {
        const applied = await w.cluster.kubectl(['apply', '-f', '-'], deploymentManifest({ replicas: 2, image: 'app:1' }));
        assert.equal(applied.code, 0, applied.stderr);
        await rolloutStatus(w);
        await w.kubectl('rollout', 'pause', 'deployment/web');
        await w.kubectl('set', 'image', 'deployment/web', 'app=app:3');
        await w.kubectl('scale', 'deployment/web', '--replicas=3');
        const paused = await eventually('the paused change observed', async () => {
          const d = await deploymentOf(w.clients);
          const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
          return d.status?.observedGeneration === d.metadata?.generation && progressing?.reason === 'DeploymentPaused' && d;
        });
        assert.equal(paused.spec?.paused, true);
        await eventually('3 pods while paused', async () => (await pods(w.clients)).length === 3);
        const whilePaused = (await w.clients.replicaSets.list(NS)).items;
        assert.deepEqual(whilePaused.map(imageOf), ['app:1'], 'no ReplicaSet for app:3 while paused');
        assert.ok((await pods(w.clients)).every((pod) => imageOf(pod) === 'app:1'));

        await w.kubectl('rollout', 'resume', 'deployment/web');
        assert.match(await rolloutStatus(w), /successfully rolled out/);
        await eventually('3 pods on app:3', async () => {
          const current = await pods(w.clients);
          return current.length === 3 && current.every((pod) => imageOf(pod) === 'app:3');
        });
      } finally {
        await ready.stop();
      }
    });
  });

  it('Recreate removes every old Pod before the first new one appears', { timeout: 60_000 }, async () => {
    await withWorkloads(async (w) => {
      const ready = readinessHelper(w.clients);
      try {
        const applied = await w.cluster.kubectl(['apply', '-f', '-'], deploymentManifest({ replicas: 3, image: 'app:1', strategy: 'Recreate' }));
        assert.equal(applied.code, 0, applied.stderr);
        await rolloutStatus(w);
        const start = await w.clients.pods.list(NS, { labelSelector: 'app=web' });
        const mixed: string[] = [];
        const watch = watchPods(w.clients, start, (live) => {
          const images = new Set([...live.values()].map((pod) => imageOf(pod)));
          if (images.size > 1) mixed.push([...images].join(','));
        });
        try {
          await w.kubectl('set', 'image', 'deployment/web', 'app=app:2');
          assert.match(await rolloutStatus(w), /successfully rolled out/);
          await eventually('3 pods on app:2', async () => {
            const current = await pods(w.clients);
            return current.length === 3 && current.every((pod) => imageOf(pod) === 'app:2');
          });
        } finally {
          await watch.stop();
        }
        assert.deepEqual(mixed, []);
      } finally {
        await ready.stop();
      }
    });
  });

  it('a ReplicaSet scaled down deletes its not-ready Pods first', { timeout: 60_000 }, async () => {
    await withWorkloads(async (w) => {
      const rs = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'cache', namespace: NS },
        spec: {
          replicas: 4,
          selector: { matchLabels: { app: 'cache' } },
          template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'app', image: 'cache:1' }] } },
        },
      };
      const applied = await w.cluster.kubectl(['apply', '-f', '-'], JSON.stringify(rs));
      assert.equal(applied.code, 0, applied.stderr);
      const created = await eventually('4 pods', async () => {
        const current = await pods(w.clients, 'app=cache');
        return current.length === 4 && current;
      });
      const readyOnes = created.slice(0, 2);
      for (const pod of readyOnes) await markReady(w.clients, pod);
      await eventually('2 ready in status', async () => (await w.clients.replicaSets.get(NS, 'cache')).status?.readyReplicas === 2);
      await w.kubectl('scale', 'replicaset/cache', '--replicas=2');
      const remaining = await eventually('2 pods left', async () => {
        const current = await pods(w.clients, 'app=cache');
        return current.length === 2 && current;
      });
      assert.deepEqual(remaining.map((p) => p.metadata?.name).sort(), readyOnes.map((p) => p.metadata?.name).sort());
      const events = await w.kubectl('get', 'events', '--field-selector', 'involvedObject.name=cache', '-o', 'jsonpath={.items[*].reason}');
      assert.match(events, /SuccessfulCreate/);
      assert.match(events, /SuccessfulDelete/);
    });
  });

  it('a ReplicaSet adopts a matching orphan Pod and releases a Pod relabeled away', { timeout: 60_000 }, async () => {
    await withWorkloads(async (w) => {
      await w.clients.pods.create(NS, { metadata: { name: 'stray', labels: { app: 'adopt' } }, spec: { containers: [{ name: 'app', image: 'adopt:1' }] } });
      const rs = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'adopter', namespace: NS },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'adopt' } },
          template: { metadata: { labels: { app: 'adopt' } }, spec: { containers: [{ name: 'app', image: 'adopt:1' }] } },
        },
      };
      const applied = await w.cluster.kubectl(['apply', '-f', '-'], JSON.stringify(rs));
      assert.equal(applied.code, 0, applied.stderr);
      const owned = await eventually('2 owned pods, the stray among them', async () => {
        const current = await pods(w.clients, 'app=adopt');
        const ownedByRS = current.filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.name === 'adopter'));
        return current.length === 2 && ownedByRS.length === 2 && current;
      });
      assert.ok(owned.some((p) => p.metadata?.name === 'stray'), 'the orphan was adopted instead of a third pod being created');
      await w.kubectl('label', 'pod', 'stray', 'app=debug', '--overwrite');
      await eventually('the relabeled pod released and replaced', async () => {
        const stray = await w.clients.pods.get(NS, 'stray');
        const current = await pods(w.clients, 'app=adopt');
        return (stray.metadata?.ownerReferences ?? []).length === 0 && current.length === 2;
      });
    });
  });

  it('a controller restarted in the middle of a scale-up ends with exactly spec.replicas Pods', { timeout: 60_000 }, async () => {
    await withWorkloads(
      async (w) => {
        const replicas = 30;
        const rs = {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: { name: 'batch', namespace: NS },
          spec: {
            replicas: 0,
            selector: { matchLabels: { app: 'batch' } },
            template: { metadata: { labels: { app: 'batch' } }, spec: { containers: [{ name: 'app', image: 'batch:1' }] } },
          },
        };
        const applied = await w.cluster.kubectl(['apply', '-f', '-'], JSON.stringify(rs));
        assert.equal(applied.code, 0, applied.stderr);
        const start = await w.clients.pods.list(NS, { labelSelector: 'app=batch' });
        let most = 0;
        const watch = watchPods(w.clients, start, (live) => (most = Math.max(most, live.size)), 'app=batch');
        try {
          // The first instance creates at most 5 Pods per sync, so it is stopped part-way.
          const first = startControllers(w.cluster, { replicaSet: { burstReplicas: 5 }, deployments: false });
          await w.kubectl('scale', 'replicaset/batch', `--replicas=${replicas}`);
          await eventually('some pods', async () => (await pods(w.clients, 'app=batch')).length >= 5);
          await first.stop();
          const partial = (await pods(w.clients, 'app=batch')).length;
          assert.ok(partial < replicas, `stopped part-way (${partial} pods)`);

          const second = startControllers(w.cluster, { deployments: false });
          try {
            await eventually(`${replicas} pods`, async () => (await pods(w.clients, 'app=batch')).length === replicas);
            await eventually('status caught up', async () => {
              const current = await w.clients.replicaSets.get(NS, 'batch');
              return current.status?.replicas === replicas && current.status?.observedGeneration === current.metadata?.generation;
            });
          } finally {
            await second.stop();
          }
        } finally {
          await watch.stop();
        }
        const final = await pods(w.clients, 'app=batch');
        assert.equal(final.length, replicas);
        assert.equal(new Set(final.map((p) => p.metadata?.name)).size, replicas);
        assert.ok(final.every((p) => p.metadata?.ownerReferences?.[0]?.name === 'batch'));
        assert.equal(most, replicas, 'never more Pods than replicas');
      },
      { controllers: false },
    );
  });
});
