// Upstream reconcileByPortMapping: fit one port group's desired endpoints into its existing
// slices with as little churn as possible.
//  1. Keep each existing slice's endpoints that are still desired (updated in place when their
//     conditions, node or zone changed); a slice left empty is deleted.
//  2. Fill the slices that need an update anyway, fullest first.
//  3. Put what is left into the one unchanged slice that ends up closest to full, else into new
//     slices.
import type { Service } from '../../api/core/v1/service.ts';
import type { AddressType, Endpoint, EndpointPort, EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { endpointKey, endpointsEqualBeyondKey } from '../endpoint-pods/index.ts';
import { newEndpointSlice, sliceLabels } from './slice-meta.ts';

export interface SliceChanges {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

export interface PortGroup {
  readonly ports: readonly EndpointPort[];
  readonly addressType: AddressType;
}

const nameOf = (slice: EndpointSlice) => slice.metadata?.name ?? '';

/** Takes the first desired endpoint out (desired keeps Pod order, so results are reproducible). */
function popFirst(desired: Map<string, Endpoint>): Endpoint {
  const [key, endpoint] = desired.entries().next().value as [string, Endpoint];
  desired.delete(key);
  return endpoint;
}

/** The unchanged slice closest to full once `count` endpoints are added, if any has room. */
function sliceToFill(slices: readonly EndpointSlice[], count: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = max - (count + (slice.endpoints?.length ?? 0));
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (diff === 0) break;
    }
  }
  return closest;
}

/** `desired` is consumed. Existing slices are copied before any change, never modified. */
export function reconcilePortGroup(
  service: Service,
  existing: readonly EndpointSlice[],
  desired: Map<string, Endpoint>,
  group: PortGroup,
  maxEndpointsPerSlice: number,
): SliceChanges {
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  // 1. Keep what is still desired.
  for (const slice of existing) {
    const name = nameOf(slice);
    byName.set(name, slice);
    const kept: Endpoint[] = [];
    let endpointChanged = false;
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const wanted = desired.get(key);
      if (!wanted) continue;
      kept.push(wanted);
      if (!endpointsEqualBeyondKey(wanted, endpoint)) endpointChanged = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, service);
    if (endpointChanged || kept.length !== (slice.endpoints?.length ?? 0)) {
      if (kept.length === 0) {
        toDelete.add(name);
      } else {
        const copy = structuredClone(slice);
        copy.endpoints = kept;
        copy.metadata = { ...copy.metadata, labels };
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      const copy = structuredClone(slice);
      copy.metadata = { ...copy.metadata, labels };
      byName.set(name, copy);
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  // 2. Fill the slices that are written anyway, fullest first.
  if (desired.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate]
      .map((name) => byName.get(name) as EndpointSlice)
      .sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0) || (nameOf(a) < nameOf(b) ? -1 : 1));
    for (const slice of slices) {
      const endpoints = (slice.endpoints ??= []);
      while (desired.size > 0 && endpoints.length < maxEndpointsPerSlice) endpoints.push(popFirst(desired));
    }
  }

  // 3. The rest: into one unchanged slice if it fits, else new slices.
  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let fill: EndpointSlice | undefined;
    if (desired.size < maxEndpointsPerSlice && unchanged.size > 0) {
      const candidates = [...unchanged].sort().map((name) => byName.get(name) as EndpointSlice);
      const found = sliceToFill(candidates, desired.size, maxEndpointsPerSlice);
      if (found) {
        fill = structuredClone(found);
        byName.set(nameOf(fill), fill);
      }
    }
    fill ??= newEndpointSlice(service, group.ports, group.addressType);
    const endpoints = (fill.endpoints ??= []);
    while (desired.size > 0 && endpoints.length < maxEndpointsPerSlice) endpoints.push(popFirst(desired));
    const name = nameOf(fill);
    if (name !== '') {
      toUpdate.add(name);
      unchanged.delete(name);
    } else {
      create.push(fill);
    }
  }

  return {
    create,
    update: [...toUpdate].map((name) => byName.get(name) as EndpointSlice),
    delete: [...toDelete].map((name) => byName.get(name) as EndpointSlice),
  };
}
