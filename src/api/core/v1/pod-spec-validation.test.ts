import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from './pod.ts';
import { defaultPod } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';
import { container, err, errorsOf, labelRegex, podWith, runCases, type Spec } from './pod-validation.fixtures.ts';

const subdomainRegex =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const qualifiedNameRegex =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

runCases('validatePod: resources', [
  { name: 'requests at or below limits', change: (s) => (container(s).resources = { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }), expected: [] },
  {
    name: 'requests above limits',
    change: (s) => (container(s).resources = { limits: { cpu: '1' }, requests: { cpu: '1500m' } }),
    expected: [err('FieldValueInvalid', 'spec.containers[0].resources.requests', 'Invalid value: "1500m": must be less than or equal to cpu limit of 1')],
  },
  {
    // Defaulting copied the limit into requests, so both maps report it, as upstream does.
    name: 'an unknown unqualified resource',
    change: (s) => (container(s).resources = { limits: { gpu: '1' } }),
    expected: [
      err('FieldValueInvalid', 'spec.containers[0].resources.limits[gpu]', 'Invalid value: "gpu": must be a standard resource type or fully qualified'),
      err('FieldValueInvalid', 'spec.containers[0].resources.limits[gpu]', 'Invalid value: "gpu": must be a standard resource for containers'),
      err('FieldValueInvalid', 'spec.containers[0].resources.requests[gpu]', 'Invalid value: "gpu": must be a standard resource type or fully qualified'),
      err('FieldValueInvalid', 'spec.containers[0].resources.requests[gpu]', 'Invalid value: "gpu": must be a standard resource for containers'),
    ],
  },
  {
    name: 'extended resources are whole numbers and requests equal limits',
    change: (s) => (container(s).resources = { limits: { 'example.com/gpu': '2' }, requests: { 'example.com/gpu': '1' } }),
    expected: [err('FieldValueInvalid', 'spec.containers[0].resources.requests', 'Invalid value: "1": must be equal to example.com/gpu limit of 2')],
  },
  {
    name: 'quantities may not be negative',
    change: (s) => (container(s).resources = { requests: { memory: '-1Mi' } }),
    expected: [err('FieldValueInvalid', 'spec.containers[0].resources.requests[memory]', 'Invalid value: "-1Mi": must be greater than or equal to 0')],
  },
]);

