import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { tableCells } from './table.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27' },
      { name: 'log', image: 'busybox:1.36' },
    ],
  },
};

function workload(kind: string, spec: object, status: object): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(7 * MIN + 5_000) },
    spec,
    status,
  };
}

describe('replicaset rows', () => {
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'scaled up and ready',
      workload(
        'ReplicaSet',
        { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f7c' } }, template },
        { replicas: 3, readyReplicas: 2, availableReplicas: 2 },
      ),
      ['web', 3, 3, 2, '7m5s', 'web,log', 'nginx:1.27,busybox:1.36', 'app=web,pod-template-hash=5d8f7c'],
    ],
    [
      'empty selector reads <none>, missing counts 0',
      workload('ReplicaSet', { selector: {} }, {}),
      ['web', 0, 0, 0, '7m5s', '', '', '<none>'],
    ],
    [
      'a selector that does not convert reads <error>',
      workload('ReplicaSet', { replicas: 1, selector: { matchExpressions: [{ key: 'app', operator: 'Like' }] } }, {}),
      ['web', 1, 0, 0, '7m5s', '', '', '<error>'],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('replicasets', object, NOW), want));
  }
});

describe('deployment rows', () => {
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'rolling out',
      workload(
        'Deployment',
        {
          replicas: 3,
          selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
          template,
        },
        { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 },
      ),
      ['web', '3/3', 1, 3, '7m5s', 'web,log', 'nginx:1.27,busybox:1.36', 'app=web,tier in (a,b)'],
    ],
    [
      'empty or missing selector reads empty (unlike replicasets)',
      workload('Deployment', { replicas: 2 }, {}),
      ['web', '0/2', 0, 0, '7m5s', '', '', ''],
    ],
    [
      'a selector that does not convert reads <invalid>',
      workload('Deployment', { replicas: 1, selector: { matchLabels: { 'bad key!': 'x' } } }, {}),
      ['web', '0/1', 0, 0, '7m5s', '', '', '<invalid>'],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('deployments', object, NOW), want));
  }
});

describe('configmap, secret and lease rows', () => {
  const meta = { name: 'cfg', namespace: 'default', creationTimestamp: ago(45_000) };
  it('configmap DATA counts text and binary keys', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { a: '1', b: '2' }, binaryData: { c: 'AAE=' } };
    assert.deepEqual(tableCells('configmaps', cm, NOW), ['cfg', 3, '45s']);
    assert.deepEqual(tableCells('configmaps', { ...cm, data: undefined, binaryData: undefined }, NOW), ['cfg', 0, '45s']);
  });
  it('secret TYPE and DATA', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta,
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' },
    };
    assert.deepEqual(tableCells('secrets', secret, NOW), ['cfg', 'kubernetes.io/tls', 2, '45s']);
    const unmerged = { ...secret, type: 'Opaque', stringData: { 'tls.key': 'k', extra: 'x' } };
    assert.deepEqual(tableCells('secrets', unmerged, NOW), ['cfg', 'Opaque', 3, '45s']);
  });
  it('lease HOLDER, empty when nobody holds it', () => {
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: meta,
      spec: { holderIdentity: 'node-a_7f3c', leaseDurationSeconds: 40 },
    };
    assert.deepEqual(tableCells('leases', lease, NOW), ['cfg', 'node-a_7f3c', '45s']);
    assert.deepEqual(tableCells('leases', { ...lease, spec: {} }, NOW), ['cfg', '', '45s']);
  });
});

describe('default rows', () => {
  it('name and creation time as RFC 3339 (UTC, whole seconds)', () => {
    const object: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', creationTimestamp: '2026-02-28T23:30:00+02:00' },
    };
    assert.deepEqual(tableCells('widgets', object, NOW), ['w', '2026-02-28T21:30:00Z']);
    assert.deepEqual(tableCells('widgets', { metadata: { name: 'v' } }, NOW), ['v', '0001-01-01T00:00:00Z']);
  });
});
