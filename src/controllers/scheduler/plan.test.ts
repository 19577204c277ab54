import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Taint } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { NodeUsageTracker, type NodeUsage } from './node-usage.ts';
import { needsScheduling, NO_NODES_MESSAGE, planScheduling, type SchedulingDecision } from './plan.ts';

function node(name: string, options: { labels?: Record<string, string>; ready?: string | null; unschedulable?: boolean; taints?: Taint[]; allocatable?: Record<string, string> } = {}): Node {
  const ready = options.ready === undefined ? 'True' : options.ready;
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
    spec: { ...(options.unschedulable ? { unschedulable: true } : {}), ...(options.taints ? { taints: options.taints } : {}) },
    status: {
      ...(options.allocatable ? { allocatable: options.allocatable } : {}),
      conditions: ready === null ? [] : [{ type: 'Ready', status: ready }],
    },
  };
}

function pod(name: string, spec: Partial<NonNullable<Pod['spec']>> = {}, status: Pod['status'] = { phase: 'Pending' }): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
    status,
  };
}

function bound(name: string, nodeName: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return pod(name, { ...spec, nodeName }, { phase: 'Running' });
}

// The planner's input as the scheduler builds it: the pods as the informer shows them, summarized.
function usageOf(pods: Pod[]): ReadonlyMap<string, NodeUsage> {
  const tracker = new NodeUsageTracker();
  for (const p of pods) tracker.observe(`${p.metadata?.namespace}/${p.metadata?.name}`, p);
  return tracker.usageByNode();
}

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  pods?: Pod[];
  random?: () => number;
  want: SchedulingDecision;
}

const cases: Case[] = [
  { name: 'no nodes at all', pod: pod('p'), nodes: [], want: { unschedulable: NO_NODES_MESSAGE } },
  { name: 'the one ready node', pod: pod('p'), nodes: [node('a')], want: { bind: 'a' } },
  {
    name: 'not-ready and unknown nodes take no pods',
    pod: pod('p'),
    nodes: [node('a', { ready: 'False' }), node('b', { ready: 'Unknown' }), node('c', { ready: null })],
    want: { unschedulable: '0/3 nodes are available: 3 node(s) were not ready.' },
  },
  {
    name: 'nodeSelector matching no node (the upstream message)',
    pod: pod('p', { nodeSelector: { disk: 'ssd' } }),
    nodes: [node('a'), node('b'), node('c')],
    want: { unschedulable: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector." },
  },
  {
    name: 'nodeSelector picks the matching node',
    pod: pod('p', { nodeSelector: { disk: 'ssd' } }),
    nodes: [node('a'), node('b', { labels: { disk: 'ssd' } })],
    want: { bind: 'b' },
  },
  {
    name: 'cordoned node',
    pod: pod('p'),
    nodes: [node('a', { unschedulable: true }), node('b', { labels: { x: 'y' } })],
    pods: [],
    want: { bind: 'b' },
  },
  {
    name: 'reasons are counted per node and sorted as strings',
    pod: pod('p', { nodeSelector: { disk: 'ssd' } }),
    nodes: [node('a', { unschedulable: true }), node('b', { taints: [unreachable] }), node('c'), node('d')],
    want: {
      unschedulable:
        "0/4 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector.",
    },
  },
  {
    name: 'a cordoned node is usable by a pod tolerating the unschedulable taint',
    pod: pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }),
    nodes: [node('a', { unschedulable: true })],
    want: { bind: 'a' },
  },
  {
    name: 'NoSchedule taint with a value, untolerated',
    pod: pod('p'),
    nodes: [node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })],
    want: { unschedulable: '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.' },
  },
  {
    name: 'NoSchedule taint tolerated by Equal',
    pod: pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }),
    nodes: [node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })],
    want: { bind: 'a' },
  },
  {
    name: 'Equal toleration with another value does not tolerate',
    pod: pod('p', { tolerations: [{ key: 'dedicated', value: 'cpu' }] }),
    nodes: [node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })],
    want: { unschedulable: '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.' },
  },
  {
    name: 'an empty-key Exists toleration tolerates every taint',
    pod: pod('p', { tolerations: [{ operator: 'Exists' }] }),
    nodes: [node('a', { taints: [unreachable, { key: 'x', value: 'y', effect: 'NoSchedule' }] })],
    want: { bind: 'a' },
  },
  {
    name: 'PreferNoSchedule does not filter, but loses to an untainted node',
    pod: pod('p'),
    nodes: [node('a', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }), node('b')],
    pods: [bound('x', 'b'), bound('y', 'b')],
    want: { bind: 'b' },
  },
  {
    name: 'spreads to the node with the fewest pods',
    pod: pod('p'),
    nodes: [node('a'), node('b'), node('c')],
    pods: [bound('x', 'a'), bound('y', 'a'), bound('z', 'c')],
    want: { bind: 'b' },
  },
  {
    name: 'finished pods do not count as load',
    pod: pod('p'),
    nodes: [node('a'), node('b')],
    pods: [
      { ...bound('x', 'a'), status: { phase: 'Succeeded' } },
      { ...bound('y', 'a'), status: { phase: 'Failed' } },
      bound('z', 'b'),
    ],
    want: { bind: 'a' },
  },
  {
    name: 'ties go to the injected random choice',
    pod: pod('p'),
    nodes: [node('a'), node('b'), node('c')],
    random: () => 0.99,
    want: { bind: 'c' },
  },
  {
    name: 'ties without a random source go to the first by name',
    pod: pod('p'),
    nodes: [node('c'), node('b')],
    want: { bind: 'b' },
  },
  {
    name: 'required node affinity: In',
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z2'] }] }],
          },
        },
      },
    }),
    nodes: [node('a', { labels: { zone: 'z3' } }), node('b', { labels: { zone: 'z2' } })],
    want: { bind: 'b' },
  },
  {
    name: 'required node affinity: terms are ORed, expressions ANDed, Gt/DoesNotExist/matchFields',
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }, { key: 'spot', operator: 'DoesNotExist' }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['d'] }] },
            ],
          },
        },
      },
    }),
    nodes: [
      node('a', { labels: { cores: '16', spot: 'true' } }),
      node('b', { labels: { cores: '4' } }),
      node('c', { labels: { cores: '16' } }),
      node('d'),
    ],
    pods: [bound('x', 'c')],
    want: { bind: 'd' },
  },
  {
    name: 'required node affinity that nothing matches',
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }],
          },
        },
      },
    }),
    nodes: [node('a', { labels: { zone: 'z1' } })],
    want: { unschedulable: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector." },
  },
  {
    name: 'preferred node affinity beats load',
    pod: pod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } },
          ],
        },
      },
    }),
    nodes: [node('a'), node('b', { labels: { fast: '' } })],
    pods: [bound('x', 'b')],
    want: { bind: 'b' },
  },
  {
    name: 'allocatable pods: a full node is skipped',
    pod: pod('p'),
    nodes: [node('a', { allocatable: { pods: '1' } }), node('b', { allocatable: { pods: '3' } })],
    pods: [bound('x', 'a'), bound('y', 'b'), bound('z', 'b')],
    want: { bind: 'b' },
  },
  {
    name: 'insufficient cpu and memory, and too many pods (one reason each)',
    pod: pod('p', { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1500m', memory: '1Gi' } } }] }),
    nodes: [
      node('a', { allocatable: { cpu: '2', memory: '4Gi', pods: '10' } }),
      node('b', { allocatable: { cpu: '1', memory: '512Mi', pods: '10' } }),
      node('c', { allocatable: { cpu: '8', memory: '8Gi', pods: '0' } }),
    ],
    pods: [bound('x', 'a', { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1' } } }] })],
    want: {
      unschedulable: '0/3 nodes are available: 1 Insufficient memory, 1 Too many pods, 2 Insufficient cpu.',
    },
  },
  {
    name: 'init containers count by their peak, not their sum',
    pod: pod('p', {
      initContainers: [
        { name: 'i1', image: 'i', resources: { requests: { cpu: '2' } } },
        { name: 'i2', image: 'i', resources: { requests: { cpu: '2' } } },
      ],
      containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1' } } }],
    }),
    nodes: [node('a', { allocatable: { cpu: '2', pods: '10' } })],
    want: { bind: 'a' },
  },
  {
    name: 'host port already taken on one node',
    pod: pod('p', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
    nodes: [node('a'), node('b')],
    pods: [
      bound('x', 'a', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }] }),
      bound('y', 'b'),
      bound('z', 'b'),
    ],
    want: { bind: 'b' },
  },
  {
    name: 'host port on another protocol does not clash',
    pod: pod('p', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] }] }),
    nodes: [node('a')],
    pods: [bound('x', 'a', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 53, hostPort: 53 }] }] })],
    want: { bind: 'a' },
  },
  {
    name: 'host ports on different addresses do not clash; every address clashes with any',
    pod: pod('p', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.2' }] }] }),
    nodes: [node('a'), node('b')],
    pods: [
      bound('x', 'a', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080 }] }] }),
      bound('y', 'b', { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }] }] }),
      bound('z', 'b'),
    ],
    want: { bind: 'b' },
  },
];

