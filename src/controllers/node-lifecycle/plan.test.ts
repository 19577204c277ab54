import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Lease } from '../../api/coordination/v1/lease.ts';
import type { Node, NodeCondition, Taint } from '../../api/core/v1/node.ts';
import type { Pod, Toleration } from '../../api/core/v1/pod.ts';
import { formatTime } from '../../api/meta/time.ts';
import { planNodeHealth, type NodeHealthInput, type NodeHealthPlan } from './plan.ts';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const sec = (s: number) => T0 + s * 1000;
const at = (s: number) => formatTime(sec(s));

function node(
  name: string,
  options: { ready?: string | null; heartbeat?: number; taints?: Taint[]; zone?: string; unschedulable?: boolean; extra?: NodeCondition[] } = {},
): Node {
  const ready = options.ready === undefined ? 'True' : options.ready;
  const conditions: NodeCondition[] = ready === null ? [] : [
    { type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: at(options.heartbeat ?? 0), lastTransitionTime: at(-100) },
    { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: at(options.heartbeat ?? 0), lastTransitionTime: at(-100) },
  ];
  return {
    metadata: {
      name,
      resourceVersion: '5',
      creationTimestamp: at(-1000),
      labels: options.zone ? { 'topology.kubernetes.io/zone': options.zone } : {},
    },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions: [...conditions, ...(options.extra ?? [])] },
  };
}

function lease(nodeName: string, renewedAt: number): Lease {
  return { metadata: { name: nodeName, namespace: 'kube-node-lease' }, spec: { holderIdentity: nodeName, renewTime: new Date(sec(renewedAt)).toISOString() } };
}

const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

function pod(name: string, nodeName: string, options: { ready?: string; tolerations?: Toleration[]; deleting?: boolean } = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(options.deleting ? { deletionTimestamp: at(0) } : {}) },
    spec: { nodeName, containers: [{ name: 'c', image: 'i' }], tolerations: options.tolerations ?? DEFAULT_TOLERATIONS },
    status: { phase: 'Running', conditions: options.ready === undefined ? [{ type: 'Ready', status: 'True' }] : [{ type: 'Ready', status: options.ready }] },
  };
}

function input(
  nodes: Node[],
  now: number,
  extra: { leases?: Lease[]; pods?: Pod[]; firstSeen?: Map<string, number>; asked?: string[] } = {},
): NodeHealthInput {
  const podsByNode = new Map<string, Pod[]>();
  for (const p of extra.pods ?? []) podsByNode.set(p.spec?.nodeName ?? '', [...(podsByNode.get(p.spec?.nodeName ?? '') ?? []), p]);
  return {
    nodes,
    leasesByNode: new Map((extra.leases ?? []).map((l) => [l.metadata?.name ?? '', l])),
    podsOn: (name) => {
      extra.asked?.push(name);
      return podsByNode.get(name) ?? [];
    },
    now,
    ...(extra.firstSeen ? { firstSeen: extra.firstSeen } : {}),
  };
}

const unreachableNoExecute = (s: number): Taint => ({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(s) });
const unreachableNoSchedule: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' };

function readyOf(plan: NodeHealthPlan, name: string): NodeCondition | undefined {
  return plan.nodeStatusUpdates.find((u) => u.node === name)?.conditions.find((c) => c.type === 'Ready');
}

function taintsOf(plan: NodeHealthPlan, name: string): string[] | undefined {
  return plan.nodeTaintUpdates.find((u) => u.node === name)?.taints.map((t) => `${t.key}:${t.effect}`);
}

