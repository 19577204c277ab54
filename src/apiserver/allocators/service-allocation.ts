// Cluster IPs and node ports for Services, as upstream's service storage (alloc.go): allocated
// on create (the value asked for, or a free one), kept across updates, allocated or released
// when a type change or a port change needs it, released on delete. A failed or dry-run write
// gives back everything it took; releases of what the old version held happen only once the
// write succeeded.
import { childPath, indexPath, invalid as invalidField } from '../../api/field-errors.ts';
import type { KubeObject } from '../../api/meta/v1.ts';
import type { Service, ServicePort, ServiceSpec } from '../../api/core/v1/service.ts';
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

/** What a Service holds: its cluster IP, its ports' node ports, and its health check node port. */
interface Holdings {
  readonly ip?: string;
  readonly nodePorts: readonly number[];
  readonly healthCheckNodePort?: number;
}

const NOTHING_HELD: Holdings = { nodePorts: [] };

/**
 * Whether ports that ask for no node port get one (upstream shouldAllocateNodePorts): always for
 * NodePort; for LoadBalancer unless `allocateLoadBalancerNodePorts: false`, where only node ports
 * the client asked for are taken (a load balancer that routes to pods directly needs none).
 */
export function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  if (spec.type === 'LoadBalancer') return spec.allocateLoadBalancerNodePorts !== false;
  return false;
}

