// Services: scheme defaults, the registry's own defaults (IP families), allocated values kept
// across updates, status through /status only, and IPs and node ports through the allocator.
import { defaultLoadBalancerIPMode, defaultService, isExternallyAccessible } from '../../../api/core/v1/service-defaults.ts';
import type { Service, ServiceSpec } from '../../../api/core/v1/service.ts';
import { validateService, validateServiceStatusUpdate, validateServiceUpdate } from '../../../api/core/v1/service-validation.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ServiceAllocation } from '../../allocators/service-allocation.ts';
import { jsonEqual } from '../../../util/json-equal.ts';
import { defineStrategy, keepStatus, statusSubresource } from './common.ts';
import type { ResourceStrategy, SubresourceStrategy } from '../strategy.ts';

const CLUSTER_FAMILIES = ['IPv4'] as const;

const needsClusterIP = (spec: ServiceSpec) => spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
const needsNodePorts = (spec: ServiceSpec) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';
const needsHealthCheckPort = (spec: ServiceSpec) => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

/**
 * Server-side IP family defaults (upstream initIPFamilyFields does these in the registry, not the
 * scheme): a single-stack policy, or RequireDualStack for a headless Service without a selector,
 * and the cluster's family. Values an update leaves out are kept from the stored object.
 */
function withIPFamilies(service: Service, previous?: Service): Service {
  const spec: ServiceSpec = { ...service.spec };
  if (spec.type === 'ExternalName') return service;
  const before = previous?.spec;
  const headlessWithoutSelector = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  spec.ipFamilyPolicy ||= before?.ipFamilyPolicy || (headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');
  const requested = spec.ipFamilies ?? [];
  if (requested.length === 0) spec.ipFamilies = before?.ipFamilies?.length ? before.ipFamilies : [...CLUSTER_FAMILIES];
  if (spec.clusterIP === 'None') spec.clusterIPs = ['None'];
  // A headless Service without a selector never gets an address, and the Endpoints someone
  // writes for it may hold either family: unless it asks for SingleStack it gets both, even on a
  // single-stack cluster. An update that drops a family is left as sent, so that validation
  // tells the client to ask for SingleStack, as upstream checks before it adds the family.
  const droppedAFamily = requested.length > 0 && requested.length < (before?.ipFamilies?.length ?? 0);
  const [only, ...rest] = spec.ipFamilies ?? [];
  if (headlessWithoutSelector && spec.ipFamilyPolicy !== 'SingleStack' && !droppedAFamily && rest.length === 0) {
    if (only === 'IPv4') spec.ipFamilies = ['IPv4', 'IPv6'];
    else if (only === 'IPv6') spec.ipFamilies = ['IPv6', 'IPv4'];
  }
  return { ...service, spec };
}

/**
 * Writes to /status (upstream's service status strategy): spec and metadata come from the stored
 * object, the load balancer's ingress points are defaulted (an ip gets ipMode VIP), and the
 * result is checked by ValidateServiceStatusUpdate. The generic registry does not default
 * subresource writes, so the defaulting happens here.
 */
function serviceStatus(): SubresourceStrategy {
  const status = statusSubresource((next, previous) => validateServiceStatusUpdate(next as Service, previous as Service));
  return {
    ...status,
    prepareForUpdate: (next, previous) => defaultLoadBalancerIPMode(status.prepareForUpdate(next, previous) as Service) as KubeObject,
  };
}

/**
 * Values the server allocated that an update left out are kept (upstream patchAllocatedValues):
 * a PUT or apply that does not mention clusterIP or a nodePort keeps what it had. Node ports are
 * matched by port name, and never reused for a port that already has another one.
 */
export function patchAllocatedValues(next: Service, previous: Service): Service {
  const spec: ServiceSpec = { ...next.spec };
  const old = previous.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length && spec.clusterIP === old.clusterIP) spec.clusterIPs = old.clusterIPs;
  }
  if (needsNodePorts(old) && needsNodePorts(spec) && spec.ports) {
    const newPorts = new Set(spec.ports.flatMap((p) => (p.nodePort ? [p.nodePort] : [])));
    const stillUsed = new Set((old.ports ?? []).flatMap((p) => (p.nodePort && newPorts.has(p.nodePort) ? [p.nodePort] : [])));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    spec.ports = spec.ports.map((port) => {
      if (port.nodePort) return port;
      const kept = byName.get(port.name ?? '');
      return kept && !stillUsed.has(kept) ? { ...port, nodePort: kept } : port;
    });
  }
  if (needsHealthCheckPort(old) && needsHealthCheckPort(spec) && !spec.healthCheckNodePort) {
    spec.healthCheckNodePort = old.healthCheckNodePort;
  }
  return { ...next, spec };
}

