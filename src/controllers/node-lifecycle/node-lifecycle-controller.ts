// The node lifecycle controller's shell: one "monitor" pass at a time over all nodes, their
// Leases and, for the nodes that are not healthy, their pods (planNodeHealth), triggered by changes to any of them, every monitor
// period (5 s, as upstream's node-monitor-period), and exactly when the plan says a grace period
// or a toleration runs out. Writes per node in order: status (conditions), then spec (taints),
// each conditional on the version just read or written; then pods: Ready=False for pods on a
// node that is not Ready, and eviction (a DisruptionTarget condition, then delete) for pods
// whose tolerations of a NoExecute taint ran out.
import type { Logger } from 'pino';
import type { Lease } from '../../api/coordination/v1/lease.ts';
import type { Node, Taint } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { isConflict, isNotFound } from '../../client/api-error.ts';
import type { Controller, ControllerContext, EventRecorder, SharedInformer, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import { formatTime } from '../../api/meta/time.ts';
import { DEFAULT_NODE_HEALTH_OPTIONS, planNodeHealth, type NodeHealthOptions, type NodeHealthPlan, type PodRef } from './plan.ts';
import { ensurePodNodeIndex, POD_NODE_INDEX } from './pods-by-node.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const MONITOR_KEY = 'monitor';
const MAX_RETRIES = 15;

export interface NodeLifecycleOptions extends Partial<NodeHealthOptions> {
  /** Upstream's node-monitor-period: how often health is looked at with nothing changing. */
  readonly monitorPeriodMs?: number;
}

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  private readonly nodes: SharedInformer<Node>;
  private readonly leases: SharedInformer<Lease>;
  private readonly pods: SharedInformer<Pod>;
  private readonly queue: WorkQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly health: NodeHealthOptions;
  private readonly monitorPeriodMs: number;
  /** When each node was first seen: silence from before that is not held against it. */
  private readonly firstSeen = new Map<string, number>();
  /** When each NoExecute taint without timeAdded was first seen, by node and key. */
  private readonly taintSeen = new Map<string, number>();

  constructor(
    private readonly ctx: ControllerContext,
    options: NodeLifecycleOptions = {},
  ) {
    const { monitorPeriodMs, ...health } = options;
    this.health = { ...DEFAULT_NODE_HEALTH_OPTIONS, ...health };
    this.monitorPeriodMs = monitorPeriodMs ?? 5_000;
    this.log = ctx.log.child({ controller: this.name });
    // Events name the component as upstream's recorder does.
    this.recorder = ctx.recorder('node-controller');
    this.queue = createWorkQueue<string>({ clock: ctx.clock });
    this.nodes = ctx.informers.informer('nodes');
    this.leases = ctx.informers.informer('leases');
    this.pods = ctx.informers.informer('pods');
    ensurePodNodeIndex(this.pods);

    const monitor = () => this.queue.add(MONITOR_KEY);
    this.nodes.addEventHandler({
      onAdd: (node) => {
        const name = node.metadata?.name;
        if (name && !this.firstSeen.has(name)) this.firstSeen.set(name, ctx.clock.now());
        monitor();
      },
      onUpdate: monitor,
      onDelete: (node) => {
        this.firstSeen.delete(node.metadata?.name ?? '');
        monitor();
      },
    });
    const leaseChanged = (lease: Lease) => {
      if (lease.metadata?.namespace === NODE_LEASE_NAMESPACE) monitor();
    };
    this.leases.addEventHandler({ onAdd: leaseChanged, onUpdate: (_previous, lease) => leaseChanged(lease) });
    const podChanged = (pod: Pod) => {
      if (pod.spec?.nodeName) monitor();
    };
    this.pods.addEventHandler({ onAdd: podChanged, onUpdate: (_previous, pod) => podChanged(pod) });
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    this.queue.add(MONITOR_KEY);
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        workers: 1,
        maxRetries: MAX_RETRIES,
        sync: () => this.monitorNodeHealth(),
        log: this.log,
      },
      signal,
    );
  }

  private async monitorNodeHealth(): Promise<void> {
    const now = this.ctx.clock.now();
    const nodes = this.nodes.lister.list();
    const leasesByNode = new Map<string, Lease>();
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      const lease = this.leases.lister.get(`${NODE_LEASE_NAMESPACE}/${name}`);
      if (lease) leasesByNode.set(name, lease);
    }
    this.forgetTaintsNotSeen(nodes);
    const plan = planNodeHealth(
      {
        nodes,
        leasesByNode,
        podsOn: (name) => this.pods.lister.byIndex(POD_NODE_INDEX, name),
        now,
        firstSeen: this.firstSeen,
        taintSince: (node, taint) => this.taintSince(node, taint, now),
      },
      this.health,
    );
    // The next look: when the plan says something runs out, and at least every monitor period.
    const next = Math.min(plan.nextCheckAt ?? Infinity, now + this.monitorPeriodMs);
    this.queue.addAfter(MONITOR_KEY, Math.max(0, next - now));

    const failures = await this.apply(plan, nodes, now);
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} node health writes failed`);
  }

  private async apply(plan: NodeHealthPlan, nodes: readonly Node[], now: number): Promise<unknown[]> {
    const failures: unknown[] = [];
    const attempt = async (write: () => Promise<void>) => {
      try {
        await write();
      } catch (error) {
        if (!isNotFound(error)) failures.push(error);
      }
    };
    const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
    const names = new Set([...plan.nodeStatusUpdates.map((u) => u.node), ...plan.nodeTaintUpdates.map((u) => u.node)]);
    for (const name of names) {
      await attempt(async () => {
        const status = plan.nodeStatusUpdates.find((u) => u.node === name);
        let resourceVersion = byName.get(name)?.metadata?.resourceVersion;
        if (status) {
          const written = await this.ctx.clientset.nodes.patch(
            undefined,
            name,
            'strategic',
            { metadata: { resourceVersion }, status: { conditions: status.conditions } },
            { subresource: 'status' },
          );
          resourceVersion = written.metadata?.resourceVersion;
          if (status.becameNotReady) this.recorder.event(written, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
          this.log.info({ node: name }, 'node not heard from within the grace period: conditions set to Unknown');
        }
        const taints = plan.nodeTaintUpdates.find((u) => u.node === name);
        if (taints) {
          await this.ctx.clientset.nodes.patch(undefined, name, 'merge', { metadata: { resourceVersion }, spec: { taints: taints.taints } });
          if (taints.added.length + taints.removed.length > 0) {
            this.log.info({ node: name, added: taints.added.map(taintText), removed: taints.removed.map(taintText) }, 'node taints changed');
          }
        }
      });
    }
    for (const pod of plan.podsToMarkNotReady) await attempt(() => this.markNotReady(pod, now));
    for (const pod of plan.podsToEvict) await attempt(() => this.evict(pod, now));
    return failures;
  }

  private async markNotReady(ref: PodRef, now: number): Promise<void> {
    const pod = await this.ctx.clientset.pods.patch(
      ref.namespace,
      ref.name,
      'strategic',
      { metadata: { uid: ref.uid }, status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: formatTime(now) }] } },
      { subresource: 'status' },
    );
    this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }

  private async evict(ref: PodRef, now: number): Promise<void> {
    const pod = await this.ctx.clientset.pods.patch(
      ref.namespace,
      ref.name,
      'strategic',
      {
        metadata: { uid: ref.uid },
        status: {
          conditions: [
            {
              type: 'DisruptionTarget',
              status: 'True',
              reason: 'DeletionByTaintManager',
              message: 'Taint manager: deleting due to NoExecute taint',
              lastTransitionTime: formatTime(now),
            },
          ],
        },
      },
      { subresource: 'status' },
    );
    this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ref.namespace}/${ref.name}`);
    try {
      await this.ctx.clientset.pods.delete(ref.namespace, ref.name, { preconditions: { uid: ref.uid } });
    } catch (error) {
      if (isConflict(error)) return;
      throw error;
    }
    this.log.info({ pod: `${ref.namespace}/${ref.name}`, node: ref.node }, 'evicted pod from tainted node');
  }

  private taintSince(node: string, taint: Taint, now: number): number | undefined {
    if (taint.timeAdded) {
      const at = Date.parse(taint.timeAdded);
      if (!Number.isNaN(at)) return at;
    }
    const key = `${node}\u0000${taint.key ?? ''}`;
    if (!this.taintSeen.has(key)) this.taintSeen.set(key, now);
    return this.taintSeen.get(key);
  }

  private forgetTaintsNotSeen(nodes: readonly Node[]): void {
    const current = new Set(
      nodes.flatMap((n) => (n.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute').map((t) => `${n.metadata?.name ?? ''}\u0000${t.key ?? ''}`)),
    );
    for (const key of this.taintSeen.keys()) if (!current.has(key)) this.taintSeen.delete(key);
  }
}

function taintText(taint: Taint): string {
  return `${taint.key ?? ''}:${taint.effect ?? ''}`;
}
