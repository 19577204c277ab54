// The endpoints.kubernetes.io/last-change-trigger-time annotation: when the change that this
// write reflects happened (upstream's TriggerTimeTracker). The proxy and latency SLOs read it.
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { parseTime } from '../../api/meta/time.ts';
import { podReadyCondition } from './pod-state.ts';

interface ServiceState {
  serviceTriggerTime: number | undefined;
  podTriggerTimes: Map<string, number>;
}

/**
 * Remembers, per Service, the trigger times seen at its last sync. A Pod's trigger time is its
 * Ready condition's lastTransitionTime; the Service's is its creation time. Like upstream, this
 * is an approximation when one object changes twice between two syncs.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /**
   * The trigger time to publish for this sync (ms since the epoch), or undefined for none. A
   * Service seen for the first time reports its creation time; afterwards the earliest trigger
   * time that moved since the previous call. Call it on every sync, even one that writes nothing.
   */
  compute(serviceKey: string, service: Service, pods: readonly Pod[]): number | undefined {
    const previous = this.states.get(serviceKey);
    let earliest: number | undefined;
    const podTriggerTimes = new Map<string, number>();
    for (const pod of pods) {
      const time = parseTime(podReadyCondition(pod)?.lastTransitionTime);
      if (time === undefined) continue;
      const name = pod.metadata?.name ?? '';
      podTriggerTimes.set(name, time);
      const before = previous?.podTriggerTimes.get(name);
      if (before === undefined || time > before) earliest = earliest === undefined ? time : Math.min(earliest, time);
    }
    const serviceTriggerTime = parseTime(service.metadata?.creationTimestamp);
    if (serviceTriggerTime !== undefined && (previous?.serviceTriggerTime === undefined || serviceTriggerTime > previous.serviceTriggerTime)) {
      earliest = earliest === undefined ? serviceTriggerTime : Math.min(earliest, serviceTriggerTime);
    }
    this.states.set(serviceKey, { serviceTriggerTime, podTriggerTimes });
    return previous ? earliest : serviceTriggerTime;
  }

  deleteService(serviceKey: string): void {
    this.states.delete(serviceKey);
  }
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros, none when whole. */
export function formatTriggerTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}
