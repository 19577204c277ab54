// Endpoints and EndpointSlices. In loopback mode every address in 127.0.0.0/8 is a valid
// endpoint (the whole network is loopback there); upstream's ban on loopback endpoints holds in
// netns mode. EndpointSlices count generations on every change, for the controllers' trackers.
import { defaultEndpoints, validateEndpoints, validateEndpointsUpdate, type Endpoints } from '../../../api/core/v1/endpoints.ts';
import {
  defaultEndpointSlice,
  endpointSliceForWrite,
  type EndpointSlice,
} from '../../../api/discovery/v1/endpointslice.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../../../api/discovery/v1/endpointslice-validation.ts';
import type { KubeObject } from '../../../api/meta/v1.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { jsonEqual } from '../../../util/json-equal.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { defineStrategy, nextGeneration, withGeneration } from './common.ts';

export interface EndpointRules {
  readonly allowLoopback: boolean;
}

export function endpointsStrategy(info: ResourceInfo, rules: EndpointRules): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultEndpoints(o as Endpoints) as KubeObject,
    validate: (o) => validateEndpoints(o as Endpoints, rules),
    validateUpdate: (next, previous) => validateEndpointsUpdate(next as Endpoints, previous as Endpoints, rules),
    allowCreateOnUpdate: true,
  });
}

/** Anything but metadata changed: the slice's generation moves. */
function sliceChanged(next: KubeObject, previous: KubeObject): boolean {
  const { metadata: _a, ...a } = next;
  const { metadata: _b, ...b } = previous;
  return !jsonEqual(a, b);
}

export function endpointSliceStrategy(info: ResourceInfo, rules: EndpointRules): ResourceStrategy {
  return defineStrategy(info, {
    defaults: (o) => defaultEndpointSlice(o as EndpointSlice) as KubeObject,
    prepareForCreate: (o) => withGeneration(endpointSliceForWrite(o as EndpointSlice) as KubeObject, 1),
    prepareForUpdate: (next, previous) => {
      const written = endpointSliceForWrite(next as EndpointSlice, previous as EndpointSlice) as KubeObject;
      return nextGeneration(written, previous, sliceChanged(written, previous));
    },
    validate: (o) => validateEndpointSlice(o as EndpointSlice, rules),
    validateUpdate: (next, previous) => validateEndpointSliceUpdate(next as EndpointSlice, previous as EndpointSlice, rules),
  });
}
