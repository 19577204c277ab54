// The ReplicaSet controller: keeps spec.replicas Pods of a template running.
export { ReplicaSetController, type ReplicaSetControllerOptions } from './controller.ts';
export { planReplicaSet, replicaSetStatus, BURST_REPLICAS, type ReplicaSetPlan, type ReplicaSetPlanInput } from './plan.ts';
export { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.ts';
export { podFromTemplate } from './pod-template.ts';
