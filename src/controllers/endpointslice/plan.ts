// The EndpointSlice controller's pure core (upstream's Reconciler.Reconcile and finalize, without
// the client): from a Service, its Pods, its current slices and the Nodes to the slices to create,
// update and delete.
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { AddressType, Endpoint, EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  endpointKey,
  formatTriggerTime,
  hasSelector,
  isMember,
  portListKey,
  sameStringMap,
  shouldPodBeInEndpoints,
  sortPorts,
} from '../endpoint-pods/index.ts';
import { addressTypesForService, endpointPortsFor, podToEndpoint } from './desired-endpoints.ts';
import { reconcilePortGroup } from './reconcile-port-group.ts';
import type { PortGroup, SliceChanges } from './reconcile-port-group.ts';
import { newEndpointSlice, ownedBy } from './slice-meta.ts';

export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** The Nodes, as a list or a lookup by name (e.g. a lister's get). */
export type NodeSource = readonly Node[] | ((name: string) => Node | undefined);

export interface PlanEndpointSlicesOptions {
  readonly maxEndpointsPerSlice?: number;
  /** When the change this sync reflects happened (ms since the epoch); undefined clears the annotation. */
  readonly triggerTime?: number;
}

export interface EndpointSlicePlan extends SliceChanges {
  /**
   * Pods left out because their Node does not exist (yet). The slices are still written without
   * them; the sync should then fail so that it is retried.
   */
  readonly podsWithMissingNode: string[];
}

function nodeLookup(nodes: NodeSource): (name: string) => Node | undefined {
  if (typeof nodes === 'function') return nodes;
  const byName = new Map(nodes.map((node) => [node.metadata?.name ?? '', node]));
  return (name) => byName.get(name);
}

/** A placeholder only differs from another by name, owner and such: compare what matters. */
function isSamePlaceholder(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    (slice.metadata?.namespace ?? '') === (placeholder.metadata?.namespace ?? '') &&
    sameStringMap(slice.metadata?.labels, placeholder.metadata?.labels) &&
    slice.addressType === placeholder.addressType &&
    (slice.endpoints?.length ?? 0) === 0 &&
    (slice.ports?.length ?? 0) === 0
  );
}

/**
 * Upstream finalize, minus the writes: a create paired with a delete (same address type, slice
 * owned by this Service) becomes an update of the slice that would have been deleted; no
 * creates while the Service is being deleted (the garbage collector would race us); every
 * written slice carries the trigger time, or loses a stale one.
 */
function finalize(service: Service, changes: SliceChanges, triggerTime: number | undefined): SliceChanges {
  const create = [...changes.create];
  const update = [...changes.update];
  const toDelete = [...changes.delete];
  for (let i = 0; i < toDelete.length && create.length > 0; ) {
    const doomed = toDelete[i] as EndpointSlice;
    const fresh = create[create.length - 1] as EndpointSlice;
    if (doomed.addressType === fresh.addressType && ownedBy(doomed, service)) {
      fresh.metadata = { ...fresh.metadata, name: doomed.metadata?.name };
      create.pop();
      update.push(fresh);
      toDelete.splice(i, 1);
    } else {
      i++;
    }
  }
  const written = service.metadata?.deletionTimestamp ? [] : create;
  for (const slice of [...written, ...update]) {
    const annotations = { ...(slice.metadata?.annotations ?? {}) };
    if (triggerTime !== undefined) annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = formatTriggerTime(triggerTime);
    else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
    slice.metadata = { ...slice.metadata, annotations };
    if (Object.keys(annotations).length === 0) delete slice.metadata.annotations;
  }
  return { create: written, update, delete: toDelete };
}

function planAddressType(
  service: Service,
  pods: readonly Pod[],
  existing: readonly EndpointSlice[],
  node: (name: string) => Node | undefined,
  addressType: AddressType,
  options: PlanEndpointSlicesOptions,
): EndpointSlicePlan {
  const max = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  const podsWithMissingNode: string[] = [];

  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!ownedBy(slice, service)) {
      changes.delete.push(slice);
      continue;
    }
    const key = portListKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }

  // Pods grouped by the ports they serve; a group exists even when none of its Pods ends up in it.
  const desiredByPorts = new Map<string, { group: PortGroup; endpoints: Map<string, Endpoint> }>();
  for (const pod of pods) {
    if (!isMember(service, pod) || !shouldPodBeInEndpoints(pod, true)) continue;
    const ports = sortPorts(endpointPortsFor(service, pod));
    const key = portListKey(ports);
    let desired = desiredByPorts.get(key);
    if (!desired) {
      desired = { group: { ports, addressType }, endpoints: new Map() };
      desiredByPorts.set(key, desired);
    }
    const nodeName = pod.spec?.nodeName ?? '';
    const podNode = node(nodeName);
    if (!podNode && service.spec?.publishNotReadyAddresses !== true) {
      podsWithMissingNode.push(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`);
      continue;
    }
    const endpoint = podToEndpoint(pod, podNode, service, addressType);
    if ((endpoint.addresses?.length ?? 0) > 0) desired.endpoints.set(endpointKey(endpoint), endpoint);
  }

  for (const [key, desired] of desiredByPorts) {
    const group = reconcilePortGroup(service, existingByPorts.get(key) ?? [], desired.endpoints, desired.group, max);
    changes.create.push(...group.create);
    changes.update.push(...group.update);
    changes.delete.push(...group.delete);
  }
  for (const [key, slices] of existingByPorts) {
    if (!desiredByPorts.has(key)) changes.delete.push(...slices);
  }

  // Nothing to show: one placeholder slice, kept rather than recreated on every sync.
  if (existing.length === changes.delete.length && changes.create.length === 0) {
    const placeholder = newEndpointSlice(service, [], addressType);
    const only = changes.delete[0];
    if (changes.delete.length === 1 && only && isSamePlaceholder(only, placeholder)) changes.delete = [];
    else changes.create.push(placeholder);
  }

  return { ...finalize(service, changes, options.triggerTime), podsWithMissingNode };
}

/**
 * What to create, update and delete so that the Service's slices list its Pods: per address
 * type of the Service, Pods grouped by their resolved ports, at most `maxEndpointsPerSlice`
 * endpoints per slice, as few writes as possible. Slices of address types the Service no longer
 * has are deleted. `pods` may hold others: only those the selector picks in the Service's
 * namespace count. ExternalName and selector-less Services get no managed slices: nothing is
 * planned for them. Pure: inputs are not modified (existing slices are copied before a change).
 */
export function planEndpointSlices(
  service: Service,
  pods: readonly Pod[],
  existingSlices: readonly EndpointSlice[],
  nodes: NodeSource,
  options: PlanEndpointSlicesOptions = {},
): EndpointSlicePlan {
  const plan: EndpointSlicePlan = { create: [], update: [], delete: [], podsWithMissingNode: [] };
  if (service.spec?.type === 'ExternalName' || !hasSelector(service)) return plan;
  const types = addressTypesForService(service);
  const node = nodeLookup(nodes);
  // Slices already being deleted are gone as far as planning goes (upstream drops them too).
  const live = existingSlices.filter((slice) => !slice.metadata?.deletionTimestamp);
  for (const addressType of types) {
    const existing = live.filter((slice) => slice.addressType === addressType);
    const part = planAddressType(service, pods, existing, node, addressType, options);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
    for (const pod of part.podsWithMissingNode) if (!plan.podsWithMissingNode.includes(pod)) plan.podsWithMissingNode.push(pod);
  }
  plan.delete.push(...live.filter((slice) => !types.includes(slice.addressType as AddressType)));
  return plan;
}
