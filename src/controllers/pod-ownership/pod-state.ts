// What controllers read off a Pod: is it still counted (active), ready, available after
// minReadySeconds — upstream's controller.IsPodActive and podutil.IsPodReady/IsPodAvailable.
import type { Pod } from '../../api/core/v1/pod.ts';
import { isPodReady, podReadyCondition } from '../../api/core/v1/pod-conditions.ts';
import { parseTime } from '../../api/meta/time.ts';

/** Annotation users set to steer which Pods a scale-down removes first (lower goes first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** Neither finished (Succeeded/Failed) nor being deleted: the Pods a ReplicaSet counts. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export { isPodReady, podReadyCondition } from '../../api/core/v1/pod-conditions.ts';

/** When a ready Pod last became ready; undefined for a Pod that is not ready. */
export function podReadyTime(pod: Pod): number | undefined {
  if (!isPodReady(pod)) return undefined;
  return parseTime(podReadyCondition(pod)?.lastTransitionTime);
}

/**
 * Ready, and ready for longer than minReadySeconds (strictly, as upstream compares with Before).
 * A Pod whose Ready condition carries no transition time is available only when minReadySeconds is 0.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(podReadyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** When a ready Pod that is not yet available becomes available, for a timed resync. */
export function podAvailableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const since = podReadyTime(pod);
  return since === undefined ? undefined : since + minReadySeconds * 1000;
}

/** The pod-deletion-cost annotation as an int32; 0 when absent or not a valid int32. */
export function podDeletionCost(pod: Pod): number {
  const text = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : 0;
}

/**
 * The highest restart count among regular containers, and separately among restartable init
 * containers (sidecars): upstream compares the first, then the second.
 */
export function maxContainerRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  for (const status of pod.status?.containerStatuses ?? []) regular = Math.max(regular, status.restartCount ?? 0);
  const sidecars = new Set(
    (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  let sidecar = 0;
  for (const status of pod.status?.initContainerStatuses ?? []) {
    if (sidecars.has(status.name)) sidecar = Math.max(sidecar, status.restartCount ?? 0);
  }
  return { regular, sidecar };
}
