// The Endpoints controller's pure core: from a Service, its Pods and the current Endpoints to the
// one write (or none) that makes the Endpoints match (upstream's syncService after the listers).
import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { CLUSTER_IP_NONE } from '../../api/core/v1/service-validation-ips.ts';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  ANNOTATION_LEADER_ELECTION,
  ANNOTATION_OVER_CAPACITY,
  LABEL_HEADLESS,
  formatTriggerTime,
  hasSelector,
  isMember,
  objectKey,
  sameStringMap,
  semanticEqual,
} from '../endpoint-pods/index.ts';
import { desiredSubsets } from './desired-subsets.ts';
import { MAX_ENDPOINTS_CAPACITY, countAddresses, truncateSubsets } from './truncate.ts';

export interface PlanEndpointsOptions {
  /** When the change this sync reflects happened (ms since the epoch); undefined clears the annotation. */
  readonly triggerTime?: number;
}

export type EndpointsPlan =
  | {
      readonly action: 'create' | 'update';
      /** The object to write: for an update, the current one with new subsets, labels and annotations. */
      readonly endpoints: Endpoints;
      readonly ready: number;
      readonly notReady: number;
    }
  | {
      readonly action: 'none';
      /** Why nothing is written. */
      readonly reason: 'external-name' | 'no-selector' | 'unchanged';
      readonly endpoints?: Endpoints;
    };

/**
 * The labels an Endpoints carries: the Service's, and headless when it is. (No managed-by label:
 * `endpoints.kubernetes.io/managed-by` came with 1.33; a 1.32 controller does not write it.)
 */
export function endpointsLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}) };
  if (isHeadless(service)) labels[LABEL_HEADLESS] = '';
  else delete labels[LABEL_HEADLESS];
  return labels;
}

function isHeadless(service: Service): boolean {
  const clusterIP = service.spec?.clusterIP ?? '';
  return clusterIP === '' || clusterIP === CLUSTER_IP_NONE;
}

/** Upstream capacityAnnotationSetCorrectly: under capacity and not marked over it. */
function capacityAnnotationCorrect(endpoints: Endpoints): boolean {
  if (countAddresses(endpoints.subsets) > MAX_ENDPOINTS_CAPACITY) return false;
  return !Object.hasOwn(endpoints.metadata?.annotations ?? {}, ANNOTATION_OVER_CAPACITY);
}

/** Subsets compared as upstream does: semantically, and blind to the targets' resourceVersion. */
function withoutTargetVersions(endpoints: Endpoints['subsets']): unknown {
  return (endpoints ?? []).map((subset) => {
    const strip = (list: typeof subset.addresses) =>
      list?.map((address) => {
        if (!address.targetRef?.resourceVersion) return address;
        const { resourceVersion: _ignored, ...targetRef } = address.targetRef;
        return { ...address, targetRef };
      });
    return { ...subset, addresses: strip(subset.addresses), notReadyAddresses: strip(subset.notReadyAddresses) };
  });
}

/**
 * What to write so that the Service's Endpoints lists its Pods (`pods` may hold others: only those
 * the selector picks in the Service's namespace count). ExternalName and selector-less Services
 * are left alone (their Endpoints belong to the user). Pure: inputs are not modified.
 */
export function planEndpoints(
  service: Service,
  pods: readonly Pod[],
  existing: Endpoints | undefined,
  options: PlanEndpointsOptions = {},
): EndpointsPlan {
  if (service.spec?.type === 'ExternalName') return { action: 'none', reason: 'external-name', endpoints: existing };
  if (!hasSelector(service)) return { action: 'none', reason: 'no-selector', endpoints: existing };

  const members = pods.filter((pod) => isMember(service, pod));
  const { subsets, ready, notReady } = desiredSubsets(service, members);
  const labels = endpointsLabels(service);
  if (
    existing &&
    semanticEqual(withoutTargetVersions(existing.subsets), withoutTargetVersions(subsets)) &&
    sameStringMap(existing.metadata?.labels, labels) &&
    capacityAnnotationCorrect(existing)
  ) {
    return { action: 'none', reason: 'unchanged', endpoints: existing };
  }

  const annotations: Record<string, string> = { ...(existing?.metadata?.annotations ?? {}) };
  if (options.triggerTime !== undefined) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = formatTriggerTime(options.triggerTime);
  else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
  const truncated = truncateSubsets(subsets);
  if (truncated) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
  else delete annotations[ANNOTATION_OVER_CAPACITY];

  const metadata: NonNullable<Endpoints['metadata']> = existing?.metadata
    ? { ...existing.metadata, labels, annotations }
    : { name: service.metadata?.name, namespace: service.metadata?.namespace, labels, annotations };
  // Empty maps are left out, as Go's omitempty leaves them out of what upstream sends.
  if (Object.keys(labels).length === 0) delete metadata.labels;
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  const finalSubsets = truncated ?? subsets;
  const { subsets: _previous, ...rest } = existing ?? { apiVersion: 'v1', kind: 'Endpoints' };
  const endpoints: Endpoints = { ...rest, metadata, ...(finalSubsets.length > 0 ? { subsets: finalSubsets } : {}) };
  return { action: existing ? 'update' : 'create', endpoints, ready, notReady };
}

/**
 * The Endpoints to re-examine at startup (upstream checkLeftoverEndpoints): all of them except
 * leader-election locks; a sync of a key whose Service is gone deletes its Endpoints.
 */
export function leftoverEndpointsKeys(endpoints: readonly Endpoints[]): string[] {
  return endpoints.filter((ep) => !Object.hasOwn(ep.metadata?.annotations ?? {}, ANNOTATION_LEADER_ELECTION)).map(objectKey);
}

/** The Service of this key is gone: its Endpoints must go too. */
export function shouldDeleteEndpoints(service: Service | undefined): boolean {
  return service === undefined;
}
