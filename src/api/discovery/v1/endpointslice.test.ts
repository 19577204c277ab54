import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { defaultEndpointSlice, EndpointSlice, endpointSliceForWrite } from './endpointslice.ts';
import type { Endpoint, EndpointPort } from './endpointslice.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpointslice-validation.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));
type Expected = ReturnType<typeof shape>;
const strict = { allowLoopback: false };
const loopback = { allowLoopback: true };

// What the EndpointSlice controller writes for a Service with two Pods.
const stored: EndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    name: 'web-x7k2p',
    generateName: 'web-',
    namespace: 'default',
    resourceVersion: '55',
    labels: {
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    },
    ownerReferences: [
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: '5e1f0c2a-0000-4000-8000-000000000005', controller: true, blockOwnerDeletion: true },
    ],
  },
  addressType: 'IPv4',
  endpoints: [
    {
      addresses: ['10.244.1.5'],
      conditions: { ready: true, serving: true, terminating: false },
      hostname: 'web-0',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: '8d1c1e5a-0000-4000-8000-000000000003' },
      nodeName: 'node-1',
      zone: 'zone-a',
      hints: { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-1' }] },
    },
    {
      addresses: ['10.244.2.7'],
      conditions: { ready: false, serving: true, terminating: true },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1' },
      nodeName: 'node-2',
      deprecatedTopology: { 'kubernetes.io/hostname': 'node-2' },
    },
  ],
  ports: [
    { name: 'http', protocol: 'TCP', port: 8080, appProtocol: 'http' },
    { name: '', protocol: 'UDP', port: 53 },
  ],
};

const slice = (endpoints: Endpoint[], extra: Partial<EndpointSlice> = {}): EndpointSlice => ({
  metadata: { name: 's', namespace: 'default' },
  addressType: 'IPv4',
  endpoints,
  ...extra,
});
const withPorts = (ports: EndpointPort[]) => slice([], { ports });
const labelRegex =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomainRegex =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('EndpointSlice schema', () => {
  it('round-trips a full slice without losing a field', () => {
    const parsed = EndpointSlice.safeParse(stored);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), stored);
  });

  it('round-trips the placeholder slice of a Service without Pods', () => {
    const placeholder = slice([], { ports: [] });
    assert.deepEqual(JSON.parse(JSON.stringify(EndpointSlice.parse(placeholder))), placeholder);
  });
});

describe('EndpointSlice writes', () => {
  it('defaults port names to "" and protocols to TCP', () => {
    assert.deepEqual(defaultEndpointSlice(withPorts([{ port: 80 }, { name: 'dns', protocol: 'UDP', port: 53 }])).ports, [
      { name: '', protocol: 'TCP', port: 80 },
      { name: 'dns', protocol: 'UDP', port: 53 },
    ]);
  });

  it('drops deprecatedTopology written through v1', () => {
    const created = endpointSliceForWrite(stored);
    assert.deepEqual(created.endpoints?.[1], {
      addresses: ['10.244.2.7'],
      conditions: { ready: false, serving: true, terminating: true },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1' },
      nodeName: 'node-2',
    });
  });

  it('keeps the slice as is when the endpoints did not change', () => {
    assert.equal(endpointSliceForWrite({ ...stored, ports: [] }, stored).endpoints, stored.endpoints);
  });

  it('moves a node name known only from the previous topology into nodeName', () => {
    const previous = slice([{ addresses: ['10.0.0.1'], deprecatedTopology: { 'kubernetes.io/hostname': 'node-7' } }]);
    const next = slice([{ addresses: ['10.0.0.2'], deprecatedTopology: { 'kubernetes.io/hostname': 'node-7' } }]);
    assert.deepEqual(endpointSliceForWrite(next, previous).endpoints, [{ addresses: ['10.0.0.2'], nodeName: 'node-7' }]);
    assert.deepEqual(endpointSliceForWrite(next).endpoints, [{ addresses: ['10.0.0.2'] }]);
  });
});

