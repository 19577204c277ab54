// The Deployment status the controller writes (upstream calculateStatus and syncRolloutStatus):
// replica counts summed over its ReplicaSets, the Available condition, and during a rollout the
// Progressing condition, which `kubectl rollout status` reads to report a stuck rollout.
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/apps/v1/index.ts';
import { parseTime } from '../../api/meta/time.ts';

import {
  AVAILABLE,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_REPLICASET_AVAILABLE,
  PROGRESSING,
  PROGRESS_DEADLINE_EXCEEDED,
  REPLICASET_UPDATED,
  REPLICA_FAILURE,
  getCondition,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions.ts';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  desiredReplicas,
  hasProgressDeadline,
  maxUnavailable,
  sumReplicas,
  sumStatus,
} from './rollout-math.ts';

/** Upstream calculateStatus. Zero counts are left out, as Go's omitempty writes them. */
export function calculateStatus(allReplicaSets: readonly (ReplicaSet | undefined)[], newReplicaSet: ReplicaSet | undefined, deployment: Deployment, now: number): DeploymentStatus {
  const available = sumStatus(allReplicaSets, 'availableReplicas');
  const unavailable = Math.max(0, sumReplicas(allReplicaSets) - available);
  const status: DeploymentStatus = {};
  const counts: [keyof DeploymentStatus, number | undefined][] = [
    ['observedGeneration', deployment.metadata?.generation],
    ['replicas', sumStatus(allReplicaSets, 'replicas')],
    ['updatedReplicas', sumStatus([newReplicaSet], 'replicas')],
    ['readyReplicas', sumStatus(allReplicaSets, 'readyReplicas')],
    ['availableReplicas', available],
    ['unavailableReplicas', unavailable],
  ];
  for (const [field, value] of counts) if (value) (status as Record<string, unknown>)[field] = value;
  if (deployment.status?.conditions?.length) status.conditions = deployment.status.conditions.map((c) => ({ ...c }));
  if (deployment.status?.collisionCount !== undefined) status.collisionCount = deployment.status.collisionCount;
  if (available >= desiredReplicas(deployment) - maxUnavailable(deployment)) {
    setCondition(status, newCondition(AVAILABLE, 'True', MINIMUM_REPLICAS_AVAILABLE, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', MINIMUM_REPLICAS_UNAVAILABLE, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

export interface RolloutStatus {
  readonly status: DeploymentStatus;
  /** Whether it differs from the stored status. */
  readonly changed: boolean;
  /**
   * When nothing changed but the rollout is still running under a deadline: milliseconds until
   * the deadline check is due (0: check again now, rate-limited). Upstream requeueStuckDeployment.
   */
  readonly recheckAfterMs?: number;
}

/** Upstream syncRolloutStatus's status, including Progressing and ReplicaFailure. */
export function rolloutStatus(allReplicaSets: readonly (ReplicaSet | undefined)[], newReplicaSet: ReplicaSet | undefined, deployment: Deployment, now: number): RolloutStatus {
  const status = calculateStatus(allReplicaSets, newReplicaSet, deployment, now);
  const withDeadline = hasProgressDeadline(deployment);
  if (!withDeadline) removeCondition(status, PROGRESSING);

  const current = getCondition(deployment.status, PROGRESSING);
  const name = deployment.metadata?.name ?? '';
  const subject = newReplicaSet ? `ReplicaSet "${newReplicaSet.metadata?.name ?? ''}"` : `Deployment "${name}"`;
  const completeBefore = status.replicas === status.updatedReplicas && current?.reason === NEW_REPLICASET_AVAILABLE;
  if (withDeadline && !completeBefore) {
    if (deploymentComplete(deployment, status)) {
      setCondition(status, newCondition(PROGRESSING, 'True', NEW_REPLICASET_AVAILABLE, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(deployment, status)) {
      // Progress refreshes lastUpdateTime even under the same reason, which SetCondition would skip.
      const condition = newCondition(PROGRESSING, 'True', REPLICASET_UPDATED, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, PROGRESSING);
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(deployment, status, now)) {
      setCondition(status, newCondition(PROGRESSING, 'False', PROGRESS_DEADLINE_EXCEEDED, `${subject} has timed out progressing.`, now));
    }
  }

  const failure = replicaFailure(allReplicaSets, newReplicaSet);
  if (failure) setCondition(status, failure);
  else removeCondition(status, REPLICA_FAILURE);

  const changed = !sameStatus(deployment.status, status);
  if (changed) return { status, changed };
  const recheckAfterMs = stuckRecheckAfter(deployment, status, now);
  return recheckAfterMs === undefined ? { status, changed } : { status, changed, recheckAfterMs };
}

/** The new ReplicaSet's ReplicaFailure condition, else the first old one's, as a Deployment condition. */
function replicaFailure(allReplicaSets: readonly (ReplicaSet | undefined)[], newReplicaSet: ReplicaSet | undefined) {
  const candidates = [newReplicaSet, ...allReplicaSets];
  for (const rs of candidates) {
    const condition = rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
    if (condition) {
      return {
        type: condition.type,
        status: condition.status,
        lastTransitionTime: condition.lastTransitionTime,
        lastUpdateTime: condition.lastTransitionTime,
        reason: condition.reason,
        message: condition.message,
      };
    }
  }
  return undefined;
}

function stuckRecheckAfter(deployment: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const current = getCondition(deployment.status, PROGRESSING);
  if (!hasProgressDeadline(deployment) || !current) return undefined;
  if (deploymentComplete(deployment, status) || current.reason === PROGRESS_DEADLINE_EXCEEDED) return undefined;
  const after = (parseTime(current.lastUpdateTime) ?? 0) + (deployment.spec?.progressDeadlineSeconds ?? 0) * 1000 - now;
  // Upstream adds a second so the check does not land just before the deadline.
  return after < 1000 ? 0 : after + 1000;
}

const COUNT_FIELDS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas'] as const;

/** Status equality as Go's DeepEqual sees decoded structs: a missing count is 0. */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  for (const field of COUNT_FIELDS) if ((a?.[field] ?? 0) !== (b?.[field] ?? 0)) return false;
  if (a?.collisionCount !== b?.collisionCount) return false;
  return JSON.stringify(normalizeConditions(a)) === JSON.stringify(normalizeConditions(b));
}

function normalizeConditions(status: DeploymentStatus | undefined) {
  return (status?.conditions ?? []).map((c) => [c.type, c.status, c.lastUpdateTime ?? '', c.lastTransitionTime ?? '', c.reason ?? '', c.message ?? '']);
}
