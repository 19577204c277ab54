import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { T0, at, deployment, ownerRef, pod, replicaSet } from '../pod-ownership/workload.fixtures.ts';
import { planDeployment, type DeploymentAction } from './plan.ts';
import { computeTemplateHash } from './template-hash.ts';

const NOW = T0 + 3600_000;
const webRef = ownerRef('Deployment', 'web', 'uid-web');
const REV = 'deployment.kubernetes.io/revision';

/** A ReplicaSet of Deployment `web` running `image`, fully available unless told otherwise. */
function ownedRS(name: string, image: string, replicas: number, options: { revision?: number; available?: number; created?: number; statusReplicas?: number; desired?: number; max?: number } = {}): ReplicaSet {
  const hash = computeTemplateHash(deployment({ image }).spec?.template);
  const labels = { app: 'web', 'pod-template-hash': hash };
  const annotations: Record<string, string> = { [REV]: String(options.revision ?? 1) };
  if (options.desired !== undefined) annotations['deployment.kubernetes.io/desired-replicas'] = String(options.desired);
  if (options.max !== undefined) annotations['deployment.kubernetes.io/max-replicas'] = String(options.max);
  const available = options.available ?? replicas;
  return replicaSet(name, {
    replicas,
    labels,
    image,
    owner: webRef,
    created: options.created ?? 0,
    annotations,
    status: { replicas: options.statusReplicas ?? replicas, readyReplicas: available, availableReplicas: available, observedGeneration: 1 },
  });
}

const plan = (d: Deployment, replicaSets: ReplicaSet[], pods: Pod[] = []) => planDeployment({ deployment: d, replicaSets, pods, now: NOW });
const kinds = (actions: DeploymentAction[]) => actions.map((a) => a.type);
const events = (actions: DeploymentAction[]) =>
  actions.flatMap((a) => ('event' in a && a.event ? [`${a.event.reason}: ${a.event.message}`] : []));
const lastStatus = (actions: DeploymentAction[]) =>
  actions.filter((a): a is Extract<DeploymentAction, { type: 'updateDeploymentStatus' }> => a.type === 'updateDeploymentStatus').at(-1)?.deployment.status;
const condition = (status: Deployment['status'], type: string) => status?.conditions?.find((c) => c.type === type);
const updates = (actions: DeploymentAction[]) =>
  actions.flatMap((a) => (a.type === 'updateReplicaSet' ? [`${a.replicaSet.metadata?.name}=${a.replicaSet.spec?.replicas}`] : []));

