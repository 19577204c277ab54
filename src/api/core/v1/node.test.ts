import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { defaultNode, Node } from './node.ts';
import { validateNode, validateNodeUpdate } from './node-validation.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));
type Expected = ReturnType<typeof shape>;

const stored: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'node-1',
    uid: '0b1f6c3e-2d4a-4c61-9a8e-5f0d7b2c1a90',
    resourceVersion: '7',
    creationTimestamp: '2025-01-01T00:00:00Z',
    labels: { 'kubernetes.io/hostname': 'node-1', 'topology.kubernetes.io/zone': 'zone-a' },
  },
  spec: {
    podCIDR: '10.244.1.0/24',
    podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'],
    providerID: 'kubesvc://node-1',
    unschedulable: false,
    taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-01-01T00:01:00Z' }],
    configSource: { configMap: { namespace: 'kube-system', name: 'node-config', kubeletConfigKey: 'kubelet' } },
    externalID: 'node-1',
  },
  status: {
    capacity: { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' },
    allocatable: { cpu: '3800m', memory: '7Gi', pods: '110', 'ephemeral-storage': '90Gi' },
    phase: 'Running',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: '2025-01-01T00:05:00Z',
        lastTransitionTime: '2025-01-01T00:00:10Z',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      },
    ],
    addresses: [
      { type: 'InternalIP', address: '10.0.0.11' },
      { type: 'Hostname', address: 'node-1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: 'ec2a1d1e8d2f4a7b9c3e5f6a7b8c9d0e',
      systemUUID: 'EC2A1D1E-8D2F-4A7B-9C3E-5F6A7B8C9D0E',
      bootID: '5b3a4c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
      kernelVersion: '6.1.0-18-amd64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'kubesvc://0.1.0',
      kubeletVersion: 'v1.32.0-kubesvc',
      kubeProxyVersion: 'v1.32.0-kubesvc',
      operatingSystem: 'linux',
      architecture: 'amd64',
      swap: { capacity: 0 },
    },
    images: [{ names: ['registry.example/app@sha256:abc', 'registry.example/app:1.0'], sizeBytes: 12_345_678 }],
    volumesInUse: ['kubernetes.io/csi/driver^vol-1'],
    volumesAttached: [{ name: 'kubernetes.io/csi/driver^vol-1', devicePath: '/dev/xvdb' }],
    config: {
      assigned: { configMap: { namespace: 'kube-system', name: 'node-config', uid: 'u1', resourceVersion: '3', kubeletConfigKey: 'kubelet' } },
      error: '',
    },
    runtimeHandlers: [{ name: '', features: { recursiveReadOnlyMounts: true, userNamespaces: false } }],
    features: { supplementalGroupsPolicy: true },
  },
};

const minimal = (extra: Partial<Node> = {}): Node => ({ metadata: { name: 'n1' }, ...extra });

describe('Node schema', () => {
  it('round-trips a full node without losing a field', () => {
    const parsed = Node.safeParse(stored);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), stored);
  });
});

describe('defaultNode', () => {
  it('copies capacity to a missing allocatable, and only then', () => {
    assert.deepEqual(defaultNode(minimal({ status: { capacity: { cpu: '2' } } })).status, {
      capacity: { cpu: '2' },
      allocatable: { cpu: '2' },
    });
    assert.deepEqual(defaultNode(stored).status, stored.status);
  });

  it('keeps podCIDR and podCIDRs in step', () => {
    assert.deepEqual(defaultNode(minimal({ spec: { podCIDR: '10.244.0.0/24' } })).spec, {
      podCIDR: '10.244.0.0/24',
      podCIDRs: ['10.244.0.0/24'],
    });
    assert.deepEqual(defaultNode(minimal({ spec: { podCIDR: 'stale', podCIDRs: ['10.244.2.0/24'] } })).spec, {
      podCIDR: '10.244.2.0/24',
      podCIDRs: ['10.244.2.0/24'],
    });
    assert.deepEqual(defaultNode(minimal({ spec: { unschedulable: true } })).spec, { unschedulable: true });
  });
});

