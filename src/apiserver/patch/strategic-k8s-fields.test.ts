// Strategic merge patch on the Kubernetes fields whose merge keys kubesvc serves (see
// testdata/schemas.ts), on kinds without a schema, and on hostile keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.ts';
import { unknownPatchSchema } from './schema.ts';
import type { PatchSchema } from './schema.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { deploymentSchema, mergeItemSchema, podSchema, serviceSchema } from './testdata/schemas.ts';

interface Case {
  name: string;
  schema: PatchSchema;
  live: JsonObject;
  patch: JsonObject;
  want: JsonObject;
}

const cases: Case[] = [
  {
    name: 'finalizers form a union (metadata.finalizers is a merge set)',
    schema: serviceSchema,
    live: { metadata: { finalizers: ['a', 'b'] } },
    patch: { metadata: { finalizers: ['b', 'c'] } },
    want: { metadata: { finalizers: ['a', 'b', 'c'] } },
  },
  {
    name: 'ownerReferences merge by uid',
    schema: podSchema,
    live: { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1' }, { uid: 'u2', kind: 'Job', name: 'j' }] } },
    patch: { metadata: { ownerReferences: [{ uid: 'u1', controller: true }] } },
    want: { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1', controller: true }, { uid: 'u2', kind: 'Job', name: 'j' }] } },
  },
  {
    name: 'pod status conditions merge by type',
    schema: podSchema,
    live: { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } },
    patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    want: { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] } },
  },
  {
    name: 'service ports merge by port; clusterIPs (atomic) are replaced',
    schema: serviceSchema,
    live: { spec: { clusterIPs: ['127.96.0.5'], ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] } },
    patch: { spec: { clusterIPs: ['127.96.0.6'], ports: [{ port: 80, targetPort: 9090 }] } },
    want: { spec: { clusterIPs: ['127.96.0.6'], ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] } },
  },
  {
    name: 'kubectl set image (real body): only the named container changes',
    schema: deploymentSchema,
    live: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }] } } } },
    patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ image: 'y:2', name: 'b' }] } } } },
    want: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:2' }] } } } },
  },
  {
    name: 'kubectl rollout restart: adds a template annotation',
    schema: deploymentSchema,
    live: { spec: { template: { metadata: { labels: { app: 'a' } } } } },
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
    want: { spec: { template: { metadata: { labels: { app: 'a' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } } } } },
  },
  {
    name: 'Deployment strategy without $retainKeys merges (rollingUpdate stays)',
    schema: deploymentSchema,
    live: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } },
    patch: { spec: { strategy: { type: 'Recreate' } } },
    want: { spec: { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: '25%' } } } },
  },
  {
    name: 'volumes (merge,retainKeys): $retainKeys on one volume clears its old source',
    schema: podSchema,
    live: { spec: { volumes: [{ name: 'v', emptyDir: {} }, { name: 'w', secret: { secretName: 's' } }] } },
    patch: { spec: { volumes: [{ name: 'v', $retainKeys: ['configMap', 'name'], configMap: { name: 'c' } }] } },
    want: { spec: { volumes: [{ name: 'v', configMap: { name: 'c' } }, { name: 'w', secret: { secretName: 's' } }] } },
  },
  {
    name: 'container args (atomic) are replaced; env merges by name',
    schema: podSchema,
    live: { spec: { containers: [{ name: 'c', args: ['a', 'b'], env: [{ name: 'X', value: '1' }] }] } },
    patch: { spec: { containers: [{ name: 'c', args: ['z'], env: [{ name: 'X', value: '2' }] }] } },
    want: { spec: { containers: [{ name: 'c', args: ['z'], env: [{ name: 'X', value: '2' }] }] } },
  },
  {
    name: 'env var valueFrom can be removed with null',
    schema: podSchema,
    live: { spec: { containers: [{ name: 'c', env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }] } },
    patch: { spec: { containers: [{ name: 'c', env: [{ name: 'X', value: 'v', valueFrom: null }] }] } },
    want: { spec: { containers: [{ name: 'c', env: [{ name: 'X', value: 'v' }] }] } },
  },
  {
    name: 'unknown schema: lists are replaced, maps merge',
    schema: unknownPatchSchema,
    live: { spec: { items: [{ name: 'a' }, { name: 'b' }], settings: { x: 1, y: 2 } } },
    patch: { spec: { items: [{ name: 'c' }], settings: { y: null, z: 3 } } },
    want: { spec: { items: [{ name: 'c' }], settings: { x: 1, z: 3 } } },
  },
  {
    name: 'a field missing from a known schema behaves as unknown',
    schema: podSchema,
    live: { spec: { futureList: [1, 2], futureMap: { a: 1 } } },
    patch: { spec: { futureList: [3], futureMap: { b: 2 } } },
    want: { spec: { futureList: [3], futureMap: { a: 1, b: 2 } } },
  },
  {
    name: 'replace strategy drops a $patch marker and keeps the rest',
    schema: mergeItemSchema,
    live: { replacingItem: { a: 1 } },
    patch: { replacingItem: { $patch: 'delete', b: 2 } },
    want: { replacingItem: { b: 2 } },
  },
];

describe('applyStrategicMergePatch: Kubernetes fields', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(applyStrategicMergePatch(c.live, c.patch, c.schema), c.want);
    });
  }

  it('keeps a "__proto__" key as plain data', () => {
    const patch = JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}},"__proto__":{"x":1}}') as JsonObject;
    const result = applyStrategicMergePatch({ metadata: { labels: {} } }, patch, podSchema);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(result, '__proto__'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
  });
});
