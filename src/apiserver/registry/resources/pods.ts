// Pods: status starts Pending and is written only through /status; binding to a node goes
// through /binding; deletion is graceful once a pod is on a node (its agent finishes it).
import { defaultPod } from '../../../api/core/v1/pod-defaults.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { validatePod, validatePodUpdate } from '../../../api/core/v1/pod-validation.ts';
import type { DeleteOptions, KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { conflict, forbidden, internalError } from '../../http/api-error.ts';
import type { Clock } from '../../../util/clock.ts';
import { formatTime } from '../../../api/meta/time.ts';
import type { ResourceStrategy, SubresourceStrategy } from '../strategy.ts';
import { defineStrategy, keepStatus, statusSubresource } from './common.ts';
import { withDefaultTolerations } from './pod-default-tolerations.ts';

/** spec.terminationGracePeriodSeconds' default. */
const DEFAULT_GRACE_SECONDS = 30;

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };

/**
 * The QoS class upstream computes at creation: Guaranteed when every container's CPU and memory
 * requests equal its limits, BestEffort when none asks for any, Burstable otherwise.
 */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const resources = containers.map((c) => (c.resources ?? {}) as Resources);
  const names = ['cpu', 'memory'];
  const asked = resources.some((r) => names.some((n) => r.requests?.[n] !== undefined || r.limits?.[n] !== undefined));
  if (!asked) return 'BestEffort';
  const guaranteed = resources.every((r) =>
    names.every((n) => r.limits?.[n] !== undefined && String(r.limits[n]) === String(r.requests?.[n] ?? r.limits[n])),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * /status of a pod. Its single and plural IPs are one field to upstream (the conversion from v1
 * fills podIPs from podIP and back), so a client that sets only `podIP`, as many do, gets both,
 * and the endpoints controllers, which read podIPs, see the address.
 */
function podStatusSubresource(): SubresourceStrategy {
  const base = statusSubresource(() => [], ['ownerReferences']);
  return {
    prepareForUpdate: (next, previous) => {
      const pod = base.prepareForUpdate(next, previous) as Pod;
      return pod.status ? ({ ...pod, status: withIPLists(pod.status) } as KubeObject) : (pod as KubeObject);
    },
    validateUpdate: base.validateUpdate,
  };
}

function withIPLists(status: NonNullable<Pod['status']>): NonNullable<Pod['status']> {
  const pod = ipPair(status.podIP, status.podIPs);
  const host = ipPair(status.hostIP, status.hostIPs);
  return { ...status, ...(pod && { podIP: pod.single, podIPs: pod.list }), ...(host && { hostIP: host.single, hostIPs: host.list }) };
}

type IPList = NonNullable<NonNullable<Pod['status']>['podIPs']>;

/** One address and its list, each filled from the other (the list's first entry wins); undefined when both are unset. */
function ipPair(single: string | undefined, list: IPList | undefined): { single: string | undefined; list: IPList } | undefined {
  if (list?.length) return { single: list[0]?.ip, list };
  return single ? { single, list: [{ ip: single }] } : undefined;
}

/**
 * The PriorityClasses every cluster has (kubesvc serves no others): a pod naming another is
 * refused, as upstream's Priority admission refuses a class it cannot find.
 */
const SYSTEM_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-node-critical', 2_000_001_000],
  ['system-cluster-critical', 2_000_000_000],
]);
/** Priority without a class, when no class is the cluster's default. */
const NO_CLASS_PRIORITY = 0;
const PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority';

/**
 * Upstream's Priority admission on create: the pod's priority comes from its PriorityClass (0
 * without one), and so does its preemption policy; a pod may not state others itself.
 */
