// Deployment and ReplicaSet validation, as kube-apiserver's apps/v1 registry runs it
// (pkg/apis/apps/validation plus the selector check of pkg/registry/apps/*/strategy.go): same
// checks, same order, same paths and messages. Objects are validated after defaulting, so the
// defaulted fields (replicas, strategy, revisionHistoryLimit, progressDeadlineSeconds) are set.
import { childPath, forbidden, invalid, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import type { IntOrString } from '../../schema/fields.ts';
import { nameIsDNSSubdomain, validateCoreObjectMeta, validateCoreObjectMetaUpdate } from '../../meta/validation.ts';
import type { Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy, RollingUpdateDeployment } from './deployment.ts';
import { goDeploymentStrategy, goIntOrString } from './go-values.ts';
import type { ReplicaSet, ReplicaSetSpec, ReplicaSetStatus } from './replicaset.ts';
import { validateNonnegative, validateSelectorAndTemplate, validateSelectorUnchanged } from './workload-validation.ts';

const metaOptions = { namespaced: true, nameValidator: nameIsDNSSubdomain } as const;
const GREATER_THAN_REPLICAS = 'cannot be greater than status.replicas';
const GREATER_THAN_READY = 'cannot be greater than readyReplicas';

// --- Deployment ----------------------------------------------------------------------------------

/** Upstream ValidateDeployment (create). */
export function validateDeployment(deployment: Deployment): FieldError[] {
  return [...validateCoreObjectMeta(deployment.metadata, metaOptions), ...validateDeploymentSpec(deployment.spec, 'spec')];
}

/** Upstream ValidateDeploymentUpdate, then the apps/v1 rule that the selector cannot change. */
export function validateDeploymentUpdate(next: Deployment, previous: Deployment): FieldError[] {
  return [
    ...validateCoreObjectMetaUpdate(next.metadata, previous.metadata),
    ...validateDeploymentSpec(next.spec, 'spec'),
    ...validateSelectorUnchanged(next.spec?.selector, previous.spec?.selector, 'spec.selector'),
  ];
}

/** Upstream ValidateDeploymentStatusUpdate (writes to the status subresource). */
export function validateDeploymentStatusUpdate(next: Deployment, previous: Deployment): FieldError[] {
  const errs = [
    ...validateCoreObjectMetaUpdate(next.metadata, previous.metadata),
    ...validateDeploymentStatus(next.status ?? {}, 'status'),
  ];
  errs.push(...validateCollisionCountNotDecremented(next.status?.collisionCount, previous.status?.collisionCount));
  return errs;
}

function validateDeploymentSpec(spec: DeploymentSpec | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const errs = [
    ...validateNonnegative(s.replicas, childPath(path, 'replicas')),
    ...validateSelectorAndTemplate(s.selector, s.template, path),
    ...validateDeploymentStrategy(s.strategy ?? {}, childPath(path, 'strategy')),
    ...validateNonnegative(s.minReadySeconds, childPath(path, 'minReadySeconds')),
    ...validateNonnegative(s.revisionHistoryLimit, childPath(path, 'revisionHistoryLimit')),
  ];
  if (s.progressDeadlineSeconds != null) {
    const deadlinePath = childPath(path, 'progressDeadlineSeconds');
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, deadlinePath));
    // A deadline no longer than minReadySeconds would fail every rollout before a Pod can count.
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) {
      errs.push(invalid(deadlinePath, s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

function validateDeploymentStrategy(strategy: DeploymentStrategy, path: string): FieldError[] {
  const rollingUpdatePath = childPath(path, 'rollingUpdate');
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate == null
        ? []
        : [forbidden(rollingUpdatePath, "may not be specified when strategy `type` is 'Recreate'")];
    case 'RollingUpdate':
      return strategy.rollingUpdate == null
        ? [required(rollingUpdatePath, 'this should be defaulted and never be nil')]
        : validateRollingUpdate(strategy.rollingUpdate, rollingUpdatePath);
    default:
      return [notSupported(path, goDeploymentStrategy(strategy), ['Recreate', 'RollingUpdate'])];
  }
}

/** Upstream ValidateRollingUpdateDeployment. */
function validateRollingUpdate(rollingUpdate: RollingUpdateDeployment, path: string): FieldError[] {
  const unavailablePath = childPath(path, 'maxUnavailable');
  // Go converts a missing value to the int 0 (the defaults make it rare).
  const maxUnavailable = rollingUpdate.maxUnavailable ?? 0;
  const maxSurge = rollingUpdate.maxSurge ?? 0;
  const errs = [
    ...validatePositiveIntOrPercent(maxUnavailable, unavailablePath),
    ...validatePositiveIntOrPercent(maxSurge, childPath(path, 'maxSurge')),
  ];
  // With neither room to remove nor room to add a Pod, a rollout could never progress.
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errs.push(invalid(unavailablePath, goIntOrString(maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  const percent = percentValue(maxUnavailable);
  if (percent !== undefined && percent > 100) {
    errs.push(invalid(unavailablePath, goIntOrString(maxUnavailable), 'must not be greater than 100%'));
  }
  return errs;
}

const PERCENT = /^[0-9]+%$/;
const PERCENT_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** Upstream ValidatePositiveIntOrPercent: a string must be a percentage, a number at least 0. */
function validatePositiveIntOrPercent(value: IntOrString, path: string): FieldError[] {
  if (typeof value === 'string') return PERCENT.test(value) ? [] : [invalid(path, goIntOrString(value), PERCENT_MESSAGE)];
  return validateNonnegative(value, path);
}

function percentValue(value: IntOrString): number | undefined {
  return typeof value === 'string' && PERCENT.test(value) ? Number(value.slice(0, -1)) : undefined;
}

/** Upstream getIntOrPercentValue: the percentage, else IntValue(), which reads a bad string as its leading integer or 0. */
function intOrPercentValue(value: IntOrString): number {
  if (typeof value === 'number') return value;
  return percentValue(value) ?? atoiOrZero(value);
}

// strconv.Atoi: an optional sign and decimal digits, nothing else; anything else gives 0 here.
function atoiOrZero(text: string): number {
  return /^[+-]?[0-9]+$/.test(text) ? Number(text) : 0;
}

/** Upstream ValidateDeploymentStatus. */
function validateDeploymentStatus(status: DeploymentStatus, path: string): FieldError[] {
  const at = (name: string) => childPath(path, name);
  const errs = [
    ...validateNonnegative(status.observedGeneration, at('observedGeneration')),
    ...validateNonnegative(status.replicas, at('replicas')),
    ...validateNonnegative(status.updatedReplicas, at('updatedReplicas')),
    ...validateNonnegative(status.readyReplicas, at('readyReplicas')),
    ...validateNonnegative(status.availableReplicas, at('availableReplicas')),
    ...validateNonnegative(status.unavailableReplicas, at('unavailableReplicas')),
    ...validateNonnegative(status.terminatingReplicas, at('terminatingReplicas')),
    ...validateNonnegative(status.collisionCount, at('collisionCount')),
  ];
  const replicas = status.replicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  if ((status.updatedReplicas ?? 0) > replicas) errs.push(invalid(at('updatedReplicas'), status.updatedReplicas, GREATER_THAN_REPLICAS));
  if (ready > replicas) errs.push(invalid(at('readyReplicas'), ready, GREATER_THAN_REPLICAS));
  if (available > replicas) errs.push(invalid(at('availableReplicas'), available, GREATER_THAN_REPLICAS));
  if (available > ready) errs.push(invalid(at('availableReplicas'), available, GREATER_THAN_READY));
  return errs;
}

// The controller bumps collisionCount to escape a name clash; going back could reuse a taken name.
function validateCollisionCountNotDecremented(next: number | undefined, previous: number | undefined): FieldError[] {
  const decremented = previous != null && (next == null || next < previous);
  return decremented ? [invalid('status.collisionCount', next ?? 0, 'cannot be decremented')] : [];
}

// --- ReplicaSet ----------------------------------------------------------------------------------

/** Upstream ValidateReplicaSet (create). */
export function validateReplicaSet(replicaSet: ReplicaSet): FieldError[] {
  return [...validateCoreObjectMeta(replicaSet.metadata, metaOptions), ...validateReplicaSetSpec(replicaSet.spec, 'spec')];
}

/**
 * What the replicaset strategy runs on update: ValidateReplicaSet on the new object (name rules
 * included), then ValidateReplicaSetUpdate, then the apps/v1 selector rule. The spec is therefore
 * checked twice and its errors appear twice, as they do in upstream's Status causes; the message
 * drops the repeats (aggregateMessage).
 */
export function validateReplicaSetUpdate(next: ReplicaSet, previous: ReplicaSet): FieldError[] {
  return [
    ...validateReplicaSet(next),
    ...validateCoreObjectMetaUpdate(next.metadata, previous.metadata),
    ...validateReplicaSetSpec(next.spec, 'spec'),
    ...validateSelectorUnchanged(next.spec?.selector, previous.spec?.selector, 'spec.selector'),
  ];
}

/** Upstream ValidateReplicaSetStatusUpdate. */
export function validateReplicaSetStatusUpdate(next: ReplicaSet, previous: ReplicaSet): FieldError[] {
  return [
    ...validateCoreObjectMetaUpdate(next.metadata, previous.metadata),
    ...validateReplicaSetStatus(next.status ?? {}, 'status'),
  ];
}

function validateReplicaSetSpec(spec: ReplicaSetSpec | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  return [
    ...validateNonnegative(s.replicas, childPath(path, 'replicas')),
    ...validateNonnegative(s.minReadySeconds, childPath(path, 'minReadySeconds')),
    ...validateSelectorAndTemplate(s.selector, s.template, path),
  ];
}

/** Upstream ValidateReplicaSetStatus. */
function validateReplicaSetStatus(status: ReplicaSetStatus, path: string): FieldError[] {
  const at = (name: string) => childPath(path, name);
  const errs = [
    ...validateNonnegative(status.replicas, at('replicas')),
    ...validateNonnegative(status.fullyLabeledReplicas, at('fullyLabeledReplicas')),
    ...validateNonnegative(status.readyReplicas, at('readyReplicas')),
    ...validateNonnegative(status.availableReplicas, at('availableReplicas')),
    ...validateNonnegative(status.observedGeneration, at('observedGeneration')),
    ...validateNonnegative(status.terminatingReplicas, at('terminatingReplicas')),
  ];
  const replicas = status.replicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const fullyLabeled = status.fullyLabeledReplicas ?? 0;
  if (fullyLabeled > replicas) errs.push(invalid(at('fullyLabeledReplicas'), fullyLabeled, GREATER_THAN_REPLICAS));
  if (ready > replicas) errs.push(invalid(at('readyReplicas'), ready, GREATER_THAN_REPLICAS));
  if (available > replicas) errs.push(invalid(at('availableReplicas'), available, GREATER_THAN_REPLICAS));
  if (available > ready) errs.push(invalid(at('availableReplicas'), available, GREATER_THAN_READY));
  return errs;
}
