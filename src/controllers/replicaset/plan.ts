// The ReplicaSet controller's pure core (upstream syncReplicaSet, manageReplicas and
// calculateStatus): from a ReplicaSet and the Pods of its namespace, which Pods it owns, which
// orphans it adopts and owned Pods it releases, how many Pods to create or which to delete, and
// the status to write.
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { formatTime } from '../../api/meta/time.ts';
import { labelSelectorFromSet } from '../../api/selectors/index.ts';
import { isPodActive, isPodAvailable, isPodReady, planClaim, podsToDelete, selectorFromSpec } from '../pod-ownership/index.ts';

/** Upstream burstReplicas: the most Pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;

export const REPLICA_FAILURE = 'ReplicaFailure';

export interface ReplicaSetPlanInput {
  readonly replicaSet: ReplicaSet;
  /** Pods of the ReplicaSet's namespace (all of them, or at least every owned or matching one). */
  readonly pods: readonly Pod[];
  /**
   * Pods of every ReplicaSet under the same controller (a Deployment's other ReplicaSets), used to
   * delete first where the controller is doubled up on a node. Defaults to the owned Pods.
   */
  readonly relatedPods?: readonly Pod[];
  readonly now: number;
  /**
   * False while earlier creates or deletes have not been observed yet (expectations): then the
   * plan adopts, releases and reports status but neither creates nor deletes.
   */
  readonly mayManageReplicas?: boolean;
  readonly burstReplicas?: number;
}

export interface ReplicaSetPlan {
  /** Active Pods the ReplicaSet owns after adoption and release: what its status counts. */
  readonly owned: Pod[];
  readonly adopt: Pod[];
  readonly release: Pod[];
  /** How many Pods to create from the template. */
  readonly create: number;
  /** Pods to delete, first to go first. */
  readonly delete: Pod[];
  /** The status when the creates and deletes succeed; see replicaSetStatus for a failure. */
  readonly status: ReplicaSetStatus;
  /** Whether `status` differs from the stored one (upstream skips identical writes). */
  readonly statusChanged: boolean;
  /**
   * Milliseconds after which ready Pods may have become available (minReadySeconds), when
   * some are ready but not yet available; upstream resyncs then as a guard against clock skew.
   */
  readonly recheckAfterMs?: number;
}

export function planReplicaSet(input: ReplicaSetPlanInput): ReplicaSetPlan {
  const { replicaSet, now } = input;
  const selector = selectorFromSpec(replicaSet.spec?.selector);
  const deleting = Boolean(replicaSet.metadata?.deletionTimestamp);
  const claim = planClaim(
    { uid: replicaSet.metadata?.uid, namespace: replicaSet.metadata?.namespace, deleting },
    input.pods.filter(isPodActive),
    (pod) => selector.matches(pod.metadata?.labels),
  );
  const owned = claim.claimed;
  const desired = replicaSet.spec?.replicas ?? 1;
  const burst = input.burstReplicas ?? BURST_REPLICAS;
  let create = 0;
  let toDelete: Pod[] = [];
  if ((input.mayManageReplicas ?? true) && !deleting) {
    const diff = owned.length - desired;
    if (diff < 0) create = Math.min(-diff, burst);
    else if (diff > 0) toDelete = podsToDelete(owned, input.relatedPods ?? owned, Math.min(diff, burst), now);
  }
  const status = replicaSetStatus(replicaSet, owned, now);
  const minReady = replicaSet.spec?.minReadySeconds ?? 0;
  const recheck =
    minReady > 0 && status.readyReplicas === desired && status.availableReplicas !== desired ? minReady * 1000 : undefined;
  return {
    owned,
    adopt: claim.adopt,
    release: claim.release,
    create,
    delete: toDelete,
    status,
    statusChanged: replicaSetStatusChanged(replicaSet, status),
    ...(recheck === undefined ? {} : { recheckAfterMs: recheck }),
  };
}

export interface ReplicaFailure {
  /** What the failed create or delete answered, as upstream puts the error text in the message. */
  readonly message: string;
}

/**
 * Upstream calculateStatus plus the observedGeneration updateReplicaSetStatus stamps: counts of
 * owned Pods, and a ReplicaFailure condition (FailedCreate / FailedDelete) while managing
 * replicas fails, removed once it succeeds again.
 */
export function replicaSetStatus(replicaSet: ReplicaSet, owned: readonly Pod[], now: number, failure?: ReplicaFailure): ReplicaSetStatus {
  const templateLabels = labelSelectorFromSet(replicaSet.spec?.template?.metadata?.labels);
  const minReady = replicaSet.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of owned) {
    if (templateLabels.matches(pod.metadata?.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  const previous = replicaSet.status ?? { replicas: 0 };
  let conditions = previous.conditions ?? [];
  const existingFailure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (failure && !existingFailure) {
    const diff = owned.length - (replicaSet.spec?.replicas ?? 1);
    const condition: ReplicaSetCondition = {
      type: REPLICA_FAILURE,
      status: 'True',
      lastTransitionTime: formatTime(now),
      reason: diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '',
      message: failure.message,
    };
    conditions = [...conditions, condition];
  } else if (!failure && existingFailure) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = {
    ...previous,
    replicas: owned.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: replicaSet.metadata?.generation ?? previous.observedGeneration,
  };
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

/** Upstream updateReplicaSetStatus's "nothing to write" test. */
export function replicaSetStatusChanged(replicaSet: ReplicaSet, status: ReplicaSetStatus): boolean {
  const stored = replicaSet.status ?? { replicas: 0 };
  return (
    (stored.replicas ?? 0) !== status.replicas ||
    (stored.fullyLabeledReplicas ?? 0) !== (status.fullyLabeledReplicas ?? 0) ||
    (stored.readyReplicas ?? 0) !== (status.readyReplicas ?? 0) ||
    (stored.availableReplicas ?? 0) !== (status.availableReplicas ?? 0) ||
    (replicaSet.metadata?.generation ?? 0) !== (stored.observedGeneration ?? 0) ||
    JSON.stringify(stored.conditions ?? []) !== JSON.stringify(status.conditions ?? [])
  );
}
