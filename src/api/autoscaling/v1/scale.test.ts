import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { Scale, validateScale, validateScaleUpdate } from './scale.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));

// The shape kubectl scale GETs and PUTs (kube-api-compat.md §4).
const scale: Scale = {
  kind: 'Scale',
  apiVersion: 'autoscaling/v1',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'd0d0d0d0-0000-4000-8000-000000000006',
    resourceVersion: '77',
    creationTimestamp: '2025-01-01T00:00:00Z',
  },
  spec: { replicas: 3 },
  status: { replicas: 2, selector: 'app=web' },
};

describe('Scale', () => {
  it('round-trips without losing a field', () => {
    const parsed = Scale.safeParse(scale);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), scale);
  });

  it('accepts 0 and more replicas', () => {
    assert.deepEqual(validateScale(scale), []);
    assert.deepEqual(validateScale({ ...scale, spec: { replicas: 0 } }), []);
    assert.deepEqual(validateScale({ ...scale, spec: {} }), []);
  });

  it('refuses negative replicas', () => {
    const expected = [{ type: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' }];
    assert.deepEqual(shape(validateScale({ ...scale, spec: { replicas: -1 } })), expected);
    assert.deepEqual(shape(validateScaleUpdate({ ...scale, spec: { replicas: -1 } }, scale)), expected);
  });

  it('checks the metadata as a namespaced object', () => {
    assert.deepEqual(shape(validateScale({ ...scale, metadata: { name: 'web' } })), [
      { type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' },
    ]);
  });
});