describe('planScheduling', () => {
  for (const c of cases) {
    test(c.name, () => {
      const pods = c.pods ?? [];
      const before = JSON.stringify([c.pod, c.nodes, pods]);
      const decision = planScheduling(c.pod, c.nodes, usageOf(pods), c.random ? { random: c.random } : {});
      assert.deepEqual(decision, c.want);
      assert.equal(JSON.stringify([c.pod, c.nodes, pods]), before, 'inputs must not be mutated');
    });
  }

  test('repeated scheduling with the chosen node counted spreads pods evenly over two nodes', () => {
    const nodes = [node('a'), node('b')];
    const placed: Pod[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = planScheduling(pod(`p${i}`), nodes, usageOf(placed));
      assert.ok('bind' in decision);
      placed.push(bound(`p${i}`, decision.bind));
    }
    assert.equal(placed.filter((p) => p.spec?.nodeName === 'a').length, 3);
    assert.equal(placed.filter((p) => p.spec?.nodeName === 'b').length, 3);
  });
});

describe('needsScheduling', () => {
  test('only unbound, live pods for the default scheduler', () => {
    assert.equal(needsScheduling(pod('p')), true);
    assert.equal(needsScheduling(pod('p', { schedulerName: 'default-scheduler' })), true);
    assert.equal(needsScheduling(pod('p', { schedulerName: 'other' })), false);
    assert.equal(needsScheduling(bound('p', 'a')), false);
    assert.equal(needsScheduling(pod('p', {}, { phase: 'Failed' })), false);
    assert.equal(needsScheduling({ ...pod('p'), metadata: { name: 'p', deletionTimestamp: '2024-01-01T00:00:00Z' } }), false);
    assert.equal(needsScheduling(pod('p', { schedulingGates: [{ name: 'example.com/gate' }] })), false);
  });
});
