// Recreate (upstream recreate.go): scale every old ReplicaSet to zero, wait until none of their
// Pods is left running, and only then create or grow the new ReplicaSet.
import type { ReplicaSet } from '../../api/apps/v1/index.ts';
import { activeReplicaSets } from './replica-set-order.ts';
import { deploymentComplete, desiredReplicas, sumStatus } from './rollout-math.ts';
import { cleanupDeployment } from './scale.ts';
import type { DeploymentSync } from './sync-state.ts';

export function rolloutRecreate(state: DeploymentSync): void {
  let { newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(false);
  let all: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if (state.scaleReplicaSetAndRecordEvent(rs, 0)) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(state, newRS, oldRSs)) return state.syncRolloutStatus(all, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(true));
    all = [...oldRSs, newRS];
  }
  if (newRS) state.scaleReplicaSetAndRecordEvent(newRS, desiredReplicas(state.deployment));
  if (deploymentComplete(state.deployment, state.deployment.status ?? {})) cleanupDeployment(state, oldRSs);
  state.syncRolloutStatus(all, newRS);
}

/** Old ReplicaSets still report Pods, or a Pod of theirs has not reached Succeeded or Failed. */
function oldPodsRunning(state: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  const newUid = newRS?.metadata?.uid;
  for (const [uid, pods] of state.podsByReplicaSet) {
    if (newUid !== undefined && uid === newUid) continue;
    if (pods.some((pod) => pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')) return true;
  }
  return false;
}