runCases('validatePod: volumes and mounts', [
  {
    name: 'valid volumes and mounts',
    change: (s) => {
      s.volumes = [
        { name: 'data', emptyDir: {} },
        { name: 'conf', configMap: { name: 'web-conf', items: [{ key: 'nginx.conf', path: 'nginx.conf' }] } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      ];
      container(s).volumeMounts = [
        { name: 'data', mountPath: '/data' },
        { name: 'conf', mountPath: '/etc/nginx', readOnly: true },
        { name: 'info', mountPath: '/etc/podinfo' },
      ];
    },
    expected: [],
  },
  {
    name: 'volume names are unique',
    change: (s) => (s.volumes = [{ name: 'data', emptyDir: {} }, { name: 'data', emptyDir: {} }]),
    expected: [err('FieldValueDuplicate', 'spec.volumes[1].name', 'Duplicate value: "data"')],
  },
  {
    name: 'volume names are DNS labels',
    change: (s) => (s.volumes = [{ name: 'Data', emptyDir: {} }]),
    expected: [err('FieldValueInvalid', 'spec.volumes[0].name', `Invalid value: "Data": ${labelRegex}`)],
  },
  {
    name: 'exactly one source',
    change: (s) => (s.volumes = [{ name: 'data', emptyDir: {}, configMap: { name: 'x' } }]),
    expected: [err('FieldValueForbidden', 'spec.volumes[0].configMap', 'Forbidden: may not specify more than 1 volume type')],
  },
  {
    name: 'a mount must name a volume',
    change: (s) => (container(s).volumeMounts = [{ name: 'missing', mountPath: '/data' }]),
    expected: [err('FieldValueNotFound', 'spec.containers[0].volumeMounts[0].name', 'Not found: "missing"')],
  },
  {
    name: 'a mount of an invalid volume is not found either',
    change: (s) => {
      s.volumes = [{ name: 'cfg', configMap: {} }];
      container(s).volumeMounts = [{ name: 'cfg', mountPath: '/cfg' }];
    },
    expected: [
      err('FieldValueRequired', 'spec.volumes[0].configMap.name', 'Required value'),
      err('FieldValueNotFound', 'spec.containers[0].volumeMounts[0].name', 'Not found: "cfg"'),
    ],
  },
  {
    name: 'mount paths are unique',
    change: (s) => {
      s.volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }];
      container(s).volumeMounts = [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }];
    },
    expected: [err('FieldValueInvalid', 'spec.containers[0].volumeMounts[1].mountPath', 'Invalid value: "/data": must be unique')],
  },
  {
    name: 'hostPath needs a path without ..',
    change: (s) => (s.volumes = [{ name: 'h', hostPath: { path: '/var/../etc' } }]),
    expected: [err('FieldValueInvalid', 'spec.volumes[0].hostPath.path', "Invalid value: \"/var/../etc\": must not contain '..'")],
  },
  {
    name: 'configMap items have relative paths',
    change: (s) => (s.volumes = [{ name: 'c', configMap: { name: 'x', items: [{ key: 'k', path: '/abs' }] } }]),
    expected: [err('FieldValueInvalid', 'spec.volumes[0].configMap.items[0].path', 'Invalid value: "/abs": must be a relative path')],
  },
  {
    name: 'secret volumes need a secretName and a file mode up to 0777',
    change: (s) => (s.volumes = [{ name: 's', secret: { defaultMode: 1000 } }]),
    expected: [
      err('FieldValueRequired', 'spec.volumes[0].secret.secretName', 'Required value'),
      err('FieldValueInvalid', 'spec.volumes[0].secret.defaultMode', 'Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive'),
    ],
  },
  {
    name: 'a projected token needs a service account',
    change: (s) => (s.volumes = [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }]),
    expected: [
      err('FieldValueForbidden', 'spec.volumes[0].projected.sources[0].serviceAccountToken', 'Forbidden: must not be specified when serviceAccountName is not set'),
    ],
  },
  {
    name: 'downward API volume files are reported at the source path',
    change: (s) => (s.volumes = [{ name: 'd', downwardAPI: { items: [{ path: 'x' }] } }]),
    expected: [err('FieldValueRequired', 'spec.volumes[0].downwardAPI', 'Required value: one of fieldRef and resourceFieldRef is required')],
  },
]);