/**
 * clusterIP and clusterIPs describe one thing (upstream NormalizeClusterIPs): on create the
 * list starts from the single value; on update a changed or cleared single value carries the
 * list with it when the client left the list as it was.
 */
export function normalizeClusterIPs(next: Service, previous?: Service): Service {
  const spec: ServiceSpec = { ...next.spec };
  if (!previous) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return { ...next, spec };
  }
  const old = previous.spec ?? {};
  const listUnchanged = sameList(spec.clusterIPs, old.clusterIPs);
  if (spec.clusterIP && spec.clusterIP !== old.clusterIP && listUnchanged) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && old.clusterIP && listUnchanged) delete spec.clusterIPs;
  return { ...next, spec };
}

/**
 * Fields a type change made meaningless are cleared when the client left them as they were
 * (upstream dropTypeDependentFields): NodePort → ClusterIP drops the node ports, anything →
 * ExternalName drops the cluster IPs and families, and so on. What the client changed stays, so
 * validation still tells them about it.
 */
export function dropTypeDependentFields(next: Service, previous: Service): Service {
  const spec: ServiceSpec = { ...next.spec };
  const old = previous.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (spec.clusterIP === old.clusterIP && sameList(spec.clusterIPs, old.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === old.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  const oldNodePorts = (old.ports ?? []).map((p) => p.nodePort ?? 0);
  const newNodePorts = (spec.ports ?? []).map((p) => p.nodePort ?? 0);
  if (needsNodePorts(old) && !needsNodePorts(spec) && sameList(newNodePorts, oldNodePorts) && spec.ports) {
    spec.ports = spec.ports.map(({ nodePort: _, ...port }) => port);
  }
  if (needsHealthCheckPort(old) && !needsHealthCheckPort(spec) && spec.healthCheckNodePort === old.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (isExternallyAccessible(old) && !isExternallyAccessible(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  const result: Service = { ...next, spec };
  if (spec.type !== 'LoadBalancer' && result.status) result.status = { ...result.status, loadBalancer: {} };
  return result;
}

/** Lists compared as Go compares slices here: a missing list equals an empty one. */
function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return jsonEqual(a ?? [], b ?? []);
}

export function serviceStrategy(info: ResourceInfo, allocation: ServiceAllocation): ResourceStrategy {
  const validate = (o: KubeObject) => validateService(o as Service, { clusterFamilies: [...CLUSTER_FAMILIES] });
  const validateUpdate = (next: KubeObject, previous: KubeObject) =>
    validateServiceUpdate(next as Service, previous as Service, { clusterFamilies: [...CLUSTER_FAMILIES] });
  return defineStrategy(info, {
    defaults: (o) => defaultService(o as Service) as KubeObject,
    prepareForCreate: (o) => ({ ...withIPFamilies(normalizeClusterIPs(o as Service)), status: { loadBalancer: {} } }) as KubeObject,
    prepareForUpdate: (next, previous) => {
      const old = previous as Service;
      let service = keepStatus(next, previous) as Service;
      service = patchAllocatedValues(service, old);
      service = dropTypeDependentFields(service, old);
      service = normalizeClusterIPs(service, old);
      return withIPFamilies(service, old) as KubeObject;
    },
    validate,
    validateUpdate,
    subresources: { status: serviceStatus() },
    fieldValue: (o, field) => {
      const spec = (o as Service).spec ?? {};
      if (field === 'spec.clusterIP') return spec.clusterIP ?? '';
      if (field === 'spec.type') return spec.type ?? '';
      return undefined;
    },
    returnDeletedObject: true,
    hooks: allocation,
  });
}
