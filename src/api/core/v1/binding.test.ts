import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { Binding, validateBinding, validateBindingUpdate } from './binding.ts';
import { ObjectReference } from './object-reference.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));

const binding: Binding = {
  apiVersion: 'v1',
  kind: 'Binding',
  metadata: { name: 'web-0', namespace: 'default', uid: '8d1c1e5a-0000-4000-8000-000000000003' },
  target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
};

describe('ObjectReference and Binding schemas', () => {
  it('round-trip every field', () => {
    const ref = {
      kind: 'Pod',
      namespace: 'default',
      name: 'web-0',
      uid: '8d1c1e5a-0000-4000-8000-000000000003',
      apiVersion: 'v1',
      resourceVersion: '9',
      fieldPath: 'spec.containers{web}',
    };
    assert.deepEqual(JSON.parse(JSON.stringify(ObjectReference.parse(ref))), ref);
    const parsed = Binding.safeParse(binding);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), binding);
  });
});

describe('validateBinding', () => {
  const cases: [name: string, target: Binding['target'], expected: ReturnType<typeof shape>][] = [
    ['a Node target', { kind: 'Node', name: 'node-1' }, []],
    ['an untyped target', { name: 'node-1' }, []],
    ['only Nodes', { kind: 'Pod', name: 'x' }, [
      { type: 'FieldValueNotSupported', field: 'target.kind', message: 'Unsupported value: "Pod": supported values: "Node", "<empty>"' },
    ]],
    ['the target needs a name', { kind: 'Node' }, [{ type: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]],
    ['no target at all', undefined, [{ type: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]],
  ];
  for (const [name, target, expected] of cases) {
    it(name, () => {
      assert.deepEqual(shape(validateBinding({ ...binding, target })), expected);
      assert.deepEqual(shape(validateBindingUpdate({ ...binding, target }, binding)), expected);
    });
  }
});
