// The scheduler's shell: pending pods (no node, this scheduler's name) go through a work queue
// one at a time; each is placed by planScheduling and bound through pods/binding, or marked
// PodScheduled=False/Unschedulable with a FailedScheduling event. What each node carries is
// summarized incrementally from pod events (NodeUsageTracker), so a decision does not walk the
// node's pods. Pods it has bound count on their node at once ("assumed", as upstream), before the
// informer shows the binding, so a burst of pods spreads instead of piling onto the node that
// looked emptiest. Unschedulable pods are tried again when a node or a pod changes, and at the
// latest after five minutes.
import type { Logger } from 'pino';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod, PodCondition } from '../../api/core/v1/pod.ts';
import { isConflict, isNotFound } from '../../client/api-error.ts';
import type { Controller, ControllerContext, EventRecorder, SharedInformer, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { objectKey } from '../../client/indexer.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import type { Clock } from '../../util/clock.ts';
import { formatTime } from '../../api/meta/time.ts';
import { NodeUsageTracker, occupiesNode } from './node-usage.ts';
import { needsScheduling, planScheduling } from './plan.ts';

/** Upstream's podMaxInUnschedulablePodsDuration: a pod nothing woke up is retried after this long. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;
const MAX_RETRIES = 15;

export interface SchedulerOptions {
  /** Picks among equally good nodes; Math.random by default. */
  readonly random?: () => number;
}

export class Scheduler implements Controller {
  readonly name = 'default-scheduler';
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer<Node>;
  private readonly queue: WorkQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly clock: Clock;
  /** Pods this scheduler bound that the informer does not show bound yet, by key. */
  private readonly assumed = new Set<string>();
  /** What every node carries: the informer's bound pods plus the assumed ones. */
  private readonly usage = new NodeUsageTracker();
  /** Pods that fit nowhere at their last attempt. */
  private readonly unschedulable = new Set<string>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: SchedulerOptions = {},
  ) {
    this.clock = ctx.clock;
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder(this.name);
    this.queue = createWorkQueue<string>({ clock: ctx.clock });
    this.pods = ctx.informers.informer('pods');
    this.nodes = ctx.informers.informer('nodes');

    this.pods.addEventHandler({
      onAdd: (pod) => this.podChanged(pod),
      onUpdate: (previous, pod) => {
        // A relist can fold a delete and a re-create under the same name into one update.
        if (previous.metadata?.uid !== pod.metadata?.uid) this.podGone(previous);
        this.podChanged(pod, previous.metadata?.uid === pod.metadata?.uid ? previous : undefined);
      },
      onDelete: (pod) => this.podGone(pod),
    });
    this.nodes.addEventHandler({
      onAdd: () => this.retryUnschedulable(),
      onUpdate: (previous, node) => {
        if (schedulingView(previous) !== schedulingView(node)) this.retryUnschedulable();
      },
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    this.log.info('scheduler started');
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        // One pod at a time, as upstream: each decision sees the ones before it.
        workers: 1,
        maxRetries: MAX_RETRIES,
        sync: (key) => this.schedule(key),
        log: this.log,
      },
      signal,
    );
  }

  private podGone(pod: Pod): void {
    const key = objectKey(pod);
    this.usage.forget(key);
    this.assumed.delete(key);
    this.unschedulable.delete(key);
    // Its node has room again.
    if (pod.spec?.nodeName) this.retryUnschedulable();
  }

  private podChanged(pod: Pod, previous?: Pod): void {
    const key = objectKey(pod);
    this.usage.observe(key, pod);
    if (pod.spec?.nodeName) {
      this.assumed.delete(key);
      this.unschedulable.delete(key);
      // A pod that left a node (finished) frees room.
      if (previous && occupiesNode(previous) && !occupiesNode(pod)) this.retryUnschedulable();
      return;
    }
    if (!needsScheduling(pod) || this.assumed.has(key)) return;
    // A pod that fit nowhere waits for the cluster to change, not for its own status writes.
    if (previous && this.unschedulable.has(key) && !schedulingInputsChanged(previous, pod)) return;
    this.queue.add(key);
  }

  private retryUnschedulable(): void {
    for (const key of this.unschedulable) this.queue.add(key);
  }

  private async schedule(key: string): Promise<void> {
    const pod = this.pods.lister.get(key);
    if (!pod || !needsScheduling(pod) || this.assumed.has(key)) {
      this.unschedulable.delete(key);
      return;
    }
    const decision = planScheduling(pod, this.nodes.lister.list(), this.usage.usageByNode(), { random: this.options.random ?? Math.random });
    if ('bind' in decision) await this.bind(key, pod, decision.bind);
    else await this.markUnschedulable(key, pod, decision.unschedulable);
  }

  private async bind(key: string, pod: Pod, nodeName: string): Promise<void> {
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    try {
      await this.ctx.clientset.pods.createSubresource(namespace, name, 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace, uid: pod.metadata?.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      });
    } catch (error) {
      // Bound by someone else meanwhile, being deleted, or gone: nothing left to do for it.
      if (isConflict(error) || isNotFound(error)) return;
      this.recorder.event(pod, 'Warning', 'FailedScheduling', `Binding rejected: ${errorMessage(error)}`);
      throw error;
    }
    this.unschedulable.delete(key);
    // The binding (or the pod's deletion) may already have come back through the informer, which
    // then has the last word; otherwise the pod counts on its node from now on.
    const seen = this.pods.lister.get(key);
    if (seen && !seen.spec?.nodeName) {
      this.assumed.add(key);
      this.usage.assume(key, pod, nodeName);
    }
    this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
  }

  private async markUnschedulable(key: string, pod: Pod, message: string): Promise<void> {
    this.unschedulable.add(key);
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const existing = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (existing?.status !== 'False' || existing.reason !== 'Unschedulable' || existing.message !== message) {
      const condition: PodCondition = {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        // Moves only when the status does, as upstream's UpdatePodCondition.
        lastTransitionTime: existing?.status === 'False' && existing.lastTransitionTime ? existing.lastTransitionTime : formatTime(this.clock.now()),
      };
      try {
        await this.ctx.clientset.pods.patch(pod.metadata?.namespace, pod.metadata?.name ?? '', 'strategic', { status: { conditions: [condition] } }, {
          subresource: 'status',
        });
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
    }
    this.queue.addAfter(key, UNSCHEDULABLE_RETRY_MS);
  }
}


/** What of a node decides where pods may go (heartbeat times excluded, so heartbeats wake nothing). */
function schedulingView(node: Node): string {
  return JSON.stringify([
    node.metadata?.labels,
    node.spec?.unschedulable,
    node.spec?.taints,
    node.status?.allocatable,
    (node.status?.conditions ?? []).map((c) => [c.type, c.status]),
  ]);
}

/** What of a pod decides where it may go: its spec and labels (not its status). */
function schedulingInputsChanged(previous: Pod, pod: Pod): boolean {
  return JSON.stringify([previous.spec, previous.metadata?.labels]) !== JSON.stringify([pod.spec, pod.metadata?.labels]);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
