// Rollback through the `deprecated.deployment.rollback.to` annotation (upstream rollback.go), the
// apps/v1 remnant of extensions/v1beta1's spec.rollbackTo. `kubectl rollout undo` does not use it:
// it patches the old template back itself, and the new-ReplicaSet logic re-uses the old one.
import type { ReplicaSet } from '../../api/apps/v1/index.ts';
import { POD_TEMPLATE_HASH_LABEL, equalIgnoreHash } from './template-hash.ts';
import { DEPRECATED_ROLLBACK_TO_ANNOTATION, lastRevision, revisionOf, setDeploymentAnnotationsTo } from './annotations.ts';
import type { DeploymentSync, PlannedEvent } from './sync-state.ts';

export function rollback(state: DeploymentSync, toRevision: number): void {
  const { newRS, oldRSs } = state.allReplicaSetsAndSyncRevision(true);
  const all = [...oldRSs, ...(newRS ? [newRS] : [])];
  let revision = toRevision;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) return giveUp(state, warning('DeploymentRollbackRevisionNotFound', 'Unable to find last revision.'));
  }
  const target = all.find((rs) => revisionOf(rs) === revision);
  if (!target) return giveUp(state, warning('DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.'));
  rollbackToTemplate(state, target, revision);
}

function rollbackToTemplate(state: DeploymentSync, rs: ReplicaSet, revision: number): void {
  const d = state.deployment;
  if (equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
    const message = `The rollback revision contains the same template as current deployment "${state.name}"`;
    return giveUp(state, warning('DeploymentRollbackTemplateUnchanged', message));
  }
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  d.spec = { ...d.spec, template } as typeof d.spec;
  setDeploymentAnnotationsTo(d, rs);
  const event: PlannedEvent = { type: 'Normal', reason: 'DeploymentRollback', message: `Rolled back deployment "${state.name}" to revision ${revision}` };
  clearRollbackTo(state, event);
}

function warning(reason: string, message: string): PlannedEvent {
  return { type: 'Warning', reason, message };
}

function giveUp(state: DeploymentSync, event: PlannedEvent): void {
  state.event(event.type, event.reason, event.message);
  clearRollbackTo(state);
}

function clearRollbackTo(state: DeploymentSync, event?: PlannedEvent): void {
  delete state.deployment.metadata?.annotations?.[DEPRECATED_ROLLBACK_TO_ANNOTATION];
  state.actions.push({ type: 'updateDeployment', deployment: structuredClone(state.deployment), ...(event ? { event } : {}) });
}
