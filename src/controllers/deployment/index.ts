// The deployment controller: rolls a Deployment's Pods from one template to the next through
// ReplicaSets (RollingUpdate or Recreate), scales them, and keeps revision history for rollback.
export { DeploymentController, type DeploymentControllerOptions } from './controller.ts';
export { planDeployment, type DeploymentAction, type DeploymentPlan, type DeploymentPlanInput, type PlannedEvent } from './plan.ts';
export { REVISION_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_HISTORY_ANNOTATION } from './annotations.ts';
export { POD_TEMPLATE_HASH_LABEL, computeTemplateHash } from './template-hash.ts';
