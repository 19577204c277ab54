import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from './deployment.ts';
import { deploymentGenerationChanged, replicaSetGenerationChanged } from './generation.ts';
import type { ReplicaSet } from './replicaset.ts';
import { storedDeployment, storedReplicaSet } from './testdata/fixtures.ts';

describe('deploymentGenerationChanged', () => {
  const cases: Array<[string, (d: Deployment) => void, boolean]> = [
    ['no change', () => {}, false],
    ['kubectl scale changes spec.replicas', (d) => (d.spec!.replicas = 5), true],
    ['kubectl set image changes the template', (d) => (d.spec!.template!.spec!.containers![0]!.image = 'nginx:1.27'), true],
    ['kubectl rollout pause', (d) => (d.spec!.paused = true), true],
    [
      'kubectl rollout restart adds a template annotation',
      (d) => (d.spec!.template!.metadata!.annotations = { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' }),
      true,
    ],
    ['an annotation is added: the controller copies them to ReplicaSets', (d) => (d.metadata!.annotations = { team: 'a' }), true],
    ['a label change is not a spec change', (d) => (d.metadata!.labels = { app: 'web', tier: 'front' }), false],
    ['a status change is not a spec change', (d) => (d.status = { replicas: 3, observedGeneration: 1 }), false],
    ['a new resourceVersion is not a spec change', (d) => (d.metadata!.resourceVersion = '8'), false],
    ['empty annotations equal none, as nil and empty maps do in Go', (d) => (d.metadata!.annotations = {}), false],
    ['an empty list equals a missing one', (d) => (d.spec!.selector!.matchExpressions = []), false],
    ['a JSON null equals a missing field', (d) => ((d.spec as Record<string, unknown>)['paused'] = null), false],
    ['key order does not matter', (d) => (d.spec = Object.fromEntries(Object.entries(d.spec!).reverse())), false],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const next = storedDeployment();
      change(next);
      assert.equal(deploymentGenerationChanged(next, storedDeployment()), expected);
    });
  }
});

describe('replicaSetGenerationChanged', () => {
  const cases: Array<[string, (rs: ReplicaSet) => void, boolean]> = [
    ['no change', () => {}, false],
    ['the deployment controller scales it', (rs) => (rs.spec!.replicas = 0), true],
    ['minReadySeconds changes', (rs) => (rs.spec!.minReadySeconds = 5), true],
    ['annotations do not count for ReplicaSets', (rs) => (rs.metadata!.annotations = { 'deployment.kubernetes.io/revision': '2' }), false],
    ['status writes do not count', (rs) => (rs.status = { replicas: 3, readyReplicas: 3 }), false],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const next = storedReplicaSet();
      change(next);
      assert.equal(replicaSetGenerationChanged(next, storedReplicaSet()), expected);
    });
  }
});
