import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import { Lease, normalizeLeaseTimes, validateLease, validateLeaseUpdate } from './lease.ts';

const shape = (errs: FieldError[]) => errs.map(({ type, field, message }) => ({ type, field, message }));

const lease: Lease = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'kubesvc-controllers', namespace: 'kube-system', resourceVersion: '100', uid: 'a1a1a1a1-0000-4000-8000-000000000007' },
  spec: {
    holderIdentity: 'host-a_5f2c',
    leaseDurationSeconds: 15,
    acquireTime: '2025-01-01T00:00:00.000000Z',
    renewTime: '2025-01-01T00:00:10.250000Z',
    leaseTransitions: 2,
    strategy: 'OldestEmulationVersion',
    preferredHolder: 'host-b_7d1e',
  },
};

const withSpec = (spec: Lease['spec']): Lease => ({ ...lease, spec });

describe('Lease', () => {
  it('round-trips without losing a field', () => {
    const parsed = Lease.safeParse(lease);
    assert.ok(parsed.success);
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.data)), lease);
  });

  it('normalizes its MicroTimes', () => {
    const out = normalizeLeaseTimes(withSpec({ renewTime: '2025-01-01T00:00:10.25Z', acquireTime: '2025-01-01T01:00:00+01:00' }));
    assert.deepEqual(out.spec, { renewTime: '2025-01-01T00:00:10.250000Z', acquireTime: '2025-01-01T00:00:00.000000Z' });
  });

  it('accepts a valid lease, and one with an empty spec', () => {
    assert.deepEqual(validateLease(lease), []);
    assert.deepEqual(validateLease(withSpec({})), []);
    assert.deepEqual(validateLease(withSpec({ strategy: 'example.com/custom' })), []);
  });

  const cases: [name: string, l: Lease, expected: ReturnType<typeof shape>][] = [
    ['duration must be positive', withSpec({ leaseDurationSeconds: 0 }), [
      { type: 'FieldValueInvalid', field: 'spec.leaseDurationSeconds', message: 'Invalid value: 0: must be greater than 0' },
    ]],
    ['transitions may not be negative', withSpec({ leaseTransitions: -1 }), [
      { type: 'FieldValueInvalid', field: 'spec.leaseTransitions', message: 'Invalid value: -1: must be greater than or equal to 0' },
    ]],
    ['unqualified strategies are Kubernetes-defined (upstream doubles the path)', withSpec({ strategy: 'Newest' }), [
      {
        type: 'FieldValueNotSupported',
        field: 'spec.strategy.strategy',
        message: 'Unsupported value: "Newest": supported values: "OldestEmulationVersion"',
      },
    ]],
    ['qualified strategies must be qualified names', withSpec({ strategy: 'a/b/c' }), [
      {
        type: 'FieldValueInvalid',
        field: 'spec.strategy.strategy',
        message:
          "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      },
    ]],
    ['a preferred holder needs a strategy', withSpec({ preferredHolder: 'b' }), [
      { type: 'FieldValueForbidden', field: 'spec.preferredHolder', message: 'Forbidden: may only be specified if `strategy` is defined' },
    ]],
    ['core finalizer rules do not apply (generic metadata)', { ...lease, metadata: { ...lease.metadata, finalizers: ['custom'] } }, []],
    ['name is a DNS subdomain', { ...lease, metadata: { ...lease.metadata, name: 'Node_1' } }, [
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        message:
          "Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    ]],
  ];
  for (const [name, l, expected] of cases) it(name, () => assert.deepEqual(shape(validateLease(l)), expected));

  it('update: metadata update rules plus the spec rules', () => {
    assert.deepEqual(validateLeaseUpdate({ ...lease, spec: { ...lease.spec, holderIdentity: 'c' } }, lease), []);
    assert.deepEqual(shape(validateLeaseUpdate(withSpec({ leaseDurationSeconds: -5 }), lease)), [
      { type: 'FieldValueInvalid', field: 'spec.leaseDurationSeconds', message: 'Invalid value: -5: must be greater than 0' },
    ]);
  });
});
