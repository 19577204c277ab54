// Services, Endpoints and EndpointSlices: the kinds that show where traffic for a Service goes.
import type { KubeObject } from '../../api/meta/v1.ts';
import { compareGoStrings } from '../../api/selectors/go-strings.ts';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  ageOf,
  at,
  column,
  formatLabels,
  int,
  joinHostPort,
  list,
  listWithMore,
  nameOf,
  str,
} from './format.ts';
import type { KindPrinter, TableCell } from './types.ts';

/**
 * Load-balancer ingress points: IP, else hostname, de-duplicated and sorted (a Go string set).
 * Upstream clips this to 16 characters only for narrow output; the server always prints wide.
 */
function loadBalancerIngress(status: unknown): string {
  const points = new Set<string>();
  for (const ingress of list(at(status, 'loadBalancer', 'ingress'))) {
    const point = str(at(ingress, 'ip')) || str(at(ingress, 'hostname'));
    if (point !== '') points.add(point);
  }
  return [...points].sort(compareGoStrings).join(',');
}

function externalIP(service: KubeObject): string {
  const spec = service['spec'];
  const externalIPs = list(at(spec, 'externalIPs')).map(str);
  switch (str(at(spec, 'type'))) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = loadBalancerIngress(service['status']);
      if (externalIPs.length > 0) return [...(ingress === '' ? [] : ingress.split(',')), ...externalIPs].join(',');
      return ingress === '' ? '<pending>' : ingress;
    }
    case 'ExternalName':
      return str(at(spec, 'externalName'));
    default:
      return '<unknown>';
  }
}

/** `80/TCP`, or `80:30080/TCP` when a node port is allocated; `<none>` without ports. */
function portsCell(ports: unknown): string {
  const text = list(ports)
    .map((port) => {
      const protocol = str(at(port, 'protocol'));
      const nodePort = int(at(port, 'nodePort'));
      const number = int(at(port, 'port'));
      return nodePort > 0 ? `${number}:${nodePort}/${protocol}` : `${number}/${protocol}`;
    })
    .join(',');
  return text === '' ? '<none>' : text;
}

/**
 * The primary cluster IP: clusterIPs[0], as upstream prints. clusterIP stands in for objects that
 * lack the list (the registry always fills both). Headless services show None.
 */
function clusterIP(spec: unknown): string {
  return str(list(at(spec, 'clusterIPs'))[0]) || str(at(spec, 'clusterIP')) || '<none>';
}

export const servicePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'string', 'The virtual IP inside the cluster, or None for a headless service.'),
    column('External-IP', 'string', 'Addresses outside the cluster that also reach the service.'),
    column('Port(s)', 'string', 'Service ports with protocol, and node ports where allocated.'),
    AGE_COLUMN,
    column('Selector', 'string', 'The labels of the pods the service sends traffic to.', { priority: 1 }),
  ],
  cells(service: KubeObject, now: number): TableCell[] {
    const spec = service['spec'];
    return [
      nameOf(service),
      str(at(spec, 'type')),
      clusterIP(spec),
      externalIP(service),
      portsCell(at(spec, 'ports')),
      ageOf(service, now),
      formatLabels(at(spec, 'selector')),
    ];
  },
};

/**
 * Upstream formatEndpoints: every ready `ip:port` (just `ip` for a subset without ports), the
 * first three shown, the rest counted in ` + N more...`. Not-ready addresses are not listed.
 */
export function formatEndpoints(subsets: unknown): string {
  const all = list(subsets);
  if (all.length === 0) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let count = 0;
  for (const subset of all) {
    const addresses = list(at(subset, 'addresses')).map((a) => str(at(a, 'ip')));
    const ports = list(at(subset, 'ports'));
    if (ports.length === 0) {
      count += addresses.length;
      for (const ip of addresses) if (shown.length < max) shown.push(ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const ip of addresses) if (shown.length < max) shown.push(joinHostPort(ip, int(at(port, 'port'))));
    }
  }
  const text = shown.join(',');
  return count > max ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Endpoints', 'string', 'Ready backend addresses (ip:port), the first few of them.'),
    AGE_COLUMN,
  ],
  cells(endpoints: KubeObject, now: number): TableCell[] {
    return [nameOf(endpoints), formatEndpoints(endpoints['subsets']), ageOf(endpoints, now)];
  },
};

/** Port numbers, else port names, else `*` (a port with neither). */
function slicePorts(ports: unknown): string {
  return listWithMore(
    list(ports).map((port) => {
      const number = at(port, 'port');
      if (typeof number === 'number') return String(int(number));
      const name = at(port, 'name');
      return typeof name === 'string' ? name : '*';
    }),
  );
}

function sliceEndpoints(endpoints: unknown): string {
  return listWithMore(list(endpoints).flatMap((endpoint) => list(at(endpoint, 'addresses')).map(str)));
}

export const endpointSlicePrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', 'The address family of the endpoints: IPv4, IPv6 or FQDN.'),
    column('Ports', 'string', 'The ports every endpoint in the slice serves.'),
    column('Endpoints', 'string', 'Endpoint addresses, the first few of them.'),
    AGE_COLUMN,
  ],
  cells(slice: KubeObject, now: number): TableCell[] {
    return [
      nameOf(slice),
      str(slice['addressType']),
      slicePorts(slice['ports']),
      sliceEndpoints(slice['endpoints']),
      ageOf(slice, now),
    ];
  },
};
