import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { tableCells } from './table.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const H = 3_600_000;

function service(spec: object, status: object = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(26 * H) },
    spec,
    status,
  };
}

describe('service rows', () => {
  const http = { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' };
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'ClusterIP with a selector',
      service({
        type: 'ClusterIP',
        clusterIP: '10.96.12.7',
        clusterIPs: ['10.96.12.7'],
        selector: { tier: 'front', app: 'web' },
        ports: [http, { name: 'dns', port: 53, protocol: 'UDP' }],
      }),
      ['web', 'ClusterIP', '10.96.12.7', '<none>', '80/TCP,53/UDP', '26h', 'app=web,tier=front'],
    ],
    [
      'ClusterIP with external IPs',
      service({ type: 'ClusterIP', clusterIP: '10.96.0.9', externalIPs: ['192.0.2.1', '192.0.2.2'], ports: [http] }),
      ['web', 'ClusterIP', '10.96.0.9', '192.0.2.1,192.0.2.2', '80/TCP', '26h', '<none>'],
    ],
    [
      'headless, no selector, no ports',
      service({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      ['web', 'ClusterIP', 'None', '<none>', '<none>', '26h', '<none>'],
    ],
    [
      'NodePort',
      service({ type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ ...http, nodePort: 30080 }], selector: { app: 'web' } }),
      ['web', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP', '26h', 'app=web'],
    ],
    [
      'LoadBalancer waiting for an address',
      service({ type: 'LoadBalancer', clusterIP: '10.96.0.11', ports: [{ ...http, nodePort: 31000 }] }),
      ['web', 'LoadBalancer', '10.96.0.11', '<pending>', '80:31000/TCP', '26h', '<none>'],
    ],
    [
      'LoadBalancer with ingress points (IP, else hostname; sorted, not clipped)',
      service(
        { type: 'LoadBalancer', clusterIP: '10.96.0.11', ports: [{ ...http, nodePort: 31000 }] },
        { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'a1b2c3.elb.example.com' }, { ip: '203.0.113.10' }] } },
      ),
      ['web', 'LoadBalancer', '10.96.0.11', '203.0.113.10,a1b2c3.elb.example.com', '80:31000/TCP', '26h', '<none>'],
    ],
    [
      'LoadBalancer with ingress and external IPs: ingress first',
      service(
        { type: 'LoadBalancer', clusterIP: '10.96.0.11', externalIPs: ['192.0.2.1'], ports: [{ ...http, nodePort: 31000 }] },
        { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      ),
      ['web', 'LoadBalancer', '10.96.0.11', '203.0.113.10,192.0.2.1', '80:31000/TCP', '26h', '<none>'],
    ],
    [
      'ExternalName',
      service({ type: 'ExternalName', externalName: 'db.example.com' }),
      ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '26h', '<none>'],
    ],
    [
      'cluster IP from clusterIPs when clusterIP is unset',
      service({ type: 'ClusterIP', clusterIPs: ['fd00:10:96::a', '10.96.0.10'], ports: [http] }),
      ['web', 'ClusterIP', 'fd00:10:96::a', '<none>', '80/TCP', '26h', '<none>'],
    ],
    ['no spec at all', service(undefined as unknown as object), ['web', '', '<none>', '<unknown>', '<none>', '26h', '<none>']],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('services', object, NOW), want));
  }
});

function endpoints(subsets: unknown): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', creationTimestamp: ago(90_000) }, subsets };
}

describe('endpoints rows', () => {
  const address = (ip: string) => ({ ip, targetRef: { kind: 'Pod', name: `p-${ip}` } });
  const cases: Array<[string, KubeObject, string]> = [
    ['no subsets', endpoints(undefined), '<none>'],
    ['empty subsets', endpoints([]), '<none>'],
    [
      'one port',
      endpoints([{ addresses: [address('10.244.0.5'), address('10.244.0.6')], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]),
      '10.244.0.5:8080,10.244.0.6:8080',
    ],
    [
      'two ports: every address per port, then truncated',
      endpoints([
        {
          addresses: [address('10.244.0.5'), address('10.244.0.6')],
          ports: [
            { name: 'http', port: 8080 },
            { name: 'metrics', port: 9090 },
          ],
        },
      ]),
      '10.244.0.5:8080,10.244.0.6:8080,10.244.0.5:9090 + 1 more...',
    ],
    [
      'many addresses over several subsets',
      endpoints([
        { addresses: [address('10.0.0.1'), address('10.0.0.2')], ports: [{ port: 80 }] },
        { addresses: [address('10.0.0.3'), address('10.0.0.4'), address('10.0.0.5')], ports: [{ port: 81 }] },
      ]),
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:81 + 2 more...',
    ],
    ['headless without ports: bare IPs', endpoints([{ addresses: [address('10.0.0.1')] }]), '10.0.0.1'],
    ['IPv6 in brackets', endpoints([{ addresses: [address('fd00::1')], ports: [{ port: 443 }] }]), '[fd00::1]:443'],
    [
      'not-ready addresses are not listed',
      endpoints([{ notReadyAddresses: [address('10.0.0.9')], ports: [{ port: 80 }] }]),
      '',
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('endpoints', object, NOW), ['web', want, '90s']));
  }
});

function slice(ports: unknown, endpointList: unknown, addressType = 'IPv4'): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-x7k2p', creationTimestamp: ago(2 * H) },
    addressType,
    ports,
    endpoints: endpointList,
  };
}

describe('endpointslice rows', () => {
  const ep = (...addresses: string[]) => ({ addresses, conditions: { ready: true } });
  const cases: Array<[string, KubeObject, unknown[]]> = [
    [
      'ports and endpoints',
      slice([{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'https', port: 443 }], [ep('10.244.0.5'), ep('10.244.0.6')]),
      ['web-x7k2p', 'IPv4', '80,443', '10.244.0.5,10.244.0.6', '120m'],
    ],
    ['nothing yet', slice(null, null), ['web-x7k2p', 'IPv4', '<unset>', '<unset>', '120m']],
    [
      'a port without a number shows its name, without either a star',
      slice([{ name: 'http' }, {}], [ep('fd00::5')], 'IPv6'),
      ['web-x7k2p', 'IPv6', 'http,*', 'fd00::5', '120m'],
    ],
    [
      'more than three of each',
      slice(
        [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }],
        [ep('10.0.0.1', '10.0.0.2'), ep('10.0.0.3'), ep('10.0.0.4'), ep('10.0.0.5')],
      ),
      ['web-x7k2p', 'IPv4', '1,2,3 + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...', '120m'],
    ],
  ];
  for (const [title, object, want] of cases) {
    it(title, () => assert.deepEqual(tableCells('endpointslices', object, NOW), want));
  }
});
