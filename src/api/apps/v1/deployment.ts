// apps/v1 Deployment: declares a Pod template and a replica count, and rolls Pods from one
// template to the next through ReplicaSets. kubesvc serves it because `kubectl create deployment`
// and `kubectl rollout` are how most people put Pods behind a Service.
import { z } from 'zod';
import { LabelSelector, ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { PodTemplateSpec } from '../../core/v1/pod.ts';
import { apiType, bool, field, int32, int64, intOrString, mergeByKey, required, str, time } from '../../schema/fields.ts';

const ns = 'io.k8s.api.apps.v1';

export const RollingUpdateDeployment = apiType(
  `${ns}.RollingUpdateDeployment`,
  'How far a rolling update may go below and above the desired number of Pods while it replaces them.',
  z.object({
    maxUnavailable: field(
      intOrString(),
      'How many desired Pods may be unavailable during the update: a count or a percentage of the desired Pods, rounded down. 25% when not given; cannot be 0 when maxSurge is 0.',
    ),
    maxSurge: field(
      intOrString(),
      'How many Pods may exist above the desired count during the update: a count or a percentage, rounded up. 25% when not given; cannot be 0 when maxUnavailable is 0.',
    ),
  }),
);
export type RollingUpdateDeployment = z.infer<typeof RollingUpdateDeployment>;

export const DeploymentStrategy = apiType(
  `${ns}.DeploymentStrategy`,
  'How old Pods are replaced when the template changes.',
  z.object({
    type: field(
      str(),
      'RollingUpdate (the default) replaces Pods gradually; Recreate removes all old Pods before creating new ones.',
    ),
    rollingUpdate: field(
      RollingUpdateDeployment,
      'Limits of a RollingUpdate; only allowed when type is RollingUpdate.',
    ),
  }),
);
export type DeploymentStrategy = z.infer<typeof DeploymentStrategy>;

export const DeploymentSpec = apiType(
  `${ns}.DeploymentSpec`,
  'The desired state of a Deployment.',
  z.object({
    replicas: field(int32(), 'How many Pods should run; 1 when not given.'),
    selector: required(
      LabelSelector,
      'Which Pods belong to this Deployment. Must match the template labels, must not be empty, and cannot change after creation.',
    ),
    template: required(PodTemplateSpec, 'The Pods to run. Its restartPolicy must be Always.'),
    strategy: field(DeploymentStrategy, 'How Pods of an old template are replaced by Pods of the new one.', {
      // Switching type to Recreate must clear rollingUpdate in the same patch.
      'x-kubernetes-patch-strategy': 'retainKeys',
    }),
    minReadySeconds: field(
      int32(),
      'Seconds a new Pod must stay ready, with no container crashing, before it counts as available; 0 when not given.',
    ),
    revisionHistoryLimit: field(int32(), 'How many old ReplicaSets are kept for rollback; 10 when not given.'),
    paused: field(bool(), 'When true, template changes are recorded but not rolled out.'),
    progressDeadlineSeconds: field(
      int32(),
      'Seconds a rollout may go without progress before the Progressing condition reports ProgressDeadlineExceeded; 600 when not given. Must exceed minReadySeconds.',
    ),
  }),
);
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;

export const DeploymentCondition = apiType(
  `${ns}.DeploymentCondition`,
  'One aspect of a Deployment, such as Available or Progressing, and whether it holds.',
  z.object({
    type: required(str(), 'Available, Progressing or ReplicaFailure.'),
    status: required(str(), 'True, False or Unknown.'),
    lastUpdateTime: field(time(), 'When the controller last wrote this condition.'),
    lastTransitionTime: field(time(), 'When the status last changed.'),
    reason: field(str(), 'One-word CamelCase reason of the last change, e.g. NewReplicaSetAvailable.'),
    message: field(str(), 'Human-readable details of the last change.'),
  }),
);
export type DeploymentCondition = z.infer<typeof DeploymentCondition>;

export const DeploymentStatus = apiType(
  `${ns}.DeploymentStatus`,
  'The observed state of a Deployment, written by the deployment controller.',
  z.object({
    observedGeneration: field(
      int64(),
      'The metadata.generation the controller last acted on; kubectl rollout status waits for it to catch up.',
    ),
    replicas: field(int32(), 'Pods, not terminating, whose labels match the selector.'),
    updatedReplicas: field(int32(), 'Pods, not terminating, that run the current template.'),
    readyReplicas: field(int32(), 'Pods, not terminating, whose Ready condition is True.'),
    availableReplicas: field(int32(), 'Pods, not terminating, that have been ready for at least minReadySeconds.'),
    unavailableReplicas: field(
      int32(),
      'Pods still missing for the Deployment to be fully available: not yet available, or not yet created.',
    ),
    terminatingReplicas: field(
      int32(),
      'Pods being deleted that have not yet finished (deletionTimestamp set, phase neither Succeeded nor Failed).',
    ),
    conditions: field(z.array(DeploymentCondition), 'The latest observations of the Deployment.', mergeByKey('type')),
    collisionCount: field(
      int32(),
      'Bumped by the controller when the name it derives for a new ReplicaSet is already taken, so the next name differs.',
    ),
  }),
);
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

export const Deployment = apiType(
  `${ns}.Deployment`,
  'Runs a number of identical Pods and rolls them to a new template when it changes.',
  z.object({
    ...objectFields,
    spec: field(DeploymentSpec, 'The desired state of the Deployment.'),
    status: field(DeploymentStatus, 'The observed state of the Deployment; written through the status subresource.'),
  }),
);
export type Deployment = z.infer<typeof Deployment>;

export const DeploymentList = apiType(
  `${ns}.DeploymentList`,
  'A list of Deployments.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Deployment), 'The Deployments.'),
  }),
);
export type DeploymentList = z.infer<typeof DeploymentList>;
