import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/meta/v1.ts';
import { decodeStored, encodeForStore, stampStoredText } from './codec.ts';

const kv = (value: string, modRevision = 42) => ({ key: '/registry/core/pods/ns/p', value, modRevision, createRevision: 1, version: 1 });

test('stamping the stored text gives the same bytes as decoding and re-encoding it', () => {
  const objects: unknown[] = [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { app: 'x', '1': 'y' } }, spec: { containers: [{ name: 'c' }] } },
    { metadata: {}, spec: { note: 'a "metadata":{ in a string }', metadata: { name: 'nested' } } },
    { kind: 'ConfigMap', data: { 'metadata': '{"x":"\\\\"}', path: 'C:\\dir\\' }, metadata: { name: 'q\\"uote', annotations: { a: '}]"' } }, tail: [1, 2.5, null, true] },
    { metadata: { name: 'ü→😀', generateName: 'x' }, status: { phase: 'Running' } },
  ];
  for (const object of objects) {
    const stored = encodeForStore(object as KubeObject);
    const stamped = stampStoredText(stored, 42);
    assert.ok(stamped, stored);
    assert.equal(stamped.text, JSON.stringify(decodeStored(kv(stored))));
    assert.deepEqual(stamped.metadata, decodeStored(kv(stored)).metadata);
  }
});

test('text that is not a stored object with a metadata object is left to the full decode', () => {
  for (const text of ['{"kind":"Pod"}', '{"metadata":null}', '{"metadata":{"resourceVersion":"7"}}', '[1]', '{"metadata":{"name":"x"']) {
    assert.equal(stampStoredText(text, 42), undefined, text);
  }
});
