// Emptying a terminating namespace, as upstream's namespaced resources deleter: delete every
// object of every namespaced resource in it, then look at what is left. Pods still within their
// grace period give an estimate to wait for; objects held by finalizers give the default
// 15 s estimate; anything else left is a failure to retry. The status conditions say which, in
// upstream's words, and once nothing is left the `kubernetes` finalizer is removed through
// /finalize, which lets the API server remove the namespace.
import type { Namespace, NamespaceCondition } from '../../api/core/v1/namespace.ts';
import { FINALIZER_KUBERNETES } from '../../api/core/v1/namespace.ts';
import { formatTime } from '../../api/meta/time.ts';
import type { ObjectMeta } from '../../api/meta/v1.ts';

/** Upstream's finalizerEstimateSeconds: how long to assume finalizers on remaining objects take. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** A namespaced resource, as the controller lists it: group, version and plural. */
export interface NamespacedResource {
  readonly group: string;
  readonly version: string;
  /** Plural, as in the URL: "pods", "replicasets". */
  readonly resource: string;
}

/** What the controller sees of one object in the namespace. */
export interface ContentItem {
  readonly metadata?: Pick<ObjectMeta, 'name' | 'uid' | 'deletionTimestamp' | 'finalizers'>;
  /** Pods only: their phase and grace period feed the wait estimate. */
  readonly spec?: { readonly terminationGracePeriodSeconds?: number };
  readonly status?: { readonly phase?: string };
}

export interface ResourceContents {
  readonly resource: NamespacedResource;
  readonly items: readonly ContentItem[];
}

export interface ContentDeletion {
  readonly resource: NamespacedResource;
  readonly name: string;
  readonly uid: string;
}

/** Whether the controller has anything to do for this namespace. */
export function needsContentDeletion(namespace: Namespace): boolean {
  return !!namespace.metadata?.deletionTimestamp && (namespace.spec?.finalizers ?? []).includes(FINALIZER_KUBERNETES);
}

/**
 * The deletes that empty the namespace: every object not already being deleted (a repeated
 * delete would change nothing). Upstream issues them as one deletecollection per resource.
 */
export function planContentDeletion(contents: readonly ResourceContents[]): ContentDeletion[] {
  return contents.flatMap(({ resource, items }) =>
    items
      .filter((item) => !item.metadata?.deletionTimestamp && item.metadata?.name)
      .map((item) => ({ resource, name: item.metadata?.name as string, uid: item.metadata?.uid ?? '' })),
  );
}

export type NamespaceDeletionOutcome =
  /** Everything is gone: write these spec.finalizers through /finalize. */
  | { readonly finalize: readonly string[] }
  /** Content is still terminating: look again after this many seconds. */
  | { readonly waitSeconds: number }
  /** Content that should be gone is not: retry with backoff. */
  | { readonly retry: string };

export interface NamespaceDeletionPlan {
  /** The namespace's new status.conditions, when they change. */
  readonly conditions?: NamespaceCondition[];
  readonly outcome: NamespaceDeletionOutcome;
}

/**
 * Decides, from what is left after the deletes, whether the namespace can be finalized.
 * `remaining` is listed after the deletes were sent; `deleteErrors` are the failures of those
 * deletes (and listings), one message each; `now` is in ms since the epoch.
 */
