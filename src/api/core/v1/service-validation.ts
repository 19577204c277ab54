// Service validation, as kube-apiserver's ValidateService / ValidateServiceUpdate
// (pkg/apis/core/validation/validation.go): same checks, same order, same paths and messages,
// including upstream's odd paths (`spec.LoadBalancerSourceRanges`, a top-level
// `allocateLoadBalancerNodePorts`). It runs after defaulting and before allocation, so values the
// allocator assigns (cluster IPs, node ports, the health-check node port) may still be unset:
// only what is set is checked. The IP fields are checked in service-validation-ips.ts, the
// cluster-configuration checks in service-validation-families.ts.
import { childPath, duplicate, forbidden, GoRendered, goQuote, indexPath, invalid, keyPath, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isDNS1123Subdomain, isQualifiedName, maxLenError, validateLabels } from '../../label-validation.ts';
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  isDNS1123Label,
  nameIsDNS1035Label,
  validateCoreObjectMeta,
  validateCoreObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { IntOrString } from '../../schema/fields.ts';
import { isExternallyAccessible } from './service-defaults.ts';
import {
  isHeadlessService,
  validateCIDR,
  validateExternalIPs,
  validateServiceClusterIPsRelatedFields,
  validateUpgradeDowngradeClusterIPs,
  validateUpgradeDowngradeIPFamilies,
  goStringPointer,
  parseIPSloppy,
  validateIP,
} from './service-validation-ips.ts';
import type { IPFamily } from './service-validation-ips.ts';
import { validateServiceIPFamilyFields } from './service-validation-families.ts';
import type { Service, ServicePort, ServiceSpec } from './service.ts';

type LoadBalancerIngress = NonNullable<NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress']>[number];

export type { IPFamily } from './service-validation-ips.ts';

export interface ServiceValidationOptions {
  /**
   * Families of the service CIDRs, primary first. When given, the checks upstream makes against
   * the cluster configuration before allocating run first, and their errors are returned alone,
   * as kube-apiserver does (it rejects the request before ValidateService runs).
   */
  readonly clusterFamilies?: readonly IPFamily[];
}

/** DefaultClientIPServiceAffinitySeconds' upper bound: one day. */
export const MAX_CLIENT_IP_AFFINITY_SECONDS = 86_400;

const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
const ANNOTATION_LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

// Supported-value lists are printed sorted, as upstream's sets.List does.
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const ONLY_LOAD_BALANCER = "may only be used when `type` is 'LoadBalancer'";
const TRAFFIC_DISTRIBUTION_PREFER_CLOSE = 'PreferClose';
const LOAD_BALANCER_IP_MODES = ['Proxy', 'VIP'];

/** Upstream ValidateService (create). */
export function validateService(service: Service, options: ServiceValidationOptions = {}): FieldError[] {
  if (options.clusterFamilies) {
    const clusterErrs = validateServiceIPFamilyFields(service, undefined, options.clusterFamilies);
    if (clusterErrs.length > 0) return clusterErrs;
  }
  return validateServiceObject(service);
}

/**
 * Upstream ValidateServiceUpdate. Call it after the registry has carried the allocated values
 * over from the stored object (patchAllocatedValues) and synced clusterIP with clusterIPs.
 */
export function validateServiceUpdate(
  newService: Service,
  oldService: Service,
  options: ServiceValidationOptions = {},
): FieldError[] {
  if (options.clusterFamilies) {
    const clusterErrs = validateServiceIPFamilyFields(newService, oldService, options.clusterFamilies);
    if (clusterErrs.length > 0) return clusterErrs;
  }
  return [
    ...validateCoreObjectMetaUpdate(newService.metadata, oldService.metadata),
    ...validateUpgradeDowngradeClusterIPs(oldService, newService),
    ...validateUpgradeDowngradeIPFamilies(oldService, newService),
    ...validateLoadBalancerClass(oldService.spec, newService.spec),
    ...validateHealthCheckNodePortUpdate(oldService.spec, newService.spec),
    ...validateServiceObject(newService),
  ];
}

