import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { defaultEndpoints, Endpoints, validateEndpoints, validateEndpointsUpdate } from './endpoints.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));
const strict = { allowLoopback: false };
const loopback = { allowLoopback: true };

const stored: Endpoints = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: {
    name: 'web',
    namespace: 'default',
    resourceVersion: '12',
    labels: { app: 'web', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' },
    annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2025-01-01T00:00:00Z' },
  },
  subsets: [
    {
      addresses: [
        {
          ip: '10.244.1.5',
          hostname: 'web-0',
          nodeName: 'node-1',
          targetRef: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: '8d1c1e5a-0000-4000-8000-000000000003', resourceVersion: '9' },
        },
      ],
      notReadyAddresses: [{ ip: '10.244.2.7', nodeName: 'node-2', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1' } }],
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    },
  ],
};

const withSubset = (subset: NonNullable<Endpoints['subsets']>[number]): Endpoints => ({
  metadata: { name: 'web', namespace: 'default' },
  subsets: [subset],
});
const at = (ip: string) => withSubset({ addresses: [{ ip }] });

describe('Endpoints schema', () => {
  it('round-trips full Endpoints without losing a field', () => {
    const parsed = Endpoints.safeParse(stored);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), stored);
  });

  it('defaults port protocols to TCP', () => {
    const out = defaultEndpoints(withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }));
    assert.deepEqual(out.subsets?.[0]?.ports, [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }]);
  });
});

const labelRegex =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('validateEndpoints', () => {
  it('accepts valid Endpoints', () => assert.deepEqual(validateEndpoints(stored, strict), []));

  it('accepts a subset without ports (headless Service without ports)', () => {
    assert.deepEqual(validateEndpoints(at('10.0.0.1'), strict), []);
  });

  const cases: [name: string, endpoints: Endpoints, expected: ReturnType<typeof shape>][] = [
    ['a subset needs addresses', withSubset({ ports: [{ port: 80, protocol: 'TCP' }] }), [
      { type: 'FieldValueRequired', field: 'subsets[0]', message: 'Required value: must specify `addresses` or `notReadyAddresses`' },
    ]],
    ['IPs must parse (reported twice, as upstream does)', at('10.0.0'), [
      { type: 'FieldValueInvalid', field: 'subsets[0].addresses[0].ip', message: 'Invalid value: "10.0.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
      { type: 'FieldValueInvalid', field: 'subsets[0].addresses[0].ip', message: 'Invalid value: "10.0.0": must be a valid IP address' },
    ]],
    ['leading zeros parse as upstream (sloppy) parsing does', at('010.000.001.002'), []],
    ['not unspecified', at('0.0.0.0'), [
      { type: 'FieldValueInvalid', field: 'subsets[0].addresses[0].ip', message: 'Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)' },
    ]],
    ['not loopback (netns mode)', withSubset({ notReadyAddresses: [{ ip: '127.0.0.1' }] }), [
      {
        type: 'FieldValueInvalid',
        field: 'subsets[0].notReadyAddresses[0].ip',
        message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      },
    ]],
    ['not link-local', at('169.254.169.254'), [
      {
        type: 'FieldValueInvalid',
        field: 'subsets[0].addresses[0].ip',
        message: 'Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      },
    ]],
    ['not link-local multicast', at('ff02::1'), [
      {
        type: 'FieldValueInvalid',
        field: 'subsets[0].addresses[0].ip',
        message: 'Invalid value: "ff02::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      },
    ]],
    ['hostname is a DNS label', withSubset({ addresses: [{ ip: '10.0.0.1', hostname: 'Web_0' }] }), [
      { type: 'FieldValueInvalid', field: 'subsets[0].addresses[0].hostname', message: `Invalid value: "Web_0": ${labelRegex}` },
    ]],
    ['nodeName is a DNS subdomain', withSubset({ addresses: [{ ip: '10.0.0.1', nodeName: 'node-1.' }] }), [
      {
        type: 'FieldValueInvalid',
        field: 'subsets[0].addresses[0].nodeName',
        message:
          "Invalid value: \"node-1.\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ]],
    ['a lone port needs no name', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }), []],
    ['ports need names when there are several', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }, { name: 'b', port: 81, protocol: 'TCP' }] }), [
      { type: 'FieldValueRequired', field: 'subsets[0].ports[0].name', message: 'Required value' },
    ]],
    ['port names are DNS labels', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'HTTP', port: 80, protocol: 'TCP' }] }), [
      { type: 'FieldValueInvalid', field: 'subsets[0].ports[0].name', message: `Invalid value: "HTTP": ${labelRegex}` },
    ]],
    ['port 0 is not a port', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 0, protocol: 'TCP' }] }), [
      { type: 'FieldValueInvalid', field: 'subsets[0].ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
    ]],
    ['port numbers stop at 65535', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 65536, protocol: 'TCP' }] }), [
      { type: 'FieldValueInvalid', field: 'subsets[0].ports[0].port', message: 'Invalid value: 65536: must be between 1 and 65535, inclusive' },
    ]],
    ['protocol is required (after defaulting)', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }), [
      { type: 'FieldValueRequired', field: 'subsets[0].ports[0].protocol', message: 'Required value' },
    ]],
    ['protocol is TCP, UDP or SCTP', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'tcp' }] }), [
      {
        type: 'FieldValueNotSupported',
        field: 'subsets[0].ports[0].protocol',
        message: 'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      },
    ]],
    ['appProtocol is a qualified name', withSubset({ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP', appProtocol: 'a/b/c' }] }), [
      {
        type: 'FieldValueInvalid',
        field: 'subsets[0].ports[0].appProtocol',
        message:
          "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      },
    ]],
  ];
  for (const [name, endpoints, expected] of cases) it(name, () => assert.deepEqual(shape(validateEndpoints(endpoints, strict)), expected));

  it('loopback mode accepts 127.0.0.0/8 and ::1, and nothing else special', () => {
    assert.deepEqual(validateEndpoints(at('127.0.0.1'), loopback), []);
    assert.deepEqual(validateEndpoints(at('127.244.3.9'), loopback), []);
    assert.deepEqual(validateEndpoints(at('::1'), loopback), []);
    assert.deepEqual(shape(validateEndpoints(at('169.254.0.1'), loopback)), [
      {
        type: 'FieldValueInvalid',
        field: 'subsets[0].addresses[0].ip',
        message: 'Invalid value: "169.254.0.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      },
    ]);
  });

  it('update: metadata update rules plus the create rules; nodeName may change', () => {
    const moved = structuredClone(stored);
    const address = moved.subsets?.[0]?.addresses?.[0];
    if (address) address.nodeName = 'node-9';
    assert.deepEqual(validateEndpointsUpdate(moved, stored, strict), []);
    assert.deepEqual(shape(validateEndpointsUpdate({ ...moved, metadata: { ...moved.metadata, resourceVersion: '' } }, stored, strict)), [
      { type: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: "": must be specified for an update' },
    ]);
  });
});
