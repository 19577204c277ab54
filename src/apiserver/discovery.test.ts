import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatedDiscovery, apiResourceList } from './discovery.ts';

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
