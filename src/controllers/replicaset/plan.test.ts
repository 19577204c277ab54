import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/core/v1/pod.ts';
import { FakeClock } from '../../util/clock.ts';
import { T0, ownerRef, pod, replicaSet } from '../pod-ownership/workload.fixtures.ts';
import { ControllerExpectations } from './expectations.ts';
import { podFromTemplate } from './pod-template.ts';
import { planReplicaSet, replicaSetStatus } from './plan.ts';

const NOW = T0 + 3600_000;
const ref = ownerRef('ReplicaSet', 'web-1', 'uid-web-1');
const owned = (name: string, options: Parameters<typeof pod>[1] = {}) => pod(name, { owner: ref, ...options });
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata?.name);

describe('planReplicaSet: creates and deletes toward spec.replicas', () => {
  const cases: { name: string; replicas: number; pods: Pod[]; create: number; deleted: string[]; burst?: number }[] = [
    { name: 'nothing yet: create all', replicas: 3, pods: [], create: 3, deleted: [] },
    { name: 'some running: create the rest', replicas: 3, pods: [owned('a', { readySince: 1 })], create: 2, deleted: [] },
    { name: 'exact: nothing to do', replicas: 1, pods: [owned('a')], create: 0, deleted: [] },
    { name: 'creations capped by burstReplicas', replicas: 1000, pods: [], create: 500, deleted: [] },
    { name: 'a smaller burst', replicas: 10, pods: [], create: 4, deleted: [], burst: 4 },
    {
      name: 'scale down deletes not-ready pods first',
      replicas: 2,
      pods: [owned('ready-1', { readySince: 1 }), owned('pending'), owned('ready-2', { readySince: 2 }), owned('not-ready', { phase: 'Running', ready: false })],
      create: 0,
      deleted: ['pending', 'not-ready'],
    },
    {
      name: 'finished and terminating pods do not count',
      replicas: 2,
      pods: [owned('done', { phase: 'Succeeded' }), owned('failed', { phase: 'Failed' }), owned('going', { deleting: true }), owned('a')],
      create: 1,
      deleted: [],
    },
    { name: 'scale to zero deletes everything', replicas: 0, pods: [owned('a'), owned('b')], create: 0, deleted: ['a', 'b'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rs = replicaSet('web-1', { replicas: c.replicas });
      const plan = planReplicaSet({ replicaSet: rs, pods: c.pods, now: NOW, ...(c.burst ? { burstReplicas: c.burst } : {}) });
      assert.equal(plan.create, c.create);
      assert.deepEqual(names(plan.delete), c.deleted);
    });
  }

  it('adopts matching orphans and releases owned pods that stopped matching', () => {
    const rs = replicaSet('web-1', { replicas: 2 });
    const pods = [owned('a'), pod('orphan'), owned('relabeled', { labels: { app: 'other' } }), pod('unrelated', { labels: { app: 'db' } })];
    const plan = planReplicaSet({ replicaSet: rs, pods, now: NOW });
    assert.deepEqual(names(plan.adopt), ['orphan']);
    assert.deepEqual(names(plan.release), ['relabeled']);
    assert.deepEqual(names(plan.owned), ['a', 'orphan']);
    assert.equal(plan.create, 0);
  });

  it('waits for expectations before managing replicas again, but still reports status', () => {
    const rs = replicaSet('web-1', { replicas: 3 });
    const plan = planReplicaSet({ replicaSet: rs, pods: [owned('a')], now: NOW, mayManageReplicas: false });
    assert.equal(plan.create, 0);
    assert.equal(plan.status.replicas, 1);
  });

  it('a ReplicaSet being deleted creates nothing', () => {
    const rs = replicaSet('web-1', { replicas: 3 });
    rs.metadata!.deletionTimestamp = new Date(NOW).toISOString();
    assert.equal(planReplicaSet({ replicaSet: rs, pods: [], now: NOW }).create, 0);
  });

  it('leaves its inputs unmodified', () => {
    const rs = replicaSet('web-1', { replicas: 1 });
    const pods = [owned('a'), owned('b'), pod('orphan')];
    const before = structuredClone({ rs, pods });
    planReplicaSet({ replicaSet: rs, pods, now: NOW });
    assert.deepEqual({ rs, pods }, before);
  });
});

