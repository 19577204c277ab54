// The subsets the Endpoints controller wants for a Service: one (address, port) fact per Pod and
// Service port, repacked (upstream syncService's loop, podToEndpointAddressForService,
// addEndpointSubset).
import type { EndpointAddress, EndpointSubset } from '../../api/core/v1/endpoints.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { CLUSTER_IP_NONE, ipFamilyOf } from '../../api/core/v1/service-validation-ips.ts';
import type { IPFamily } from '../../api/core/v1/service-validation-ips.ts';
import { findPort, isPodReady, repackSubsets, shouldPodBeInEndpoints, shouldSetHostname } from '../endpoint-pods/index.ts';

export interface DesiredSubsets {
  readonly subsets: EndpointSubset[];
  readonly ready: number;
  readonly notReady: number;
}

/**
 * The family whose Pod IP the Endpoints carries: ipFamilies[0]. A Service from an API server
 * that predates ipFamilies falls back to its cluster IP's family, or (headless) the Pod IP's.
 */
function endpointFamily(service: Service, pod: Pod): IPFamily {
  const first = service.spec?.ipFamilies?.[0];
  if (first === 'IPv4' || first === 'IPv6') return first;
  const clusterIP = service.spec?.clusterIP ?? '';
  if (clusterIP !== '' && clusterIP !== CLUSTER_IP_NONE) return ipFamilyOf(clusterIP) === 'IPv6' ? 'IPv6' : 'IPv4';
  return ipFamilyOf(pod.status?.podIP ?? '') === 'IPv6' ? 'IPv6' : 'IPv4';
}

/** The Pod's address for this Service, or undefined when it has no IP of the Service's family. */
export function podToEndpointAddress(service: Service, pod: Pod): EndpointAddress | undefined {
  const family = endpointFamily(service, pod);
  const ip = (pod.status?.podIPs ?? []).map((entry) => entry.ip ?? '').find((candidate) => (ipFamilyOf(candidate) === 'IPv6') === (family === 'IPv6'));
  if (!ip) return undefined;
  const address: EndpointAddress = {
    ip,
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  // Upstream always sets nodeName; an empty one would not pass validation, and a Pod has a node
  // before it has an IP, so it is left out only when there is none.
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec?.hostname;
  return address;
}

export function desiredSubsets(service: Service, pods: readonly Pod[]): DesiredSubsets {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const servicePorts = service.spec?.ports ?? [];
  const headless = service.spec?.clusterIP === CLUSTER_IP_NONE;
  const facts: EndpointSubset[] = [];
  let ready = 0;
  let notReady = 0;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = podToEndpointAddress(service, pod);
    if (!address) continue;
    const isReady = publishNotReady || isPodReady(pod);
    const add = (subset: Omit<EndpointSubset, 'addresses' | 'notReadyAddresses'>) => {
      facts.push(isReady ? { ...subset, addresses: [address] } : { ...subset, notReadyAddresses: [address] });
      if (isReady) ready++;
      else notReady++;
    };
    if (servicePorts.length === 0) {
      // A headless Service may have no ports: its addresses still matter, for DNS.
      if (headless) add({});
      continue;
    }
    for (const servicePort of servicePorts) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      add({
        ports: [
          {
            ...(servicePort.name ? { name: servicePort.name } : {}),
            port,
            protocol: servicePort.protocol ?? 'TCP',
            ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
          },
        ],
      });
    }
  }
  return { subsets: repackSubsets(facts), ready, notReady };
}
