// Cluster IPs and node ports for Services, as upstream's service storage (alloc.go): allocated
// on create (the value asked for, or a free one), kept across updates, allocated or released
// when a type change or a port change needs it, released on delete. A failed or dry-run write
// gives back everything it took; releases of what the old version held happen only once the
// write succeeded.
import type { FieldError } from '../../api/field-errors.ts';
import { invalid as invalidField } from '../../api/field-errors.ts';
import type { KubeObject } from '../../api/meta/v1.ts';
import type { Service, ServicePort } from '../../api/core/v1/service.ts';
import type { Store } from '../../storage/store.ts';
import { internalError, invalid } from '../http/api-error.ts';
import type { Reservation, WriteHooks } from '../registry/strategy.ts';
import { nodePortOffset } from './banded-range.ts';
import type { ServiceCIDR } from './service-cidr.ts';
import { StoreAllocator } from './store-allocator.ts';

export interface NodePortRange {
  readonly base: number;
  readonly size: number;
}

export const DEFAULT_NODE_PORT_RANGE: NodePortRange = { base: 30000, size: 2768 };

const IP_PREFIX = '/registry/kubesvc.io/serviceips/';
const PORT_PREFIX = '/registry/kubesvc.io/nodeports/';

/** What a Service holds: its cluster IP and node ports (health check port included). */
interface Holdings {
  readonly ip?: string;
  readonly ports: readonly number[];
}

export class ServiceAllocation implements WriteHooks {
  readonly ips: StoreAllocator;
  readonly nodePorts: StoreAllocator;

  constructor(
    store: Store,
    private readonly cidr: ServiceCIDR,
    private readonly portRange: NodePortRange = DEFAULT_NODE_PORT_RANGE,
    random: () => number = Math.random,
  ) {
    this.ips = new StoreAllocator(store, IP_PREFIX, cidr, { indexOf: (v) => cidr.indexOf(v), valueAt: (i) => cidr.ipAt(i) }, random);
    this.nodePorts = new StoreAllocator(
      store,
      PORT_PREFIX,
      { size: portRange.size, offset: nodePortOffset(portRange.size) },
      {
        indexOf: (v) => {
          const port = Number(v);
          return Number.isInteger(port) && port >= portRange.base && port < portRange.base + portRange.size
            ? port - portRange.base
            : undefined;
        },
        valueAt: (i) => String(portRange.base + i),
      },
      random,
    );
  }

  async load(): Promise<void> {
    await this.ips.load();
    await this.nodePorts.load();
  }

  async beforeCreate(object: KubeObject, dryRun: boolean): Promise<Reservation> {
    return this.reserve(object as Service, { ports: [] }, dryRun);
  }

  async beforeUpdate(next: KubeObject, previous: KubeObject, dryRun: boolean): Promise<Reservation> {
    return this.reserve(next as Service, holdings(previous as Service), dryRun);
  }

  async afterDelete(deleted: KubeObject): Promise<void> {
    const held = holdings(deleted as Service);
    if (held.ip) await this.ips.release(held.ip);
    for (const port of held.ports) await this.nodePorts.release(String(port));
  }

