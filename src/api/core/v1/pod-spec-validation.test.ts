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
    name: 'an Exists toleration has no value; upstream reports the whole toleration',
    change: (s) => (s.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.tolerations[0].operator',
        'Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'',
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

const spread = (change: Partial<NonNullable<Spec['topologySpreadConstraints']>[number]> = {}) => ({
  maxSkew: 1,
  topologyKey: 'zone',
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...change,
});
const tsc = 'spec.topologySpreadConstraints[0]';

runCases('validatePod: topologySpreadConstraints', [
  { name: 'a valid constraint', change: (s) => (s.topologySpreadConstraints = [spread({ minDomains: 2, matchLabelKeys: ['pod-template-hash'] })]), expected: [] },
  {
    name: 'maxSkew, topologyKey and whenUnsatisfiable',
    change: (s) => (s.topologySpreadConstraints = [spread({ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Sometimes' })]),
    expected: [
      err('FieldValueInvalid', `${tsc}.maxSkew`, 'Invalid value: 0: must be greater than zero'),
      err('FieldValueRequired', `${tsc}.topologyKey`, 'Required value: can not be empty'),
      err('FieldValueNotSupported', `${tsc}.whenUnsatisfiable`, 'Unsupported value: "Sometimes": supported values: "DoNotSchedule", "ScheduleAnyway"'),
    ],
  },
  {
    name: 'a repeated {topologyKey, whenUnsatisfiable} pair is reported at the first',
    change: (s) => (s.topologySpreadConstraints = [spread(), spread({ maxSkew: 2 })]),
    expected: [err('FieldValueDuplicate', `${tsc}.{topologyKey, whenUnsatisfiable}`, 'Duplicate value: "{zone, DoNotSchedule}"')],
  },
  {
    name: 'minDomains must be positive and needs DoNotSchedule',
    change: (s) => (s.topologySpreadConstraints = [spread({ minDomains: 0, whenUnsatisfiable: 'ScheduleAnyway' })]),
    expected: [
      err('FieldValueInvalid', `${tsc}.minDomains`, 'Invalid value: 0: must be greater than zero'),
      err('FieldValueInvalid', `${tsc}.minDomains`, 'Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway'),
    ],
  },
  {
    name: 'node inclusion policies',
    change: (s) => (s.topologySpreadConstraints = [spread({ nodeAffinityPolicy: 'Maybe', nodeTaintsPolicy: 'honor' })]),
    expected: [
      err('FieldValueNotSupported', `${tsc}.nodeAffinityPolicy`, 'Unsupported value: "Maybe": supported values: "Honor", "Ignore"'),
      err('FieldValueNotSupported', `${tsc}.nodeTaintsPolicy`, 'Unsupported value: "honor": supported values: "Honor", "Ignore"'),
    ],
  },
  {
    name: 'matchLabelKeys may not repeat a selector key',
    change: (s) => (s.topologySpreadConstraints = [spread({ matchLabelKeys: ['app'] })]),
    expected: [err('FieldValueInvalid', `${tsc}.matchLabelKeys[0]`, 'Invalid value: "app": exists in both matchLabelKeys and labelSelector')],
  },
  {
    name: 'matchLabelKeys need a labelSelector',
    change: (s) => (s.topologySpreadConstraints = [spread({ labelSelector: undefined, matchLabelKeys: ['pod-template-hash'] })]),
    expected: [err('FieldValueForbidden', `${tsc}.matchLabelKeys`, 'Forbidden: must not be specified when labelSelector is not set')],
  },
  {
    name: 'the labelSelector is validated',
    change: (s) => (s.topologySpreadConstraints = [spread({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } })]),
    expected: [err('FieldValueRequired', `${tsc}.labelSelector.matchExpressions[0].values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'")],
  },
]);

const nodeAffinity = 'spec.affinity.nodeAffinity';
const podAffinity = 'spec.affinity.podAffinity';

runCases('validatePod: affinity', [
  {
    name: 'valid node and pod affinity',
    change: (s) =>
      (s.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'cores', operator: 'Gt', values: ['4'] }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }],
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'zone', namespaces: ['default'] } }],
        },
      }),
    expected: [],
  },
  {
    name: 'required node affinity needs a term',
    change: (s) => (s.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }),
    expected: [
      err('FieldValueRequired', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, 'Required value: must have at least one node selector term'),
    ],
  },
  {
    name: 'node selector requirements',
    change: (s) =>
      (s.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'zone', operator: 'In' },
                  { key: 'ssd', operator: 'Exists', values: ['x'] },
                  { key: 'cores', operator: 'Gt', values: ['1', '2'] },
                  { key: 'zone', operator: 'Near', values: ['a'] },
                  { key: 'zone', operator: 'In', values: ['not valid'] },
                ],
                matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['a', 'b'] }],
              },
            ],
          },
        },
      }),
    expected: [
      err('FieldValueRequired', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'"),
      err('FieldValueForbidden', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      err('FieldValueRequired', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values`, "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"),
      err('FieldValueInvalid', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].operator`, 'Invalid value: "Near": not a valid selector operator'),
      err(
        'FieldValueInvalid',
        `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].values[0]`,
        "Invalid value: \"not valid\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ),
      err('FieldValueRequired', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values`, "Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"),
      err('FieldValueInvalid', `${nodeAffinity}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key`, 'Invalid value: "metadata.uid": not a valid field selector key'),
    ],
  },
  {
    name: 'preferred terms: weight 1-100, label values not checked',
    change: (s) =>
      (s.affinity = {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['not valid'] }] } }],
        },
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'zone' } }] },
      }),
    expected: [
      err('FieldValueInvalid', `${nodeAffinity}.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, 'Invalid value: 0: must be in the range 1-100'),
      err('FieldValueInvalid', `${podAffinity}.preferredDuringSchedulingIgnoredDuringExecution[0].weight`, 'Invalid value: 101: must be in the range 1-100'),
    ],
  },
  {
    name: 'pod affinity terms: topologyKey, selectors, namespaces, label keys',
    change: (s) =>
      (s.affinity = {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              topologyKey: '',
              labelSelector: { matchLabels: { app: 'web' } },
              namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['a'] }] },
              namespaces: ['Bad'],
              matchLabelKeys: ['version'],
              mismatchLabelKeys: ['version'],
            },
          ],
        },
      }),
    expected: [
      err('FieldValueForbidden', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaceSelector.matchExpressions[0].values', "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      err('FieldValueInvalid', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace', `Invalid value: "Bad": ${labelRegex}`),
      err('FieldValueInvalid', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]', 'Invalid value: "version": exists in both matchLabelKeys and mismatchLabelKeys'),
      err('FieldValueRequired', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', 'Required value: can not be empty'),
      err('FieldValueInvalid', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', 'Invalid value: "": name part must be non-empty'),
      err('FieldValueInvalid', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', `Invalid value: "": ${qualifiedNameRegex}`),
    ],
  },
  {
    name: 'match label keys need a labelSelector',
    change: (s) => (s.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', matchLabelKeys: ['version'] }] } }),
    expected: [err('FieldValueForbidden', `${podAffinity}.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys`, 'Forbidden: must not be specified when labelSelector is not set')],
  },
]);

const sc = 'spec.containers[0].securityContext';

runCases('validatePod: container securityContext', [
  {
    name: 'a valid security context',
    change: (s) =>
      (container(s).securityContext = {
        runAsUser: 1000,
        runAsGroup: 2147483647,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' },
        appArmorProfile: { type: 'RuntimeDefault' },
      }),
    expected: [],
  },
  {
    name: 'user and group IDs are non-negative int32s',
    change: (s) => (container(s).securityContext = { runAsUser: -1, runAsGroup: 2147483648 }),
    expected: [
      err('FieldValueInvalid', `${sc}.runAsUser`, 'Invalid value: -1: must be between 0 and 2147483647, inclusive'),
      err('FieldValueInvalid', `${sc}.runAsGroup`, 'Invalid value: 2147483648: must be between 0 and 2147483647, inclusive'),
    ],
  },
  {
    name: 'procMount',
    change: (s) => (container(s).securityContext = { procMount: 'Masked' }),
    expected: [err('FieldValueNotSupported', `${sc}.procMount`, 'Unsupported value: "Masked": supported values: "Default", "Unmasked"')],
  },
  {
    name: 'an unmasked /proc needs a user namespace',
    change: (s) => (container(s).securityContext = { procMount: 'Unmasked' }),
    expected: [err('FieldValueInvalid', `${sc}.procMount`, 'Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`')],
  },
  {
    name: 'seccomp profiles',
    change: (s) => {
      container(s).securityContext = { seccompProfile: { type: 'Localhost' } };
      s.containers?.push(
        { name: 'b', image: 'nginx', securityContext: { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x.json' } } },
        { name: 'c', image: 'nginx', securityContext: { seccompProfile: { type: 'Custom' } } },
        { name: 'd', image: 'nginx', securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: '/abs.json' } } },
      );
    },
    expected: [
      err('FieldValueRequired', `${sc}.seccompProfile.localhostProfile`, 'Required value: must be set when seccomp type is Localhost'),
      err(
        'FieldValueInvalid',
        'spec.containers[1].securityContext.seccompProfile.localhostProfile',
        'Invalid value: core.SeccompProfile{Type:"RuntimeDefault", LocalhostProfile:(*string)(0xc000000000)}: can only be set when seccomp type is Localhost',
      ),
      err('FieldValueNotSupported', 'spec.containers[2].securityContext.seccompProfile.type', 'Unsupported value: "Custom": supported values: "Localhost", "RuntimeDefault", "Unconfined"'),
      err('FieldValueInvalid', 'spec.containers[3].securityContext.seccompProfile.localhostProfile', 'Invalid value: "/abs.json": must be a relative path'),
    ],
  },
  {
    name: 'AppArmor profiles',
    change: (s) => {
      container(s).securityContext = { appArmorProfile: { type: 'Localhost', localhostProfile: ' padded' } };
      s.containers?.push(
        { name: 'b', image: 'nginx', securityContext: { appArmorProfile: { type: 'Unconfined', localhostProfile: 'p' } } },
        { name: 'c', image: 'nginx', securityContext: { appArmorProfile: {} } },
      );
    },
    expected: [
      err('FieldValueInvalid', `${sc}.appArmorProfile.localhostProfile`, 'Invalid value: " padded": must not be padded with whitespace'),
      err('FieldValueInvalid', 'spec.containers[1].securityContext.appArmorProfile.localhostProfile', 'Invalid value: "p": can only be set when AppArmor type is Localhost'),
      err('FieldValueRequired', 'spec.containers[2].securityContext.appArmorProfile.type', 'Required value: type is required when appArmorProfile is set'),
    ],
  },
  {
    name: 'no privilege escalation contradicts privileged and CAP_SYS_ADMIN',
    change: (s) => (container(s).securityContext = { allowPrivilegeEscalation: false, privileged: true, capabilities: { add: ['CAP_SYS_ADMIN'] } }),
    expected: [
      err(
        'FieldValueInvalid',
        sc,
        'Invalid value: core.SecurityContext{Capabilities:(*core.Capabilities)(0xc000000000), Privileged:(*bool)(0xc000000000), SELinuxOptions:(*core.SELinuxOptions)(nil), WindowsOptions:(*core.WindowsSecurityContextOptions)(nil), RunAsUser:(*int64)(nil), RunAsGroup:(*int64)(nil), RunAsNonRoot:(*bool)(nil), ReadOnlyRootFilesystem:(*bool)(nil), AllowPrivilegeEscalation:(*bool)(0xc000000000), ProcMount:(*core.ProcMountType)(nil), SeccompProfile:(*core.SeccompProfile)(nil), AppArmorProfile:(*core.AppArmorProfile)(nil)}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
      ),
      err(
        'FieldValueInvalid',
        sc,
        'Invalid value: core.SecurityContext{Capabilities:(*core.Capabilities)(0xc000000000), Privileged:(*bool)(0xc000000000), SELinuxOptions:(*core.SELinuxOptions)(nil), WindowsOptions:(*core.WindowsSecurityContextOptions)(nil), RunAsUser:(*int64)(nil), RunAsGroup:(*int64)(nil), RunAsNonRoot:(*bool)(nil), ReadOnlyRootFilesystem:(*bool)(nil), AllowPrivilegeEscalation:(*bool)(0xc000000000), ProcMount:(*core.ProcMountType)(nil), SeccompProfile:(*core.SeccompProfile)(nil), AppArmorProfile:(*core.AppArmorProfile)(nil)}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
      ),
    ],
  },
]);

