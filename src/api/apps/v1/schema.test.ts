import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { openApiSchemas } from '../../openapi/schemas.ts';
import { apiTypes } from '../../schema/fields.ts';
import { Deployment, DeploymentList } from './deployment.ts';
import { ReplicaSet, ReplicaSetList } from './replicaset.ts';
import { kubectlCreateDeploymentJson, storedDeployment, storedReplicaSet, withoutNulls } from './testdata/fixtures.ts';

const KUBECTL_ARGS = ['create', 'deployment', 'web', '--image=nginx', '--replicas=3', '--port=8080', '--dry-run=client', '-o', 'json'];

function assertRoundTrip(schema: { safeParse(input: unknown): { success: boolean; data?: unknown; error?: unknown } }, input: unknown): void {
  const result = schema.safeParse(input);
  assert.ok(result.success, `parse failed: ${String(result.error)}`);
  // zod objects drop keys they do not know, so equality means no field was lost.
  assert.deepEqual(result.data, input);
}

describe('Deployment schema', () => {
  it('keeps every field of what kubectl create deployment sends', () => {
    const sent = kubectlCreateDeploymentJson();
    assert.equal(sent['kind'], 'Deployment');
    assert.deepEqual((sent['spec'] as Record<string, unknown>)['strategy'], {});
    // kubectl writes creationTimestamp: null, which a Go server decodes as unset.
    assertRoundTrip(Deployment, withoutNulls(sent));
  });

  it('matches the kubectl on this machine, when there is one', (t) => {
    const run = spawnSync('kubectl', KUBECTL_ARGS, { encoding: 'utf8', timeout: 30_000 });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      t.skip('no kubectl on PATH');
      return;
    }
    assert.equal(run.status, 0, run.stderr);
    const sent = JSON.parse(run.stdout) as unknown;
    assert.deepEqual(sent, kubectlCreateDeploymentJson(), 'testdata/kubectl-create-deployment.json is out of date');
    assertRoundTrip(Deployment, withoutNulls(sent));
  });

  it('keeps every field of a stored Deployment with status', () => {
    const stored = storedDeployment();
    stored.spec = { ...stored.spec, minReadySeconds: 5, paused: true };
    stored.metadata = { ...stored.metadata, annotations: { 'deployment.kubernetes.io/revision': '2' } };
    stored.status = {
      observedGeneration: 2,
      replicas: 3,
      updatedReplicas: 1,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 1,
      terminatingReplicas: 1,
      collisionCount: 1,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: '2025-01-01T00:00:05Z',
          lastTransitionTime: '2025-01-01T00:00:00Z',
          reason: 'ReplicaSetUpdated',
          message: 'ReplicaSet "web-5d4f8c9b7" is progressing.',
        },
      ],
    };
    assertRoundTrip(Deployment, stored);
    assertRoundTrip(DeploymentList, { apiVersion: 'apps/v1', kind: 'DeploymentList', metadata: { resourceVersion: '9' }, items: [stored] });
  });

  it('drops fields it does not know, so the round trips above can fail', () => {
    const result = Deployment.parse({ spec: { replicas: 1, rollbackTo: { revision: 1 } } });
    assert.deepEqual(result, { spec: { replicas: 1 } });
  });

  it('takes an int or a string for the rolling update limits, nothing else', () => {
    assert.ok(Deployment.safeParse({ spec: { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } } } }).success);
    assert.equal(Deployment.safeParse({ spec: { strategy: { rollingUpdate: { maxSurge: 1.5 } } } }).success, false);
  });
});

describe('ReplicaSet schema', () => {
  it('keeps every field of a ReplicaSet made by the deployment controller', () => {
    const stored = storedReplicaSet();
    stored.spec = { ...stored.spec, minReadySeconds: 5 };
    stored.status = {
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      terminatingReplicas: 0,
      observedGeneration: 1,
      conditions: [{ type: 'ReplicaFailure', status: 'False', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'FailedCreate', message: 'quota' }],
    };
    assertRoundTrip(ReplicaSet, stored);
    assertRoundTrip(ReplicaSetList, { apiVersion: 'apps/v1', kind: 'ReplicaSetList', metadata: {}, items: [stored] });
  });
});

describe('apps/v1 OpenAPI', () => {
  const schemas = openApiSchemas();
  const ns = 'io.k8s.api.apps.v1';
  const property = (type: string, name: string) =>
    ((schemas[`${ns}.${type}`]?.['properties'] ?? {}) as Record<string, Record<string, unknown>>)[name] ?? {};

  it('registers every type under its upstream id', () => {
    const ids = new Set([...apiTypes._idmap.keys()]);
    for (const type of [
      'Deployment',
      'DeploymentSpec',
      'DeploymentStrategy',
      'RollingUpdateDeployment',
      'DeploymentStatus',
      'DeploymentCondition',
      'DeploymentList',
      'ReplicaSet',
      'ReplicaSetSpec',
      'ReplicaSetStatus',
      'ReplicaSetCondition',
      'ReplicaSetList',
    ]) {
      assert.ok(ids.has(`${ns}.${type}`), type);
      assert.ok(schemas[`${ns}.${type}`]?.['description'], `${type} has a description`);
    }
  });

  it('marks strategy retainKeys, so switching to Recreate can clear rollingUpdate', () => {
    assert.equal(property('DeploymentSpec', 'strategy')['x-kubernetes-patch-strategy'], 'retainKeys');
  });

  it('merges status conditions by type', () => {
    for (const type of ['DeploymentStatus', 'ReplicaSetStatus']) {
      const conditions = property(type, 'conditions');
      assert.equal(conditions['x-kubernetes-patch-strategy'], 'merge', type);
      assert.equal(conditions['x-kubernetes-patch-merge-key'], 'type', type);
      assert.deepEqual(conditions['x-kubernetes-list-map-keys'], ['type'], type);
    }
  });

  it('types the rolling update limits as int-or-string', () => {
    const ref = JSON.stringify(property('RollingUpdateDeployment', 'maxSurge'));
    assert.match(ref, /io\.k8s\.apimachinery\.pkg\.util\.intstr\.IntOrString/);
  });

  it('shows the fields upstream requires as required', () => {
    assert.deepEqual(schemas[`${ns}.DeploymentSpec`]?.['required'], ['selector', 'template']);
    assert.deepEqual(schemas[`${ns}.ReplicaSetSpec`]?.['required'], ['selector']);
    assert.deepEqual(schemas[`${ns}.DeploymentCondition`]?.['required'], ['type', 'status']);
    assert.deepEqual(schemas[`${ns}.ReplicaSetStatus`]?.['required'], ['replicas']);
  });
});
