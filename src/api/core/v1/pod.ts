// core/v1 Pod: a group of containers sharing a network identity. Pods are what a Service's
// selector matches and what its endpoints point at. The parts live in their own files; this one
// assembles the kinds and re-exports the parts so callers import from one place.
import { z } from 'zod';
import { ListMeta, ObjectMeta, TypeMetaFields, objectFields } from '../../meta/v1.ts';
import { apiType, field, required } from '../../schema/fields.ts';
import { PodSpec } from './pod-spec.ts';
import { PodStatus } from './pod-status.ts';

export * from './container.ts';
export * from './pod-references.ts';
export * from './pod-spec.ts';
export * from './pod-status.ts';
export * from './probe.ts';
export * from './volume.ts';

const ns = 'io.k8s.api.core.v1';

export const Pod = apiType(
  `${ns}.Pod`,
  'A group of containers that run together on one node and share one network identity.',
  z.object({
    ...objectFields,
    spec: field(PodSpec, 'The desired state of the Pod.'),
    status: field(PodStatus, 'The observed state of the Pod; written through the status subresource.'),
  }),
);
export type Pod = z.infer<typeof Pod>;

export const PodList = apiType(
  `${ns}.PodList`,
  'A list of Pods.',
  z.object({
    ...TypeMetaFields,
    metadata: field(ListMeta, 'Standard list metadata.'),
    items: required(z.array(Pod), 'The Pods.'),
  }),
);
export type PodList = z.infer<typeof PodList>;

export const PodTemplateSpec = apiType(
  `${ns}.PodTemplateSpec`,
  'The Pods a controller such as a ReplicaSet creates: their metadata and spec.',
  z.object({
    metadata: field(ObjectMeta, 'Labels and annotations given to each Pod.'),
    spec: field(PodSpec, 'The spec of each Pod.'),
  }),
);
export type PodTemplateSpec = z.infer<typeof PodTemplateSpec>;
