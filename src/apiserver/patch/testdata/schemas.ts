// Hand-written OpenAPI v3 components for the patch tests, shaped like the ones the apiserver
// generates. Merge keys and strategies follow the table in kube-api-compat.md §4 (which mirrors
// the struct tags in k8s.io/api). `mergeItem` mirrors the test type of upstream's strategicpatch
// tests, whose documented behaviour the SMP tests check.
import { patchSchemaForComponent } from '../schema.ts';
import type { PatchSchema } from '../schema.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
// k8s puts a field's extensions next to an allOf-wrapped $ref.
const refField = (name: string, extensions: Record<string, unknown> = {}) => ({ allOf: [ref(name)], ...extensions });
const string = { type: 'string' };
const integer = { type: 'integer', format: 'int32' };
const stringMap = { type: 'object', additionalProperties: string };
const mergeList = (item: unknown, mergeKey: string, strategy = 'merge') => ({
  type: 'array',
  items: item,
  'x-kubernetes-patch-strategy': strategy,
  'x-kubernetes-patch-merge-key': mergeKey,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': [mergeKey],
});
const atomicList = (item: unknown) => ({ type: 'array', items: item, 'x-kubernetes-list-type': 'atomic' });

export const components: Record<string, unknown> = {
  mergeItem: {
    type: 'object',
    properties: {
      name: string,
      value: string,
      other: string,
      mergingList: mergeList(ref('mergeItem'), 'name'),
      nonMergingList: { type: 'array', items: ref('mergeItem') },
      mergingIntList: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-patch-strategy': 'merge' },
      nonMergingIntList: { type: 'array', items: { type: 'integer' } },
      mergeItemPtr: mergeList(ref('mergeItem'), 'name'),
      simpleMap: stringMap,
      replacingItem: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-patch-strategy': 'replace' },
      retainKeysMap: refField('retainKeysMergeItem', { 'x-kubernetes-patch-strategy': 'retainKeys' }),
      retainKeysMergingList: mergeList(ref('mergeItem'), 'name', 'merge,retainKeys'),
    },
  },
  retainKeysMergeItem: {
    type: 'object',
    properties: {
      name: string,
      value: string,
      other: string,
      simpleMap: stringMap,
      mergingIntList: { type: 'array', items: { type: 'integer' }, 'x-kubernetes-patch-strategy': 'merge' },
      mergingList: mergeList(ref('mergeItem'), 'name'),
      nonMergingList: { type: 'array', items: ref('mergeItem') },
    },
  },

  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    type: 'object',
    properties: {
      name: string,
      namespace: string,
      labels: stringMap,
      annotations: stringMap,
      finalizers: {
        type: 'array',
        items: string,
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'set',
      },
      ownerReferences: mergeList(ref('io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference'), 'uid'),
    },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': {
    type: 'object',
    properties: { apiVersion: string, kind: string, name: string, uid: string, controller: { type: 'boolean' } },
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    type: 'object',
    properties: { matchLabels: stringMap, matchExpressions: atomicList({ type: 'object' }) },
  },
  'io.k8s.api.core.v1.Pod': {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: refField('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: refField('io.k8s.api.core.v1.PodSpec'),
      status: refField('io.k8s.api.core.v1.PodStatus'),
    },
  },
  'io.k8s.api.core.v1.PodTemplateSpec': {
    type: 'object',
    properties: {
      metadata: refField('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: refField('io.k8s.api.core.v1.PodSpec'),
    },
  },
  'io.k8s.api.core.v1.PodSpec': {
    type: 'object',
    properties: {
      containers: mergeList(ref('io.k8s.api.core.v1.Container'), 'name'),
      initContainers: mergeList(ref('io.k8s.api.core.v1.Container'), 'name'),
      volumes: mergeList(ref('io.k8s.api.core.v1.Volume'), 'name', 'merge,retainKeys'),
      imagePullSecrets: mergeList(ref('io.k8s.api.core.v1.LocalObjectReference'), 'name'),
      nodeSelector: stringMap,
      restartPolicy: string,
      terminationGracePeriodSeconds: { type: 'integer', format: 'int64' },
    },
  },
  'io.k8s.api.core.v1.Container': {
    type: 'object',
    properties: {
      name: string,
      image: string,
      command: atomicList(string),
      args: atomicList(string),
      ports: {
        ...mergeList(ref('io.k8s.api.core.v1.ContainerPort'), 'containerPort'),
        'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      },
      env: mergeList(ref('io.k8s.api.core.v1.EnvVar'), 'name'),
      envFrom: atomicList({ type: 'object' }),
      volumeMounts: mergeList(ref('io.k8s.api.core.v1.VolumeMount'), 'mountPath'),
      resources: { type: 'object', properties: { limits: stringMap, requests: stringMap } },
    },
  },
  'io.k8s.api.core.v1.ContainerPort': {
    type: 'object',
    properties: { name: string, containerPort: integer, protocol: string, hostPort: integer },
  },
  'io.k8s.api.core.v1.EnvVar': {
    type: 'object',
    properties: { name: string, value: string, valueFrom: { type: 'object', additionalProperties: { type: 'object' } } },
  },
  'io.k8s.api.core.v1.VolumeMount': { type: 'object', properties: { name: string, mountPath: string, readOnly: { type: 'boolean' } } },
  'io.k8s.api.core.v1.LocalObjectReference': { type: 'object', properties: { name: string } },
  'io.k8s.api.core.v1.Volume': {
    type: 'object',
    properties: {
      name: string,
      emptyDir: { type: 'object', properties: { medium: string, sizeLimit: string } },
      configMap: { type: 'object', properties: { name: string, defaultMode: integer } },
      secret: { type: 'object', properties: { secretName: string, defaultMode: integer } },
      hostPath: { type: 'object', properties: { path: string, type: string } },
    },
  },
  'io.k8s.api.core.v1.PodStatus': {
    type: 'object',
    properties: {
      phase: string,
      conditions: mergeList(ref('io.k8s.api.core.v1.PodCondition'), 'type'),
      podIPs: mergeList({ type: 'object', properties: { ip: string } }, 'ip'),
    },
  },
  'io.k8s.api.core.v1.PodCondition': { type: 'object', properties: { type: string, status: string, reason: string } },
  'io.k8s.api.apps.v1.Deployment': {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: refField('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: refField('io.k8s.api.apps.v1.DeploymentSpec'),
      status: refField('io.k8s.api.apps.v1.DeploymentStatus'),
    },
  },
  'io.k8s.api.apps.v1.DeploymentSpec': {
    type: 'object',
    properties: {
      replicas: integer,
      selector: refField('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'),
      template: refField('io.k8s.api.core.v1.PodTemplateSpec'),
      strategy: refField('io.k8s.api.apps.v1.DeploymentStrategy', { 'x-kubernetes-patch-strategy': 'retainKeys' }),
      minReadySeconds: integer,
    },
  },
  'io.k8s.api.apps.v1.DeploymentStrategy': {
    type: 'object',
    properties: {
      type: string,
      rollingUpdate: { type: 'object', properties: { maxSurge: { 'x-kubernetes-int-or-string': true }, maxUnavailable: { 'x-kubernetes-int-or-string': true } } },
    },
  },
  'io.k8s.api.apps.v1.DeploymentStatus': {
    type: 'object',
    properties: { replicas: integer, conditions: mergeList({ type: 'object', properties: { type: string, status: string } }, 'type') },
  },
  'io.k8s.api.core.v1.Service': {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: refField('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      spec: refField('io.k8s.api.core.v1.ServiceSpec'),
    },
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: 'object',
    properties: {
      type: string,
      selector: stringMap,
      clusterIP: string,
      clusterIPs: atomicList(string),
      ipFamilies: atomicList(string),
      externalIPs: atomicList(string),
      ports: {
        ...mergeList(ref('io.k8s.api.core.v1.ServicePort'), 'port'),
        'x-kubernetes-list-map-keys': ['port', 'protocol'],
      },
      sessionAffinity: string,
    },
  },
  'io.k8s.api.core.v1.ServicePort': {
    type: 'object',
    properties: { name: string, protocol: string, port: integer, targetPort: { 'x-kubernetes-int-or-string': true }, nodePort: integer },
  },
};

export const mergeItemSchema: PatchSchema = patchSchemaForComponent('mergeItem', components);
export const podSchema: PatchSchema = patchSchemaForComponent('io.k8s.api.core.v1.Pod', components);
export const deploymentSchema: PatchSchema = patchSchemaForComponent('io.k8s.api.apps.v1.Deployment', components);
export const serviceSchema: PatchSchema = patchSchemaForComponent('io.k8s.api.core.v1.Service', components);
