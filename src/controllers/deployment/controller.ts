// The deployment controller's shell (upstream deployment_controller.go): informer handlers that
// enqueue Deployment keys, and the replay of planDeployment's writes in order. Later writes of
// one sync carry the resourceVersion an earlier write answered, so one sync does not conflict
// with itself; any failure stops the replay and the Deployment is retried from fresh caches.
import type { Logger } from 'pino';
import type { Deployment, ReplicaSet } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { ApiError, isAlreadyExists, isNotFound } from '../../client/api-error.ts';
import type { ApiObject, Controller, ControllerContext, EventRecorder, Lister, WorkQueue } from '../../client/contract.ts';
import { runWorkers } from '../../client/controller-loop.ts';
import { objectKey } from '../../client/indexer.ts';
import { createWorkQueue } from '../../client/work-queue.ts';
import { adoptionPatch, controllerRefOf, releasePatch, selectorFromSpec } from '../pod-ownership/index.ts';
import { BY_CONTROLLER_UID, ensureControllerUidIndex } from '../pod-ownership/indexes.ts';
import { DEPLOYMENT_API_VERSION, DEPLOYMENT_KIND, deploymentIdentity, type DeploymentAction, type PlannedEvent } from './sync-state.ts';
import { collisionStatus, isOwnNewReplicaSet, planDeployment, replicaSetCreateFailure } from './plan.ts';

const MAX_RETRIES = 15;
/** Upstream --concurrent-deployment-syncs. */
const DEFAULT_WORKERS = 5;

export interface DeploymentControllerOptions {
  readonly workers?: number;
}


/** Ends a replay early without an error: the Deployment is synced again soon. */
class SyncAgain {}