runCases('validatePod: pod-level fields', [
  {
    name: 'restartPolicy values',
    change: (s) => (s.restartPolicy = 'Sometimes'),
    expected: [err('FieldValueNotSupported', 'spec.restartPolicy', 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"')],
  },
  {
    name: 'dnsPolicy values',
    change: (s) => (s.dnsPolicy = 'Cluster'),
    expected: [
      err('FieldValueNotSupported', 'spec.dnsPolicy', 'Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'),
    ],
  },
  {
    name: 'dnsPolicy None needs a dnsConfig',
    change: (s) => (s.dnsPolicy = 'None'),
    expected: [err('FieldValueRequired', 'spec.dnsConfig', 'Required value: must provide `dnsConfig` when `dnsPolicy` is None')],
  },
  {
    name: 'dnsConfig nameservers are IPs',
    change: (s) => (s.dnsConfig = { nameservers: ['dns.local'], searches: ['svc.cluster.local.'], options: [{ name: 'ndots', value: '2' }] }),
    expected: [err('FieldValueInvalid', 'spec.dnsConfig.nameservers[0]', 'Invalid value: "dns.local": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')],
  },
  {
    name: 'hostname is a DNS label',
    change: (s) => (s.hostname = 'My_Host'),
    expected: [err('FieldValueInvalid', 'spec.hostname', `Invalid value: "My_Host": ${labelRegex}`)],
  },
  {
    name: 'subdomain is a DNS label',
    change: (s) => (s.subdomain = 'web.headless'),
    expected: [err('FieldValueInvalid', 'spec.subdomain', 'Invalid value: "web.headless": must not contain dots')],
  },
  {
    name: 'nodeSelector keys are label keys',
    change: (s) => (s.nodeSelector = { 'bad key': 'x' }),
    expected: [err('FieldValueInvalid', 'spec.nodeSelector', `Invalid value: "bad key": ${qualifiedNameRegex}`)],
  },
  {
    name: 'readiness gates are qualified names',
    change: (s) => (s.readinessGates = [{ conditionType: 'example.com/ready' }, { conditionType: '-bad' }]),
    expected: [err('FieldValueInvalid', 'spec.readinessGates[1].conditionType', `Invalid value: "-bad": ${qualifiedNameRegex}`)],
  },
  {
    name: 'activeDeadlineSeconds is positive',
    change: (s) => (s.activeDeadlineSeconds = 0),
    expected: [err('FieldValueInvalid', 'spec.activeDeadlineSeconds', 'Invalid value: 0: must be between 1 and 2147483647, inclusive')],
  },
  {
    name: 'serviceAccountName is a DNS subdomain',
    change: (s) => (s.serviceAccountName = 'Builder'),
    expected: [err('FieldValueInvalid', 'spec.serviceAccountName', `Invalid value: "Builder": ${subdomainRegex}`)],
  },
  {
    name: 'a toleration without key must use Exists',
    change: (s) => (s.tolerations = [{ operator: 'Equal', value: 'x' }, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.tolerations[0].operator',
        'Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ),
    ],
  },
  {
    name: 'hostAliases need IPs',
    change: (s) => (s.hostAliases = [{ ip: '127.0.0.1', hostnames: ['foo.local'] }, { ip: 'nope', hostnames: ['bar'] }]),
    expected: [err('FieldValueInvalid', 'spec.hostAliases[1].ip', 'Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')],
  },
  {
    name: 'ephemeral containers cannot be set on create',
    change: (s) => (s.ephemeralContainers = [{ name: 'debug', image: 'busybox' }]),
    expected: [err('FieldValueForbidden', 'spec.ephemeralContainers', 'Forbidden: cannot be set on create')],
  },
  {
    name: 'scheduling gates and nodeName exclude each other',
    change: (s) => {
      s.schedulingGates = [{ name: 'example.com/wait' }];
      s.nodeName = 'node-1';
    },
    expected: [err('FieldValueForbidden', 'spec.nodeName', 'Forbidden: cannot be set until all schedulingGates have been cleared')],
  },
  {
    name: 'os name is linux or windows',
    change: (s) => (s.os = { name: 'plan9' }),
    expected: [err('FieldValueNotSupported', 'spec.os', 'Unsupported value: "plan9": supported values: "linux", "windows"')],
  },
]);

describe('validatePod: without defaulting', () => {
  it('reports the fields defaulting would have filled in', () => {
    const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'v' }] } };
    assert.deepEqual(errorsOf(pod), [
      err('FieldValueRequired', 'spec.terminationGracePeriodSeconds', 'Required value'),
      err('FieldValueRequired', 'spec.volumes[0]', 'Required value: must specify a volume type'),
      err('FieldValueRequired', 'spec.containers[0].terminationMessagePolicy', 'Required value'),
      err('FieldValueRequired', 'spec.containers[0].imagePullPolicy', 'Required value'),
      err('FieldValueRequired', 'spec.restartPolicy', 'Required value'),
      err('FieldValueRequired', 'spec.dnsPolicy', 'Required value'),
    ]);
  });
});

