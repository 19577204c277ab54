import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyFormat, patchFormat, tableVersion, wantsAggregatedDiscovery } from './negotiation.ts';

describe('negotiation', () => {
  it("recognises kubectl get's Table Accept, and plain JSON", () => {
    const kubectl = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    assert.equal(tableVersion(kubectl), 'v1');
    assert.equal(tableVersion('application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'), 'v1beta1');
    assert.equal(tableVersion('application/json, */*'), undefined);
    assert.equal(tableVersion('application/vnd.kubernetes.protobuf,application/json'), undefined);
    assert.equal(tableVersion(undefined), undefined);
  });

  it("recognises the discovery client's aggregated Accept", () => {
    const kubectl =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
    assert.equal(wantsAggregatedDiscovery(kubectl), true);
    assert.equal(wantsAggregatedDiscovery('application/json, */*'), false);
  });

  it('maps content types to body and patch formats, ignoring parameters', () => {
    assert.equal(bodyFormat('application/json; charset=utf-8'), 'json');
    assert.equal(bodyFormat('application/vnd.kubernetes.protobuf'), 'protobuf');
    assert.equal(bodyFormat('application/yaml'), 'yaml');
    assert.equal(bodyFormat('text/plain'), undefined);
    // kubectl scale --current-replicas PUTs the Scale with no Content-Type at all.
    assert.equal(bodyFormat(undefined), 'json');
    assert.equal(bodyFormat(''), 'json');
    assert.equal(patchFormat(undefined), undefined);
    assert.equal(patchFormat('application/strategic-merge-patch+json'), 'strategic-merge-patch');
    assert.equal(patchFormat('application/apply-patch+yaml'), 'apply-patch');
    assert.equal(patchFormat('application/json'), undefined);
  });
});
