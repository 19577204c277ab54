// RollingUpdate (upstream rolling.go): grow the new ReplicaSet up to replicas + maxSurge, then
// shrink old ones while at least replicas - maxUnavailable Pods stay available, removing old
// Pods that are not available first since they cost no availability.
import type { ReplicaSet } from '../../api/apps/v1/index.ts';
import { activeReplicaSets, compareByCreation } from './replica-set-order.ts';
import { availableToKeep, deploymentComplete, desiredReplicas, maxUnavailable, newReplicaSetReplicas, replicasOf, sumReplicas } from './rollout-math.ts';
import { cleanupDeployment } from './scale.ts';
import type { DeploymentSync } from './sync-state.ts';

export function rolloutRolling(state: DeploymentSync): void {
  const { newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(true);
  // createIfMissing guarantees a new ReplicaSet.
  const target = newRS as ReplicaSet;
  const all = [...oldRSs, target];
  if (reconcileNewReplicaSet(state, all, target)) return state.syncRolloutStatus(all, target);
  if (reconcileOldReplicaSets(state, all, activeReplicaSets(oldRSs), target)) return state.syncRolloutStatus(all, target);
  if (deploymentComplete(state.deployment, state.deployment.status ?? {})) cleanupDeployment(state, oldRSs);
  state.syncRolloutStatus(all, target);
}

function reconcileNewReplicaSet(state: DeploymentSync, all: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  const desired = desiredReplicas(state.deployment);
  if (replicasOf(newRS) === desired) return false;
  if (replicasOf(newRS) > desired) return state.scaleReplicaSetAndRecordEvent(newRS, desired);
  return state.scaleReplicaSetAndRecordEvent(newRS, newReplicaSetReplicas(state.deployment, all, newRS));
}

/**
 * How far old ReplicaSets may shrink: all Pods, minus the minimum that must stay available,
 * minus new Pods not yet available (they must not be counted on).
 */
function reconcileOldReplicaSets(state: DeploymentSync, all: readonly ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const oldCount = sumReplicas(oldRSs);
  if (oldCount === 0) return false;
  const d = state.deployment;
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - availableToKeep(newRS);
  const maxScaledDown = sumReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(state, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSets(state, [...oldRSs, newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

/** Shrink old ReplicaSets by their unavailable Pods first, oldest ReplicaSet first. */
function cleanupUnhealthyReplicas(state: DeploymentSync, oldRSs: ReplicaSet[], maxCleanup: number): number {
  oldRSs.sort(compareByCreation);
  let total = 0;
  for (const rs of oldRSs) {
    if (total >= maxCleanup) break;
    const replicas = replicasOf(rs);
    const available = availableToKeep(rs);
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    // An RS reporting more available than desired Pods would "shrink" upward; upstream refuses.
    if (count < 0) break;
    state.scaleReplicaSet(rs, replicas - count, 'down');
    total += count;
  }
  return total;
}

/** Shrink old ReplicaSets, oldest first, while more than the minimum are available. */
function scaleDownOldReplicaSets(state: DeploymentSync, all: readonly ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const d = state.deployment;
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const available = all.reduce((sum, rs) => sum + availableToKeep(rs), 0);
  if (available <= minAvailable) return 0;
  oldRSs.sort(compareByCreation);
  const target = available - minAvailable;
  let total = 0;
  for (const rs of oldRSs) {
    if (total >= target) break;
    const replicas = replicasOf(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, target - total);
    state.scaleReplicaSet(rs, replicas - count, 'down');
    total += count;
  }
  return total;
}