function withPriority(pod: Pod): Pod {
  const name = pod.metadata?.name ?? '';
  const className = pod.spec?.priorityClassName ?? '';
  const priority = className === '' ? NO_CLASS_PRIORITY : SYSTEM_PRIORITY_CLASSES.get(className);
  const target = { resource: 'pods', group: '', name };
  if (priority === undefined) throw forbidden(target, `no PriorityClass with name ${className} was found`);
  const stated = pod.spec?.priority;
  if (stated !== undefined && stated !== priority) {
    throw forbidden(target, `the integer value of priority (${stated}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  const policy = pod.spec?.preemptionPolicy;
  if (policy !== undefined && policy !== PREEMPT_LOWER_PRIORITY) {
    throw forbidden(target, `the string value of PreemptionPolicy (${policy}) must not be provided in pod spec; priority admission controller computed ${PREEMPT_LOWER_PRIORITY} from the given PriorityClass name`);
  }
  return { ...pod, spec: { ...pod.spec, priority, preemptionPolicy: PREEMPT_LOWER_PRIORITY } as Pod['spec'] };
}

/**
 * A new pod's status: Pending; a pod whose scheduling gates hold it back says so in its
 * PodScheduled condition, which `kubectl get` shows as SchedulingGated.
 */
function initialStatus(pod: Pod): Pod['status'] {
  const gated = (pod.spec?.schedulingGates ?? []).length > 0;
  return {
    phase: 'Pending',
    ...(gated
      ? { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }] }
      : {}),
    qosClass: qosClass(pod),
  };
}

/**
 * Seconds a pod gets to stop: the request's grace period, else the pod's own (default 30);
 * none for a pod that never reached a node or has already finished, as upstream.
 */
export function podGracePeriodSeconds(pod: Pod, options: DeleteOptions): number {
  const phase = pod.status?.phase;
  if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const requested = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  return requested < 0 ? 1 : requested;
}

/** pods/binding: sets spec.nodeName once, and marks the pod scheduled. */
const binding = (clock: Clock): SubresourceStrategy => ({
  prepareForUpdate(next, previous) {
    const pod = previous as Pod;
    const target = { resource: 'pods/binding', group: '', name: pod.metadata?.name ?? '' };
    if (pod.metadata?.deletionTimestamp) {
      throw conflict(target, `pod ${target.name} is being deleted, cannot be assigned to a host`);
    }
    if (pod.spec?.nodeName) throw conflict(target, `pod ${target.name} is already assigned to node "${pod.spec.nodeName}"`);
    if ((pod.spec?.schedulingGates ?? []).length > 0) throw internalError(`pod ${target.name} has non-empty .spec.schedulingGates`);
    const nodeName = (next as Pod).spec?.nodeName;
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: formatTime(clock.now()) });
    return { ...pod, spec: { ...pod.spec, nodeName }, status: { ...pod.status, conditions } } as KubeObject;
  },
  validateUpdate: () => [],
});

export function podStrategy(info: ResourceInfo, clock: Clock): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultPod(o as Pod) as KubeObject,
    prepareForCreate: (o) => ({ ...withPriority(withDefaultTolerations(o as Pod)), status: initialStatus(o as Pod) }) as KubeObject,
    prepareForUpdate: (next, previous) => keepStatus(withDefaultTolerations(next as Pod) as KubeObject, previous),
    validate: (o) => validatePod(o as Pod),
    validateUpdate: (next, previous) => validatePodUpdate(next as Pod, previous as Pod),
    subresources: { status: podStatusSubresource(), binding: binding(clock) },
    gracePeriodSeconds: (o, options) => podGracePeriodSeconds(o as Pod, options),
    returnDeletedObject: true,
    fieldValue: (o, field) => {
      const pod = o as Pod;
      switch (field) {
        case 'spec.nodeName':
          return pod.spec?.nodeName ?? '';
        case 'spec.restartPolicy':
          return pod.spec?.restartPolicy ?? '';
        case 'spec.schedulerName':
          return pod.spec?.schedulerName ?? '';
        case 'spec.serviceAccountName':
          return pod.spec?.serviceAccountName ?? '';
        case 'spec.hostNetwork':
          return String(pod.spec?.hostNetwork ?? false);
        case 'status.phase':
          return pod.status?.phase ?? '';
        case 'status.podIP':
          return pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
        case 'status.podIPs':
          return (pod.status?.podIPs ?? []).map((p) => p.ip).join(',');
        case 'status.nominatedNodeName':
          return pod.status?.nominatedNodeName ?? '';
        default:
          return undefined;
      }
    },
  });
}