function validateServiceObject(service: Service): FieldError[] {
  const spec: ServiceSpec = service.spec ?? {};
  const errs = validateCoreObjectMeta(service.metadata, { namespaced: true, nameValidator: nameIsDNS1035Label });

  const annotations = service.metadata?.annotations ?? {};
  const topologyMode = annotations[ANNOTATION_TOPOLOGY_MODE];
  const topologyHints = annotations[ANNOTATION_TOPOLOGY_AWARE_HINTS];
  if (topologyMode !== undefined && topologyHints !== undefined && topologyMode !== topologyHints) {
    errs.push(
      invalid(
        keyPath('metadata.annotations', ANNOTATION_TOPOLOGY_MODE),
        topologyMode,
        `must match annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified`,
      ),
    );
  }

  const ports = spec.ports ?? [];
  const headless = isHeadlessService(spec);
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  errs.push(...validateTypeSpecificFields(spec, headless));

  const names = new Set<string>();
  ports.forEach((port, i) => errs.push(...validateServicePort(port, ports.length > 1, names, indexPath('spec.ports', i))));

  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateSessionAffinity(spec));
  errs.push(...validateServiceClusterIPsRelatedFields(service));
  errs.push(...validateExternalIPs(spec.externalIPs));

  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  errs.push(...validatePortUniqueness(spec));
  errs.push(...validateLoadBalancerOnlyFields(spec, annotations));
  errs.push(...validateLoadBalancerClass(undefined, spec));
  errs.push(...validateExternalTrafficPolicy(spec));
  errs.push(...validateInternalTrafficPolicy(spec));
  errs.push(...validateTrafficDistribution(spec));
  return errs;
}

function validateTypeSpecificFields(spec: ServiceSpec, headless: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const firstClusterIP = indexPath('spec.clusterIPs', 0);
  if (spec.type === 'LoadBalancer' && headless) {
    errs.push(invalid(firstClusterIP, 'None', "may not be set to 'None' for LoadBalancer services"));
  } else if (spec.type === 'NodePort' && headless) {
    errs.push(invalid(firstClusterIP, 'None', "may not be set to 'None' for NodePort services"));
  } else if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined) {
      errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    }
    // One trailing dot marks the CNAME target as fully qualified.
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname.length > 0) {
      errs.push(...isDNS1123Subdomain(cname).map((msg) => invalid('spec.externalName', cname, msg)));
    } else {
      errs.push(required('spec.externalName'));
    }
  }
  return errs;
}

