// core/v1 ObjectReference: a pointer at another object, by kind, namespace and name (and
// optionally uid and version). Endpoints and EndpointSlices point at their Pods with it, Events at
// the object they are about, a Binding at the Node a Pod goes to.
import { z } from 'zod';
import { apiType, field, str } from '../../schema/fields.ts';

// Upstream marks the struct atomic; like the other atomic structs, fields that hold one say so
// with atomicStructMeta (pod-references.ts).
export const ObjectReference = apiType(
  'io.k8s.api.core.v1.ObjectReference',
  'Identifies another object in the cluster, optionally a part of it.',
  z.object({
    kind: field(str(), 'Kind of the object pointed at, e.g. Pod.'),
    namespace: field(str(), 'Namespace of the object pointed at; empty for cluster-scoped kinds.'),
    name: field(str(), 'Name of the object pointed at.'),
    uid: field(str(), 'UID of the object pointed at, to tell it from a later object with the same name.'),
    apiVersion: field(str(), 'API version of the object pointed at, e.g. v1.'),
    resourceVersion: field(str(), 'The resourceVersion of the object this reference was made against, if any.'),
    fieldPath: field(
      str(),
      'A part of the object, when the reference is about a part: e.g. spec.containers{web} for one container of a Pod.',
    ),
  }),
);
export type ObjectReference = z.infer<typeof ObjectReference>;
