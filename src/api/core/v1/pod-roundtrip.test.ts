import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pod, PodTemplateSpec } from './pod.ts';
import { defaultPod } from './pod-defaults.ts';
import { validatePod } from './pod-validation.ts';

// Go decodes a JSON null into a zero value, i.e. as if the field were absent; the API server's
// decoder does the same before the schema sees the body. kubectl sends `creationTimestamp: null`.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

/** Parses and checks that nothing was dropped: zod strips unknown keys, so any loss is a missing field. */
function assertRoundTrip(schema: typeof Pod | typeof PodTemplateSpec, manifest: unknown): void {
  const input = withoutNulls(manifest);
  const result = schema.safeParse(input);
  assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues, null, 1));
  assert.deepEqual(result.data, input);
}

// `kubectl run web --image=nginx --port=80 -o json --dry-run=client` (kubectl v1.32).
const kubectlRunWeb = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'web', creationTimestamp: null, labels: { run: 'web' } },
  spec: {
    containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }],
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
  },
  status: {},
};

// `kubectl run dbg --image=busybox:1.36 --restart=Never --env=A=b --env=B=c --labels=app=x,tier=y
//  --annotations=note=hi --command -o json --dry-run=client -- sleep 3600`
const kubectlRunDbg = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'dbg', creationTimestamp: null, labels: { app: 'x', tier: 'y' }, annotations: { note: 'hi' } },
  spec: {
    containers: [
      {
        name: 'dbg',
        image: 'busybox:1.36',
        command: ['sleep', '3600'],
        env: [
          { name: 'A', value: 'b' },
          { name: 'B', value: 'c' },
        ],
        resources: {},
      },
    ],
    restartPolicy: 'Never',
    dnsPolicy: 'ClusterFirst',
  },
  status: {},
};

// A running Deployment Pod as `kubectl get pod -o json` prints it from kube-apiserver.
const servedPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d4b9c8f6d-x2k9p',
    generateName: 'web-7d4b9c8f6d-',
    namespace: 'default',
    uid: '5d3c1a2e-8f7b-4c6d-9e0a-1b2c3d4e5f60',
    resourceVersion: '48213',
    creationTimestamp: '2024-05-01T10:00:00Z',
    labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f6d', uid: '0a1b2c3d-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true },
    ],
    managedFields: [
      { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: '2024-05-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:generateName': {} } } },
      { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: '2024-05-01T10:00:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} }, subresource: 'status' },
    ],
  },
  spec: {
    volumes: [
      {
        name: 'kube-api-access-abcde',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      },
    ],
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
        volumeMounts: [{ name: 'kube-api-access-abcde', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        readinessProbe: { httpGet: { path: '/', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    nodeName: 'node-1',
    securityContext: {},
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    priority: 0,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:03Z' },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:00Z' },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:05Z' },
      { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:05Z' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:00Z' },
    ],
    hostIP: '172.18.0.2',
    hostIPs: [{ ip: '172.18.0.2' }],
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }],
    startTime: '2024-05-01T10:00:00Z',
    containerStatuses: [
      {
        name: 'nginx',
        state: { running: { startedAt: '2024-05-01T10:00:03Z' } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.25',
        imageID: 'docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
        containerID: 'containerd://2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a',
        started: true,
        volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }],
      },
    ],
    qosClass: 'Burstable',
  },
};

