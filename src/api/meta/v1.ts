// meta.k8s.io/v1: the metadata every object carries, and the shapes shared by all kinds.
import { z } from 'zod';
import {
  apiType,
  bool,
  field,
  int32,
  int64,
  mergeByKey,
  preserved,
  required,
  setListMeta,
  str,
  stringMap,
  time,
} from '../schema/fields.ts';

const ns = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const OwnerReference = apiType(
  `${ns}.OwnerReference`,
  'Points at the object that owns this one. When every owner is gone, the garbage collector deletes the dependent.',
  z.object({
    apiVersion: required(str(), 'API version of the owner.'),
    kind: required(str(), 'Kind of the owner, e.g. ReplicaSet.'),
    name: required(str(), 'Name of the owner, in the same namespace as the dependent.'),
    uid: required(str(), 'UID of the owner; a new object with the same name is a different owner.'),
    controller: field(bool(), 'True on the one reference that points at the managing controller.'),
    blockOwnerDeletion: field(
      bool(),
      'When true and the owner is deleted in the foreground, the owner is removed only after this dependent is gone.',
    ),
  }),
);
export type OwnerReference = z.infer<typeof OwnerReference>;

export const ManagedFieldsEntry = apiType(
  `${ns}.ManagedFieldsEntry`,
  'Records which fields one field manager set, for server-side apply.',
  z.object({
    manager: field(str(), 'Name of the field manager (the fieldManager request parameter).'),
    operation: field(str(), 'Apply or Update: how the manager last wrote these fields.'),
    apiVersion: field(str(), 'API version the field set is expressed in.'),
    time: field(time(), 'When the manager last changed one of these fields.'),
    fieldsType: field(str(), 'Format of fieldsV1; always FieldsV1.'),
    fieldsV1: field(preserved(), 'The set of fields this manager owns, as a trie of field paths.'),
    subresource: field(str(), 'The subresource the write went to (e.g. status), or empty for the main resource.'),
  }),
);
export type ManagedFieldsEntry = z.infer<typeof ManagedFieldsEntry>;

export const ObjectMeta = apiType(
  `${ns}.ObjectMeta`,
  'Metadata every persisted object has: identity, labels, ownership and lifecycle.',
  z.object({
    name: field(str(), 'Unique name within the namespace (or the cluster, for cluster-scoped kinds). Cannot be changed.'),
    generateName: field(
      str(),
      'When name is empty, the server makes a unique name from this prefix plus five random characters.',
    ),
    namespace: field(str(), 'The namespace the object lives in; empty for cluster-scoped kinds. Cannot be changed.'),
    selfLink: field(str(), 'Deprecated; never set by the server.'),
    uid: field(str(), 'Unique identity assigned by the server at creation. Read-only.'),
    resourceVersion: field(
      str(),
      'Opaque version of this object, changed on every write. Send it back on update for optimistic concurrency.',
    ),
    generation: field(int64(), 'Sequence number of changes to the desired state (spec). Read-only.'),
    creationTimestamp: field(time(), 'When the server created the object (RFC 3339). Read-only.'),
    deletionTimestamp: field(
      time(),
      'Set when deletion was requested; the object goes away once its grace period ends and its finalizers are empty.',
    ),
    deletionGracePeriodSeconds: field(int64(), 'Seconds the object was given to terminate once deletion started.'),
    labels: field(stringMap(), 'Key/value pairs that selectors match against, e.g. a Service selecting its Pods.'),
    annotations: field(stringMap(), 'Arbitrary key/value metadata for tools; not used for selection.'),
    ownerReferences: field(z.array(OwnerReference), 'Objects this one depends on.', mergeByKey('uid')),
    finalizers: field(
      z.array(z.string()),
      'Names of actions that must finish before the object is removed. Deletion waits until this list is empty.',
      setListMeta,
    ),
    managedFields: field(z.array(ManagedFieldsEntry), 'Which field manager owns which fields (server-side apply).'),
  }),
);
export type ObjectMeta = z.infer<typeof ObjectMeta>;

export const ListMeta = apiType(
  `${ns}.ListMeta`,
  'Metadata of a list response.',
  z.object({
    selfLink: field(str(), 'Deprecated; never set by the server.'),
    resourceVersion: field(str(), 'The version of the collection this list reflects; watch from it to see later changes.'),
    continue: field(str(), 'Present when more items remain: pass it back as the continue parameter.'),
    remainingItemCount: field(int64(), 'How many items remain after this page, when known.'),
  }),
);
export type ListMeta = z.infer<typeof ListMeta>;

