// Validation of a PodSpec, as upstream's ValidatePodSpec: the checks shared by Pods and by the
// Pod templates of workloads. Checks are run in upstream's order, so errors come out in its order.
import { GoRendered, childPath, duplicate, forbidden, goQuote, indexPath, invalid, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isValidLabelValue, validateLabelName, validateLabels } from '../../label-validation.ts';
import { nameIsDNSSubdomain } from '../../meta/validation.ts';
import { validateContainers, validateEphemeralContainers, validateInitContainers } from './container-list-validation.ts';
import type { ContainerContext } from './container-validation.ts';
import type { PodSpec } from './pod-spec.ts';
import {
  MAX_INT32,
  inclusiveRangeError,
  isDNS1123SubdomainWithUnderscore,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIP,
  validateQualifiedName,
} from './pod-validation-helpers.ts';
import { validateOverhead } from './resource-validation.ts';
import { validateAffinity, validateTopologySpreadConstraints } from './scheduling-validation.ts';
import { validateAppArmorProfile, validateId, validateSeccompProfile } from './security-context-validation.ts';
import { validateVolumes } from './volume-validation.ts';

export interface PodSpecValidationOptions {
  /** The spec is a Pod's, not a template's: host ports must then equal container ports. */
  readonly resourceIsPod?: boolean;
  /** The Pod's name, for the names of PVCs made for ephemeral volumes. */
  readonly podName?: string;
}

export function validatePodSpec(spec: PodSpec | undefined, path: string, options: PodSpecValidationOptions = {}): FieldError[] {
  const s: PodSpec = spec ?? {};
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined) errs.push(required(childPath(path, 'terminationGracePeriodSeconds')));
  const volumes = validateVolumes(s.volumes, childPath(path, 'volumes'), options);
  errs.push(...volumes.errors);
  const claims = validatePodResourceClaims(s.resourceClaims, childPath(path, 'resourceClaims'));
  errs.push(...claims.errors);
  const context: ContainerContext = {
    volumes: volumes.volumes,
    podClaimNames: claims.names,
    restartPolicy: s.restartPolicy ?? '',
    gracePeriod: s.terminationGracePeriodSeconds,
    hostUsers: s.hostUsers !== false,
  };
  errs.push(...validateContainers(s.containers, context, childPath(path, 'containers')));
  errs.push(...validateInitContainers(s.initContainers, s.containers, context, childPath(path, 'initContainers')));
  errs.push(
    ...validateEphemeralContainers(s.ephemeralContainers, s.containers, s.initContainers, context, childPath(path, 'ephemeralContainers')),
  );
  errs.push(...validateHostNetworkPorts(s, path, options.resourceIsPod ?? false));
  errs.push(...validateEnum(s.restartPolicy, ['Always', 'OnFailure', 'Never'], childPath(path, 'restartPolicy')));
  errs.push(
    ...validateEnum(s.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'], childPath(path, 'dnsPolicy')),
  );
  errs.push(...validateLabels(s.nodeSelector, childPath(path, 'nodeSelector')));
  errs.push(...validateSecurityContext(s, childPath(path, 'securityContext')));
  errs.push(...validateAffinity(s.affinity, childPath(path, 'affinity')));
  errs.push(...validateDNSConfig(s, childPath(path, 'dnsConfig')));
  (s.readinessGates ?? []).forEach((gate, i) => {
    errs.push(...validateQualifiedName(gate.conditionType ?? '', childPath(indexPath(childPath(path, 'readinessGates'), i), 'conditionType')));
  });
  errs.push(...validateSchedulingGates(s.schedulingGates, childPath(path, 'schedulingGates')));
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, childPath(path, 'topologySpreadConstraints')));
  errs.push(...validateHostUsers(s, path));
  errs.push(...validateName(s.serviceAccountName, childPath(path, 'serviceAccountName')));
  errs.push(...validateName(s.nodeName, childPath(path, 'nodeName')));
  if (s.activeDeadlineSeconds !== undefined) {
    const value = s.activeDeadlineSeconds;
    if (value < 1 || value > MAX_INT32) {
      errs.push(invalid(childPath(path, 'activeDeadlineSeconds'), value, inclusiveRangeError(1, MAX_INT32)));
    }
  }
  if (s.hostname) errs.push(...validateDNS1123Label(s.hostname, childPath(path, 'hostname')));
  if (s.subdomain) errs.push(...validateDNS1123Label(s.subdomain, childPath(path, 'subdomain')));
  errs.push(...validateTolerations(s.tolerations, childPath(path, 'tolerations')));
  (s.hostAliases ?? []).forEach((alias, i) => {
    const aliasPath = indexPath(childPath(path, 'hostAliases'), i);
    errs.push(...validateIP(alias.ip ?? '', childPath(aliasPath, 'ip')));
    (alias.hostnames ?? []).forEach((hostname, j) => {
      errs.push(...validateDNS1123Subdomain(hostname, indexPath(childPath(aliasPath, 'hostnames'), j)));
    });
  });
  errs.push(...validateName(s.priorityClassName, childPath(path, 'priorityClassName')));
  if (s.runtimeClassName !== undefined) errs.push(...validateDNS1123Subdomain(s.runtimeClassName, childPath(path, 'runtimeClassName')));
  if (s.preemptionPolicy !== undefined) {
    errs.push(...validateEnum(s.preemptionPolicy, ['PreemptLowerPriority', 'Never'], childPath(path, 'preemptionPolicy')));
  }
  if (s.overhead) errs.push(...validateOverhead(s.overhead, childPath(path, 'overhead')));
  errs.push(...validateOS(s, path));
  return errs;
}

