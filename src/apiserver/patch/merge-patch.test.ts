import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PatchError } from './errors.ts';
import type { JsonValue } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';

describe('applyMergePatch', () => {
  // The examples of RFC 7396 appendix A whose result does not depend on the library quirks below.
  const rfc: [JsonValue, JsonValue, JsonValue][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  rfc.forEach(([original, patch, want], i) => {
    it(`RFC 7396 example ${i + 1}`, () => {
      const before = structuredClone(original);
      assert.deepEqual(applyMergePatch(original, patch), want);
      assert.deepEqual(original, before, 'input must not be mutated');
    });
  });

  it('kubectl label: adds and removes labels', () => {
    const pod = { metadata: { name: 'p', labels: { app: 'web', old: 'x' } }, spec: { containers: [{ name: 'c' }] } };
    assert.deepEqual(applyMergePatch(pod, { metadata: { labels: { env: 'prod', old: null } } }), {
      metadata: { name: 'p', labels: { app: 'web', env: 'prod' } },
      spec: { containers: [{ name: 'c' }] },
    });
  });

  it('kubectl scale: sets spec.replicas', () => {
    assert.deepEqual(applyMergePatch({ spec: { replicas: 1, paused: false } }, { spec: { replicas: 3 } }), {
      spec: { replicas: 3, paused: false },
    });
  });

  it('lists are replaced whole, never merged', () => {
    const svc = { spec: { ports: [{ port: 80 }, { port: 443 }] } };
    assert.deepEqual(applyMergePatch(svc, { spec: { ports: [{ port: 8080 }] } }), { spec: { ports: [{ port: 8080 }] } });
  });

  it('prunes nulls from values that land where no object was (evanphx pruneNulls)', () => {
    assert.deepEqual(applyMergePatch({ a: 1 }, { b: { c: null, d: [{ e: null, f: 1 }, null] } }), { a: 1, b: { d: [{ f: 1 }] } });
    assert.deepEqual(applyMergePatch({ a: 'x' }, { a: { b: null, c: 2 } }), { a: { c: 2 } });
  });

  it('keeps a "__proto__" key as plain data', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(result, '__proto__'));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  for (const patch of [null, 'x', 3, true]) {
    it(`rejects a ${JSON.stringify(patch)} patch with 400 "Invalid JSON Patch"`, () => {
      assert.throws(
        () => applyMergePatch({ a: 1 }, patch),
        (error: unknown) => error instanceof PatchError && error.status === 400 && error.statusMessage === 'Invalid JSON Patch',
      );
    });
  }
});
