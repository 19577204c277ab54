// Where a pod goes: the scheduler's pure core. Filters as upstream's default plugins do, in
// their order (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
// NodeResourcesFit), with one kubesvc filter between them: a node whose Ready condition is not
// True takes no pods (upstream relies on the not-ready taints for that; this also covers the
// moments before the node lifecycle controller has tainted it). Among the nodes left, the one with
// the best preferred node affinity, then the fewest untolerated PreferNoSchedule taints, then the
// fewest pods wins; ties go to an injected random choice. When no node fits, the answer is
// upstream's "0/N nodes are available: ..." message.
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { describeTaint, TAINT_UNSCHEDULABLE, tolerates } from '../node-lifecycle/taints.ts';
import { matchesNodeSelectorAndAffinity, preferredAffinityWeight } from './node-affinity.ts';
import { hostPortsOf, NO_USAGE, type NodeUsage } from './node-usage.ts';
import { resourceFitFailures } from './resource-fit.ts';

export { occupiesNode } from './node-usage.ts';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Upstream's messages for each filter's failure. */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";
export const REASON_NOT_READY = 'node(s) were not ready';
export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

export type SchedulingDecision = { readonly bind: string } | { readonly unschedulable: string };

export interface SchedulingOptions {
  /** Picks among equally good nodes; [0, 1) like Math.random. Without it the first by name wins. */
  readonly random?: () => number;
}

/** Whether this scheduler should place the pod now. */
export function needsScheduling(pod: Pod): boolean {
  if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return false;
  // Gated pods wait for whoever holds the gates (upstream's SchedulingGates PreEnqueue plugin).
  if ((pod.spec?.schedulingGates ?? []).length > 0) return false;
  if ((pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) !== DEFAULT_SCHEDULER_NAME) return false;
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * Chooses a node for `pod`. `usageByNode` summarizes the pods that occupy each node (bound and
 * not finished; see NodeUsageTracker); a node missing from it carries none.
 */
export function planScheduling(
  pod: Pod,
  nodes: readonly Node[],
  usageByNode: ReadonlyMap<string, NodeUsage>,
  options: SchedulingOptions = {},
): SchedulingDecision {
  if (nodes.length === 0) return { unschedulable: NO_NODES_MESSAGE };
  const reasonCounts = new Map<string, number>();
  const feasible: Array<{ node: Node; load: number }> = [];
  for (const node of [...nodes].sort(byName)) {
    const usage = usageByNode.get(node.metadata?.name ?? '') ?? NO_USAGE;
    const reasons = filterReasons(pod, node, usage);
    if (reasons.length === 0) feasible.push({ node, load: usage.pods });
    for (const reason of reasons) reasonCounts.set(reason, (reasonCounts.get(reason) ?? 0) + 1);
  }
  if (feasible.length === 0) return { unschedulable: fitErrorMessage(nodes.length, reasonCounts) };

  const scored = feasible.map(({ node, load }) => ({
    node,
    score: [-preferredAffinityWeight(pod, node), untoleratedPreferNoSchedule(pod, node), load],
  }));
  scored.sort((a, b) => compareScores(a.score, b.score));
  const best = scored.filter((s) => compareScores(s.score, (scored[0] as (typeof scored)[number]).score) === 0);
  const pick = options.random ? Math.min(best.length - 1, Math.floor(options.random() * best.length)) : 0;
  return { bind: (best[pick] as (typeof best)[number]).node.metadata?.name ?? '' };
}

/** Why the node cannot take the pod: the first failing filter's reasons, none when it fits. */
export function filterReasons(pod: Pod, node: Node, usage: NodeUsage): string[] {
  const tolerations = pod.spec?.tolerations;
  if (node.spec?.unschedulable && !tolerates(tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) {
    return [REASON_UNSCHEDULABLE];
  }
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata?.name) return [REASON_NODE_NAME];
  const untolerated = (node.spec?.taints ?? []).find(
    (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerates(tolerations, taint),
  );
  if (untolerated) return [`node(s) had untolerated taint ${describeTaint(untolerated)}`];
  if (!isNodeReady(node)) return [REASON_NOT_READY];
  if (!matchesNodeSelectorAndAffinity(pod, node)) return [REASON_AFFINITY];
  if (hostPortsConflict(pod, usage)) return [REASON_PORTS];
  return resourceFitFailures(pod, node, usage);
}

export function isNodeReady(node: Node): boolean {
  return (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Upstream's FitError text: each reason with the number of nodes it applies to, sorted as
 * strings, e.g. "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu."
 */
export function fitErrorMessage(nodeCount: number, reasonCounts: ReadonlyMap<string, number>): string {
  const parts = [...reasonCounts].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}

function untoleratedPreferNoSchedule(pod: Pod, node: Node): number {
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(pod.spec?.tolerations, t))
    .length;
}

// Two uses of a host port clash on the same protocol and port when either listens on every address.
function hostPortsConflict(pod: Pod, usage: NodeUsage): boolean {
  if (usage.hostPorts.size === 0) return false;
  const wanted = hostPortsOf(pod);
  return wanted.some((w) =>
    [...usage.hostPorts.values()].some(
      ({ port: u }) =>
        u.protocol === w.protocol &&
        u.port === w.port &&
        (u.hostIP === w.hostIP || u.hostIP === '0.0.0.0' || w.hostIP === '0.0.0.0'),
    ),
  );
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function byName(a: Node, b: Node): number {
  const left = a.metadata?.name ?? '';
  const right = b.metadata?.name ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}
