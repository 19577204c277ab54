// The deployment controller's pure core (upstream syncDeployment): from a Deployment, the
// ReplicaSets and Pods of its namespace and the time, the ordered writes of one sync.
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { controllerRefOf, planClaim, selectorFromSpec } from '../pod-ownership/index.ts';
import { FAILED_RS_CREATE, PROGRESSING, newCondition, setCondition } from './conditions.ts';
import { rolloutRecreate } from './recreate.ts';
import { rollback } from './rollback.ts';
import { rolloutRolling } from './rolling.ts';
import { checkPausedConditions, isScalingEvent, rollbackTarget, syncScaling, syncStatusOnly } from './scale.ts';
import { hasProgressDeadline } from './rollout-math.ts';
import { DeploymentSync, type DeploymentAction } from './sync-state.ts';
import { equalIgnoreHash } from './template-hash.ts';

export type { DeploymentAction, PlannedEvent } from './sync-state.ts';

export interface DeploymentPlanInput {
  readonly deployment: Deployment;
  /** ReplicaSets of the Deployment's namespace: owned ones, and orphans it may adopt. */
  readonly replicaSets: readonly ReplicaSet[];
  /** Pods of the namespace (only those of owned ReplicaSets are looked at). */
  readonly pods: readonly Pod[];
  readonly now: number;
}

export interface DeploymentPlan {
  /** In order; the shell stops at the first that fails and retries the Deployment. */
  readonly actions: DeploymentAction[];
  /** When nothing was written but a rollout is under a deadline: check again after this long (0: soon). */
  readonly recheckAfterMs?: number;
  /** A spec the controller cannot act on (an unknown strategy type). */
  readonly error?: string;
}

export function planDeployment(input: DeploymentPlanInput): DeploymentPlan {
  const deployment = structuredClone(input.deployment);
  const selectorObject = deployment.spec?.selector;
  if (selectorObject && Object.keys(selectorObject.matchLabels ?? {}).length === 0 && !selectorObject.matchExpressions?.length) {
    return selectingAll(deployment);
  }
  const selector = selectorFromSpec(selectorObject);
  const claim = planClaim(
    { uid: deployment.metadata?.uid, namespace: deployment.metadata?.namespace, deleting: Boolean(deployment.metadata?.deletionTimestamp) },
    input.replicaSets,
    (rs) => selector.matches(rs.metadata?.labels),
  );
  const owned = claim.claimed.map((rs) => structuredClone(rs));
  const ownedUids = new Set(owned.map((rs) => rs.metadata?.uid));
  const podsByReplicaSet = new Map<string, Pod[]>();
  for (const pod of input.pods) {
    const uid = controllerRefOf(pod)?.uid;
    if (uid === undefined || !ownedUids.has(uid) || !selector.matches(pod.metadata?.labels)) continue;
    podsByReplicaSet.set(uid, [...(podsByReplicaSet.get(uid) ?? []), pod]);
  }
  const state = new DeploymentSync(deployment, owned, podsByReplicaSet, input.now);
  for (const rs of claim.adopt) state.actions.push({ type: 'adoptReplicaSet', replicaSet: rs });
  for (const rs of claim.release) state.actions.push({ type: 'releaseReplicaSet', replicaSet: rs });
  const error = syncDeployment(state);
  return {
    actions: state.actions,
    ...(state.recheckAfterMs === undefined ? {} : { recheckAfterMs: state.recheckAfterMs }),
    ...(error ? { error } : {}),
  };
}

/** Upstream syncDeployment after the claim; answers an error for a strategy it cannot run. */
function syncDeployment(state: DeploymentSync): string | undefined {
  const d = state.deployment;
  if (d.metadata?.deletionTimestamp) {
    syncStatusOnly(state);
    return undefined;
  }
  checkPausedConditions(state);
  const rollbackTo = rollbackTarget(state);
  if (d.spec?.paused) syncScaling(state);
  else if (rollbackTo !== undefined) rollback(state, rollbackTo);
  else if (isScalingEvent(state)) syncScaling(state);
  else if (d.spec?.strategy?.type === 'Recreate') rolloutRecreate(state);
  else if (d.spec?.strategy?.type === 'RollingUpdate') rolloutRolling(state);
  else return `unexpected deployment strategy type: ${d.spec?.strategy?.type ?? ''}`;
  return undefined;
}

/** An empty selector would claim every Pod of the namespace: upstream refuses and says so. */
function selectingAll(deployment: Deployment): DeploymentPlan {
  const actions: DeploymentAction[] = [
    {
      type: 'event',
      event: { type: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.' },
    },
  ];
  const generation = deployment.metadata?.generation ?? 0;
  if ((deployment.status?.observedGeneration ?? 0) < generation) {
    actions.push({ type: 'updateDeploymentStatus', deployment: { ...deployment, status: { ...deployment.status, observedGeneration: generation } } });
  }
  return { actions };
}

/**
 * After a create answered AlreadyExists: the existing ReplicaSet is this Deployment's own new one
 * (a slow cache), or another template hashed to the same name, which a bumped collisionCount resolves.
 */
export function isOwnNewReplicaSet(deployment: Deployment, existing: ReplicaSet): boolean {
  return controllerRefOf(existing)?.uid === deployment.metadata?.uid && equalIgnoreHash(deployment.spec?.template, existing.spec?.template);
}

/** The status that records a hash collision: collisionCount + 1, so the next name differs. */
export function collisionStatus(deployment: Deployment): DeploymentStatus {
  return { ...deployment.status, collisionCount: (deployment.status?.collisionCount ?? 0) + 1 };
}

/** The status and message upstream records when the new ReplicaSet cannot be created. */
export function replicaSetCreateFailure(deployment: Deployment, replicaSetName: string, error: string, now: number): { status?: DeploymentStatus; message: string } {
  const message = `Failed to create new replica set "${replicaSetName}": ${error}`;
  if (!hasProgressDeadline(deployment)) return { message };
  const status = structuredClone(deployment.status ?? {});
  setCondition(status, newCondition(PROGRESSING, 'False', FAILED_RS_CREATE, message, now));
  return { status, message };
}
