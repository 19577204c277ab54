import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Container, Pod } from '../../api/core/v1/pod.ts';
import { NodeUsageTracker, type NodeUsage } from './node-usage.ts';

function pod(name: string, options: { node?: string; phase?: string; cpu?: string; memory?: string; hostPort?: number; hostIP?: string } = {}): Pod {
  const container: Container = {
    name: 'c',
    image: 'i',
    ...(options.cpu || options.memory
      ? { resources: { requests: { ...(options.cpu ? { cpu: options.cpu } : {}), ...(options.memory ? { memory: options.memory } : {}) } } }
      : {}),
    ...(options.hostPort ? { ports: [{ containerPort: 80, hostPort: options.hostPort, ...(options.hostIP ? { hostIP: options.hostIP } : {}) }] } : {}),
  };
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [container], ...(options.node ? { nodeName: options.node } : {}) },
    status: { phase: options.phase ?? (options.node ? 'Running' : 'Pending') },
  };
}

/** A plain, comparable copy of the tracker's summary. */
function snapshot(usage: ReadonlyMap<string, NodeUsage>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [node, u] of [...usage].sort(([a], [b]) => a.localeCompare(b))) {
    out[node] = {
      pods: u.pods,
      requested: Object.fromEntries([...u.requested].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, String(v)])),
      hostPorts: Object.fromEntries([...u.hostPorts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.pods])),
    };
  }
  return out;
}

function fromScratch(pods: Pod[]): Record<string, unknown> {
  const tracker = new NodeUsageTracker();
  for (const p of pods) tracker.observe(`default/${p.metadata?.name}`, p);
  return snapshot(tracker.usageByNode());
}

describe('NodeUsageTracker', () => {
  test('sums the occupying pods per node: count, requests in thousandths, host ports', () => {
    const usage = fromScratch([
      pod('a', { node: 'n1', cpu: '1', memory: '1Ki', hostPort: 8080 }),
      pod('b', { node: 'n1', cpu: '500m' }),
      pod('c', { node: 'n2' }),
      pod('pending'),
      pod('done', { node: 'n1', phase: 'Succeeded', cpu: '4' }),
      pod('failed', { node: 'n2', phase: 'Failed', hostPort: 9090 }),
    ]);
    assert.deepEqual(usage, {
      n1: { pods: 2, requested: { cpu: '1500', memory: '1024000' }, hostPorts: { 'TCP/0.0.0.0/8080': 1 } },
      n2: { pods: 1, requested: {}, hostPorts: {} },
    });
  });

  test('a stream of adds, updates and deletes ends where a fresh count of the final pods does', () => {
    const tracker = new NodeUsageTracker();
    const live = new Map<string, Pod>();
    const set = (p: Pod) => {
      live.set(p.metadata?.name ?? '', p);
      tracker.observe(`default/${p.metadata?.name}`, p);
    };
    const remove = (name: string) => {
      live.delete(name);
      tracker.forget(`default/${name}`);
    };
    set(pod('a'));
    set(pod('a', { node: 'n1', cpu: '1', hostPort: 80 }));
    set(pod('b', { node: 'n1', cpu: '2', hostPort: 80, hostIP: '10.0.0.1' }));
    set(pod('c', { node: 'n2', memory: '1Gi', hostPort: 80 }));
    set(pod('d', { node: 'n1', hostPort: 80 }));
    set(pod('a', { node: 'n1', cpu: '1', hostPort: 80, phase: 'Succeeded' }));
    remove('c');
    set(pod('e', { node: 'n2', cpu: '250m' }));
    remove('e');
    set(pod('f', { node: 'n3' }));
    assert.deepEqual(snapshot(tracker.usageByNode()), fromScratch([...live.values()]));
    assert.deepEqual(snapshot(tracker.usageByNode()), {
      n1: { pods: 2, requested: { cpu: '2000' }, hostPorts: { 'TCP/0.0.0.0/80': 1, 'TCP/10.0.0.1/80': 1 } },
      n3: { pods: 1, requested: {}, hostPorts: {} },
    });
  });

  test('an assumed pod counts at once, survives unbound updates, and is counted once when the binding shows', () => {
    const tracker = new NodeUsageTracker();
    const pending = pod('p', { cpu: '1' });
    tracker.observe('default/p', pending);
    assert.deepEqual(snapshot(tracker.usageByNode()), {});

    tracker.assume('default/p', pending, 'n1');
    const assumed = { n1: { pods: 1, requested: { cpu: '1000' }, hostPorts: {} } };
    assert.deepEqual(snapshot(tracker.usageByNode()), assumed);

    // A status write that raced the binding: still unbound in the informer, still counted.
    tracker.observe('default/p', { ...pending, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] } });
    assert.deepEqual(snapshot(tracker.usageByNode()), assumed);

    tracker.observe('default/p', pod('p', { node: 'n1', cpu: '1' }));
    assert.deepEqual(snapshot(tracker.usageByNode()), assumed);

    tracker.observe('default/p', pod('p', { node: 'n1', cpu: '1', phase: 'Succeeded' }));
    assert.deepEqual(snapshot(tracker.usageByNode()), {});
  });

  test('a deleted assumed pod no longer counts', () => {
    const tracker = new NodeUsageTracker();
    tracker.assume('default/p', pod('p', { hostPort: 53 }), 'n1');
    tracker.forget('default/p');
    tracker.forget('default/never-seen');
    assert.deepEqual(snapshot(tracker.usageByNode()), {});
  });
});
