import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { ApiError } from '../../client/api-error.ts';
import type { ResourceClient } from '../../client/contract.ts';
import { applySlicePlan, managedSliceHandlers } from './managed-slices.ts';
import { EndpointSliceTracker } from './slice-tracker.ts';
import { ENDPOINTSLICE_CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './well-known.ts';

const slice = (service: string, generation = 1): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    namespace: 'default',
    name: 'web-abcde',
    uid: 'slice-1',
    generation,
    labels: { [LABEL_SERVICE_NAME]: service, [LABEL_MANAGED_BY]: ENDPOINTSLICE_CONTROLLER_NAME },
  },
  addressType: 'IPv4',
  endpoints: [],
});

describe('managed slices', () => {
  it('a slice relabeled to another Service no longer counts as one of the old owner’s writes', () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('web'));
    const enqueued: string[] = [];
    managedSliceHandlers(ENDPOINTSLICE_CONTROLLER_NAME, tracker, (s) => enqueued.push(s.metadata!.labels![LABEL_SERVICE_NAME]!)).onUpdate!(slice('web'), slice('other'));
    assert.deepEqual(enqueued.sort(), ['other', 'web']);
    assert.equal(tracker.staleSlices('default/web', undefined, []), false, 'web must not wait forever for a slice it no longer owns');
  });

  it('a delete that fails leaves the slice tracked as written, not as expected gone', async () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('web'));
    const failing = {
      delete: async () => {
        throw new ApiError({ code: 500, reason: 'InternalError', message: 'store unavailable' });
      },
    } as unknown as ResourceClient<EndpointSlice>;
    await assert.rejects(applySlicePlan(failing, tracker, 'default', { create: [], update: [], delete: [slice('web')] }, { trackDeletions: true }));
    assert.equal(tracker.staleSlices('default/web', undefined, [slice('web')]), false, 'the slice is still there, as the cache says');
  });
});
