// The garbage collector's shell: informers on every kind feed the ownership graph; each change
// queues the uids whose situation it may change (the object, its owners, its dependents); a
// worker plans one uid at a time with planGarbageCollection and performs the writes in the
// plan's order. Before acting on an owner the graph believes gone, the owner is read from the
// API server, as upstream does: an informer that lags must not get a live dependent deleted.
import type { Logger } from 'pino';
import { isConflict, isNotFound } from '../../client/api-error.ts';
import type { ApiObject, Controller, ControllerContext, ResourceClient, SharedInformer, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import { graphNodeOf, OwnershipGraph, type ObjectRef } from './graph.ts';
import { GC_KINDS, type GcKind } from './kinds.ts';
import { planGarbageCollection, type AbsentOwner } from './plan.ts';

/** Upstream retries collection until it succeeds: giving up would leave garbage for good. */
const MAX_RETRIES = Infinity;
/** Upstream runs 20 delete workers; writes for different uids are independent. */
const WORKERS = 8;

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  private readonly graph = new OwnershipGraph();
  private readonly queue: WorkQueue<string>;
  private readonly log: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.log = ctx.log.child({ controller: this.name });
    this.queue = createWorkQueue<string>({ clock: ctx.clock });
    for (const kind of GC_KINDS) this.watch(kind);
  }

  /** The graph, for tests and debugging. */
  get ownershipGraph(): OwnershipGraph {
    return this.graph;
  }

  async run(signal: AbortSignal): Promise<void> {
    await this.ctx.informers.waitForSync(signal);
    this.log.info({ objects: this.graph.size }, 'garbage collector started');
    await runWorkers(
      {
        name: this.name,
        queue: this.queue,
        workers: WORKERS,
        maxRetries: MAX_RETRIES,
        sync: (uid) => this.collect(uid),
        log: this.log,
      },
      signal,
    );
  }

  private watch(kind: GcKind): void {
    // Every kind is handled alike, through its metadata.
    const informer = this.ctx.informers.informer(kind.resource) as unknown as SharedInformer<ApiObject>;
    const changed = (object: ApiObject) => {
      const node = graphNodeOf(kind, object);
      if (!node) return;
      const previous = this.graph.upsert(node);
      for (const uid of this.graph.affectedBy(node.uid, previous, node)) this.queue.add(uid);
    };
    const removed = (object: ApiObject) => {
      const uid = object.metadata?.uid;
      if (!uid) return;
      const previous = this.graph.remove(uid);
      for (const affected of this.graph.affectedBy(uid, previous, undefined)) this.queue.add(affected);
    };
    informer.addEventHandler({
      onAdd: changed,
      onUpdate: (previous, object) => {
        // A relist can fold a delete and a re-create under the same name into one update.
        if (previous.metadata?.uid !== object.metadata?.uid) removed(previous);
        changed(object);
      },
      onDelete: removed,
    });
  }

  private async collect(uid: string): Promise<void> {
    const plan = planGarbageCollection(this.graph, [uid]);
    for (const { ref, ownerReference } of plan.unresolvable) {
      this.log.debug({ object: describe(ref), owner: `${ownerReference.kind}/${ownerReference.name}` }, 'owner reference cannot be resolved');
    }
    for (const action of plan.unblockOwnerReferences) {
      await this.patchMetadata(action.ref, { resourceVersion: action.resourceVersion, ownerReferences: action.ownerReferences });
    }
    for (const action of plan.removeOwnerReferences) {
      if (await this.anyOwnerExists(action.absentOwners)) continue;
      await this.patchMetadata(action.ref, {
        resourceVersion: action.resourceVersion,
        ownerReferences: action.remaining.length > 0 ? action.remaining : null,
      });
    }
    for (const action of plan.delete) {
      if (await this.anyOwnerExists(action.absentOwners)) continue;
      try {
        await this.client(action.ref).delete(action.ref.namespace, action.ref.name, {
          propagationPolicy: action.propagationPolicy,
          preconditions: action.preconditions,
        });
        this.log.debug({ object: describe(action.ref), policy: action.propagationPolicy }, 'deleted dependent');
      } catch (error) {
        // Gone already, or another object of the same name now: nothing of ours to delete.
        if (isNotFound(error) || isConflict(error)) continue;
        throw error;
      }
    }
    for (const action of plan.removeFinalizer) {
      await this.patchMetadata(action.ref, {
        resourceVersion: action.resourceVersion,
        finalizers: action.remaining.length > 0 ? action.remaining : null,
      });
    }
  }

  /**
   * A JSON merge patch of metadata fields that replaces whole lists; the resourceVersion makes
   * it conditional, so a list computed from a stale view is refused (409) and planned again.
   */
  private async patchMetadata(ref: ObjectRef, metadata: Record<string, unknown>): Promise<void> {
    try {
      await this.client(ref).patch(ref.namespace, ref.name, 'merge', { metadata: { uid: ref.uid, ...metadata } });
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
  }

  /** Whether an owner the graph thinks gone does exist (the graph lags): then act later, not now. */
  private async anyOwnerExists(owners: readonly AbsentOwner[]): Promise<boolean> {
    for (const owner of owners) {
      try {
        const live = await this.clientFor(owner.kind).get(owner.namespace, owner.name);
        if (live.metadata?.uid === owner.uid) return true;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return false;
  }

  private client(ref: ObjectRef): ResourceClient<ApiObject> {
    return this.ctx.clientset[ref.resource] as unknown as ResourceClient<ApiObject>;
  }

  private clientFor(kind: GcKind): ResourceClient<ApiObject> {
    return this.ctx.clientset[kind.resource] as unknown as ResourceClient<ApiObject>;
  }
}

function describe(ref: ObjectRef): string {
  return `${ref.resource}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
