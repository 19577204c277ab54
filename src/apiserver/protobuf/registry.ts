// The protobufjs Root built from this project's descriptors, and the table that maps an object's
// TypeMeta (apiVersion + kind) to its wire message. One entry per kind the API serves.
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import type { ProtoPackage } from './schema/descriptor.ts';
import { intstr, metaV1, resource, runtime } from './schema/meta-v1.ts';
import { coreV1 } from './schema/core-v1.ts';
import { coreV1Container } from './schema/core-v1-container.ts';
import { coreV1Pod } from './schema/core-v1-pod.ts';
import { coreV1PodStatus } from './schema/core-v1-pod-status.ts';
import { coreV1Volume } from './schema/core-v1-volume.ts';
import { appsV1, authenticationV1, authorizationV1, autoscalingV1, coordinationV1, discoveryV1 } from './schema/groups.ts';

export const PROTOBUF_PACKAGES: readonly ProtoPackage[] = [
  metaV1, runtime, intstr, resource,
  coreV1, coreV1Container, coreV1Pod, coreV1PodStatus, coreV1Volume,
  appsV1, discoveryV1, coordinationV1, autoscalingV1, authenticationV1, authorizationV1,
];

/** apiVersion → kind → fully qualified message name. */
const KIND_TABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    Namespace: 'k8s.io.api.core.v1.Namespace',
    Pod: 'k8s.io.api.core.v1.Pod',
    Service: 'k8s.io.api.core.v1.Service',
    Endpoints: 'k8s.io.api.core.v1.Endpoints',
    Node: 'k8s.io.api.core.v1.Node',
    Event: 'k8s.io.api.core.v1.Event',
    ConfigMap: 'k8s.io.api.core.v1.ConfigMap',
    Secret: 'k8s.io.api.core.v1.Secret',
  },
  'apps/v1': {
    Deployment: 'k8s.io.api.apps.v1.Deployment',
    ReplicaSet: 'k8s.io.api.apps.v1.ReplicaSet',
  },
  'discovery.k8s.io/v1': { EndpointSlice: 'k8s.io.api.discovery.v1.EndpointSlice' },
  'coordination.k8s.io/v1': { Lease: 'k8s.io.api.coordination.v1.Lease' },
  'autoscaling/v1': { Scale: 'k8s.io.api.autoscaling.v1.Scale' },
  'authentication.k8s.io/v1': { SelfSubjectReview: 'k8s.io.api.authentication.v1.SelfSubjectReview' },
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: 'k8s.io.api.authorization.v1.SelfSubjectAccessReview',
    SelfSubjectRulesReview: 'k8s.io.api.authorization.v1.SelfSubjectRulesReview',
  },
};

const DELETE_OPTIONS = 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions';
// client-go encodes DeleteOptions under the group version of the client that sends it (every
// group registers it), or under meta.k8s.io/v1.
const DELETE_OPTIONS_VERSIONS = new Set(['meta.k8s.io/v1', ...Object.keys(KIND_TABLE)]);

export interface ProtobufKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Every apiVersion/kind whose protobuf body can be decoded. */
export function protobufKinds(): ProtobufKind[] {
  const kinds = Object.entries(KIND_TABLE).flatMap(([apiVersion, byKind]) =>
    Object.keys(byKind).map((kind) => ({ apiVersion, kind })),
  );
  for (const apiVersion of DELETE_OPTIONS_VERSIONS) kinds.push({ apiVersion, kind: 'DeleteOptions' });
  return kinds;
}

export function messageNameFor(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return DELETE_OPTIONS_VERSIONS.has(apiVersion) ? DELETE_OPTIONS : undefined;
  return KIND_TABLE[apiVersion]?.[kind];
}

let root: protobuf.Root | undefined;

/** Builds (once) and returns the Root holding every declared message, fully resolved. */
export function protobufRoot(): protobuf.Root {
  if (!root) {
    const built = new protobuf.Root();
    for (const pkg of PROTOBUF_PACKAGES) built.define(pkg.name).addJSON(pkg.types);
    // Resolving up front turns a dangling type reference into a startup error, not a request error.
    built.resolveAll();
    root = built;
  }
  return root;
}

export function lookupMessage(fullName: string): Type {
  return protobufRoot().lookupType(fullName);
}
