// One sync of one Deployment, as a pure simulation: upstream's syncDeployment performs its writes
// one after another and reads back what it wrote; here each write is recorded as an action and
// applied to working copies, so later steps see it, exactly as the real writes would be seen.
// The shell replays the actions in order and stops at the first failure (the key is retried).
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/apps/v1/index.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { newControllerRef } from '../pod-ownership/index.ts';
import {
  REVISION_ANNOTATION,
  maxRevision,
  replicasAnnotationsNeedUpdate,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './annotations.ts';
import { FOUND_NEW_REPLICASET, NEW_REPLICASET_CREATED, PROGRESSING, getCondition, newCondition, setCondition } from './conditions.ts';
import { desiredReplicas, hasProgressDeadline, maxSurge, newReplicaSetReplicas, replicasOf } from './rollout-math.ts';
import { rolloutStatus } from './status.ts';
import { POD_TEMPLATE_HASH_LABEL, computeTemplateHash, findNewReplicaSet, findOldReplicaSets } from './template-hash.ts';

export const DEPLOYMENT_API_VERSION = 'apps/v1';
export const DEPLOYMENT_KIND = 'Deployment';

export interface PlannedEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export type DeploymentAction =
  | { readonly type: 'adoptReplicaSet'; readonly replicaSet: ReplicaSet }
  | { readonly type: 'releaseReplicaSet'; readonly replicaSet: ReplicaSet }
  /** On success record `event`; an AlreadyExists answer may be a hash collision (see the shell). */
  | { readonly type: 'createReplicaSet'; readonly replicaSet: ReplicaSet; readonly event?: PlannedEvent }
  | { readonly type: 'updateReplicaSet'; readonly replicaSet: ReplicaSet; readonly event?: PlannedEvent }
  | { readonly type: 'deleteReplicaSet'; readonly replicaSet: ReplicaSet }
  /** Through /status; the object carries the revision annotation too, as upstream sends it. */
  | { readonly type: 'updateDeploymentStatus'; readonly deployment: Deployment }
  | { readonly type: 'updateDeployment'; readonly deployment: Deployment; readonly event?: PlannedEvent }
  | { readonly type: 'event'; readonly event: PlannedEvent };

export class DeploymentSync {
  readonly actions: DeploymentAction[] = [];
  /** Set by the rollout status step when the deadline must be checked again later. */
  recheckAfterMs: number | undefined;

  constructor(
    /** A working copy: status and annotations change as the simulated writes do. */
    readonly deployment: Deployment,
    /** Working copies of the ReplicaSets the Deployment owns. */
    readonly replicaSets: ReplicaSet[],
    /** Pods of the owned ReplicaSets, by ReplicaSet uid. */
    readonly podsByReplicaSet: ReadonlyMap<string, readonly Pod[]>,
    readonly now: number,
  ) {}

  get name(): string {
    return this.deployment.metadata?.name ?? '';
  }

  event(type: PlannedEvent['type'], reason: string, message: string): void {
    this.actions.push({ type: 'event', event: { type, reason, message } });
  }

  writeStatus(status: DeploymentStatus): void {
    this.deployment.status = status;
    this.actions.push({ type: 'updateDeploymentStatus', deployment: structuredClone(this.deployment) });
  }

  /** Upstream syncRolloutStatus: write the rollout status, or schedule the next deadline check. */
  syncRolloutStatus(all: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
    const result = rolloutStatus(all, newRS, this.deployment, this.now);
    if (result.changed) this.writeStatus(result.status);
    else this.recheckAfterMs = result.recheckAfterMs;
  }

  /** Upstream scaleReplicaSet: writes size and replica annotations; an event only for a new size. */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, operation: string): boolean {
    const desired = desiredReplicas(this.deployment);
    const max = desired + maxSurge(this.deployment);
    const oldScale = replicasOf(rs);
    const sizeChanged = oldScale !== newScale;
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
    rs.spec = { ...rs.spec, replicas: newScale };
    setReplicasAnnotations(rs, desired, max);
    const event: PlannedEvent | undefined = sizeChanged
      ? { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${operation} replica set ${rs.metadata?.name ?? ''} to ${newScale} from ${oldScale}` }
      : undefined;
    this.actions.push({ type: 'updateReplicaSet', replicaSet: structuredClone(rs), ...(event ? { event } : {}) });
    return sizeChanged;
  }

  scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number): boolean {
    if (replicasOf(rs) === newScale) return false;
    return this.scaleReplicaSet(rs, newScale, replicasOf(rs) < newScale ? 'up' : 'down');
  }

  /** Upstream getAllReplicaSetsAndSyncRevision. */
  allReplicaSetsAndSyncRevision(createIfMissing: boolean): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const existing = findNewReplicaSet(this.deployment, this.replicaSets);
    const oldRSs = findOldReplicaSets(this.replicaSets, existing);
    const newRS = this.newReplicaSet(existing, oldRSs, createIfMissing);
    return { newRS, oldRSs };
  }

  private newReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], createIfMissing: boolean): ReplicaSet | undefined {
    const d = this.deployment;
    const newRevision = maxRevision(oldRSs) + 1;
    const desired = desiredReplicas(d);
    const replicas = { desired, max: desired + maxSurge(d) };
    const minReadySeconds = d.spec?.minReadySeconds ?? 0;
    if (existing) {
      const annotationsChanged = setNewReplicaSetAnnotations(d, existing, newRevision, true, replicas);
      if (annotationsChanged || (existing.spec?.minReadySeconds ?? 0) !== minReadySeconds) {
        existing.spec = { ...existing.spec, minReadySeconds: d.spec?.minReadySeconds };
        this.actions.push({ type: 'updateReplicaSet', replicaSet: structuredClone(existing) });
        return existing;
      }
      let needsUpdate = setDeploymentRevision(d, existing.metadata?.annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(d) && !getCondition(d.status, PROGRESSING)) {
        const message = `Found new replica set "${existing.metadata?.name ?? ''}"`;
        d.status ??= {};
        setCondition(d.status, newCondition(PROGRESSING, 'True', FOUND_NEW_REPLICASET, message, this.now));
        needsUpdate = true;
      }
      if (needsUpdate) this.writeStatus(d.status ?? {});
      return existing;
    }
    if (!createIfMissing) return undefined;

    const created = this.replicaSetFromTemplate();
    created.spec!.replicas = newReplicaSetReplicas(d, [...oldRSs, created], created);
    setNewReplicaSetAnnotations(d, created, newRevision, false, replicas);
    const count = replicasOf(created);
    const name = created.metadata?.name ?? '';
    const event: PlannedEvent | undefined =
      count > 0 ? { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${name} to ${count}` } : undefined;
    this.actions.push({ type: 'createReplicaSet', replicaSet: structuredClone(created), ...(event ? { event } : {}) });
    this.replicaSets.push(created);

    let needsUpdate = setDeploymentRevision(d, String(newRevision));
    if (hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, newCondition(PROGRESSING, 'True', NEW_REPLICASET_CREATED, `Created new replica set "${name}"`, this.now));
      needsUpdate = true;
    }
    if (needsUpdate) this.writeStatus(d.status ?? {});
    return created;
  }

  /** The ReplicaSet for the current template: `<deployment>-<hash>`, the hash on selector and labels. */
  replicaSetFromTemplate(): ReplicaSet {
    const d = this.deployment;
    const template = structuredClone(d.spec?.template ?? {});
    const hash = computeTemplateHash(d.spec?.template, d.status?.collisionCount);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
    return {
      apiVersion: DEPLOYMENT_API_VERSION,
      kind: 'ReplicaSet',
      metadata: {
        name: `${this.name}-${hash}`,
        namespace: d.metadata?.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef(deploymentIdentity(d))],
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector, template },
    };
  }
}

export function deploymentIdentity(deployment: Deployment) {
  return {
    apiVersion: DEPLOYMENT_API_VERSION,
    kind: DEPLOYMENT_KIND,
    name: deployment.metadata?.name ?? '',
    uid: deployment.metadata?.uid ?? '',
  };
}