/** Required when empty, else one of `allowed` (listed in upstream's order). */
function validateEnum(value: string | undefined, allowed: readonly string[], path: string): FieldError[] {
  if (!value) return [required(path)];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}

function validateName(value: string | undefined, path: string): FieldError[] {
  return value ? nameIsDNSSubdomain(value, false).map((msg) => invalid(path, value, msg)) : [];
}

function validatePodResourceClaims(claims: PodSpec['resourceClaims'], path: string): { names: Set<string>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (claims ?? []).forEach((claim, i) => {
    const claimPath = indexPath(path, i);
    const name = claim.name ?? '';
    if (name === '') errors.push(required(childPath(claimPath, 'name')));
    else if (seen.has(name)) errors.push(duplicate(childPath(claimPath, 'name'), name));
    else {
      errors.push(...validateDNS1123Label(name, childPath(claimPath, 'name')));
      seen.add(name);
    }
    const byName = claim.resourceClaimName !== undefined;
    const byTemplate = claim.resourceClaimTemplateName !== undefined;
    if (byName && byTemplate) {
      errors.push(invalid(claimPath, claim, 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    }
    if (!byName && !byTemplate) {
      // Upstream prints the Go struct; with both pointers nil that text is fully known.
      const text = `core.PodResourceClaim{Name:${goQuote(name)}, ResourceClaimName:(*string)(nil), ResourceClaimTemplateName:(*string)(nil)}`;
      errors.push(invalid(claimPath, new GoRendered(claim, text), 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    }
    if (byName) errors.push(...validateDNS1123Subdomain(claim.resourceClaimName ?? '', childPath(claimPath, 'resourceClaimName')));
    if (byTemplate) {
      errors.push(...validateDNS1123Subdomain(claim.resourceClaimTemplateName ?? '', childPath(claimPath, 'resourceClaimTemplateName')));
    }
  });
  const names = new Set((claims ?? []).map((claim) => claim.name ?? '').filter((name) => name !== ''));
  return { names, errors };
}

// With the node's network, a container port is a node port: in a Pod the two must be equal; a
// template may leave hostPort 0, as defaulting fills it in when the Pod is made.
function validateHostNetworkPorts(spec: PodSpec, path: string, resourceIsPod: boolean): FieldError[] {
  if (!spec.hostNetwork) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((container, i) => {
    (container.ports ?? []).forEach((port, j) => {
      const hostPort = port.hostPort ?? 0;
      if ((resourceIsPod || hostPort !== 0) && hostPort !== (port.containerPort ?? 0)) {
        const portPath = indexPath(childPath(indexPath(childPath(path, 'containers'), i), 'ports'), j);
        errs.push(invalid(childPath(portPath, 'hostPort'), hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

const fsGroupChangePolicies = ['Always', 'OnRootMismatch'];

// securityContext is kept as given; these are the checks of upstream's validatePodSpecSecurityContext
// that users meet in practice.
function validateSecurityContext(spec: PodSpec, path: string): FieldError[] {
  const context = spec.securityContext;
  if (!context) return [];
  const errs: FieldError[] = [];
  const checkId = (value: unknown, idPath: string) => errs.push(...validateId(value, idPath));
  checkId(context['fsGroup'], childPath(path, 'fsGroup'));
  checkId(context['runAsUser'], childPath(path, 'runAsUser'));
  checkId(context['runAsGroup'], childPath(path, 'runAsGroup'));
  const groups = context['supplementalGroups'];
  if (Array.isArray(groups)) groups.forEach((gid, i) => checkId(gid, indexPath(childPath(path, 'supplementalGroups'), i)));
  if (spec.shareProcessNamespace === true && spec.hostPID) {
    errs.push(invalid(childPath(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const changePolicy = context['fsGroupChangePolicy'];
  if (typeof changePolicy === 'string' && !fsGroupChangePolicies.includes(changePolicy)) {
    errs.push(notSupported(childPath(path, 'fsGroupChangePolicy'), changePolicy, fsGroupChangePolicies));
  }
  errs.push(...validateSeccompProfile(context['seccompProfile'], childPath(path, 'seccompProfile')));
  errs.push(...validateAppArmorProfile(context['appArmorProfile'], childPath(path, 'appArmorProfile')));
  return errs;
}

const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_CHARS = 2048;

function validateDNSConfig(spec: PodSpec, path: string): FieldError[] {
  const config = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!config) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((config.nameservers ?? []).length === 0) {
      return [required(childPath(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (!config) return [];
  const errs: FieldError[] = [];
  const nameservers = config.nameservers ?? [];
  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    errs.push(invalid(childPath(path, 'nameservers'), nameservers, `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`));
  }
  nameservers.forEach((server, i) => errs.push(...validateIP(server, indexPath(childPath(path, 'nameservers'), i))));
  const searches = config.searches ?? [];
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(invalid(childPath(path, 'searches'), searches, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  }
  if (searches.join(' ').length > MAX_DNS_SEARCH_CHARS) {
    errs.push(
      invalid(
        childPath(path, 'searches'),
        searches,
        `must not have more than ${MAX_DNS_SEARCH_CHARS} characters (including spaces) in the search list`,
      ),
    );
  }
  // The relaxed rules (RelaxedDNSSearchValidation): "." and underscores are allowed.
  searches.forEach((search, i) => {
    if (search === '.') return;
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search;
    const searchPath = indexPath(childPath(path, 'searches'), i);
    errs.push(...isDNS1123SubdomainWithUnderscore(trimmed).map((msg) => invalid(searchPath, trimmed, msg)));
  });
  (config.options ?? []).forEach((option, i) => {
    if (!option.name) errs.push(required(indexPath(childPath(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}

function validateSchedulingGates(gates: PodSpec['schedulingGates'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (gates ?? []).forEach((gate, i) => {
    const name = gate.name ?? '';
    errs.push(...validateQualifiedName(name, indexPath(path, i)));
    if (seen.has(name)) errs.push(duplicate(indexPath(path, i), name));
    seen.add(name);
  });
  return errs;
}

// A user namespace of its own does not combine with the node's other namespaces. (Upstream
// spells two of these paths with capitals.)
function validateHostUsers(spec: PodSpec, path: string): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const message = 'when `pod.Spec.HostUsers` is false';
  const errs: FieldError[] = [];
  if (spec.hostNetwork) errs.push(forbidden(childPath(path, 'hostNetwork'), message));
  if (spec.hostPID) errs.push(forbidden(childPath(path, 'HostPID'), message));
  if (spec.hostIPC) errs.push(forbidden(childPath(path, 'HostIPC'), message));
  return errs;
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTolerations(tolerations: PodSpec['tolerations'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((toleration, i) => {
    const tolerationPath = indexPath(path, i);
    const key = toleration.key ?? '';
    const operator = toleration.operator ?? '';
    const value = toleration.value ?? '';
    const effect = toleration.effect ?? '';
    if (key !== '') errs.push(...validateLabelName(key, childPath(tolerationPath, 'key')));
    if (key === '' && operator !== 'Exists') {
      errs.push(
        invalid(childPath(tolerationPath, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'),
      );
    }
    if (toleration.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(invalid(childPath(tolerationPath, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(invalid(childPath(tolerationPath, 'operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value !== '') errs.push(invalid(childPath(tolerationPath, 'operator'), goToleration(toleration), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(childPath(tolerationPath, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect !== '' && !taintEffects.includes(effect)) errs.push(notSupported(childPath(tolerationPath, 'effect'), effect, taintEffects));
  });
  return errs;
}

function validateOS(spec: PodSpec, path: string): FieldError[] {
  if (!spec.os) return [];
  const osPath = childPath(path, 'os');
  const name = spec.os.name ?? '';
  if (name === '') return [required(childPath(osPath, 'name'), 'cannot be empty')];
  if (name !== 'linux' && name !== 'windows') return [notSupported(osPath, name, ['linux', 'windows'])];
  if (name !== 'linux') return [];
  // Windows-only options cannot be set for a linux Pod.
  const errs: FieldError[] = [];
  const message = 'windows options cannot be set for a linux pod';
  if (spec.securityContext?.['windowsOptions'] !== undefined) {
    errs.push(forbidden(childPath(path, 'securityContext', 'windowsOptions'), message));
  }
  const lists = [['containers', spec.containers], ['initContainers', spec.initContainers], ['ephemeralContainers', spec.ephemeralContainers]] as const;
  for (const [list, containers] of lists) {
    (containers ?? []).forEach((container, i) => {
      if (container.securityContext?.['windowsOptions'] !== undefined) {
        errs.push(forbidden(childPath(indexPath(childPath(path, list), i), 'securityContext', 'windowsOptions'), message));
      }
    });
  }
  return errs;
}

/** Upstream reports the whole toleration here, as Go's %#v prints the internal struct. */
function goToleration(toleration: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }): GoRendered {
  const seconds = toleration.tolerationSeconds === undefined ? '(*int64)(nil)' : '(*int64)(0xc000000000)';
  const text =
    `core.Toleration{Key:${goQuote(toleration.key ?? '')}, Operator:${goQuote(toleration.operator ?? '')}, ` +
    `Value:${goQuote(toleration.value ?? '')}, Effect:${goQuote(toleration.effect ?? '')}, TolerationSeconds:${seconds}}`;
  return new GoRendered(toleration, text);
}
