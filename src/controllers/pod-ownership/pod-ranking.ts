// Which Pods a scale-down removes first: upstream's ActivePodsWithRanks ordering (with
// PodDeletionCost and LogarithmicScaleDown, both on by default since v1.22), ranked by how many
// related Pods share the node, as getPodsRankedByRelatedPodsOnSameNode does.
import type { Pod } from '../../api/core/v1/pod.ts';
import { parseTime } from '../../api/meta/time.ts';
import { isPodActive, isPodReady, maxContainerRestarts, podDeletionCost, podReadyTime } from './pod-state.ts';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface RankedPod {
  readonly pod: Pod;
  /** Active related Pods on the same node (this Pod included): more means delete sooner. */
  readonly rank: number;
  readonly ready: boolean;
}

/**
 * The Pods in deletion order, first to delete first. `relatedPods` are the Pods of every
 * ReplicaSet under the same controller (a Deployment's old and new ReplicaSets), so a scale-down
 * thins out the nodes where the Deployment is doubled up. The input is not modified.
 */
export function rankPodsForDeletion(pods: readonly Pod[], relatedPods: readonly Pod[], now: number): Pod[] {
  const onNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0, ready: isPodReady(pod) }));
  ranked.sort((a, b) => (deletesBefore(a, b, now) ? -1 : deletesBefore(b, a, now) ? 1 : 0));
  return ranked.map((entry) => entry.pod);
}

/** The first `count` Pods to delete; all of them when count covers the list (no sort needed). */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return [...pods];
  return rankPodsForDeletion(pods, relatedPods, now).slice(0, Math.max(0, count));
}

function deletesBefore(a: RankedPod, b: RankedPod, now: number): boolean {
  const nodeA = a.pod.spec?.nodeName ?? '';
  const nodeB = b.pod.spec?.nodeName ?? '';
  // 1. Not yet scheduled before scheduled.
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  // 2. Pending before Unknown before Running.
  const phaseA = PHASE_ORDINAL[a.pod.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[b.pod.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA < phaseB;
  // 3. Not ready before ready.
  if (a.ready !== b.ready) return !a.ready;
  // 4. Lower pod-deletion-cost first.
  const costA = podDeletionCost(a.pod);
  const costB = podDeletionCost(b.pod);
  if (costA !== costB) return costA < costB;
  // 5. Doubled up on a node before alone.
  if (a.rank !== b.rank) return a.rank > b.rank;
  // 6. Both ready: ready more recently first, compared in log2 buckets of age.
  if (a.ready && b.ready) {
    const readyA = podReadyTime(a.pod);
    const readyB = podReadyTime(b.pod);
    if (readyA !== readyB) return newerFirst(a.pod, b.pod, readyA, readyB, now);
  }
  // 7. More container restarts first (regular containers, then sidecars).
  const restartsA = maxContainerRestarts(a.pod);
  const restartsB = maxContainerRestarts(b.pod);
  if (restartsA.regular !== restartsB.regular) return restartsA.regular > restartsB.regular;
  if (restartsA.sidecar !== restartsB.sidecar) return restartsA.sidecar > restartsB.sidecar;
  // 8. Newer creation first (log2 buckets of age), a missing timestamp counting as newest.
  const createdA = parseTime(a.pod.metadata?.creationTimestamp);
  const createdB = parseTime(b.pod.metadata?.creationTimestamp);
  if (createdA !== createdB) return newerFirst(a.pod, b.pod, createdA, createdB, now);
  return false;
}

/**
 * Whether `a` (with time `ta`) goes before `b`: the more recent first. Times in the same power-of-two
 * age bucket tie, broken by UID so the choice is random-like but stable. A missing time counts as
 * the most recent, as upstream's afterOrZero does.
 */
function newerFirst(a: Pod, b: Pod, ta: number | undefined, tb: number | undefined, now: number): boolean {
  if (ta === undefined || tb === undefined) return ta === undefined;
  const diff = logarithmicBucket(now - ta) - logarithmicBucket(now - tb);
  if (diff !== 0) return diff < 0;
  return (a.metadata?.uid ?? '') < (b.metadata?.uid ?? '');
}

// Upstream takes log2 of the age in nanoseconds, truncated; a non-positive age is bucket -1.
function logarithmicBucket(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}
