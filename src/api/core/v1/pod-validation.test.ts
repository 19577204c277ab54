import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { container, err, errorsOf, labelRegex, podWith, runCases } from './pod-validation.fixtures.ts';

describe('validatePod: a valid Pod', () => {
  it('kubectl run web --image=nginx --port=80, defaulted, has no errors', () => {
    assert.deepEqual(errorsOf(podWith((s) => (container(s).ports = [{ containerPort: 80 }]))), []);
  });
  it('metadata is validated: the namespace is required', () => {
    const pod = podWith(() => {});
    delete pod.metadata?.namespace;
    assert.deepEqual(errorsOf(pod), [err('FieldValueRequired', 'metadata.namespace', 'Required value')]);
  });
});

runCases('validatePod: containers', [
  { name: 'at least one container', change: (s) => (s.containers = []), expected: [err('FieldValueRequired', 'spec.containers', 'Required value')] },
  {
    name: 'name must be a DNS label',
    change: (s) => (container(s).name = 'Web_1'),
    expected: [err('FieldValueInvalid', 'spec.containers[0].name', `Invalid value: "Web_1": ${labelRegex}`)],
  },
  {
    name: 'a name with dots is reported as such',
    change: (s) => (container(s).name = 'web.v1'),
    expected: [err('FieldValueInvalid', 'spec.containers[0].name', 'Invalid value: "web.v1": must not contain dots')],
  },
  {
    name: 'names are unique among containers',
    change: (s) => s.containers?.push({ name: 'web', image: 'redis' }),
    expected: [err('FieldValueDuplicate', 'spec.containers[1].name', 'Duplicate value: "web"')],
  },
  {
    name: 'names are unique across init and regular containers',
    change: (s) => (s.initContainers = [{ name: 'web', image: 'busybox' }]),
    expected: [err('FieldValueDuplicate', 'spec.initContainers[0].name', 'Duplicate value: "web"')],
  },
  { name: 'image is required', change: (s) => (container(s).image = ''), expected: [err('FieldValueRequired', 'spec.containers[0].image', 'Required value')] },
  {
    name: 'image may not have surrounding spaces in a Pod',
    change: (s) => (container(s).image = ' nginx'),
    expected: [err('FieldValueInvalid', 'spec.containers[0].image', 'Invalid value: " nginx": must not have leading or trailing whitespace')],
  },
  {
    name: 'restartPolicy is for init containers only',
    change: (s) => (container(s).restartPolicy = 'Always'),
    expected: [err('FieldValueForbidden', 'spec.containers[0].restartPolicy', 'Forbidden: may not be set for non-init containers')],
  },
  {
    name: 'init containers may not have probes without restartPolicy Always',
    change: (s) => (s.initContainers = [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }]),
    expected: [
      err('FieldValueForbidden', 'spec.initContainers[0].readinessProbe', 'Forbidden: may not be set for init containers without restartPolicy=Always'),
    ],
  },
  {
    name: 'a sidecar (restartPolicy Always) may have probes',
    change: (s) => (s.initContainers = [{ name: 'side', image: 'envoy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 9901 } } }]),
    expected: [],
  },
  {
    name: 'an init container restartPolicy other than Always',
    change: (s) => (s.initContainers = [{ name: 'side', image: 'envoy', restartPolicy: 'OnFailure' }]),
    expected: [err('FieldValueNotSupported', 'spec.initContainers[0].restartPolicy', 'Unsupported value: "OnFailure": supported values: "Always"')],
  },
]);

runCases('validatePod: ports', [
  { name: 'valid named ports', change: (s) => (container(s).ports = [{ name: 'http', containerPort: 80 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }]), expected: [] },
  {
    name: 'containerPort is required',
    change: (s) => (container(s).ports = [{ name: 'http' }]),
    expected: [err('FieldValueRequired', 'spec.containers[0].ports[0].containerPort', 'Required value')],
  },
  {
    name: 'containerPort in 1-65535',
    change: (s) => (container(s).ports = [{ containerPort: 70000 }]),
    expected: [err('FieldValueInvalid', 'spec.containers[0].ports[0].containerPort', 'Invalid value: 70000: must be between 1 and 65535, inclusive')],
  },
  {
    name: 'hostPort in 1-65535',
    change: (s) => (container(s).ports = [{ containerPort: 80, hostPort: -1 }]),
    expected: [err('FieldValueInvalid', 'spec.containers[0].ports[0].hostPort', 'Invalid value: -1: must be between 1 and 65535, inclusive')],
  },
  {
    name: 'name is an IANA service name of at most 15 characters',
    change: (s) => (container(s).ports = [{ name: 'a-very-long-port-name', containerPort: 80 }]),
    expected: [err('FieldValueInvalid', 'spec.containers[0].ports[0].name', 'Invalid value: "a-very-long-port-name": must be no more than 15 characters')],
  },
  {
    name: 'name needs a letter and no double hyphen',
    change: (s) => (container(s).ports = [{ name: '80--80', containerPort: 80 }]),
    expected: [
      err('FieldValueInvalid', 'spec.containers[0].ports[0].name', 'Invalid value: "80--80": must contain at least one letter (a-z)'),
      err('FieldValueInvalid', 'spec.containers[0].ports[0].name', 'Invalid value: "80--80": must not contain consecutive hyphens'),
    ],
  },
  {
    name: 'names are unique within a container',
    change: (s) => (container(s).ports = [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 8080 }]),
    expected: [err('FieldValueDuplicate', 'spec.containers[0].ports[1].name', 'Duplicate value: "http"')],
  },
  {
    name: 'protocol is TCP, UDP or SCTP',
    change: (s) => (container(s).ports = [{ containerPort: 80, protocol: 'ICMP' }]),
    expected: [err('FieldValueNotSupported', 'spec.containers[0].ports[0].protocol', 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"')],
  },
  {
    name: 'a host port is used once across containers',
    change: (s) => {
      container(s).ports = [{ containerPort: 80, hostPort: 8080 }];
      s.containers?.push({ name: 'other', image: 'x', ports: [{ containerPort: 81, hostPort: 8080 }] });
    },
    expected: [err('FieldValueDuplicate', 'spec.containers[1].ports[0].hostPort', 'Duplicate value: "TCP//8080"')],
  },
  {
    name: 'with hostNetwork, hostPort must equal containerPort',
    change: (s) => {
      s.hostNetwork = true;
      container(s).ports = [{ containerPort: 80, hostPort: 81 }];
    },
    expected: [err('FieldValueInvalid', 'spec.containers[0].ports[0].hostPort', 'Invalid value: 81: must match `containerPort` when `hostNetwork` is true')],
  },
]);

runCases('validatePod: env', [
  {
    name: 'valid variables, including relaxed names and downward API',
    change: (s) =>
      (container(s).env = [
        { name: 'A', value: 'b' },
        { name: '1st.var-name', value: 'c' },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      ]),
    expected: [],
  },
  { name: 'name is required', change: (s) => (container(s).env = [{ value: 'x' }]), expected: [err('FieldValueRequired', 'spec.containers[0].env[0].name', 'Required value')] },
  {
    name: "name may not contain '='",
    change: (s) => (container(s).env = [{ name: 'A=B', value: 'x' }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].env[0].name',
        "Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      ),
    ],
  },
  {
    name: 'valueFrom needs a source',
    change: (s) => (container(s).env = [{ name: 'X', valueFrom: {} }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].env[0].valueFrom',
        'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    ],
  },
  {
    name: 'valueFrom and value exclude each other',
    change: (s) => (container(s).env = [{ name: 'X', value: 'v', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }]),
    expected: [err('FieldValueInvalid', 'spec.containers[0].env[0].valueFrom', 'Invalid value: "": may not be specified when `value` is not empty')],
  },
  {
    name: 'an unknown field path',
    change: (s) => (container(s).env = [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath',
        'Invalid value: "spec.hostname": error converting fieldPath: field label not supported: spec.hostname',
      ),
    ],
  },
  {
    name: 'a field path volumes may use but env may not',
    change: (s) => (container(s).env = [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } }]),
    expected: [
      err(
        'FieldValueNotSupported',
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath',
        'Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      ),
    ],
  },
  {
    name: 'a config map key selector needs a valid key',
    change: (s) => (container(s).env = [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a b' } } }]),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].env[0].valueFrom.configMapKeyRef.key',
        "Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ),
    ],
  },
  {
    name: 'envFrom needs a source (reported at the list)',
    change: (s) => (container(s).envFrom = [{ prefix: 'P_' }]),
    expected: [err('FieldValueInvalid', 'spec.containers[0].envFrom', 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`')],
  },
]);

runCases('validatePod: probes and lifecycle', [
  {
    name: 'valid probes of every kind',
    change: (s) => {
      const c = container(s);
      c.livenessProbe = { httpGet: { port: 'http', path: '/healthz', httpHeaders: [{ name: 'X-Probe', value: '1' }] } };
      c.readinessProbe = { tcpSocket: { port: 80 }, successThreshold: 3 };
      c.startupProbe = { grpc: { port: 9000 }, failureThreshold: 30 };
      c.lifecycle = { preStop: { sleep: { seconds: 5 } }, postStart: { exec: { command: ['true'] } } };
    },
    expected: [],
  },
  {
    name: 'a probe needs a handler',
    change: (s) => (container(s).readinessProbe = { periodSeconds: 5 }),
    expected: [err('FieldValueRequired', 'spec.containers[0].readinessProbe', 'Required value: must specify a handler type')],
  },
  {
    name: 'a probe has exactly one handler',
    change: (s) => (container(s).readinessProbe = { httpGet: { port: 80 }, tcpSocket: { port: 80 } }),
    expected: [err('FieldValueForbidden', 'spec.containers[0].readinessProbe.tcpSocket', 'Forbidden: may not specify more than 1 handler type')],
  },
  {
    name: 'timings may not be negative',
    change: (s) => (container(s).readinessProbe = { exec: { command: ['true'] }, periodSeconds: -1, initialDelaySeconds: -5 }),
    expected: [
      err('FieldValueInvalid', 'spec.containers[0].readinessProbe.initialDelaySeconds', 'Invalid value: -5: must be greater than or equal to 0'),
      err('FieldValueInvalid', 'spec.containers[0].readinessProbe.periodSeconds', 'Invalid value: -1: must be greater than or equal to 0'),
    ],
  },
  {
    name: 'successThreshold must be 1 for liveness probes',
    change: (s) => (container(s).livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 }),
    expected: [err('FieldValueInvalid', 'spec.containers[0].livenessProbe.successThreshold', 'Invalid value: 2: must be 1')],
  },
  {
    name: 'successThreshold must be 1 for startup probes',
    change: (s) => (container(s).startupProbe = { exec: { command: ['true'] }, successThreshold: 3 }),
    expected: [err('FieldValueInvalid', 'spec.containers[0].startupProbe.successThreshold', 'Invalid value: 3: must be 1')],
  },
  {
    name: 'an exec handler needs a command',
    change: (s) => (container(s).livenessProbe = { exec: {} }),
    expected: [err('FieldValueRequired', 'spec.containers[0].livenessProbe.exec.command', 'Required value')],
  },
  {
    name: 'httpGet port and scheme',
    change: (s) => (container(s).livenessProbe = { httpGet: { port: 0, scheme: 'FTP' } }),
    expected: [
      err('FieldValueInvalid', 'spec.containers[0].livenessProbe.httpGet.port', 'Invalid value: 0: must be between 1 and 65535, inclusive'),
      err('FieldValueNotSupported', 'spec.containers[0].livenessProbe.httpGet.scheme', 'Unsupported value: "FTP": supported values: "HTTP", "HTTPS"'),
    ],
  },
  {
    name: 'a named probe port must be an IANA service name',
    change: (s) => (container(s).readinessProbe = { tcpSocket: { port: 'HTTP' } }),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].readinessProbe.tcpSocket.port',
        'Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ),
      err('FieldValueInvalid', 'spec.containers[0].readinessProbe.tcpSocket.port', 'Invalid value: "HTTP": must contain at least one letter (a-z)'),
    ],
  },
  {
    name: 'readiness probes have no termination grace period',
    change: (s) => (container(s).readinessProbe = { exec: { command: ['true'] }, terminationGracePeriodSeconds: 5 }),
    expected: [
      err('FieldValueInvalid', 'spec.containers[0].readinessProbe.terminationGracePeriodSeconds', 'Invalid value: 5: must not be set for readinessProbes'),
    ],
  },
  {
    name: 'a preStop sleep may not outlast the grace period',
    change: (s) => (container(s).lifecycle = { preStop: { sleep: { seconds: 60 } } }),
    expected: [
      err(
        'FieldValueInvalid',
        'spec.containers[0].lifecycle.preStop.sleep',
        'Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)',
      ),
    ],
  },
]);
