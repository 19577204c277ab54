import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiTypes } from '../../schema/fields.ts';
import { Container, Pod, PodSpec, PodStatus, PodTemplateSpec, Volume } from './pod.ts';

describe('Pod schema: decoding', () => {
  it('fields Go serialises as null decode: grpc.service and projected.sources', () => {
    const container = { name: 'c', image: 'x', livenessProbe: { grpc: { port: 9000, service: null } } };
    assert.ok(Container.safeParse(container).success);
    assert.ok(Volume.safeParse({ name: 'p', projected: { sources: null } }).success);
  });
  it('unknown fields are dropped, as kube-apiserver drops them', () => {
    const parsed = Container.parse({ name: 'c', image: 'x', imagePullPolicey: 'Always' });
    assert.deepEqual(parsed, { name: 'c', image: 'x' });
  });
  it('wrong types are rejected', () => {
    assert.equal(PodSpec.safeParse({ containers: [{ name: 'c', ports: [{ containerPort: '80' }] }] }).success, false);
    assert.equal(PodStatus.safeParse({ podIPs: ['10.0.0.1'] }).success, false);
  });
  it('quantities may be strings or numbers; ports may be numbers or names', () => {
    assert.ok(Container.safeParse({ name: 'c', resources: { limits: { cpu: 1, memory: '1Gi' } }, readinessProbe: { httpGet: { port: 'http' } } }).success);
  });
});

describe('Pod schema: OpenAPI metadata', () => {
  const cases: [name: string, schema: object, id: string][] = [
    ['Pod', Pod, 'io.k8s.api.core.v1.Pod'],
    ['PodSpec', PodSpec, 'io.k8s.api.core.v1.PodSpec'],
    ['PodStatus', PodStatus, 'io.k8s.api.core.v1.PodStatus'],
    ['Container', Container, 'io.k8s.api.core.v1.Container'],
    ['Volume', Volume, 'io.k8s.api.core.v1.Volume'],
    ['PodTemplateSpec', PodTemplateSpec, 'io.k8s.api.core.v1.PodTemplateSpec'],
  ];
  for (const [name, schema, id] of cases) {
    it(`${name} is registered as ${id}`, () => assert.equal(apiTypes.get(schema as typeof Pod)?.id, id));
  }

  const patchCases: [name: string, meta: Record<string, unknown> | undefined, expected: Record<string, unknown>][] = [
    ['containers merge by name', PodSpec.shape.containers.meta(), { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' }],
    ['volumes merge by name and retain keys', PodSpec.shape.volumes.meta(), { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' }],
    [
      'ports merge by containerPort, keyed by containerPort and protocol',
      Container.shape.ports.meta(),
      { 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] },
    ],
    ['env merges by name', Container.shape.env.meta(), { 'x-kubernetes-patch-merge-key': 'name' }],
    ['volumeMounts merge by mountPath', Container.shape.volumeMounts.meta(), { 'x-kubernetes-patch-merge-key': 'mountPath' }],
    ['envFrom is atomic', Container.shape.envFrom.meta(), { 'x-kubernetes-list-type': 'atomic' }],
    ['tolerations are atomic', PodSpec.shape.tolerations.meta(), { 'x-kubernetes-list-type': 'atomic' }],
    ['hostAliases merge by ip', PodSpec.shape.hostAliases.meta(), { 'x-kubernetes-patch-merge-key': 'ip' }],
    ['imagePullSecrets merge by name', PodSpec.shape.imagePullSecrets.meta(), { 'x-kubernetes-patch-merge-key': 'name' }],
    ['status conditions merge by type', PodStatus.shape.conditions.meta(), { 'x-kubernetes-patch-merge-key': 'type' }],
    ['podIPs merge by ip', PodStatus.shape.podIPs.meta(), { 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-list-type': 'map' }],
    ['hostIPs merge by ip but are atomic for apply', PodStatus.shape.hostIPs.meta(), { 'x-kubernetes-patch-merge-key': 'ip', 'x-kubernetes-list-type': 'atomic' }],
    ['nodeSelector is an atomic map', PodSpec.shape.nodeSelector.meta(), { 'x-kubernetes-map-type': 'atomic' }],
    ['containers are marked required', PodSpec.shape.containers.meta(), { 'x-kubesvc-required': true }],
  ];
  for (const [name, meta, expected] of patchCases) {
    it(name, () => {
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(meta?.[key], value, key);
    });
  }
});
