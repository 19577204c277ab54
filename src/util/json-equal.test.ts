import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonEqual } from './json-equal.ts';

describe('jsonEqual', () => {
  it('compares scalars, arrays and objects deeply', () => {
    assert.equal(jsonEqual({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] }), true);
    assert.equal(jsonEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }), false);
    assert.equal(jsonEqual([1, 2], [1, 2, 3]), false);
    assert.equal(jsonEqual([1, 2], { 0: 1, 1: 2 }), false);
    assert.equal(jsonEqual(1, '1'), false);
    assert.equal(jsonEqual(null, {}), false);
  });

  it('counts members whose value is undefined as absent, on either side', () => {
    assert.equal(jsonEqual({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined }), true);
    assert.equal(jsonEqual({ a: 1, b: undefined }, { a: 1, b: 2 }), false);
    assert.equal(jsonEqual({ a: 1, b: 2 }, { a: 1, c: 2 }), false);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, c: 2 }), false);
  });

  it('compares own members only, so a "__proto__" key is plain data', () => {
    const parsed = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    assert.equal(jsonEqual(parsed, {}), false);
    assert.equal(jsonEqual(parsed, JSON.parse('{"__proto__": {"x": 1}}')), true);
    assert.equal(jsonEqual(Object.create({ inherited: 1 }) as object, {}), true);
  });
});
