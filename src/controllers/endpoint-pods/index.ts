// What the Endpoints, EndpointSlice and EndpointSlice-mirroring controllers share: pure helpers
// (pod state, ports, membership, slice identity, repacking) and a little informer glue.
export * from './find-port.ts';
export * from './informer-glue.ts';
export * from './ip-address.ts';
export * from './managed-slices.ts';
export * from './pod-state.ts';
export * from './repack-subsets.ts';
export * from './semantic-equal.ts';
export * from './service-membership.ts';
export * from './slice-endpoints.ts';
export * from './slice-tracker.ts';
export * from './trigger-time.ts';
export * from './well-known.ts';
