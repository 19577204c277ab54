// The client runtime's public pieces. Program against the interfaces in contract.ts.
export type * from './contract.ts';
export { ApiError, isAlreadyExists, isConflict, isGone, isNotFound } from './api-error.ts';
export { createClientset, resourceInfoOf, type ClosableClientset } from './clientset.ts';
export { createControllerContext, type ClosableControllerContext, type ControllerContextOptions } from './context.ts';
export { runWorkers, type WorkerLoopOptions } from './controller-loop.ts';
export { AsyncEventRecorder, createEventRecorder, type EventRecorderOptions } from './event-recorder.ts';
export { Indexer, NAMESPACE_INDEX, objectKey } from './indexer.ts';
export { createInformerFactory, type InformerFactoryOptions } from './informer-factory.ts';
export { runLeaderElection, type LeaderCallbacks, type LeaderElectionOptions } from './leader-election.ts';
export { KubeconfigError, loadClientConfig, parseClientConfig } from './kubeconfig.ts';
export {
  defaultControllerRateLimiter,
  exponentialFailureRateLimiter,
  maxOfRateLimiter,
  tokenBucketRateLimiter,
  type RateLimiter,
} from './rate-limiter.ts';
export { ListWatchInformer, type SharedInformerOptions } from './shared-informer.ts';
export { Backoff, sleep } from './sleep.ts';
export { createWorkQueue, RateLimitedWorkQueue, type WorkQueueOptions } from './work-queue.ts';
