// What the endpoint controllers read off a Pod and its Service: upstream's ShouldPodBeInEndpoints,
// IsPodReady, isPodTerminal and ShouldSetHostname (k8s.io/endpointslice/util).
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';

export { isPodReady, podReadyCondition } from '../../api/core/v1/pod-conditions.ts';

/** Succeeded or Failed: its containers are done and can never run again. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isPodTerminating(pod: Pod): boolean {
  return Boolean(pod.metadata?.deletionTimestamp);
}

/**
 * A Pod is a backend when it is not terminal and has an IP. Terminating Pods count only when
 * `includeTerminating` (always for EndpointSlices; for Endpoints with publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs?.length ?? 0) === 0) return false;
  if (!includeTerminating && isPodTerminating(pod)) return false;
  return true;
}

/** The Pod's hostname is published only under the Service named by its subdomain, in its namespace. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  const hostname = pod.spec?.hostname ?? '';
  return (
    hostname.length > 0 &&
    (pod.spec?.subdomain ?? '') === (service.metadata?.name ?? '') &&
    (service.metadata?.namespace ?? '') === (pod.metadata?.namespace ?? '')
  );
}

/** status.podIPs, or status.podIP alone when podIPs is empty (an old writer). */
export function podIPsOf(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((entry) => entry.ip ?? '').filter((ip) => ip !== '');
  if (ips.length === 0 && pod.status?.podIP) return [pod.status.podIP];
  return ips;
}
