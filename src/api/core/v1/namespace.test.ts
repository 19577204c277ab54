import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import {
  defaultNamespace,
  Namespace,
  namespaceFinalizeForUpdate,
  namespaceForCreate,
  namespaceForUpdate,
  namespaceStatusForUpdate,
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
} from './namespace.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));

const labelRegex =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const stored: Namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'team-a',
    uid: '6f1c1a52-5b1e-4a53-9d6b-0c7f5a1d2e3f',
    resourceVersion: '42',
    creationTimestamp: '2025-01-01T00:00:00Z',
    labels: { 'kubernetes.io/metadata.name': 'team-a', env: 'dev' },
    annotations: { owner: 'alice' },
  },
  spec: { finalizers: ['kubernetes'] },
  status: {
    phase: 'Active',
    conditions: [
      {
        type: 'NamespaceContentRemaining',
        status: 'False',
        lastTransitionTime: '2025-01-01T00:00:05Z',
        reason: 'ContentRemoved',
        message: 'All content successfully removed',
      },
    ],
  },
};

describe('Namespace schema', () => {
  it('round-trips a full namespace without losing a field', () => {
    const parsed = Namespace.safeParse(stored);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), stored);
  });
});

describe('Namespace lifecycle', () => {
  it('defaults the name label and the Active phase', () => {
    const out = defaultNamespace({ metadata: { name: 'x', labels: { a: 'b' } } });
    assert.deepEqual(out, {
      metadata: { name: 'x', labels: { a: 'b', 'kubernetes.io/metadata.name': 'x' } },
      status: { phase: 'Active' },
    });
    assert.deepEqual(defaultNamespace({ metadata: { generateName: 'x-' } }), {
      metadata: { generateName: 'x-' },
      status: { phase: 'Active' },
    });
  });

  it('on create, resets status to Active and adds the kubernetes finalizer once', () => {
    const input: Namespace = {
      metadata: { name: 'x' },
      spec: { finalizers: ['example.com/cleanup'] },
      status: { phase: 'Terminating', conditions: [{ type: 'A', status: 'True' }] },
    };
    assert.deepEqual(namespaceForCreate(input), {
      metadata: { name: 'x' },
      spec: { finalizers: ['example.com/cleanup', 'kubernetes'] },
      status: { phase: 'Active' },
    });
    assert.deepEqual(namespaceForCreate({ metadata: { name: 'x' } }).spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(namespaceForCreate({ spec: { finalizers: ['kubernetes'] } }).spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(input.spec, { finalizers: ['example.com/cleanup'] }, 'input untouched');
  });

  it('keeps finalizers and status on a main-resource update', () => {
    const out = namespaceForUpdate({ metadata: { name: 'team-a' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } }, stored);
    assert.deepEqual(out.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(out.status, stored.status);
  });

  it('keeps spec on a status update and status on a finalize update', () => {
    assert.deepEqual(namespaceStatusForUpdate({ spec: { finalizers: [] }, status: { phase: 'Terminating' } }, stored), {
      spec: stored.spec,
      status: { phase: 'Terminating' },
    });
    assert.deepEqual(namespaceFinalizeForUpdate({ spec: { finalizers: [] }, status: { phase: 'Terminating' } }, stored), {
      spec: { finalizers: [] },
      status: stored.status,
    });
  });
});

describe('validateNamespace', () => {
  it('accepts a valid namespace', () => {
    assert.deepEqual(validateNamespace(stored), []);
  });

  const cases: [name: string, ns: Namespace, expected: ReturnType<typeof shape>][] = [
    ['name must be a DNS-1123 label (dots)', { metadata: { name: 'a.b' } }, [
      { type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "a.b": must not contain dots' },
    ]],
    ['name must be a DNS-1123 label (case)', { metadata: { name: 'Team' } }, [
      { type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Team": ${labelRegex}` },
    ]],
    ['namespace is cluster-scoped', { metadata: { name: 'a', namespace: 'default' } }, [
      { type: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' },
    ]],
    ['unqualified spec finalizers must be standard', { metadata: { name: 'a' }, spec: { finalizers: ['cleanup'] } }, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.finalizers',
        message: 'Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
      },
    ]],
    ['qualified spec finalizers are fine', { metadata: { name: 'a' }, spec: { finalizers: ['example.com/x', 'orphan'] } }, []],
  ];
  for (const [name, ns, expected] of cases) {
    it(name, () => assert.deepEqual(shape(validateNamespace(ns)), expected));
  }

  it('update runs the create rules and the metadata update rules', () => {
    assert.deepEqual(validateNamespaceUpdate(stored, stored), []);
    const renamed: Namespace = { ...stored, metadata: { ...stored.metadata, name: 'team-b' } };
    assert.deepEqual(shape(validateNamespaceUpdate(renamed, stored)), [
      { type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "team-b": field is immutable' },
    ]);
  });

  it('status update: the phase follows deletionTimestamp', () => {
    assert.deepEqual(validateNamespaceStatusUpdate(stored, stored), []);
    const terminatingPhase: Namespace = { ...stored, status: { phase: 'Terminating' } };
    assert.deepEqual(shape(validateNamespaceStatusUpdate(terminatingPhase, stored)), [
      { type: 'FieldValueInvalid', field: 'status.Phase', message: 'Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty' },
    ]);
    const deleting: Namespace = { ...stored, metadata: { ...stored.metadata, deletionTimestamp: '2025-01-02T00:00:00Z' } };
    assert.deepEqual(validateNamespaceStatusUpdate({ ...deleting, status: { phase: 'Terminating' } }, deleting), []);
    assert.deepEqual(shape(validateNamespaceStatusUpdate(deleting, deleting)), [
      { type: 'FieldValueInvalid', field: 'status.Phase', message: 'Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty' },
    ]);
  });

  it('finalize update checks each finalizer with its index', () => {
    assert.deepEqual(validateNamespaceFinalizeUpdate({ ...stored, spec: { finalizers: [] } }, stored), []);
    assert.deepEqual(shape(validateNamespaceFinalizeUpdate({ ...stored, spec: { finalizers: ['kubernetes', 'x'] } }, stored)), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.finalizers[1]',
        message: 'Invalid value: "x": name is neither a standard finalizer name nor is it fully qualified',
      },
    ]);
  });
});
