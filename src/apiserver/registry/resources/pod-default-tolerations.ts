// Upstream's DefaultTolerationSeconds admission: every pod tolerates the node lifecycle's
// not-ready and unreachable NoExecute taints for 300 s unless it already says otherwise. The node
// lifecycle controller evicts a pod from an unhealthy node once that time runs out, so these
// defaults decide how long a Service keeps pointing at pods on a dead node.
import type { Pod, Toleration } from '../../../api/core/v1/pod.ts';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
const DEFAULT_TOLERATION_SECONDS = 300;

/** Whether a toleration covers `key`'s NoExecute taint (an empty key or effect matches all). */
function coversNoExecute(toleration: Toleration, key: string): boolean {
  return (!toleration.key || toleration.key === key) && (!toleration.effect || toleration.effect === 'NoExecute');
}

export function withDefaultTolerations(pod: Pod): Pod {
  if (!pod.spec) return pod;
  const tolerations = pod.spec.tolerations ?? [];
  const missing = [NOT_READY_TAINT, UNREACHABLE_TAINT].filter((key) => !tolerations.some((t) => coversNoExecute(t, key)));
  if (missing.length === 0) return pod;
  const added = missing.map(
    (key): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS }),
  );
  return { ...pod, spec: { ...pod.spec, tolerations: [...tolerations, ...added] } };
}
