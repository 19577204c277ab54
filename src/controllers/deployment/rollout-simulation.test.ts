// Rollouts played out step by step against an in-memory cluster: the deployment plan's writes
// are applied, a stand-in ReplicaSet controller creates and deletes Pods (new Pods become
// available one step later; a scale-down removes unavailable Pods first), and the limits a user
// relies on are checked after every step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from '../../api/apps/v1/index.ts';
import { formatTime } from '../../api/meta/time.ts';
import { T0, deployment } from '../pod-ownership/workload.fixtures.ts';
import { planDeployment } from './plan.ts';
import { maxSurge as surgeOf, maxUnavailable as unavailableOf } from './rollout-math.ts';

interface World {
  deployment: Deployment;
  replicaSets: ReplicaSet[];
  /** Pods created in the last step: not available yet. */
  fresh: Map<string, number>;
  now: number;
  uid: number;
}

function syncOnce(world: World): number {
  const plan = planDeployment({ deployment: world.deployment, replicaSets: world.replicaSets, pods: [], now: world.now });
  for (const action of plan.actions) {
    switch (action.type) {
      case 'createReplicaSet': {
        const rs = structuredClone(action.replicaSet);
        rs.metadata = { ...rs.metadata, uid: `rs-${++world.uid}`, generation: 1, creationTimestamp: formatTime(world.now) };
        rs.status = { replicas: 0 };
        world.replicaSets.push(rs);
        break;
      }
      case 'updateReplicaSet': {
        const stored = world.replicaSets.find((rs) => rs.metadata?.name === action.replicaSet.metadata?.name);
        assert.ok(stored);
        stored.metadata = { ...stored.metadata, annotations: action.replicaSet.metadata?.annotations };
        stored.spec = action.replicaSet.spec;
        break;
      }
      case 'deleteReplicaSet':
        world.replicaSets = world.replicaSets.filter((rs) => rs.metadata?.name !== action.replicaSet.metadata?.name);
        break;
      case 'updateDeploymentStatus':
        // Upstream's deployments/status keeps the annotations sent (the revision rides along).
        world.deployment = {
          ...world.deployment,
          metadata: { ...world.deployment.metadata, annotations: action.deployment.metadata?.annotations },
          status: action.deployment.status,
        };
        break;
      default:
        break;
    }
  }
  return plan.actions.length;
}

/** The ReplicaSet controller's part, then one step of time. */
function runPods(world: World, check: (phase: string) => void): void {
  for (const rs of world.replicaSets) {
    const name = rs.metadata?.name ?? '';
    const want = rs.spec?.replicas ?? 0;
    const have = rs.status?.replicas ?? 0;
    const fresh = world.fresh.get(name) ?? 0;
    let available = rs.status?.availableReplicas ?? 0;
    if (want < have) {
      const unavailable = have - available;
      available -= Math.max(0, have - want - unavailable);
      world.fresh.set(name, Math.max(0, fresh - (have - want)));
      rs.status = { ...rs.status, replicas: want, readyReplicas: available, availableReplicas: available, observedGeneration: 1 };
    }
  }
  check('after deletions');
  for (const rs of world.replicaSets) {
    const name = rs.metadata?.name ?? '';
    const want = rs.spec?.replicas ?? 0;
    const have = rs.status?.replicas ?? 0;
    const available = Math.min(want, (rs.status?.availableReplicas ?? 0) + (world.fresh.get(name) ?? 0));
    world.fresh.set(name, Math.max(0, want - have));
    rs.status = { ...rs.status, replicas: want, readyReplicas: available, availableReplicas: available, observedGeneration: 1 };
  }
  check('after creations');
  world.now += 1000;
}

function rollOut(start: Deployment, change: (d: Deployment) => Deployment, check: (world: World, phase: string) => void): World {
  const world: World = { deployment: start, replicaSets: [], fresh: new Map(), now: T0 + 3600_000, uid: 0 };
  const settle = () => {
    for (let step = 0; step < 200; step++) {
      const wrote = syncOnce(world);
      runPods(world, (phase) => check(world, phase));
      if (wrote === 0 && world.fresh.size > 0 && [...world.fresh.values()].every((n) => n === 0)) return;
    }
    assert.fail('the rollout did not settle within 200 steps');
  };
  settle();
  world.deployment = change(world.deployment);
  settle();
  return world;
}

const total = (world: World, field: 'replicas' | 'availableReplicas') => world.replicaSets.reduce((sum, rs) => sum + (rs.status?.[field] ?? 0), 0);

describe('a rolling update stays within maxSurge and maxUnavailable at every step', () => {
  const cases: [replicas: number, surge: number | string, unavailable: number | string][] = [
    [10, '25%', '25%'],
    [4, 0, 1],
    [4, 1, 0],
    [3, '50%', 0],
    [1, 0, 1],
    [7, 2, 3],
  ];
  for (const [replicas, surge, unavailable] of cases) {
    it(`${replicas} replicas, maxSurge ${surge}, maxUnavailable ${unavailable}`, () => {
      const start = deployment({ replicas, maxSurge: surge, maxUnavailable: unavailable });
      let rolling = false;
      const world = rollOut(
        start,
        (d) => {
          rolling = true;
          const next = structuredClone(d);
          next.spec!.template!.spec!.containers![0]!.image = 'app:2';
          next.metadata!.generation = 2;
          return next;
        },
        (w, phase) => {
          if (!rolling) return;
          const minAvailable = replicas - unavailableOf(w.deployment);
          const maxPods = replicas + surgeOf(w.deployment);
          assert.ok(total(w, 'availableReplicas') >= minAvailable, `${phase}: ${total(w, 'availableReplicas')} available, minimum ${minAvailable}`);
          assert.ok(total(w, 'replicas') <= maxPods, `${phase}: ${total(w, 'replicas')} pods, maximum ${maxPods}`);
        },
      );
      const images = world.replicaSets.filter((rs) => (rs.spec?.replicas ?? 0) > 0).map((rs) => rs.spec?.template?.spec?.containers?.[0]?.image);
      assert.deepEqual(images, ['app:2']);
      const status = world.deployment.status;
      assert.deepEqual([status?.replicas, status?.updatedReplicas, status?.availableReplicas], [replicas, replicas, replicas]);
      assert.equal(status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');
    });
  }
});

describe('Recreate never runs old and new Pods together', () => {
  it('3 replicas', () => {
    let rolling = false;
    const world = rollOut(
      deployment({ replicas: 3, strategy: { type: 'Recreate' } }),
      (d) => {
        rolling = true;
        const next = structuredClone(d);
        next.spec!.template!.spec!.containers![0]!.image = 'app:2';
        next.metadata!.generation = 2;
        return next;
      },
      (w) => {
        if (!rolling) return;
        const running = w.replicaSets.filter((rs) => (rs.status?.replicas ?? 0) > 0);
        assert.ok(running.length <= 1, 'old and new Pods at once');
      },
    );
    assert.equal(world.deployment.status?.updatedReplicas, 3);
  });
});