/** A LoadBalancer with the Local policy: load balancers probe each node on a port of its own. */
function needsHealthCheck(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** Why a value could not be taken, in upstream's allocator words. */
type Refusal = 'taken' | 'out-of-range';

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
    return this.reserve(object as Service, undefined, dryRun);
  }

  async beforeUpdate(next: KubeObject, previous: KubeObject, dryRun: boolean): Promise<Reservation> {
    return this.reserve(next as Service, previous as Service, dryRun);
  }

  async afterDelete(deleted: KubeObject): Promise<void> {
    const held = holdings(deleted as Service);
    if (held.ip) await this.ips.release(held.ip);
    for (const port of portsOf(held)) await this.nodePorts.release(String(port));
  }

  /** Allocates what `service` needs beyond what `previous` held; the reservation undoes or completes it. */
  private async reserve(service: Service, previous: Service | undefined, dryRun: boolean): Promise<Reservation> {
    const before = previous ? holdings(previous) : NOTHING_HELD;
    const write = new WriteClaims(this, `${service.metadata?.namespace}/${service.metadata?.name}`);
    const name = service.metadata?.name ?? '';
    try {
      const spec: ServiceSpec = { ...service.spec };
      if (needsClusterIP(spec.type, spec.clusterIP)) {
        if (spec.clusterIP) {
          if (spec.clusterIP !== before.ip) {
            const refused = await write.ip(spec.clusterIP);
            if (refused) {
              const why = `failed to allocate IP ${spec.clusterIP}: ${this.ipRefusal(refused, spec.clusterIP)}`;
              throw invalid('Service', '', name, [invalidField('spec.clusterIPs', [spec.clusterIP], why)]);
            }
          }
        } else {
          const ip = await write.nextIP();
          if (!ip) throw internalError('failed to allocate a serviceIP: range is full');
          spec.clusterIP = ip;
        }
        spec.clusterIPs = [spec.clusterIP as string];
      }
      if (spec.ports && needsNodePorts(spec.type)) {
        spec.ports = previous
          ? await this.updateNodePorts(spec, before.nodePorts, write, name)
          : await this.initNodePorts(spec, write, name);
      }
      // Only a Service that starts needing one gets a health check port; one that already did
      // keeps its own (validation forbids changing it).
      if (needsHealthCheck(spec) && !(previous && needsHealthCheck(previous.spec))) {
        spec.healthCheckNodePort = await this.allocHealthCheckNodePort(spec.healthCheckNodePort, write);
      }
      const allocated: Service = { ...service, spec };
      const after = holdings(allocated);
      const portsAfter = portsOf(after);
      return {
        object: allocated as KubeObject,
        undo: () => write.giveBack(),
        commit: async () => {
          if (dryRun) return write.giveBack();
          if (before.ip && before.ip !== after.ip) await this.ips.release(before.ip);
          for (const port of portsOf(before)) if (!portsAfter.includes(port)) await this.nodePorts.release(String(port));
        },
      };
    } catch (error) {
      await write.giveBack();
      throw error;
    }
  }

  /**
   * Node ports of a new Service (upstream initNodePorts). Ports with the same port number share
   * one node port (53/TCP and 53/UDP), the one asked for by any of them or else one allocated for
   * the first. Ports with different numbers never share: asking twice for one node port is
   * refused as already allocated.
   */
  private async initNodePorts(spec: ServiceSpec, write: WriteClaims, name: string): Promise<ServicePort[]> {
    const allocateNew = shouldAllocateNodePorts(spec);
    const ports = (spec.ports ?? []).map((port) => ({ ...port }));
    const nodePortOfNumber = new Map<number, number>();
    for (const [i, port] of ports.entries()) {
      if (!port.nodePort && !allocateNew) continue;
      const number = port.port ?? 0;
      const shared = nodePortOfNumber.get(number);
      if (shared === undefined) {
        const requested = ports.find((p) => (p.port ?? 0) === number && p.nodePort)?.nodePort;
        if (requested) await this.takeRequestedNodePort(requested, i, write, name);
        port.nodePort = requested || (await this.nextNodePort(write));
        nodePortOfNumber.set(number, port.nodePort);
      } else if (!port.nodePort) {
        port.nodePort = shared;
      } else if (port.nodePort !== shared) {
        await this.takeRequestedNodePort(port.nodePort, i, write, name);
      }
    }
    return ports;
  }

  /**
   * Node ports of an updated Service (upstream updateNodePorts): what the stored version held is
   * kept, each port without one gets its own (no sharing by port number here), and a port asked
   * for that was not held is taken.
   */
  private async updateNodePorts(spec: ServiceSpec, held: readonly number[], write: WriteClaims, name: string): Promise<ServicePort[]> {
    const allocateNew = shouldAllocateNodePorts(spec);
    const requestedHere = new Set<number>();
    const ports = (spec.ports ?? []).map((port) => ({ ...port }));
    for (const [i, port] of ports.entries()) {
      if (port.nodePort) {
        if (held.includes(port.nodePort) || requestedHere.has(port.nodePort)) continue;
        await this.takeRequestedNodePort(port.nodePort, i, write, name);
        requestedHere.add(port.nodePort);
      } else if (allocateNew) {
        port.nodePort = await this.nextNodePort(write);
      }
    }
    return ports;
  }

  private async takeRequestedNodePort(nodePort: number, index: number, write: WriteClaims, name: string): Promise<void> {
    const refused = await write.port(nodePort);
    if (refused) {
      const field = childPath(indexPath('spec.ports', index), 'nodePort');
      throw invalid('Service', '', name, [invalidField(field, nodePort, this.portRefusal(refused))]);
    }
  }

  private async nextNodePort(write: WriteClaims): Promise<number> {
    const port = await write.nextPort();
    if (port === undefined) throw internalError('failed to allocate a nodePort: range is full');
    return port;
  }

  /**
   * The health check node port, the one asked for or any (upstream allocHealthCheckNodePort).
   * Upstream reports a failure here as an internal error, not as an invalid field, and clients
   * match its text, so it is kept, including the 0 it prints when the range is full.
   */
  private async allocHealthCheckNodePort(requested: number | undefined, write: WriteClaims): Promise<number> {
    if (requested) {
      const refused = await write.port(requested);
      if (refused) throw internalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${this.portRefusal(refused)}`);
      return requested;
    }
    const port = await write.nextPort();
    if (port === undefined) throw internalError('failed to allocate a HealthCheck NodePort 0: range is full');
    return port;
  }

  private ipRefusal(refused: Refusal, ip: string): string {
    return refused === 'taken'
      ? 'provided IP is already allocated'
      : `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr.cidr}`;
  }

  private portRefusal(refused: Refusal): string {
    const last = this.portRange.base + this.portRange.size - 1;
    return refused === 'taken'
      ? 'provided port is already allocated'
      : `provided port is not in the valid range. The range of valid ports is ${this.portRange.base}-${last}`;
  }
}

/**
 * What one write has taken so far, so that a failed or dry-run write gives it all back. The
 * store lets an owner take again what it holds (a retried write must not fail on its own
 * allocation), so a value asked for twice within one write is refused here.
 */
class WriteClaims {
  private readonly ips: string[] = [];
  private readonly ports: number[] = [];

  constructor(
    private readonly allocation: ServiceAllocation,
    private readonly owner: string,
  ) {}

  async ip(ip: string): Promise<Refusal | undefined> {
    if (this.ips.includes(ip)) return 'taken';
    const result = await this.allocation.ips.allocate(ip, this.owner);
    if (!result.ok) return result.reason;
    this.ips.push(ip);
    return undefined;
  }

  async nextIP(): Promise<string | undefined> {
    const ip = await this.allocation.ips.allocateNext(this.owner);
    if (ip) this.ips.push(ip);
    return ip;
  }

  async port(port: number): Promise<Refusal | undefined> {
    if (this.ports.includes(port)) return 'taken';
    const result = await this.allocation.nodePorts.allocate(String(port), this.owner);
    if (!result.ok) return result.reason;
    this.ports.push(port);
    return undefined;
  }

  async nextPort(): Promise<number | undefined> {
    const port = await this.allocation.nodePorts.allocateNext(this.owner);
    if (port === undefined) return undefined;
    this.ports.push(Number(port));
    return Number(port);
  }

  async giveBack(): Promise<void> {
    for (const ip of this.ips.splice(0)) await this.allocation.ips.release(ip);
    for (const port of this.ports.splice(0)) await this.allocation.nodePorts.release(String(port));
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
  const nodePorts = (spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
  return {
    ...(ip ? { ip } : {}),
    nodePorts: [...new Set(nodePorts)],
    ...(spec.healthCheckNodePort ? { healthCheckNodePort: spec.healthCheckNodePort } : {}),
  };
}

/** Every node port held, the health check port included. */
function portsOf(held: Holdings): number[] {
  const ports = [...held.nodePorts];
  if (held.healthCheckNodePort && !ports.includes(held.healthCheckNodePort)) ports.push(held.healthCheckNodePort);
  return ports;
}