describe('ReplicaSet status', () => {
  it('counts replicas, fully labeled, ready and available (minReadySeconds)', () => {
    const rs = replicaSet('web-1', { replicas: 4, minReadySeconds: 30, generation: 3 });
    rs.spec!.template!.metadata!.labels = { app: 'web', tier: 'front' };
    const pods = [
      owned('long-ready', { readySince: 0, labels: { app: 'web', tier: 'front' } }),
      owned('just-ready', { readySince: 3590, labels: { app: 'web', tier: 'front' } }),
      owned('not-ready'),
    ];
    const plan = planReplicaSet({ replicaSet: rs, pods, now: NOW });
    assert.deepEqual(
      { ...plan.status },
      { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 3 },
    );
    assert.equal(plan.statusChanged, true);
  });

  it('asks for a recheck when every pod is ready but some are not yet available', () => {
    const rs = replicaSet('web-1', { replicas: 1, minReadySeconds: 30 });
    const plan = planReplicaSet({ replicaSet: rs, pods: [owned('a', { readySince: 3590 })], now: NOW });
    assert.equal(plan.recheckAfterMs, 30_000);
  });

  it('an unchanged status is not written again', () => {
    const rs = replicaSet('web-1', { replicas: 1, status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } });
    assert.equal(planReplicaSet({ replicaSet: rs, pods: [owned('a', { readySince: 0 })], now: NOW }).statusChanged, false);
  });

  it('ReplicaFailure is added on a failed create and removed after a good sync', () => {
    const rs = replicaSet('web-1', { replicas: 2 });
    const failed = replicaSetStatus(rs, [], NOW, { message: 'pods "web-1-x" is forbidden: quota' });
    assert.deepEqual(failed.conditions, [
      { type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2024-05-01T11:00:00Z', reason: 'FailedCreate', message: 'pods "web-1-x" is forbidden: quota' },
    ]);
    const recovered = replicaSetStatus({ ...rs, status: failed }, [], NOW);
    assert.equal(recovered.conditions, undefined);
    const deleteFailed = replicaSetStatus(replicaSet('web-1', { replicas: 0 }), [owned('a')], NOW, { message: 'boom' });
    assert.equal(deleteFailed.conditions?.[0]?.reason, 'FailedDelete');
  });
});

describe('podFromTemplate', () => {
  it('uses generateName <rs>-, template labels and annotations, and a controller reference', () => {
    const rs = replicaSet('web-1', { replicas: 1 });
    rs.spec!.template!.metadata!.annotations = { note: 'x' };
    const created = podFromTemplate(rs);
    assert.deepEqual(created.metadata, {
      generateName: 'web-1-',
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { note: 'x' },
      ownerReferences: [ref],
    });
    assert.deepEqual(created.spec, rs.spec?.template?.spec);
    assert.notEqual(created.spec, rs.spec?.template?.spec);
  });
});

describe('ControllerExpectations', () => {
  it('holds a key until every create and delete is observed', () => {
    const clock = new FakeClock(T0);
    const expectations = new ControllerExpectations(clock);
    assert.equal(expectations.satisfied('default/web-1'), true);
    expectations.expectCreations('default/web-1', 2);
    assert.equal(expectations.satisfied('default/web-1'), false);
    expectations.creationObserved('default/web-1');
    assert.equal(expectations.satisfied('default/web-1'), false);
    expectations.creationObserved('default/web-1');
    assert.equal(expectations.satisfied('default/web-1'), true);
  });

  it('counts each deleted pod once, even when seen terminating and then gone', () => {
    const expectations = new ControllerExpectations(new FakeClock(T0));
    expectations.expectDeletions('k', ['default/a', 'default/b']);
    expectations.deletionObserved('k', 'default/a');
    expectations.deletionObserved('k', 'default/a');
    assert.equal(expectations.satisfied('k'), false);
    expectations.deletionObserved('k', 'default/other');
    assert.deepEqual(expectations.pending('k'), { adds: 0, deletes: 1 });
    expectations.deletionObserved('k', 'default/b');
    assert.equal(expectations.satisfied('k'), true);
  });

  it('gives up waiting after five minutes', () => {
    const clock = new FakeClock(T0);
    const expectations = new ControllerExpectations(clock);
    expectations.expectCreations('k', 1);
    clock.advance(5 * 60 * 1000);
    assert.equal(expectations.satisfied('k'), false);
    clock.advance(1);
    assert.equal(expectations.satisfied('k'), true);
  });
});
