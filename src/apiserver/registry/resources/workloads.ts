// ReplicaSets and Deployments: status empty on create and written only through /status;
// generation 1 on create, +1 when the desired state changes (a Deployment's annotations count,
// since `kubectl rollout` keeps state there); /scale is served by the handler on top of these.
import {
  defaultDeployment,
  defaultReplicaSet,
  deploymentGenerationChanged,
  replicaSetGenerationChanged,
  validateDeployment,
  validateDeploymentStatusUpdate,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateReplicaSetStatusUpdate,
  validateReplicaSetUpdate,
  type Deployment,
  type ReplicaSet,
} from '../../../api/apps/v1/index.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { FieldError } from '../../../api/field-errors.ts';
import type { ResourceStrategy, SubresourceStrategy } from '../strategy.ts';
import { defineStrategy, keepStatus, nextGeneration, statusSubresource, withGeneration } from './common.ts';

/**
 * The scale subresource writes only spec.replicas; everything else stays as stored, and the
 * generation moves as for any spec change.
 */
function scaleSubresource(validateUpdate: (next: KubeObject, previous: KubeObject) => FieldError[]): SubresourceStrategy {
  return {
    prepareForUpdate(next, previous) {
      const replicas = (next.spec as { replicas?: number } | undefined)?.replicas;
      const scaled = { ...previous, spec: { ...(previous.spec as object), replicas } };
      return nextGeneration(scaled, previous, replicas !== (previous.spec as { replicas?: number } | undefined)?.replicas);
    },
    validateUpdate,
  };
}

export function replicaSetStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultReplicaSet(o as ReplicaSet) as KubeObject,
    // status.replicas is not omitempty upstream, so an empty status reads {"replicas": 0}.
    prepareForCreate: (o) => withGeneration({ ...o, status: { replicas: 0 } }, 1),
    prepareForUpdate: (next, previous) =>
      nextGeneration(keepStatus(next, previous), previous, replicaSetGenerationChanged(next as ReplicaSet, previous as ReplicaSet)),
    validate: (o) => validateReplicaSet(o as ReplicaSet),
    validateUpdate: (next, previous) => validateReplicaSetUpdate(next as ReplicaSet, previous as ReplicaSet),
    subresources: {
      status: statusSubresource((next, previous) => validateReplicaSetStatusUpdate(next as ReplicaSet, previous as ReplicaSet)),
      scale: scaleSubresource((next, previous) => validateReplicaSetUpdate(next as ReplicaSet, previous as ReplicaSet)),
    },
    fieldValue: (o, field) => (field === 'status.replicas' ? String((o as ReplicaSet).status?.replicas ?? 0) : undefined),
  });
}

export function deploymentStrategy(info: ResourceInfo): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultDeployment(o as Deployment) as KubeObject,
    prepareForCreate: (o) => withGeneration({ ...o, status: {} }, 1),
    prepareForUpdate: (next, previous) =>
      nextGeneration(keepStatus(next, previous), previous, deploymentGenerationChanged(next as Deployment, previous as Deployment)),
    validate: (o) => validateDeployment(o as Deployment),
    validateUpdate: (next, previous) => validateDeploymentUpdate(next as Deployment, previous as Deployment),
    subresources: {
      status: statusSubresource((next, previous) => validateDeploymentStatusUpdate(next as Deployment, previous as Deployment), ['labels']),
      scale: scaleSubresource((next, previous) => validateDeploymentUpdate(next as Deployment, previous as Deployment)),
    },
  });
}
