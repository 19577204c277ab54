// The arithmetic of a rollout (upstream deployment_util.go): maxSurge and maxUnavailable from
// counts or percentages, how far the new ReplicaSet may grow, proportional shares when a
// Deployment is scaled mid-rollout, and when a rollout is complete, progressing or stuck.
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/apps/v1/index.ts';
import { parseTime } from '../../api/meta/time.ts';
import type { IntOrString } from '../../api/schema/fields.ts';

import { MAX_REPLICAS_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, intAnnotation } from './annotations.ts';
import { NEW_REPLICASET_AVAILABLE, PROGRESSING, PROGRESS_DEADLINE_EXCEEDED, getCondition } from './conditions.ts';

/** Go's math.MaxInt32: progressDeadlineSeconds and revisionHistoryLimit use it to mean "none". */
const MAX_INT32 = 2147483647;

export class RolloutMathError extends Error {}

export const replicasOf = (object: { spec?: { replicas?: number } } | undefined): number => object?.spec?.replicas ?? 0;
export const desiredReplicas = (deployment: Deployment): number => deployment.spec?.replicas ?? 1;

export function isRollingUpdate(deployment: Deployment): boolean {
  return deployment.spec?.strategy?.type === 'RollingUpdate';
}

/**
 * Upstream intstr.GetScaledValueFromIntOrPercent: a count as is, or a percentage of `total`,
 * rounded up (maxSurge) or down (maxUnavailable).
 */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (!match) throw new RolloutMathError(`invalid value for IntOrString: invalid value "${value}": must be an integer or percentage (e.g '5%')`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * Upstream ResolveFenceposts: both limits in one step, since when both resolve to 0 (a small
 * percentage rounded down) maxUnavailable becomes 1, so the rollout can still move.
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number) {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(deployment: Deployment): number {
  if (!isRollingUpdate(deployment)) return 0;
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desiredReplicas(deployment)).surge;
}

export function maxUnavailable(deployment: Deployment): number {
  const desired = desiredReplicas(deployment);
  if (!isRollingUpdate(deployment) || desired === 0) return 0;
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(rolling?.maxSurge, rolling?.maxUnavailable, desired);
  return Math.min(unavailable, desired);
}

export function sumReplicas(replicaSets: readonly (ReplicaSet | undefined)[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs ? replicasOf(rs) : 0), 0);
}

type StatusCount = 'replicas' | 'readyReplicas' | 'availableReplicas';
export function sumStatus(replicaSets: readonly (ReplicaSet | undefined)[], field: StatusCount): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.status?.[field] ?? 0), 0);
}

/**
 * Pods a ReplicaSet may still have: its size, or more while Pods it was asked to remove are
 * still reported. Upstream counts the size alone, so a new ReplicaSet can grow while an old one
 * has yet to delete, and the Pods briefly exceed replicas + maxSurge; waiting for the report
 * keeps maxSurge a bound on Pods that exist.
 */
export function podsMayExist(replicaSet: ReplicaSet): number {
  return Math.max(replicasOf(replicaSet), replicaSet.status?.replicas ?? 0);
}

/**
 * Available Pods a ReplicaSet is sure to keep: a status written before its last scale-down may
 * still count Pods being deleted, so no more than its size counts (the ReplicaSet controller
 * deletes unavailable Pods first). Upstream sums the status as is; this keeps a stale status
 * from letting a scale-down go below replicas - maxUnavailable.
 */
export function availableToKeep(replicaSet: ReplicaSet): number {
  return Math.min(replicaSet.status?.availableReplicas ?? 0, replicasOf(replicaSet));
}

/** Upstream NewRSNewReplicas: the size the new ReplicaSet may grow to in this step. */
export function newReplicaSetReplicas(deployment: Deployment, allReplicaSets: readonly ReplicaSet[], newReplicaSet: ReplicaSet): number {
  const desired = desiredReplicas(deployment);
  const type = deployment.spec?.strategy?.type;
  if (type === 'Recreate') return desired;
  if (type !== 'RollingUpdate') throw new RolloutMathError(`deployment type ${type ?? ''} isn't supported`);
  const surge = scaledValue(deployment.spec?.strategy?.rollingUpdate?.maxSurge, desired, true);
  const current = allReplicaSets.reduce((sum, rs) => sum + podsMayExist(rs), 0);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return replicasOf(newReplicaSet);
  const scaleUp = Math.min(maxTotal - current, desired - replicasOf(newReplicaSet));
  return replicasOf(newReplicaSet) + scaleUp;
}

/**
 * Upstream IsSaturated: the new ReplicaSet has all desired replicas, believes so itself (its
 * desired-replicas annotation), and all of them are available.
 */
export function isSaturated(deployment: Deployment, replicaSet: ReplicaSet | undefined): boolean {
  if (!replicaSet) return false;
  const desired = intAnnotation(replicaSet, DESIRED_REPLICAS_ANNOTATION);
  if (desired === undefined) return false;
  const replicas = desiredReplicas(deployment);
  return replicasOf(replicaSet) === replicas && desired === replicas && (replicaSet.status?.availableReplicas ?? 0) === replicas;
}

// Go's math.Round: halves away from zero.
function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function replicaSetFraction(replicaSet: ReplicaSet, deployment: Deployment): number {
  const desired = desiredReplicas(deployment);
  if (desired === 0) return -replicasOf(replicaSet);
  const deploymentReplicas = desired + maxSurge(deployment);
  // Without the annotation, the Deployment's current size stands in; the min/max in
  // replicaSetProportion keeps the result within bounds either way.
  const annotated = intAnnotation(replicaSet, MAX_REPLICAS_ANNOTATION) ?? deployment.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAwayFromZero((replicasOf(replicaSet) * deploymentReplicas) / annotated) - replicasOf(replicaSet);
}

/** Upstream GetProportion: this ReplicaSet's share of `toAdd`, never past what is left. */
export function replicaSetProportion(replicaSet: ReplicaSet, deployment: Deployment, toAdd: number, added: number): number {
  if (replicasOf(replicaSet) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(replicaSet, deployment);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** Upstream DeploymentComplete. */
export function deploymentComplete(deployment: Deployment, status: DeploymentStatus): boolean {
  const desired = desiredReplicas(deployment);
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0)
  );
}

/** Upstream DeploymentProgressing: new Pods updated, ready or available, or old ones gone. */
export function deploymentProgressing(deployment: Deployment, next: DeploymentStatus): boolean {
  const old = deployment.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const nextOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    nextOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export function hasProgressDeadline(deployment: Deployment): boolean {
  const seconds = deployment.spec?.progressDeadlineSeconds;
  return seconds !== undefined && seconds !== MAX_INT32;
}

export function hasRevisionHistoryLimit(deployment: Deployment): boolean {
  const limit = deployment.spec?.revisionHistoryLimit;
  return limit !== undefined && limit !== MAX_INT32;
}

/**
 * Upstream DeploymentTimedOut: the Progressing condition has not moved for longer than
 * progressDeadlineSeconds (strictly), or already says so.
 */
export function deploymentTimedOut(deployment: Deployment, next: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(deployment)) return false;
  const condition = getCondition(next, PROGRESSING);
  if (!condition) return false;
  if (condition.reason === NEW_REPLICASET_AVAILABLE) return false;
  if (condition.reason === PROGRESS_DEADLINE_EXCEEDED) return true;
  const from = parseTime(condition.lastUpdateTime) ?? 0;
  return from + (deployment.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}
