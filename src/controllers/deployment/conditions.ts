// Deployment conditions and their upstream reasons (deployment_util.go). Setting a condition
// with the same status and reason is a no-op; a new reason with the same status keeps the
// lastTransitionTime; the set condition moves to the end of the list, as upstream appends it.
import type { DeploymentCondition, DeploymentStatus } from '../../api/apps/v1/index.ts';
import { formatTime } from '../../api/meta/time.ts';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';
export const REPLICA_FAILURE = 'ReplicaFailure';

// Progressing reasons.
export const REPLICASET_UPDATED = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE = 'ReplicaSetCreateError';
export const NEW_REPLICASET_CREATED = 'NewReplicaSetCreated';
export const FOUND_NEW_REPLICASET = 'FoundNewReplicaSet';
export const NEW_REPLICASET_AVAILABLE = 'NewReplicaSetAvailable';
export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';
export const DEPLOYMENT_PAUSED = 'DeploymentPaused';
export const DEPLOYMENT_RESUMED = 'DeploymentResumed';
// Available reasons.
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export function newCondition(type: string, status: ConditionStatus, reason: string, message: string, now: number): DeploymentCondition {
  const time = formatTime(now);
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((condition) => condition.type === type);
}

/** Upstream SetDeploymentCondition, on `status` in place. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type ?? '');
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const remaining = (status.conditions ?? []).filter((c) => c.type !== type);
  if (remaining.length > 0) status.conditions = remaining;
  else delete status.conditions;
}
