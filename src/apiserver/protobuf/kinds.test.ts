// Decoding of the served kinds no kubectl generator sends (they come from controllers and kubelets
// through client-go): status fields, conditions, special types in every position. Bodies are
// built from wire-shaped objects; the expected JSON is what Go's encoding/json prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeKubernetesProtobuf } from './decode.ts';
import { encodeMessage, kubernetesProtobuf } from './testing/encode.ts';
import { jsonDiff } from './testing/json-diff.ts';

const T = { seconds: 1704164645 }; // 2024-01-02T03:04:05Z
const T_JSON = '2024-01-02T03:04:05Z';
const MICRO = { seconds: 1704164645, nanos: 123_456_000 };
const MICRO_JSON = '2024-01-02T03:04:05.123456Z';
const q = (s: string) => ({ string: s });
const meta = (name: string) => ({ name, namespace: 'default', uid: 'u-1', resourceVersion: '5', creationTimestamp: T });
const META_JSON = (name: string) => ({ name, namespace: 'default', uid: 'u-1', resourceVersion: '5', creationTimestamp: T_JSON });

function decode(apiVersion: string, kind: string, typeName: string, value: Record<string, unknown>): Record<string, unknown> {
  const decoded = decodeKubernetesProtobuf(kubernetesProtobuf(apiVersion, kind, encodeMessage(typeName, value)));
  assert.deepEqual(decoded.unknownFields, []);
  return decoded.object;
}

function assertJson(actual: unknown, expected: unknown): void {
  assert.deepEqual(jsonDiff(actual, expected), []);
  assert.deepStrictEqual(actual, expected);
}

