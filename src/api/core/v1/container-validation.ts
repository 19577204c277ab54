// Validation of one container's fields, as upstream's validateContainerCommon and the probe,
// lifecycle, port, env and mount checks it calls. The per-list rules (names unique, which fields
// each kind of container may set) are in container-list-validation.ts.
import { childPath, duplicate, forbidden, indexPath, invalid, notFound, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import type { Container, EnvVar } from './container.ts';
import { ENV_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './downward-api-validation.ts';
import type { LifecycleHandler, Probe } from './probe.ts';
import { nameIsDNSSubdomain } from '../../meta/validation.ts';
import {
  isConfigMapKey,
  isHTTPHeaderName,
  isRelaxedEnvVarName,
  isValidPortName,
  isValidPortNum,
  validateDNS1123Label,
  validateLocalDescendingPath,
  validateNonnegative,
  validatePathNoBacksteps,
  validatePortNumOrName,
} from './pod-validation-helpers.ts';
import { validateResourceRequirements } from './resource-validation.ts';
import { validateContainerSecurityContext } from './security-context-validation.ts';
import type { Volume } from './volume.ts';
import { validatePullPolicy } from './volume-validation.ts';

/** What a container is checked against: the Pod's valid volumes, claims and settings. */
export interface ContainerContext {
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly podClaimNames: ReadonlySet<string>;
  readonly restartPolicy: string;
  readonly gracePeriod: number | undefined;
  /** False when the Pod has a user namespace of its own (`hostUsers: false`); true when not given. */
  readonly hostUsers?: boolean;
}

const protocols = ['SCTP', 'TCP', 'UDP'];

export function validateContainerPorts(ports: Container['ports'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const portPath = indexPath(path, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) errs.push(...msgs.map((msg) => invalid(childPath(portPath, 'name'), port.name, msg)));
      else if (names.has(port.name)) errs.push(duplicate(childPath(portPath, 'name'), port.name));
      else names.add(port.name);
    }
    const portNumber = (value: number, field: string) =>
      isValidPortNum(value).map((msg) => invalid(childPath(portPath, field), value, msg));
    if (!port.containerPort) errs.push(required(childPath(portPath, 'containerPort')));
    else errs.push(...portNumber(port.containerPort, 'containerPort'));
    if (port.hostPort) errs.push(...portNumber(port.hostPort, 'hostPort'));
    if (!port.protocol) errs.push(required(childPath(portPath, 'protocol')));
    else if (!protocols.includes(port.protocol)) errs.push(notSupported(childPath(portPath, 'protocol'), port.protocol, protocols));
  });
  return errs;
}