export function planNamespaceDeletion(
  namespace: Namespace,
  remaining: readonly ResourceContents[],
  deleteErrors: readonly string[],
  now: number,
): NamespaceDeletionPlan {
  const deletedAt = Date.parse(namespace.metadata?.deletionTimestamp ?? '') || now;
  const errors = [...deleteErrors];
  const leftByResource: Array<[string, number]> = [];
  const leftByFinalizer = new Map<string, number>();
  let estimate = 0;

  for (const { resource, items } of remaining) {
    if (items.length === 0) continue;
    leftByResource.push([`${resource.resource}.${resource.group}`, items.length]);
    const finalizers = new Map<string, number>();
    for (const item of items) {
      for (const f of item.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    for (const [f, n] of finalizers) leftByFinalizer.set(f, (leftByFinalizer.get(f) ?? 0) + n);

    let resourceEstimate = resource.group === '' && resource.resource === 'pods' ? podGraceEstimate(items, deletedAt, now) : 0;
    if (resourceEstimate === 0 && finalizers.size > 0) resourceEstimate = FINALIZER_ESTIMATE_SECONDS;
    if (resourceEstimate === 0) {
      errors.push(`unexpected items still remain in namespace: ${namespace.metadata?.name ?? ''} for gvr: ${gvrText(resource)}`);
    }
    estimate = Math.max(estimate, resourceEstimate);
  }

  const conditions = updatedConditions(namespace.status?.conditions ?? [], desiredConditions(errors, leftByResource, leftByFinalizer), now);
  const withConditions = conditions ? { conditions } : {};
  if (errors.length > 0) return { ...withConditions, outcome: { retry: errors.slice().sort().join(', ') } };
  if (estimate > 0) return { ...withConditions, outcome: { waitSeconds: estimate } };
  const finalizers = [...new Set(namespace.spec?.finalizers ?? [])].filter((f) => f !== FINALIZER_KUBERNETES).sort();
  return { ...withConditions, outcome: { finalize: finalizers } };
}

/**
 * Upstream's estimate for pods: the longest grace period among pods not finished, or none once
 * that long has passed since the namespace's deletion started.
 */
function podGraceEstimate(items: readonly ContentItem[], deletedAt: number, now: number): number {
  let estimate = 0;
  for (const pod of items) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return now - deletedAt >= estimate * 1000 ? 0 : estimate;
}

/** Go's %v of a GroupVersionResource: "apps/v1, Resource=replicasets", "/v1, Resource=pods". */
function gvrText(resource: NamespacedResource): string {
  return `${resource.group}/${resource.version}, Resource=${resource.resource}`;
}

// --- conditions, in upstream's words -----------------------------------------------------------

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

type Desired = Partial<Record<ConditionType, { reason: string; message: string }>>;

function desiredConditions(
  errors: readonly string[],
  leftByResource: ReadonlyArray<[string, number]>,
  leftByFinalizer: ReadonlyMap<string, number>,
): Desired {
  const desired: Desired = {};
  if (errors.length > 0) {
    desired.NamespaceDeletionContentFailure = {
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${errors.length} remaining: ${errors.slice().sort().join(', ')}`,
    };
  }
  if (leftByResource.length > 0) {
    const parts = leftByResource.map(([name, n]) => `${name} has ${n} resource instances`).sort();
    desired.NamespaceContentRemaining = { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` };
  }
  if (leftByFinalizer.size > 0) {
    const parts = [...leftByFinalizer].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    desired.NamespaceFinalizersRemaining = {
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}`,
    };
  }
  return desired;
}

/**
 * Upstream's updateConditions: every condition type present, failing ones True with their
 * reason, the rest False with the "ok" reason; lastTransitionTime moves only when the status
 * does. Undefined when nothing changes.
 */
function updatedConditions(current: readonly NamespaceCondition[], desired: Desired, now: number): NamespaceCondition[] | undefined {
  const at = formatTime(now);
  const next = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const failing = desired[type];
    const want = { type, status: failing ? 'True' : 'False', ...(failing ?? OK[type]) };
    const existing = next.find((c) => c.type === type);
    if (!existing) {
      next.push({ ...want, lastTransitionTime: at });
      changed = true;
    } else if (existing.status !== want.status || existing.reason !== want.reason || existing.message !== want.message) {
      if (existing.status !== want.status) existing.lastTransitionTime = at;
      Object.assign(existing, want);
      changed = true;
    }
  }
  return changed ? next : undefined;
}
