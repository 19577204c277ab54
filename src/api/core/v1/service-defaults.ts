// Service defaulting, applied to every create and update before validation, as upstream's
// SetDefaults_Service. Pure: returns a new object, never mutates its input.
import type { Service, ServiceSpec } from './service.ts';

/** DefaultClientIPServiceAffinitySeconds: 3 hours. */
export const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10_800;

/** NodePort, LoadBalancer, or ClusterIP with external IPs: traffic can arrive from outside. */
export function isExternallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
  );
}

export function defaultService(service: Service): Service {
  const spec: ServiceSpec = { ...service.spec };

  spec.type ||= 'ClusterIP';
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') {
    delete spec.sessionAffinityConfig;
  } else if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }

  if (spec.ports) {
    spec.ports = spec.ports.map((port) => {
      const defaulted = { ...port, protocol: port.protocol || 'TCP' };
      if (defaulted.targetPort === undefined || defaulted.targetPort === 0 || defaulted.targetPort === '') {
        if (defaulted.port !== undefined) defaulted.targetPort = defaulted.port;
      }
      return defaulted;
    });
  }

  if (isExternallyAccessible(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.internalTrafficPolicy === undefined && spec.type !== 'ExternalName') {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    spec.allocateLoadBalancerNodePorts = true;
  }

  // A nil or empty selector both mean "no selector"; Go's omitempty stores neither.
  if (spec.selector && Object.keys(spec.selector).length === 0) delete spec.selector;

  return defaultLoadBalancerIPMode({ ...service, spec });
}

/**
 * A LoadBalancer's ingress points with an ip and no ipMode get VIP (the LoadBalancerIPMode gate,
 * on since 1.30): traffic to that ip may be short-circuited to the backends by the node. Runs
 * with the Service defaults on every write, /status included.
 */
export function defaultLoadBalancerIPMode(service: Service): Service {
  const ingress = service.status?.loadBalancer?.ingress;
  if (service.spec?.type !== 'LoadBalancer' || !ingress?.some((entry) => entry.ip && !entry.ipMode)) return service;
  return {
    ...service,
    status: {
      ...service.status,
      loadBalancer: { ingress: ingress.map((entry) => (entry.ip && !entry.ipMode ? { ...entry, ipMode: 'VIP' } : entry)) },
    },
  };
}
