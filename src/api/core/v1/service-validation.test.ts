import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import type { ObjectMeta } from '../../meta/v1.ts';
import { defaultService } from './service-defaults.ts';
import { validateService, validateServiceStatusUpdate, validateServiceUpdate } from './service-validation.ts';
import type { ServiceValidationOptions } from './service-validation.ts';
import type { Service, ServiceSpec } from './service.ts';

type Expected = [type: FieldError['type'], field: string, message: string];

function shape(errs: readonly FieldError[]): Expected[] {
  return errs.map((e) => [e.type, e.field, e.message]);
}

const META: ObjectMeta = { name: 'web', namespace: 'default', resourceVersion: '7' };

/** A Service as the registry validates it: defaulted first. */
function svc(spec: ServiceSpec, metadata: ObjectMeta = META): Service {
  return defaultService({ apiVersion: 'v1', kind: 'Service', metadata, spec });
}

/** Bypasses defaulting, to reach the "required after defaulting" rules. */
function raw(spec: ServiceSpec): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: META, spec };
}

const web: ServiceSpec = { selector: { app: 'web' }, ports: [{ port: 80 }] };
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const dupPort = (protocol: string, port: number) =>
  `Duplicate value: core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;

type Case = [title: string, service: Service, expected: Expected[], options?: ServiceValidationOptions];

function run(cases: Case[]): void {
  for (const [title, service, expected, options] of cases) {
    it(title, () => assert.deepEqual(shape(validateService(service, options)), expected));
  }
}

describe('validateService: metadata', () => {
  run([
    ['a valid ClusterIP Service', svc(web), []],
    [
      'the name is a DNS-1035 label',
      svc(web, { ...META, name: '1web' }),
      [
        [
          'FieldValueInvalid',
          'metadata.name',
          "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        ],
      ],
    ],
    ['Services are namespaced', svc(web, { name: 'web' }), [['FieldValueRequired', 'metadata.namespace', 'Required value']]],
    [
      'equal topology annotations',
      svc(web, { ...META, annotations: { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Auto' } }),
      [],
    ],
    [
      'topology annotations must agree',
      svc(web, { ...META, annotations: { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'auto' } }),
      [['FieldValueInvalid', 'metadata.annotations[service.kubernetes.io/topology-mode]', 'Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified']],
    ],
  ]);
});

describe('validateService: ports', () => {
  run([
    ['ports are required', svc({ ...web, ports: [] }), [['FieldValueRequired', 'spec.ports', 'Required value']]],
    ['not for a headless Service', svc({ ...web, ports: [], clusterIP: 'None', clusterIPs: ['None'] }), []],
    ['not for ExternalName', svc({ type: 'ExternalName', externalName: 'db.example.com' }), []],
    ['one port needs no name', svc({ ...web, ports: [{ port: 80 }] }), []],
    [
      'two ports, one unnamed (matrix 2)',
      svc({ ...web, ports: [{ name: 'http', port: 80 }, { port: 443 }] }),
      [['FieldValueRequired', 'spec.ports[1].name', 'Required value']],
    ],
    [
      'port names are DNS-1123 labels',
      svc({ ...web, ports: [{ name: 'HTTP', port: 80 }] }),
      [['FieldValueInvalid', 'spec.ports[0].name', `Invalid value: "HTTP": ${DNS1123_LABEL}`]],
    ],
    [
      'port names are unique',
      svc({ ...web, ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] }),
      [['FieldValueDuplicate', 'spec.ports[1].name', 'Duplicate value: "http"']],
    ],
    [
      'port is 1-65535',
      svc({ ...web, ports: [{ port: 70000, targetPort: 8080 }] }),
      [['FieldValueInvalid', 'spec.ports[0].port', `Invalid value: 70000: ${PORT_RANGE}`]],
    ],
    [
      'port 0 also defaults targetPort to 0',
      svc({ ...web, ports: [{ port: 0 }] }),
      [
        ['FieldValueInvalid', 'spec.ports[0].port', `Invalid value: 0: ${PORT_RANGE}`],
        ['FieldValueInvalid', 'spec.ports[0].targetPort', `Invalid value: 0: ${PORT_RANGE}`],
      ],
    ],
    ['SCTP is a protocol', svc({ ...web, ports: [{ port: 80, protocol: 'SCTP' }] }), []],
    [
      'protocols are TCP, UDP, SCTP',
      svc({ ...web, ports: [{ port: 80, protocol: 'HTTP' }] }),
      [['FieldValueNotSupported', 'spec.ports[0].protocol', 'Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    ],
    ['protocol is required after defaulting', raw({ ...web, type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, targetPort: 80 }] }), [['FieldValueRequired', 'spec.ports[0].protocol', 'Required value']]],
    ['a named targetPort', svc({ ...web, ports: [{ port: 80, targetPort: 'http-alt' }] }), []],
    [
      'an int targetPort is 1-65535',
      svc({ ...web, ports: [{ port: 80, targetPort: 65536 }] }),
      [['FieldValueInvalid', 'spec.ports[0].targetPort', `Invalid value: 65536: ${PORT_RANGE}`]],
    ],
    [
      'a numeric string targetPort is a name without a letter',
      svc({ ...web, ports: [{ port: 80, targetPort: '8080' }] }),
      [['FieldValueInvalid', 'spec.ports[0].targetPort', 'Invalid value: "8080": must contain at least one letter (a-z)']],
    ],
    [
      'targetPort names are IANA_SVC_NAMEs',
      svc({ ...web, ports: ['a-very-long-port-name', 'HTTP', 'a--b', '-http'].map((targetPort, i) => ({ name: `p${i}`, port: i + 1, targetPort })) }),
      [
        ['FieldValueInvalid', 'spec.ports[0].targetPort', 'Invalid value: "a-very-long-port-name": must be no more than 15 characters'],
        ['FieldValueInvalid', 'spec.ports[1].targetPort', 'Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
        ['FieldValueInvalid', 'spec.ports[1].targetPort', 'Invalid value: "HTTP": must contain at least one letter (a-z)'],
        ['FieldValueInvalid', 'spec.ports[2].targetPort', 'Invalid value: "a--b": must not contain consecutive hyphens'],
        ['FieldValueInvalid', 'spec.ports[3].targetPort', 'Invalid value: "-http": must not begin or end with a hyphen'],
      ],
    ],
    [
      'a headless Service may have targetPort != port',
      svc({ ...web, clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, targetPort: 8080 }] }),
      [],
    ],
    ['appProtocol may be prefixed', svc({ ...web, ports: [{ port: 80, appProtocol: 'kubernetes.io/h2c' }] }), []],
    [
      'appProtocol is a qualified name',
      svc({ ...web, ports: [{ port: 80, appProtocol: 'h2 c' }] }),
      [['FieldValueInvalid', 'spec.ports[0].appProtocol', `Invalid value: "h2 c": ${QUALIFIED_NAME_PART}`]],
    ],
    [
      'duplicate (port, protocol) (matrix 2)',
      svc({ ...web, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 8080 }] }),
      [['FieldValueDuplicate', 'spec.ports[1]', dupPort('TCP', 80)]],
    ],
    [
      '53/TCP and 53/UDP may coexist (matrix 2, pitfall 7)',
      svc({ ...web, ports: [{ name: 'dns-tcp', port: 53 }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
      [],
    ],
    [
      'they may share a node port',
      svc({ ...web, type: 'NodePort', ports: [{ name: 'dns-tcp', port: 53, nodePort: 30053 }, { name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 }] }),
      [],
    ],
    [
      'node ports are unique per protocol',
      svc({ ...web, type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }),
      [['FieldValueDuplicate', 'spec.ports[1].nodePort', 'Duplicate value: 30080']],
    ],
    [
      'nodePort is forbidden for ClusterIP',
      svc({ ...web, ports: [{ port: 80, nodePort: 30080 }] }),
      [['FieldValueForbidden', 'spec.ports[0].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ],
  ]);
});

describe('validateService: type, selector, affinity', () => {
  run([
    ['NodePort', svc({ ...web, type: 'NodePort' }), []],
    ['LoadBalancer', svc({ ...web, type: 'LoadBalancer' }), []],
    [
      'an unknown type',
      svc({ ...web, type: 'Magic' }),
      [['FieldValueNotSupported', 'spec.type', 'Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ],
    ['type is required after defaulting', raw({ ...web, sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }), [['FieldValueRequired', 'spec.type', 'Required value']]],
    ['a headless ClusterIP Service', svc({ ...web, clusterIP: 'None', clusterIPs: ['None'] }), []],
    [
      'None for NodePort (matrix 3)',
      svc({ ...web, type: 'NodePort', clusterIP: 'None', clusterIPs: ['None'] }),
      [['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: "None": may not be set to \'None\' for NodePort services']],
    ],
    [
      'None for LoadBalancer',
      svc({ ...web, type: 'LoadBalancer', clusterIP: 'None', clusterIPs: ['None'] }),
      [['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: "None": may not be set to \'None\' for LoadBalancer services']],
    ],
    ['ExternalName with a trailing dot', svc({ type: 'ExternalName', externalName: 'db.example.com.' }), []],
    ['ExternalName that looks like an IP is a DNS name', svc({ type: 'ExternalName', externalName: '192.0.2.1' }), []],
    [
      'ExternalName with IP fields (matrix 3)',
      svc({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }),
      [
        ['FieldValueForbidden', 'spec.clusterIPs', 'Forbidden: may not be set for ExternalName services'],
        ['FieldValueForbidden', 'spec.ipFamilies', 'Forbidden: may not be set for ExternalName services'],
        ['FieldValueForbidden', 'spec.ipFamilyPolicy', 'Forbidden: may not be set for ExternalName services'],
      ],
    ],
    ['externalName is required', svc({ type: 'ExternalName', externalName: '.' }), [['FieldValueRequired', 'spec.externalName', 'Required value']]],
    [
      'externalName is a DNS-1123 subdomain',
      svc({ type: 'ExternalName', externalName: 'db_1.example.com' }),
      [
        [
          'FieldValueInvalid',
          'spec.externalName',
          "Invalid value: \"db_1.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ],
      ],
    ],
    ['no selector', svc({ ports: [{ port: 80 }] }), []],
    [
      'selector keys and values are labels',
      svc({ ...web, selector: { app: 'web', 'tier!': 'x' } }),
      [['FieldValueInvalid', 'spec.selector', `Invalid value: "tier!": ${QUALIFIED_NAME_PART}`]],
    ],
    ['ClientIP affinity with the default timeout (matrix 1)', svc({ ...web, sessionAffinity: 'ClientIP' }), []],
    [
      'an unknown affinity',
      svc({ ...web, sessionAffinity: 'Sticky' }),
      [['FieldValueNotSupported', 'spec.sessionAffinity', 'Unsupported value: "Sticky": supported values: "ClientIP", "None"']],
    ],
    [
      'ClientIP timeout is 1-86400',
      svc({ ...web, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }),
      [['FieldValueInvalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'Invalid value: 86401: must be greater than 0 and less than 86400']],
    ],
    [
      'ClientIP timeout 0',
      svc({ ...web, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }),
      [['FieldValueInvalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'Invalid value: 0: must be greater than 0 and less than 86400']],
    ],
    [
      'ClientIP needs its config',
      raw({ ...svc(web).spec, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: {} } }),
      [['FieldValueRequired', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'Required value: when session affinity type is ClientIP']],
    ],
    [
      'None forbids a config',
      raw({ ...svc(web).spec, sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }),
      [['FieldValueForbidden', 'spec.sessionAffinityConfig', 'Forbidden: must not be set when session affinity is None']],
    ],
  ]);
});

describe('validateService: traffic policies and LoadBalancer-only fields', () => {
  const lb: ServiceSpec = { ...web, type: 'LoadBalancer' };
  run([
    ['Local on a NodePort Service', svc({ ...web, type: 'NodePort', externalTrafficPolicy: 'Local' }), []],
    [
      'externalTrafficPolicy only when externally accessible',
      svc({ ...web, externalTrafficPolicy: 'Local' }),
      [['FieldValueInvalid', 'spec.externalTrafficPolicy', 'Invalid value: "Local": may only be set for externally-accessible services']],
    ],
    [
      'an unknown externalTrafficPolicy',
      svc({ ...web, type: 'NodePort', externalTrafficPolicy: 'Nearby' }),
      [['FieldValueNotSupported', 'spec.externalTrafficPolicy', 'Unsupported value: "Nearby": supported values: "Cluster", "Local"']],
    ],
    ['healthCheckNodePort is left to the allocator', svc({ ...lb, externalTrafficPolicy: 'Local' }), []],
    ['a requested healthCheckNodePort', svc({ ...lb, externalTrafficPolicy: 'Local', healthCheckNodePort: 30999 }), []],
    [
      'healthCheckNodePort only for LoadBalancer with Local',
      svc({ ...web, type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30999 }),
      [['FieldValueInvalid', 'spec.healthCheckNodePort', "Invalid value: 30999: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"]],
    ],
    [
      'healthCheckNodePort is a port',
      svc({ ...lb, externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 }),
      [['FieldValueInvalid', 'spec.healthCheckNodePort', `Invalid value: 70000: ${PORT_RANGE}`]],
    ],
    ['internalTrafficPolicy Local', svc({ ...web, internalTrafficPolicy: 'Local' }), []],
    [
      'an unknown internalTrafficPolicy',
      svc({ ...web, internalTrafficPolicy: 'Node' }),
      [['FieldValueNotSupported', 'spec.internalTrafficPolicy', 'Unsupported value: "Node": supported values: "Cluster", "Local"']],
    ],
    [
      'internalTrafficPolicy is required after defaulting',
      raw({ ...web, type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }),
      [['FieldValueRequired', 'spec.internalTrafficPolicy', 'Required value']],
    ],
    ['PreferClose', svc({ ...web, trafficDistribution: 'PreferClose' }), []],
    [
      'PreferSameNode is newer than 1.32',
      svc({ ...web, trafficDistribution: 'PreferSameNode' }),
      [['FieldValueNotSupported', 'spec.trafficDistribution', 'Unsupported value: "PreferSameNode": supported values: "PreferClose"']],
    ],
    [
      'PreferSameZone is newer than 1.32',
      svc({ ...web, trafficDistribution: 'PreferSameZone' }),
      [['FieldValueNotSupported', 'spec.trafficDistribution', 'Unsupported value: "PreferSameZone": supported values: "PreferClose"']],
    ],
    [
      'an unknown trafficDistribution',
      svc({ ...web, trafficDistribution: 'Random' }),
      [['FieldValueNotSupported', 'spec.trafficDistribution', 'Unsupported value: "Random": supported values: "PreferClose"']],
    ],
    ['loadBalancerSourceRanges on a LoadBalancer', svc({ ...lb, loadBalancerSourceRanges: [' 10.0.0.0/8 ', 'fd00::/8'] }), []],
    [
      'loadBalancerSourceRanges elsewhere',
      svc({ ...web, loadBalancerSourceRanges: ['10.0.0.0/8'] }),
      [['FieldValueForbidden', 'spec.LoadBalancerSourceRanges', "Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ],
    [
      'loadBalancerSourceRanges are CIDRs',
      svc({ ...lb, loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.1'] }),
      [['FieldValueInvalid', 'spec.LoadBalancerSourceRanges[1]', 'Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ],
    [
      'the source-ranges annotation',
      svc(web, { ...META, annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, bad' } }),
      [
        ['FieldValueForbidden', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
        ['FieldValueInvalid', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]', 'Invalid value: "bad": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
      ],
    ],
    [
      'allocateLoadBalancerNodePorts elsewhere',
      svc({ ...web, type: 'NodePort', allocateLoadBalancerNodePorts: false }),
      [['FieldValueForbidden', 'spec.allocateLoadBalancerNodePorts', "Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ],
    [
      'allocateLoadBalancerNodePorts is required (at upstream\'s path)',
      raw({ ...svc(lb).spec, allocateLoadBalancerNodePorts: undefined }),
      [['FieldValueRequired', 'allocateLoadBalancerNodePorts', 'Required value']],
    ],
    ['loadBalancerClass on a LoadBalancer', svc({ ...lb, loadBalancerClass: 'example.com/lb' }), []],
    [
      'loadBalancerClass elsewhere',
      svc({ ...web, loadBalancerClass: 'example.com/lb' }),
      [['FieldValueForbidden', 'spec.loadBalancerClass', "Forbidden: may only be used when `type` is 'LoadBalancer'"]],
    ],
    [
      'loadBalancerClass is a qualified name',
      svc({ ...lb, loadBalancerClass: 'example.com/l b' }),
      [['FieldValueInvalid', 'spec.loadBalancerClass', `Invalid value: "example.com/l b": ${QUALIFIED_NAME_PART}`]],
    ],
  ]);
});

describe('validateServiceUpdate', () => {
  const stored = svc({ ...web, clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  const withSpec = (base: Service, spec: Partial<ServiceSpec>): Service => ({ ...base, spec: { ...base.spec, ...spec } });
  const cases: [string, Service, Service, Expected[]][] = [
    ['no change', stored, stored, []],
    ['a new selector', stored, withSpec(stored, { selector: { app: 'web2' } }), []],
    [
      'metadata errors come first',
      stored,
      { ...withSpec(stored, { ports: [] }), metadata: { ...META, name: 'web2' } },
      [
        ['FieldValueInvalid', 'metadata.name', 'Invalid value: "web2": field is immutable'],
        ['FieldValueRequired', 'spec.ports', 'Required value'],
      ],
    ],
    [
      'the cluster IP may not change',
      stored,
      withSpec(stored, { clusterIP: '10.96.0.21', clusterIPs: ['10.96.0.21'] }),
      [['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: []string{"10.96.0.21"}: may not change once set']],
    ],
    [
      'nor be removed (pitfall 8, without patchAllocatedValues)',
      stored,
      withSpec(stored, { clusterIP: undefined, clusterIPs: undefined }),
      [['FieldValueInvalid', 'spec.clusterIPs[0]', 'Invalid value: []string(nil): primary clusterIP can not be unset']],
    ],
    ['ClusterIP to ExternalName releases the IP', stored, svc({ type: 'ExternalName', externalName: 'db.example.com' }, META), []],
    ['ExternalName to ClusterIP', svc({ type: 'ExternalName', externalName: 'db.example.com' }, META), stored, []],
    ['ClusterIP to NodePort keeping the IP', stored, withSpec(stored, { type: 'NodePort', externalTrafficPolicy: 'Cluster' }), []],
    [
      'NodePort to ClusterIP with a node port left (pitfall 8)',
      withSpec(stored, { type: 'NodePort', externalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }] }),
      withSpec(stored, { ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }] }),
      [['FieldValueForbidden', 'spec.ports[0].nodePort', "Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ],
    [
      'the health-check node port is immutable while needed',
      withSpec(stored, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true, healthCheckNodePort: 30999 }),
      withSpec(stored, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true, healthCheckNodePort: 31000 }),
      [['FieldValueForbidden', 'spec.healthCheckNodePort', 'Forbidden: field is immutable']],
    ],
    [
      'loadBalancerClass may not change',
      withSpec(stored, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true, loadBalancerClass: 'example.com/a' }),
      withSpec(stored, { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }),
      [['FieldValueInvalid', 'spec.loadBalancerClass', 'Invalid value: "null": may not change once set']],
    ],
  ];
  for (const [title, oldService, newService, expected] of cases) {
    it(title, () => assert.deepEqual(shape(validateServiceUpdate(newService, oldService)), expected));
  }
});

describe('validateServiceStatusUpdate', () => {
  const lb = svc({ ...web, type: 'LoadBalancer' });
  const withIngress = (service: Service, ingress: NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress']): Service => ({
    ...service,
    status: { loadBalancer: { ingress } },
  });

  it('accepts ingress points on a LoadBalancer, and an empty status anywhere', () => {
    assert.deepEqual(shape(validateServiceStatusUpdate(withIngress(lb, [{ ip: 'fd00::1', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }]), lb)), []);
    assert.deepEqual(shape(validateServiceStatusUpdate(withIngress(svc(web), []), svc(web))), []);
  });

  it('needs an ipMode with an ip (defaulting gives VIP before this runs)', () => {
    assert.deepEqual(shape(validateServiceStatusUpdate(withIngress(lb, [{ ip: '192.0.2.1' }]), lb)), [
      ['FieldValueRequired', 'status.loadBalancer.ingress[0].ipMode', 'Required value: must be specified when `ip` is set'],
    ]);
  });

  it('checks the metadata update rules too', () => {
    const renamed = withIngress({ ...lb, metadata: { ...META, name: 'other' } }, []);
    assert.deepEqual(shape(validateServiceStatusUpdate(renamed, lb)), [
      ['FieldValueInvalid', 'metadata.name', 'Invalid value: "other": field is immutable'],
    ]);
  });
});
