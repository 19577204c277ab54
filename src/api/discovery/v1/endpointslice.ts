// discovery.k8s.io/v1 EndpointSlice: a slice of a Service's backends, all of one address type.
// The EndpointSlice controller writes them for Services with a selector; for other Services the
// user does (labelled kubernetes.io/service-name). The proxy and DNS read them. Schema and
// write-time transformations here; validation in endpointslice-validation.ts.
import { z } from 'zod';
import { isDNS1123Subdomain } from '../../label-validation.ts';
import { ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, atomicListMeta, bool, field, int32, required, str, stringMap } from '../../schema/fields.ts';
import { ObjectReference } from '../../core/v1/object-reference.ts';
import { atomicStructMeta } from '../../core/v1/pod-references.ts';

const ns = 'io.k8s.api.discovery.v1';

/** The label that ties a slice to its Service. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export const EndpointConditions = apiType(
  `${ns}.EndpointConditions`,
  'The state of one endpoint.',
  z.object({
    ready: field(bool(), 'Ready to receive traffic. Unset means unknown, which consumers treat as ready. Never true while terminating.'),
    serving: field(bool(), 'Like ready, but regardless of terminating. Unset means: see ready.'),
    terminating: field(bool(), 'The endpoint is shutting down. Unset means not terminating.'),
  }),
);

export const ForZone = apiType(
  `${ns}.ForZone`,
  'A zone whose clients should use this endpoint.',
  z.object({ name: required(str(), 'Name of the zone.') }),
);

export const ForNode = apiType(
  `${ns}.ForNode`,
  'A node whose clients should use this endpoint.',
  z.object({ name: required(str(), 'Name of the node.') }),
);

export const EndpointHints = apiType(
  `${ns}.EndpointHints`,
  'Where clients should prefer this endpoint, for topology-aware routing.',
  z.object({
    forZones: field(z.array(ForZone), 'Zones whose clients should use this endpoint; at most 8.', atomicListMeta),
    forNodes: field(z.array(ForNode), 'Nodes whose clients should use this endpoint; at most 8.', atomicListMeta),
  }),
);
export type EndpointHints = z.infer<typeof EndpointHints>;

export const Endpoint = apiType(
  `${ns}.Endpoint`,
  'One backend of the Service.',
  z.object({
    addresses: required(
      z.array(z.string()),
      'Addresses of the backend, of the slice address type; 1 to 100, all interchangeable (consumers may use only the first).',
      { 'x-kubernetes-list-type': 'set' },
    ),
    conditions: field(EndpointConditions, 'Whether the backend is ready, serving, terminating.'),
    hostname: field(str(), 'Hostname of the backend (a DNS label), e.g. for per-Pod DNS names of a headless Service.'),
    targetRef: field(ObjectReference, 'The object (usually a Pod) behind the backend.', atomicStructMeta),
    deprecatedTopology: field(
      stringMap(),
      'Topology labels of the old v1beta1 API. Not writable through v1: writes are dropped; use nodeName and zone.',
    ),
    nodeName: field(str(), 'The node the backend runs on.'),
    zone: field(str(), 'The zone the backend is in.'),
    hints: field(EndpointHints, 'Routing hints for consumers.'),
  }),
);
export type Endpoint = z.infer<typeof Endpoint>;

export const EndpointPort = apiType(
  `${ns}.EndpointPort`,
  'A port every endpoint of the slice serves.',
  z
    .object({
      name: field(str(), 'Name of the port, unique in the slice; the Service port name. Empty by default.'),
      protocol: field(str(), 'TCP (the default), UDP or SCTP.'),
      port: field(int32(), 'The port number. Unset means all ports, as the consumer interprets it.'),
      appProtocol: field(str(), 'The application protocol, e.g. http or kubernetes.io/h2c, as a hint to proxies.'),
    })
    .meta(atomicStructMeta),
);
export type EndpointPort = z.infer<typeof EndpointPort>;

export const EndpointSlice = apiType(
  `${ns}.EndpointSlice`,
  'A subset of the backends of a Service; all slices labelled with its name together make up its backends.',
  z.object({
    ...objectFields,
    addressType: required(str(), 'IPv4, IPv6 or FQDN: the kind of every address in the slice. Cannot be changed.'),
    endpoints: required(z.array(Endpoint), 'The backends; at most 1000.', atomicListMeta),
    ports: field(
      z.array(EndpointPort),
      'The ports every backend serves; names are unique. Empty means no ports are defined.',
      atomicListMeta,
    ),
  }),
);
export type EndpointSlice = z.infer<typeof EndpointSlice>;

export const EndpointSliceList = apiType(
  `${ns}.EndpointSliceList`,
  'A list of EndpointSlices.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(EndpointSlice), 'The EndpointSlices.'),
  }),
);
export type EndpointSliceList = z.infer<typeof EndpointSliceList>;

/** SetDefaults_EndpointPort: a port without a name has the empty name, without a protocol TCP. Pure. */
export function defaultEndpointSlice(slice: EndpointSlice): EndpointSlice {
  if (!slice.ports) return slice;
  return { ...slice, ports: slice.ports.map((port) => ({ ...port, name: port.name ?? '', protocol: port.protocol ?? 'TCP' })) };
}

const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/**
 * Upstream's dropTopologyOnV1, run on every write through v1 (create: previous undefined):
 * deprecatedTopology is dropped, except that when endpoints did not change at all the slice is
 * kept as is. A node name the previous version carried only as the hostname topology label moves
 * into nodeName, so a partial update does not lose it. Pure.
 */
export function endpointSliceForWrite(next: EndpointSlice, previous?: EndpointSlice): EndpointSlice {
  if (previous && sameJSON(previous.endpoints ?? [], next.endpoints ?? [])) return next;
  const previousNodes = new Set(
    (previous?.endpoints ?? []).flatMap((ep) => {
      const node = ep.deprecatedTopology?.[LABEL_HOSTNAME];
      return node === undefined ? [] : [node];
    }),
  );
  return {
    ...next,
    endpoints: (next.endpoints ?? []).map((ep) => {
      if (ep.deprecatedTopology === undefined) return ep;
      const { deprecatedTopology, ...rest } = ep;
      const node = deprecatedTopology[LABEL_HOSTNAME];
      if (rest.nodeName === undefined && node !== undefined && previousNodes.has(node) && isDNS1123Subdomain(node).length === 0) {
        return { ...rest, nodeName: node };
      }
      return rest;
    }),
  };
}

// Deep equality of JSON values, blind to key order.
function sameJSON(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameJSON(left[key], right[key]));
}
