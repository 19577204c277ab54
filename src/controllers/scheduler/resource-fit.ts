// Whether a pod's resource requests fit on a node next to the pods already there (upstream's
// NodeResourcesFit filter): the node's pod count against allocatable "pods", then every resource
// the pod requests against allocatable minus what the node's pods already request (both from
// the node's usage summary).
import type { Node } from '../../api/core/v1/node.ts';
import type { Container, Pod } from '../../api/core/v1/pod.ts';
import { parseQuantity } from '../../api/core/v1/resource-quantity.ts';
import type { NodeUsage } from './node-usage.ts';

/** Resource name → amount in thousandths (millicores for cpu, millibytes for memory). */
export type ResourceAmounts = Map<string, bigint>;

/**
 * Upstream's failure reasons of the fit filter (one per resource that does not fit). A node
 * without any allocatable list is taken as unlimited: a kubesvc agent may not report one.
 */
export function resourceFitFailures(pod: Pod, node: Node, usage: NodeUsage): string[] {
  const allocatableList = node.status?.allocatable;
  if (!allocatableList) return [];
  const allocatable = amountsOf(allocatableList);
  const reasons: string[] = [];
  const allowedPods = allocatable.get('pods') ?? 0n;
  if (BigInt(usage.pods + 1) * 1000n > allowedPods) reasons.push('Too many pods');

  const requested = podRequests(pod);
  if (requested.size === 0) return reasons;
  for (const [name, amount] of [...requested].sort(([a], [b]) => a.localeCompare(b))) {
    if (amount <= 0n || name === 'pods') continue;
    const free = (allocatable.get(name) ?? 0n) - (usage.requested.get(name) ?? 0n);
    if (amount > free) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/**
 * What a pod reserves: the larger of its containers' sum (with restartable init containers, the
 * sidecars, which keep running) and its largest ordinary init container, plus the overhead.
 */
export function podRequests(pod: Pod): ResourceAmounts {
  const spec = pod.spec;
  const total: ResourceAmounts = new Map();
  for (const container of spec?.containers ?? []) addInto(total, containerRequests(container));
  const sidecars: ResourceAmounts = new Map();
  const initPeak: ResourceAmounts = new Map();
  for (const init of spec?.initContainers ?? []) {
    const requests = containerRequests(init);
    if (init.restartPolicy === 'Always') {
      addInto(sidecars, requests);
      continue;
    }
    // An ordinary init container runs next to the sidecars started before it.
    const peak = new Map(sidecars);
    addInto(peak, requests);
    maxInto(initPeak, peak);
  }
  addInto(total, sidecars);
  maxInto(total, initPeak);
  if (spec?.overhead) addInto(total, amountsOf(spec.overhead));
  return total;
}

function containerRequests(container: Container): ResourceAmounts {
  return amountsOf(container.resources?.requests ?? {});
}

function amountsOf(list: Readonly<Record<string, string | number>>): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [name, value] of Object.entries(list)) {
    const quantity = parseQuantity(value);
    if (!quantity) continue;
    // Thousandths, rounded up, as upstream's MilliValue.
    const scaled = quantity.unscaled * 1000n;
    const divisor = 10n ** BigInt(quantity.scale);
    out.set(name, scaled / divisor + (scaled % divisor > 0n ? 1n : 0n));
  }
  return out;
}

function addInto(target: ResourceAmounts, add: ResourceAmounts): void {
  for (const [name, amount] of add) target.set(name, (target.get(name) ?? 0n) + amount);
}

function maxInto(target: ResourceAmounts, other: ResourceAmounts): void {
  for (const [name, amount] of other) {
    if (amount > (target.get(name) ?? 0n)) target.set(name, amount);
  }
}
