// Validation of the three container lists of a PodSpec, as upstream's validateContainers,
// validateInitContainers and validateEphemeralContainers: unique names, which fields each kind
// may set, and host port conflicts.
import { childPath, duplicate, forbidden, indexPath, invalid, notFound, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import type { Container, EphemeralContainer } from './container.ts';
import { validateContainerCommon, validateProbesAndLifecycle } from './container-validation.ts';
import type { ContainerContext } from './container-validation.ts';
import { isZero } from './pod-validation-helpers.ts';

/** Upstream AccumulateUniqueHostPorts: one protocol/hostIP/hostPort may be used once. */
function checkHostPortConflicts(containers: readonly Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((container, i) => {
    (container.ports ?? []).forEach((port, j) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      const portPath = childPath(indexPath(childPath(indexPath(path, i), 'ports'), j), 'hostPort');
      if (seen.has(key)) errs.push(duplicate(portPath, key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: readonly Container[] | undefined, context: ContainerContext, path: string): FieldError[] {
  if (!containers || containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((container, i) => {
    const containerPath = indexPath(path, i);
    errs.push(...validateContainerCommon(container, context, containerPath));
    const name = container.name ?? '';
    if (names.has(name)) errs.push(duplicate(childPath(containerPath, 'name'), name));
    else names.add(name);
    errs.push(...validateProbesAndLifecycle(container, context.gracePeriod, containerPath));
    if (container.restartPolicy !== undefined) {
      errs.push(forbidden(childPath(containerPath, 'restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  return [...errs, ...checkHostPortConflicts(containers, path)];
}

const initOnlyForbidden = 'may not be set for init containers without restartPolicy=Always';

export function validateInitContainers(
  initContainers: readonly Container[] | undefined,
  regular: readonly Container[] | undefined,
  context: ContainerContext,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (initContainers ?? []).forEach((container, i) => {
    const containerPath = indexPath(path, i);
    errs.push(...validateContainerCommon(container, context, containerPath));
    let sidecar = false;
    if (container.restartPolicy !== undefined) {
      if (container.restartPolicy === 'Always') sidecar = true;
      else errs.push(notSupported(childPath(containerPath, 'restartPolicy'), container.restartPolicy, ['Always']));
    }
    const name = container.name ?? '';
    if (names.has(name)) errs.push(duplicate(childPath(containerPath, 'name'), name));
    else if (name !== '') names.add(name);
    // Init containers run one at a time, so each is checked against itself only (and upstream
    // reports it at index 0 whatever its position).
    errs.push(...checkHostPortConflicts([container], path));
    if (sidecar) {
      errs.push(...validateProbesAndLifecycle(container, context.gracePeriod, containerPath));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (container[field]) errs.push(forbidden(childPath(containerPath, field), initOnlyForbidden));
      }
    }
  });
  return errs;
}

// Fields of EphemeralContainerCommon upstream does not allow, in struct order.
const ephemeralForbiddenFields = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
] as const;

export function validateEphemeralContainers(
  ephemeral: readonly EphemeralContainer[] | undefined,
  regular: readonly Container[] | undefined,
  init: readonly Container[] | undefined,
  context: ContainerContext,
  path: string,
): FieldError[] {
  if (!ephemeral || ephemeral.length === 0) return [];
  const errs: FieldError[] = [];
  const others = new Set([...(regular ?? []), ...(init ?? [])].map((c) => c.name ?? ''));
  const names = new Set(others);
  ephemeral.forEach((container, i) => {
    const containerPath = indexPath(path, i);
    errs.push(...validateContainerCommon(container, context, containerPath));
    errs.push(...validateImageWhitespace(container, containerPath));
    const name = container.name ?? '';
    if (names.has(name)) errs.push(duplicate(childPath(containerPath, 'name'), name));
    else names.add(name);
    const target = container.targetContainerName;
    if (target && !others.has(target)) errs.push(notFound(childPath(containerPath, 'targetContainerName'), target));
    for (const field of ephemeralForbiddenFields) {
      if (!isZero(container[field])) errs.push(forbidden(childPath(containerPath, field), 'cannot be set for an Ephemeral Container'));
    }
    (container.volumeMounts ?? []).forEach((mount, j) => {
      const mountPath = indexPath(childPath(containerPath, 'volumeMounts'), j);
      if (mount.subPath) errs.push(forbidden(childPath(mountPath, 'subPath'), 'cannot be set for an Ephemeral Container'));
      if (mount.subPathExpr) errs.push(forbidden(childPath(mountPath, 'subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

/** Upstream validateContainerOnlyForPod: checked on Pods, not on templates. */
export function validateImageWhitespace(container: Container, path: string): FieldError[] {
  const image = container.image ?? '';
  return image.trim() !== image ? [invalid(childPath(path, 'image'), image, 'must not have leading or trailing whitespace')] : [];
}
