// The EndpointSlice-mirroring controller: slices mirroring the Endpoints of selector-less Services.
export { EndpointSliceMirroringController, type EndpointSliceMirroringControllerOptions } from './controller.ts';
export { DEFAULT_MAX_ENDPOINTS_PER_SUBSET, planMirroredSlices, shouldMirror, type MirrorPlan, type PlanMirroredSlicesOptions } from './plan.ts';
