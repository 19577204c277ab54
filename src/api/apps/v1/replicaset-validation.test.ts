import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplicaSet } from './replicaset.ts';
import { causes, storedReplicaSet } from './testdata/fixtures.ts';
import { validateReplicaSet, validateReplicaSetStatusUpdate, validateReplicaSetUpdate } from './validation.ts';

type Cause = { type: string; field: string; message: string };
type Case = [name: string, change: (rs: ReplicaSet) => void, expected: Cause[]];

const invalid = (field: string, message: string): Cause => ({ type: 'FieldValueInvalid', field, message });
const NEGATIVE = 'must be greater than or equal to 0';
const MISMATCH =
  'Invalid value: map[string]string{"app":"web", "pod-template-hash":"5d4f8c9b7"}: `selector` does not match template `labels`';

function run(cases: Case[], validate: (rs: ReplicaSet) => unknown[]): void {
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const replicaSet = storedReplicaSet();
      change(replicaSet);
      assert.deepEqual(causes(validate(replicaSet) as never), expected);
    });
  }
}

describe('validateReplicaSet', () => {
  const cases: Case[] = [
    ['a ReplicaSet as the deployment controller creates it is valid', () => {}, []],
    ['zero replicas are valid', (rs) => (rs.spec!.replicas = 0), []],
    ['negative replicas', (rs) => (rs.spec!.replicas = -1), [invalid('spec.replicas', `Invalid value: -1: ${NEGATIVE}`)]],
    ['a positive minReadySeconds is valid', (rs) => (rs.spec!.minReadySeconds = 10), []],
    [
      'negative minReadySeconds',
      (rs) => (rs.spec!.minReadySeconds = -1),
      [invalid('spec.minReadySeconds', `Invalid value: -1: ${NEGATIVE}`)],
    ],
    [
      'a missing selector',
      (rs) => delete rs.spec!.selector,
      [{ type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' }, invalid('spec.template.metadata.labels', MISMATCH)],
    ],
    [
      // Upstream words it for Deployments here too.
      'an empty selector',
      (rs) => (rs.spec!.selector = { matchLabels: {} }),
      [
        invalid(
          'spec.selector',
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
        ),
      ],
    ],
    ['a selector of a subset of the template labels is valid', (rs) => (rs.spec!.selector = { matchLabels: { app: 'web' } }), []],
    [
      'a selector that does not match the template labels',
      (rs) => (rs.spec!.selector = { matchLabels: { app: 'web', 'pod-template-hash': 'other' } }),
      [invalid('spec.template.metadata.labels', MISMATCH)],
    ],
    [
      'restartPolicy must be Always',
      (rs) => (rs.spec!.template!.spec!.restartPolicy = 'Never'),
      [{ type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Never": supported values: "Always"' }],
    ],
    [
      'activeDeadlineSeconds is refused',
      (rs) => (rs.spec!.template!.spec!.activeDeadlineSeconds = 60),
      [{ type: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', message: 'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported' }],
    ],
    [
      'a missing namespace',
      (rs) => delete rs.metadata!.namespace,
      [{ type: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' }],
    ],
  ];
  run(cases, validateReplicaSet);
});

describe('validateReplicaSetUpdate', () => {
  const cases: Case[] = [
    ['scaling is valid', (rs) => (rs.spec!.replicas = 0), []],
    [
      'the selector is immutable',
      (rs) => (rs.spec!.selector = { matchLabels: { app: 'web' } }),
      [
        invalid(
          'spec.selector',
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
        ),
      ],
    ],
    [
      // Upstream validates the new spec as on create and again as an update.
      'spec errors are reported twice, as upstream does',
      (rs) => (rs.spec!.replicas = -1),
      [invalid('spec.replicas', `Invalid value: -1: ${NEGATIVE}`), invalid('spec.replicas', `Invalid value: -1: ${NEGATIVE}`)],
    ],
    [
      'a missing resourceVersion',
      (rs) => delete rs.metadata!.resourceVersion,
      [invalid('metadata.resourceVersion', 'Invalid value: "": must be specified for an update')],
    ],
  ];
  run(cases, (rs) => validateReplicaSetUpdate(rs, storedReplicaSet()));
});

describe('validateReplicaSetStatusUpdate', () => {
  const status = { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 };
  const cases: Case[] = [
    ['a consistent status is valid', (rs) => (rs.status = { ...status }), []],
    ['an empty status is valid', (rs) => (rs.status = { replicas: 0 }), []],
    [
      'negative counts',
      (rs) => (rs.status = { ...status, replicas: -1, observedGeneration: -1, terminatingReplicas: -1, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 }),
      [
        invalid('status.replicas', `Invalid value: -1: ${NEGATIVE}`),
        invalid('status.observedGeneration', `Invalid value: -1: ${NEGATIVE}`),
        invalid('status.terminatingReplicas', `Invalid value: -1: ${NEGATIVE}`),
        invalid('status.fullyLabeledReplicas', 'Invalid value: 0: cannot be greater than status.replicas'),
        invalid('status.readyReplicas', 'Invalid value: 0: cannot be greater than status.replicas'),
        invalid('status.availableReplicas', 'Invalid value: 0: cannot be greater than status.replicas'),
      ],
    ],
    [
      'more fully labeled than replicas',
      (rs) => (rs.status = { ...status, fullyLabeledReplicas: 4 }),
      [invalid('status.fullyLabeledReplicas', 'Invalid value: 4: cannot be greater than status.replicas')],
    ],
    [
      'more available than ready',
      (rs) => (rs.status = { ...status, availableReplicas: 3 }),
      [invalid('status.availableReplicas', 'Invalid value: 3: cannot be greater than readyReplicas')],
    ],
    ['the spec is not validated by a status write', (rs) => (rs.spec!.replicas = -1), []],
  ];
  run(cases, (rs) => validateReplicaSetStatusUpdate(rs, storedReplicaSet()));
});
