// apps/v1: Deployment and ReplicaSet types, defaulting, validation and generation rules.
export * from './deployment.ts';
export * from './replicaset.ts';
export {
  DEFAULT_MAX_SURGE,
  DEFAULT_MAX_UNAVAILABLE,
  DEFAULT_PROGRESS_DEADLINE_SECONDS,
  DEFAULT_REPLICAS,
  DEFAULT_REVISION_HISTORY_LIMIT,
  defaultDeployment,
  defaultReplicaSet,
} from './defaults.ts';
export {
  validateDeployment,
  validateDeploymentStatusUpdate,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateReplicaSetStatusUpdate,
  validateReplicaSetUpdate,
} from './validation.ts';
export { deploymentGenerationChanged, replicaSetGenerationChanged } from './generation.ts';
