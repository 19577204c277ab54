// apps/v1 defaulting, as upstream's SetObjectDefaults_Deployment and SetObjectDefaults_ReplicaSet
// (pkg/apis/apps/v1 defaults.go plus the generated Pod-template defaults). Applied on every create
// and update before validation. Pure: the input is never mutated.
//
// The spec and the template are defaulted even when absent: in Go both are non-pointer structs, so
// their defaults apply to the zero value and a read-back always shows them.
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.ts';
import { cloneJson } from '../../json-clone.ts';
import type { Deployment, DeploymentSpec, DeploymentStrategy } from './deployment.ts';
import type { ReplicaSet, ReplicaSetSpec } from './replicaset.ts';

export const DEFAULT_REPLICAS = 1;
export const DEFAULT_MAX_UNAVAILABLE = '25%';
export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export function defaultDeployment(deployment: Deployment): Deployment {
  const copy = cloneJson(deployment);
  const spec: DeploymentSpec = copy.spec ?? {};
  copy.spec = spec;
  // Pointer fields in Go: only nil (here undefined or null) is replaced, an explicit 0 stays.
  spec.replicas ??= DEFAULT_REPLICAS;
  spec.strategy = defaultStrategy(spec.strategy ?? {});
  spec.revisionHistoryLimit ??= DEFAULT_REVISION_HISTORY_LIMIT;
  spec.progressDeadlineSeconds ??= DEFAULT_PROGRESS_DEADLINE_SECONDS;
  spec.template = defaultPodTemplateSpec(spec.template ?? {});
  return copy;
}

export function defaultReplicaSet(replicaSet: ReplicaSet): ReplicaSet {
  const copy = cloneJson(replicaSet);
  const spec: ReplicaSetSpec = copy.spec ?? {};
  copy.spec = spec;
  spec.replicas ??= DEFAULT_REPLICAS;
  spec.template = defaultPodTemplateSpec(spec.template ?? {});
  return copy;
}

// A Recreate strategy (or an unknown type, which validation rejects) is left as given, so that a
// rollingUpdate sent alongside Recreate is reported rather than silently kept or dropped.
function defaultStrategy(strategy: DeploymentStrategy): DeploymentStrategy {
  strategy.type ||= 'RollingUpdate';
  if (strategy.type !== 'RollingUpdate') return strategy;
  const rollingUpdate = strategy.rollingUpdate ?? {};
  rollingUpdate.maxUnavailable ??= DEFAULT_MAX_UNAVAILABLE;
  rollingUpdate.maxSurge ??= DEFAULT_MAX_SURGE;
  strategy.rollingUpdate = rollingUpdate;
  return strategy;
}
