// What a Pod becomes in a Service's EndpointSlices (upstream's podToEndpoint, getEndpointPorts,
// getEndpointAddresses and getAddressTypesForService).
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { CLUSTER_IP_NONE, ipFamilyOf } from '../../api/core/v1/service-validation-ips.ts';
import type { AddressType, Endpoint, EndpointPort } from '../../api/discovery/v1/endpointslice.ts';
import { LABEL_TOPOLOGY_ZONE, findPort, isPodReady, isPodTerminating, parseIP, shouldSetHostname } from '../endpoint-pods/index.ts';

/**
 * The address types a Service's slices have: one per entry of ipFamilies, in order. A Service
 * from an API server that predates ipFamilies gets its cluster IP's family, or both when headless.
 */
export function addressTypesForService(service: Service): AddressType[] {
  const types = new Set<AddressType>();
  for (const family of service.spec?.ipFamilies ?? []) {
    if (family === 'IPv4' || family === 'IPv6') types.add(family);
  }
  if (types.size > 0) return [...types];
  const clusterIP = service.spec?.clusterIP ?? '';
  if (clusterIP !== '' && clusterIP !== CLUSTER_IP_NONE) return [ipFamilyOf(clusterIP) === 'IPv6' ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/**
 * The ports this Pod serves for the Service: one per Service port whose target resolves on the
 * Pod. A headless Service may have no ports at all.
 */
export function endpointPortsFor(service: Service, pod: Pod): EndpointPort[] {
  const servicePorts = service.spec?.ports ?? [];
  const ports: EndpointPort[] = [];
  for (const servicePort of servicePorts) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    ports.push({
      name: servicePort.name ?? '',
      port,
      protocol: servicePort.protocol ?? 'TCP',
      ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
    });
  }
  return ports;
}

/** The Pod's IPs of this address type, in canonical form. */
export function podAddresses(pod: Pod, addressType: AddressType): string[] {
  const addresses: string[] = [];
  for (const entry of pod.status?.podIPs ?? []) {
    const parsed = parseIP(entry.ip ?? '');
    if (parsed && parsed.family === addressType) addresses.push(parsed.text);
  }
  return addresses;
}

/**
 * The Pod as a slice endpoint. serving is readiness; terminating is a deletion timestamp; ready
 * is serving and not terminating, unless the Service publishes not-ready addresses.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = isPodTerminating(pod);
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) endpoint.zone = zone;
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec?.hostname;
  return endpoint;
}
