// The EndpointSlice-mirroring controller's pure core (upstream's syncEndpoints decisions and
// reconciler, without the client): a selector-less Service's hand-written Endpoints, copied into
// EndpointSlices so that slice consumers (the proxy, DNS) see them too.
import { validateEndpointIP } from '../../api/core/v1/endpoints.ts';
import type { EndpointAddress, Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { AddressType, Endpoint, EndpointPort, EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import {
  ANNOTATION_LAST_APPLIED,
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  ANNOTATION_LEADER_ELECTION,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  LABEL_SKIP_MIRROR,
  MIRRORING_CONTROLLER_NAME,
  endpointKey,
  endpointsEqualBeyondKey,
  hasSelector,
  parseIP,
  portListKey,
  repackSubsets,
  sameStringMap,
  withoutKeys,
} from '../endpoint-pods/index.ts';

/** Upstream's MirroringMaxEndpointsPerSubset: one slice per subset and address type. */
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;

export interface PlanMirroredSlicesOptions {
  readonly maxEndpointsPerSubset?: number;
  /**
   * Loopback mode: 127.0.0.0/8 and ::1 are real backends (DESIGN.md, "Modes and addresses"), as
   * the API server's own Endpoints and EndpointSlice validation accepts them. Default true.
   */
  readonly allowLoopback?: boolean;
}

export interface MirrorPlan {
  readonly create: EndpointSlice[];
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
  /** Addresses that are not valid slice endpoints, skipped (worth a Warning Event). */
  readonly invalidAddresses: number;
  /** Addresses beyond the per-subset limit, skipped (worth a Warning Event). */
  readonly overLimitAddresses: number;
}

/** Endpoints that are mirrored: not marked skip-mirror, not a leader-election lock. */
export function shouldMirror(endpoints: Endpoints | undefined): endpoints is Endpoints {
  if (!endpoints) return false;
  if (endpoints.metadata?.labels?.[LABEL_SKIP_MIRROR] === 'true') return false;
  return !Object.hasOwn(endpoints.metadata?.annotations ?? {}, ANNOTATION_LEADER_ELECTION);
}

function mirroredPorts(subsetPorts: EndpointSubsetPorts): EndpointPort[] {
  return (subsetPorts ?? []).map((port) => ({
    name: port.name ?? '',
    port: port.port,
    protocol: port.protocol ?? 'TCP',
    ...(port.appProtocol !== undefined ? { appProtocol: port.appProtocol } : {}),
  }));
}
type EndpointSubsetPorts = NonNullable<Endpoints['subsets']>[number]['ports'];

function addressToEndpoint(address: EndpointAddress, ready: boolean, ip: string): Endpoint {
  const endpoint: Endpoint = { addresses: [ip], conditions: { ready } };
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if (address.hostname) endpoint.hostname = address.hostname;
  return endpoint;
}

const MIRROR_ANNOTATIONS_DROPPED = [ANNOTATION_LAST_CHANGE_TRIGGER_TIME, ANNOTATION_LAST_APPLIED];

function mirroredSlice(endpoints: Endpoints, ports: EndpointPort[], addressType: AddressType, name: string | undefined): EndpointSlice {
  const endpointsName = endpoints.metadata?.name ?? '';
  const metadata: EndpointSlice['metadata'] = {
    namespace: endpoints.metadata?.namespace,
    labels: { ...(endpoints.metadata?.labels ?? {}), [LABEL_SERVICE_NAME]: endpointsName, [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME },
    ownerReferences: [
      { apiVersion: 'v1', kind: 'Endpoints', name: endpointsName, uid: endpoints.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true },
    ],
  };
  const annotations = withoutKeys(endpoints.metadata?.annotations, ...MIRROR_ANNOTATIONS_DROPPED);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (name) metadata.name = name;
  else metadata.generateName = endpointsName.length + 1 <= 253 ? `${endpointsName}-` : endpointsName;
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, addressType, endpoints: [], ports };
}

interface DesiredGroup {
  readonly ports: EndpointPort[];
  readonly addressType: AddressType;
  readonly endpoints: Map<string, Endpoint>;
}

/**
 * What to write so that the Endpoints' addresses appear in mirrored slices. Everything mirrored
 * is deleted when the Endpoints is gone or not to be mirrored, or the Service is gone or has a
 * selector (then the EndpointSlice controller owns its slices). Pure.
 */
export function planMirroredSlices(
  service: Service | undefined,
  endpoints: Endpoints | undefined,
  existingMirrored: readonly EndpointSlice[],
  options: PlanMirroredSlicesOptions = {},
): MirrorPlan {
  if (!shouldMirror(endpoints) || !service || hasSelector(service)) {
    return { create: [], update: [], delete: [...existingMirrored], invalidAddresses: 0, overLimitAddresses: 0 };
  }
  const max = options.maxEndpointsPerSubset ?? DEFAULT_MAX_ENDPOINTS_PER_SUBSET;
  const allowLoopback = options.allowLoopback ?? true;

  // Desired state: one group per (address type, port list); both types exist for every subset.
  const desired = new Map<string, DesiredGroup>();
  let invalidAddresses = 0;
  let overLimitAddresses = 0;
  for (const subset of repackSubsets(endpoints.subsets)) {
    const ports = mirroredPorts(subset.ports);
    const keys = new Map<AddressType, string>();
    for (const addressType of ['IPv4', 'IPv6'] as const) {
      const key = `${addressType}|${portListKey(ports)}`;
      keys.set(addressType, key);
      if (!desired.has(key)) desired.set(key, { ports, addressType, endpoints: new Map() });
    }
    const all = [
      ...(subset.addresses ?? []).map((address) => ({ address, ready: true })),
      ...(subset.notReadyAddresses ?? []).map((address) => ({ address, ready: false })),
    ];
    let added = 0;
    for (const { address, ready } of all) {
      if (added >= max) break;
      const parsed = parseIP(address.ip ?? '');
      if (!parsed || validateEndpointIP(parsed.text, 'ip', { allowLoopback }).length > 0) {
        invalidAddresses++;
        continue;
      }
      const endpoint = addressToEndpoint(address, ready, parsed.text);
      desired.get(keys.get(parsed.family) as string)?.endpoints.set(endpointKey(endpoint), endpoint);
      added++;
    }
    overLimitAddresses += all.length - added;
  }
  overLimitAddresses -= invalidAddresses;

  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const slice of existingMirrored) {
    const key = `${slice.addressType ?? ''}|${portListKey(slice.ports)}`;
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
  }

  const create: EndpointSlice[] = [];
  const update: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];
  for (const [key, group] of desired) {
    const existing = existingByKey.get(key) ?? [];
    if (group.endpoints.size === 0) {
      toDelete.push(...existing);
      continue;
    }
    const [first, ...rest] = existing;
    toDelete.push(...rest);
    if (first && !sliceNeedsUpdate(first, endpoints, group.endpoints)) continue;
    const slice = mirroredSlice(endpoints, group.ports, group.addressType, first?.metadata?.name);
    slice.endpoints = [...group.endpoints.values()].slice(0, max);
    (first ? update : create).push(slice);
  }
  for (const [key, slices] of existingByKey) {
    if (!desired.has(key)) toDelete.push(...slices);
  }

  // Reuse slices about to be deleted for the creates of the same address type.
  for (const addressType of ['IPv4', 'IPv6'] as const) {
    for (;;) {
      const c = create.findIndex((slice) => slice.addressType === addressType);
      const d = toDelete.findIndex((slice) => slice.addressType === addressType);
      if (c < 0 || d < 0) break;
      const [fresh] = create.splice(c, 1) as [EndpointSlice];
      const [doomed] = toDelete.splice(d, 1) as [EndpointSlice];
      fresh.metadata = { ...fresh.metadata, name: doomed.metadata?.name };
      delete fresh.metadata.generateName;
      update.push(fresh);
    }
  }
  // No new slices for an Endpoints that is being deleted.
  const created = endpoints.metadata?.deletionTimestamp ? [] : create;
  return { create: created, update, delete: toDelete, invalidAddresses, overLimitAddresses };
}

/** Endpoints, labels or annotations of the mirrored slice differ from what they should be. */
function sliceNeedsUpdate(slice: EndpointSlice, endpoints: Endpoints, desired: Map<string, Endpoint>): boolean {
  let matches = 0;
  for (const endpoint of slice.endpoints ?? []) {
    const wanted = desired.get(endpointKey(endpoint));
    if (!wanted || !endpointsEqualBeyondKey(wanted, endpoint)) return true;
    matches++;
  }
  if (matches !== desired.size) return true;
  const labels = withoutKeys(slice.metadata?.labels, LABEL_MANAGED_BY, LABEL_SERVICE_NAME);
  const annotations = withoutKeys(endpoints.metadata?.annotations, ...MIRROR_ANNOTATIONS_DROPPED);
  return !sameStringMap(endpoints.metadata?.labels, labels) || !sameStringMap(annotations, slice.metadata?.annotations);
}
