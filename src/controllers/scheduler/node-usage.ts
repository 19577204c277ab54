// What each node already carries, as the scheduler's filters and score need it: the pods that
// occupy it, the resources they request and the host ports they hold. Kept up to date one pod at
// a time (upstream's scheduler cache of NodeInfos in spirit), so placing a pod costs the same on a
// node with ten pods as on one with ten thousand. Pods the scheduler has just bound count at once
// ("assumed") until the informer shows the binding.
import type { Pod } from '../../api/core/v1/pod.ts';
import { podRequests, type ResourceAmounts } from './resource-fit.ts';

export interface HostPort {
  readonly protocol: string;
  readonly hostIP: string;
  readonly port: number;
}

/** The summary of one node's occupying pods that planScheduling reads. */
export interface NodeUsage {
  /** Pods that hold the node's resources (bound and not finished). */
  readonly pods: number;
  /** Sum of those pods' requests, in thousandths, by resource name. */
  readonly requested: ReadonlyMap<string, bigint>;
  /** Host ports in use, by hostPortKey, with how many pods hold each. */
  readonly hostPorts: ReadonlyMap<string, HostPortUse>;
}

/** The empty node. */
export const NO_USAGE: NodeUsage = { pods: 0, requested: new Map(), hostPorts: new Map() };

/** Whether a pod still holds its node's resources (the scheduler ignores finished pods). */
export function occupiesNode(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed';
}

export function hostPortsOf(pod: Pod): HostPort[] {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  return containers.flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => ({ protocol: p.protocol ?? 'TCP', hostIP: p.hostIP || '0.0.0.0', port: p.hostPort as number })),
  );
}

export interface HostPortUse {
  readonly port: HostPort;
  readonly pods: number;
}

export function hostPortKey(port: HostPort): string {
  return `${port.protocol}/${port.hostIP}/${port.port}`;
}

/** One pod's share of its node's usage, remembered so that it can be taken back exactly. */
interface Contribution {
  readonly node: string;
  readonly requests: ResourceAmounts;
  readonly hostPorts: readonly HostPort[];
  /** Counted because this scheduler bound it, before the informer showed the binding. */
  readonly assumed: boolean;
}

interface MutableUsage {
  pods: number;
  readonly requested: Map<string, bigint>;
  readonly hostPorts: Map<string, HostPortUse>;
}

export class NodeUsageTracker {
  private readonly byPod = new Map<string, Contribution>();
  private readonly byNode = new Map<string, MutableUsage>();

  /** The informer's view of a pod (added or updated). */
  observe(key: string, pod: Pod): void {
    const previous = this.byPod.get(key);
    if (occupiesNode(pod)) {
      this.replace(key, contributionOf(pod, pod.spec?.nodeName ?? '', false));
    } else if (previous?.assumed && !pod.spec?.nodeName) {
      // Bound by us, but the informer has not caught up yet: it still counts where we put it.
    } else {
      this.forget(key);
    }
  }

  /** A pod this scheduler just bound to `nodeName`: counts there at once. */
  assume(key: string, pod: Pod, nodeName: string): void {
    this.replace(key, contributionOf(pod, nodeName, true));
  }

  /** The pod is gone. */
  forget(key: string): void {
    const previous = this.byPod.get(key);
    if (!previous) return;
    this.byPod.delete(key);
    const usage = this.byNode.get(previous.node);
    if (!usage) return;
    usage.pods--;
    for (const [name, amount] of previous.requests) {
      const left = (usage.requested.get(name) ?? 0n) - amount;
      if (left === 0n) usage.requested.delete(name);
      else usage.requested.set(name, left);
    }
    for (const port of previous.hostPorts) {
      const key = hostPortKey(port);
      const left = (usage.hostPorts.get(key)?.pods ?? 0) - 1;
      if (left <= 0) usage.hostPorts.delete(key);
      else usage.hostPorts.set(key, { port, pods: left });
    }
    if (usage.pods === 0) this.byNode.delete(previous.node);
  }

  /** Every node's usage, by node name (nodes without occupying pods are absent). Live: do not keep. */
  usageByNode(): ReadonlyMap<string, NodeUsage> {
    return this.byNode;
  }

  private replace(key: string, contribution: Contribution): void {
    this.forget(key);
    this.byPod.set(key, contribution);
    let usage = this.byNode.get(contribution.node);
    if (!usage) this.byNode.set(contribution.node, (usage = { pods: 0, requested: new Map(), hostPorts: new Map() }));
    usage.pods++;
    for (const [name, amount] of contribution.requests) usage.requested.set(name, (usage.requested.get(name) ?? 0n) + amount);
    for (const port of contribution.hostPorts) {
      const key = hostPortKey(port);
      usage.hostPorts.set(key, { port, pods: (usage.hostPorts.get(key)?.pods ?? 0) + 1 });
    }
  }
}

function contributionOf(pod: Pod, node: string, assumed: boolean): Contribution {
  return { node, requests: podRequests(pod), hostPorts: hostPortsOf(pod), assumed };
}
