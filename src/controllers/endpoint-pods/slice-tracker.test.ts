import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { EndpointSliceTracker } from './slice-tracker.ts';

const slice = (uid: string, generation: number): EndpointSlice => ({
  metadata: { namespace: 'default', name: `web-${uid}`, uid, generation, labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  endpoints: [],
});

describe('EndpointSliceTracker', () => {
  it('calls the cache stale until it shows the generation we wrote', () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('a', 2));
    assert.equal(tracker.staleSlices('default/web', 'svc', [slice('a', 1)]), true);
    assert.equal(tracker.staleSlices('default/web', 'svc', [slice('a', 2)]), false);
    assert.equal(tracker.shouldSync(slice('a', 2)), false, 'our own write needs no sync');
    assert.equal(tracker.shouldSync(slice('a', 3)), true, 'someone else changed it');
  });

  it('calls the cache stale while a slice we created is missing or one we deleted is still there', () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('a', 1));
    assert.equal(tracker.staleSlices('default/web', 'svc', []), true);
    tracker.expectDeletion(slice('a', 1));
    assert.equal(tracker.staleSlices('default/web', 'svc', [slice('a', 1)]), true);
    assert.equal(tracker.staleSlices('default/web', 'svc', []), false);
    assert.equal(tracker.handleDeletion(slice('a', 1)), true, 'an expected deletion');
  });

  it('reports an unexpected deletion, and forgets writes for an older Service of the same name', () => {
    const tracker = new EndpointSliceTracker();
    tracker.update(slice('a', 1));
    assert.equal(tracker.handleDeletion(slice('a', 1)), false);
    tracker.update(slice('b', 1));
    assert.equal(tracker.staleSlices('default/web', 'svc-1', []), true);
    assert.equal(tracker.staleSlices('default/web', 'svc-2', []), false);
  });
});
