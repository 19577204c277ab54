import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/core/v1/pod.ts';
import { Indexer, objectKey } from './indexer.ts';

const pod = (namespace: string, name: string, node?: string, rv = '1'): Pod => ({
  metadata: { namespace, name, resourceVersion: rv },
  spec: { containers: [], ...(node ? { nodeName: node } : {}) },
});
const names = (pods: Pod[]) => pods.map((p) => p.metadata?.name).sort();

describe('Indexer', () => {
  it('keys namespaced objects namespace/name and cluster-scoped ones by name', () => {
    assert.equal(objectKey(pod('default', 'a')), 'default/a');
    assert.equal(objectKey({ metadata: { name: 'node-1' } }), 'node-1');
  });

  it('keeps a named index right across add, update and delete', () => {
    const store = new Indexer<Pod>();
    store.addIndex('node', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
    store.upsert(pod('default', 'a', 'n1'));
    store.upsert(pod('default', 'b', 'n1'));
    store.upsert(pod('other', 'c', 'n2'));
    assert.deepEqual(names(store.byIndex('node', 'n1')), ['a', 'b']);

    store.upsert(pod('default', 'a', 'n2', '2'));
    assert.deepEqual(names(store.byIndex('node', 'n1')), ['b']);
    assert.deepEqual(names(store.byIndex('node', 'n2')), ['a', 'c']);

    assert.equal(store.remove('other/c')?.metadata?.name, 'c');
    assert.deepEqual(names(store.byIndex('node', 'n2')), ['a']);
    store.upsert(pod('default', 'b', undefined, '3'));
    assert.deepEqual(store.byIndex('node', 'n1'), []);
    assert.equal(store.remove('other/c'), undefined);
  });

  it('indexes objects already stored when an index is added later, and by namespace from the start', () => {
    const store = new Indexer<Pod>();
    store.upsert(pod('default', 'a', 'n1'));
    store.upsert(pod('kube-system', 'b', 'n1'));
    store.addIndex('node', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
    assert.deepEqual(names(store.byIndex('node', 'n1')), ['a', 'b']);
    assert.deepEqual(names(store.byNamespace('kube-system')), ['b']);
    assert.equal(store.get('default/a')?.spec?.nodeName, 'n1');
    assert.equal(store.list().length, 2);
  });

  it('indexes an object under several values and refuses an unknown index name', () => {
    const store = new Indexer<Pod>();
    store.addIndex('label', (p) => Object.entries(p.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`));
    store.upsert({ metadata: { namespace: 'd', name: 'x', labels: { app: 'web', tier: 'front' } } });
    assert.deepEqual(names(store.byIndex('label', 'app=web')), ['x']);
    assert.deepEqual(names(store.byIndex('label', 'tier=front')), ['x']);
    assert.throws(() => store.byIndex('nope', 'x'), /no index named nope/);
  });
});
