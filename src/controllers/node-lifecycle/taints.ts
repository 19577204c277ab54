// Taints and tolerations as upstream matches them (k8s.io/api/core/v1 toleration.go and
// taint.go): shared by the scheduler (which keeps pods off tainted nodes) and the node lifecycle
// controller (which taints unhealthy nodes and evicts what does not tolerate it).
import type { Taint } from '../../api/core/v1/node.ts';
import type { Toleration } from '../../api/core/v1/pod.ts';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/**
 * Upstream Toleration.ToleratesTaint: an empty effect matches every effect, an empty key with
 * operator Exists matches every key, Exists ignores the value, Equal (or no operator) compares it.
 */
export function toleratesTaint(toleration: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The same taint for upstream's purposes: key and effect (the value is not part of identity). */
export function sameTaint(a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** `{key: value}` as the scheduler prints a taint in its messages. */
export function describeTaint(taint: Pick<Taint, 'key' | 'value'>): string {
  return `{${taint.key}: ${taint.value ?? ''}}`;
}
