import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/core/v1/pod.ts';
import { adoptionPatch, planClaim, releasePatch } from './controller-ref.ts';
import { podsToDelete, rankPodsForDeletion } from './pod-ranking.ts';
import { isPodActive, isPodAvailable, podDeletionCost } from './pod-state.ts';
import { T0, ownerRef, pod } from './workload.fixtures.ts';

const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata?.name);
const NOW = T0 + 3600_000;

describe('rankPodsForDeletion follows upstream ActivePodsWithRanks', () => {
  const cases: { name: string; pods: Pod[]; related?: Pod[]; first: string }[] = [
    { name: 'unscheduled before scheduled', pods: [pod('on-node', { node: 'n1' }), pod('unscheduled')], first: 'unscheduled' },
    {
      name: 'pending before unknown before running',
      pods: [pod('running', { node: 'n', phase: 'Running' }), pod('unknown', { node: 'n', phase: 'Unknown' }), pod('pending', { node: 'n', phase: 'Pending' })],
      first: 'pending',
    },
    {
      name: 'not ready before ready',
      pods: [pod('ready', { node: 'n', phase: 'Running', readySince: 10 }), pod('not-ready', { node: 'n', phase: 'Running', ready: false })],
      first: 'not-ready',
    },
    {
      name: 'lower deletion cost first',
      pods: [pod('costly', { readySince: 10, deletionCost: '100' }), pod('cheap', { readySince: 10, deletionCost: '-5' })],
      first: 'cheap',
    },
    {
      name: 'doubled up on a node first',
      pods: [pod('alone', { node: 'a', readySince: 10 }), pod('crowded', { node: 'b', readySince: 10 })],
      related: [pod('alone', { node: 'a', readySince: 10 }), pod('crowded', { node: 'b' }), pod('other', { node: 'b' })],
      first: 'crowded',
    },
    {
      // 10 s and 1800 s of readiness are in different power-of-two buckets.
      name: 'ready more recently first',
      pods: [pod('old-ready', { readySince: 10 }), pod('new-ready', { readySince: 3590 })],
      first: 'new-ready',
    },
    {
      name: 'more restarts first',
      pods: [pod('steady', { readySince: 100, restarts: 0 }), pod('flaky', { readySince: 100, restarts: 7 })],
      first: 'flaky',
    },
    {
      name: 'newer creation first',
      pods: [pod('older', { created: 0 }), pod('newer', { created: 3000 })],
      first: 'newer',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ranked = rankPodsForDeletion(c.pods, c.related ?? c.pods, NOW);
      assert.equal(ranked[0]?.metadata?.name, c.first);
      // The order does not depend on the order given.
      assert.deepEqual(names(rankPodsForDeletion([...c.pods].reverse(), c.related ?? c.pods, NOW)), names(ranked));
    });
  }

  it('ties within one age bucket are broken by uid, stably', () => {
    const a = pod('a', { uid: 'uid-2', readySince: 100 });
    const b = pod('b', { uid: 'uid-1', readySince: 101 });
    assert.deepEqual(names(rankPodsForDeletion([a, b], [a, b], NOW)), ['b', 'a']);
  });

  it('podsToDelete takes the first n and leaves the input alone', () => {
    const pods = [pod('ready', { readySince: 1 }), pod('pending'), pod('ready2', { readySince: 2 })];
    const before = structuredClone(pods);
    assert.deepEqual(names(podsToDelete(pods, pods, 1, NOW)), ['pending']);
    assert.equal(podsToDelete(pods, pods, 5, NOW).length, 3);
    assert.deepEqual(pods, before);
  });
});

describe('pod state', () => {
  it('active excludes finished and terminating pods', () => {
    assert.equal(isPodActive(pod('p')), true);
    assert.equal(isPodActive(pod('p', { phase: 'Succeeded' })), false);
    assert.equal(isPodActive(pod('p', { phase: 'Failed' })), false);
    assert.equal(isPodActive(pod('p', { deleting: true })), false);
  });

  const availability: [string, Pod, number, number, boolean][] = [
    ['not ready', pod('p'), 0, T0, false],
    ['ready, minReadySeconds 0', pod('p', { readySince: 0 }), 0, T0, true],
    ['ready 5 s of 10', pod('p', { readySince: 0 }), 10, T0 + 5000, false],
    ['ready exactly 10 s of 10 (strictly after)', pod('p', { readySince: 0 }), 10, T0 + 10_000, false],
    ['ready 11 s of 10', pod('p', { readySince: 0 }), 10, T0 + 11_000, true],
  ];
  for (const [name, p, minReady, now, want] of availability) {
    it(`available: ${name}`, () => assert.equal(isPodAvailable(p, minReady, now), want));
  }

  it('deletion cost is an int32 annotation, 0 otherwise', () => {
    assert.equal(podDeletionCost(pod('p', { deletionCost: '-7' })), -7);
    assert.equal(podDeletionCost(pod('p', { deletionCost: 'abc' })), 0);
    assert.equal(podDeletionCost(pod('p', { deletionCost: '99999999999' })), 0);
    assert.equal(podDeletionCost(pod('p')), 0);
  });
});

describe('planClaim follows upstream ClaimObject', () => {
  const rsRef = ownerRef('ReplicaSet', 'web-1', 'uid-rs');
  const matchesWeb = (p: Pod) => p.metadata?.labels?.app === 'web';
  const owner = { uid: 'uid-rs', namespace: 'default', deleting: false };

  it('keeps owned matches, adopts matching orphans, releases owned mismatches, ignores others', () => {
    const pods = [
      pod('owned', { owner: rsRef }),
      pod('orphan'),
      pod('orphan-other-app', { labels: { app: 'db' } }),
      pod('owned-relabeled', { owner: rsRef, labels: { app: 'debug' } }),
      pod('someone-elses', { owner: ownerRef('ReplicaSet', 'x', 'uid-x') }),
      pod('orphan-terminating', { deleting: true }),
    ];
    const plan = planClaim(owner, pods, matchesWeb);
    assert.deepEqual(names(plan.claimed), ['owned', 'orphan']);
    assert.deepEqual(names(plan.adopt), ['orphan']);
    assert.deepEqual(names(plan.release), ['owned-relabeled']);
  });

  it('an owner being deleted neither adopts nor releases, but keeps what it owns', () => {
    const pods = [pod('owned', { owner: rsRef }), pod('orphan'), pod('owned-relabeled', { owner: rsRef, labels: { app: 'x' } })];
    const plan = planClaim({ ...owner, deleting: true }, pods, matchesWeb);
    assert.deepEqual(names(plan.claimed), ['owned']);
    assert.deepEqual(plan.adopt, []);
    assert.deepEqual(plan.release, []);
  });

  it('patches carry the controller reference and the object uid', () => {
    assert.deepEqual(adoptionPatch({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'uid-rs' }, 'uid-p'), {
      metadata: { ownerReferences: [rsRef], uid: 'uid-p' },
    });
    assert.deepEqual(releasePatch('uid-rs', 'uid-p'), { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'uid-rs' }], uid: 'uid-p' } });
  });
});