runCases('validatePod: pod securityContext IDs and profiles', [
  {
    name: 'IDs above MaxInt32 are rejected',
    change: (s) => (s.securityContext = { runAsUser: 2147483648, fsGroup: 4294967295, supplementalGroups: [2147483647, 3000000000] }),
    expected: [
      err('FieldValueInvalid', 'spec.securityContext.fsGroup', 'Invalid value: 4294967295: must be between 0 and 2147483647, inclusive'),
      err('FieldValueInvalid', 'spec.securityContext.runAsUser', 'Invalid value: 2147483648: must be between 0 and 2147483647, inclusive'),
      err('FieldValueInvalid', 'spec.securityContext.supplementalGroups[1]', 'Invalid value: 3000000000: must be between 0 and 2147483647, inclusive'),
    ],
  },
  {
    name: 'pod-level seccomp and AppArmor profiles',
    change: (s) => (s.securityContext = { seccompProfile: {}, appArmorProfile: { type: 'Enforce' } }),
    expected: [
      err('FieldValueRequired', 'spec.securityContext.seccompProfile.type', 'Required value: type is required when seccompProfile is set'),
      err('FieldValueNotSupported', 'spec.securityContext.appArmorProfile.type', 'Unsupported value: "Enforce": supported values: "Localhost", "RuntimeDefault", "Unconfined"'),
    ],
  },
]);
