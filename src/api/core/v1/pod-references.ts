// Small core/v1 shapes shared by containers and volumes: references to other objects in the
// Pod's namespace, downward-API selectors, and resource lists.
import { z } from 'zod';
import { apiType, bool, field, int32, quantity, required, str } from '../../schema/fields.ts';

const ns = 'io.k8s.api.core.v1';

/** A map from resource name (cpu, memory, example.com/gpu) to a quantity. */
export const resourceList = () => z.record(z.string(), quantity());
export type ResourceList = Record<string, string | number>;

export const LocalObjectReference = apiType(
  `${ns}.LocalObjectReference`,
  'Names another object in the same namespace as the object holding the reference.',
  z.object({ name: field(str(), 'Name of the referenced object.') }),
);
export type LocalObjectReference = z.infer<typeof LocalObjectReference>;

export const ObjectFieldSelector = apiType(
  `${ns}.ObjectFieldSelector`,
  'Picks one field of the Pod, e.g. metadata.name or status.podIP, for the downward API.',
  z.object({
    apiVersion: field(str(), 'API version the fieldPath is expressed in; v1 when not given.'),
    fieldPath: required(str(), "Path of the field to read, e.g. metadata.labels['app']."),
  }),
);
export type ObjectFieldSelector = z.infer<typeof ObjectFieldSelector>;

export const ResourceFieldSelector = apiType(
  `${ns}.ResourceFieldSelector`,
  "Picks one of a container's resource limits or requests, e.g. limits.memory, for the downward API.",
  z.object({
    containerName: field(str(), 'The container whose resources are read; required in volumes, optional in env.'),
    resource: required(str(), 'Which limit or request to read, e.g. requests.cpu.'),
    divisor: field(quantity(), 'Unit the value is divided by before it is written out; 1 when not given.'),
  }),
);
export type ResourceFieldSelector = z.infer<typeof ResourceFieldSelector>;

export const ConfigMapKeySelector = apiType(
  `${ns}.ConfigMapKeySelector`,
  'One key of a ConfigMap in the Pod namespace.',
  z.object({
    name: field(str(), 'Name of the ConfigMap.'),
    key: required(str(), 'The key whose value is used.'),
    optional: field(bool(), 'When true, a missing ConfigMap or key is not an error.'),
  }),
);
export type ConfigMapKeySelector = z.infer<typeof ConfigMapKeySelector>;

export const SecretKeySelector = apiType(
  `${ns}.SecretKeySelector`,
  'One key of a Secret in the Pod namespace.',
  z.object({
    name: field(str(), 'Name of the Secret.'),
    key: required(str(), 'The key whose value is used.'),
    optional: field(bool(), 'When true, a missing Secret or key is not an error.'),
  }),
);
export type SecretKeySelector = z.infer<typeof SecretKeySelector>;

export const KeyToPath = apiType(
  `${ns}.KeyToPath`,
  'Writes one key of a ConfigMap or Secret to a chosen file inside the volume.',
  z.object({
    key: required(str(), 'The key to write out.'),
    path: required(str(), "Relative file path inside the volume; may not be absolute or contain '..'."),
    mode: field(int32(), 'Permission bits of the file (0 to 0777); the volume defaultMode when not given.'),
  }),
);
export type KeyToPath = z.infer<typeof KeyToPath>;

/** Structs upstream marks `+structType=atomic`: replaced whole by server-side apply. */
export const atomicStructMeta = { 'x-kubernetes-map-type': 'atomic' } as const;
