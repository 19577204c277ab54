// apps/v1 ReplicaSet: keeps a number of Pods of one template running. Deployments create one per
// template revision; the replicaset controller creates and deletes the Pods.
import { z } from 'zod';
import { LabelSelector, ListMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { PodTemplateSpec } from '../../core/v1/pod.ts';
import { apiType, field, int32, int64, mergeByKey, required, str, time } from '../../schema/fields.ts';

const ns = 'io.k8s.api.apps.v1';

export const ReplicaSetSpec = apiType(
  `${ns}.ReplicaSetSpec`,
  'The desired state of a ReplicaSet.',
  z.object({
    replicas: field(int32(), 'How many Pods should run; 1 when not given.'),
    minReadySeconds: field(
      int32(),
      'Seconds a new Pod must stay ready, with no container crashing, before it counts as available; 0 when not given.',
    ),
    selector: required(
      LabelSelector,
      'Which Pods this ReplicaSet counts as its own. Must match the template labels, must not be empty, and cannot change after creation.',
    ),
    template: field(PodTemplateSpec, 'The Pods created when too few match the selector. Its restartPolicy must be Always.'),
  }),
);
export type ReplicaSetSpec = z.infer<typeof ReplicaSetSpec>;

export const ReplicaSetCondition = apiType(
  `${ns}.ReplicaSetCondition`,
  'One aspect of a ReplicaSet, such as ReplicaFailure, and whether it holds.',
  z.object({
    type: required(str(), 'The aspect observed, e.g. ReplicaFailure.'),
    status: required(str(), 'True, False or Unknown.'),
    lastTransitionTime: field(time(), 'When the status last changed.'),
    reason: field(str(), 'One-word CamelCase reason of the last change.'),
    message: field(str(), 'Human-readable details of the last change.'),
  }),
);
export type ReplicaSetCondition = z.infer<typeof ReplicaSetCondition>;

export const ReplicaSetStatus = apiType(
  `${ns}.ReplicaSetStatus`,
  'The observed state of a ReplicaSet, written by the replicaset controller.',
  z.object({
    replicas: required(int32(), 'Pods, not terminating, that the ReplicaSet owns.'),
    fullyLabeledReplicas: field(int32(), 'Owned Pods, not terminating, that carry every label of the template.'),
    readyReplicas: field(int32(), 'Owned Pods, not terminating, whose Ready condition is True.'),
    availableReplicas: field(int32(), 'Owned Pods, not terminating, that have been ready for at least minReadySeconds.'),
    terminatingReplicas: field(
      int32(),
      'Owned Pods being deleted that have not yet finished (deletionTimestamp set, phase neither Succeeded nor Failed).',
    ),
    observedGeneration: field(int64(), 'The metadata.generation the controller last acted on.'),
    conditions: field(z.array(ReplicaSetCondition), 'The latest observations of the ReplicaSet.', mergeByKey('type')),
  }),
);
export type ReplicaSetStatus = z.infer<typeof ReplicaSetStatus>;

export const ReplicaSet = apiType(
  `${ns}.ReplicaSet`,
  'Keeps a given number of Pods of one template running.',
  z.object({
    ...objectFields,
    spec: field(ReplicaSetSpec, 'The desired state of the ReplicaSet.'),
    status: field(ReplicaSetStatus, 'The observed state of the ReplicaSet; written through the status subresource.'),
  }),
);
export type ReplicaSet = z.infer<typeof ReplicaSet>;

export const ReplicaSetList = apiType(
  `${ns}.ReplicaSetList`,
  'A list of ReplicaSets.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(ReplicaSet), 'The ReplicaSets.'),
  }),
);
export type ReplicaSetList = z.infer<typeof ReplicaSetList>;