describe('validateEndpointSlice', () => {
  it('accepts what the controller writes', () => {
    assert.deepEqual(validateEndpointSlice(endpointSliceForWrite(stored), strict), []);
  });

  const cases: [name: string, s: EndpointSlice, expected: Expected][] = [
    ['addressType is required', slice([], { addressType: '' }), [{ type: 'FieldValueRequired', field: 'addressType', message: 'Required value' }]],
    ['addressType is IPv4, IPv6 or FQDN', slice([], { addressType: 'IP' }), [
      { type: 'FieldValueNotSupported', field: 'addressType', message: 'Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"' },
    ]],
    ['at most 1000 endpoints', slice(Array.from({ length: 1001 }, () => ({ addresses: ['10.0.0.1'] }))), [
      { type: 'FieldValueTooMany', field: 'endpoints', message: 'Too many: 1001: must have at most 1000 items' },
    ]],
    ['1000 endpoints are fine', slice(Array.from({ length: 1000 }, () => ({ addresses: ['10.0.0.1'] }))), []],
    ['an endpoint needs an address', slice([{ addresses: [] }]), [
      { type: 'FieldValueRequired', field: 'endpoints[0].addresses', message: 'Required value: must contain at least 1 address' },
    ]],
    ['at most 100 addresses', slice([{ addresses: Array.from({ length: 101 }, (_, i) => `10.0.${i >> 8}.${(i & 255) + 1}`) }]), [
      { type: 'FieldValueTooMany', field: 'endpoints[0].addresses', message: 'Too many: 101: must have at most 100 items' },
    ]],
    ['IPv4 slices hold IPv4 addresses', slice([{ addresses: ['fd00::1'] }]), [
      { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "fd00::1": must be a valid IPv4 address' },
    ]],
    ['an IPv4-mapped address counts as IPv4, as upstream parses it', slice([{ addresses: ['::ffff:10.0.0.1'] }]), []],
    ['IPv6 slices hold IPv6 addresses', slice([{ addresses: ['10.0.0.1'] }], { addressType: 'IPv6' }), [
      { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "10.0.0.1": must be a valid IPv6 address' },
    ]],
    ['garbage is reported by both checks', slice([{ addresses: ['web'] }]), [
      { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "web": must be a valid IPv4 address' },
      { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "web": must be a valid IP address' },
    ]],
    ['no loopback addresses in netns mode', slice([{ addresses: ['127.0.0.1'] }]), [
      {
        type: 'FieldValueInvalid',
        field: 'endpoints[0].addresses[0]',
        message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      },
    ]],
    ['no link-local addresses', slice([{ addresses: ['fe80::1'] }], { addressType: 'IPv6' }), [
      {
        type: 'FieldValueInvalid',
        field: 'endpoints[0].addresses[0]',
        message: 'Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      },
    ]],
    ['FQDN addresses are domain names with two labels or more', slice([{ addresses: ['db.example.com.', 'localhost', 'Bad_Name.com', ''] }], { addressType: 'FQDN' }), [
      {
        type: 'FieldValueInvalid',
        field: 'endpoints[0].addresses[1]',
        message: 'Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      },
      { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[2]', message: `Invalid value: "Bad_Name.com": ${subdomainRegex}` },
      { type: 'FieldValueRequired', field: 'endpoints[0].addresses[3]', message: 'Required value' },
    ]],
    ['nodeName is a DNS subdomain', slice([{ addresses: ['10.0.0.1'], nodeName: 'Node 1' }]), [
      { type: 'FieldValueInvalid', field: 'endpoints[0].nodeName', message: `Invalid value: "Node 1": ${subdomainRegex}` },
    ]],
    ['hostname is a DNS label', slice([{ addresses: ['10.0.0.1'], hostname: 'web.0' }]), [
      { type: 'FieldValueInvalid', field: 'endpoints[0].hostname', message: 'Invalid value: "web.0": must not contain dots' },
    ]],
    ['deprecatedTopology: at most 16 labels', slice([{ addresses: ['10.0.0.1'], deprecatedTopology: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }]), [
      { type: 'FieldValueTooMany', field: 'endpoints[0].deprecatedTopology', message: 'Too many: 17: must have at most 16 items' },
    ]],
    ['deprecatedTopology: never the zone label', slice([{ addresses: ['10.0.0.1'], deprecatedTopology: { 'topology.kubernetes.io/zone': 'a' } }]), [
      {
        type: 'InternalError',
        field: 'endpoints[0].deprecatedTopology[topology.kubernetes.io/zone]',
        message: 'Internal error: reserved key was not removed in conversion',
      },
    ]],
    ['zone hints: at most 8', slice([{ addresses: ['10.0.0.1'], hints: { forZones: Array.from({ length: 9 }, (_, i) => ({ name: `z${i}` })), forNodes: [{ name: 'BAD' }] } }]), [
      { type: 'FieldValueTooMany', field: 'endpoints[0].hints.forZones', message: 'Too many: 9: must have at most 8 items' },
    ]],
    ['zone hints: unique label values', slice([{ addresses: ['10.0.0.1'], hints: { forZones: [{ name: 'a' }, { name: 'a' }, { name: 'b c' }] } }]), [
      { type: 'FieldValueDuplicate', field: 'endpoints[0].hints.forZones[1].name', message: 'Duplicate value: "a"' },
      {
        type: 'FieldValueInvalid',
        field: 'endpoints[0].hints.forZones[2].name',
        message:
          "Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      },
    ]],
    ['node hints: at most 8, unique node names', slice([{ addresses: ['10.0.0.1'], hints: { forNodes: [{ name: 'n' }, { name: 'n' }, { name: 'N' }] } }]), [
      { type: 'FieldValueDuplicate', field: 'endpoints[0].hints.forNodes[1].name', message: 'Duplicate value: "n"' },
      { type: 'FieldValueInvalid', field: 'endpoints[0].hints.forNodes[2].name', message: `Invalid value: "N": ${subdomainRegex}` },
    ]],
    ['at most 20000 ports', withPorts(Array.from({ length: 20_001 }, (_, i) => ({ name: `p${i}`, protocol: 'TCP', port: 1 }))), [
      { type: 'FieldValueTooMany', field: 'ports', message: 'Too many: 20001: must have at most 20000 items' },
    ]],
    ['port names are DNS labels', withPorts([{ name: 'HTTP', protocol: 'TCP', port: 80 }]), [
      { type: 'FieldValueInvalid', field: 'ports[0].name', message: `Invalid value: "HTTP": ${labelRegex}` },
    ]],
    ['port names are unique, the empty one too', withPorts([{ name: '', protocol: 'TCP', port: 80 }, { name: '', protocol: 'UDP', port: 80 }]), [
      { type: 'FieldValueDuplicate', field: 'ports[1].name', message: 'Duplicate value: ""' },
    ]],
    ['port protocol is required', withPorts([{ name: 'a', port: 80 }]), [
      { type: 'FieldValueRequired', field: 'ports[0].protocol', message: 'Required value' },
    ]],
    ['port protocol is TCP, UDP or SCTP', withPorts([{ name: 'a', protocol: 'HTTP', port: 80 }]), [
      { type: 'FieldValueNotSupported', field: 'ports[0].protocol', message: 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"' },
    ]],
    ['port numbers are not range-checked, as upstream', withPorts([{ name: 'a', protocol: 'TCP', port: 0 }, { name: 'b', protocol: 'TCP' }]), []],
    ['appProtocol is a qualified name', withPorts([{ name: 'a', protocol: 'TCP', port: 80, appProtocol: 'kubernetes.io/h2c' }, { name: 'b', protocol: 'TCP', port: 81, appProtocol: '-x' }]), [
      {
        type: 'FieldValueInvalid',
        field: 'ports[1].appProtocol',
        message:
          "Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      },
    ]],
  ];
  for (const [name, s, expected] of cases) it(name, () => assert.deepEqual(shape(validateEndpointSlice(s, strict)), expected));

  it('loopback mode accepts loopback addresses and still refuses the rest', () => {
    assert.deepEqual(validateEndpointSlice(slice([{ addresses: ['127.244.0.5'] }]), loopback), []);
    assert.deepEqual(validateEndpointSlice(slice([{ addresses: ['::1'] }], { addressType: 'IPv6' }), loopback), []);
    assert.deepEqual(shape(validateEndpointSlice(slice([{ addresses: ['0.0.0.0'] }]), loopback)), [
      { type: 'FieldValueInvalid', field: 'endpoints[0].addresses[0]', message: 'Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)' },
    ]);
  });
});

describe('validateEndpointSliceUpdate', () => {
  it('accepts changed endpoints', () => {
    const next = endpointSliceForWrite({ ...stored, endpoints: [{ addresses: ['10.244.3.3'] }] }, stored);
    assert.deepEqual(validateEndpointSliceUpdate(next, stored, strict), []);
  });

  it('the address type is immutable', () => {
    assert.deepEqual(shape(validateEndpointSliceUpdate(slice([], { addressType: 'IPv6' }), slice([]), strict)), [
      { type: 'FieldValueInvalid', field: 'addressType', message: 'Invalid value: "IPv6": field is immutable' },
    ]);
  });
});
