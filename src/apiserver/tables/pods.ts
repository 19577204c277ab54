// Pods as `kubectl get pods` shows them: the READY count, the one-word STATUS kubectl users read
// (upstream printPod's reason logic), RESTARTS with the time of the last restart, and the wide
// columns IP, NODE, NOMINATED NODE and READINESS GATES.
import type { KubeObject } from '../../api/meta/v1.ts';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  ageOf,
  at,
  column,
  int,
  list,
  nameOf,
  parseTimestamp,
  str,
  translateTimestampSince,
} from './format.ts';
import type { JsonRecord } from './format.ts';
import type { KindPrinter, TableCell, TableRowCondition } from './types.ts';

/** The pod reason the node lifecycle controller sets when a node stops reporting. */
const NODE_LOST_REASON = 'NodeLost';

function isRestartableInitContainer(container: unknown): boolean {
  // A sidecar: an init container that keeps running alongside the main containers.
  return str(at(container, 'restartPolicy')) === 'Always';
}

function isTerminalPhase(phase: string): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function hasTrueCondition(status: unknown, type: string): boolean {
  return list(at(status, 'conditions')).some((c) => str(at(c, 'type')) === type && str(at(c, 'status')) === 'True');
}

/** `Signal:9` / `ExitCode:1` for a terminated state without a reason. */
function exitDescription(terminated: unknown): string {
  const signal = int(at(terminated, 'signal'));
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${int(at(terminated, 'exitCode'))}`;
}

/** A present state object (Go: non-nil pointer), even when empty. */
function stateOf(containerStatus: unknown, which: 'waiting' | 'running' | 'terminated'): JsonRecord | undefined {
  const state = at(containerStatus, 'state', which);
  return typeof state === 'object' && state !== null ? (state as JsonRecord) : undefined;
}

function lastFinishedAt(containerStatus: unknown): number | undefined {
  return parseTimestamp(at(containerStatus, 'lastState', 'terminated', 'finishedAt'));
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** ms of the latest lastState.terminated.finishedAt counted, if any. */
  lastRestart: number | undefined;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (b === undefined) return a;
  return a === undefined || b > a ? b : a;
}

export function summarizePod(pod: KubeObject): PodSummary {
  const spec = pod['spec'];
  const status = pod['status'];
  const phase = str(at(status, 'phase'));
  let reason = str(at(status, 'reason')) || phase;

  // A pod held back by scheduling gates says so instead of Pending.
  for (const condition of list(at(status, 'conditions'))) {
    if (str(at(condition, 'type')) === 'PodScheduled' && str(at(condition, 'reason')) === 'SchedulingGated') {
      reason = 'SchedulingGated';
    }
  }

  const containers = list(at(spec, 'containers'));
  const initContainers = list(at(spec, 'initContainers'));
  const initByName = new Map<string, unknown>();
  let total = containers.length;
  for (const container of initContainers) {
    initByName.set(str(at(container, 'name')), container);
    if (isRestartableInitContainer(container)) total++;
  }

  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let sidecarLastRestart: number | undefined;
  let initializing = false;

  // Init containers run in order: stop at the first that has not finished successfully.
  const initStatuses = list(at(status, 'initContainerStatuses'));
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const sidecar = isRestartableInitContainer(initByName.get(str(at(cs, 'name'))));
    restarts += int(at(cs, 'restartCount'));
    lastRestart = later(lastRestart, lastFinishedAt(cs));
    if (sidecar) {
      sidecarRestarts += int(at(cs, 'restartCount'));
      sidecarLastRestart = later(sidecarLastRestart, lastFinishedAt(cs));
    }
    const terminated = stateOf(cs, 'terminated');
    const waiting = stateOf(cs, 'waiting');
    if (terminated !== undefined && int(terminated['exitCode']) === 0) continue;
    if (sidecar && at(cs, 'started') === true) {
      if (at(cs, 'ready') === true) ready++;
      continue;
    }
    if (terminated !== undefined) {
      const why = str(terminated['reason']);
      reason = why === '' ? `Init:${exitDescription(terminated)}` : `Init:${why}`;
    } else if (waiting !== undefined && str(waiting['reason']) !== '' && str(waiting['reason']) !== 'PodInitializing') {
      reason = `Init:${str(waiting['reason'])}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasTrueCondition(status, 'Initialized')) {
    // Once initialized, only sidecar restarts still count among the init containers.
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const statuses = list(at(status, 'containerStatuses'));
    // Walked from the end so the first container's reason wins, as upstream.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += int(at(cs, 'restartCount'));
      lastRestart = later(lastRestart, lastFinishedAt(cs));
      const waiting = stateOf(cs, 'waiting');
      const terminated = stateOf(cs, 'terminated');
      if (waiting !== undefined && str(waiting['reason']) !== '') {
        reason = str(waiting['reason']);
      } else if (terminated !== undefined && str(terminated['reason']) !== '') {
        reason = str(terminated['reason']);
      } else if (terminated !== undefined) {
        reason = exitDescription(terminated);
      } else if (at(cs, 'ready') === true && stateOf(cs, 'running') !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    // A finished container next to one still running does not make the pod Completed.
    if (reason === 'Completed' && hasRunning) {
      reason = hasTrueCondition(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = at(pod, 'metadata', 'deletionTimestamp') != null;
  if (deleting && str(at(status, 'reason')) === NODE_LOST_REASON) {
    reason = 'Unknown';
  } else if (deleting && !isTerminalPhase(phase)) {
    reason = 'Terminating';
  }

  return { ready, total, reason, restarts, lastRestart };
}

/** `2` or, when a restart time is known, `2 (5m ago)`. */
function restartsCell(summary: PodSummary, now: number): string {
  if (summary.restarts !== 0 && summary.lastRestart !== undefined) {
    return `${summary.restarts} (${translateTimestampSince(summary.lastRestart, now)} ago)`;
  }
  return String(summary.restarts);
}

/**
 * The pod's IP as the internal API sees it: v1 status.podIP wins over podIPs[0] (the conversion
 * upstream prints from does so for compatibility with older kubelets).
 */
function podIP(status: unknown): string {
  return str(at(status, 'podIP')) || str(at(list(at(status, 'podIPs'))[0], 'ip')) || '<none>';
}

function readinessGates(pod: KubeObject): string {
  const gates = list(at(pod['spec'], 'readinessGates'));
  if (gates.length === 0) return '<none>';
  const conditions = list(at(pod['status'], 'conditions'));
  let satisfied = 0;
  for (const gate of gates) {
    const type = str(at(gate, 'conditionType'));
    // Only the first condition of that type counts, as upstream.
    const condition = conditions.find((c) => str(at(c, 'type')) === type);
    if (condition !== undefined && str(at(condition, 'status')) === 'True') satisfied++;
  }
  return `${satisfied}/${gates.length}`;
}

export const podPrinter: KindPrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Ready containers out of all containers (sidecars included).'),
    column('Status', 'string', 'One-word summary of the pod and its containers, e.g. Running or CrashLoopBackOff.'),
    column('Restarts', 'string', 'Container restarts in total, and how long ago the latest one ended.'),
    AGE_COLUMN,
    column('IP', 'string', 'The pod IP address.', { priority: 1 }),
    column('Node', 'string', 'The node the pod is bound to.', { priority: 1 }),
    column('Nominated Node', 'string', 'The node preemption made room on, before the pod is bound.', {
      priority: 1,
    }),
    column('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all gates.', {
      priority: 1,
    }),
  ],
  cells(pod: KubeObject, now: number): TableCell[] {
    const summary = summarizePod(pod);
    return [
      nameOf(pod),
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restartsCell(summary, now),
      ageOf(pod, now),
      podIP(pod['status']),
      str(at(pod['spec'], 'nodeName')) || '<none>',
      str(at(pod['status'], 'nominatedNodeName')) || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod: KubeObject): TableRowCondition[] | undefined {
    // Lets kubectl grey out pods that have finished.
    switch (str(at(pod['status'], 'phase'))) {
      case 'Succeeded':
        return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
      case 'Failed':
        return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
      default:
        return undefined;
    }
  },
};