/** Upstream validateServicePort. (A headless Service's targetPort is tolerated whatever it is.) */
function validateServicePort(port: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = childPath(path, 'name');
  if (requireName && !port.name) {
    errs.push(required(namePath));
  } else if (port.name) {
    errs.push(...isDNS1123Label(port.name).map((msg) => invalid(namePath, port.name, msg)));
    if (names.has(port.name)) errs.push(duplicate(namePath, port.name));
    else names.add(port.name);
  }
  errs.push(...isValidPortNum(port.port ?? 0).map((msg) => invalid(childPath(path, 'port'), port.port ?? 0, msg)));
  if (!port.protocol) errs.push(required(childPath(path, 'protocol')));
  else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(childPath(path, 'protocol'), port.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(port.targetPort, childPath(path, 'targetPort')));
  if (port.appProtocol !== undefined) {
    const appPath = childPath(path, 'appProtocol');
    errs.push(...isQualifiedName(port.appProtocol).map((msg) => invalid(appPath, port.appProtocol, msg)));
  }
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65_535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** An IANA_SVC_NAME (RFC 6335), lower case only. */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Upstream ValidatePortNumOrName; a missing value is Go's zero IntOrString, the number 0. */
export function validatePortNumOrName(port: IntOrString | undefined, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  const value = port ?? 0;
  return isValidPortNum(value).map((msg) => invalid(path, value, msg));
}

function validateSessionAffinity(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const affinity = spec.sessionAffinity;
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (!SESSION_AFFINITIES.includes(affinity)) errs.push(notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES));

  const configPath = 'spec.sessionAffinityConfig';
  if (affinity === 'ClientIP') {
    const detail = 'when session affinity type is ClientIP';
    const clientIP = spec.sessionAffinityConfig?.clientIP;
    const timeout = clientIP?.timeoutSeconds;
    const timeoutPath = `${configPath}.clientIP.timeoutSeconds`;
    if (!spec.sessionAffinityConfig) errs.push(required(configPath, detail));
    else if (!clientIP) errs.push(required(`${configPath}.clientIP`, detail));
    else if (timeout === undefined) errs.push(required(timeoutPath, detail));
    else if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
      errs.push(invalid(timeoutPath, timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    errs.push(forbidden(configPath, 'must not be set when session affinity is None'));
  }
  return errs;
}

function validatePortUniqueness(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (spec.type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (port.nodePort) {
        errs.push(forbidden(childPath(indexPath('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      }
    });
  }
  // Node ports and ports are unique per protocol: 53/TCP and 53/UDP may coexist.
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!port.nodePort) return;
    const key = `${port.protocol ?? ''}/${port.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(childPath(indexPath('spec.ports', i), 'nodePort'), port.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const protocol = port.protocol ?? '';
    const number = port.port ?? 0;
    const key = `${protocol}/${number}`;
    if (seen.has(key)) {
      // Upstream reports the key it built, an internal core.ServicePort, printed with %#v.
      const text =
        `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${number}, ` +
        'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}';
      errs.push(duplicate(indexPath('spec.ports', i), new GoRendered({ protocol, port: number }, text)));
    }
    seen.add(key);
  });
  return errs;
}

function validateLoadBalancerOnlyFields(spec: ServiceSpec, annotations: Readonly<Record<string, string>>): FieldError[] {
  const errs: FieldError[] = [];
  const isLoadBalancer = spec.type === 'LoadBalancer';
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    const rangesPath = 'spec.LoadBalancerSourceRanges';
    if (!isLoadBalancer) errs.push(forbidden(rangesPath, ONLY_LOAD_BALANCER));
    // Space padding is tolerated: the field took over from an annotation that allowed it.
    ranges.forEach((range, i) => errs.push(...validateCIDR(indexPath(rangesPath, i), range.trim())));
  } else if (annotations[ANNOTATION_LB_SOURCE_RANGES] !== undefined) {
    const annotationPath = keyPath('metadata.annotations', ANNOTATION_LB_SOURCE_RANGES);
    if (!isLoadBalancer) errs.push(forbidden(annotationPath, ONLY_LOAD_BALANCER));
    const value = annotations[ANNOTATION_LB_SOURCE_RANGES].trim();
    if (value !== '') {
      for (const range of value.split(',')) errs.push(...validateCIDR(annotationPath, range.trim()));
    }
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && !isLoadBalancer) {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', ONLY_LOAD_BALANCER));
  }
  if (isLoadBalancer && spec.allocateLoadBalancerNodePorts === undefined) {
    errs.push(required('allocateLoadBalancerNodePorts')); // sic: upstream's path has no "spec."
  }
  return errs;
}

/** Upstream validateLoadBalancerClassField; `oldSpec` is given on update. */
function validateLoadBalancerClass(oldSpec: ServiceSpec | undefined, spec: ServiceSpec | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const path = 'spec.loadBalancerClass';
  const lbClass = spec?.loadBalancerClass;
  const isLoadBalancer = spec?.type === 'LoadBalancer';
  if (oldSpec && oldSpec.type === 'LoadBalancer' && isLoadBalancer && oldSpec.loadBalancerClass !== lbClass) {
    errs.push(invalid(path, goStringPointer(lbClass), 'may not change once set'));
  }
  if (isLoadBalancer) {
    if (lbClass !== undefined) errs.push(...isQualifiedName(lbClass).map((msg) => invalid(path, lbClass, msg)));
  } else if (lbClass !== undefined) {
    errs.push(forbidden(path, ONLY_LOAD_BALANCER));
  }
  return errs;
}

function needsHealthCheck(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

function validateExternalTrafficPolicy(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.externalTrafficPolicy ?? '';
  if (!isExternallyAccessible(spec)) {
    if (policy !== '') {
      errs.push(invalid('spec.externalTrafficPolicy', policy, 'may only be set for externally-accessible services'));
    }
  } else if (policy === '') {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(policy)) {
    errs.push(notSupported('spec.externalTrafficPolicy', policy, TRAFFIC_POLICIES));
  }

  const hcPath = 'spec.healthCheckNodePort';
  const hcNodePort = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hcNodePort !== 0) {
      errs.push(
        invalid(hcPath, hcNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
      );
    }
  } else if (hcNodePort !== 0) {
    // 0 is left for the allocator, which upstream runs before validation.
    errs.push(...isValidPortNum(hcNodePort).map((msg) => invalid(hcPath, hcNodePort, msg)));
  }
  return errs;
}

function validateHealthCheckNodePortUpdate(oldSpec: ServiceSpec | undefined, spec: ServiceSpec | undefined): FieldError[] {
  const newPort = spec?.healthCheckNodePort ?? 0;
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && newPort !== 0 && newPort !== (oldSpec?.healthCheckNodePort ?? 0)) {
    return [forbidden('spec.healthCheckNodePort', FIELD_IMMUTABLE_ERROR_MSG)];
  }
  return [];
}

function validateInternalTrafficPolicy(spec: ServiceSpec): FieldError[] {
  const policy = spec.internalTrafficPolicy;
  if (policy === undefined) {
    // Not required for ExternalName, nor forbidden there: stored objects predate the rule.
    const needsPolicy = spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    return needsPolicy ? [required('spec.internalTrafficPolicy')] : [];
  }
  return TRAFFIC_POLICIES.includes(policy) ? [] : [notSupported('spec.internalTrafficPolicy', policy, TRAFFIC_POLICIES)];
}

/**
 * 1.32 knows one value; PreferSameZone and PreferSameNode came with 1.33's
 * PreferSameTrafficDistribution gate, and a 1.32 server lists only PreferClose as supported.
 */
function validateTrafficDistribution(spec: ServiceSpec): FieldError[] {
  const value = spec.trafficDistribution;
  if (value === undefined || value === TRAFFIC_DISTRIBUTION_PREFER_CLOSE) return [];
  return [notSupported('spec.trafficDistribution', value, [TRAFFIC_DISTRIBUTION_PREFER_CLOSE])];
}

/** Upstream ValidateServiceStatusUpdate: the metadata rules, then the load balancer status. */
export function validateServiceStatusUpdate(service: Service, oldService: Service): FieldError[] {
  return [
    ...validateCoreObjectMetaUpdate(service.metadata, oldService.metadata),
    ...validateLoadBalancerStatus(service.status?.loadBalancer?.ingress ?? [], service.spec ?? {}),
  ];
}

/**
 * Upstream ValidateLoadBalancerStatus with 1.32's gates: AllowServiceLBStatusOnNonLB off (only a
 * LoadBalancer has ingress points) and LoadBalancerIPMode on (an ip needs an ipMode, which
 * defaulting fills in as VIP; a hostname-only entry may not have one).
 */
function validateLoadBalancerStatus(ingress: readonly LoadBalancerIngress[], spec: ServiceSpec): FieldError[] {
  const ingressPath = 'status.loadBalancer.ingress';
  if (spec.type !== 'LoadBalancer' && ingress.length > 0) {
    return [forbidden(ingressPath, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  const errs: FieldError[] = [];
  ingress.forEach((entry, i) => {
    const path = indexPath(ingressPath, i);
    const ipModePath = childPath(path, 'ipMode');
    if (entry.ip) errs.push(...validateIP(childPath(path, 'ip'), entry.ip));
    if (entry.ipMode === undefined) {
      if (entry.ip) errs.push(required(ipModePath, 'must be specified when `ip` is set'));
    } else if (!entry.ip) {
      errs.push(forbidden(ipModePath, 'may not be specified when `ip` is not set'));
    } else if (!LOAD_BALANCER_IP_MODES.includes(entry.ipMode)) {
      errs.push(notSupported(ipModePath, entry.ipMode, LOAD_BALANCER_IP_MODES));
    }
    if (entry.hostname) {
      const hostnamePath = childPath(path, 'hostname');
      errs.push(...isDNS1123Subdomain(entry.hostname).map((msg) => invalid(hostnamePath, entry.hostname, msg)));
      if (parseIPSloppy(entry.hostname)) errs.push(invalid(hostnamePath, entry.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