describe('planNodeHealth: conditions', () => {
  test('a node heard from within the grace period is left alone, and the plan says when to look again', () => {
    const plan = planNodeHealth(input([node('a', { heartbeat: 0 })], sec(30), { leases: [lease('a', 20)] }));
    assert.deepEqual(plan.nodeStatusUpdates, []);
    assert.deepEqual(plan.nodeTaintUpdates, []);
    assert.equal(plan.nextCheckAt, sec(60) + 1);
  });

  test('the Lease alone keeps a node healthy though its Ready heartbeat is old', () => {
    const plan = planNodeHealth(input([node('a', { heartbeat: 0 }), node('b')], sec(100), { leases: [lease('a', 90), lease('b', 99)] }));
    assert.deepEqual(plan.nodeStatusUpdates, []);
  });

  test('silence past the grace period: Ready and the pressure conditions become Unknown, in upstream words', () => {
    const plan = planNodeHealth(input([node('a', { heartbeat: 0 }), node('b')], sec(41), { leases: [lease('a', 0), lease('b', 40)] }));
    assert.equal(plan.nodeStatusUpdates.length, 1);
    const update = plan.nodeStatusUpdates[0];
    assert.equal(update?.node, 'a');
    assert.equal(update?.becameNotReady, true);
    assert.equal(update?.resourceVersion, '5');
    const byType = Object.fromEntries((update?.conditions ?? []).map((c) => [c.type, c]));
    assert.deepEqual(byType.Ready, {
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: at(0),
      lastTransitionTime: at(41),
    });
    assert.equal(byType.MemoryPressure?.status, 'Unknown');
    assert.equal(byType.DiskPressure?.reason, 'NodeStatusNeverUpdated');
    assert.equal(byType.PIDPressure?.message, 'Kubelet never posted node status.');
  });

  test('a node that never reported gets the startup grace period, then NodeStatusNeverUpdated', () => {
    const fresh = { ...node('a', { ready: null }), metadata: { name: 'a', creationTimestamp: at(0) } };
    assert.deepEqual(planNodeHealth(input([fresh, node('b')], sec(59), { leases: [lease('b', 59)] })).nodeStatusUpdates, []);
    const plan = planNodeHealth(input([fresh, node('b')], sec(61), { leases: [lease('b', 60)] }));
    const ready = readyOf(plan, 'a');
    assert.equal(ready?.reason, 'NodeStatusNeverUpdated');
    assert.equal(ready?.lastHeartbeatTime, at(0));
    assert.equal(plan.nodeStatusUpdates[0]?.becameNotReady, false);
  });

  test('a node already Unknown is not rewritten', () => {
    const unknown = node('a', { ready: 'Unknown', taints: [unreachableNoSchedule, unreachableNoExecute(41)] });
    unknown.status = {
      conditions: ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({ type, status: 'Unknown', reason: 'NodeStatusUnknown' })),
    };
    const plan = planNodeHealth(input([unknown, node('b')], sec(100), { leases: [lease('b', 99)] }));
    assert.deepEqual(plan.nodeStatusUpdates, []);
    assert.deepEqual(plan.nodeTaintUpdates.filter((u) => u.node === 'a'), []);
  });

  test('silence from before the controller started watching does not count', () => {
    const plan = planNodeHealth(input([node('a', { heartbeat: 0 }), node('b')], sec(100), { leases: [lease('b', 99)], firstSeen: new Map([['a', sec(90)]]) }));
    assert.deepEqual(plan.nodeStatusUpdates, []);
    assert.equal(plan.nextCheckAt, sec(130) + 1);
  });
});