export const LabelSelectorRequirement = apiType(
  `${ns}.LabelSelectorRequirement`,
  'One condition on a label: the key, an operator and, for In and NotIn, values.',
  z.object({
    key: required(str(), 'The label key the condition applies to.'),
    operator: required(str(), 'In, NotIn, Exists or DoesNotExist.'),
    values: field(z.array(z.string()), 'Values for In and NotIn; must be empty for Exists and DoesNotExist.', {
      'x-kubernetes-list-type': 'atomic',
    }),
  }),
);

export const LabelSelector = apiType(
  `${ns}.LabelSelector`,
  'Selects objects by label. All conditions must hold; an empty selector matches everything.',
  z.object({
    matchLabels: field(stringMap(), 'Each key/value pair must be present as a label with that value.'),
    matchExpressions: field(z.array(LabelSelectorRequirement), 'Further conditions, all of which must hold.', {
      'x-kubernetes-list-type': 'atomic',
    }),
  }),
  // Upstream's +structType=atomic: a selector is replaced and owned as one value.
  { 'x-kubernetes-map-type': 'atomic' },
);
export type LabelSelector = z.infer<typeof LabelSelector>;

export const StatusCause = apiType(
  `${ns}.StatusCause`,
  'One reason a request failed, often tied to a field.',
  z.object({
    reason: field(str(), 'Machine-readable cause, e.g. FieldValueRequired.'),
    message: field(str(), 'Human-readable description of the cause.'),
    field: field(str(), 'Path of the field at fault, e.g. spec.ports[0].port.'),
  }),
);

export const StatusDetails = apiType(
  `${ns}.StatusDetails`,
  'Extra data about a failure.',
  z.object({
    name: field(str(), 'Name of the object the status is about.'),
    group: field(str(), 'API group of the object.'),
    kind: field(str(), 'Kind (or resource) of the object.'),
    uid: field(str(), 'UID of the object.'),
    causes: field(z.array(StatusCause), 'The individual causes of the failure.', { 'x-kubernetes-list-type': 'atomic' }),
    retryAfterSeconds: field(int32(), 'Seconds to wait before retrying.'),
  }),
);

export const Status = apiType(
  `${ns}.Status`,
  'The result of a request that does not return an object, most often an error.',
  z.object({
    kind: field(str(), 'Status.'),
    apiVersion: field(str(), 'v1.'),
    metadata: field(ListMeta, 'Standard list metadata.'),
    status: field(str(), 'Success or Failure.'),
    message: field(str(), 'Human-readable description.'),
    reason: field(str(), 'Machine-readable reason, e.g. NotFound or Invalid.'),
    details: field(StatusDetails, 'More data about the reason.'),
    code: field(int32(), 'The HTTP status code.'),
  }),
);
export type Status = z.infer<typeof Status>;

export const Preconditions = apiType(
  `${ns}.Preconditions`,
  'Conditions that must hold for a delete to go ahead.',
  z.object({
    uid: field(str(), 'The object must still have this UID.'),
    resourceVersion: field(str(), 'The object must still be at this resourceVersion.'),
  }),
);

export const DeleteOptions = apiType(
  `${ns}.DeleteOptions`,
  'Options of a delete request.',
  z.object({
    kind: field(str(), 'DeleteOptions.'),
    apiVersion: field(str(), 'v1 or meta.k8s.io/v1.'),
    gracePeriodSeconds: field(int64(), 'Seconds to give the object to terminate; 0 deletes at once.'),
    preconditions: field(Preconditions, 'Must hold for the delete to proceed.'),
    orphanDependents: field(bool(), 'Deprecated: use propagationPolicy=Orphan.'),
    propagationPolicy: field(str(), 'Orphan, Background or Foreground: what happens to dependents.'),
    dryRun: field(z.array(z.string()), 'All: validate the request but persist nothing.', {
      'x-kubernetes-list-type': 'atomic',
    }),
  }),
);
export type DeleteOptions = z.infer<typeof DeleteOptions>;

/** The common envelope of every object: apiVersion, kind, metadata. */
export const TypeMetaFields = {
  apiVersion: field(str(), 'The versioned schema of this representation, e.g. v1 or apps/v1.'),
  kind: field(str(), 'The kind of object this is, e.g. Service.'),
};

/** The fields of every object: type meta plus standard object metadata. */
export const objectFields = {
  ...TypeMetaFields,
  metadata: field(ObjectMeta, 'Standard object metadata.'),
};

/** Any stored object, seen only through its metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}
