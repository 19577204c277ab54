// The EndpointSlice controller: discovery.k8s.io/v1 EndpointSlices for every Service with a selector.
export { EndpointSliceController, type EndpointSliceControllerOptions } from './controller.ts';
export {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  planEndpointSlices,
  type EndpointSlicePlan,
  type NodeSource,
  type PlanEndpointSlicesOptions,
} from './plan.ts';
