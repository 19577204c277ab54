// Identity and equality of EndpointSlice endpoints and port lists, as upstream's EndpointSet,
// NewPortMapKey and EndpointsEqualBeyondHash define them. An endpoint is identified by its
// addresses, hostname and target (namespace/name), so a change of readiness, node or zone is an
// in-place update rather than a remove plus an add.
import type { ObjectReference } from '../../api/core/v1/object-reference.ts';
import type { Endpoint, EndpointPort } from '../../api/discovery/v1/endpointslice.ts';

/** The identity of an endpoint inside one port group. */
export function endpointKey(endpoint: Endpoint): string {
  return JSON.stringify([
    [...(endpoint.addresses ?? [])].sort(),
    endpoint.hostname ?? '',
    endpoint.targetRef?.namespace ?? '',
    endpoint.targetRef?.name ?? '',
  ]);
}

/** Two references to the same object, ignoring the resourceVersion they were taken at. */
export function sameTargetRef(a: ObjectReference | undefined, b: ObjectReference | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const fields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'] as const;
  return fields.every((field) => (a[field] ?? '') === (b[field] ?? ''));
}

/**
 * Equal apart from what endpointKey already covers: node, zone, the three conditions (unset
 * differs from false, as for upstream's pointers) and the target, ignoring its resourceVersion.
 */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  return (
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    sameTargetRef(a.targetRef, b.targetRef)
  );
}

function portKey(port: EndpointPort): string {
  return JSON.stringify([port.name ?? '', port.protocol ?? 'TCP', port.port ?? null, port.appProtocol ?? null]);
}

/** A port list in a canonical order (the API defaults name to "" and protocol to TCP). */
export function sortPorts(ports: readonly EndpointPort[]): EndpointPort[] {
  return [...ports].sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0));
}

/** The identity of a port list, whatever its order: slices are grouped by it. */
export function portListKey(ports: readonly EndpointPort[] | undefined): string {
  return (ports ?? []).map(portKey).sort().join('|');
}

/** Two string maps with the same entries; absent and empty are the same. */
export function sameStringMap(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  const left = Object.entries(a ?? {});
  return left.length === Object.keys(b ?? {}).length && left.every(([key, value]) => Object.hasOwn(b ?? {}, key) && b?.[key] === value);
}

/** A copy without the given keys. */
export function withoutKeys(map: Readonly<Record<string, string>> | undefined, ...keys: string[]): Record<string, string> {
  const copy: Record<string, string> = { ...(map ?? {}) };
  for (const key of keys) delete copy[key];
  return copy;
}
