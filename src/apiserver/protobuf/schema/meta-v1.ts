// Wire types from k8s.io/apimachinery: meta/v1, runtime, intstr and resource.
// Field numbers: staging/src/k8s.io/apimachinery/pkg/{apis/meta/v1,runtime,util/intstr,api/resource}/generated.proto.
// JSON semantics: the matching Go types (metav1.ObjectMeta etc.) and their json tags.
import {
  ALWAYS, PTR, VALUE, META, TIME,
  bool, bytes, i32, i64, list, mapOf, message, msg, str, strList,
  type ProtoPackage,
} from './descriptor.ts';

export const metaV1: ProtoPackage = {
  name: 'k8s.io.apimachinery.pkg.apis.meta.v1',
  types: {
    ObjectMeta: message({
      name: str(1),
      generateName: str(2),
      namespace: str(3),
      selfLink: str(4),
      uid: str(5),
      resourceVersion: str(6),
      generation: i64(7),
      // A value metav1.Time: Go always writes it, as null when zero (kubectl's "creationTimestamp": null).
      creationTimestamp: msg(TIME, 8, VALUE),
      deletionTimestamp: msg(TIME, 9),
      deletionGracePeriodSeconds: i64(10, PTR),
      labels: mapOf('string', 11),
      annotations: mapOf('string', 12),
      ownerReferences: list(`${META}OwnerReference`, 13),
      finalizers: strList(14),
      // 15 was clusterName (removed upstream); it is reported as an unknown field if sent.
      managedFields: list(`${META}ManagedFieldsEntry`, 17),
    }),
    OwnerReference: message({
      apiVersion: str(5, ALWAYS),
      kind: str(1, ALWAYS),
      name: str(3, ALWAYS),
      uid: str(4, ALWAYS),
      controller: bool(6, PTR),
      blockOwnerDeletion: bool(7, PTR),
    }),
    ManagedFieldsEntry: message({
      manager: str(1),
      operation: str(2),
      apiVersion: str(3),
      time: msg(TIME, 4),
      fieldsType: str(6),
      fieldsV1: msg(`${META}FieldsV1`, 7),
      subresource: str(8),
    }),
    /** Raw JSON of the field set; its JSON form is that JSON itself (see special-types.ts). */
    FieldsV1: message({ Raw: bytes(1) }),
    LabelSelector: message({
      matchLabels: mapOf('string', 1),
      matchExpressions: list(`${META}LabelSelectorRequirement`, 2),
    }),
    LabelSelectorRequirement: message({
      key: str(1, ALWAYS),
      operator: str(2, ALWAYS),
      values: strList(3),
    }),
    Time: message({ seconds: i64(1), nanos: i32(2) }),
    MicroTime: message({ seconds: i64(1), nanos: i32(2) }),
    Condition: message({
      type: str(1, ALWAYS),
      status: str(2, ALWAYS),
      observedGeneration: i64(3),
      lastTransitionTime: msg(TIME, 4, VALUE),
      reason: str(5, ALWAYS),
      message: str(6, ALWAYS),
    }),
    DeleteOptions: message({
      gracePeriodSeconds: i64(1, PTR),
      preconditions: msg(`${META}Preconditions`, 2),
      orphanDependents: bool(3, PTR),
      propagationPolicy: str(4, PTR),
      dryRun: strList(5),
      // ignoreStoreReadErrorWithClusterBreakingPotential (1.32) is not declared: its field number
      // could not be confirmed from upstream, so it is reported as an unknown field instead.
    }),
    Preconditions: message({
      uid: str(1, PTR),
      resourceVersion: str(2, PTR),
    }),
  },
};

export const runtime: ProtoPackage = {
  name: 'k8s.io.apimachinery.pkg.runtime',
  types: {
    TypeMeta: message({ apiVersion: str(1), kind: str(2) }),
    /** The envelope after the `k8s\0` magic: raw holds the object message named by typeMeta. */
    Unknown: message({
      typeMeta: msg('.k8s.io.apimachinery.pkg.runtime.TypeMeta', 1),
      raw: bytes(2),
      contentEncoding: str(3),
      contentType: str(4),
    }),
  },
};

export const intstr: ProtoPackage = {
  name: 'k8s.io.apimachinery.pkg.util.intstr',
  types: {
    /** type 0 = Int (intVal), 1 = String (strVal); JSON is the bare number or string. */
    IntOrString: message({ type: i64(1), intVal: i32(2), strVal: str(3) }),
  },
};

export const resource: ProtoPackage = {
  name: 'k8s.io.apimachinery.pkg.api.resource',
  types: {
    /** JSON is the bare string ("500m"). */
    Quantity: message({ string: str(1) }),
  },
};
