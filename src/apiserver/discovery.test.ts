import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatedDiscovery, apiGroupList, apiResourceList } from './discovery.ts';

describe('discovery of the pod subresources', () => {
  it('/api/v1 lists pods/attach, exec and portforward with their options kinds and create+get, as upstream', () => {
    const resources = apiResourceList('', 'v1')?.resources ?? [];
    const pods = resources.filter((r) => r.name.startsWith('pods/')).map((r) => [r.name, r.kind, r.verbs.join(',')]);
    assert.deepEqual(pods, [
      ['pods/attach', 'PodAttachOptions', 'create,get'],
      ['pods/binding', 'Binding', 'create'],
      ['pods/exec', 'PodExecOptions', 'create,get'],
      ['pods/log', 'Pod', 'get'],
      ['pods/portforward', 'PodPortForwardOptions', 'create,get'],
      ['pods/status', 'Pod', 'get,patch,update'],
    ]);
    for (const name of ['pods/attach', 'pods/exec', 'pods/portforward']) {
      const entry = resources.find((r) => r.name === name);
      assert.equal(entry?.namespaced, true, name);
      assert.equal('group' in (entry ?? {}), false, `${name} is in the core group`);
    }
  });

  it('aggregated discovery carries the same subresources', () => {
    const core = aggregatedDiscovery(true).items[0];
    const pods = core?.versions[0]?.resources.find((r) => r.resource === 'pods');
    const exec = pods?.subresources?.find((s) => s.subresource === 'exec');
    assert.deepEqual(exec?.verbs, ['create', 'get']);
    assert.equal(exec?.responseKind.kind, 'PodExecOptions');
    assert.deepEqual(pods?.subresources?.map((s) => s.subresource), ['attach', 'binding', 'exec', 'log', 'portforward', 'status']);
  });
});

describe('discovery of the review APIs', () => {
  it('lists authentication.k8s.io and authorization.k8s.io with create-only, cluster-scoped reviews', () => {
    const named = aggregatedDiscovery(false).items;
    const resourcesOf = (group: string) => named.find((g) => g.metadata.name === group)?.versions[0]?.resources ?? [];
    assert.deepEqual(
      resourcesOf('authorization.k8s.io').map((r) => [r.resource, r.singularResource, r.scope, r.responseKind.kind, r.verbs.join(',')]),
      [
        ['selfsubjectaccessreviews', 'selfsubjectaccessreview', 'Cluster', 'SelfSubjectAccessReview', 'create'],
        ['selfsubjectrulesreviews', 'selfsubjectrulesreview', 'Cluster', 'SelfSubjectRulesReview', 'create'],
      ],
    );
    assert.deepEqual(resourcesOf('authentication.k8s.io').map((r) => [r.resource, r.verbs.join(',')]), [['selfsubjectreviews', 'create']]);
  });

  it('the legacy documents say the same', () => {
    assert.ok(apiGroupList().groups.some((g) => g.name === 'authorization.k8s.io' && g.preferredVersion?.groupVersion === 'authorization.k8s.io/v1'));
    assert.deepEqual(apiResourceList('authentication.k8s.io', 'v1')?.resources, [
      { name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] },
    ]);
  });
});