describe('served kinds', () => {
  it('Pod status with conditions, IPs and container states', () => {
    const pod = decode('v1', 'Pod', 'k8s.io.api.core.v1.Pod', {
      metadata: meta('p'),
      spec: { containers: [{ name: 'app', image: 'nginx' }], nodeName: 'n1' },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: {}, lastTransitionTime: T }],
        hostIP: '127.0.0.1',
        hostIPs: [{ ip: '127.0.0.1' }],
        podIP: '127.244.0.5',
        podIPs: [{ ip: '127.244.0.5' }],
        startTime: T,
        containerStatuses: [
          {
            name: 'app',
            state: { running: { startedAt: T } },
            lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: T, finishedAt: T } },
            ready: false,
            restartCount: 0,
            image: 'nginx',
            imageID: '',
            started: false,
          },
        ],
        qosClass: 'BestEffort',
      },
    });
    assertJson(pod, {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: META_JSON('p'),
      spec: { containers: [{ name: 'app', image: 'nginx', resources: {} }], nodeName: 'n1' },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: T_JSON }],
        hostIP: '127.0.0.1',
        hostIPs: [{ ip: '127.0.0.1' }],
        podIP: '127.244.0.5',
        podIPs: [{ ip: '127.244.0.5' }],
        startTime: T_JSON,
        containerStatuses: [
          {
            name: 'app',
            state: { running: { startedAt: T_JSON } },
            lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: T_JSON, finishedAt: T_JSON } },
            ready: false,
            restartCount: 0,
            image: 'nginx',
            imageID: '',
            started: false,
          },
        ],
        qosClass: 'BestEffort',
      },
    });
  });

  it('Endpoints', () => {
    const ep = decode('v1', 'Endpoints', 'k8s.io.api.core.v1.Endpoints', {
      metadata: meta('svc'),
      subsets: [
        {
          addresses: [{ ip: '127.244.0.5', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u-2' } }],
          notReadyAddresses: [{ ip: '127.244.0.6', hostname: 'h' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }],
        },
      ],
    });
    assertJson(ep, {
      kind: 'Endpoints',
      apiVersion: 'v1',
      metadata: META_JSON('svc'),
      subsets: [
        {
          addresses: [{ ip: '127.244.0.5', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u-2' } }],
          notReadyAddresses: [{ ip: '127.244.0.6', hostname: 'h' }],
          ports: [{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }],
        },
      ],
    });
  });

  it('Node spec and status, with quantities, conditions and the capitalised DaemonEndpoint.Port', () => {
    const node = decode('v1', 'Node', 'k8s.io.api.core.v1.Node', {
      metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' }, creationTimestamp: T },
      spec: { podCIDR: '127.244.0.0/24', podCIDRs: ['127.244.0.0/24'], taints: [{ key: 'k', effect: 'NoSchedule', timeAdded: T }] },
      status: {
        capacity: { cpu: q('4'), memory: q('8Gi'), pods: q('110') },
        allocatable: { cpu: q('3900m') },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: T, lastTransitionTime: T, reason: 'KubeletReady', message: 'ok' }],
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: { machineID: 'm', kubeletVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' },
      },
    });
    assertJson(node, {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { name: 'n1', creationTimestamp: T_JSON, labels: { 'kubernetes.io/hostname': 'n1' } },
      spec: { podCIDR: '127.244.0.0/24', podCIDRs: ['127.244.0.0/24'], taints: [{ key: 'k', effect: 'NoSchedule', timeAdded: T_JSON }] },
      status: {
        capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        allocatable: { cpu: '3900m' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: T_JSON, lastTransitionTime: T_JSON, reason: 'KubeletReady', message: 'ok' }],
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: 'm', systemUUID: '', bootID: '', kernelVersion: '', osImage: '', containerRuntimeVersion: '',
          kubeletVersion: 'v1.32.0', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
        },
      },
    });
  });

  it('Event with Time, MicroTime and the always-present reporting fields', () => {
    const event = decode('v1', 'Event', 'k8s.io.api.core.v1.Event', {
      metadata: meta('p.17a'),
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'p', apiVersion: 'v1' },
      reason: 'Started',
      message: 'Started container app',
      source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: T,
      lastTimestamp: T,
      count: 2,
      type: 'Normal',
      eventTime: MICRO,
      series: { count: 2, lastObservedTime: MICRO },
    });
    assertJson(event, {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: META_JSON('p.17a'),
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'p', apiVersion: 'v1' },
      reason: 'Started',
      message: 'Started container app',
      source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: T_JSON,
      lastTimestamp: T_JSON,
      count: 2,
      type: 'Normal',
      eventTime: MICRO_JSON,
      series: { count: 2, lastObservedTime: MICRO_JSON },
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('EndpointSlice, whose pointer fields keep explicit false, 0 and ""', () => {
    const slice = decode('discovery.k8s.io/v1', 'EndpointSlice', 'k8s.io.api.discovery.v1.EndpointSlice', {
      metadata: { name: 'svc-abc', generateName: 'svc-', labels: { 'kubernetes.io/service-name': 'svc' } },
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: ['127.244.0.5'],
          conditions: { ready: false, serving: true, terminating: false },
          hostname: '',
          nodeName: 'n1',
          zone: 'a',
          targetRef: { kind: 'Pod', name: 'p', namespace: 'default' },
          hints: { forZones: [{ name: 'a' }] },
        },
      ],
      ports: [{ name: '', port: 0, protocol: 'TCP' }],
    });
    assertJson(slice, {
      kind: 'EndpointSlice',
      apiVersion: 'discovery.k8s.io/v1',
      metadata: { name: 'svc-abc', generateName: 'svc-', creationTimestamp: null, labels: { 'kubernetes.io/service-name': 'svc' } },
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: ['127.244.0.5'],
          conditions: { ready: false, serving: true, terminating: false },
          hostname: '',
          targetRef: { kind: 'Pod', namespace: 'default', name: 'p' },
          nodeName: 'n1',
          zone: 'a',
          hints: { forZones: [{ name: 'a' }] },
        },
      ],
      ports: [{ name: '', protocol: 'TCP', port: 0 }],
    });
  });

  it('an EndpointSlice without endpoints or ports has them as null, as Go prints nil slices without omitempty', () => {
    const slice = decode('discovery.k8s.io/v1', 'EndpointSlice', 'k8s.io.api.discovery.v1.EndpointSlice', {
      metadata: { name: 'empty' },
      addressType: 'IPv4',
    });
    assertJson(slice, {
      kind: 'EndpointSlice',
      apiVersion: 'discovery.k8s.io/v1',
      metadata: { name: 'empty', creationTimestamp: null },
      addressType: 'IPv4',
      endpoints: null,
      ports: null,
    });
  });

  it('ReplicaSet with owner references, managed fields and status', () => {
    const rs = decode('apps/v1', 'ReplicaSet', 'k8s.io.api.apps.v1.ReplicaSet', {
      metadata: {
        ...meta('web-5d4f'),
        generation: 1,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u-d', controller: true, blockOwnerDeletion: true }],
        managedFields: [
          {
            manager: 'kube-controller-manager',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: T,
            fieldsType: 'FieldsV1',
            fieldsV1: { Raw: Buffer.from('{"f:spec":{"f:replicas":{}}}') },
          },
        ],
      },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
      status: { replicas: 0, observedGeneration: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: T, reason: 'FailedCreate' }] },
    });
    assertJson(rs, {
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
      metadata: {
        ...META_JSON('web-5d4f'),
        generation: 1,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u-d', controller: true, blockOwnerDeletion: true }],
        managedFields: [
          {
            manager: 'kube-controller-manager',
            operation: 'Update',
            apiVersion: 'apps/v1',
            time: T_JSON,
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          },
        ],
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
      },
      status: { replicas: 0, observedGeneration: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: T_JSON, reason: 'FailedCreate' }] },
    });
  });

  it('Deployment rolling update limits as IntOrString (percent and int)', () => {
    const d = decode('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: { type: 0, intVal: 0 }, maxSurge: { type: 1, strVal: '25%' } } },
        template: { spec: { containers: [{ name: 'c' }] } },
      },
      status: { conditions: [{ type: 'Available', status: 'True', lastUpdateTime: T, lastTransitionTime: T }], collisionCount: 0 },
    });
    assertJson(d.spec, {
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
      template: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: 'c', resources: {} }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    });
    assertJson(d.status, {
      conditions: [{ type: 'Available', status: 'True', lastUpdateTime: T_JSON, lastTransitionTime: T_JSON }],
      collisionCount: 0,
    });
  });

  it('Lease with MicroTime renewals and zero transitions', () => {
    const lease = decode('coordination.k8s.io/v1', 'Lease', 'k8s.io.api.coordination.v1.Lease', {
      metadata: { name: 'n1', namespace: 'kube-node-lease' },
      spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: MICRO, leaseTransitions: 0 },
    });
    assertJson(lease, {
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name: 'n1', namespace: 'kube-node-lease', creationTimestamp: null },
      spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: MICRO_JSON, leaseTransitions: 0 },
    });
  });

  it('Scale', () => {
    const scale = decode('autoscaling/v1', 'Scale', 'k8s.io.api.autoscaling.v1.Scale', {
      metadata: meta('web'),
      spec: { replicas: 5 },
      status: { replicas: 0, selector: 'app=web' },
    });
    assertJson(scale, {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: META_JSON('web'),
      spec: { replicas: 5 },
      status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('Service status with load-balancer ingress and conditions; Namespace status', () => {
    const svc = decode('v1', 'Service', 'k8s.io.api.core.v1.Service', {
      metadata: { name: 'lb' },
      spec: {
        type: 'LoadBalancer',
        ports: [{ port: 443, targetPort: { type: 1, strVal: 'https' }, nodePort: 30443, appProtocol: 'https' }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
        allocateLoadBalancerNodePorts: false,
        internalTrafficPolicy: 'Cluster',
      },
      status: {
        loadBalancer: { ingress: [{ ip: '127.0.0.5', ipMode: 'VIP', ports: [{ port: 443, protocol: 'TCP' }] }] },
        conditions: [{ type: 'Ready', status: 'True', observedGeneration: 1, lastTransitionTime: T, reason: 'Ok', message: '' }],
      },
    });
    assertJson(svc.spec, {
      ports: [{ appProtocol: 'https', port: 443, targetPort: 'https', nodePort: 30443 }],
      type: 'LoadBalancer',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      allocateLoadBalancerNodePorts: false,
      internalTrafficPolicy: 'Cluster',
    });
    assertJson(svc.status, {
      loadBalancer: { ingress: [{ ip: '127.0.0.5', ipMode: 'VIP', ports: [{ port: 443, protocol: 'TCP' }] }] },
      conditions: [{ type: 'Ready', status: 'True', observedGeneration: 1, lastTransitionTime: T_JSON, reason: 'Ok', message: '' }],
    });

    const ns = decode('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', {
      metadata: { name: 'old', deletionTimestamp: T, finalizers: ['kubernetes'] },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating', conditions: [{ type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: T }] },
    });
    assertJson(ns, {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'old', creationTimestamp: null, deletionTimestamp: T_JSON, finalizers: ['kubernetes'] },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating', conditions: [{ type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: T_JSON }] },
    });
  });

  it('Secret and ConfigMap: bytes maps as base64, immutable as an explicit *bool', () => {
    const secret = decode('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
      metadata: { name: 's' },
      immutable: false,
      data: { bin: Buffer.from([0, 255, 1]), empty: Buffer.alloc(0) },
      stringData: { plain: 'text' },
      type: 'Opaque',
    });
    assertJson(secret, {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 's', creationTimestamp: null },
      immutable: false,
      data: { bin: 'AP8B', empty: '' },
      stringData: { plain: 'text' },
      type: 'Opaque',
    });
  });
});