// Every modelled field at least once, and each kind of field kept as given.
const kitchenSink = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'all', namespace: 'default' },
  spec: {
    volumes: [
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'sec', secret: { secretName: 's', items: [{ key: 'k', path: 'p', mode: 256 }], defaultMode: 384, optional: true } },
      { name: 'cm', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }], defaultMode: 420, optional: false } },
      { name: 'claim', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' }, mode: 292 },
            { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
          ],
          defaultMode: 420,
        },
      },
      {
        name: 'proj',
        projected: {
          sources: [
            { secret: { name: 's', items: [{ key: 'a', path: 'a' }], optional: true } },
            { configMap: { name: 'c', optional: true } },
            { serviceAccountToken: { audience: 'vault', expirationSeconds: 600, path: 'vault-token' } },
            { clusterTrustBundle: { signerName: 'example.com/signer', labelSelector: { matchLabels: { a: 'b' } }, path: 'ca.pem' } },
            { podCertificate: { signerName: 'example.com/s', keyType: 'ED25519', credentialBundlePath: 'cred.pem' } },
          ],
          defaultMode: 420,
        },
      },
      { name: 'img', image: { reference: 'quay.io/org/data:v1', pullPolicy: 'IfNotPresent' } },
      { name: 'nfs', nfs: { server: 'nas.local', path: '/exports/a', readOnly: true } },
      { name: 'csi', csi: { driver: 'inline.storage.example.com', volumeAttributes: { size: '1Gi' }, nodePublishSecretRef: { name: 'x' } } },
      {
        name: 'eph',
        ephemeral: {
          volumeClaimTemplate: {
            metadata: { labels: { a: 'b' } },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'fast', volumeMode: 'Filesystem' },
          },
        },
      },
    ],
    initContainers: [
      {
        name: 'proxy',
        image: 'envoyproxy/envoy:v1.30',
        restartPolicy: 'Always',
        startupProbe: { tcpSocket: { port: 9901, host: '127.0.0.1' }, failureThreshold: 30, periodSeconds: 1 },
        resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
      },
    ],
    containers: [
      {
        name: 'app',
        image: 'example.com/app:2.1',
        command: ['/app'],
        args: ['--port=$(PORT)'],
        workingDir: '/srv',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP', hostPort: 18080, hostIP: '127.0.0.1' }],
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'c', optional: true } }, { secretRef: { name: 's' } }],
        env: [
          { name: 'PORT', value: '8080' },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'CM', valueFrom: { configMapKeyRef: { name: 'c', key: 'k', optional: true } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } },
          { name: 'FILE', valueFrom: { fileKeyRef: { volumeName: 'scratch', path: 'env', key: 'X', optional: false } } },
        ],
        resources: { limits: { cpu: '1', memory: '256Mi', 'example.com/gpu': '1' }, requests: { cpu: '250m' }, claims: [{ name: 'gpu', request: 'one' }] },
        resizePolicy: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }],
        restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
        volumeMounts: [
          { name: 'scratch', mountPath: '/tmp', subPath: 'a', mountPropagation: 'None' },
          { name: 'host', mountPath: '/host', readOnly: true, recursiveReadOnly: 'IfPossible', subPathExpr: '$(NODE)' },
        ],
        volumeDevices: [{ name: 'claim', devicePath: '/dev/xvda' }],
        livenessProbe: { exec: { command: ['cat', '/tmp/ok'] }, initialDelaySeconds: 5, terminationGracePeriodSeconds: 10 },
        readinessProbe: {
          httpGet: { path: '/ready', port: 'http', host: 'localhost', scheme: 'HTTPS', httpHeaders: [{ name: 'X-Probe', value: '1' }] },
        },
        startupProbe: { grpc: { port: 9000, service: 'app.Health' } },
        lifecycle: {
          postStart: { httpGet: { path: '/started', port: 8080 } },
          preStop: { sleep: { seconds: 5 } },
          stopSignal: 'SIGUSR1',
        },
        terminationMessagePath: '/tmp/msg',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        imagePullPolicy: 'Always',
        securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
        stdin: true,
        stdinOnce: true,
        tty: true,
      },
    ],
    ephemeralContainers: [{ name: 'debug', image: 'busybox', targetContainerName: 'app', stdin: true, tty: true }],
    restartPolicy: 'OnFailure',
    terminationGracePeriodSeconds: 45,
    activeDeadlineSeconds: 3600,
    dnsPolicy: 'None',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    nodeName: 'node-1',
    hostNetwork: false,
    hostPID: false,
    hostIPC: false,
    shareProcessNamespace: true,
    securityContext: { fsGroup: 2000, sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] },
    imagePullSecrets: [{ name: 'regcred' }],
    hostname: 'all',
    subdomain: 'headless',
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
    schedulerName: 'default-scheduler',
    tolerations: [{ operator: 'Exists' }],
    hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local'] }],
    priorityClassName: 'high',
    priority: 1000,
    dnsConfig: { nameservers: ['1.1.1.1'], searches: ['example.com'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
    readinessGates: [{ conditionType: 'example.com/lb-ready' }],
    runtimeClassName: 'gvisor',
    enableServiceLinks: false,
    preemptionPolicy: 'Never',
    overhead: { cpu: '10m' },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'all' } },
        minDomains: 2,
        nodeAffinityPolicy: 'Honor',
        nodeTaintsPolicy: 'Ignore',
        matchLabelKeys: ['pod-template-hash'],
      },
    ],
    setHostnameAsFQDN: true,
    os: { name: 'linux' },
    hostUsers: false,
    schedulingGates: [{ name: 'example.com/quota' }],
    resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'gpu-template' }, { name: 'net', resourceClaimName: 'shared-net' }],
    resources: { limits: { cpu: '2', memory: '1Gi' } },
    hostnameOverride: 'custom-host',
  },
  status: {
    observedGeneration: 1,
    phase: 'Failed',
    conditions: [{ type: 'Ready', observedGeneration: 1, status: 'False', lastProbeTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'PodFailed', message: 'done' }],
    message: 'Pod was active on the node longer than the specified deadline',
    reason: 'DeadlineExceeded',
    nominatedNodeName: 'node-2',
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
    podIP: '10.244.1.7',
    podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00:10:244::7' }],
    startTime: '2024-05-01T10:00:00Z',
    initContainerStatuses: [
      {
        name: 'proxy',
        state: { terminated: { exitCode: 137, signal: 9, reason: 'Error', message: 'killed', startedAt: '2024-05-01T10:00:01Z', finishedAt: '2024-05-01T11:00:00Z', containerID: 'containerd://a' } },
        lastState: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
        ready: false,
        restartCount: 3,
        image: 'docker.io/envoyproxy/envoy:v1.30',
        imageID: 'docker.io/envoyproxy/envoy@sha256:abc',
        containerID: 'containerd://a',
        started: false,
        allocatedResources: { cpu: '100m' },
        resources: { requests: { cpu: '100m' } },
        user: { linux: { uid: 0, gid: 0, supplementalGroups: [0, 10] } },
        allocatedResourcesStatus: [{ name: 'claim:gpu/one', resources: [{ resourceID: 'gpu-0', health: 'Healthy' }] }],
        stopSignal: 'SIGTERM',
      },
    ],
    containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } }, ready: false, restartCount: 0, image: 'example.com/app:2.1', imageID: '' }],
    qosClass: 'Burstable',
    ephemeralContainerStatuses: [{ name: 'debug', state: { running: { startedAt: '2024-05-01T10:30:00Z' } }, ready: false, restartCount: 0, image: 'busybox', imageID: 'x' }],
    resize: 'InProgress',
    resourceClaimStatuses: [{ name: 'gpu', resourceClaimName: 'all-gpu-xyz12' }],
    extendedResourceClaimStatus: { resourceClaimName: 'all-extended', requestMappings: [{ containerName: 'app', resourceName: 'example.com/gpu', requestName: 'r0' }] },
  },
};

// The template of `kubectl create deployment web --image=nginx --port=80 --dry-run=client -o json`.
const deploymentTemplate = {
  metadata: { creationTimestamp: null, labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
};

describe('Pod schema: round trip without loss', () => {
  it('kubectl run web --image=nginx --port=80', () => assertRoundTrip(Pod, kubectlRunWeb));
  it('kubectl run dbg ... --restart=Never --env --command', () => assertRoundTrip(Pod, kubectlRunDbg));
  it('a Pod as served by kube-apiserver', () => assertRoundTrip(Pod, servedPod));
  it('every modelled field, and preserved ones', () => assertRoundTrip(Pod, kitchenSink));
  it('a Deployment pod template', () => assertRoundTrip(PodTemplateSpec, deploymentTemplate));
  it('a defaulted Pod still parses without loss', () => {
    const parsed = Pod.parse(withoutNulls(kubectlRunWeb));
    assertRoundTrip(Pod, defaultPod(parsed));
  });
  it('the served Pod is valid and defaulting leaves it unchanged', () => {
    const parsed = Pod.parse(withoutNulls(servedPod));
    assert.deepEqual(defaultPod(parsed), parsed);
    assert.deepEqual(validatePod(parsed), []);
  });
});
