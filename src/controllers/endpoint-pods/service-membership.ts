// Which Services a Pod belongs to, and which Pod changes matter to them: upstream's
// GetPodServiceMemberships / GetServicesToUpdateOnPodChange (k8s.io/endpointslice/util). Informer
// handlers use these to enqueue Service keys; nothing else.
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { objectKey } from '../../client/indexer.ts';
import { isPodReady } from './pod-state.ts';

/** `namespace/name`: the work-queue key, the same as the informer cache's. */
export { objectKey };

/**
 * Whether the Service manages its endpoints from a selector. An empty selector arrives as no
 * selector: the API omits empty maps, so upstream's controllers see nil for both.
 */
export function hasSelector(service: Service): boolean {
  return Object.keys(service.spec?.selector ?? {}).length > 0;
}

/** Every selector pair is among the labels. A Service without a selector selects nothing. */
export function selectorMatches(service: Service, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!hasSelector(service)) return false;
  return Object.entries(service.spec?.selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

/** The Pod is selected by the Service: same namespace, selector matching its labels. */
export function isMember(service: Service, pod: Pod): boolean {
  return (service.metadata?.namespace ?? '') === (pod.metadata?.namespace ?? '') && selectorMatches(service, pod.metadata?.labels);
}

/** Keys of the Services (same namespace) whose selector matches these labels. */
export function servicesMatching(
  services: readonly Service[],
  namespace: string | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): Set<string> {
  const keys = new Set<string>();
  for (const service of services) {
    if ((service.metadata?.namespace ?? '') !== (namespace ?? '')) continue;
    if (selectorMatches(service, labels)) keys.add(objectKey(service));
  }
  return keys;
}

/** On Pod add or delete: the Services it is (or was) a member of. */
export function servicesForPod(services: readonly Service[], pod: Pod): Set<string> {
  return servicesMatching(services, pod.metadata?.namespace, pod.metadata?.labels);
}

export interface PodChange {
  /** The Pod's endpoint (address, readiness, terminating) may differ. */
  readonly podChanged: boolean;
  /** Labels, hostname or subdomain changed: membership may differ. */
  readonly labelsChanged: boolean;
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const left = Object.entries(a ?? {});
  return left.length === Object.keys(b ?? {}).length && left.every(([key, value]) => b?.[key] === value);
}

/**
 * Upstream podEndpointsChanged. Name, namespace and UID are immutable, and nodeName is set
 * before the Pod gets an IP, so only these fields can change a Pod's endpoints.
 */
export function podChange(oldPod: Pod, newPod: Pod): PodChange {
  const labelsChanged =
    !sameLabels(oldPod.metadata?.labels, newPod.metadata?.labels) ||
    (oldPod.spec?.hostname ?? '') !== (newPod.spec?.hostname ?? '') ||
    (oldPod.spec?.subdomain ?? '') !== (newPod.spec?.subdomain ?? '');
  const oldIPs = oldPod.status?.podIPs ?? [];
  const newIPs = newPod.status?.podIPs ?? [];
  const podChanged =
    (oldPod.metadata?.deletionTimestamp ?? '') !== (newPod.metadata?.deletionTimestamp ?? '') ||
    isPodReady(oldPod) !== isPodReady(newPod) ||
    oldIPs.length !== newIPs.length ||
    oldIPs.some((entry, i) => entry.ip !== newIPs[i]?.ip);
  return { podChanged, labelsChanged };
}

/**
 * On Pod update: the Services to resync. Nothing for a resync (same resourceVersion) or an
 * irrelevant change; the new members when only the endpoint changed; when labels changed, the
 * union of old and new members if the endpoint changed too, else only the Services it joined or left.
 */
export function servicesToUpdateOnPodChange(services: readonly Service[], oldPod: Pod, newPod: Pod): Set<string> {
  if (oldPod.metadata?.resourceVersion !== undefined && oldPod.metadata.resourceVersion === newPod.metadata?.resourceVersion) {
    return new Set();
  }
  const { podChanged, labelsChanged } = podChange(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const current = servicesForPod(services, newPod);
  if (!labelsChanged) return current;
  const previous = servicesMatching(services, newPod.metadata?.namespace, oldPod.metadata?.labels);
  if (podChanged) return new Set([...current, ...previous]);
  return new Set([...current, ...previous].filter((key) => current.has(key) !== previous.has(key)));
}