/** How soon a sync that found the caches behind its own writes looks again. */
const SYNC_AGAIN_DELAY_MS = 1000;

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  private readonly queue: WorkQueue<string>;
  private readonly deployments: Lister<Deployment>;
  private readonly replicaSets: Lister<ReplicaSet>;
  private readonly pods: Lister<Pod>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly workers: number;

  constructor(
    private readonly ctx: ControllerContext,
    options: DeploymentControllerOptions = {},
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.queue = createWorkQueue<string>({ clock: ctx.clock });
    this.recorder = ctx.recorder(this.name);
    this.workers = options.workers ?? DEFAULT_WORKERS;
    const deploymentInformer = ctx.informers.informer('deployments');
    const rsInformer = ctx.informers.informer('replicaSets');
    const podInformer = ctx.informers.informer('pods');
    ensureControllerUidIndex(rsInformer);
    ensureControllerUidIndex(podInformer);
    this.deployments = deploymentInformer.lister;
    this.replicaSets = rsInformer.lister;
    this.pods = podInformer.lister;
    deploymentInformer.addEventHandler({
      onAdd: (d) => this.queue.add(objectKey(d)),
      onUpdate: (_old, d) => this.queue.add(objectKey(d)),
      onDelete: (d) => this.queue.add(objectKey(d)),
    });
    rsInformer.addEventHandler({
      onAdd: (rs) => this.onReplicaSetChanged(undefined, rs),
      onUpdate: (old, rs) => this.onReplicaSetChanged(old, rs),
      onDelete: (rs) => {
        const d = this.owner(rs);
        if (d) this.queue.add(objectKey(d));
      },
    });
    podInformer.addEventHandler({ onDelete: (pod) => this.onPodDeleted(pod) });
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

  private owner(rs: ReplicaSet, ref = controllerRefOf(rs)): Deployment | undefined {
    if (!ref || ref.kind !== DEPLOYMENT_KIND) return undefined;
    const d = this.deployments.get(`${rs.metadata?.namespace ?? ''}/${ref.name ?? ''}`);
    return d && d.metadata?.uid === ref.uid ? d : undefined;
  }

  private onReplicaSetChanged(old: ReplicaSet | undefined, rs: ReplicaSet): void {
    if (old && old.metadata?.resourceVersion === rs.metadata?.resourceVersion) return;
    const oldRef = old && controllerRefOf(old);
    const ref = controllerRefOf(rs);
    const refChanged = oldRef?.uid !== ref?.uid;
    if (old && refChanged && oldRef) {
      const previous = this.owner(old, oldRef);
      if (previous) this.queue.add(objectKey(previous));
    }
    if (ref) {
      const d = this.owner(rs, ref);
      if (d) this.queue.add(objectKey(d));
      return;
    }
    const labelsChanged = !old || JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(rs.metadata?.labels ?? {});
    if (!labelsChanged && !refChanged) return;
    // An orphan: every Deployment that selects it may adopt it.
    for (const d of this.deployments.byNamespace(rs.metadata?.namespace ?? '')) {
      try {
        if (selectorFromSpec(d.spec?.selector).matches(rs.metadata?.labels)) this.queue.add(objectKey(d));
      } catch {
        // An unparsable selector selects nothing.
      }
    }
  }

  /** Recreate waits for old Pods to be gone: the last one going is the signal to continue. */
  private onPodDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (!ref) return;
    const rs = this.replicaSets.get(`${pod.metadata?.namespace ?? ''}/${ref.name ?? ''}`);
    if (!rs || rs.metadata?.uid !== ref.uid) return;
    const d = this.owner(rs);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const remaining = this.replicaSets
      .byIndex(BY_CONTROLLER_UID, d.metadata?.uid ?? '')
      .reduce((sum, owned) => sum + this.pods.byIndex(BY_CONTROLLER_UID, owned.metadata?.uid ?? '').length, 0);
    if (remaining === 0) this.queue.add(objectKey(d));
  }

  private async sync(key: string): Promise<void> {
    const d = this.deployments.get(key);
    if (!d) return;
    const namespace = d.metadata?.namespace ?? '';
    let plan;
    try {
      plan = planDeployment({
        deployment: d,
        replicaSets: this.replicaSets.byNamespace(namespace),
        pods: this.pods.byNamespace(namespace),
        now: this.ctx.clock.now(),
      });
    } catch (error) {
      this.log.warn({ deployment: key, err: error }, 'cannot plan deployment');
      return;
    }
    try {
      await this.replay(d, plan.actions);
    } catch (error) {
      if (error instanceof SyncAgain) {
        // The caches lag our own writes; look again shortly rather than hammer the API server.
        this.queue.addAfter(key, SYNC_AGAIN_DELAY_MS);
        return;
      }
      throw error;
    }
    if (plan.error) throw new Error(plan.error);
    if (plan.recheckAfterMs === 0) this.queue.addRateLimited(key);
    else if (plan.recheckAfterMs !== undefined) this.queue.addAfter(key, plan.recheckAfterMs);
  }

  private async replay(d: Deployment, actions: readonly DeploymentAction[]): Promise<void> {
    const versions = new Map<string, string>();
    const remember = (kind: string, object: ApiObject) => {
      if (object.metadata?.resourceVersion) versions.set(`${kind}/${object.metadata.name ?? ''}`, object.metadata.resourceVersion);
    };
    const latest = <T extends ApiObject>(kind: string, object: T): T => {
      const version = versions.get(`${kind}/${object.metadata?.name ?? ''}`);
      return version ? { ...object, metadata: { ...object.metadata, resourceVersion: version } } : object;
    };
    const namespace = d.metadata?.namespace ?? '';
    const rsClient = this.ctx.clientset.replicaSets;
    const dClient = this.ctx.clientset.deployments;
    if (actions.some((a) => a.type === 'adoptReplicaSet')) await this.recheckBeforeAdopting(d);
    for (const action of actions) {
      switch (action.type) {
        case 'adoptReplicaSet':
        case 'releaseReplicaSet': {
          const rs = action.replicaSet;
          const patch =
            action.type === 'adoptReplicaSet'
              ? adoptionPatch(deploymentIdentity(d), rs.metadata?.uid)
              : releasePatch(d.metadata?.uid ?? '', rs.metadata?.uid);
          try {
            remember('ReplicaSet', await rsClient.patch(namespace, rs.metadata?.name ?? '', 'strategic', patch));
          } catch (error) {
            if (isNotFound(error)) throw new SyncAgain();
            if (action.type === 'releaseReplicaSet' && error instanceof ApiError && error.code === 422) continue;
            throw error;
          }
          break;
        }
        case 'createReplicaSet':
          remember('ReplicaSet', await this.createReplicaSet(d, action.replicaSet, latest('Deployment', d)));
          this.record(d, action.event);
          break;
        case 'updateReplicaSet':
          remember('ReplicaSet', await rsClient.update(latest('ReplicaSet', action.replicaSet)));
          this.record(d, action.event);
          break;
        case 'deleteReplicaSet':
          try {
            await rsClient.delete(namespace, action.replicaSet.metadata?.name ?? '');
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          break;
        case 'updateDeploymentStatus':
          remember('Deployment', await dClient.updateStatus(latest('Deployment', action.deployment)));
          break;
        case 'updateDeployment':
          remember('Deployment', await dClient.update(latest('Deployment', action.deployment)));
          this.record(d, action.event);
          break;
        case 'event':
          this.record(d, action.event);
          break;
      }
    }
  }

  /** Upstream RecheckDeletionTimestamp: adopt only for a Deployment the server still has, undeleted. */
  private async recheckBeforeAdopting(d: Deployment): Promise<void> {
    const fresh = await this.ctx.clientset.deployments.get(d.metadata?.namespace ?? '', d.metadata?.name ?? '');
    if (fresh.metadata?.uid !== d.metadata?.uid) {
      throw new Error(`original Deployment ${objectKey(d)} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${d.metadata?.uid ?? ''}`);
    }
    if (fresh.metadata?.deletionTimestamp) throw new Error(`${objectKey(d)} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }

  /**
   * Creates the new ReplicaSet. AlreadyExists means either a cache that has not seen our own
   * create (sync again) or another template with the same hash: then collisionCount goes up so
   * the next name differs. Other failures are reported on the Deployment, as upstream does.
   */
  private async createReplicaSet(d: Deployment, rs: ReplicaSet, current: Deployment): Promise<ReplicaSet> {
    const namespace = d.metadata?.namespace ?? '';
    const name = rs.metadata?.name ?? '';
    try {
      return await this.ctx.clientset.replicaSets.create(namespace, rs);
    } catch (error) {
      if (isAlreadyExists(error)) {
        const existing = this.replicaSets.get(`${namespace}/${name}`) ?? (await this.ctx.clientset.replicaSets.get(namespace, name));
        if (isOwnNewReplicaSet(d, existing)) throw new SyncAgain();
        await this.ctx.clientset.deployments.updateStatus({ ...current, status: collisionStatus(current) });
        this.log.info({ deployment: objectKey(d), collisionCount: (current.status?.collisionCount ?? 0) + 1 }, 'hash collision: bumping collisionCount');
        throw error;
      }
      if (isNamespaceTerminating(error)) throw error;
      const failure = replicaSetCreateFailure(current, name, error instanceof Error ? error.message : String(error), this.ctx.clock.now());
      if (failure.status) {
        await this.ctx.clientset.deployments.updateStatus({ ...current, status: failure.status }).catch(() => undefined);
      }
      this.recorder.event(involved(d), 'Warning', 'ReplicaSetCreateError', failure.message);
      throw error;
    }
  }

  private record(d: Deployment, event: PlannedEvent | undefined): void {
    if (event) this.recorder.event(involved(d), event.type, event.reason, event.message);
  }
}

function involved(d: Deployment): ApiObject {
  return { apiVersion: DEPLOYMENT_API_VERSION, kind: DEPLOYMENT_KIND, metadata: d.metadata };
}

function isNamespaceTerminating(error: unknown): boolean {
  return error instanceof ApiError && (error.status.details?.causes ?? []).some((cause) => cause.reason === 'NamespaceTerminating');
}
