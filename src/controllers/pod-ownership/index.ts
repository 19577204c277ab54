// Shared pure helpers for workload controllers: controller references and claiming, Pod state
// (active, ready, available) and the order in which a scale-down deletes Pods.
export * from './controller-ref.ts';
export * from './pod-state.ts';
export * from './pod-ranking.ts';
export * from './selector.ts';