describe('planDeployment: a new Deployment', () => {
  it('creates <name>-<pod-template-hash> at revision 1 with all replicas', () => {
    const d = deployment({ replicas: 3 });
    const hash = computeTemplateHash(d.spec?.template);
    const result = plan(d, []);
    const create = result.actions[0];
    assert.equal(create?.type, 'createReplicaSet');
    const rs = (create as Extract<DeploymentAction, { type: 'createReplicaSet' }>).replicaSet;
    assert.equal(rs.metadata?.name, `web-${hash}`);
    assert.deepEqual(rs.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(rs.spec?.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.deepEqual(rs.spec?.template?.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
    assert.deepEqual(rs.metadata?.ownerReferences, [webRef]);
    assert.equal(rs.spec?.replicas, 3);
    assert.deepEqual(rs.metadata?.annotations, {
      [REV]: '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    assert.deepEqual(events(result.actions), [`ScalingReplicaSet: Scaled up replica set web-${hash} to 3`]);
    const firstStatus = result.actions.find((a) => a.type === 'updateDeploymentStatus') as Extract<DeploymentAction, { type: 'updateDeploymentStatus' }>;
    assert.equal(firstStatus.deployment.metadata?.annotations?.[REV], '1');
    const progressing = condition(firstStatus.deployment.status, 'Progressing');
    assert.deepEqual([progressing?.status, progressing?.reason, progressing?.message], ['True', 'NewReplicaSetCreated', `Created new replica set "web-${hash}"`]);
    const status = lastStatus(result.actions);
    assert.equal(status?.observedGeneration, 1);
    assert.deepEqual(
      [condition(status, 'Available')?.status, condition(status, 'Available')?.reason, condition(status, 'Available')?.message],
      ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
    );
  });

  it('a Deployment whose ReplicaSet is complete reports NewReplicaSetAvailable', () => {
    const d = deployment({ replicas: 3, status: { observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: at(3500), lastTransitionTime: at(0) }] } });
    const rs = ownedRS('web-a', 'app:1', 3, { desired: 3, max: 4 });
    d.metadata!.annotations = { [REV]: '1' };
    const status = lastStatus(plan(d, [rs]).actions);
    assert.deepEqual(
      { replicas: status?.replicas, updated: status?.updatedReplicas, ready: status?.readyReplicas, available: status?.availableReplicas, unavailable: status?.unavailableReplicas },
      { replicas: 3, updated: 3, ready: 3, available: 3, unavailable: undefined },
    );
    const progressing = condition(status, 'Progressing');
    assert.deepEqual([progressing?.status, progressing?.reason, progressing?.message], ['True', 'NewReplicaSetAvailable', 'ReplicaSet "web-a" has successfully progressed.']);
    assert.equal(condition(status, 'Available')?.reason, 'MinimumReplicasAvailable');
  });

  it('a steady Deployment writes nothing', () => {
    const d = deployment({ replicas: 3 });
    const rs = ownedRS('web-a', 'app:1', 3, { desired: 3, max: 4 });
    d.metadata!.annotations = { [REV]: '1' };
    const first = lastStatus(plan(d, [rs]).actions);
    assert.deepEqual(plan({ ...d, status: first }, [rs]).actions, []);
  });
});

describe('planDeployment: RollingUpdate', () => {
  it('a template change creates the new ReplicaSet within maxSurge, then scales the old one down within maxUnavailable', () => {
    const d = deployment({ replicas: 4, image: 'app:2', generation: 2 });
    const old = ownedRS('web-old', 'app:1', 4, { desired: 4, max: 5 });
    const result = plan(d, [old]);
    assert.deepEqual(kinds(result.actions).slice(0, 2), ['createReplicaSet', 'updateDeploymentStatus']);
    const created = (result.actions[0] as Extract<DeploymentAction, { type: 'createReplicaSet' }>).replicaSet;
    assert.equal(created.spec?.replicas, 1); // 4 + 25% surge (1) - 4
    assert.equal(created.metadata?.annotations?.[REV], '2');
    assert.deepEqual(updates(result.actions), ['web-old=3']); // 4 available, minimum 3
    assert.deepEqual(events(result.actions), [
      `ScalingReplicaSet: Scaled up replica set ${created.metadata?.name} to 1`,
      'ScalingReplicaSet: Scaled down replica set web-old to 3 from 4',
    ]);
  });

  it('does not scale old Pods down while new ones are unavailable and the minimum is reached', () => {
    const d = deployment({ replicas: 4, image: 'app:2', generation: 2 });
    // 5 Pods (the surge limit), minimum 3 available, 2 new ones unavailable: 5 - 3 - 2 = 0 may go.
    const old = ownedRS('web-old', 'app:1', 3, { desired: 4, max: 5 });
    const fresh = ownedRS('web-new', 'app:2', 2, { revision: 2, available: 0, desired: 4, max: 5, created: 100 });
    const result = plan(d, [old, fresh]);
    assert.deepEqual(updates(result.actions), []);
  });

  it('unavailable old Pods go first, without counting against maxUnavailable', () => {
    const d = deployment({ replicas: 4, image: 'app:2', generation: 2, maxSurge: 0, maxUnavailable: 1 });
    const old = ownedRS('web-old', 'app:1', 4, { desired: 4, max: 4, available: 2 });
    const fresh = ownedRS('web-new', 'app:2', 0, { revision: 2, desired: 4, max: 4, created: 100 });
    // 4 Pods, minimum 3 available, 2 of them unavailable: maxScaledDown = 4 - 3 - 0 = 1.
    assert.deepEqual(updates(plan(d, [old, fresh]).actions), ['web-old=3']);
  });

  it('waits for an old ReplicaSet to report its Pods gone before growing the new one (Pods never exceed replicas + maxSurge)', () => {
    const d = deployment({ replicas: 4, image: 'app:2', generation: 2 });
    const old = ownedRS('web-old', 'app:1', 3, { desired: 4, max: 5, statusReplicas: 4, available: 4 });
    const fresh = ownedRS('web-new', 'app:2', 1, { revision: 2, desired: 4, max: 5, created: 100 });
    // Sizes add up to 4 of 5, but the old ReplicaSet still reports 4 Pods: 5 exist already.
    assert.deepEqual(updates(plan(d, [old, fresh]).actions).filter((u) => u.startsWith('web-new')), []);
  });

  it('a status written before the last scale-down does not count Pods being deleted as available', () => {
    const d = deployment({ replicas: 4, image: 'app:2', generation: 2, maxSurge: 1, maxUnavailable: 1 });
    // Old was scaled 4 -> 3; its status still says 4 available. New has 1 available Pod.
    const old = ownedRS('web-old', 'app:1', 3, { desired: 4, max: 5, statusReplicas: 3, available: 4 });
    const fresh = ownedRS('web-new', 'app:2', 2, { revision: 2, desired: 4, max: 5, created: 100, available: 1 });
    // Trusting the status: 5 available, 2 above the minimum of 3. Really 3 + 1 = 4: only 1 may go.
    assert.deepEqual(updates(plan(d, [old, fresh]).actions), ['web-old=2']);
  });

  it('grows the new ReplicaSet as old ones shrink, and completes', () => {
    const d = deployment({ replicas: 4, image: 'app:2', generation: 2 });
    const old = ownedRS('web-old', 'app:1', 2, { desired: 4, max: 5 });
    const fresh = ownedRS('web-new', 'app:2', 2, { revision: 2, desired: 4, max: 5, created: 100 });
    assert.deepEqual(updates(plan(d, [old, fresh]).actions), ['web-new=3']);
  });

  it('`rollout undo`: the old ReplicaSet with the restored template is re-used under the next revision', () => {
    const d = deployment({ replicas: 3, image: 'app:1', generation: 3, annotations: { [REV]: '2' } });
    const first = ownedRS('web-a', 'app:1', 0, { revision: 1, desired: 3, max: 4 });
    const second = ownedRS('web-b', 'app:2', 3, { revision: 2, desired: 3, max: 4, created: 100 });
    const result = plan(d, [first, second]);
    const reused = result.actions[0] as Extract<DeploymentAction, { type: 'updateReplicaSet' }>;
    assert.equal(reused.type, 'updateReplicaSet');
    assert.equal(reused.replicaSet.metadata?.name, 'web-a');
    assert.equal(reused.replicaSet.metadata?.annotations?.[REV], '3');
    assert.equal(reused.replicaSet.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(kinds(result.actions).includes('createReplicaSet'), false);
    assert.deepEqual(updates(result.actions).slice(1), ['web-a=1']);
  });

  it('old ReplicaSets beyond revisionHistoryLimit are deleted once the rollout is complete, oldest first', () => {
    const d = deployment({ replicas: 2, image: 'app:9', revisionHistoryLimit: 1, annotations: { [REV]: '9' }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 } });
    const current = ownedRS('web-9', 'app:9', 2, { revision: 9, desired: 2, max: 3, created: 900 });
    const olds = [
      ownedRS('web-3', 'app:3', 0, { revision: 3, created: 300 }),
      ownedRS('web-1', 'app:1', 0, { revision: 1, created: 100 }),
      ownedRS('web-2', 'app:2', 0, { revision: 2, created: 200, statusReplicas: 1 }),
    ];
    const deleted = plan(d, [current, ...olds]).actions.flatMap((a) => (a.type === 'deleteReplicaSet' ? [a.replicaSet.metadata?.name] : []));
    // web-1 and web-2 are the two oldest; web-2 still has a Pod, so only web-1 goes now.
    assert.deepEqual(deleted, ['web-1']);
  });

  it('a rollout without progress past progressDeadlineSeconds reports ProgressDeadlineExceeded', () => {
    const stale = at(3600 - 700);
    const d = deployment({
      replicas: 2,
      image: 'app:2',
      generation: 2,
      annotations: { [REV]: '2' },
      status: {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 1,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'x', lastUpdateTime: stale, lastTransitionTime: stale }],
      },
    });
    const old = ownedRS('web-old', 'app:1', 2, { desired: 2, max: 3 });
    const fresh = ownedRS('web-new', 'app:2', 1, { revision: 2, available: 0, desired: 2, max: 3, created: 100 });
    const status = lastStatus(plan(d, [old, fresh]).actions);
    const progressing = condition(status, 'Progressing');
    assert.deepEqual([progressing?.status, progressing?.reason, progressing?.message], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-new" has timed out progressing.']);
  });

  it('schedules the deadline check when nothing changed', () => {
    const updated = at(3600 - 100);
    const d = deployment({
      replicas: 2,
      image: 'app:2',
      generation: 2,
      annotations: { [REV]: '2' },
      status: {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 1,
        readyReplicas: 2,
        availableReplicas: 2,
        unavailableReplicas: 1,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: updated, lastTransitionTime: updated },
          { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-new" is progressing.', lastUpdateTime: updated, lastTransitionTime: updated },
        ],
      },
    });
    const old = ownedRS('web-old', 'app:1', 2, { desired: 2, max: 3 });
    const fresh = ownedRS('web-new', 'app:2', 1, { revision: 2, available: 0, desired: 2, max: 3, created: 100 });
    const result = plan(d, [old, fresh]);
    assert.deepEqual(result.actions, []);
    assert.equal(result.recheckAfterMs, 501_000);
  });
});

describe('planDeployment: scaling and pausing', () => {
  it('a scale event resizes the only active ReplicaSet', () => {
    const d = deployment({ replicas: 10, generation: 2, annotations: { [REV]: '1' } });
    const rs = ownedRS('web-a', 'app:1', 3, { desired: 3, max: 4 });
    const result = plan(d, [rs]);
    assert.deepEqual(updates(result.actions), ['web-a=10']);
    assert.deepEqual(events(result.actions), ['ScalingReplicaSet: Scaled up replica set web-a to 10 from 3']);
    const update = result.actions.find((a) => a.type === 'updateReplicaSet') as Extract<DeploymentAction, { type: 'updateReplicaSet' }>;
    assert.equal(update.replicaSet.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], '10');
    assert.equal(update.replicaSet.metadata?.annotations?.['deployment.kubernetes.io/max-replicas'], '13');
  });

  it('scaling mid-rollout spreads the new replicas in proportion', () => {
    const d = deployment({ replicas: 20, image: 'app:2', generation: 3, maxSurge: 3, maxUnavailable: 2, annotations: { [REV]: '2' } });
    const old = ownedRS('web-old', 'app:1', 8, { desired: 10, max: 13 });
    const fresh = ownedRS('web-new', 'app:2', 5, { revision: 2, available: 0, desired: 10, max: 13, created: 100 });
    // Allowed 23 (20 + 3 surge), 13 running: +10 split as old round(8*23/13)-8 = 6, new min(round(5*23/13)-5 = 4, 10-6).
    assert.deepEqual(updates(plan(d, [old, fresh]).actions).sort(), ['web-new=9', 'web-old=14']);
  });

  it('a paused Deployment rolls nothing out but still scales, and says it is paused', () => {
    const d = deployment({ replicas: 5, image: 'app:2', generation: 3, paused: true, annotations: { [REV]: '1' } });
    const rs = ownedRS('web-a', 'app:1', 3, { desired: 3, max: 4 });
    const result = plan(d, [rs]);
    assert.equal(kinds(result.actions).includes('createReplicaSet'), false);
    assert.deepEqual(updates(result.actions), ['web-a=5']);
    const progressing = condition(lastStatus(result.actions), 'Progressing');
    assert.deepEqual([progressing?.status, progressing?.reason, progressing?.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  });

  it('resuming records DeploymentResumed and continues the rollout', () => {
    const paused = at(3000);
    const d = deployment({
      replicas: 3,
      image: 'app:2',
      generation: 4,
      annotations: { [REV]: '1' },
      status: { conditions: [{ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: paused, lastTransitionTime: paused }] },
    });
    const rs = ownedRS('web-a', 'app:1', 3, { desired: 3, max: 4 });
    const result = plan(d, [rs]);
    const first = result.actions[0] as Extract<DeploymentAction, { type: 'updateDeploymentStatus' }>;
    assert.equal(condition(first.deployment.status, 'Progressing')?.reason, 'DeploymentResumed');
    assert.equal(kinds(result.actions).includes('createReplicaSet'), true);
  });
});

describe('planDeployment: Recreate', () => {
  const recreate = (image: string) => deployment({ replicas: 3, image, generation: 2, strategy: { type: 'Recreate' }, annotations: { [REV]: '1' } });

  it('scales old ReplicaSets to zero first, creating nothing', () => {
    const result = plan(recreate('app:2'), [ownedRS('web-old', 'app:1', 3, { desired: 3, max: 3 })]);
    assert.deepEqual(updates(result.actions), ['web-old=0']);
    assert.equal(kinds(result.actions).includes('createReplicaSet'), false);
  });

  it('waits while old Pods are still running', () => {
    const old = ownedRS('web-old', 'app:1', 0, { desired: 3, max: 3 });
    const running = pod('web-old-x', { owner: ownerRef('ReplicaSet', 'web-old', 'uid-web-old'), phase: 'Running', labels: old.spec!.template!.metadata!.labels! });
    const result = plan(recreate('app:2'), [old], [running]);
    assert.equal(kinds(result.actions).includes('createReplicaSet'), false);
  });

  it('creates the new ReplicaSet at full size once old Pods are gone', () => {
    const old = ownedRS('web-old', 'app:1', 0, { desired: 3, max: 3 });
    const finished = pod('web-old-x', { owner: ownerRef('ReplicaSet', 'web-old', 'uid-web-old'), phase: 'Succeeded', labels: old.spec!.template!.metadata!.labels! });
    const result = plan(recreate('app:2'), [old], [finished]);
    const created = result.actions.find((a) => a.type === 'createReplicaSet') as Extract<DeploymentAction, { type: 'createReplicaSet' }>;
    assert.equal(created.replicaSet.spec?.replicas, 3);
    assert.equal(created.replicaSet.metadata?.annotations?.[REV], '2');
  });
});

describe('planDeployment: ownership', () => {
  it('adopts a matching orphan ReplicaSet and releases an owned one that stopped matching', () => {
    const d = deployment({ replicas: 1, annotations: { [REV]: '1' } });
    const orphan = ownedRS('web-a', 'app:1', 1, { desired: 1, max: 2 });
    orphan.metadata!.ownerReferences = [];
    const strayed = ownedRS('web-b', 'app:0', 0);
    strayed.metadata!.labels = { app: 'elsewhere' };
    const result = plan(d, [orphan, strayed]);
    assert.deepEqual(kinds(result.actions).slice(0, 2), ['adoptReplicaSet', 'releaseReplicaSet']);
    assert.equal(kinds(result.actions).includes('createReplicaSet'), false);
  });

  it('the deprecated rollback annotation restores the template of that revision', () => {
    const d = deployment({ replicas: 1, image: 'app:2', generation: 2, annotations: { [REV]: '2', 'deprecated.deployment.rollback.to': '1' } });
    const first = ownedRS('web-a', 'app:1', 0, { revision: 1 });
    first.metadata!.annotations!['kubernetes.io/change-cause'] = 'first';
    const second = ownedRS('web-b', 'app:2', 1, { revision: 2, created: 100, desired: 1, max: 2 });
    const result = plan(d, [first, second]);
    const update = result.actions.find((a) => a.type === 'updateDeployment') as Extract<DeploymentAction, { type: 'updateDeployment' }>;
    assert.equal(update.deployment.spec?.template?.spec?.containers?.[0]?.image, 'app:1');
    assert.deepEqual(update.deployment.spec?.template?.metadata?.labels, { app: 'web' });
    assert.equal(update.deployment.metadata?.annotations?.['deprecated.deployment.rollback.to'], undefined);
    assert.equal(update.deployment.metadata?.annotations?.['kubernetes.io/change-cause'], 'first');
    assert.equal(update.event?.message, 'Rolled back deployment "web" to revision 1');
  });

  it('an empty selector is refused with a SelectingAll warning', () => {
    const d = deployment();
    d.spec!.selector = {};
    assert.deepEqual(events(plan(d, []).actions), ['SelectingAll: This deployment is selecting all pods. A non-empty selector is required.']);
  });
});
