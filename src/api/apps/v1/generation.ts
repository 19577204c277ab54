// When an update bumps metadata.generation, as upstream's deployment and replicaset strategies
// decide in PrepareForUpdate. `kubectl rollout status` waits until status.observedGeneration
// catches up with generation, so a missed bump ends the wait before the rollout has begun.
import type { Deployment } from './deployment.ts';
import type { ReplicaSet } from './replicaset.ts';

/**
 * A Deployment's generation goes up when its spec changes, and also when its annotations do:
 * the controller copies them onto the ReplicaSets, so they are part of what must roll out.
 */
export function deploymentGenerationChanged(next: Deployment, previous: Deployment): boolean {
  return (
    !sameJson(next.spec, previous.spec) || !sameJson(next.metadata?.annotations, previous.metadata?.annotations)
  );
}

/** A ReplicaSet's generation goes up when its spec changes. */
export function replicaSetGenerationChanged(next: ReplicaSet, previous: ReplicaSet): boolean {
  return !sameJson(next.spec, previous.spec);
}

/**
 * Deep equality of JSON values, with the two equivalences upstream's semantic equality has on
 * decoded objects: a missing field equals null, and an empty list or map (or one holding only
 * such empties) equals a missing one, as Go's nil and empty maps and slices compare equal. Zero scalars stay
 * distinct from missing fields: for Go pointer fields they differ, and a spurious bump is
 * harmless where a missed one is not.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!sameJson(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

function isAbsent(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.values(value).every(isAbsent);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
