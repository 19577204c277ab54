// OpenAPI components for the apply tests: the patch tests' components (shaped like the ones the
// apiserver generates) plus what server-side apply reads beyond them, set as upstream's
// k8s.io/api types set it: LabelSelector is `+structType=atomic`, ServiceSpec.selector is
// `+mapType=atomic`, ServicePort.protocol defaults to TCP, and the server-maintained ObjectMeta
// fields and Service status exist so the tests can check they are never owned.
import { components as patchComponents } from '../../patch/testdata/schemas.ts';
import { applySchemaForComponent } from '../apply-schema.ts';
import type { ApplySchema } from '../apply-schema.ts';

type Node = Record<string, unknown>;
const string = { type: 'string' };
const integer = { type: 'integer', format: 'int32' };
const stringMap = { type: 'object', additionalProperties: string };
const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });

function extend(name: string, properties: Node, extra: Node = {}): Node {
  const base = patchComponents[name] as Node;
  return { ...base, ...extra, properties: { ...(base['properties'] as Node), ...properties } };
}

export const components: Record<string, unknown> = {
  ...patchComponents,
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': extend('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', {
    uid: string,
    resourceVersion: string,
    generation: { type: 'integer', format: 'int64' },
    creationTimestamp: { type: 'string', format: 'date-time' },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, 'x-kubernetes-list-type': 'atomic' },
  }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': extend('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector', {}, { 'x-kubernetes-map-type': 'atomic' }),
  'io.k8s.api.apps.v1.DeploymentSpec': extend('io.k8s.api.apps.v1.DeploymentSpec', {
    revisionHistoryLimit: integer,
    progressDeadlineSeconds: integer,
  }),
  'io.k8s.api.core.v1.Service': extend('io.k8s.api.core.v1.Service', {
    status: { type: 'object', properties: { loadBalancer: { type: 'object', properties: { ingress: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'atomic' } } } } },
  }),
  'io.k8s.api.core.v1.ServiceSpec': extend('io.k8s.api.core.v1.ServiceSpec', {
    selector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
    internalTrafficPolicy: string,
    sessionAffinityConfig: { type: 'object', properties: { clientIP: { type: 'object', properties: { timeoutSeconds: integer } } } },
  }),
  'io.k8s.api.core.v1.ServicePort': extend('io.k8s.api.core.v1.ServicePort', { protocol: { ...string, default: 'TCP' } }),
  'io.k8s.api.core.v1.PodSpec': extend('io.k8s.api.core.v1.PodSpec', {
    nodeSelector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
    securityContext: ref('io.k8s.api.core.v1.PodSecurityContext'),
    dnsPolicy: string,
  }, { required: ['containers'] }),
  'io.k8s.api.core.v1.PodSecurityContext': { type: 'object', properties: { runAsUser: { type: 'integer', format: 'int64' } } },
  'io.k8s.api.core.v1.Container': extend('io.k8s.api.core.v1.Container', {
    imagePullPolicy: string,
    terminationMessagePath: string,
  }, { required: ['name'] }),
  'io.k8s.api.core.v1.ConfigMap': {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      data: stringMap,
    },
  },
};

export const deploymentSchema: ApplySchema = applySchemaForComponent('io.k8s.api.apps.v1.Deployment', components);
export const serviceSchema: ApplySchema = applySchemaForComponent('io.k8s.api.core.v1.Service', components);
