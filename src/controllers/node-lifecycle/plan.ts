// Node health, as upstream's node lifecycle controller and taint eviction controller decide it,
// from the nodes, their Leases (kube-node-lease/<node>) and their pods at one instant:
// - a node not heard from (Lease renewal or Ready heartbeat) for the grace period gets its Ready,
//   MemoryPressure, DiskPressure and PIDPressure conditions set to Unknown ("Kubelet stopped
//   posting node status.");
// - its conditions map to taints: NoSchedule ones for the scheduler (not-ready, unreachable,
//   pressure, unschedulable) and NoExecute not-ready / unreachable ones for eviction;
// - pods on a node that is not Ready get their Ready condition set to False, so they leave the
//   endpoints of their Services;
// - pods on a node with NoExecute taints are evicted once their tolerations run out.
// When every zone is fully disrupted (no Ready node at all), the problem is more likely on the
// controller's side than on every node, so, as upstream, nothing is evicted and the NoExecute
// taints are lifted; a partially disrupted small zone gets no new NoExecute taints either.
import type { Lease } from '../../api/coordination/v1/lease.ts';
import type { Node, NodeCondition, Taint } from '../../api/core/v1/node.ts';
import type { Pod, Toleration } from '../../api/core/v1/pod.ts';
import { podReadyCondition } from '../../api/core/v1/pod-conditions.ts';
import { formatTime, parseTime } from '../../api/meta/time.ts';
import {
  sameTaint,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NETWORK_UNAVAILABLE,
  TAINT_NOT_READY,
  TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  toleratesTaint,
} from './taints.ts';

export interface NodeHealthOptions {
  /** Upstream's node-monitor-grace-period. */
  readonly gracePeriodMs: number;
  /** Upstream's node-startup-grace-period: for a node that never reported Ready. */
  readonly startupGracePeriodMs?: number;
  /** Zones with more nodes than this keep evicting (slowly, upstream) in a partial disruption. */
  readonly largeClusterThreshold?: number;
  /** Fraction of not-ready nodes (with more than two) that makes a zone partially disrupted. */
  readonly unhealthyZoneThreshold?: number;
}

export const DEFAULT_NODE_HEALTH_OPTIONS: Required<NodeHealthOptions> = {
  gracePeriodMs: 40_000,
  startupGracePeriodMs: 60_000,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

export interface NodeHealthInput {
  readonly nodes: readonly Node[];
  /** Each node's Lease in kube-node-lease, by node name. */
  readonly leasesByNode: ReadonlyMap<string, Lease>;
  /**
   * The pods bound to a node. Asked only for the nodes whose pods the plan acts on (not Ready,
   * or with NoExecute taints), so a pass over healthy nodes never gathers pods.
   */
  readonly podsOn: (nodeName: string) => readonly Pod[];
  /** ms since the epoch. */
  readonly now: number;
  /**
   * When this controller first saw each node: a node is never judged on silence from before
   * the controller was watching (upstream starts its probe clock at first sight).
   */
  readonly firstSeen?: ReadonlyMap<string, number>;
  /** When a NoExecute taint appeared (upstream: when the eviction logic first saw it); default timeAdded. */
  readonly taintSince?: (nodeName: string, taint: Taint) => number | undefined;
}

export interface NodeStatusUpdate {
  readonly node: string;
  readonly resourceVersion: string | undefined;
  readonly conditions: NodeCondition[];
  /** Ready went from True to Unknown in this pass (upstream then records NodeNotReady). */
  readonly becameNotReady: boolean;
}

export interface NodeTaintUpdate {
  readonly node: string;
  readonly resourceVersion: string | undefined;
  readonly taints: Taint[];
  readonly added: Taint[];
  readonly removed: Taint[];
}

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly node: string;
}

export interface NodeHealthPlan {
  readonly nodeStatusUpdates: NodeStatusUpdate[];
  readonly nodeTaintUpdates: NodeTaintUpdate[];
  readonly podsToMarkNotReady: PodRef[];
  readonly podsToEvict: PodRef[];
  /** When the plan may change next without any object changing (a grace period or toleration ends). */
  readonly nextCheckAt: number | undefined;
}

const REMAINING_CONDITION_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];
const NO_SCHEDULE_BY_CONDITION: ReadonlyArray<[string, string, string]> = [
  ['Ready', 'False', TAINT_NOT_READY],
  ['Ready', 'Unknown', TAINT_UNREACHABLE],
  ['MemoryPressure', 'True', TAINT_MEMORY_PRESSURE],
  ['DiskPressure', 'True', TAINT_DISK_PRESSURE],
  ['PIDPressure', 'True', TAINT_PID_PRESSURE],
  ['NetworkUnavailable', 'True', TAINT_NETWORK_UNAVAILABLE],
];
const MANAGED_NO_SCHEDULE = new Set([...NO_SCHEDULE_BY_CONDITION.map(([, , key]) => key), TAINT_UNSCHEDULABLE]);
const EVICTION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

