import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployment, replicaSet } from '../pod-ownership/workload.fixtures.ts';
import { lastRevision, maxRevision, setNewReplicaSetAnnotations } from './annotations.ts';
import { maxSurge, maxUnavailable, newReplicaSetReplicas, replicaSetProportion, resolveFenceposts, scaledValue } from './rollout-math.ts';
import { computeTemplateHash, equalIgnoreHash, safeEncode } from './template-hash.ts';

describe('maxSurge / maxUnavailable resolution', () => {
  const cases: [surge: number | string, unavailable: number | string, desired: number, want: { surge: number; unavailable: number }][] = [
    ['25%', '25%', 10, { surge: 3, unavailable: 2 }], // surge rounds up, unavailable down
    ['25%', '25%', 1, { surge: 1, unavailable: 0 }],
    ['0%', '1%', 2, { surge: 0, unavailable: 1 }], // both 0 after rounding: unavailable becomes 1
    [0, '10%', 5, { surge: 0, unavailable: 1 }],
    [2, 0, 10, { surge: 2, unavailable: 0 }],
    ['50%', 3, 3, { surge: 2, unavailable: 3 }],
    ['100%', '100%', 0, { surge: 0, unavailable: 1 }],
  ];
  for (const [surge, unavailable, desired, want] of cases) {
    it(`${surge}/${unavailable} of ${desired}`, () => assert.deepEqual(resolveFenceposts(surge, unavailable, desired), want));
  }

  it('a Deployment caps maxUnavailable at replicas, and has none at 0 replicas or under Recreate', () => {
    assert.equal(maxUnavailable(deployment({ replicas: 3, maxUnavailable: 5, maxSurge: 1 })), 3);
    assert.equal(maxUnavailable(deployment({ replicas: 0 })), 0);
    assert.equal(maxUnavailable(deployment({ strategy: { type: 'Recreate' } })), 0);
    assert.equal(maxSurge(deployment({ strategy: { type: 'Recreate' } })), 0);
  });

  it('rejects a string that is not a percentage', () => {
    assert.throws(() => scaledValue('abc', 10, true), /must be an integer or percentage/);
  });
});

describe('how far the new ReplicaSet may grow', () => {
  const cases: [name: string, replicas: number, surge: number, oldReplicas: number, newReplicas: number, want: number][] = [
    ['room up to replicas + surge', 10, 3, 10, 0, 3],
    ['no room: stays', 10, 3, 10, 3, 3],
    ['never above replicas', 10, 3, 0, 8, 10],
    ['old shrank: grows by the difference', 10, 3, 7, 3, 6],
  ];
  for (const [name, replicas, surge, oldReplicas, newReplicas, want] of cases) {
    it(name, () => {
      const d = deployment({ replicas, maxSurge: surge, maxUnavailable: 0 });
      const oldRS = replicaSet('old', { replicas: oldReplicas });
      const newRS = replicaSet('new', { replicas: newReplicas });
      assert.equal(newReplicaSetReplicas(d, [oldRS, newRS], newRS), want);
    });
  }
  it('Recreate: all at once', () => {
    const d = deployment({ replicas: 4, strategy: { type: 'Recreate' } });
    assert.equal(newReplicaSetReplicas(d, [], replicaSet('new', { replicas: 0 })), 4);
  });
});

describe('proportional share when a Deployment is resized mid-rollout', () => {
  it('splits by each ReplicaSet\'s share of the old max-replicas', () => {
    // 10 replicas + 3 surge were split 8 old / 5 new; the Deployment is scaled to 20 (+5 surge = 25).
    const d = deployment({ replicas: 20, maxSurge: 5, maxUnavailable: 2 });
    const annotations = { 'deployment.kubernetes.io/max-replicas': '13' };
    const oldRS = replicaSet('old', { replicas: 8, annotations });
    const newRS = replicaSet('new', { replicas: 5, annotations });
    const toAdd = 25 - 13;
    const first = replicaSetProportion(oldRS, d, toAdd, 0);
    assert.equal(first, Math.round((8 * 25) / 13) - 8); // 15 - 8 = 7
    assert.equal(replicaSetProportion(newRS, d, toAdd, first), 5); // min(round(125/13)-5 = 5, 12-7)
  });
});

describe('revision annotations', () => {
  it('max and last revision', () => {
    const rs = (revision: string) => replicaSet(`rs-${revision}`, { annotations: { 'deployment.kubernetes.io/revision': revision } });
    const all = [rs('1'), rs('4'), rs('2'), rs('x')];
    assert.equal(maxRevision(all), 4);
    assert.equal(lastRevision(all), 2);
    assert.equal(maxRevision([]), 0);
  });

  it('a re-used ReplicaSet takes the new revision and remembers the old one', () => {
    const d = deployment({ annotations: { 'kubernetes.io/change-cause': 'undo', 'deployment.kubernetes.io/revision': '3' } });
    const rs = replicaSet('web-a', { annotations: { 'deployment.kubernetes.io/revision': '1' } });
    assert.equal(setNewReplicaSetAnnotations(d, rs, 4, true, { desired: 3, max: 4 }), true);
    assert.deepEqual(rs.metadata?.annotations, {
      'deployment.kubernetes.io/revision': '4',
      'deployment.kubernetes.io/revision-history': '1',
      'kubernetes.io/change-cause': 'undo',
    });
    assert.equal(setNewReplicaSetAnnotations(d, rs, 4, true, { desired: 3, max: 4 }), false);
  });

  it('a created ReplicaSet gets desired and max replicas', () => {
    const rs = replicaSet('web-a');
    setNewReplicaSetAnnotations(deployment(), rs, 1, false, { desired: 3, max: 4 });
    assert.deepEqual(rs.metadata?.annotations, {
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
  });
});

describe('pod-template-hash', () => {
  it('is stable, safe-encoded, and varies with the template and the collision count', () => {
    const template = deployment().spec?.template;
    const hash = computeTemplateHash(template);
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(computeTemplateHash(structuredClone(template)), hash);
    assert.notEqual(computeTemplateHash(deployment({ image: 'app:2' }).spec?.template), hash);
    assert.notEqual(computeTemplateHash(template, 1), hash);
    assert.equal(safeEncode('0123456789'), '456789bcdf');
  });

  it('templates equal apart from the hash label compare equal', () => {
    const template = deployment().spec!.template!;
    const labeled = structuredClone(template);
    labeled.metadata!.labels!['pod-template-hash'] = 'abc';
    assert.equal(equalIgnoreHash(template, labeled), true);
    assert.equal(equalIgnoreHash(template, deployment({ image: 'app:2' }).spec?.template), false);
  });
});