export function validateEnv(env: readonly EnvVar[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((variable, i) => {
    const varPath = indexPath(path, i);
    if (!variable.name) errs.push(required(childPath(varPath, 'name')));
    else errs.push(...isRelaxedEnvVarName(variable.name).map((msg) => invalid(childPath(varPath, 'name'), variable.name, msg)));
    errs.push(...validateEnvValueFrom(variable, childPath(varPath, 'valueFrom')));
  });
  return errs;
}

function validateEnvValueFrom(variable: EnvVar, path: string): FieldError[] {
  const from = variable.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, childPath(path, 'fieldRef')));
  }
  if (from.resourceFieldRef) {
    sources++;
    errs.push(...validateResourceFieldSelector(from.resourceFieldRef, childPath(path, 'resourceFieldRef'), false));
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const selector = from[kind];
    if (!selector) continue;
    sources++;
    const selectorPath = childPath(path, kind);
    const name = selector.name ?? '';
    errs.push(...nameIsDNSSubdomain(name, false).map((msg) => invalid(childPath(selectorPath, 'name'), name, msg)));
    if (!selector.key) errs.push(required(childPath(selectorPath, 'key')));
    else errs.push(...isConfigMapKey(selector.key).map((msg) => invalid(childPath(selectorPath, 'key'), selector.key, msg)));
  }
  if (sources === 0) {
    errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (variable.value) {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

export function validateEnvFrom(envFrom: Container['envFrom'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  (envFrom ?? []).forEach((source, i) => {
    const sourcePath = indexPath(path, i);
    if (source.prefix) {
      errs.push(...isRelaxedEnvVarName(source.prefix).map((msg) => invalid(childPath(sourcePath, 'prefix'), source.prefix, msg)));
    }
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = source[kind];
      if (!ref) continue;
      sources++;
      const namePath = childPath(sourcePath, kind, 'name');
      if (!ref.name) errs.push(required(namePath));
      else errs.push(...nameIsDNSSubdomain(ref.name, true).map((msg) => invalid(namePath, ref.name, msg)));
    }
    // Upstream reports these at the list, not at the entry.
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

const mountPropagations = ['Bidirectional', 'HostToContainer', 'None'];
const recursiveReadOnlyModes = ['Disabled', 'Enabled', 'IfPossible'];

export function validateVolumeMounts(container: Container, volumes: ReadonlyMap<string, Volume>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const devices = new Map((container.volumeDevices ?? []).map((d) => [d.name ?? '', d.devicePath ?? '']));
  const mountPoints = new Set<string>();
  const privileged = container.securityContext?.['privileged'] === true;
  (container.volumeMounts ?? []).forEach((mount, i) => {
    const mountPath = indexPath(path, i);
    const name = mount.name ?? '';
    const target = mount.mountPath ?? '';
    if (name === '') errs.push(required(childPath(mountPath, 'name')));
    if (!volumes.has(name)) errs.push(notFound(childPath(mountPath, 'name'), name));
    if (target === '') errs.push(required(childPath(mountPath, 'mountPath')));
    if (mountPoints.has(target)) errs.push(invalid(childPath(mountPath, 'mountPath'), target, 'must be unique'));
    mountPoints.add(target);
    if (devices.has(name)) errs.push(invalid(childPath(mountPath, 'name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(target)) {
      errs.push(invalid(childPath(mountPath, 'mountPath'), target, 'must not already exist as a path in volumeDevices'));
    }
    if (volumes.get(name)?.image) {
      if (mount.subPath) errs.push(invalid(childPath(mountPath, 'subPath'), mount.subPath, 'not allowed in image volume sources'));
      if (mount.subPathExpr) {
        errs.push(invalid(childPath(mountPath, 'subPathExpr'), mount.subPathExpr, 'not allowed in image volume sources'));
      }
    }
    // Upstream reports the next checks at the list path (no index); kept for identical output.
    if (mount.subPath) errs.push(...validateLocalDescendingPath(mount.subPath, childPath(path, 'subPath')));
    if (mount.subPathExpr) {
      if (mount.subPath) {
        errs.push(invalid(childPath(mountPath, 'subPathExpr'), mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      }
      errs.push(...validateLocalDescendingPath(mount.subPathExpr, childPath(path, 'subPathExpr')));
    }
    if (mount.mountPropagation !== undefined) {
      const propagationPath = childPath(path, 'mountPropagation');
      if (!mountPropagations.includes(mount.mountPropagation)) {
        errs.push(notSupported(propagationPath, mount.mountPropagation, mountPropagations));
      }
      if (mount.mountPropagation === 'Bidirectional' && !privileged) {
        errs.push(forbidden(propagationPath, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
    if (mount.recursiveReadOnly !== undefined) {
      const rroPath = childPath(path, 'recursiveReadOnly');
      if (mount.recursiveReadOnly === 'Enabled' || mount.recursiveReadOnly === 'IfPossible') {
        if (!mount.readOnly) errs.push(forbidden(rroPath, 'may only be specified when readOnly is true'));
        if (mount.mountPropagation && mount.mountPropagation !== 'None') {
          errs.push(forbidden(rroPath, 'may only be specified when mountPropagation is None or not specified'));
        }
      } else if (mount.recursiveReadOnly !== 'Disabled') {
        errs.push(notSupported(rroPath, mount.recursiveReadOnly, recursiveReadOnlyModes));
      }
    }
  });
  return errs;
}

export function validateVolumeDevices(container: Container, volumes: ReadonlyMap<string, Volume>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mounts = new Map((container.volumeMounts ?? []).map((m) => [m.name ?? '', m.mountPath ?? '']));
  const paths = new Set<string>();
  const names = new Set<string>();
  (container.volumeDevices ?? []).forEach((device, i) => {
    const devicePath = indexPath(path, i);
    const name = device.name ?? '';
    const target = device.devicePath ?? '';
    const volume = volumes.get(name);
    if (name === '') errs.push(required(childPath(devicePath, 'name')));
    if (names.has(name)) errs.push(invalid(childPath(devicePath, 'name'), name, 'must be unique'));
    if (volume && !volume.persistentVolumeClaim && !volume.ephemeral) {
      errs.push(
        invalid(childPath(devicePath, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'),
      );
    }
    if (!volume) errs.push(notFound(childPath(devicePath, 'name'), name));
    if (target === '') errs.push(required(childPath(devicePath, 'devicePath')));
    if (paths.has(target)) errs.push(invalid(childPath(devicePath, 'devicePath'), target, 'must be unique'));
    if (target !== '' && validatePathNoBacksteps(target, '').length > 0) {
      errs.push(invalid(childPath(devicePath, 'devicePath'), target, "can not contain backsteps ('..')"));
    } else {
      paths.add(target);
    }
    if (mounts.has(name)) errs.push(invalid(childPath(devicePath, 'name'), name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(target)) {
      errs.push(invalid(childPath(devicePath, 'devicePath'), target, 'must not already exist as a path in volumeMounts'));
    }
    if (name !== '') names.add(name);
  });
  return errs;
}

const terminationMessagePolicies = ['File', 'FallbackToLogsOnError'];
const resizeResources = ['cpu', 'memory'];
const resizeRestartPolicies = ['NotRequired', 'RestartContainer'];

function validateResizePolicy(policies: Container['resizePolicy'], path: string, podRestartPolicy: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (policies ?? []).forEach((policy, i) => {
    const resource = policy.resourceName ?? '';
    const restart = policy.restartPolicy ?? '';
    if (seen.has(resource)) errs.push(duplicate(indexPath(path, i), resource));
    seen.add(resource);
    if (resource === '') errs.push(required(path));
    else if (!resizeResources.includes(resource)) errs.push(notSupported(path, resource, resizeResources));
    if (restart === '') errs.push(required(path));
    else if (!resizeRestartPolicies.includes(restart)) errs.push(notSupported(path, restart, resizeRestartPolicies));
    if (podRestartPolicy === 'Never' && restart !== 'NotRequired') {
      errs.push(invalid(path, restart, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

/** Upstream validateContainerCommon: the checks every kind of container gets. */
export function validateContainerCommon(container: Container, context: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = childPath(path, 'name');
  if (!container.name) errs.push(required(namePath));
  else errs.push(...validateDNS1123Label(container.name, namePath));
  if (!container.image) errs.push(required(childPath(path, 'image')));
  const policy = container.terminationMessagePolicy ?? '';
  if (policy === '') errs.push(required(childPath(path, 'terminationMessagePolicy')));
  else if (!terminationMessagePolicies.includes(policy)) {
    errs.push(notSupported(childPath(path, 'terminationMessagePolicy'), policy, terminationMessagePolicies));
  }
  errs.push(...validateContainerPorts(container.ports, childPath(path, 'ports')));
  errs.push(...validateEnv(container.env, childPath(path, 'env')));
  errs.push(...validateEnvFrom(container.envFrom, childPath(path, 'envFrom')));
  errs.push(...validateVolumeMounts(container, context.volumes, childPath(path, 'volumeMounts')));
  errs.push(...validateVolumeDevices(container, context.volumes, childPath(path, 'volumeDevices')));
  errs.push(...validatePullPolicy(container.imagePullPolicy, childPath(path, 'imagePullPolicy')));
  errs.push(...validateResourceRequirements(container.resources, context.podClaimNames, childPath(path, 'resources')));
  errs.push(...validateResizePolicy(container.resizePolicy, childPath(path, 'resizePolicy'), context.restartPolicy));
  errs.push(...validateContainerSecurityContext(container.securityContext, context.hostUsers ?? true, childPath(path, 'securityContext')));
  return errs;
}

// --- probes and hooks ------------------------------------------------------------------------

const httpSchemes = ['HTTP', 'HTTPS'];

function validateHandler(handler: Probe | LifecycleHandler, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let handlers = 0;
  const claim = (kind: string, check: () => FieldError[]): void => {
    if (handlers > 0) errs.push(forbidden(childPath(path, kind), 'may not specify more than 1 handler type'));
    else {
      handlers++;
      errs.push(...check());
    }
  };
  if (handler.exec) {
    const exec = handler.exec;
    claim('exec', () => ((exec.command ?? []).length === 0 ? [required(childPath(path, 'exec', 'command'))] : []));
  }
  if (handler.httpGet) {
    const http = handler.httpGet;
    claim('httpGet', () => {
      const httpPath = childPath(path, 'httpGet');
      const out: FieldError[] = [];
      if (!http.path) out.push(required(childPath(httpPath, 'path')));
      out.push(...validatePortNumOrName(http.port, childPath(httpPath, 'port')));
      if (!httpSchemes.includes(http.scheme ?? '')) out.push(notSupported(childPath(httpPath, 'scheme'), http.scheme ?? '', httpSchemes));
      for (const header of http.httpHeaders ?? []) {
        out.push(...isHTTPHeaderName(header.name ?? '').map((msg) => invalid(childPath(httpPath, 'httpHeaders'), header.name ?? '', msg)));
      }
      return out;
    });
  }
  if (handler.tcpSocket) {
    const tcp = handler.tcpSocket;
    claim('tcpSocket', () => validatePortNumOrName(tcp.port, childPath(path, 'tcpSocket', 'port')));
  }
  if ('grpc' in handler && handler.grpc) {
    const grpc = handler.grpc;
    claim('grpc', () => validatePortNumOrName(grpc.port ?? 0, childPath(path, 'grpc', 'port')));
  }
  if ('sleep' in handler && handler.sleep) {
    const seconds = handler.sleep.seconds ?? 0;
    claim('sleep', () =>
      gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)
        ? [
            invalid(
              childPath(path, 'sleep'),
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          ]
        : [],
    );
  }
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** Upstream validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
export function validateProbe(probe: Probe | undefined, kind: ProbeKind, gracePeriod: number | undefined, path: string): FieldError[] {
  if (!probe) return [];
  const errs = validateHandler(probe, gracePeriod, path);
  for (const timing of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegative(probe[timing], childPath(path, timing)));
  }
  const probeGrace = probe.terminationGracePeriodSeconds;
  if (probeGrace !== undefined && probeGrace <= 0) {
    errs.push(invalid(childPath(path, 'terminationGracePeriodSeconds'), probeGrace, 'must be greater than 0'));
  }
  if (kind !== 'readinessProbe' && (probe.successThreshold ?? 0) !== 1) {
    errs.push(invalid(childPath(path, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  }
  if (kind === 'readinessProbe' && probeGrace !== undefined) {
    errs.push(invalid(childPath(path, 'terminationGracePeriodSeconds'), probeGrace, 'must not be set for readinessProbes'));
  }
  return errs;
}

export function validateLifecycle(lifecycle: Container['lifecycle'], gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle?.postStart) errs.push(...validateHandler(lifecycle.postStart, gracePeriod, childPath(path, 'postStart')));
  if (lifecycle?.preStop) errs.push(...validateHandler(lifecycle.preStop, gracePeriod, childPath(path, 'preStop')));
  return errs;
}

/** Probes and hooks, for regular containers and sidecars. */
export function validateProbesAndLifecycle(container: Container, gracePeriod: number | undefined, path: string): FieldError[] {
  return [
    ...(container.lifecycle ? validateLifecycle(container.lifecycle, gracePeriod, childPath(path, 'lifecycle')) : []),
    ...validateProbe(container.livenessProbe, 'livenessProbe', gracePeriod, childPath(path, 'livenessProbe')),
    ...validateProbe(container.readinessProbe, 'readinessProbe', gracePeriod, childPath(path, 'readinessProbe')),
    ...validateProbe(container.startupProbe, 'startupProbe', gracePeriod, childPath(path, 'startupProbe')),
  ];
}
