// The annotations the deployment controller keeps on ReplicaSets (deployment_util.go): the
// revision that `kubectl rollout history|undo` read, the revision history of a re-used
// ReplicaSet, and desired/max replicas, which tell a scaling event from a rollout and give each
// ReplicaSet its proportion. All other Deployment annotations are copied onto the new
// ReplicaSet, so `kubernetes.io/change-cause` shows up in the history.
import type { Deployment, ReplicaSet } from '../../api/apps/v1/index.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** apps/v1beta1's rollbackTo, kept as an annotation on apps/v1 Deployments. */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Upstream caps the revision-history annotation at about 100 entries. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const NOT_COPIED = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

/** Whether an annotation stays with its object rather than moving between Deployment and ReplicaSet. */
export function isControllerAnnotation(key: string): boolean {
  return NOT_COPIED.has(key);
}

// Go's strconv.ParseInt / Atoi: an optional sign, then digits only.
function parseGoInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** An integer annotation (desired or max replicas); undefined when absent or not a number. */
export function intAnnotation(object: { metadata?: { annotations?: Record<string, string> } }, key: string): number | undefined {
  return parseGoInt(object.metadata?.annotations?.[key]);
}

/** The revision number: 0 when there is none, undefined when it is not a number (skipped). */
export function revisionOf(object: { metadata?: { annotations?: Record<string, string> } }): number | undefined {
  const text = object.metadata?.annotations?.[REVISION_ANNOTATION];
  return text === undefined ? 0 : parseGoInt(text);
}

export function maxRevision(replicaSets: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of replicaSets) {
    const revision = revisionOf(rs);
    if (revision !== undefined && revision > max) max = revision;
  }
  return max;
}

/** The second-highest revision: what a rollback to "the last revision" goes to. */
export function lastRevision(replicaSets: readonly ReplicaSet[]): number {
  let max = 0;
  let second = 0;
  for (const rs of replicaSets) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    if (revision >= max) {
      second = max;
      max = revision;
    } else if (revision > second) {
      second = revision;
    }
  }
  return second;
}

function annotationsOf(object: { metadata?: { annotations?: Record<string, string> } }): Record<string, string> {
  object.metadata ??= {};
  object.metadata.annotations ??= {};
  return object.metadata.annotations;
}

/** Upstream SetReplicasAnnotations, in place; true when something changed. */
export function setReplicasAnnotations(replicaSet: ReplicaSet, desired: number, max: number): boolean {
  const annotations = annotationsOf(replicaSet);
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(replicaSet: ReplicaSet, desired: number, max: number): boolean {
  const annotations = replicaSet.metadata?.annotations;
  return annotations?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || annotations?.[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/**
 * Upstream SetNewReplicaSetAnnotations, in place: copy the Deployment's own annotations, raise
 * the revision to `newRevision` (keeping the replaced one in revision-history, so a rolled-back
 * ReplicaSet remembers every revision it served), and on creation record desired/max replicas.
 */
export function setNewReplicaSetAnnotations(
  deployment: Deployment,
  replicaSet: ReplicaSet,
  newRevision: number,
  exists: boolean,
  replicas: { desired: number; max: number },
): boolean {
  let changed = copyDeploymentAnnotations(deployment, replicaSet);
  const annotations = annotationsOf(replicaSet);
  const hadRevision = Object.hasOwn(annotations, REVISION_ANNOTATION);
  const oldText = annotations[REVISION_ANNOTATION] ?? '';
  let oldRevision = 0;
  if (oldText !== '') {
    const parsed = parseGoInt(oldText);
    // Upstream gives up on a ReplicaSet whose revision is not a number.
    if (parsed === undefined) return false;
    oldRevision = parsed;
  }
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (hadRevision) recordRevisionHistory(annotations, oldText);
  }
  if (!exists && setReplicasAnnotations(replicaSet, replicas.desired, replicas.max)) changed = true;
  return changed;
}

function recordRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
  if (history === '') {
    annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  const entries = history.split(',');
  let length = history.length + oldRevision.length + 1;
  let start = 0;
  while (length > MAX_REVISION_HISTORY_CHARS && start < entries.length) {
    length -= (entries[start] ?? '').length + 1;
    start++;
  }
  if (length <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY_ANNOTATION] = [...entries.slice(start), oldRevision].join(',');
}

function copyDeploymentAnnotations(deployment: Deployment, replicaSet: ReplicaSet): boolean {
  const annotations = annotationsOf(replicaSet);
  let changed = false;
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (isControllerAnnotation(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

/** Upstream SetDeploymentAnnotationsTo: a rollback takes the ReplicaSet's copied annotations back. */
export function setDeploymentAnnotationsTo(deployment: Deployment, replicaSet: ReplicaSet): void {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (isControllerAnnotation(key)) kept[key] = value;
  }
  for (const [key, value] of Object.entries(replicaSet.metadata?.annotations ?? {})) {
    if (!isControllerAnnotation(key)) kept[key] = value;
  }
  deployment.metadata ??= {};
  deployment.metadata.annotations = kept;
}

/** Upstream SetDeploymentRevision, in place; true when it changed. */
export function setDeploymentRevision(deployment: Deployment, revision: string): boolean {
  const annotations = annotationsOf(deployment);
  if (annotations[REVISION_ANNOTATION] === revision) return false;
  annotations[REVISION_ANNOTATION] = revision;
  return true;
}
