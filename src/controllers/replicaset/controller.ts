// The ReplicaSet controller's shell (upstream replica_set.go): informer handlers that enqueue
// ReplicaSet keys, expectations so a resync before the cache has caught up never creates or
// deletes twice, and the writes of planReplicaSet: adopt/release patches, Pod creates in
// slow-start batches, deletes, events, and the status through /status.
import type { Logger } from 'pino';
import type { ReplicaSet, ReplicaSetStatus } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { ApiError, isConflict, isNotFound } from '../../client/api-error.ts';
import type { ApiObject, Controller, ControllerContext, EventRecorder, Lister, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { objectKey } from '../../client/indexer.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import {
  adoptionPatch,
  controllerRefOf,
  isPodActive,
  isPodReady,
  releasePatch,
  selectorFromSpec,
} from '../pod-ownership/index.ts';
import { BY_CONTROLLER_UID, ensureControllerUidIndex } from '../pod-ownership/indexes.ts';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.ts';
import { REPLICASET_API_VERSION, REPLICASET_KIND, podFromTemplate } from './pod-template.ts';
import { BURST_REPLICAS, planReplicaSet, replicaSetStatus, replicaSetStatusChanged } from './plan.ts';

const MAX_RETRIES = 15;
/** Upstream --concurrent-replicaset-syncs. */
const DEFAULT_WORKERS = 5;
/** Upstream SlowStartInitialBatchSize: creates go 1, 2, 4, ... at a time, stopping at the first failure. */
const SLOW_START_INITIAL_BATCH = 1;

export interface ReplicaSetControllerOptions {
  readonly workers?: number;
  readonly burstReplicas?: number;
}