const subdomainRegex =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const qualifiedNameRegex =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueRegex =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('validateNode', () => {
  it('accepts a full, valid node', () => {
    assert.deepEqual(validateNode(stored), []);
  });

  const cases: [name: string, node: Node, expected: Expected][] = [
    ['name is a DNS-1123 subdomain (dots are fine)', minimal({ metadata: { name: 'node-1.example.com' } }), []],
    ['name is a DNS-1123 subdomain', minimal({ metadata: { name: 'Node_1' } }), [
      { type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Node_1": ${subdomainRegex}` },
    ]],
    ['taint key is a label name (reported under metadata.taints)', minimal({ spec: { taints: [{ key: '-bad', effect: 'NoSchedule' }] } }), [
      { type: 'FieldValueInvalid', field: 'metadata.taints[0].key', message: `Invalid value: "-bad": ${qualifiedNameRegex}` },
    ]],
    ['taint value is a label value', minimal({ spec: { taints: [{ key: 'k', value: 'a b', effect: 'NoSchedule' }] } }), [
      { type: 'FieldValueInvalid', field: 'metadata.taints[0].value', message: `Invalid value: "a b": ${labelValueRegex}` },
    ]],
    ['taint effect is required', minimal({ spec: { taints: [{ key: 'k' }] } }), [
      { type: 'FieldValueRequired', field: 'metadata.taints[0].effect', message: 'Required value' },
    ]],
    ['taint effect is one of three', minimal({ spec: { taints: [{ key: 'k', effect: 'NoAdmit' }] } }), [
      {
        type: 'FieldValueNotSupported',
        field: 'metadata.taints[0].effect',
        message: 'Unsupported value: "NoAdmit": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      },
    ]],
    ['taints are unique by key and effect', minimal({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute' }] } }), [
      {
        type: 'FieldValueDuplicate',
        field: 'metadata.taints[1]',
        message:
          'Duplicate value: core.Taint{Key:"k", Value:"v", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
      },
    ]],
    ['podCIDR must be a CIDR', minimal({ spec: { podCIDR: '10.244.0.0' } }), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.podCIDRs[0]',
        message: 'Invalid value: "10.244.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      },
    ]],
    ['podCIDRs: at most one per family', minimal({ spec: { podCIDRs: ['10.244.0.0/24', '10.245.0.0/24'] } }), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.podCIDRs',
        message: 'Invalid value: []string{"10.244.0.0/24", "10.245.0.0/24"}: may specify no more than one CIDR for each IP family',
      },
    ]],
    ['podCIDRs: no duplicates', minimal({ spec: { podCIDRs: ['10.244.0.0/24', 'fd00::/64', '10.244.0.0/24'] } }), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.podCIDRs',
        message:
          'Invalid value: []string{"10.244.0.0/24", "fd00::/64", "10.244.0.0/24"}: may specify no more than one CIDR for each IP family',
      },
      { type: 'FieldValueDuplicate', field: 'spec.podCIDRs[2]', message: 'Duplicate value: "10.244.0.0/24"' },
    ]],
    ['podCIDRs: an unparsable entry fails the dual-stack check', minimal({ spec: { podCIDRs: ['10.244.0.0/24', 'x'] } }), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.podCIDRs[1]',
        message: 'Invalid value: "x": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      },
      {
        type: 'InternalError',
        field: 'spec.podCIDRs',
        message:
          'Internal error: invalid PodCIDRs. failed to check with dual stack with error:failed to parse cidr value:"x" with error:invalid CIDR address: x',
      },
      {
        type: 'FieldValueInvalid',
        field: 'spec.podCIDRs',
        message: 'Invalid value: []string{"10.244.0.0/24", "x"}: may specify no more than one CIDR for each IP family',
      },
    ]],
    ['capacity may not be negative', minimal({ status: { capacity: { cpu: '-1' } } }), [
      { type: 'FieldValueInvalid', field: 'status.capacity.cpu', message: 'Invalid value: "-1": must be greater than or equal to 0' },
    ]],
    ['integer resources must be whole', minimal({ status: { allocatable: { pods: '1500m', 'example.com/gpu': '0.5', cpu: '500m' } } }), [
      { type: 'FieldValueInvalid', field: 'status.allocatable.example.com/gpu', message: 'Invalid value: "500m": must be an integer' },
      { type: 'FieldValueInvalid', field: 'status.allocatable.pods', message: 'Invalid value: "1500m": must be an integer' },
    ]],
  ];
  for (const [name, node, expected] of cases) {
    it(name, () => assert.deepEqual(shape(validateNode(node)), expected));
  }
});

