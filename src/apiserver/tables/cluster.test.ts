import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { tableCells } from './table.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;
const DAY = 86_400_000;

describe('namespace rows', () => {
  it('name, phase, age', () => {
    const ns: KubeObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', creationTimestamp: ago(3 * DAY + 4 * 3_600_000) },
      status: { phase: 'Active' },
    };
    assert.deepEqual(tableCells('namespaces', ns, NOW), ['team-a', 'Active', '3d4h']);
    const terminating = { ...ns, status: { phase: 'Terminating' } };
    assert.equal(tableCells('namespaces', terminating, NOW)[1], 'Terminating');
    assert.deepEqual(tableCells('namespaces', { metadata: { name: 'x' } }, NOW), ['x', '', '<unknown>']);
  });
});

function node(
  labels: Record<string, string>,
  conditions: unknown[],
  extra: { unschedulable?: boolean; addresses?: unknown[] } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-a', labels, creationTimestamp: ago(400 * DAY) },
    spec: extra.unschedulable === undefined ? {} : { unschedulable: extra.unschedulable },
    status: {
      conditions,
      addresses: extra.addresses ?? [
        { type: 'Hostname', address: 'node-a' },
        { type: 'InternalIP', address: '192.168.1.10' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.5',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-28-amd64',
        containerRuntimeVersion: 'containerd://1.7.24',
      },
    },
  };
}

describe('node rows', () => {
  const readyTrue = { type: 'Ready', status: 'True', reason: 'KubeletReady' };
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'ready control plane',
      node({ 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'node-a' }, [
        { type: 'MemoryPressure', status: 'False' },
        readyTrue,
      ]),
      ['node-a', 'Ready', 'control-plane', '400d', 'v1.32.5'],
    ],
    [
      'not ready, roles sorted and merged with kubernetes.io/role',
      node({ 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/ingress': 'true', 'kubernetes.io/role': 'edge' }, [
        { type: 'Ready', status: 'False' },
      ]),
      ['node-a', 'NotReady', 'edge,ingress,worker', '400d', 'v1.32.5'],
    ],
    ['no Ready condition → Unknown, no roles', node({}, []), ['node-a', 'Unknown', '<none>', '400d', 'v1.32.5']],
    [
      'Ready condition Unknown reads NotReady; cordoned adds SchedulingDisabled',
      node({ 'node-role.kubernetes.io/': '' }, [{ type: 'Ready', status: 'Unknown' }], { unschedulable: true }),
      ['node-a', 'NotReady,SchedulingDisabled', '<none>', '400d', 'v1.32.5'],
    ],
    [
      'cordoned and ready',
      node({}, [readyTrue], { unschedulable: true }),
      ['node-a', 'Ready,SchedulingDisabled', '<none>', '400d', 'v1.32.5'],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('nodes', object, NOW).slice(0, 5), want));
  }

  it('wide columns', () => {
    const object = node({}, [readyTrue], {
      addresses: [
        { type: 'ExternalIP', address: '203.0.113.4' },
        { type: 'InternalIP', address: '192.168.1.10' },
        { type: 'InternalIP', address: '192.168.1.11' },
      ],
    });
    assert.deepEqual(tableCells('nodes', object, NOW).slice(5), [
      '192.168.1.10',
      '203.0.113.4',
      'Debian GNU/Linux 12 (bookworm)',
      '6.1.0-28-amd64',
      'containerd://1.7.24',
    ]);
  });
  it('wide columns of a node that has reported nothing', () => {
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', creationTimestamp: ago(MIN) } };
    assert.deepEqual(tableCells('nodes', bare, NOW), [
      'n',
      'Unknown',
      '<none>',
      '60s',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });
});

function event(fields: object): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.17f2a', namespace: 'default', creationTimestamp: ago(10 * MIN) },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', fieldPath: 'spec.containers{web}' },
    type: 'Normal',
    reason: 'Pulled',
    message: 'Container image "nginx:1.27" already present on machine\n',
    source: { component: 'kubelet', host: 'node-a' },
    ...fields,
  };
}

describe('event rows', () => {
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'core/v1 event with first/last timestamps and a count',
      event({ firstTimestamp: ago(10 * MIN), lastTimestamp: ago(2 * MIN), count: 5 }),
      [
        '2m',
        'Normal',
        'Pulled',
        'pod/web-1',
        'spec.containers{web}',
        'kubelet, node-a',
        'Container image "nginx:1.27" already present on machine',
        '10m',
        5,
        'web-1.17f2a',
      ],
    ],
    [
      'no lastTimestamp: last seen is the first; count 0 reads 1',
      event({ firstTimestamp: ago(3 * MIN), type: 'Warning', reason: 'BackOff' }),
      [
        '3m',
        'Warning',
        'BackOff',
        'pod/web-1',
        'spec.containers{web}',
        'kubelet, node-a',
        'Container image "nginx:1.27" already present on machine',
        '3m',
        1,
        'web-1.17f2a',
      ],
    ],
    [
      'events.k8s.io style: eventTime, series, reporting fields, object without a name',
      event({
        eventTime: '2026-03-01T11:50:00.123456Z',
        series: { count: 7, lastObservedTime: '2026-03-01T11:59:30.000001Z' },
        source: {},
        reportingComponent: 'kubesvc-endpoints',
        reportingInstance: '',
        involvedObject: { kind: 'Service' },
        message: '  synced  ',
      }),
      // eventTime keeps microseconds: 9m59.88s ago.
      ['30s', 'Normal', 'Pulled', 'service', '', 'kubesvc-endpoints', 'synced', '9m59s', 7, 'web-1.17f2a'],
    ],
    [
      'nothing known about times',
      event({ source: undefined }),
      [
        '<unknown>',
        'Normal',
        'Pulled',
        'pod/web-1',
        'spec.containers{web}',
        '',
        'Container image "nginx:1.27" already present on machine',
        '<unknown>',
        1,
        'web-1.17f2a',
      ],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('events', object, NOW), want));
  }
});