export function planNodeHealth(input: NodeHealthInput, options: NodeHealthOptions = DEFAULT_NODE_HEALTH_OPTIONS): NodeHealthPlan {
  const settings = { ...DEFAULT_NODE_HEALTH_OPTIONS, ...options };
  const plan: NodeHealthPlan = { nodeStatusUpdates: [], nodeTaintUpdates: [], podsToMarkNotReady: [], podsToEvict: [], nextCheckAt: undefined };
  let nextCheckAt: number | undefined;
  const later = (at: number) => (nextCheckAt = nextCheckAt === undefined ? at : Math.min(nextCheckAt, at));
  const podsSeen = new Map<string, readonly Pod[]>();
  const podsOn = (name: string) => {
    let pods = podsSeen.get(name);
    if (!pods) podsSeen.set(name, (pods = input.podsOn(name)));
    return pods;
  };

  // 1. Conditions: silence past the grace period makes them Unknown.
  const conditionsByNode = new Map<string, readonly NodeCondition[]>();
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    const { conditions, changed, becameNotReady, expiresAt } = healthConditions(node, input, settings);
    conditionsByNode.set(name, conditions);
    if (changed) plan.nodeStatusUpdates.push({ node: name, resourceVersion: node.metadata?.resourceVersion, conditions, becameNotReady });
    if (expiresAt !== undefined) later(expiresAt + 1);
  }
  const readyOf = (node: Node) => conditionsByNode.get(node.metadata?.name ?? '')?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';

  // 2. Zones: how disrupted each is decides whether NoExecute taints are added.
  const zones = zoneStates(input.nodes, readyOf, settings.unhealthyZoneThreshold);
  const allFullyDisrupted = zones.size > 0 && [...zones.values()].every((z) => z.state === 'FullDisruption');

  // 3. Taints.
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    const zone = zones.get(zoneOf(node)) as { state: ZoneState; size: number };
    const conditions = conditionsByNode.get(name) ?? [];
    const mayAddNoExecute = !allFullyDisrupted && !(zone.state === 'PartialDisruption' && zone.size <= settings.largeClusterThreshold);
    const update = taintUpdate(node, conditions, input.now, allFullyDisrupted, mayAddNoExecute);
    if (update) plan.nodeTaintUpdates.push(update);
  }

  // 4. Pods on nodes that are not Ready stop being Ready.
  for (const node of input.nodes) {
    if (readyOf(node) === 'True') continue;
    const name = node.metadata?.name ?? '';
    for (const pod of podsOn(name)) {
      if (pod.spec?.nodeName !== name) continue;
      const ready = podReadyCondition(pod);
      if (ready && ready.status !== 'False') plan.podsToMarkNotReady.push(podRef(pod, name));
    }
  }

  // 5. Taint eviction, from the taints the nodes have now.
  if (!allFullyDisrupted) {
    for (const node of input.nodes) {
      const name = node.metadata?.name ?? '';
      const noExecute = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
      if (noExecute.length === 0) continue;
      const since = Math.min(...noExecute.map((t) => input.taintSince?.(name, t) ?? parseTime(t.timeAdded) ?? input.now));
      for (const pod of podsOn(name)) {
        if (pod.spec?.nodeName !== name || pod.metadata?.deletionTimestamp) continue;
        const evictAt = evictionTime(pod.spec?.tolerations ?? [], noExecute, since);
        if (evictAt === undefined) continue;
        if (evictAt <= input.now) plan.podsToEvict.push(podRef(pod, name));
        else later(evictAt);
      }
    }
  }

  return { ...plan, nextCheckAt };
}

function healthConditions(
  node: Node,
  input: NodeHealthInput,
  settings: Required<NodeHealthOptions>,
): { conditions: NodeCondition[]; changed: boolean; becameNotReady: boolean; expiresAt: number | undefined } {
  const name = node.metadata?.name ?? '';
  const current = node.status?.conditions ?? [];
  const ready = current.find((c) => c.type === 'Ready');
  const lease = input.leasesByNode.get(name);
  const lastHeard = Math.max(
    parseTime(lease?.spec?.renewTime) ?? -Infinity,
    parseTime(ready?.lastHeartbeatTime) ?? -Infinity,
    input.firstSeen?.get(name) ?? parseTime(node.metadata?.creationTimestamp) ?? -Infinity,
  );
  const grace = ready ? settings.gracePeriodMs : settings.startupGracePeriodMs;
  const expiresAt = Number.isFinite(lastHeard) ? lastHeard + grace : undefined;
  if (expiresAt !== undefined && input.now <= expiresAt) return { conditions: [...current], changed: false, becameNotReady: false, expiresAt };

  const at = formatTime(input.now);
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of ['Ready', ...REMAINING_CONDITION_TYPES]) {
    const existing = conditions.find((c) => c.type === type);
    if (!existing) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        ...(node.metadata?.creationTimestamp ? { lastHeartbeatTime: node.metadata.creationTimestamp } : {}),
        lastTransitionTime: at,
      });
      changed = true;
    } else if (existing.status !== 'Unknown') {
      Object.assign(existing, {
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: at,
      });
      changed = true;
    }
  }
  return { conditions, changed, becameNotReady: ready?.status === 'True', expiresAt: undefined };
}