  /** Allocates what `service` needs beyond `before`; the reservation undoes or completes it. */
  private async reserve(service: Service, before: Holdings, dryRun: boolean): Promise<Reservation> {
    const owner = `${service.metadata?.namespace}/${service.metadata?.name}`;
    const takenIps: string[] = [];
    const takenPorts: number[] = [];
    const undo = async () => {
      for (const ip of takenIps) await this.ips.release(ip);
      for (const port of takenPorts) await this.nodePorts.release(String(port));
    };
    try {
      const spec = { ...service.spec };
      if (needsClusterIP(spec.type, spec.clusterIP)) {
        if (spec.clusterIP) {
          if (spec.clusterIP !== before.ip) {
            await this.take(this.ips, spec.clusterIP, owner, 'spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}`, service);
            takenIps.push(spec.clusterIP);
          }
        } else {
          const ip = await this.ips.allocateNext(owner);
          if (!ip) throw internalError('failed to allocate a serviceIP: range is full');
          takenIps.push(ip);
          spec.clusterIP = ip;
        }
        spec.clusterIPs = [spec.clusterIP as string];
      }
      if (spec.ports && needsNodePorts(spec.type)) {
        spec.ports = await this.assignNodePorts(spec.ports, before.ports, owner, takenPorts, service);
      }
      if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
        const port = await this.nodePorts.allocateNext(owner);
        if (!port) throw internalError('failed to allocate a nodePort: range is full');
        takenPorts.push(Number(port));
        spec.healthCheckNodePort = Number(port);
      } else if (spec.healthCheckNodePort && !before.ports.includes(spec.healthCheckNodePort)) {
        await this.take(this.nodePorts, String(spec.healthCheckNodePort), owner, 'spec.healthCheckNodePort', spec.healthCheckNodePort, 'failed to allocate requested HealthCheck NodePort', service);
        takenPorts.push(spec.healthCheckNodePort);
      }
      const allocated: Service = { ...service, spec };
      const after = holdings(allocated);
      return {
        object: allocated as KubeObject,
        undo,
        commit: async () => {
          if (dryRun) return undo();
          if (before.ip && before.ip !== after.ip) await this.ips.release(before.ip);
          for (const port of before.ports) if (!after.ports.includes(port)) await this.nodePorts.release(String(port));
        },
      };
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /** Node ports per service port; ports sharing a port number (53/TCP, 53/UDP) share one. */
  private async assignNodePorts(
    ports: readonly ServicePort[],
    held: readonly number[],
    owner: string,
    taken: number[],
    service: Service,
  ): Promise<ServicePort[]> {
    const byPortNumber = new Map<number, number>();
    for (const port of ports) if (port.nodePort && port.port !== undefined) byPortNumber.set(port.port, port.nodePort);
    const result: ServicePort[] = [];
    for (const [i, port] of ports.entries()) {
      let nodePort = port.nodePort ?? (port.port !== undefined ? byPortNumber.get(port.port) : undefined);
      if (nodePort !== undefined) {
        if (!held.includes(nodePort) && !taken.includes(nodePort)) {
          await this.take(this.nodePorts, String(nodePort), owner, `spec.ports[${i}].nodePort`, nodePort, '', service);
          taken.push(nodePort);
        }
      } else {
        const value = await this.nodePorts.allocateNext(owner);
        if (!value) throw internalError('failed to allocate a nodePort: range is full');
        nodePort = Number(value);
        taken.push(nodePort);
      }
      if (port.port !== undefined) byPortNumber.set(port.port, nodePort);
      result.push({ ...port, nodePort });
    }
    return result;
  }

  private async take(
    allocator: StoreAllocator,
    value: string,
    owner: string,
    field: string,
    shown: unknown,
    prefix: string,
    service: Service,
  ): Promise<void> {
    const result = await allocator.allocate(value, owner);
    if (result.ok) return;
    const why =
      result.reason === 'taken'
        ? allocator === this.ips
          ? 'provided IP is already allocated'
          : 'provided port is already allocated'
        : allocator === this.ips
          ? `the provided IP (${value}) is not in the valid range. The range of valid IPs is ${this.cidr.cidr}`
          : `provided port is not in the valid range. The range of valid ports is ${this.portRange.base}-${this.portRange.base + this.portRange.size - 1}`;
    const error: FieldError = invalidField(field, shown, prefix ? `${prefix}: ${why}` : why);
    throw invalid('Service', '', service.metadata?.name ?? '', [error]);
  }
}

function needsClusterIP(type: string | undefined, clusterIP: string | undefined): boolean {
  return type !== 'ExternalName' && clusterIP !== 'None';
}

function needsNodePorts(type: string | undefined): boolean {
  return type === 'NodePort' || type === 'LoadBalancer';
}

function holdings(service: Service): Holdings {
  const spec = service.spec ?? {};
  const ip = needsClusterIP(spec.type, spec.clusterIP) && spec.clusterIP ? spec.clusterIP : undefined;
  const ports = (spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
  if (spec.healthCheckNodePort) ports.push(spec.healthCheckNodePort);
  return { ...(ip ? { ip } : {}), ports: [...new Set(ports)] };
}
