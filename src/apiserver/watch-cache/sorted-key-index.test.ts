import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SortedKeyIndex } from './sorted-key-index.ts';

const P = '/registry/core/pods/';

describe('SortedKeyIndex', () => {
  it('lists the whole resource in plain string order, across namespaces whose names prefix each other', () => {
    const index = new SortedKeyIndex(P);
    const keys = ['a/z', 'a-b/x', 'a/b', 'ab/c', 'a-b/a', 'b/a', 'a/a-1', 'a/a'].map((k) => P + k);
    for (const key of keys) index.add(key);
    assert.deepEqual([...index.keysUnder(P)], [...keys].sort());
  });

  it('lists one namespace without the keys of a namespace that starts with its name', () => {
    const index = new SortedKeyIndex(P);
    for (const k of ['a/2', 'a/1', 'ab/1', 'a-b/1']) index.add(P + k);
    assert.deepEqual([...index.keysUnder(`${P}a/`)], [`${P}a/1`, `${P}a/2`]);
    assert.deepEqual([...index.keysUnder(`${P}a`)], [`${P}a-b/1`, `${P}a/1`, `${P}a/2`, `${P}ab/1`]);
    assert.deepEqual([...index.keysUnder(`${P}a/2`)], [`${P}a/2`]);
    assert.deepEqual([...index.keysUnder(`${P}c/`)], []);
  });

  it('adds a key once, removes it, and forgets a namespace that empties', () => {
    const index = new SortedKeyIndex(P);
    index.add(`${P}a/1`);
    index.add(`${P}a/1`);
    index.add(`${P}b/1`);
    assert.deepEqual([...index.keysUnder(P)], [`${P}a/1`, `${P}b/1`]);
    index.remove(`${P}a/1`);
    index.remove(`${P}a/1`);
    assert.deepEqual([...index.keysUnder(P)], [`${P}b/1`]);
    index.add(`${P}0/1`);
    assert.deepEqual([...index.keysUnder(P)], [`${P}0/1`, `${P}b/1`]);
    index.clear();
    assert.deepEqual([...index.keysUnder(P)], []);
  });

  it('keeps cluster-scoped keys in order too', () => {
    const index = new SortedKeyIndex('/registry/core/namespaces/');
    for (const name of ['kube-system', 'default', 'b']) index.add(`/registry/core/namespaces/${name}`);
    assert.deepEqual([...index.keysUnder('/registry/core/namespaces/')], ['b', 'default', 'kube-system'].map((n) => `/registry/core/namespaces/${n}`));
  });
});