describe('validatePodSpec: ephemeral containers (the ephemeralcontainers subresource)', () => {
  const base = defaultPod(podWith(() => {})).spec ?? {};
  const specWith = (ephemeral: NonNullable<Spec['ephemeralContainers']>): Spec =>
    defaultPod({ metadata: { name: 'p' }, spec: { ...structuredClone(base), ephemeralContainers: ephemeral } }).spec ?? {};
  const brief = (spec: Spec) => validatePodSpec(spec, 'spec').map(({ type, field, message }) => ({ type, field, message }));

  it('a debug container targeting a container', () => {
    assert.deepEqual(brief(specWith([{ name: 'debug', image: 'busybox', targetContainerName: 'web', stdin: true, tty: true }])), []);
  });
  it('ports, probes and lifecycle are not allowed; the target must exist; names are unique', () => {
    assert.deepEqual(
      brief(
        specWith([
          {
            name: 'web',
            image: 'busybox',
            targetContainerName: 'nope',
            ports: [{ containerPort: 80 }],
            readinessProbe: { exec: { command: ['true'] } },
            lifecycle: { preStop: { exec: { command: ['true'] } } },
            volumeMounts: [],
          },
        ]),
      ),
      [
        err('FieldValueDuplicate', 'spec.ephemeralContainers[0].name', 'Duplicate value: "web"'),
        err('FieldValueNotFound', 'spec.ephemeralContainers[0].targetContainerName', 'Not found: "nope"'),
        err('FieldValueForbidden', 'spec.ephemeralContainers[0].ports', 'Forbidden: cannot be set for an Ephemeral Container'),
        err('FieldValueForbidden', 'spec.ephemeralContainers[0].readinessProbe', 'Forbidden: cannot be set for an Ephemeral Container'),
        err('FieldValueForbidden', 'spec.ephemeralContainers[0].lifecycle', 'Forbidden: cannot be set for an Ephemeral Container'),
      ],
    );
  });
});

runCases('validatePod: devices, mount options, claims, resize policy', [
  {
    name: 'a block device needs a PVC volume',
    change: (s) => {
      s.volumes = [{ name: 'scratch', emptyDir: {} }];
      container(s).volumeDevices = [{ name: 'scratch', devicePath: '/dev/xvda' }];
    },
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].volumeDevices[0].name',
        'Invalid value: "scratch": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
      ),
    ],
  },
  {
    name: 'Bidirectional propagation needs a privileged container (reported without index, as upstream)',
    change: (s) => {
      s.volumes = [{ name: 'h', hostPath: { path: '/mnt' } }];
      container(s).volumeMounts = [{ name: 'h', mountPath: '/mnt', mountPropagation: 'Bidirectional' }];
    },
    expected: [
      err(
        'FieldValueForbidden',
        'spec.containers[0].volumeMounts.mountPropagation',
        'Forbidden: Bidirectional mount propagation is available only to privileged containers',
      ),
    ],
  },
  {
    name: 'subPath may not leave the volume',
    change: (s) => {
      s.volumes = [{ name: 'd', emptyDir: {} }];
      container(s).volumeMounts = [{ name: 'd', mountPath: '/d', subPath: '../etc' }];
    },
    expected: [err('FieldValueInvalid', 'spec.containers[0].volumeMounts.subPath', "Invalid value: \"../etc\": must not contain '..'")],
  },
  {
    name: 'a container claim must name a Pod resource claim',
    change: (s) => {
      s.resourceClaims = [{ name: 'gpu', resourceClaimTemplateName: 'gpu-template' }];
      container(s).resources = { claims: [{ name: 'gpu' }, { name: 'fpga' }] };
    },
    expected: [
      err(
        'FieldValueNotFound',
        'spec.containers[0].resources.claims[1]',
        'Not found: "fpga": must be one of the names in pod.spec.resourceClaims: gpu',
      ),
    ],
  },
  {
    name: 'a Pod resource claim names a claim or a template',
    change: (s) => (s.resourceClaims = [{ name: 'gpu' }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.resourceClaims[0]',
        'Invalid value: core.PodResourceClaim{Name:"gpu", ResourceClaimName:(*string)(nil), ResourceClaimTemplateName:(*string)(nil)}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`',
      ),
    ],
  },
  {
    name: 'resize policy resources and restart policies',
    change: (s) => (container(s).resizePolicy = [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }, { resourceName: 'disk', restartPolicy: 'Never' }]),
    expected: [
      err('FieldValueNotSupported', 'spec.containers[0].resizePolicy', 'Unsupported value: "disk": supported values: "cpu", "memory"'),
      err(
        'FieldValueNotSupported',
        'spec.containers[0].resizePolicy',
        'Unsupported value: "Never": supported values: "NotRequired", "RestartContainer"',
      ),
    ],
  },
  {
    name: 'hostUsers false excludes the host namespaces (paths spelled as upstream)',
    change: (s) => {
      s.hostUsers = false;
      s.hostPID = true;
    },
    expected: [err('FieldValueForbidden', 'spec.HostPID', 'Forbidden: when `pod.Spec.HostUsers` is false')],
  },
]);