function taintUpdate(
  node: Node,
  conditions: readonly NodeCondition[],
  now: number,
  allFullyDisrupted: boolean,
  mayAddNoExecute: boolean,
): NodeTaintUpdate | undefined {
  const status = (type: string) => conditions.find((c) => c.type === type)?.status;
  const current = node.spec?.taints ?? [];

  const wantNoSchedule = new Set(NO_SCHEDULE_BY_CONDITION.filter(([type, s]) => status(type) === s).map(([, , key]) => key));
  if (node.spec?.unschedulable) wantNoSchedule.add(TAINT_UNSCHEDULABLE);

  const ready = status('Ready') ?? 'Unknown';
  const evictionKey = ready === 'False' ? TAINT_NOT_READY : ready === 'Unknown' ? TAINT_UNREACHABLE : undefined;
  const hasEvictionTaint = current.some((t) => t.effect === 'NoExecute' && EVICTION_TAINT_KEYS.has(t.key ?? ''));
  // Swapping not-ready for unreachable (or back) is always allowed; a first one needs mayAddNoExecute.
  const wantNoExecute = !allFullyDisrupted && evictionKey && (hasEvictionTaint || mayAddNoExecute) ? evictionKey : undefined;

  const kept = current.filter((t) => {
    const key = t.key ?? '';
    if (t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(key)) return wantNoSchedule.has(key);
    if (t.effect === 'NoExecute' && EVICTION_TAINT_KEYS.has(key)) return key === wantNoExecute;
    return true;
  });
  const added: Taint[] = [];
  for (const key of [...wantNoSchedule].sort()) {
    if (!kept.some((t) => sameTaint(t, { key, effect: 'NoSchedule' }))) added.push({ key, effect: 'NoSchedule' });
  }
  if (wantNoExecute && !kept.some((t) => sameTaint(t, { key: wantNoExecute, effect: 'NoExecute' }))) {
    added.push({ key: wantNoExecute, effect: 'NoExecute', timeAdded: formatTime(now) });
  }
  const removed = current.filter((t) => !kept.includes(t));
  if (added.length === 0 && removed.length === 0) return undefined;
  return { node: node.metadata?.name ?? '', resourceVersion: node.metadata?.resourceVersion, taints: [...kept, ...added], added, removed };
}

/**
 * Upstream's taint eviction: an untolerated NoExecute taint evicts at once; otherwise the
 * shortest tolerationSeconds among the tolerations used decides (none given: never).
 */
function evictionTime(tolerations: readonly Toleration[], taints: readonly Taint[], since: number): number | undefined {
  let minSeconds = Infinity;
  for (const taint of taints) {
    const used = tolerations.find((t) => toleratesTaint(t, taint));
    if (!used) return -Infinity;
    if (used.tolerationSeconds !== undefined) minSeconds = Math.min(minSeconds, Math.max(0, used.tolerationSeconds));
  }
  return minSeconds === Infinity ? undefined : since + minSeconds * 1000;
}

function zoneStates(
  nodes: readonly Node[],
  readyOf: (node: Node) => string,
  unhealthyThreshold: number,
): Map<string, { state: ZoneState; size: number }> {
  const counts = new Map<string, { ready: number; notReady: number }>();
  for (const node of nodes) {
    const zone = zoneOf(node);
    const count = counts.get(zone) ?? { ready: 0, notReady: 0 };
    if (readyOf(node) === 'True') count.ready++;
    else count.notReady++;
    counts.set(zone, count);
  }
  const states = new Map<string, { state: ZoneState; size: number }>();
  for (const [zone, { ready, notReady }] of counts) {
    const size = ready + notReady;
    let state: ZoneState = 'Normal';
    if (ready === 0 && notReady > 0) state = 'FullDisruption';
    else if (notReady > 2 && notReady / size >= unhealthyThreshold) state = 'PartialDisruption';
    states.set(zone, { state, size });
  }
  return states;
}

/** Upstream's zone key: region and zone labels (either may be empty). */
function zoneOf(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return `${region}:\u0000:${zone}`;
}

function podRef(pod: Pod, node: string): PodRef {
  return { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '', node };
}

