// Scaling without rolling out (upstream sync.go): a paused Deployment or a changed replica count
// resizes the ReplicaSets in proportion to their size, so a rollout in progress keeps its shape;
// old ReplicaSets beyond revisionHistoryLimit are deleted once empty.
import { intAnnotation, DESIRED_REPLICAS_ANNOTATION } from './annotations.ts';
import { DEPLOYMENT_PAUSED, DEPLOYMENT_RESUMED, PROGRESSING, PROGRESS_DEADLINE_EXCEEDED, getCondition, newCondition, setCondition } from './conditions.ts';
import { activeReplicaSets, compareByCreation, compareByRevision, compareBySizeNewer, compareBySizeOlder } from './replica-set-order.ts';
import {
  desiredReplicas,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  replicaSetProportion,
  replicasOf,
  sumReplicas,
} from './rollout-math.ts';
import { calculateStatus, sameStatus } from './status.ts';
import type { DeploymentSync } from './sync-state.ts';
import type { ReplicaSet } from '../../api/apps/v1/index.ts';
import { DEPRECATED_ROLLBACK_TO_ANNOTATION } from './annotations.ts';

/** Upstream sync: scale, clean up while paused, write status. */
export function syncScaling(state: DeploymentSync): void {
  const { newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(false);
  scale(state, newRS, oldRSs);
  if (state.deployment.spec?.paused && rollbackTarget(state) === undefined) cleanupDeployment(state, oldRSs);
  syncDeploymentStatus(state, [...oldRSs, newRS], newRS);
}

/** Upstream syncStatusOnly, for a Deployment being deleted. */
export function syncStatusOnly(state: DeploymentSync): void {
  const { newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(false);
  syncDeploymentStatus(state, [...oldRSs, newRS], newRS);
}

export function rollbackTarget(state: DeploymentSync): number | undefined {
  const text = state.deployment.metadata?.annotations?.[DEPRECATED_ROLLBACK_TO_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The one ReplicaSet with replicas, or the newest when none has any (upstream FindActiveOrLatest). */
function activeOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  // Upstream sorts the caller's slice in place, newest first; later loops see that order.
  oldRSs.sort((a, b) => compareByCreation(b, a));
  const active = activeReplicaSets([...oldRSs, newRS]);
  if (active.length === 0) return newRS ?? oldRSs[0];
  return active.length === 1 ? active[0] : undefined;
}

/** Upstream scale. */
export function scale(state: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const d = state.deployment;
  const desired = desiredReplicas(d);
  const only = activeOrLatest(newRS, oldRSs);
  if (only) {
    if (replicasOf(only) !== desired) state.scaleReplicaSetAndRecordEvent(only, desired);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) state.scaleReplicaSetAndRecordEvent(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;

  const all = activeReplicaSets([...oldRSs, newRS]);
  const allowed = desired > 0 ? desired + maxSurge(d) : 0;
  const toAdd = allowed - sumReplicas(all);
  let operation = '';
  if (toAdd > 0) {
    all.sort(compareBySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(compareBySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const proportion = replicaSetProportion(rs, d, toAdd, added);
    added += proportion;
    return replicasOf(rs) + proportion;
  });
  // Leftovers go to the largest ReplicaSet.
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added);
  all.forEach((rs, i) => state.scaleReplicaSet(rs, sizes[i] ?? 0, operation));
}

/** Upstream cleanupDeployment: delete the oldest empty ReplicaSets beyond revisionHistoryLimit. */
export function cleanupDeployment(state: DeploymentSync, oldRSs: readonly ReplicaSet[]): void {
  const d = state.deployment;
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const excess = cleanable.length - (d.spec?.revisionHistoryLimit ?? 0);
  if (excess <= 0) return;
  cleanable.sort(compareByRevision);
  for (const rs of cleanable.slice(0, excess)) {
    const busy =
      (rs.status?.replicas ?? 0) !== 0 ||
      replicasOf(rs) !== 0 ||
      (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      Boolean(rs.metadata?.deletionTimestamp);
    if (!busy) state.actions.push({ type: 'deleteReplicaSet', replicaSet: structuredClone(rs) });
  }
}

/** Upstream syncDeploymentStatus: write the calculated status when it differs. */
export function syncDeploymentStatus(state: DeploymentSync, all: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const status = calculateStatus(all, newRS, state.deployment, state.now);
  if (!sameStatus(state.deployment.status, status)) state.writeStatus(status);
}

/** Upstream isScalingEvent: an active ReplicaSet was sized for a different replica count. */
export function isScalingEvent(state: DeploymentSync): boolean {
  const { newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(false);
  const desired = desiredReplicas(state.deployment);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const annotated = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return annotated !== undefined && annotated !== desired;
  });
}

/**
 * Upstream checkPausedConditions: Progressing becomes Unknown/DeploymentPaused while paused and
 * Unknown/DeploymentResumed after, so time spent paused never counts against the deadline.
 */
export function checkPausedConditions(state: DeploymentSync): void {
  const d = state.deployment;
  if (!hasProgressDeadline(d)) return;
  const current = getCondition(d.status, PROGRESSING);
  if (current?.reason === PROGRESS_DEADLINE_EXCEEDED) return;
  const pausedRecorded = current?.reason === DEPLOYMENT_PAUSED;
  const paused = Boolean(d.spec?.paused);
  if (paused === pausedRecorded) return;
  const status = structuredClone(d.status ?? {});
  const condition = paused
    ? newCondition(PROGRESSING, 'Unknown', DEPLOYMENT_PAUSED, 'Deployment is paused', state.now)
    : newCondition(PROGRESSING, 'Unknown', DEPLOYMENT_RESUMED, 'Deployment is resumed', state.now);
  setCondition(status, condition);
  state.writeStatus(status);
}
