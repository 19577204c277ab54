// Reading a Pod's Ready condition, as upstream's podutil does: what the endpoints, workload and
// node controllers (and later the agent and proxy) all mean by "ready".
import type { Pod, PodCondition } from './pod.ts';

export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((condition) => condition.type === 'Ready');
}

/** The Ready condition is True; a Pod without one is not ready. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}