describe('planNodeHealth: taints', () => {
  test('an unreachable node gets unreachable NoSchedule and NoExecute (with timeAdded)', () => {
    const plan = planNodeHealth(input([node('a'), node('b')], sec(41), { leases: [lease('b', 40)] }));
    const update = plan.nodeTaintUpdates.find((u) => u.node === 'a');
    assert.deepEqual(update?.added, [unreachableNoSchedule, unreachableNoExecute(41)]);
    assert.deepEqual(update?.removed, []);
  });

  test('Ready False (reported by the node) maps to not-ready taints', () => {
    const plan = planNodeHealth(input([node('a', { ready: 'False', heartbeat: 10 }), node('b')], sec(12), { leases: [lease('b', 11)] }));
    assert.deepEqual(taintsOf(plan, 'a'), ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
  });

  test('Ready again: the lifecycle taints go, other taints stay', () => {
    const custom: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
    const plan = planNodeHealth(
      input([node('a', { heartbeat: 100, taints: [custom, unreachableNoSchedule, unreachableNoExecute(41)] })], sec(101), { leases: [lease('a', 100)] }),
    );
    const update = plan.nodeTaintUpdates[0];
    assert.deepEqual(update?.taints, [custom]);
    assert.deepEqual(update?.removed.map((t) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });

  test('unreachable swaps for not-ready when the node reports False', () => {
    const plan = planNodeHealth(
      input([node('a', { ready: 'False', heartbeat: 100, taints: [unreachableNoSchedule, unreachableNoExecute(41)] }), node('b')], sec(101), {
        leases: [lease('b', 100)],
      }),
    );
    assert.deepEqual(taintsOf(plan, 'a'), ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
  });

  test('cordon and pressure conditions map to NoSchedule taints', () => {
    const plan = planNodeHealth(
      input([node('a', { unschedulable: true, extra: [{ type: 'DiskPressure', status: 'True' }] })], sec(1), { leases: [lease('a', 1)] }),
    );
    assert.deepEqual(taintsOf(plan, 'a'), ['node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']);
  });

  test('every node unreachable (full disruption): no NoExecute taints, existing ones lifted, nothing evicted', () => {
    const plan = planNodeHealth(
      input([node('a', { taints: [unreachableNoSchedule, unreachableNoExecute(0)] }), node('b')], sec(500), {
        pods: [pod('p', 'a'), pod('q', 'b')],
      }),
    );
    assert.deepEqual(taintsOf(plan, 'a'), ['node.kubernetes.io/unreachable:NoSchedule']);
    assert.deepEqual(taintsOf(plan, 'b'), ['node.kubernetes.io/unreachable:NoSchedule']);
    assert.deepEqual(plan.podsToEvict, []);
    assert.deepEqual(plan.podsToMarkNotReady.map((p) => p.name).sort(), ['p', 'q']);
  });

  test('a partially disrupted small zone gets no new NoExecute taints; another zone does', () => {
    const nodes = [
      node('z1-a', { zone: 'z1' }),
      node('z1-b', { zone: 'z1' }),
      node('z1-c', { zone: 'z1' }),
      node('z1-d', { zone: 'z1', heartbeat: 100 }),
      node('z2-a', { zone: 'z2' }),
      node('z2-b', { zone: 'z2', heartbeat: 100 }),
    ];
    const plan = planNodeHealth(input(nodes, sec(101), { leases: [lease('z1-d', 100), lease('z2-b', 100)] }));
    assert.deepEqual(taintsOf(plan, 'z1-a'), ['node.kubernetes.io/unreachable:NoSchedule']);
    assert.deepEqual(taintsOf(plan, 'z2-a'), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });
});

describe('planNodeHealth: pods', () => {
  test('pods on a node that is not Ready are marked not ready; pods elsewhere or already False are not', () => {
    const plan = planNodeHealth(
      input([node('a'), node('b')], sec(41), {
        leases: [lease('b', 40)],
        pods: [pod('p1', 'a'), pod('p2', 'a', { ready: 'False' }), pod('p3', 'b')],
      }),
    );
    assert.deepEqual(plan.podsToMarkNotReady, [{ namespace: 'default', name: 'p1', uid: 'uid-p1', node: 'a' }]);
  });

  test('pods are evicted once their toleration for the taint runs out', () => {
    const tainted = node('a', { ready: 'Unknown', taints: [unreachableNoSchedule, unreachableNoExecute(41)] });
    const pods = [
      pod('default-300', 'a', { ready: 'False' }),
      pod('short', 'a', { ready: 'False', tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] }),
      pod('forever', 'a', { ready: 'False', tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] }),
      pod('none', 'a', { ready: 'False', tolerations: [] }),
      pod('leaving', 'a', { ready: 'False', tolerations: [], deleting: true }),
    ];
    const leases = [lease('b', 200)];
    const early = planNodeHealth(input([tainted, node('b', { heartbeat: 200 })], sec(45), { leases, pods }));
    assert.deepEqual(early.podsToEvict.map((p) => p.name), ['none']);
    assert.equal(early.nextCheckAt, sec(51));

    const mid = planNodeHealth(input([tainted, node('b', { heartbeat: 400 })], sec(51), { leases, pods }));
    assert.deepEqual(mid.podsToEvict.map((p) => p.name).sort(), ['none', 'short']);
    assert.equal(mid.nextCheckAt, sec(341));

    const late = planNodeHealth(input([tainted, node('b', { heartbeat: 341 })], sec(341), { leases: [lease('b', 341)], pods }));
    assert.deepEqual(late.podsToEvict.map((p) => p.name).sort(), ['default-300', 'none', 'short']);
  });

  test('a user NoExecute taint evicts pods that do not tolerate it', () => {
    const plan = planNodeHealth(
      input([node('a', { taints: [{ key: 'maintenance', effect: 'NoExecute', timeAdded: at(0) }] })], sec(1), {
        leases: [lease('a', 1)],
        pods: [pod('p', 'a'), pod('q', 'a', { tolerations: [{ key: 'maintenance', operator: 'Exists' }] })],
      }),
    );
    assert.deepEqual(plan.podsToEvict.map((p) => p.name), ['p']);
  });

  test("a node's pods are gathered only when the plan acts on them (not Ready, or NoExecute taints), once each", () => {
    const asked: string[] = [];
    const nodes = [
      node('healthy'),
      node('expired', { heartbeat: 0 }),
      node('not-ready', { ready: 'False', heartbeat: 100 }),
      node('tainted', { heartbeat: 100, taints: [{ key: 'maintenance', effect: 'NoExecute', timeAdded: at(0) }] }),
      node('soft', { heartbeat: 100, taints: [{ key: 'soft', effect: 'NoSchedule' }] }),
    ];
    const leases = ['healthy', 'not-ready', 'tainted', 'soft'].map((n) => lease(n, 100));
    const pods = nodes.map((n) => pod(`p-${n.metadata?.name}`, n.metadata?.name ?? ''));
    const plan = planNodeHealth(input(nodes, sec(101), { leases, pods, asked }));
    assert.deepEqual(asked.sort(), ['expired', 'not-ready', 'tainted']);
    assert.deepEqual(plan.podsToMarkNotReady.map((p) => p.name).sort(), ['p-expired', 'p-not-ready']);
    assert.deepEqual(plan.podsToEvict.map((p) => p.name), ['p-tainted']);

    const quiet: string[] = [];
    planNodeHealth(input([node('healthy', { heartbeat: 100 })], sec(101), { leases: [lease('healthy', 100)], pods, asked: quiet }));
    assert.deepEqual(quiet, []);
  });

  test('inputs are not mutated', () => {
    const nodes = [node('a', { taints: [unreachableNoExecute(0)] }), node('b')];
    const pods = [pod('p', 'a')];
    const before = JSON.stringify([nodes, pods]);
    planNodeHealth(input(nodes, sec(400), { leases: [lease('b', 399)], pods }));
    assert.equal(JSON.stringify([nodes, pods]), before);
  });
});