describe('validateNodeUpdate', () => {
  const update = (change: (node: Node) => Node) => shape(validateNodeUpdate(change(structuredClone(stored)), stored));

  it('accepts an unchanged node', () => {
    assert.deepEqual(update((n) => n), []);
  });

  it('allows podCIDRs and providerID to be set once', () => {
    const bare: Node = { metadata: stored.metadata };
    assert.deepEqual(shape(validateNodeUpdate({ ...bare, spec: { podCIDRs: ['10.244.9.0/24'], providerID: 'p://x' } }, bare)), []);
  });

  const cases: [name: string, change: (node: Node) => Node, expected: Expected][] = [
    ['podCIDRs may not change', (n) => ({ ...n, spec: { ...n.spec, podCIDR: '10.244.7.0/24', podCIDRs: ['10.244.7.0/24', 'fd00:10:244:1::/64'] } }), [
      { type: 'FieldValueForbidden', field: 'spec.podCIDRs', message: 'Forbidden: node updates may not change podCIDR except from "" to valid' },
    ]],
    ['podCIDRs may not shrink', (n) => ({ ...n, spec: { ...n.spec, podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] } }), [
      { type: 'FieldValueForbidden', field: 'spec.podCIDRs', message: 'Forbidden: node updates may not change podCIDR except from "" to valid' },
    ]],
    ['providerID may not change', (n) => ({ ...n, spec: { ...n.spec, providerID: 'kubesvc://other' } }), [
      { type: 'FieldValueForbidden', field: 'spec.providerID', message: 'Forbidden: node updates may not change providerID except from "" to valid' },
    ]],
    ['externalID may not change', (n) => ({ ...n, spec: { ...n.spec, externalID: 'other' } }), [
      { type: 'FieldValueForbidden', field: 'spec.externalID', message: 'Forbidden: may not be updated' },
    ]],
    ['addresses may not repeat', (n) => ({ ...n, status: { ...n.status, addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'InternalIP', address: '10.0.0.11' }] } }), [
      {
        type: 'FieldValueDuplicate',
        field: 'status.addresses[1]',
        message: 'Duplicate value: core.NodeAddress{Type:"InternalIP", Address:"10.0.0.11"}',
      },
    ]],
    ['configSource in spec may not carry uid or resourceVersion', (n) => ({ ...n, spec: { ...n.spec, configSource: { configMap: { namespace: 'kube-system', name: 'c', uid: 'u', kubeletConfigKey: 'k' } } } }), [
      { type: 'FieldValueForbidden', field: 'spec.configSource.configMap.uid', message: 'Forbidden: uid must not be set in spec' },
    ]],
    ['configSource needs exactly one source', (n) => ({ ...n, spec: { ...n.spec, configSource: {} } }), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.configSource',
        message:
          'Invalid value: core.NodeConfigSource{ConfigMap:(*core.ConfigMapNodeConfigSource)(nil)}: exactly one reference subfield must be non-nil',
      },
    ]],
    ['status.config sources need uid and resourceVersion', (n) => ({ ...n, status: { ...n.status, config: { active: { configMap: { namespace: 'kube-system', name: 'c', kubeletConfigKey: '..k' } } } } }), [
      { type: 'FieldValueRequired', field: 'status.config.active.configMap.uid', message: 'Required value: uid must be set in status' },
      {
        type: 'FieldValueRequired',
        field: 'status.config.active.configMap.resourceVersion',
        message: 'Required value: resourceVersion must be set in status',
      },
      { type: 'FieldValueInvalid', field: 'status.config.active.configMap.kubeletConfigKey', message: 'Invalid value: "..k": must not start with \'..\'' },
    ]],
    ['a bad taint is reported by both halves, as upstream does', (n) => ({ ...n, spec: { ...n.spec, taints: [{ key: 'k', effect: 'Bad' }] } }), [
      {
        type: 'FieldValueNotSupported',
        field: 'metadata.taints[0].effect',
        message: 'Unsupported value: "Bad": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      },
      {
        type: 'FieldValueNotSupported',
        field: 'metadata.taints[0].effect',
        message: 'Unsupported value: "Bad": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      },
    ]],
  ];
  for (const [name, change, expected] of cases) {
    it(name, () => assert.deepEqual(update(change), expected));
  }
});
