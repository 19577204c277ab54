// The Endpoints controller: core/v1 Endpoints for every Service with a selector.
export { EndpointsController, type EndpointsControllerOptions } from './controller.ts';
export { endpointsLabels, leftoverEndpointsKeys, planEndpoints, shouldDeleteEndpoints, type EndpointsPlan, type PlanEndpointsOptions } from './plan.ts';