export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  private readonly queue: WorkQueue<string>;
  private readonly expectations: ControllerExpectations;
  private readonly replicaSets: Lister<ReplicaSet>;
  private readonly pods: Lister<Pod>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly workers: number;
  private readonly burstReplicas: number;

  constructor(
    private readonly ctx: ControllerContext,
    options: ReplicaSetControllerOptions = {},
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.queue = createWorkQueue<string>({ clock: ctx.clock });
    this.expectations = new ControllerExpectations(ctx.clock);
    this.recorder = ctx.recorder(this.name);
    this.workers = options.workers ?? DEFAULT_WORKERS;
    this.burstReplicas = options.burstReplicas ?? BURST_REPLICAS;
    const rsInformer = ctx.informers.informer('replicaSets');
    const podInformer = ctx.informers.informer('pods');
    ensureControllerUidIndex(rsInformer);
    ensureControllerUidIndex(podInformer);
    this.replicaSets = rsInformer.lister;
    this.pods = podInformer.lister;
    rsInformer.addEventHandler({
      onAdd: (rs) => this.queue.add(objectKey(rs)),
      onUpdate: (old, rs) => {
        if (old.metadata?.uid !== rs.metadata?.uid) this.onReplicaSetDeleted(old);
        this.queue.add(objectKey(rs));
      },
      onDelete: (rs) => this.onReplicaSetDeleted(rs),
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.onPodAdded(pod),
      onUpdate: (old, pod) => this.onPodUpdated(old, pod),
      onDelete: (pod) => this.onPodDeleted(pod),
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        workers: this.workers,
        maxRetries: MAX_RETRIES,
        sync: (key) => this.sync(key),
        log: this.log,
      },
      signal,
    );
  }

  private onReplicaSetDeleted(rs: ReplicaSet): void {
    const key = objectKey(rs);
    this.expectations.forget(key);
    this.queue.add(key);
  }

  /** The ReplicaSet a controller reference points at, if it is still the same object. */
  private owner(pod: Pod, ref = controllerRefOf(pod)): ReplicaSet | undefined {
    if (!ref || ref.kind !== REPLICASET_KIND) return undefined;
    const rs = this.replicaSets.get(`${pod.metadata?.namespace ?? ''}/${ref.name ?? ''}`);
    return rs && rs.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets whose selector matches an orphan Pod: one of them may adopt it. */
  private enqueueMatching(pod: Pod): void {
    for (const rs of this.replicaSets.byNamespace(pod.metadata?.namespace ?? '')) {
      try {
        if (selectorFromSpec(rs.spec?.selector).matches(pod.metadata?.labels)) this.queue.add(objectKey(rs));
      } catch {
        // A ReplicaSet with a selector that does not parse matches nothing.
      }
    }
  }

  private onPodAdded(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.onPodDeleted(pod);
    if (controllerRefOf(pod)) {
      const rs = this.owner(pod);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.queue.add(objectKey(rs));
      return;
    }
    this.enqueueMatching(pod);
  }

  private onPodUpdated(old: Pod, pod: Pod): void {
    if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(pod.metadata?.labels ?? {});
    // A terminating Pod is as good as gone: replace it now rather than when it finally disappears.
    if (pod.metadata?.deletionTimestamp) {
      this.onPodDeleted(pod);
      if (labelsChanged) this.onPodDeleted(old);
      return;
    }
    const oldRef = controllerRefOf(old);
    const ref = controllerRefOf(pod);
    const refChanged = oldRef?.uid !== ref?.uid;
    if (refChanged && oldRef) {
      const previous = this.owner(old, oldRef);
      if (previous) this.queue.add(objectKey(previous));
    }
    if (ref) {
      const rs = this.owner(pod, ref);
      if (!rs) return;
      this.queue.add(objectKey(rs));
      const minReady = rs.spec?.minReadySeconds ?? 0;
      // Available minReadySeconds after turning ready: look again then.
      if (!isPodReady(old) && isPodReady(pod) && minReady > 0) this.queue.addAfter(objectKey(rs), (minReady + 1) * 1000);
      return;
    }
    if (labelsChanged || refChanged) this.enqueueMatching(pod);
  }

  private onPodDeleted(pod: Pod): void {
    const rs = this.owner(pod);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.queue.add(key);
  }

  private async sync(key: string): Promise<void> {
    const stored = this.replicaSets.get(key);
    if (!stored) {
      this.expectations.forget(key);
      return;
    }
    const rs = stored;
    const namespace = rs.metadata?.namespace ?? '';
    const mayManageReplicas = this.expectations.satisfied(key);
    let pods = this.pods.byNamespace(namespace);
    let plan;
    try {
      plan = planReplicaSet({ replicaSet: rs, pods, relatedPods: this.relatedPods(rs), now: this.ctx.clock.now(), mayManageReplicas, burstReplicas: this.burstReplicas });
    } catch (error) {
      // A selector that does not parse: upstream reports it and does not retry.
      this.log.warn({ replicaSet: key, err: error }, 'cannot convert the selector');
      return;
    }
    if (plan.adopt.length > 0 || plan.release.length > 0) {
      const gone = await this.claim(rs, plan.adopt, plan.release);
      if (gone.size > 0) {
        pods = pods.filter((pod) => !gone.has(objectKey(pod)));
        plan = planReplicaSet({ replicaSet: rs, pods, relatedPods: this.relatedPods(rs), now: this.ctx.clock.now(), mayManageReplicas, burstReplicas: this.burstReplicas });
      }
    }
    let failure: unknown;
    if (plan.create > 0) failure = await this.createPods(rs, key, plan.create);
    else if (plan.delete.length > 0) failure = await this.deletePods(rs, key, plan.delete);
    const now = this.ctx.clock.now();
    const status = failure === undefined ? plan.status : replicaSetStatus(rs, plan.owned, now, { message: errorMessage(failure) });
    if (failure !== undefined || plan.statusChanged) await this.writeStatus(rs, status);
    if (failure !== undefined) throw failure;
    if (plan.recheckAfterMs !== undefined) this.queue.addAfter(key, plan.recheckAfterMs);
    // Expectations that are never met (an add lost while the watch was down) expire only when a
    // sync looks at them; make sure one does, or a steady ReplicaSet would wait forever.
    if (!mayManageReplicas) this.queue.addAfter(key, EXPECTATIONS_TIMEOUT_MS);
  }

  /** Pods of every ReplicaSet under the same controller (a Deployment's old and new ones). */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const controller = controllerRefOf(rs);
    const siblings = controller
      ? this.replicaSets.byIndex(BY_CONTROLLER_UID, controller.uid ?? '').filter((other) => other.metadata?.namespace === rs.metadata?.namespace)
      : [rs];
    return siblings.flatMap((sibling) => this.pods.byIndex(BY_CONTROLLER_UID, sibling.metadata?.uid ?? '')).filter(isPodActive);
  }

  /**
   * Adopts and releases; answers the keys of Pods that turned out to be gone. Before adopting,
   * the ReplicaSet is read fresh from the server, as upstream's RecheckDeletionTimestamp does: a
   * cached ReplicaSet that was just deleted must not take Pods.
   */
  private async claim(rs: ReplicaSet, adopt: readonly Pod[], release: readonly Pod[]): Promise<Set<string>> {
    const client = this.ctx.clientset.pods;
    const namespace = rs.metadata?.namespace ?? '';
    const gone = new Set<string>();
    if (adopt.length > 0) {
      const fresh = await this.ctx.clientset.replicaSets.get(namespace, rs.metadata?.name ?? '');
      if (fresh.metadata?.uid !== rs.metadata?.uid) {
        throw new Error(`original ReplicaSet ${objectKey(rs)} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${rs.metadata?.uid ?? ''}`);
      }
      if (fresh.metadata?.deletionTimestamp) throw new Error(`${objectKey(rs)} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
    const owner = { apiVersion: REPLICASET_API_VERSION, kind: REPLICASET_KIND, name: rs.metadata?.name ?? '', uid: rs.metadata?.uid ?? '' };
    for (const pod of adopt) {
      try {
        await client.patch(namespace, pod.metadata?.name ?? '', 'strategic', adoptionPatch(owner, pod.metadata?.uid));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        gone.add(objectKey(pod));
      }
    }
    for (const pod of release) {
      try {
        await client.patch(namespace, pod.metadata?.name ?? '', 'strategic', releasePatch(owner.uid, pod.metadata?.uid));
      } catch (error) {
        // Gone, or replaced by a Pod of the same name (uid precondition): nothing to release.
        if (!isNotFound(error) && !(error instanceof ApiError && error.code === 422)) throw error;
      }
    }
    return gone;
  }

  /** Creates in slow-start batches (1, 2, 4, ...); answers the first error, if any. */
  private async createPods(rs: ReplicaSet, key: string, count: number): Promise<unknown> {
    this.expectations.expectCreations(key, count);
    const template = podFromTemplate(rs);
    const namespace = rs.metadata?.namespace ?? '';
    let created = 0;
    let failure: unknown;
    for (let batch = Math.min(count, SLOW_START_INITIAL_BATCH); created < count && failure === undefined; batch = Math.min(2 * batch, count - created)) {
      const results = await Promise.allSettled(
        Array.from({ length: batch }, () => this.ctx.clientset.pods.create(namespace, structuredClone(template))),
      );
      for (const result of results) {
        if (result.status === 'fulfilled') {
          created++;
          this.recorder.event(involved(rs), 'Normal', 'SuccessfulCreate', `Created pod: ${result.value.metadata?.name ?? ''}`);
        } else if (isNamespaceTerminating(result.reason)) {
          // Every later create would fail the same way; the namespace is going away anyway.
        } else {
          failure ??= result.reason;
          this.recorder.event(involved(rs), 'Warning', 'FailedCreate', `Error creating: ${errorMessage(result.reason)}`);
        }
      }
      if (results.some((r) => r.status === 'rejected' && isNamespaceTerminating(r.reason))) break;
    }
    // Creates that failed or were never sent will not be observed.
    for (let i = created; i < count; i++) this.expectations.creationObserved(key);
    return failure;
  }

  private async deletePods(rs: ReplicaSet, key: string, pods: readonly Pod[]): Promise<unknown> {
    this.expectations.expectDeletions(key, pods.map(objectKey));
    const namespace = rs.metadata?.namespace ?? '';
    let failure: unknown;
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.ctx.clientset.pods.delete(namespace, pod.metadata?.name ?? '');
          this.recorder.event(involved(rs), 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name ?? ''}`);
        } catch (error) {
          this.expectations.deletionObserved(key, objectKey(pod));
          if (isNotFound(error)) return;
          failure ??= error;
          this.recorder.event(involved(rs), 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(error)}`);
        }
      }),
    );
    return failure;
  }

  /** Upstream updateReplicaSetStatus: one retry against a fresh copy on failure. */
  private async writeStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> {
    let target = rs;
    for (let attempt = 0; ; attempt++) {
      const next: ReplicaSet = { ...target, status: { ...status, observedGeneration: target.metadata?.generation } };
      if (attempt > 0 && !replicaSetStatusChanged(target, next.status!)) return;
      try {
        await this.ctx.clientset.replicaSets.updateStatus(next);
        return;
      } catch (error) {
        if (attempt >= 1 || !(isConflict(error) || isNotFound(error))) throw error;
        if (isNotFound(error)) return;
        target = await this.ctx.clientset.replicaSets.get(rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
      }
    }
  }
}

/** The object an event is about, with the kind that list items leave out. */
function involved(rs: ReplicaSet): ApiObject {
  return { apiVersion: REPLICASET_API_VERSION, kind: REPLICASET_KIND, metadata: rs.metadata };
}

function isNamespaceTerminating(error: unknown): boolean {
  return error instanceof ApiError && (error.status.details?.causes ?? []).some((cause) => cause.reason === 'NamespaceTerminating');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
