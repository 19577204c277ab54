// The metadata of a Service's EndpointSlices: labels, owner, name prefix (upstream's
// newEndpointSlice, setEndpointSliceLabels, ownedBy, getEndpointSlicePrefix).
import type { Service } from '../../api/core/v1/service.ts';
import { CLUSTER_IP_NONE } from '../../api/core/v1/service-validation-ips.ts';
import type { AddressType, EndpointPort, EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import type { OwnerReference } from '../../api/meta/v1.ts';
import {
  ENDPOINTSLICE_CONTROLLER_NAME,
  LABEL_HEADLESS,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  sameStringMap,
} from '../endpoint-pods/index.ts';

const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

function withoutReserved(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !RESERVED_LABELS.has(key)));
}

function isServiceIPSet(service: Service): boolean {
  const clusterIP = service.spec?.clusterIP ?? '';
  return clusterIP !== '' && clusterIP !== CLUSTER_IP_NONE;
}

/**
 * The labels a slice of this Service carries: the Service's own (minus the reserved keys), the
 * headless marker when it has no cluster IP, the service name and the managing controller.
 * `changed` says whether the slice's non-reserved labels differ from the Service's.
 */
export function sliceLabels(slice: EndpointSlice | undefined, service: Service): { labels: Record<string, string>; changed: boolean } {
  const labels = withoutReserved(service.metadata?.labels);
  const changed = !sameStringMap(withoutReserved(slice?.metadata?.labels), labels);
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = service.metadata?.name ?? '';
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER_NAME;
  return { labels, changed };
}

export function serviceOwnerReference(service: Service): OwnerReference {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    name: service.metadata?.name ?? '',
    uid: service.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The slice belongs to this very Service (not to an earlier one of the same name). */
export function ownedBy(slice: EndpointSlice, service: Service): boolean {
  const uid = service.metadata?.uid;
  return (slice.metadata?.ownerReferences ?? []).some((ref) => ref.uid === uid && ref.kind === 'Service' && ref.apiVersion === 'v1');
}

/** `<name>-`, unless that is no longer a valid name prefix. */
export function slicePrefix(name: string): string {
  return name.length + 1 <= 253 ? `${name}-` : name;
}

export function newEndpointSlice(service: Service, ports: readonly EndpointPort[], addressType: AddressType): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(service.metadata?.name ?? ''),
      namespace: service.metadata?.namespace,
      labels: sliceLabels(undefined, service).labels,
      ownerReferences: [serviceOwnerReference(service)],
    },
    addressType,
    endpoints: [],
    ports: [...ports],
  };
}
