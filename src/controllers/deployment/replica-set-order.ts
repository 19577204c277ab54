// Orders of ReplicaSets the deployment controller relies on (upstream controller_utils.go and
// deployment_util.go): by creation, by size for proportional scaling, by revision for cleanup.
import type { ReplicaSet } from '../../api/apps/v1/index.ts';
import { parseTime } from '../../api/meta/time.ts';

import { revisionOf } from './annotations.ts';
import { replicasOf } from './rollout-math.ts';

/** Older first; the same second falls back to the name. */
export function compareByCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = parseTime(a.metadata?.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; equal sizes older first (where a proportional scale-down starts). */
export function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || compareByCreation(a, b);
}

/** Larger first; equal sizes newer first (where a proportional scale-up starts). */
export function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || compareByCreation(b, a);
}

/** Lower revision first; unparsable or equal revisions by creation. */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return compareByCreation(a, b);
  return ra - rb;
}

/** ReplicaSets with any desired replicas (upstream FilterActiveReplicaSets). */
export function activeReplicaSets(replicaSets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return replicaSets.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}
